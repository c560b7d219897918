//! Determinism and terminals; `--rules` and `--as-of`.

use super::*;

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
