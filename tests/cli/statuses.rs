//! Exit statuses and usage errors.

use super::*;

// ---------------------------------------------------------------- exit statuses

#[test]
fn clean_dataset_exits_0() {
    let out = widgets("clean", &[]);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).starts_with(
        "0 errors, 0 warnings: 2 rules checked on 2 records in 1 file, as of 2024-01-01"
    ));
}

#[test]
fn error_finding_exits_1() {
    let out = widgets("error", &[]);
    assert_eq!(status(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("WID-SIZE error: W-2 has size 12; the most is 10"),
        "{text}"
    );
    assert!(text.contains("provision: Widget code, art. 1"), "{text}");
    // a finding is located at its record, and the value it was decided on is underlined
    assert!(
        text.contains("tests/fixtures/cli/error/widgets.yaml:3:5"),
        "{text}"
    );
    assert_underlined(&text, " 3 │   - { id: W-2, size: 12 }", "12");
    assert!(
        text.contains(
            "\n2 errors, 0 warnings: 2 rules checked on 3 records in 1 file, as of 2024-01-01\nreceipt: garant "
        ),
        "{text}"
    );
}

#[test]
fn warning_only_exits_0() {
    let out = widgets("warning", &[]);
    assert_eq!(status(&out), 0);
    assert!(stdout(&out).contains("WID-EMPTY warning: W-2 has size 0"));
}

#[test]
fn warning_only_with_deny_warnings_exits_1() {
    let out = widgets("warning", &["--deny-warnings"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("WID-EMPTY warning: W-2 has size 0"));
}

#[test]
fn deny_warnings_on_clean_dataset_exits_0() {
    assert_eq!(status(&widgets("clean", &["--deny-warnings"])), 0);
}

#[test]
fn data_error_exits_2_and_reports_every_file() {
    let out = widgets("data-error", &[]);
    assert_eq!(status(&out), 2);
    let text = stdout(&out);
    assert!(
        text.contains("DATA-UNKNOWN-FIELD error: unknown field `colour`"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/cli/data-error/a.yaml:2:25"),
        "{text}"
    );
    assert!(text.contains("DATA-SYNTAX error"), "{text}");
    assert!(
        text.contains("tests/fixtures/cli/data-error/b.yaml:2:22"),
        "{text}"
    );
    assert!(text.contains("no rule was evaluated"), "{text}");
}

#[test]
fn data_error_exits_2_even_with_deny_warnings() {
    assert_eq!(status(&widgets("data-error", &["--deny-warnings"])), 2);
}

// ---------------------------------------------------------------- usage errors

#[test]
fn missing_data_path_is_a_usage_error() {
    let out = garant(&[
        "check",
        "--as-of",
        "2024-01-01",
        "tests/fixtures/cli/no-such-folder",
    ]);
    assert_usage_error(&out, "tests/fixtures/cli/no-such-folder");
}

#[test]
fn missing_data_path_beside_an_existing_one_is_a_usage_error() {
    let out = garant(&[
        "check",
        "--as-of",
        "2024-01-01",
        "cases/paris/data",
        "nope.yaml",
    ]);
    assert_usage_error(&out, "nope.yaml");
}

#[test]
fn no_data_path_is_a_usage_error() {
    let out = garant(&["check"]);
    assert_usage_error(&out, "required");
}

#[test]
fn unknown_option_is_a_usage_error() {
    let out = garant(&["check", "--bogus", "cases/paris/data"]);
    assert_usage_error(&out, "--bogus");
}

#[test]
fn impossible_as_of_date_is_a_usage_error() {
    let out = garant(&["check", "--as-of", "2023-02-30", "cases/paris/data"]);
    assert_usage_error(&out, "2023-02-30");
}

#[test]
fn malformed_as_of_date_is_a_usage_error() {
    let out = garant(&["check", "--as-of", "31/12/2025", "cases/paris/data"]);
    assert_usage_error(&out, "31/12/2025");
}

/// A date not written with four, two and two digits is refused as data files refuse it, never
/// read as another day: `25-12-31` was the year 25, and a check of 2025 passed as of then.
#[test]
fn an_as_of_date_with_a_short_year_or_month_is_a_usage_error() {
    for short in ["25-12-31", "2025-2-28", "2025-02-8", "+2025-02-28"] {
        let out = garant(&["check", "--as-of", short, "cases/paris/data"]);
        assert_usage_error(&out, short);
        assert!(
            stderr(&out).contains("write YYYY-MM-DD"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn unknown_format_is_a_usage_error() {
    let out = garant(&["check", "--format", "xml", "cases/paris/data"]);
    assert_usage_error(&out, "xml");
}

#[test]
fn missing_rule_path_is_a_usage_error() {
    let out = garant(&[
        "check",
        "--rules",
        "tests/fixtures/cli/no-rules",
        "cases/paris/data",
    ]);
    assert_usage_error(&out, "tests/fixtures/cli/no-rules");
}
