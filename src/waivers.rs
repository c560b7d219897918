//! Waivers files (`--waivers`): the findings the Committee reviewed and accepted.
//!
//! A waivers file is a data file of one collection, `waivers`, whose shape is declared in the
//! rule language itself ([`SCHEMA`]) and read by the data loader, so that it gets every check
//! and every error code of data files (a syntax error, an unknown field, a date that is not a
//! date, a duplicate id across files...). On top of those: a required text may not be empty,
//! `expires_on` must come after `approved_on`, and `rule` must be a rule of the regulation in use.

use std::path::PathBuf;

use crate::check::ir::Program;
use crate::data::{DataCode, DataError, DataFile, DataLoc, Dataset, Record};
use crate::loc::Source;
use crate::report::Waiver;
use crate::report::receipt::{FileHash, waiver_file};
use crate::value::Value;

/// The shape of a waivers file.
pub const SCHEMA: &str = "collection waivers (waiver) {
  id: text
  rule: text
  record: text
  justification: text
  approved_by: text
  approved_on: date
  expires_on: optional date
}
";

const FIELDS: [&str; 7] = [
    "id",
    "rule",
    "record",
    "justification",
    "approved_by",
    "approved_on",
    "expires_on",
];

/// The waivers read, every problem found in them, and the files for the receipt.
#[derive(Default)]
pub struct Loaded {
    pub waivers: Vec<Waiver>,
    pub errors: Vec<DataError>,
    pub files: Vec<FileHash>,
    /// The files as read, for showing their lines under an error.
    pub data: Dataset,
}

/// Reads the waivers files at `paths`, checking each waiver against `program`.
pub fn load(paths: &[PathBuf], program: &Program) -> Loaded {
    if paths.is_empty() {
        return Loaded::default();
    }
    let schema = match crate::rules::compile(vec![Source::new("built-in:waivers", SCHEMA)]) {
        Ok(p) => p.schema,
        Err(_) => return Loaded::default(),
    };
    let (data, errors) = crate::data::load(paths, &schema);
    let mut loaded = Loaded {
        errors,
        files: data.files.iter().map(waiver_file).collect(),
        ..Loaded::default()
    };
    let records = data.collections.first().into_iter().flat_map(|c| c.iter());
    for record in records {
        if let Some(w) = waiver(&record, &data, program, &mut loaded.errors) {
            loaded.waivers.push(w);
        }
    }
    loaded.data = data;
    loaded
}

fn text<'a>(record: &Record<'a>, field: usize) -> Option<&'a str> {
    match record.values.get(field) {
        Some(Value::Text(t)) => Some(t),
        _ => None,
    }
}

fn date(record: &Record<'_>, field: usize) -> Option<chrono::NaiveDate> {
    match record.values.get(field) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

/// One waiver, or `None` with its problems reported.
fn waiver(
    record: &Record<'_>,
    data: &Dataset,
    program: &Program,
    errors: &mut Vec<DataError>,
) -> Option<Waiver> {
    let file = data.files.get(record.loc().file as usize);
    let path = file.map(|f| f.path.clone()).unwrap_or_default();
    let id = text(record, 0).unwrap_or_default().to_string();
    let mut problem = |code: DataCode, message: String, loc: DataLoc| {
        errors.push(DataError {
            code,
            message,
            path: path.clone(),
            loc,
            collection: Some("waivers".into()),
            record: Some(id.clone()),
        });
    };
    let before = problem_count(record, program, &mut problem);
    if before > 0 {
        return None;
    }
    Some(Waiver {
        id: text(record, 0)?.to_string(),
        rule: text(record, 1)?.to_string(),
        record: text(record, 2)?.to_string(),
        justification: text(record, 3)?.trim().to_string(),
        approved_by: text(record, 4)?.trim().to_string(),
        approved_on: date(record, 5)?,
        expires_on: date(record, 6),
        file: path.clone(),
        loc: record.loc(),
        source: file.and_then(DataFile::source),
    })
}

/// Reports the problems of a waiver beyond its shape; how many there were.
fn problem_count(
    record: &Record<'_>,
    program: &Program,
    problem: &mut impl FnMut(DataCode, String, DataLoc),
) -> usize {
    let mut count = 0;
    for (i, name) in FIELDS.iter().enumerate().take(5) {
        if text(record, i).is_some_and(|t| t.trim().is_empty()) {
            problem(
                DataCode::MissingField,
                format!("`{name}` is empty: a waiver says {}", why_needed(name)),
                record.field_loc(i),
            );
            count += 1;
        }
    }
    if let (Some(approved), Some(expires)) = (date(record, 5), date(record, 6))
        && expires <= approved
    {
        let message =
            format!("the waiver expires on {expires}, not after its approval on {approved}");
        problem(DataCode::InvalidValue, message, record.field_loc(6));
        count += 1;
    }
    if let Some(rule) = text(record, 1).filter(|r| !r.trim().is_empty())
        && !program.rules.iter().any(|r| r.id == rule)
    {
        problem(
            DataCode::InvalidValue,
            not_a_rule(rule, program),
            record.field_loc(1),
        );
        count += 1;
    }
    count
}

fn why_needed(field: &str) -> &'static str {
    match field {
        "justification" => "why the finding is accepted",
        "approved_by" => "who accepted it",
        "rule" => "which rule's finding it accepts",
        "record" => "on which record",
        _ => "its id",
    }
}

fn not_a_rule(rule: &str, program: &Program) -> String {
    if rule.starts_with("DATA-") || rule.starts_with("WAIVER-") || rule == "EVAL-ERROR" {
        return format!(
            "`{rule}` cannot be waived: only the findings of the regulation's rules can, never a data error or a waiver warning"
        );
    }
    let ids = program.rules.iter().map(|r| r.id.as_str());
    let hint = crate::suggest::did_you_mean(rule, ids)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!("`{rule}` is not a rule of the regulation in use{hint}")
}
