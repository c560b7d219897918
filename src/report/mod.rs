//! Stage 5: the report of a check, as people read it (miette) and as machines read it (JSON).
//!
//! [`Report::new`] gathers rule findings and data errors into one sorted list of [`Entry`]s;
//! [`human`] and [`json`] render it. Both are deterministic: same inputs, same bytes.

mod excerpt;
pub mod human;
pub mod json;

use std::sync::Arc;

use crate::check::ir::Program;
use crate::data::{DataError, DataLoc, Dataset};
use crate::eval::{EvalError, Explained, Finding};
use crate::loc::Source;
pub use crate::syntax::ast::Severity;

/// One line of the report: a finding of a rule, or a data error.
#[derive(Debug, Clone)]
pub struct Entry {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub citation: Option<String>,
    pub collection: Option<String>,
    pub record: Option<String>,
    pub file: String,
    pub loc: DataLoc,
    /// A value inside the record that the finding is about, underlined too.
    pub focus: Option<DataLoc>,
    pub values: Vec<Explained>,
    /// The rule's file and line, for a rule finding.
    pub rule_at: Option<(String, usize)>,
    pub source: Option<Arc<Source>>,
}

pub struct Report {
    pub as_of: chrono::NaiveDate,
    pub complete: bool,
    pub rules: usize,
    pub records: usize,
    pub files: usize,
    pub entries: Vec<Entry>,
}

impl Report {
    pub fn new(
        as_of: chrono::NaiveDate,
        program: &Program,
        data: &Dataset,
        findings: Vec<Finding>,
        errors: Vec<DataError>,
        eval_errors: Vec<EvalError>,
    ) -> Report {
        let complete = errors.is_empty() && eval_errors.is_empty();
        let evaluated = errors.is_empty();
        let mut entries: Vec<Entry> = errors.into_iter().map(|e| data_entry(e, data)).collect();
        entries.extend(eval_errors.into_iter().map(eval_entry));
        entries.extend(
            findings
                .into_iter()
                .map(|f| finding_entry(f, program, data)),
        );
        entries.sort_by(|a, b| {
            (
                &a.file, a.loc.line, a.loc.col, &a.rule, &a.record, &a.message,
            )
                .cmp(&(
                    &b.file, b.loc.line, b.loc.col, &b.rule, &b.record, &b.message,
                ))
        });
        Report {
            as_of,
            complete,
            rules: if evaluated { program.rules.len() } else { 0 },
            records: data.record_count(),
            files: data.files.len(),
            entries,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.entries
            .iter()
            .filter(|e| e.severity == severity)
            .count()
    }

    /// The exit status of `garant check`: 2 incomplete, 1 an error (or a denied warning), else 0.
    pub fn exit_status(&self, deny_warnings: bool) -> i32 {
        if !self.complete {
            2
        } else if self.count(Severity::Error) > 0
            || (deny_warnings && self.count(Severity::Warning) > 0)
        {
            1
        } else {
            0
        }
    }
}

fn source_of(data: &Dataset, file: u32) -> (String, Option<Arc<Source>>) {
    match data.files.get(file as usize) {
        Some(f) => (f.path.clone(), f.source.clone()),
        None => (String::new(), None),
    }
}

fn data_entry(e: DataError, data: &Dataset) -> Entry {
    let (_, source) = source_of(data, e.loc.file);
    let source = source.filter(|s| s.name == e.path);
    Entry {
        rule: e.code.to_string(),
        severity: Severity::Error,
        message: e.message,
        citation: None,
        collection: e.collection,
        record: e.record,
        file: e.path,
        loc: e.loc,
        focus: None,
        values: Vec::new(),
        rule_at: None,
        source,
    }
}

/// The code of a rule that could not be evaluated to the end.
pub const EVAL_ERROR: &str = "EVAL-ERROR";

/// A rule that could not be evaluated to the end, located at the expression in its rule file.
fn eval_entry(e: EvalError) -> Entry {
    let (line, col) = e.loc.src.line_col(e.loc.start);
    Entry {
        rule: EVAL_ERROR.to_string(),
        severity: Severity::Error,
        message: format!("the rule {} could not be evaluated: {}", e.rule, e.message),
        citation: None,
        collection: None,
        record: None,
        file: e.loc.src.name.clone(),
        loc: DataLoc {
            end: e.loc.end as u32,
            ..DataLoc::at(u32::MAX, line, col, e.loc.start)
        },
        focus: None,
        values: Vec::new(),
        rule_at: None,
        source: Some(e.loc.src.clone()),
    }
}

fn finding_entry(f: Finding, program: &Program, data: &Dataset) -> Entry {
    let rule = &program.rules[f.rule];
    let (file, source) = source_of(data, f.loc.file);
    Entry {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: f.messages.join("; "),
        citation: Some(rule.citation.clone()),
        collection: Some(f.collection),
        record: Some(f.record),
        file,
        loc: f.loc,
        focus: f.focus,
        values: f.values,
        rule_at: Some((rule.loc.src.name.clone(), rule.loc.line())),
        source,
    }
}
