//! The rules and codes a report can name, listed the same way by every format: the rules of the
//! regulation in use, grouped by area, and the codes of problems that are not rules' findings.
//!
//! A rule's **area** is that of its rule file: the file's first comment line, up to a
//! parenthesis or a full stop (`# Indemnities (regulation.md, ...)` gives `Indemnities`), or the
//! file's name when it opens with no comment. The regulation's own grouping thus stays in the
//! rule files, where the lawyers keep it.

use crate::check::ir::Program;
use crate::data::DataCode;
use crate::loc::Source;
use crate::syntax::ast::Severity;

use super::{EVAL_ERROR, WAIVER_EXPIRED, WAIVER_UNUSED};

/// A rule, or a code of a problem that is no rule's finding.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// The provision the rule encodes; `None` for a code.
    pub citation: Option<String>,
    pub area: String,
    /// The rule file and the line where the rule starts; `None` for a code.
    pub rule_at: Option<(String, usize)>,
}

/// The area under which the codes of problems are listed.
pub const CODES_AREA: &str = "Data, evaluation and waivers";

/// The rules of `program`, in the order of their files.
pub fn rules(program: &Program) -> Vec<RuleInfo> {
    program
        .rules
        .iter()
        .map(|r| RuleInfo {
            id: r.id.clone(),
            title: r.title.clone(),
            severity: r.severity,
            citation: Some(r.citation.clone()),
            area: area(&r.loc.src),
            rule_at: Some((r.loc.src.name.clone(), r.loc.line())),
        })
        .collect()
}

/// Every code a report may hold besides rule ids: the data errors, `EVAL-ERROR` and the
/// warnings about waivers.
pub fn codes() -> Vec<RuleInfo> {
    let data = DataCode::ALL
        .iter()
        .map(|c| code(c.as_str(), c.meaning(), Severity::Error));
    data.chain([
        code(
            EVAL_ERROR,
            "a rule could not be evaluated to the end",
            Severity::Error,
        ),
        code(
            WAIVER_EXPIRED,
            "a waiver has expired while its breach is still there",
            Severity::Warning,
        ),
        code(
            WAIVER_UNUSED,
            "a waiver holds but covers no finding",
            Severity::Warning,
        ),
    ])
    .collect()
}

fn code(id: &str, meaning: &str, severity: Severity) -> RuleInfo {
    RuleInfo {
        id: id.to_string(),
        title: meaning.to_string(),
        severity,
        citation: None,
        area: CODES_AREA.to_string(),
        rule_at: None,
    }
}

/// The area of a rule file: its first comment line up to a parenthesis or a full stop, or else
/// the file's name.
pub fn area(src: &Source) -> String {
    let first = src.text.lines().next().unwrap_or("");
    let heading = first
        .strip_prefix('#')
        .map(|h| h.split(['(', '.']).next().unwrap_or("").trim())
        .unwrap_or("");
    if heading.is_empty() {
        file_name(&src.name).to_string()
    } else {
        heading.to_string()
    }
}

fn file_name(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(".garant").unwrap_or(name)
}
