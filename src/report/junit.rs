//! The report as JUnit XML, as GitLab and Jenkins read it (written with `quick-junit`).
//!
//! The root `<testsuites name="garant">` holds, first, the suite of the problems that are no
//! rule's finding ([`CODES_AREA`]: data errors, `EVAL-ERROR`, the warnings about waivers),
//! always there and carrying the receipt as `<properties>`; then one `<testsuite>` per rule of
//! the regulation in use, in catalogue order, named by the rule id. Each finding is one
//! `<testcase>` (`classname` the rule id, `name` the record id, made unique within its suite),
//! with a `<failure>` whose `type` is the severity (an `<error>` for a data or evaluation
//! error, which makes the check incomplete); a waived finding is `<skipped>` with its waiver. A suite with nothing to report has one passing case, `no finding`; when data errors
//! kept the rules from being evaluated, each rule suite has one skipped case, `not checked`.
//! No `time` attribute is written: a check has no clock time, and the output is the same bytes
//! on every run.

use std::collections::HashSet;

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use super::catalogue::CODES_AREA;
use super::{Entry, Report, Severity};

/// The name of the passing case of a suite with nothing to report.
pub const NO_FINDING: &str = "no finding";
/// The name of the skipped case of a rule that was not evaluated.
pub const NOT_CHECKED: &str = "not checked";

/// The JUnit XML document, with a final newline.
pub fn render(report: &Report) -> String {
    let mut root = quick_junit::Report::new("garant");
    root.add_test_suite(codes_suite(report));
    for rule in &report.catalogue {
        root.add_test_suite(rule_suite(report, &rule.id));
    }
    serialize(&root)
}

/// The document as text; an XML comment in an empty root should writing it ever fail.
pub fn serialize(root: &quick_junit::Report) -> String {
    root.to_string().unwrap_or_else(|e| {
        let why = text(&e.to_string()).replace("--", "- -");
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><!-- {why} --></testsuites>\n"
        )
    })
}

/// The suite of the data errors, evaluation errors and waiver warnings, with the receipt.
fn codes_suite(report: &Report) -> TestSuite {
    let rules: HashSet<&str> = report.catalogue.iter().map(|r| r.id.as_str()).collect();
    let entries = report
        .entries
        .iter()
        .filter(|e| !rules.contains(e.rule.as_str()));
    let mut suite = suite_of(CODES_AREA, entries);
    suite.add_properties(receipt(report));
    suite
}

fn rule_suite(report: &Report, rule: &str) -> TestSuite {
    if report.rules == 0 {
        let mut suite = TestSuite::new(text(rule));
        suite.add_test_case(not_checked(rule));
        return suite;
    }
    suite_of(rule, report.entries.iter().filter(|e| e.rule == rule))
}

/// A suite of one case per entry, or of one passing case when there is none.
fn suite_of<'a>(name: &str, entries: impl Iterator<Item = &'a Entry>) -> TestSuite {
    let mut suite = TestSuite::new(text(name));
    let mut names = HashSet::new();
    for e in entries {
        let name = unique(&mut names, case_name(e));
        suite.add_test_case(finding_case(e, name));
    }
    if suite.test_cases.is_empty() {
        let mut case = TestCase::new(NO_FINDING, TestCaseStatus::success());
        case.set_classname(text(name));
        suite.add_test_case(case);
    }
    suite
}

fn not_checked(rule: &str) -> TestCase {
    let mut status = TestCaseStatus::skipped();
    status.set_message("not checked: data errors made the check incomplete, no rule was evaluated");
    let mut case = TestCase::new(NOT_CHECKED, status);
    case.set_classname(text(rule));
    case
}

/// The record id, or `FILE:LINE:COLUMN` for an entry in no record.
fn case_name(e: &Entry) -> String {
    match &e.record {
        Some(r) => text(r),
        None => text(&format!("{}:{}:{}", e.file, e.loc.line, e.loc.col)),
    }
}

/// `name`, or the first of `name (2)`, `name (3)`, ... not in `used` yet; then it is.
pub fn unique(used: &mut HashSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{name} ({n})");
    }
    used.insert(candidate.clone());
    candidate
}

fn finding_case(e: &Entry, name: String) -> TestCase {
    let mut case = TestCase::new(name, status(e));
    case.set_classname(text(&e.rule));
    case.extra.insert("file".into(), text(&e.file).into());
    case.extra
        .insert("line".into(), e.loc.line.to_string().into());
    case
}

/// A failure of the entry's severity, or a skip for a waived finding.
fn status(e: &Entry) -> TestCaseStatus {
    let mut status = match &e.waived {
        Some(w) => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(text(&format!("waived by {}: {}", w.id, w.justification)));
            s.set_type("waived");
            s
        }
        None => {
            let mut s = TestCaseStatus::non_success(kind(e));
            s.set_message(text(&e.message));
            s.set_type(e.severity.as_str());
            s
        }
    };
    status.set_description(description(e));
    status
}

/// A finding of a rule, or a warning about a waiver, is a failure; a data or evaluation error,
/// which makes the check incomplete, an error.
fn kind(e: &Entry) -> NonSuccessKind {
    if e.citation.is_none() && e.severity == Severity::Error {
        NonSuccessKind::Error
    } else {
        NonSuccessKind::Failure
    }
}

/// The place, the message (for a waived finding), and what the finding rests on, a line each.
fn description(e: &Entry) -> String {
    let mut lines = vec![format!("{}:{}:{}", e.file, e.loc.line, e.loc.col)];
    if e.waived.is_some() {
        lines.push(format!("{} {}: {}", e.severity.as_str(), e.rule, e.message));
    }
    lines.extend(e.details());
    text_lines(lines.iter().map(String::as_str))
}

/// The lines, each fit for XML, joined by line feeds.
pub fn text_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    lines.map(text).collect::<Vec<_>>().join("\n")
}

/// The receipt's key facts.
fn receipt(report: &Report) -> Vec<Property> {
    let r = &report.receipt;
    let mut facts = vec![("garant.version", r.garant.version.clone())];
    if let Some(c) = &r.garant.commit {
        facts.push(("garant.commit", c.clone()));
    }
    facts.extend([
        ("as_of", r.as_of.clone()),
        ("complete", report.complete.to_string()),
        ("rules.sha256", r.rules.sha256.clone()),
        ("data.sha256", r.data.sha256.clone()),
        ("records", report.records.to_string()),
    ]);
    let waivers = r.waivers.files.iter().map(|f| {
        let hash = f.sha256.as_deref().unwrap_or("unreadable");
        ("waivers", format!("{} sha256 {hash}", f.path))
    });
    facts.extend(waivers);
    facts
        .into_iter()
        .map(|(name, value)| Property::new(name, text(&value)))
        .collect()
}

/// `s` with the characters XML 1.0 cannot hold or an attribute would not keep (control
/// characters, U+FFFE, U+FFFF) written as Rust escapes (`\u{1b}`), so that nothing of the data
/// is silently dropped or reaches a terminal raw.
pub fn text(s: &str) -> String {
    let unfit = |c: char| c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}');
    if !s.chars().any(unfit) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if unfit(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
