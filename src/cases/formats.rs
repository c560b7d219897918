//! The results of `garant test` as people and CI jobs read them: `human` (one line a case, the
//! differences of a failing one, `N passed, N failed`), `json` (one document) and `junit` (one
//! `<testsuite>` per folder holding cases, one `<testcase>` per case). Same results, same bytes.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;

use super::{CaseResult, Differences, Expected, Results, Verdict};
use crate::report::junit::{serialize, text, text_lines, unique};

/// `RULE RECORD`, or `RULE (no record)`.
fn pair(e: &Expected) -> String {
    let record = e.record.as_deref().unwrap_or("(no record)");
    format!("{} {record}", e.rule)
}

/// The differences, a line each: `missing:    MEM-AGE P2-014`, ...
fn difference_lines(d: &Differences) -> Vec<String> {
    let mut lines = Vec::new();
    for (label, pairs) in d.labelled() {
        let label = format!("{label}:");
        let width = if label.contains("waived") { 18 } else { 11 };
        lines.extend(pairs.iter().map(|p| format!("{label:width$} {}", pair(p))));
    }
    lines
}

/// The terminal output: `ok     DIR`, `FAILED DIR` with its differences, `ERROR  DIR: why`.
pub fn human(results: &Results) -> String {
    let mut out = String::new();
    for case in &results.cases {
        let dir = case.dir.display();
        match &case.verdict {
            Verdict::Passed => out.push_str(&format!("ok     {dir}\n")),
            Verdict::Error(why) => out.push_str(&format!("ERROR  {dir}: {why}\n")),
            Verdict::Failed(d) => {
                out.push_str(&format!("FAILED {dir}\n"));
                for line in difference_lines(d) {
                    out.push_str(&format!("         {line}\n"));
                }
            }
        }
    }
    if let Some(coverage) = &results.coverage {
        out.push_str(&super::coverage::human(coverage));
    }
    let failed = results.failed() + results.errors();
    out.push_str(&format!("{} passed, {failed} failed\n", results.passed()));
    out
}

#[derive(Serialize)]
struct Document<'a> {
    cases: Vec<CaseJson<'a>>,
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<super::coverage::Json<'a>>,
}

#[derive(Serialize)]
struct CaseJson<'a> {
    path: String,
    description: Option<&'a str>,
    result: &'static str,
    missing: &'a [Expected],
    unexpected: &'a [Expected],
    missing_waived: &'a [Expected],
    unexpected_waived: &'a [Expected],
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    passed: usize,
    failed: usize,
    errors: usize,
}

/// One JSON document: every case with its result and differences, and the counts.
pub fn json(results: &Results) -> String {
    let doc = Document {
        cases: results.cases.iter().map(case_json).collect(),
        summary: Summary {
            passed: results.passed(),
            failed: results.failed(),
            errors: results.errors(),
        },
        coverage: results.coverage.as_ref().map(|c| c.json()),
    };
    crate::output::pretty_json(&doc)
}

fn case_json(case: &CaseResult) -> CaseJson<'_> {
    let mut json = CaseJson {
        path: case.dir.display().to_string(),
        description: case.description.as_deref(),
        result: "passed",
        missing: &[],
        unexpected: &[],
        missing_waived: &[],
        unexpected_waived: &[],
        error: None,
    };
    match &case.verdict {
        Verdict::Passed => {}
        Verdict::Error(why) => {
            json.result = "error";
            json.error = Some(why);
        }
        Verdict::Failed(d) => {
            json.result = "failed";
            json.missing = &d.missing;
            json.unexpected = &d.unexpected;
            json.missing_waived = &d.missing_waived;
            json.unexpected_waived = &d.unexpected_waived;
        }
    }
    json
}

/// JUnit XML: a suite per folder holding cases (`cases/MEM-AGE`), named by it, and a case per
/// case folder, named by its last component and made unique within its suite.
pub fn junit(results: &Results) -> String {
    let mut suites: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
    for case in &results.cases {
        suites.entry(parent(&case.dir)).or_default().push(case);
    }
    let mut root = quick_junit::Report::new("garant test");
    for (name, cases) in suites {
        root.add_test_suite(suite(&name, &cases));
    }
    serialize(&root)
}

/// The folder of a case folder, as written; `.` for none.
fn parent(dir: &Path) -> String {
    match dir.parent().map(|p| p.display().to_string()) {
        Some(p) if !p.is_empty() => p,
        _ => ".".to_string(),
    }
}

fn suite(name: &str, cases: &[&CaseResult]) -> TestSuite {
    let mut suite = TestSuite::new(text(name));
    let mut names = HashSet::new();
    for case in cases {
        let own = case.dir.file_name().map_or_else(
            || case.dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut test = TestCase::new(unique(&mut names, text(&own)), status(case));
        test.set_classname(text(name));
        suite.add_test_case(test);
    }
    suite
}

/// Success, a failure listing the differences, or an error saying why the case did not run.
fn status(case: &CaseResult) -> TestCaseStatus {
    match &case.verdict {
        Verdict::Passed => TestCaseStatus::success(),
        Verdict::Error(why) => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            s.set_message(text(why.lines().next().unwrap_or_default()));
            s.set_description(text_lines(why.lines()));
            s
        }
        Verdict::Failed(d) => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(summary(d));
            s.set_description(failure_text(case, d));
            s
        }
    }
}

/// `2 missing, 1 unexpected`: the non-empty lists, counted.
fn summary(d: &Differences) -> String {
    let counts: Vec<String> = d
        .labelled()
        .iter()
        .filter(|(_, pairs)| !pairs.is_empty())
        .map(|(label, pairs)| format!("{} {label}", pairs.len()))
        .collect();
    format!("the findings differ from case.yaml: {}", counts.join(", "))
}

/// The case's description, when it has one, then the differences, a line each.
fn failure_text(case: &CaseResult, d: &Differences) -> String {
    let mut lines: Vec<String> = case.description.iter().cloned().collect();
    lines.extend(difference_lines(d));
    text_lines(lines.iter().map(String::as_str))
}
