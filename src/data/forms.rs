//! The forms of scalar values in data files: how a field's text becomes a value, or why it
//! cannot (the message of a `DATA-INVALID-VALUE`).

use std::sync::Arc;

use crate::check::ir::{CodeList, FieldForm, NumRange};
use crate::suggest::did_you_mean;
use crate::value::{DateError, Dec, DecError, MAX_DECIMALS, MAX_DIGITS, Value};

pub(super) fn describe(form: &FieldForm) -> &'static str {
    match form {
        FieldForm::Text | FieldForm::Ref(_) => "a text",
        FieldForm::Code(_) => "a two-letter code",
        FieldForm::Integer(_) => "an integer",
        FieldForm::Decimal(_) => "a number",
        FieldForm::Money => "an amount of money",
        FieldForm::Date => "a date",
        FieldForm::Enum(_) => "one of a list of values",
        FieldForm::Mapping(_) => "a mapping",
    }
}

/// Makes the shared text of a text value (the loader gives back a text it already holds).
pub(super) type MakeText<'m> = &'m mut dyn FnMut(&str) -> Arc<str>;

/// A scalar read as `form` says, or why it cannot be; its texts made by `make`.
pub(super) fn scalar(
    form: &FieldForm,
    text: &str,
    plain: bool,
    make: MakeText<'_>,
) -> Result<Value, String> {
    let mut value = Value::Absent;
    scalar_into(form, text, plain, make, &mut value).map(|()| value)
}

/// [`scalar`] written into `out`, left as it was when the text cannot be read. The value is
/// made where it is kept: returned, it would be copied in pieces that the processor cannot
/// forward from the stores that wrote it, a stall on each of the millions of values of a file.
pub(super) fn scalar_into(
    form: &FieldForm,
    text: &str,
    plain: bool,
    make: MakeText<'_>,
    out: &mut Value,
) -> Result<(), String> {
    *out = match form {
        FieldForm::Text | FieldForm::Ref(_) => Value::Text(make(text)),
        FieldForm::Code(list) => code(text, list.as_ref()).map(|()| Value::Text(make(text)))?,
        FieldForm::Integer(range) => Value::Num(number(text, plain, true, range)?),
        FieldForm::Decimal(range) => Value::Num(number(text, plain, false, range)?),
        FieldForm::Money => Value::Num(money(text, plain)?),
        FieldForm::Date => Value::Date(date(text)?),
        FieldForm::Enum(values) => enumerated(text, values).map(|()| Value::Text(make(text)))?,
        FieldForm::Mapping(_) => return Err("expected a mapping".into()),
    };
    Ok(())
}

fn code(text: &str, list: Option<&CodeList>) -> Result<(), String> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "`{text}` is not a two-letter code in capitals such as `FR`"
        ));
    }
    match list {
        Some(list) if !list.codes.contains(text) => Err(format!(
            "`{text}` is not one of the codes of `{}`",
            list.parameter
        )),
        _ => Ok(()),
    }
}

fn number(text: &str, plain: bool, integer: bool, range: &NumRange) -> Result<Dec, String> {
    let kind = if integer { "an integer" } else { "a number" };
    if !plain {
        return Err(format!("`{text}` is quoted: write {kind} without quotes"));
    }
    let digits = text.trim_start_matches(['-', '+']);
    let well_formed = if integer {
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    } else {
        !digits.is_empty()
            && digits != "."
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    };
    if !well_formed {
        return Err(format!("`{text}` is not {kind}"));
    }
    let n = Dec::read(text).map_err(|e| refused(text, kind, e))?;
    if !in_range(n, range) {
        return Err(format!("{text} is outside {}", range.text));
    }
    Ok(n)
}

fn in_range(n: Dec, range: &NumRange) -> bool {
    let low = range
        .low
        .is_none_or(|(l, inc)| if inc { n >= l } else { n > l });
    let high = range
        .high
        .is_none_or(|(h, inc)| if inc { n <= h } else { n < h });
    low && high
}

fn money(text: &str, plain: bool) -> Result<Dec, String> {
    let bad =
        || format!("`{text}` is not an amount in euros with at most two decimals, such as `44.00`");
    if !plain {
        return Err(bad());
    }
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let ok = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 2
        && frac.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return Err(bad());
    }
    Dec::read(text).map_err(|e| refused(text, "an amount of money", e))
}

/// Why a number is refused: not a number, or more precise than garant computes with exactly.
fn refused(text: &str, kind: &str, e: DecError) -> String {
    match e {
        DecError::NotANumber => format!("`{text}` is not {kind}"),
        DecError::TooPrecise => format!(
            "`{text}` has more than {MAX_DIGITS} significant digits or {MAX_DECIMALS} decimals, \
             beyond the numbers garant computes with exactly"
        ),
    }
}

pub fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::value::read_date(text).map_err(|e| match e {
        DateError::NotWritten => format!("`{text}` is not a date written YYYY-MM-DD"),
        DateError::NotInCalendar => format!("`{text}` is not a calendar date"),
    })
}

fn enumerated(text: &str, values: &[String]) -> Result<(), String> {
    if values.iter().any(|v| v == text) {
        return Ok(());
    }
    let list = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = did_you_mean(text, values.iter().map(String::as_str))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(format!("`{text}` is not one of {list}{hint}"))
}
