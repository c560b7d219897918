//! Exact decimal numbers for counts, amounts and shares.
//!
//! A [`Dec`] is `mantissa × 10^-scale` with a 128-bit mantissa. Numbers read from text (data
//! files and rule files) have at most [`MAX_DIGITS`] significant digits and [`MAX_DECIMALS`]
//! decimals, so that any two of them are added, subtracted and multiplied exactly; comparison is
//! exact for every value, whatever its size; an operation whose exact result does not fit is
//! `None`, never a rounded answer.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The most significant digits a number read from text may have.
pub const MAX_DIGITS: u32 = 18;
/// The most decimals a number read from text may have.
pub const MAX_DECIMALS: u32 = 18;
/// The largest scale of any value: `10^MAX_SCALE` still fits in an `i128`.
const MAX_SCALE: u32 = 38;

/// An exact decimal number: `mantissa × 10^-scale`. Integers have scale 0. Packed to an
/// alignment of 8, so that a value holding one stays 32 bytes (an `i128` alone would align it
/// to 16 and make every value of the data 48 bytes).
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(8))]
pub struct Dec {
    mantissa: i128,
    scale: u32,
}

/// Why a text is not read as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecError {
    /// Not plain decimal notation.
    NotANumber,
    /// More significant digits or decimals than a number may have.
    TooPrecise,
}

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

impl Dec {
    pub fn int(n: i64) -> Dec {
        Dec {
            mantissa: i128::from(n),
            scale: 0,
        }
    }

    /// `mantissa × 10^-scale`, or `None` beyond the largest scale.
    pub fn new(mantissa: i128, scale: u32) -> Option<Dec> {
        Dec { mantissa, scale }.normal_checked()
    }

    /// Parses plain decimal notation (`44`, `44.5`, `-3`, `.75`, `5.`); `None` when the text is
    /// not such a number or is more precise than a number may be.
    pub fn parse(text: &str) -> Option<Dec> {
        Dec::read(text).ok()
    }

    /// [`Dec::parse`], saying why a text is refused.
    pub fn read(text: &str) -> Result<Dec, DecError> {
        let (neg, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !all_digits {
            return Err(DecError::NotANumber);
        }
        let frac = frac.trim_end_matches('0');
        let significant = whole.trim_start_matches('0').len() + frac.len();
        let significant = if whole.trim_start_matches('0').is_empty() {
            frac.trim_start_matches('0').len()
        } else {
            significant
        };
        if significant > MAX_DIGITS as usize || frac.len() > MAX_DECIMALS as usize {
            return Err(DecError::TooPrecise);
        }
        let mut mantissa: i128 = 0;
        for b in whole.bytes().chain(frac.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        Ok(Dec {
            mantissa: if neg { -mantissa } else { mantissa },
            scale: frac.len() as u32,
        })
    }

    fn rescale(self, scale: u32) -> Option<i128> {
        self.mantissa
            .checked_mul(pow10(scale.checked_sub(self.scale)?)?)
    }

    fn aligned(self, other: Dec) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        Some((self.rescale(scale)?, other.rescale(scale)?, scale))
    }

    pub fn checked_add(self, other: Dec) -> Option<Dec> {
        let fast = self
            .aligned(other)
            .and_then(|(a, b, scale)| Dec::new(a.checked_add(b)?, scale));
        fast.or_else(|| wide::add(self, other))
    }

    pub fn checked_sub(self, other: Dec) -> Option<Dec> {
        let fast = self
            .aligned(other)
            .and_then(|(a, b, scale)| Dec::new(a.checked_sub(b)?, scale));
        fast.or_else(|| wide::sub(self, other))
    }

    pub fn checked_mul(self, other: Dec) -> Option<Dec> {
        let fast = self
            .mantissa
            .checked_mul(other.mantissa)
            .and_then(|m| Dec::new(m, self.scale.checked_add(other.scale)?));
        fast.or_else(|| wide::mul(self, other))
    }

    /// Drops trailing zeros of the fraction, so that equal numbers look alike.
    fn normal(mut self) -> Dec {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    fn normal_checked(self) -> Option<Dec> {
        let n = self.normal();
        (n.scale <= MAX_SCALE).then_some(n)
    }

    /// The whole part (towards zero) and the rest, in units of `10^-scale`.
    fn split(self) -> (i128, i128) {
        let unit = pow10(self.scale).unwrap_or(i128::MAX);
        (self.mantissa / unit, self.mantissa % unit)
    }

    pub fn as_i64(self) -> Option<i64> {
        let n = self.normal();
        if n.scale == 0 {
            i64::try_from(n.mantissa).ok()
        } else {
            None
        }
    }

    /// The number written with exactly `places` decimals, when that loses nothing.
    pub fn fixed(self, places: u32) -> String {
        let n = self.normal();
        if n.scale > places {
            return n.to_string();
        }
        let Some(m) = n.rescale(places) else {
            return n.to_string();
        };
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

impl Hash for Dec {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let n = self.normal();
        let (mantissa, scale) = (n.mantissa, n.scale);
        mantissa.hash(state);
        scale.hash(state);
    }
}

impl PartialOrd for Dec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Dec {
    /// Exact for every pair of values: the whole parts first, then the fractions brought to one
    /// scale (below `10^38`, so the products cannot overflow).
    fn cmp(&self, other: &Self) -> Ordering {
        // Of one scale, the mantissas order the numbers (most values: whole numbers, amounts).
        let (s, t) = (self.scale, other.scale);
        if s == t {
            let (m, n) = (self.mantissa, other.mantissa);
            return m.cmp(&n);
        }
        self.cmp_split(other)
    }
}

impl Dec {
    /// [`Ord::cmp`] for any two scales.
    fn cmp_split(&self, other: &Self) -> Ordering {
        let (a, fa) = self.split();
        let (b, fb) = other.split();
        let scale = self.scale.max(other.scale);
        let lift = |f: i128, s: u32| f * pow10(scale - s).unwrap_or(1);
        a.cmp(&b)
            .then_with(|| lift(fa, self.scale).cmp(&lift(fb, other.scale)))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.normal();
        f.write_str(&n.fixed(n.scale))
    }
}

/// The slow path: the exact result in a big integer, when a 128-bit intermediate overflows but
/// the result, once its trailing zeros are dropped, may still fit.
mod wide {
    use num_bigint::BigInt;

    use super::{Dec, MAX_SCALE};

    fn big(d: Dec) -> BigInt {
        BigInt::from(d.mantissa)
    }

    fn ten(n: u32) -> BigInt {
        BigInt::from(10u8).pow(n)
    }

    pub fn add(a: Dec, b: Dec) -> Option<Dec> {
        let scale = a.scale.max(b.scale);
        let sum = big(a) * ten(scale - a.scale) + big(b) * ten(scale - b.scale);
        back(sum, scale)
    }

    pub fn sub(a: Dec, b: Dec) -> Option<Dec> {
        let scale = a.scale.max(b.scale);
        let difference = big(a) * ten(scale - a.scale) - big(b) * ten(scale - b.scale);
        back(difference, scale)
    }

    pub fn mul(a: Dec, b: Dec) -> Option<Dec> {
        back(big(a) * big(b), a.scale.checked_add(b.scale)?)
    }

    /// `m × 10^-scale` as a [`Dec`], when it fits once its trailing zeros are dropped.
    fn back(mut m: BigInt, mut scale: u32) -> Option<Dec> {
        let zero = BigInt::from(0u8);
        let ten = BigInt::from(10u8);
        while scale > 0 && &m % &ten == zero {
            m /= &ten;
            scale -= 1;
        }
        if scale > MAX_SCALE {
            return None;
        }
        Dec::new(i128::try_from(m).ok()?, scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_and_large_compare_exactly() {
        let tiny = Dec::new(1, 30).unwrap();
        let large = Dec::int(200_000_000);
        assert!(tiny < large);
        assert!(Dec::new(-1, 30).unwrap() < tiny);
        assert_eq!(Dec::new(5000, 3), Dec::new(5, 0));
    }

    #[test]
    fn numbers_of_one_scale_compare_as_at_any_scale() {
        let mantissas = [
            i128::MIN,
            -1_000_001,
            -44,
            -10,
            -9,
            -1,
            0,
            1,
            9,
            10,
            44,
            4400,
            i128::MAX,
        ];
        for scale in [0, 1, 2, 18, 38] {
            for &m in &mantissas {
                for &n in &mantissas {
                    let (a, b) = (Dec { mantissa: m, scale }, Dec { mantissa: n, scale });
                    assert_eq!(a.cmp(&b), a.cmp_split(&b), "{m} {n} at scale {scale}");
                }
            }
        }
    }

    #[test]
    fn reading_refuses_what_cannot_be_exact() {
        assert_eq!(
            Dec::read("0.000000000000000000000000000001"),
            Err(DecError::TooPrecise)
        );
        assert_eq!(Dec::read("9223372036854775807"), Err(DecError::TooPrecise));
        assert_eq!(
            Dec::read("999999999999999999").map(|d| d.to_string()),
            Ok("999999999999999999".into())
        );
        assert_eq!(
            Dec::read("0.000000000000000001").map(|d| d.to_string()),
            Ok("0.000000000000000001".into())
        );
        assert_eq!(Dec::read("44.000").map(|d| d.to_string()), Ok("44".into()));
        assert_eq!(Dec::read("1e5"), Err(DecError::NotANumber));
        assert_eq!(Dec::read("."), Err(DecError::NotANumber));
    }
}
