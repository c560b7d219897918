//! Values, the bottom of the pipeline: produced by the static check (constants), the loader
//! (data) and the evaluator, so that every stage above shares them without importing a later one.
//! Numbers are exact decimals ([`Dec`]).

mod date;
mod dec;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;

pub use date::{DateError, read_date};
pub use dec::{Dec, DecError, MAX_DECIMALS, MAX_DIGITS};

/// The unit of a duration: `days`, `months`, `years`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    Days,
    Months,
    Years,
}

/// A record of a collection: its collection index and its position there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    pub collection: u32,
    pub index: u32,
}

/// The fields of a nested mapping, in its shape's order.
#[derive(Debug, Clone)]
pub struct MapValue {
    pub values: Vec<Value>,
    pub locs: Vec<crate::loc::DataLoc>,
}

#[derive(Debug, Clone, Default)]
pub enum Value {
    #[default]
    Absent,
    Bool(bool),
    Num(Dec),
    Date(NaiveDate),
    Text(Arc<str>),
    Record(RecordRef),
    Map(Arc<MapValue>),
    Set(Arc<BTreeSet<Arc<str>>>),
    Duration(i64, Unit),
    DayOfYear(u32, u32),
    Period {
        start: NaiveDate,
        end: NaiveDate,
        number: i64,
    },
    Position {
        rank: i64,
        first: Box<Value>,
    },
    /// A `let` whose value needs a parameter not yet in force.
    Inapplicable,
}

impl Value {
    pub fn text(s: &str) -> Value {
        Value::Text(Arc::from(s))
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Absent)
    }
}

/// A value as an identity, for grouping (`numbered per`) and for one finding per value
/// (`once per`): two values are the same key when they are the same value, never because
/// they display alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Absent,
    Bool(bool),
    Num(Dec),
    Date(NaiveDate),
    Text(Arc<str>),
    Record(RecordRef),
    Duration(i64, Unit),
    DayOfYear(u32, u32),
    Period(NaiveDate, NaiveDate),
    Position(i64),
    /// A mapping or a set: compared by the values they hold.
    Many(Vec<Key>),
}

impl Value {
    pub fn key(&self) -> Key {
        match self {
            Value::Absent | Value::Inapplicable => Key::Absent,
            Value::Bool(b) => Key::Bool(*b),
            Value::Num(n) => Key::Num(*n),
            Value::Date(d) => Key::Date(*d),
            Value::Text(t) => Key::Text(t.clone()),
            Value::Record(r) => Key::Record(*r),
            Value::Map(m) => Key::Many(m.values.iter().map(Value::key).collect()),
            Value::Set(s) => Key::Many(s.iter().map(|t| Key::Text(t.clone())).collect()),
            Value::Duration(n, u) => Key::Duration(*n, *u),
            Value::DayOfYear(m, d) => Key::DayOfYear(*m, *d),
            Value::Period { start, end, .. } => Key::Period(*start, *end),
            Value::Position { rank, .. } => Key::Position(*rank),
        }
    }
}

#[cfg(test)]
mod size {
    #[test]
    fn values_stay_small() {
        assert!(
            std::mem::size_of::<super::Value>() <= 32,
            "{}",
            std::mem::size_of::<super::Value>()
        );
        assert!(
            std::mem::size_of::<super::Dec>() <= 24,
            "{}",
            std::mem::size_of::<super::Dec>()
        );
    }
}
