//! `garant test --coverage` on the fixture of `tests/fixtures/cli/coverage/`: a widget
//! regulation whose two cases leave known gaps (WID-THIN never fires, its guarded requirement
//! never fails, its second check never applies, the `max_size` value of 2024 is never read),
//! one value in force after every case and one parameter no rule reads. The human table and
//! lists, the JSON object, `--min-coverage` and the formats that leave coverage out.

use std::process::{Command, Output};

use serde_json::{Value, json};

const CASES: &str = "tests/fixtures/cli/coverage/cases";
const RULES: &str = "tests/fixtures/cli/coverage/rules/widgets.garant";

fn garant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("garant runs")
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("garant exits with a status")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn coverage_json(extra: &[&str]) -> Value {
    let mut args = vec!["test", "--format", "json", "--coverage"];
    args.extend_from_slice(extra);
    args.push(CASES);
    let out = garant(&args);
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    doc["coverage"].clone()
}

#[test]
fn the_human_table_lists_each_rule_the_gaps_and_the_figures() {
    let out = garant(&["test", "--coverage", CASES]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let expected = format!(
        "\
ok     {CASES}/size-clean
ok     {CASES}/size-too-big
coverage of the rules by 2 cases:
  rule       fires  passes  requirements held and failed
  WID-SIZE       1       1  1 of 1
  WID-THIN      NO       2  0 of 2
not covered:
  WID-THIN ({RULES}:28): no case gives a finding
  WID-THIN require 1 ({RULES}:33): it never fails
  WID-THIN require 2 ({RULES}:37): no case evaluates it
  parameter `max_size`, value from 2024-01-01 ({RULES}:14): no case reads it
not counted:
  parameter `max_size`, value from 2030-01-01 ({RULES}:15): in force after the as-of date of every case
  parameter `colours` ({RULES}:18): no rule reads it
coverage: rules fired 1 of 2 (50.0 %), rules passed 2 of 2 (100.0 %), requirements held and failed 1 of 3 (33.3 %), parameter values read 1 of 2 (50.0 %); total 5 of 9 (55.5 %)
2 passed, 0 failed
"
    );
    assert_eq!(text, expected);
}

#[test]
fn the_json_object_has_the_figures_and_every_item() {
    let c = coverage_json(&[]);
    assert_eq!(c["cases"], 2);
    let figure = |covered: u64, of: u64, percent: f64| json!({"covered": covered, "of": of, "percent": percent});
    assert_eq!(c["summary"]["rules_fired"], figure(1, 2, 50.0));
    assert_eq!(c["summary"]["rules_passed"], figure(2, 2, 100.0));
    assert_eq!(c["summary"]["requirements"], figure(1, 3, 33.3));
    assert_eq!(c["summary"]["parameter_values"], figure(1, 2, 50.0));
    assert_eq!(c["summary"]["total"], figure(5, 9, 55.5));
    let size = &c["rules"][0];
    assert_eq!(
        (&size["id"], &size["file"], &size["line"]),
        (&json!("WID-SIZE"), &json!(RULES), &json!(20))
    );
    assert_eq!((&size["fired"], &size["passed"]), (&json!(1), &json!(1)));
    // W-1 holds in both cases, W-2 fails in one
    let req = &size["requirements"][0];
    assert_eq!(
        (&req["held"], &req["failed"], &req["skipped"]),
        (&json!(2), &json!(1), &json!(0))
    );
    let thin = &c["rules"][1]["requirements"];
    assert_eq!(
        thin[1],
        json!({"number": 2, "check": 2, "file": RULES, "line": 37, "held": 0, "failed": 0, "skipped": 0})
    );
    let max_size = &c["parameters"][0];
    assert_eq!(max_size["read_by_rules"], true);
    let values: Vec<(&str, bool, bool)> = max_size["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            (
                v["from"].as_str().unwrap_or_default(),
                v["reads"] != 0,
                v["in_force"] == true,
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            ("2020-01-01", true, true),
            ("2024-01-01", false, true),
            ("2030-01-01", false, false)
        ]
    );
    assert_eq!(c["parameters"][1]["name"], "colours");
    assert_eq!(c["parameters"][1]["read_by_rules"], false);
}

#[test]
fn a_guard_that_is_false_is_skipped_not_held() {
    // a widget of size 0 skips WID-THIN's guarded requirement; written at run time
    let dir = std::env::temp_dir().join(format!("garant-coverage-{}", std::process::id()));
    let case = dir.join("case");
    std::fs::create_dir_all(&case).expect("a temporary folder");
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RULES);
    let yaml = format!(
        "as_of: 2023-06-30\nrules: {}\nexpect: []\n",
        rules.display()
    );
    std::fs::write(case.join("case.yaml"), yaml).expect("case.yaml");
    let data = "widgets:\n  - { id: W-0, size: 0, made_on: 2023-01-01 }\n";
    std::fs::write(case.join("widgets.yaml"), data).expect("widgets.yaml");
    let out = garant(&[
        "test",
        "--format",
        "json",
        "--coverage",
        &dir.to_string_lossy(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let req = &doc["coverage"]["rules"][1]["requirements"][0];
    assert_eq!(
        (&req["held"], &req["failed"], &req["skipped"]),
        (&json!(0), &json!(0), &json!(1))
    );
}

#[test]
fn min_coverage_fails_below_the_total_only() {
    assert_eq!(status(&garant(&["test", "--min-coverage", "55", CASES])), 0);
    let out = garant(&["test", "--min-coverage", "55.6", CASES]);
    assert_eq!(status(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: the coverage is 55.5 % (5 of 9 items), below --min-coverage 55.6\n"
    );
    // --min-coverage implies --coverage
    assert!(
        stdout(&out).contains("total 5 of 9 (55.5 %)"),
        "{}",
        stdout(&out)
    );
    let out = garant(&["test", "--min-coverage", "101", CASES]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).contains("not a percentage"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_failing_case_keeps_its_status_whatever_the_coverage() {
    let out = garant(&["test", "--min-coverage", "0", "tests/fixtures/cli/cases"]);
    assert_eq!(status(&out), 1);
    let out = garant(&[
        "test",
        "--min-coverage",
        "100",
        "tests/fixtures/cli/cases-unreadable",
    ]);
    assert_eq!(status(&out), 2);
}

#[test]
fn without_coverage_the_outputs_are_unchanged() {
    let plain = garant(&["test", "--format", "json", CASES]);
    let doc: Value = serde_json::from_str(&stdout(&plain)).expect("one JSON document");
    assert!(doc.get("coverage").is_none());
    // JUnit has no coverage: the same bytes with and without --coverage
    let junit = garant(&["test", "--format", "junit", CASES]);
    let with = garant(&["test", "--format", "junit", "--coverage", CASES]);
    assert_eq!(stdout(&junit), stdout(&with));
    let again = coverage_json(&[]);
    assert_eq!(again, coverage_json(&[]));
}
