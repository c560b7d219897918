//! The typing rules of operators: which values can be added, multiplied, compared.

use super::ir::{Arith, Type};
use crate::syntax::ast::{CmpOp, Unit};

/// The type of `a op b`, or `None` when the operation makes no sense.
pub fn arith(op: Arith, a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    match (op, a, b) {
        (Arith::Add | Arith::Sub, Date, Duration(_)) => Some(Date),
        (Arith::Add | Arith::Sub, Duration(u), Duration(v)) if u == v => Some(Duration(*u)),
        (Arith::Add | Arith::Sub, Money, Money) => Some(Money),
        (Arith::Mul, Money, n) | (Arith::Mul, n, Money) if n.is_numeric() => Some(Money),
        (_, Int, Int) => Some(Int),
        (Arith::Add | Arith::Sub, Percent, Percent) => Some(Percent),
        (_, x, y) if x.is_numeric() && y.is_numeric() => Some(Decimal),
        _ => None,
    }
}

/// Whether values of these types can be compared with `op`.
pub fn comparable(op: CmpOp, a: &Type, b: &Type) -> bool {
    use Type::*;
    let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
    match (a, b) {
        (x, y) if x.is_numeric() && y.is_numeric() => true,
        (x, y) if x.is_text() && y.is_text() => true,
        (Money, Money) | (Date, Date) | (DayOfYear, DayOfYear) => true,
        (Duration(u), Duration(v)) => u == v,
        (Record(c), Record(d)) => equality && c == d,
        (Bool, Bool) => equality,
        _ => false,
    }
}

/// A type as a lawyer reads it in an error message.
pub fn describe(t: &Type, collections: &[String]) -> String {
    match t {
        Type::Bool => "a condition".into(),
        Type::Int => "an integer".into(),
        Type::Decimal => "a decimal number".into(),
        Type::Money => "an amount of money".into(),
        Type::Percent => "a percentage".into(),
        Type::Date => "a date".into(),
        Type::Text | Type::Enum(_) => "a text".into(),
        Type::TextSet => "a set of texts".into(),
        Type::Record(c) => format!(
            "a record of `{}`",
            collections.get(*c).map_or("?", String::as_str)
        ),
        Type::Map(_) => "a mapping of fields".into(),
        // The unit named: durations of different units neither mix nor compare.
        Type::Duration(Unit::Days) => "a duration in days".into(),
        Type::Duration(Unit::Months) => "a duration in months".into(),
        Type::Duration(Unit::Years) => "a duration in years".into(),
        Type::DayOfYear => "a day of the year".into(),
        Type::Period => "a period".into(),
        Type::Position(_) => "a position in a numbering".into(),
        Type::Nothing => "`none`".into(),
        Type::Unknown => "a value with an error".into(),
    }
}
