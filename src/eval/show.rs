//! Values as they appear in messages: dates in ISO form, money with cents, records by id.

use crate::check::ir::{Program, Type};
use crate::data::Dataset;
use crate::syntax::MONTHS;
use crate::syntax::ast::Unit;
use crate::value::Value;

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
            // Numbers in numeric order (2 before 10), then texts in their own order.
            let mut items: Vec<&str> = s.iter().map(|x| x.as_ref()).collect();
            items.sort_by_key(|x| (x.parse::<i64>().map_or((1, 0), |n| (0, n)), *x));
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
