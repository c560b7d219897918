//! The JSON document of `cli.md`, with `values` and the rule's file and line added.

use serde::Serialize;

use super::baseline::Seen;
use super::receipt::Receipt;
use super::{Entry, Report, Waiver};

#[derive(Serialize)]
struct Document<'a> {
    as_of: String,
    complete: bool,
    rules: usize,
    records: usize,
    findings: Vec<FindingJson<'a>>,
    #[serde(flatten)]
    closing: Closing<'a>,
}

/// What closes the document, and what SARIF puts in its run's properties: the counts, the
/// comparison with the baseline and the receipts.
#[derive(Serialize)]
pub(super) struct Closing<'a> {
    summary: Summary,
    /// With a baseline: its findings that this check no longer has, as it had them.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<&'a [serde_json::Value]>,
    receipt: &'a Receipt,
    /// With a baseline: the receipt of the check it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_receipt: Option<&'a Receipt>,
}

#[derive(Serialize)]
pub(super) struct WaivedJson<'a> {
    id: &'a str,
    justification: &'a str,
    approved_by: &'a str,
    approved_on: String,
    expires_on: Option<String>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    citation: Option<&'a str>,
    collection: Option<&'a str>,
    record: Option<&'a str>,
    file: &'a str,
    line: u32,
    column: u32,
    values: Vec<ValueJson<'a>>,
    rule_file: Option<&'a str>,
    rule_line: Option<usize>,
    waived: Option<WaivedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Seen>,
}

#[derive(Serialize)]
pub(super) struct ValueJson<'a> {
    expression: &'a str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    error: usize,
    warning: usize,
    waived: usize,
}

/// The document, pretty-printed, with a final newline.
pub fn render(report: &Report) -> String {
    let findings = report
        .entries
        .iter()
        .map(|e| FindingJson {
            rule: &e.rule,
            severity: e.severity.as_str(),
            message: &e.message,
            citation: e.citation.as_deref(),
            collection: e.collection.as_deref(),
            record: e.record.as_deref(),
            file: &e.file,
            line: e.loc.line,
            column: e.loc.col,
            values: values(e),
            rule_file: e.rule_at.as_ref().map(|(f, _)| f.as_str()),
            rule_line: e.rule_at.as_ref().map(|(_, l)| *l),
            waived: e.waived.as_deref().map(waived),
            baseline: e.baseline,
        })
        .collect();
    let doc = Document {
        as_of: report.as_of.to_string(),
        complete: report.complete,
        rules: report.rules,
        records: report.records,
        findings,
        closing: closing(report),
    };
    crate::output::pretty_json(&doc)
}

/// The values a finding was decided on, as the JSON document (and SARIF's properties) write them.
pub(super) fn values(e: &Entry) -> Vec<ValueJson<'_>> {
    e.values
        .iter()
        .map(|v| ValueJson {
            expression: &v.what,
            value: &v.value,
            note: v.note.as_deref(),
        })
        .collect()
}

pub(super) fn waived(w: &Waiver) -> WaivedJson<'_> {
    WaivedJson {
        id: &w.id,
        justification: &w.justification,
        approved_by: &w.approved_by,
        approved_on: w.approved_on.to_string(),
        expires_on: w.expires_on.map(|d| d.to_string()),
    }
}

pub(super) fn closing(report: &Report) -> Closing<'_> {
    Closing {
        summary: summary(report),
        resolved: report.baseline.as_ref().map(|b| b.resolved.as_slice()),
        receipt: &report.receipt,
        baseline_receipt: report.baseline.as_ref().and_then(|b| b.receipt.as_ref()),
    }
}

fn summary(report: &Report) -> Summary {
    Summary {
        error: report.count(super::Severity::Error),
        warning: report.count(super::Severity::Warning),
        waived: report.waived(),
    }
}
