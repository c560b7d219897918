//! A lawyer amends and reads the built-in regulation without garant's sources: `--amend`,
//! `amend:` in a case, `garant rules --export`. On the built binary. See tests/README.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AMENDMENT: &str = "tests/fixtures/amend/amendment.garant";
const CASE: &str = "tests/fixtures/amend/case";
const CASE_DATA: &str = "tests/fixtures/amend/case/data";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn garant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("garant runs")
}

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = garant(args);
    let doc = serde_json::from_slice(&out.stdout).expect("a JSON document");
    (doc, out.status.code().unwrap_or(-1))
}

fn pairs(doc: &serde_json::Value) -> Vec<(String, String)> {
    let findings = doc["findings"].as_array().expect("findings");
    let text = |f: &serde_json::Value, k: &str| f[k].as_str().unwrap_or("").to_string();
    findings
        .iter()
        .map(|f| (text(f, "rule"), text(f, "record")))
        .collect()
}

fn check_case(extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["check", "--as-of", "2024-03-31", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(CASE_DATA);
    json(&args)
}

#[test]
fn an_amendment_is_checked_with_the_built_in_regulation() {
    let (doc, status) = check_case(&["--amend", AMENDMENT]);
    assert_eq!(status, 1);
    assert_eq!(pairs(&doc), [("IND-MAX-HALF-DAYS".into(), "IND-3".into())]);
    assert_eq!(
        doc["rules"], 32,
        "the 31 built-in rules and the amendment's"
    );
    let files = doc["receipt"]["rules"]["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 11);
    assert!(
        paths[..10].iter().all(|p| p.starts_with("built-in:rules/")),
        "{paths:?}"
    );
    assert_eq!(paths[10], AMENDMENT);
}

#[test]
fn without_the_amendment_the_same_data_is_clean() {
    let (doc, status) = check_case(&[]);
    assert_eq!(status, 0);
    assert!(pairs(&doc).is_empty());
}

#[test]
fn an_amended_rate_is_read_from_its_date() {
    let data = "cases/IND-AMOUNT/two-half-days-paid-as-one";
    let args = |as_of| {
        [
            "check", "--as-of", as_of, "--format", "json", "--amend", AMENDMENT, data,
        ]
    };
    let (before, _) = json(&args("2025-12-31"));
    let (after, _) = json(&args("2026-06-30"));
    assert_eq!(
        pairs(&before),
        pairs(&after),
        "the 2026 rate does not reach 2023's indemnities"
    );
}

#[test]
fn an_amendment_given_as_the_rules_says_how_to_amend() {
    let out = garant(&[
        "check",
        "--as-of",
        "2024-03-31",
        "--rules",
        AMENDMENT,
        CASE_DATA,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`indemnity_per_half_day` amends an unknown parameter"),
        "{err}"
    );
    assert!(
        err.contains(
            "--rules replaces the built-in regulation; to amend it, give the file with --amend FILE"
        ),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_amendment_may_amend_the_rules_of_rules_too() {
    let (doc, status) = check_case(&["--rules", "rules", "--amend", AMENDMENT]);
    assert_eq!(status, 1);
    assert_eq!(pairs(&doc), [("IND-MAX-HALF-DAYS".into(), "IND-3".into())]);
    let first = &doc["receipt"]["rules"]["files"][0]["path"];
    assert_eq!(
        first, "rules/00-schema.garant",
        "files of --rules are named by their path"
    );
}

#[test]
fn a_missing_amendment_is_a_usage_error() {
    let out = garant(&["check", "--amend", "no-such.garant", CASE_DATA]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: the amendment `no-such.garant` does not exist"),
        "{err}"
    );
}

#[test]
fn a_case_names_its_amendment() {
    let out = garant(&["test", CASE]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("1 passed, 0 failed"), "{text}");
}

#[test]
fn the_rules_list_shows_the_amendment_s_rule() {
    let out = garant(&["rules", "--amend", AMENDMENT]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("| `IND-MAX-HALF-DAYS` | error |"), "{text}");
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("garant-amend-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    Scratch(dir)
}

fn rule_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_export_writes_the_built_in_files_as_they_are_built_in() {
    let dir = scratch("export");
    let out = garant(&["rules", "--export", dir.0.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(rule_files(&dir.0), rule_files(&root().join("rules")));
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), 10, "{listed}");
}

#[test]
fn the_exported_files_check_as_the_built_in_regulation_does() {
    let dir = scratch("same");
    let exported = dir.0.to_str().unwrap();
    garant(&["rules", "--export", exported]);
    let check = ["check", "--as-of", "2025-12-31", "--format", "json"];
    let (a, _) = json(&[&check[..], &["cases/paris/data"]].concat());
    let (b, _) = json(&[&check[..], &["--rules", exported, "cases/paris/data"]].concat());
    assert_eq!(pairs(&a), pairs(&b));
    assert_eq!(
        a["receipt"]["rules"]["sha256"],
        b["receipt"]["rules"]["sha256"]
    );
}

#[test]
fn a_finding_names_the_rule_file_the_export_writes() {
    let dir = scratch("pointer");
    garant(&["rules", "--export", dir.0.to_str().unwrap()]);
    let (doc, _) = json(&[
        "check",
        "--as-of",
        "2025-12-31",
        "--format",
        "json",
        "cases/paris/data",
    ]);
    for f in doc["findings"].as_array().unwrap() {
        let file = f["rule_file"].as_str().unwrap();
        let name = file.strip_prefix("rules/").expect("a built-in rule file");
        let text = std::fs::read_to_string(dir.0.join(name)).expect("exported");
        let line = text
            .lines()
            .nth(f["rule_line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        assert!(
            line.starts_with(&format!("rule {} ", f["rule"].as_str().unwrap())),
            "{line}"
        );
    }
}

#[test]
fn the_export_never_overwrites_a_changed_file_unless_forced() {
    let dir = scratch("force");
    let path = dir.0.to_str().unwrap();
    garant(&["rules", "--export", path]);
    assert_eq!(
        garant(&["rules", "--export", path]).status.code(),
        Some(0),
        "same bytes"
    );
    let edited = dir.0.join("70-indemnities.garant");
    std::fs::write(&edited, "# edited by a lawyer\n").unwrap();
    let out = garant(&["rules", "--export", path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("70-indemnities.garant") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "# edited by a lawyer\n"
    );
    assert_eq!(
        garant(&["rules", "--export", path, "--force"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(rule_files(&dir.0), rule_files(&root().join("rules")));
}

/// The fenced blocks of the README's section "Amending the regulation", by their info string.
fn readme_block(info: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme
        .split("## Amending the regulation")
        .nth(1)
        .expect("the section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let fence = format!("```{info}\n");
    let start = section.find(&fence).expect("the block") + fence.len();
    section[start..]
        .split("```")
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_readme_shows_the_amendment_and_what_it_finds() {
    let amendment = std::fs::read_to_string(root().join(AMENDMENT)).unwrap();
    assert_eq!(
        readme_block("garant"),
        amendment,
        "the README quotes the fixture"
    );
    let out = garant(&[
        "check",
        "--as-of",
        "2024-03-31",
        "--amend",
        AMENDMENT,
        CASE_DATA,
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let shown = text.split("receipt: garant").next().unwrap_or("");
    assert_eq!(readme_block("text amendment"), shown);
}
