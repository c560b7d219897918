//! `garant test`.

use super::*;

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
