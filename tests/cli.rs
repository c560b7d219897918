//! Golden tests of the built `garant` binary against the contract of `cli.md`: exit statuses,
//! usage errors, the JSON document field by field, determinism, no escape codes in a pipe,
//! `--rules`, `--as-of` and `garant test`.
//!
//! Fixtures: `tests/fixtures/cli/` holds a tiny widget regulation (`rules/`, two rules: WID-SIZE
//! an error, WID-EMPTY a warning) with small datasets, and case folders for `garant test`; the
//! built-in regulation is run on `cases/paris` and on the data of a COU-RESPONSE case.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const FIX: &str = "tests/fixtures/cli";
const WIDGETS: &str = "tests/fixtures/cli/rules";
/// Submitted 2023-08-31 with no response: the deadline is 2024-02-29.
const PENDING: &str = "cases/COU-RESPONSE/no-response-deadline-before-as-of";

fn garant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("GARANT_TIMING")
        .output()
        .expect("garant runs")
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("garant exits with a status")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// `garant check --rules <widgets> --as-of 2024-01-01 <FIX>/<dir> [extra]`.
fn widgets(dir: &str, extra: &[&str]) -> Output {
    let data = format!("{FIX}/{dir}");
    let mut args = vec!["check", "--rules", WIDGETS, "--as-of", "2024-01-01"];
    args.extend_from_slice(extra);
    args.push(&data);
    garant(&args)
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON document ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// The data files of a case folder: every YAML file but `case.yaml`.
fn case_data(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect("the case folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "case.yaml")
        .map(|n| format!("{dir}/{n}"))
        .collect();
    files.sort();
    files
}

fn check_pending(as_of: &str, format: &str) -> Output {
    let files = case_data(PENDING);
    let mut args = vec!["check", "--format", format, "--as-of", as_of];
    args.extend(files.iter().map(String::as_str));
    garant(&args)
}

fn paris(format: &str) -> Output {
    garant(&[
        "check",
        "--format",
        format,
        "--as-of",
        "2025-12-31",
        "cases/paris/data",
    ])
}

/// A usage error: status 2, nothing on stdout, `error: ...` naming `culprit` on stderr's first
/// line and a hint (a `hint:`/`tip:` line, or a pointer to `--help`) on one line of its own.
fn assert_usage_error(out: &Output, culprit: &str) {
    let err = stderr(out);
    assert_eq!(status(out), 2, "stderr:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "usage error wrote stdout: {}",
        stdout(out)
    );
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{err}");
    assert!(
        first.contains(culprit),
        "first line names `{culprit}`: {err}"
    );
    let hint = err.lines().skip(1).any(|l| {
        let l = l.trim();
        l.starts_with("hint: ") || l.starts_with("tip: ") || l.contains("--help")
    }) || first.contains("write YYYY-MM-DD");
    assert!(hint, "a one-line hint on stderr:\n{err}");
    assert!(!err.contains('\x1b'), "no escape codes: {err:?}");
}

/// In a human report, the source line `shown` is followed by a line whose underline mark
/// (`─`, `┬` or `▲`) stands under the start of `value` in it.
fn assert_underlined(text: &str, shown: &str, value: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == shown)
        .unwrap_or_else(|| panic!("the line `{shown}` is shown:\n{text}"));
    let column = shown.find(value).expect("the value on the line");
    let column = shown[..column].chars().count();
    let under = lines.get(at + 1).copied().unwrap_or_default();
    let mark = under.chars().nth(column);
    assert!(
        matches!(mark, Some('─' | '┬' | '▲')),
        "`{value}` underlined under `{shown}`, found `{under}`:\n{text}"
    );
}

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

// ---------------------------------------------------------------- determinism, terminals

#[test]
fn output_is_byte_identical_across_runs() {
    for format in ["human", "json"] {
        let a = paris(format);
        let b = paris(format);
        assert_eq!(
            a.stdout, b.stdout,
            "{format} output differs between two runs"
        );
        assert_eq!(status(&a), status(&b));
    }
    let a = widgets("data-error", &["--format", "json"]);
    let b = widgets("data-error", &["--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn same_files_in_another_order_give_the_same_output() {
    let dir = "tests/fixtures/data_errors/several-files";
    let a = garant(&[
        "check",
        "--as-of",
        "2024-03-31",
        &format!("{dir}/a.yaml"),
        &format!("{dir}/b.yaml"),
        &format!("{dir}/c.yaml"),
    ]);
    let b = garant(&[
        "check",
        "--as-of",
        "2024-03-31",
        &format!("{dir}/c.yaml"),
        &format!("{dir}/a.yaml"),
        &format!("{dir}/b.yaml"),
    ]);
    assert_eq!(status(&a), 2);
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn no_escape_codes_when_stdout_is_not_a_terminal() {
    for out in [
        paris("human"),
        widgets("warning", &[]),
        widgets("data-error", &[]),
        garant(&[
            "check",
            "--rules",
            "tests/fixtures/cli/clean",
            "cases/paris/data",
        ]),
    ] {
        assert!(
            !out.stdout.contains(&0x1b),
            "escape code in stdout:\n{}",
            stdout(&out)
        );
        assert!(
            !out.stderr.contains(&0x1b),
            "escape code in stderr:\n{}",
            stderr(&out)
        );
    }
}

#[test]
fn json_format_writes_only_json_on_stdout() {
    let out = paris("json");
    let text = stdout(&out);
    assert!(text.starts_with('{') && text.ends_with("}\n"), "{text}");
    json(&out);
}

// ---------------------------------------------------------------- --rules, --as-of

#[test]
fn rules_folder_replaces_the_built_in_regulation() {
    let out = widgets("error", &["--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["rules"], 2);
    assert_eq!(doc["records"], 3);
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(rules, ["WID-SIZE", "WID-SIZE"]);
    assert_eq!(doc["findings"][0]["citation"], "Widget code, art. 1");
}

#[test]
fn rules_file_works_as_well_as_a_folder() {
    let file = format!("{WIDGETS}/widgets.garant");
    let data = format!("{FIX}/error");
    let out = garant(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2024-01-01",
        "--rules",
        &file,
        &data,
    ]);
    assert_eq!(status(&out), 1);
    assert_eq!(json(&out)["rules"], 2);
}

#[test]
fn widget_data_is_unknown_to_the_built_in_regulation() {
    let out = garant(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2024-01-01",
        &format!("{FIX}/clean"),
    ]);
    assert_eq!(status(&out), 2);
    let doc = json(&out);
    assert_eq!(doc["findings"][0]["rule"], "DATA-UNKNOWN-COLLECTION");
    assert_eq!(doc["findings"][0]["record"], Value::Null);
}

#[test]
fn rule_file_that_does_not_compile_exits_2() {
    // a case.yaml given as the rule file: YAML is not the rule language
    let out = garant(&[
        "check",
        "--rules",
        "tests/fixtures/cli/cases/passing/case.yaml",
        "cases/paris/data",
    ]);
    assert_eq!(
        status(&out),
        2,
        "stdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        out.stdout.is_empty(),
        "nothing was checked: {}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("nothing was checked"),
        "{}",
        stderr(&out)
    );
}

/// With `--format json`, the errors of rule files that do not compile are a JSON document on
/// standard output too, each with its code and place; the human errors stay on standard error.
#[test]
fn rule_file_errors_in_json() {
    let dir = std::env::temp_dir().join(format!("garant-cli-rules-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let rules = dir.join("broken.garant");
    let text = "collection widgets (widget) {\n  id: text\n}\n\nrule W-1 \"w\"\n  severity error\n  citation \"c\"\n  for each widget w:\n    require w.colour = \"red\"\n      otherwise \"{w.id}\"\n\nrule W-2 \"w\"\n  severity fatal\n  citation \"c\"\n  for each widget w:\n    require true\n      otherwise \"{w.id}\"\n";
    let _ = std::fs::write(&rules, text);
    let path = rules.to_string_lossy().into_owned();
    let out = garant(&[
        "check",
        "--rules",
        &path,
        "--format",
        "json",
        "cases/paris/data",
    ]);
    let sarif = garant(&[
        "check",
        "--rules",
        &path,
        "--format",
        "sarif",
        "cases/paris/data",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 errors in the rule files"),
        "{}",
        stderr(&out)
    );
    let doc = json(&out);
    assert_eq!(doc["complete"], false);
    assert!(doc.get("findings").is_none(), "{doc}");
    let errors = doc["rule_errors"].as_array().cloned().unwrap_or_default();
    let got: Vec<(String, String, u64, u64, u64, u64)> = errors
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap_or("").to_string(),
                e["message"].as_str().unwrap_or("").to_string(),
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
                e["end"]["line"].as_u64().unwrap_or(0),
                e["end"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "RULES-SYNTAX".into(),
                "expected `error` or `warning`".into(),
                13,
                12,
                13,
                17
            ),
            (
                "RULES-UNKNOWN-FIELD".into(),
                "unknown field `colour` of `widgets`".into(),
                9,
                15,
                9,
                21
            ),
        ]
    );
    assert_eq!(errors[0]["file"].as_str(), Some(path.as_str()));
    assert!(errors[1]["help"].is_null(), "{doc}");
    assert_eq!(status(&sarif), 2);
    assert!(sarif.stdout.is_empty(), "{}", stdout(&sarif));
}

#[test]
fn as_of_on_the_deadline_gives_no_finding() {
    let out = check_pending("2024-02-29", "json");
    let doc = json(&out);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert_eq!(doc["as_of"], "2024-02-29");
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn as_of_after_the_deadline_gives_a_cou_response_finding() {
    let out = check_pending("2024-03-01", "json");
    let doc = json(&out);
    assert_eq!(status(&out), 1, "{}", stdout(&out));
    assert_eq!(doc["as_of"], "2024-03-01");
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "COU-RESPONSE");
    assert_eq!(findings[0]["record"], "SUB-1");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("2024-02-29")
    );
}

#[test]
fn human_summary_names_the_as_of_date() {
    let out = check_pending("2024-03-01", "human");
    let text = stdout(&out);
    let summary = text
        .lines()
        .find(|l| l.contains("checked on"))
        .unwrap_or_default();
    assert!(summary.ends_with("as of 2024-03-01"), "{}", stdout(&out));
}

// ---------------------------------------------------------------- garant test

fn last_line(out: &Output) -> String {
    stdout(out).lines().last().unwrap_or_default().to_string()
}

#[test]
fn test_passing_case_exits_0() {
    let out = garant(&["test", "tests/fixtures/cli/cases/passing"]);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert_eq!(last_line(&out), "1 passed, 0 failed");
    assert!(stdout(&out).contains("tests/fixtures/cli/cases/passing"));
}

#[test]
fn test_failing_case_exits_1_and_shows_the_difference() {
    let out = garant(&["test", "tests/fixtures/cli/cases/failing"]);
    assert_eq!(status(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert_eq!(last_line(&out), "0 passed, 1 failed");
    assert!(text.contains("tests/fixtures/cli/cases/failing"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("missing") && l.contains("WID-SIZE W-1")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("unexpected") && l.contains("WID-SIZE W-2")),
        "{text}"
    );
}

#[test]
fn test_folder_of_cases_counts_both() {
    let out = garant(&["test", "tests/fixtures/cli/cases"]);
    assert_eq!(status(&out), 1);
    assert_eq!(last_line(&out), "1 passed, 1 failed");
    assert_eq!(stdout(&out).lines().count(), 5, "{}", stdout(&out));
}

#[test]
fn test_unreadable_case_yaml_exits_2() {
    let out = garant(&[
        "test",
        "tests/fixtures/cli/cases-unreadable",
        "tests/fixtures/cli/cases/passing",
    ]);
    assert_eq!(status(&out), 2, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("tests/fixtures/cli/cases-unreadable/broken"),
        "{text}"
    );
    assert!(last_line(&out).starts_with("1 passed, "), "{text}");
}

#[test]
fn test_missing_case_folder_exits_2() {
    let out = garant(&["test", "tests/fixtures/cli/no-such-cases"]);
    assert_eq!(status(&out), 2, "{}", stdout(&out));
}

#[test]
fn test_case_yaml_written_at_run_time() {
    // a case folder built in the temporary folder: relative `rules:` are read from the case
    let dir: PathBuf = std::env::temp_dir().join(format!("garant-cli-{}", std::process::id()));
    let case = dir.join("case");
    std::fs::create_dir_all(&case).expect("a temporary folder");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join(WIDGETS);
    std::fs::write(
        case.join("case.yaml"),
        format!(
            "as_of: 2024-01-01\nrules: {}\nexpect:\n  - {{ rule: WID-EMPTY, record: W-2 }}\n",
            rules.display()
        ),
    )
    .expect("case.yaml");
    std::fs::write(
        case.join("widgets.yml"),
        "widgets:\n  - { id: W-2, size: 0 }\n",
    )
    .expect("data");
    let out = garant(&["test", &dir.to_string_lossy()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    assert_eq!(last_line(&out), "1 passed, 0 failed");
}

#[test]
fn a_file_named_twice_is_read_once() {
    // the folder holds promotions.yaml, named again with another spelling: the union of the
    // paths is the same 16 files, not a second copy of every promotion
    let out = garant(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2025-12-31",
        "cases/paris/data",
        "./cases/paris/data/promotions.yaml",
    ]);
    let doc = json(&out);
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default())
        .collect();
    assert!(!rules.contains(&"DATA-DUPLICATE-ID"), "{rules:?}");
    assert_eq!(doc["complete"], true);
    assert_eq!(status(&out), 1);
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(3));
}
