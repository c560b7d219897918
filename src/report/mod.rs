//! Stage 5: the report of a check, as people read it and as machines read it.
//!
//! [`Report::new`] gathers rule findings and data errors into one sorted list of [`Entry`]s,
//! with the [`catalogue`] of the rules in use; waivers and a baseline mark them. Each output
//! format is a small emitter over that one model: [`human`] (the terminal), [`json`],
//! [`sarif`], [`junit`], [`github`] and [`html`] (the sign-off report). All are deterministic:
//! same inputs, same bytes.

pub mod baseline;
pub mod catalogue;
mod closing;
mod excerpt;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod receipt;
pub mod sarif;

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
    /// The waiver that covers this finding: it is still reported, but does not count.
    pub waived: Option<Arc<Waiver>>,
    /// New or known against the baseline, when there is one.
    pub baseline: Option<baseline::Seen>,
}

impl Entry {
    /// What the finding rests on, one line each, as the human report's `help:` shows it: the
    /// provision, the values, the rule's file and line, the waiver and the baseline's mark.
    pub fn details(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(c) = &self.citation {
            lines.push(format!("provision: {c}"));
        }
        lines.extend(self.values.iter().map(|v| match &v.note {
            Some(n) => format!("{} = {} ({n})", v.what, v.value),
            None => format!("{} = {}", v.what, v.value),
        }));
        if let Some((file, line)) = &self.rule_at {
            lines.push(format!("rule: {file}:{line}"));
        }
        if let Some(w) = &self.waived {
            lines.extend(w.details());
        }
        if let Some(seen) = self.baseline {
            lines.push(seen.describe().to_string());
        }
        lines
    }
}

impl Waiver {
    /// The waiver in two lines: who approved it when, until when, and its justification.
    pub fn details(&self) -> [String; 2] {
        let until = self
            .expires_on
            .map(|d| format!(", until {d}"))
            .unwrap_or_default();
        [
            format!(
                "waived by {}: approved by {} on {}{until}",
                self.id, self.approved_by, self.approved_on
            ),
            format!("justification: {}", self.justification),
        ]
    }
}

#[derive(Clone)]
pub struct Report {
    pub as_of: chrono::NaiveDate,
    pub complete: bool,
    pub rules: usize,
    pub records: usize,
    pub files: usize,
    pub entries: Vec<Entry>,
    pub receipt: receipt::Receipt,
    /// The comparison with an earlier report, when one was given.
    pub baseline: Option<baseline::Comparison>,
    /// Every rule of the regulation in use, evaluated or not.
    pub catalogue: Vec<catalogue::RuleInfo>,
    /// The records of each collection the rule files declare, in their order.
    pub collections: Vec<Collection>,
}

/// An accepted finding: the Committee's waiver of a (rule, record), read from a waivers file.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub id: String,
    pub rule: String,
    pub record: String,
    pub justification: String,
    pub approved_by: String,
    pub approved_on: chrono::NaiveDate,
    pub expires_on: Option<chrono::NaiveDate>,
    /// Where the waiver is written.
    pub file: String,
    pub loc: DataLoc,
    pub source: Option<Arc<Source>>,
}

impl Waiver {
    /// Whether it holds on `as_of`: no expiry, or `as_of` before it.
    pub fn holds(&self, as_of: chrono::NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| as_of < e)
    }
}

/// The codes of the warnings about waivers.
pub const WAIVER_EXPIRED: &str = "WAIVER-EXPIRED";
pub const WAIVER_UNUSED: &str = "WAIVER-UNUSED";

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
        sort(&mut entries);
        Report {
            receipt: receipt::Receipt::new(as_of, program, data),
            baseline: None,
            as_of,
            complete,
            rules: if evaluated { program.rules.len() } else { 0 },
            records: data.record_count(),
            files: data.files.len(),
            entries,
            catalogue: catalogue::rules(program),
            collections: collection_sizes(program, data),
        }
    }

    /// The entries of `severity` that count: those not waived.
    pub fn count(&self, severity: Severity) -> usize {
        self.entries
            .iter()
            .filter(|e| e.severity == severity && e.waived.is_none())
            .count()
    }

    /// Adds the errors of other input files (waivers files) read into `data`: the check is
    /// then incomplete, and no rule counts as evaluated.
    pub fn add_errors(&mut self, errors: Vec<DataError>, data: &Dataset) {
        if errors.is_empty() {
            return;
        }
        self.complete = false;
        self.rules = 0;
        self.entries
            .extend(errors.into_iter().map(|e| data_entry(e, data)));
        sort(&mut self.entries);
    }

    pub fn waived(&self) -> usize {
        self.entries.iter().filter(|e| e.waived.is_some()).count()
    }

    /// Marks the findings that a waiver holding on the as-of date covers, and adds a warning on
    /// each waiver that has expired while its breach is still there (`WAIVER-EXPIRED`) or that
    /// holds and covers nothing (`WAIVER-UNUSED`). Waivers are applied to a complete check.
    pub fn apply_waivers(&mut self, waivers: Vec<Waiver>, files: Vec<receipt::FileHash>) {
        self.receipt.waivers.files = files;
        let mut warnings = Vec::new();
        for w in waivers {
            let w = Arc::new(w);
            let covered = self
                .entries
                .iter_mut()
                .filter(|e| e.rule == w.rule && e.record.as_deref() == Some(w.record.as_str()));
            let holds = w.holds(self.as_of);
            let mut matched = 0;
            for e in covered {
                matched += 1;
                if holds {
                    e.waived = Some(w.clone());
                }
            }
            match (holds, matched) {
                (true, 0) => warnings.push(waiver_entry(&w, WAIVER_UNUSED, unused_message(&w))),
                (false, n) if n > 0 => {
                    warnings.push(waiver_entry(&w, WAIVER_EXPIRED, expired_message(&w)))
                }
                _ => {}
            }
        }
        self.entries.extend(warnings);
        sort(&mut self.entries);
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

/// A collection of the data and its number of records.
#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    /// The name of one record, when the rule files give it (`member` for `members`).
    pub singular: Option<String>,
    pub records: usize,
}

impl Collection {
    /// `309 members`, `1 member`.
    pub fn counted(&self) -> String {
        match (&self.singular, self.records) {
            (Some(one), 1) => format!("1 {one}"),
            (_, n) => format!("{n} {}", self.name),
        }
    }
}

fn collection_sizes(program: &Program, data: &Dataset) -> Vec<Collection> {
    let sizes = data
        .collections
        .iter()
        .map(crate::data::Collection::len)
        .chain(std::iter::repeat(0));
    let schema = program.schema.collections.iter();
    schema
        .zip(sizes)
        .map(|(c, records)| Collection {
            name: c.name.clone(),
            singular: c.singular.clone(),
            records,
        })
        .collect()
}

/// Entries in the order of the JSON document: file, line, column, rule, record, message.
fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        (
            &a.file, a.loc.line, a.loc.col, &a.rule, &a.record, &a.message,
        )
            .cmp(&(
                &b.file, b.loc.line, b.loc.col, &b.rule, &b.record, &b.message,
            ))
    });
}

fn unused_message(w: &Waiver) -> String {
    format!(
        "the waiver {} of {} on {} covers no finding: the breach is gone, or the waiver names the wrong rule or record",
        w.id, w.rule, w.record
    )
}

fn expired_message(w: &Waiver) -> String {
    let expiry = w.expires_on.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "the waiver {} of {} on {} expired on {expiry}, and the breach is still there",
        w.id, w.rule, w.record
    )
}

/// A warning about a waiver, located at the waiver in its file.
fn waiver_entry(w: &Waiver, code: &str, message: String) -> Entry {
    Entry {
        rule: code.to_string(),
        severity: Severity::Warning,
        message,
        citation: None,
        collection: Some("waivers".into()),
        record: Some(w.id.clone()),
        file: w.file.clone(),
        loc: w.loc,
        focus: None,
        values: Vec::new(),
        rule_at: None,
        source: w.source.clone(),
        waived: None,
        baseline: None,
    }
}

fn source_of(data: &Dataset, file: u32) -> (String, Option<Arc<Source>>) {
    match data.files.get(file as usize) {
        Some(f) => (f.path.clone(), f.source()),
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
        waived: None,
        baseline: None,
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
        waived: None,
        baseline: None,
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
        waived: None,
        baseline: None,
    }
}
