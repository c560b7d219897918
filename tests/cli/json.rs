//! The JSON document.

use super::*;

// ---------------------------------------------------------------- JSON document

const FIELDS: [&str; 9] = [
    "rule",
    "severity",
    "message",
    "citation",
    "collection",
    "record",
    "file",
    "line",
    "column",
];

/// Every finding has the fields of `cli.md` with the types of `cli.md`.
fn assert_finding_shape(f: &Value) {
    for key in FIELDS {
        assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
    }
    assert!(f["rule"].is_string(), "{f}");
    assert!(
        f["severity"] == "error" || f["severity"] == "warning",
        "{f}"
    );
    assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()), "{f}");
    assert!(f["citation"].is_string() || f["citation"].is_null(), "{f}");
    assert!(
        f["collection"].is_string() || f["collection"].is_null(),
        "{f}"
    );
    assert!(f["record"].is_string() || f["record"].is_null(), "{f}");
    assert!(f["file"].as_str().is_some_and(|p| !p.is_empty()), "{f}");
    assert!(
        f["line"].as_u64().is_some_and(|n| n >= 1),
        "line is 1-based: {f}"
    );
    assert!(
        f["column"].as_u64().is_some_and(|n| n >= 1),
        "column is 1-based: {f}"
    );
}

type SortKey = (String, u64, u64, String, Option<String>, String);

fn sort_key(f: &Value) -> SortKey {
    (
        f["file"].as_str().unwrap_or_default().to_string(),
        f["line"].as_u64().unwrap_or_default(),
        f["column"].as_u64().unwrap_or_default(),
        f["rule"].as_str().unwrap_or_default().to_string(),
        f["record"].as_str().map(str::to_string),
        f["message"].as_str().unwrap_or_default().to_string(),
    )
}

fn assert_sorted(findings: &[Value]) {
    let keys: Vec<SortKey> = findings.iter().map(sort_key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "findings sorted by file, line, column, rule, record, message"
    );
}

/// The text of `file` at 1-based `line` and `column` (a column counts characters).
fn text_at(file: &str, line: u64, column: u64) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
        .expect("the finding's file");
    let l = text
        .lines()
        .nth(line as usize - 1)
        .expect("the finding's line");
    l.chars().skip(column as usize - 1).collect()
}

#[test]
fn json_document_of_paris_field_by_field() {
    let out = paris("json");
    assert_eq!(status(&out), 1, "three error findings");
    let doc = json(&out);
    let top: Vec<&str> = doc
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "as_of", "complete", "rules", "records", "findings", "summary",
    ] {
        assert!(top.contains(&key), "document lacks `{key}`");
    }
    assert_eq!(doc["as_of"], "2025-12-31");
    assert_eq!(doc["complete"], true);
    let built_in = garant::rules::built_in().unwrap_or_else(|_| panic!("built-in rules compile"));
    assert_eq!(doc["rules"].as_u64(), Some(built_in.rules.len() as u64));
    assert!(
        doc["records"].as_u64().is_some_and(|n| n > 1000),
        "{}",
        doc["records"]
    );
    let findings = doc["findings"].as_array().expect("findings is a list");
    assert_eq!(findings.len(), 3);
    findings.iter().for_each(assert_finding_shape);
    assert_sorted(findings);

    let by_rule = |id: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == id)
            .unwrap_or_else(|| panic!("a {id} finding"))
    };
    let amount = by_rule("IND-AMOUNT");
    assert_eq!(amount["severity"], "error");
    assert_eq!(amount["collection"], "indemnities");
    assert_eq!(amount["record"], "IND-01214");
    assert_eq!(amount["file"], "cases/paris/data/indemnities/P2.yaml");
    assert!(
        amount["message"]
            .as_str()
            .unwrap_or_default()
            .contains("88.00"),
        "{amount}"
    );
    assert!(
        amount["citation"]
            .as_str()
            .unwrap_or_default()
            .contains("44 euros"),
        "{amount}"
    );
    let (line, column) = (
        amount["line"].as_u64().unwrap_or(1),
        amount["column"].as_u64().unwrap_or(1),
    );
    assert!(
        text_at("cases/paris/data/indemnities/P2.yaml", line, column).contains("IND-01214"),
        "IND-AMOUNT is located at its record"
    );

    let active = by_rule("IND-ACTIVE");
    assert_eq!(active["collection"], "indemnities");
    assert_eq!(active["record"], "IND-01998");
    assert_eq!(active["file"], "cases/paris/data/indemnities/P3.yaml");

    let response = by_rule("COU-RESPONSE");
    assert_eq!(response["collection"], "submissions");
    assert_eq!(response["record"], "SUB-08");
    assert_eq!(response["file"], "cases/paris/data/submissions.yaml");
    let (line, column) = (
        response["line"].as_u64().unwrap_or(1),
        response["column"].as_u64().unwrap_or(1),
    );
    assert!(text_at("cases/paris/data/submissions.yaml", line, column).contains("SUB-08"));

    assert_eq!(doc["summary"]["error"], 3);
    assert_eq!(doc["summary"]["warning"], 0);
}

#[test]
fn json_summary_counts_warnings() {
    let out = widgets("warning", &["--format", "json"]);
    let doc = json(&out);
    assert_eq!(status(&out), 0);
    assert_eq!(doc["summary"]["error"], 0);
    assert_eq!(doc["summary"]["warning"], 1);
    let f = &doc["findings"][0];
    assert_finding_shape(f);
    assert_eq!(f["rule"], "WID-EMPTY");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["citation"], "Widget code, art. 2");
    assert_eq!(f["collection"], "widgets");
    assert_eq!(f["record"], "W-2");
    assert_eq!(f["file"], "tests/fixtures/cli/warning/widgets.yaml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(5))
    );
}

#[test]
fn json_of_data_errors_is_incomplete_with_no_rule_evaluated() {
    let out = widgets("data-error", &["--format", "json"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).is_empty(), "stderr: {}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["as_of"], "2024-01-01");
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["rules"], 0);
    let findings = doc["findings"].as_array().expect("findings");
    findings.iter().for_each(assert_finding_shape);
    assert_sorted(findings);
    assert_eq!(findings.len(), 2);

    let field = &findings[0];
    assert_eq!(field["rule"], "DATA-UNKNOWN-FIELD");
    assert_eq!(field["severity"], "error");
    assert_eq!(field["collection"], "widgets");
    assert_eq!(field["record"], "W-1");
    assert_eq!(field["file"], "tests/fixtures/cli/data-error/a.yaml");
    assert_eq!(
        (field["line"].as_u64(), field["column"].as_u64()),
        (Some(2), Some(25))
    );

    let syntax = &findings[1];
    assert_eq!(syntax["rule"], "DATA-SYNTAX");
    assert_eq!(syntax["collection"], Value::Null, "no record applies");
    assert_eq!(syntax["record"], Value::Null, "no record applies");
    assert_eq!(syntax["file"], "tests/fixtures/cli/data-error/b.yaml");
    assert_eq!(
        (syntax["line"].as_u64(), syntax["column"].as_u64()),
        (Some(2), Some(22))
    );

    assert_eq!(doc["summary"]["error"], 2);
    assert_eq!(doc["summary"]["warning"], 0);
}

#[test]
fn json_of_data_errors_with_built_in_rules() {
    let out = garant(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2024-03-31",
        "tests/fixtures/data_errors/several-files",
        "tests/fixtures/data_errors/duplicate-key-top",
    ]);
    assert_eq!(status(&out), 2);
    let doc = json(&out);
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["rules"], 0);
    let findings = doc["findings"].as_array().expect("findings");
    assert_sorted(findings);
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        rules,
        [
            "DATA-DUPLICATE-KEY",
            "DATA-DUPLICATE-ID",
            "DATA-UNKNOWN-FIELD",
            "DATA-SYNTAX",
            "DATA-INVALID-VALUE",
            "DATA-INVALID-VALUE"
        ]
    );
    // A file that cannot be read: the dangling reference is not listed, its error says so once.
    let syntax = findings[3]["message"].as_str().unwrap_or_default();
    assert!(
        syntax.ends_with("; 1 reference to records could not be checked while this file is unread"),
        "{syntax}"
    );
    assert_eq!(findings[0]["record"], Value::Null);
    assert_eq!(findings[0]["collection"], Value::Null);
    // P2 is in duplicate-key-top/data.yaml and again in several-files/a.yaml, the later path
    assert_eq!(findings[1]["record"], "P2");
    assert_eq!(
        findings[1]["file"],
        "tests/fixtures/data_errors/several-files/a.yaml"
    );
    assert_eq!(findings[5]["collection"], "sessions");
    assert_eq!(findings[5]["record"], "S-3");
    assert_eq!(doc["summary"]["error"], 6);
}

#[test]
fn findings_on_one_record_are_sorted_by_column_then_rule() {
    let out = widgets("error", &["--format", "json"]);
    let doc = json(&out);
    let findings = doc["findings"].as_array().expect("findings");
    assert_sorted(findings);
    let records: Vec<&str> = findings
        .iter()
        .map(|f| f["record"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(records, ["W-2", "W-3"]);
}
