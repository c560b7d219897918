//! Values as they appear in messages: dates in ISO form, money with cents, records by id.

use crate::check::ir::{Program, Type};
use crate::data::Dataset;
use crate::syntax::MONTHS;
use crate::syntax::ast::Unit;
use crate::value::{Dec, Value};

pub fn show(v: &Value, ty: &Type, program: &Program, data: &Dataset) -> String {
    match v {
        Value::Absent => "none".into(),
        Value::Inapplicable => "(not in force)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Num(n) => match ty {
            Type::Money => format!("{} EUR", n.fixed(2)),
            Type::Percent => match n.checked_mul(crate::value::Dec::int(100)) {
                Some(p) => format!("{p} %"),
                None => n.to_string(),
            },
            _ => n.to_string(),
        },
        Value::Date(d) => d.to_string(),
        Value::Text(t) => t.to_string(),
        Value::Record(r) => {
            let id_field = program.schema.collections[r.collection as usize].id_field;
            match data.record(*r).values.get(id_field) {
                Some(Value::Text(t)) => t.to_string(),
                _ => "?".into(),
            }
        }
        Value::Map(_) => "(mapping)".into(),
        Value::Set(s) => {
            let mut items: Vec<&str> = s.iter().map(|x| x.as_ref()).collect();
            items.sort_by(|a, b| listed_order(a, b));
            items.join(", ")
        }
        Value::Duration(n, unit) => {
            let word = match (unit, *n == 1) {
                (Unit::Days, true) => "day",
                (Unit::Days, false) => "days",
                (Unit::Months, true) => "month",
                (Unit::Months, false) => "months",
                (Unit::Years, true) => "year",
                (Unit::Years, false) => "years",
            };
            format!("{n} {word}")
        }
        Value::DayOfYear(m, d) => format!("{d} {}", MONTHS.get(*m as usize - 1).unwrap_or(&"?")),
        Value::Period { start, end, .. } => format!("{start} to {end}"),
        Value::Position { rank, .. } => rank.to_string(),
    }
}

/// The order of the values of a set in a message: numbers in numeric order (`2` before `10`,
/// `0.5` before `2`, `2.00 EUR` before `10.00 EUR`), then texts in their own order.
fn listed_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering::{Greater, Less};
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => a.cmp(b),
    }
}

/// The number a value shown as `shown` writes: a number, an amount in euros, a percentage.
fn numeric(shown: &str) -> Option<Dec> {
    let written = (shown.strip_suffix(" EUR"))
        .or_else(|| shown.strip_suffix(" %"))
        .unwrap_or(shown);
    Dec::read(written).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_amounts_and_percentages_are_listed_in_numeric_order() {
        fn sorted<'a>(items: &[&'a str]) -> Vec<&'a str> {
            let mut v = items.to_vec();
            v.sort_by(|a, b| listed_order(a, b));
            v
        }
        assert_eq!(sorted(&["2", "10", "0.5"]), ["0.5", "2", "10"]);
        assert_eq!(
            sorted(&["10.00 EUR", "0.50 EUR", "2.00 EUR"]),
            ["0.50 EUR", "2.00 EUR", "10.00 EUR"]
        );
        assert_eq!(
            sorted(&["12.5 %", "2 %", "100 %"]),
            ["2 %", "12.5 %", "100 %"]
        );
        assert_eq!(
            sorted(&["b", "10", "a", "-3", "02", "2"]),
            ["-3", "02", "2", "10", "a", "b"]
        );
    }
}
