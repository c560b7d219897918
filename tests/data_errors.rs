//! Every data-error code of `cli.md`, each triggered by a small input under
//! `tests/fixtures/data_errors/`, with its code, line and column asserted and the human report
//! (no colour) kept as an insta snapshot. Paths are given relative to the package root, so the
//! snapshots show `tests/fixtures/data_errors/...` on every machine.

use std::path::PathBuf;

use garant::check::ir::Program;
use garant::report::{Report, human};

const FIXTURES: &str = "tests/fixtures/data_errors";

fn program() -> Program {
    garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"))
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 3, 31).expect("a date")
}

/// Checks the fixture folders (or files) `names` with the built-in rules.
fn check(names: &[&str]) -> Report {
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| PathBuf::from(FIXTURES).join(n))
        .collect();
    garant::run_check(&program(), &paths, as_of())
}

/// (code, file, line, column, record) of every entry, in report order.
fn entries(report: &Report) -> Vec<(String, String, u32, u32, Option<String>)> {
    report
        .entries
        .iter()
        .map(|e| {
            (
                e.rule.clone(),
                e.file.clone(),
                e.loc.line,
                e.loc.col,
                e.record.clone(),
            )
        })
        .collect()
}

/// Checks the fixture `name`, asserts that it gives exactly one data error, `code` at `file`
/// (relative to the fixture), `line` and `column` in record `record`, and that the check is
/// incomplete with no rule evaluated; returns the human report.
fn single(
    name: &str,
    file: &str,
    code: &str,
    line: u32,
    column: u32,
    record: Option<&str>,
) -> String {
    let report = check(&[name]);
    assert_eq!(
        entries(&report),
        vec![(
            code.to_string(),
            format!("{FIXTURES}/{name}/{file}"),
            line,
            column,
            record.map(str::to_string)
        )],
        "{name}"
    );
    let entry = &report.entries[0];
    assert_eq!(entry.severity, garant::report::Severity::Error);
    assert!(entry.citation.is_none(), "a data error cites no provision");
    assert!(!report.complete, "a data error makes the check incomplete");
    assert_eq!(report.rules, 0, "no rule is evaluated on data with errors");
    assert_eq!(report.exit_status(false), 2);
    without_commit(&report)
}

/// The human report, with the receipt's build commit left out (it changes with every commit).
fn without_commit(report: &Report) -> String {
    let mut report = report.clone();
    report.receipt.garant.commit = None;
    human::render(&report, false)
}

#[test]
fn data_read_not_utf8() {
    // byte 105 is the Latin-1 é of `café` on line 3, column 6
    let text = single("read", "latin1.yaml", "DATA-READ", 3, 6, None);
    insta::assert_snapshot!(text);
}

#[test]
fn data_read_missing_file() {
    let report = check(&["read/no-such-file.yaml"]);
    let found = entries(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "DATA-READ");
    assert_eq!(found[0].1, format!("{FIXTURES}/read/no-such-file.yaml"));
    assert_eq!((found[0].2, found[0].3), (1, 1));
    assert!(!report.complete);
}

#[test]
fn data_syntax_unclosed_quote() {
    let text = single("syntax", "data.yaml", "DATA-SYNTAX", 4, 51, None);
    insta::assert_snapshot!(text);
}

#[test]
fn data_shape_top_level_list() {
    let text = single("shape", "data.yaml", "DATA-SHAPE", 1, 1, None);
    insta::assert_snapshot!(text);
}

#[test]
fn data_shape_record_not_a_mapping() {
    let text = single("shape-record", "data.yaml", "DATA-SHAPE", 2, 5, None);
    insta::assert_snapshot!(text);
}

#[test]
fn data_unknown_collection() {
    let text = single(
        "unknown-collection",
        "data.yaml",
        "DATA-UNKNOWN-COLLECTION",
        3,
        1,
        None,
    );
    assert!(text.contains("did you mean `members`?"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn data_unknown_field() {
    let text = single(
        "unknown-field",
        "data.yaml",
        "DATA-UNKNOWN-FIELD",
        6,
        5,
        Some("P2"),
    );
    assert!(text.contains("did you mean `mandate_end`?"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn data_missing_field() {
    let text = single(
        "missing-field",
        "data.yaml",
        "DATA-MISSING-FIELD",
        2,
        5,
        Some("P2"),
    );
    assert!(text.contains("`mandate_end`"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn data_forbidden_field() {
    let text = single(
        "forbidden-field",
        "data.yaml",
        "DATA-FORBIDDEN-FIELD",
        2,
        58,
        Some("C-E1"),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn data_invalid_value_february_30() {
    let text = single(
        "invalid-value",
        "data.yaml",
        "DATA-INVALID-VALUE",
        2,
        25,
        Some("P2"),
    );
    assert!(text.contains("2023-02-30"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn data_duplicate_key_in_record() {
    let text = single(
        "duplicate-key",
        "data.yaml",
        "DATA-DUPLICATE-KEY",
        5,
        5,
        Some("P2"),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn data_duplicate_key_at_top_level_is_in_no_record() {
    let report = check(&["duplicate-key-top"]);
    let e = &report.entries;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].rule, "DATA-DUPLICATE-KEY");
    assert_eq!((e[0].loc.line, e[0].loc.col), (3, 1));
    assert_eq!(e[0].collection, None);
    assert_eq!(e[0].record, None);
}

#[test]
fn data_duplicate_id_on_the_later_file() {
    let text = single(
        "duplicate-id",
        "b.yaml",
        "DATA-DUPLICATE-ID",
        3,
        11,
        Some("P2"),
    );
    insta::assert_snapshot!(text);
}

#[test]
fn data_dangling_ref() {
    let text = single(
        "dangling-ref",
        "data.yaml",
        "DATA-DANGLING-REF",
        4,
        27,
        Some("S-1"),
    );
    assert!(text.contains("`P9`"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn data_limit_alias_bomb() {
    let text = single("limit", "bomb.yaml", "DATA-LIMIT", 8, 45, None);
    insta::assert_snapshot!(text);
}

#[test]
fn data_limit_nesting_depth() {
    let report = check(&["limit-depth"]);
    let found = entries(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "DATA-LIMIT");
    assert_eq!(found[0].2, 1);
    assert_eq!(found[0].4, None);
}

#[test]
fn every_error_of_every_file_in_one_run() {
    let report = check(&["several-files"]);
    let dir = format!("{FIXTURES}/several-files");
    let expected = vec![
        (
            "DATA-UNKNOWN-FIELD".to_string(),
            format!("{dir}/a.yaml"),
            2,
            88,
            Some("P2".to_string()),
        ),
        (
            "DATA-SYNTAX".to_string(),
            format!("{dir}/b.yaml"),
            2,
            5,
            None,
        ),
        (
            "DATA-INVALID-VALUE".to_string(),
            format!("{dir}/c.yaml"),
            2,
            73,
            Some("S-2".to_string()),
        ),
        (
            "DATA-INVALID-VALUE".to_string(),
            format!("{dir}/c.yaml"),
            3,
            37,
            Some("S-3".to_string()),
        ),
    ];
    assert_eq!(entries(&report), expected);
    assert!(!report.complete);
    assert_eq!(report.rules, 0);
    insta::assert_snapshot!(without_commit(&report));
}

#[test]
fn a_file_over_budget_is_reported_once_and_the_others_still_are() {
    let report = check(&["bomb-beside"]);
    let dir = format!("{FIXTURES}/bomb-beside");
    let found = entries(&report);
    let from_bomb: Vec<_> = found
        .iter()
        .filter(|e| e.1 == format!("{dir}/b-bomb.yaml"))
        .collect();
    assert_eq!(from_bomb.len(), 1, "{found:?}");
    assert_eq!(from_bomb[0].0, "DATA-LIMIT");
    assert_eq!(from_bomb[0].4, None);
    assert_eq!(
        found,
        vec![
            (
                "DATA-UNKNOWN-FIELD".to_string(),
                format!("{dir}/a.yaml"),
                2,
                88,
                Some("P2".to_string())
            ),
            (
                "DATA-LIMIT".to_string(),
                format!("{dir}/b-bomb.yaml"),
                8,
                45,
                None
            ),
            (
                "DATA-MISSING-FIELD".to_string(),
                format!("{dir}/c.yaml"),
                2,
                5,
                Some("S-1".to_string())
            ),
        ]
    );
    // the files on either side of the bomb are loaded: P2 and S-1
    assert_eq!(report.records, 2);
    insta::assert_snapshot!(without_commit(&report));
}

#[test]
fn every_code_of_cli_md_is_covered_here() {
    let spec = [
        "DATA-READ",
        "DATA-SYNTAX",
        "DATA-SHAPE",
        "DATA-UNKNOWN-COLLECTION",
        "DATA-UNKNOWN-FIELD",
        "DATA-MISSING-FIELD",
        "DATA-FORBIDDEN-FIELD",
        "DATA-INVALID-VALUE",
        "DATA-DUPLICATE-KEY",
        "DATA-DUPLICATE-ID",
        "DATA-DANGLING-REF",
        "DATA-LIMIT",
    ];
    // The engine's list of codes is cli.md's table, copied above.
    assert_eq!(spec, garant::data::ERROR_CODES);
    let fixtures = [
        "read",
        "syntax",
        "shape",
        "shape-record",
        "unknown-collection",
        "unknown-field",
        "missing-field",
        "forbidden-field",
        "invalid-value",
        "duplicate-key",
        "duplicate-key-top",
        "duplicate-id",
        "dangling-ref",
        "limit",
        "limit-depth",
    ];
    let mut found = std::collections::BTreeSet::new();
    for f in fixtures {
        for e in check(&[f]).entries {
            found.insert(e.rule);
        }
    }
    let expected: std::collections::BTreeSet<String> = spec.iter().map(|s| s.to_string()).collect();
    assert_eq!(found, expected);
}
