//! Runtime values, and exact decimal numbers for counts, amounts and shares.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::syntax::ast::Unit;

/// An exact decimal number: `mantissa × 10^-scale`. Integers have scale 0.
#[derive(Debug, Clone, Copy)]
pub struct Dec {
    pub mantissa: i64,
    pub scale: u32,
}

impl Dec {
    pub fn int(n: i64) -> Dec {
        Dec {
            mantissa: n,
            scale: 0,
        }
    }

    /// Parses plain decimal notation: `44`, `44.5`, `-3`, `0.75`.
    pub fn parse(text: &str) -> Option<Dec> {
        let (neg, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty() {
            return None;
        }
        if !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut mantissa: i64 = 0;
        for b in whole.bytes().chain(frac.bytes()) {
            mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        let scale = u32::try_from(frac.len()).ok()?;
        Some(Dec {
            mantissa: if neg { -mantissa } else { mantissa },
            scale,
        })
    }

    fn rescale(self, scale: u32) -> Option<i64> {
        let factor = 10i64.checked_pow(scale.checked_sub(self.scale)?)?;
        self.mantissa.checked_mul(factor)
    }

    fn aligned(self, other: Dec) -> Option<(i64, i64, u32)> {
        let scale = self.scale.max(other.scale);
        Some((self.rescale(scale)?, other.rescale(scale)?, scale))
    }

    pub fn checked_add(self, other: Dec) -> Option<Dec> {
        let (a, b, scale) = self.aligned(other)?;
        Some(
            Dec {
                mantissa: a.checked_add(b)?,
                scale,
            }
            .normal(),
        )
    }

    pub fn checked_sub(self, other: Dec) -> Option<Dec> {
        let (a, b, scale) = self.aligned(other)?;
        Some(
            Dec {
                mantissa: a.checked_sub(b)?,
                scale,
            }
            .normal(),
        )
    }

    pub fn checked_mul(self, other: Dec) -> Option<Dec> {
        Some(
            Dec {
                mantissa: self.mantissa.checked_mul(other.mantissa)?,
                scale: self.scale.checked_add(other.scale)?,
            }
            .normal(),
        )
    }

    /// Drops trailing zeros of the fraction, so that equal numbers look alike.
    fn normal(mut self) -> Dec {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    pub fn as_i64(self) -> Option<i64> {
        let n = self.normal();
        (n.scale == 0).then_some(n.mantissa)
    }

    /// The number written with exactly `places` decimals, when that loses nothing.
    pub fn fixed(self, places: u32) -> String {
        let n = self.normal();
        if n.scale > places {
            return n.to_string();
        }
        let m = n.rescale(places).unwrap_or(n.mantissa);
        let sign = if m < 0 { "-" } else { "" };
        let digits = m.unsigned_abs().to_string();
        if places == 0 {
            return format!("{sign}{digits}");
        }
        let width = places as usize + 1;
        let padded = format!("{digits:0>width$}");
        let (whole, frac) = padded.split_at(padded.len() - places as usize);
        format!("{sign}{whole}.{frac}")
    }
}

impl PartialEq for Dec {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Dec {}

impl PartialOrd for Dec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Dec {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            None => (i128::from(self.mantissa) * 10i128.pow(other.scale.min(30)))
                .cmp(&(i128::from(other.mantissa) * 10i128.pow(self.scale.min(30)))),
        }
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.normal();
        f.write_str(&n.fixed(n.scale))
    }
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
    pub locs: Vec<crate::data::DataLoc>,
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
