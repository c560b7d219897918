//! What a committee member needs to close a period and a CI job to gate a change
//! (`shared/spec/signoff.md`), checked on the built binary: the receipt against hashes computed
//! here, byte-identical reports, `--baseline` (new, known, resolved), `--waivers` in the JSON
//! document and in the exit status, `--output` (the same bytes as standard output; a write that
//! fails is status 2 and leaves no file), an empty data folder, and the human report's "Waived:"
//! part and closing lines.
//!
//! Fixtures: `tests/fixtures/signoff/` holds waivers files (the W-2025-01 example of the spec for
//! `cases/paris/data`; two for the data of `cases/IND-AMOUNT/two-half-days-paid-as-one`, whose one
//! finding is IND-AMOUNT on IND-1) and a JSON file that is not a garant report. Datasets that a
//! test changes are copied to a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

const FIX: &str = "tests/fixtures/signoff";
const PARIS: &str = "cases/paris/data";
const PARIS_WAIVERS: &str = "tests/fixtures/signoff/paris-waivers.yaml";
/// One finding: IND-AMOUNT on IND-1 (2 half-days paid 44 EUR), as of 2024-03-31.
const IND: &str = "cases/IND-AMOUNT/two-half-days-paid-as-one";
const IND_FILES: [&str; 4] = [
    "activity.yaml",
    "committee.yaml",
    "members.yaml",
    "promotions.yaml",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn command(args: &[&str], dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_garant"));
    c.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GARANT_TIMING");
    c
}

/// Runs garant in the package root.
fn garant(args: &[&str]) -> Output {
    garant_in(root(), args)
}

fn garant_in(dir: &Path, args: &[&str]) -> Output {
    command(args, dir).output().expect("garant runs")
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

fn json(out: &Output) -> Json {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON document ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// `garant check --as-of 2025-12-31 [extra] cases/paris/data`.
fn paris(extra: &[&str]) -> Output {
    let mut args = vec!["check", "--as-of", "2025-12-31"];
    args.extend_from_slice(extra);
    args.push(PARIS);
    garant(&args)
}

/// `garant check --as-of 2024-03-31 [extra]` on the data files of the IND-AMOUNT case.
fn ind(extra: &[&str]) -> Output {
    let files: Vec<String> = IND_FILES.iter().map(|f| format!("{IND}/{f}")).collect();
    let mut args = vec!["check", "--as-of", "2024-03-31"];
    args.extend_from_slice(extra);
    args.extend(files.iter().map(String::as_str));
    garant(&args)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_sha256(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The SHA-256 of a receipt list: of its files' hashes, each followed by a newline, in order.
fn list_sha256(files: &[Json]) -> String {
    let lines: String = files
        .iter()
        .map(|f| format!("{}\n", f["sha256"].as_str().expect("a file's sha256")))
        .collect();
    sha256_hex(lines.as_bytes())
}

/// The number of records of a data file, read apart from garant: the items of each top-level
/// list.
fn records_of(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("a data file");
    let doc: BTreeMap<String, Vec<serde::de::IgnoredAny>> =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.values().map(Vec::len).sum()
}

/// The (rule, record, waived id, baseline mark) of every finding of a JSON document.
fn rows(doc: &Json) -> Vec<(String, String, String, String)> {
    let text = |v: &Json| v.as_str().unwrap_or("-").to_string();
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                text(&f["rule"]),
                text(&f["record"]),
                text(&f["waived"]["id"]),
                text(&f["baseline"]),
            )
        })
        .collect()
}

/// A temporary folder, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("garant-signoff-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        Dir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).expect("a file");
    }

    /// The names of the files it holds, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("the temporary folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------- the receipt

#[test]
fn receipt_names_every_file_with_its_sha256() {
    let out = paris(&["--format", "json", "--waivers", PARIS_WAIVERS]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json(&out);
    let receipt = &doc["receipt"];

    assert_eq!(receipt["garant"]["version"], env!("CARGO_PKG_VERSION"));
    let commit = &receipt["garant"]["commit"];
    assert!(
        commit.is_null()
            || commit
                .as_str()
                .is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_hexdigit())),
        "commit is null or a hexadecimal commit id: {commit}"
    );
    assert_eq!(receipt["as_of"], "2025-12-31");

    // Data: every file of the folder, in byte order of the path, each with its hash and records.
    let data = receipt["data"]["files"].as_array().expect("data files");
    let mut expected: Vec<String> = Vec::new();
    let mut stack = vec![root().join(PARIS)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("the data folder").flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                let relative = path.strip_prefix(root()).expect("under the root");
                expected.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    expected.sort();
    let paths: Vec<&str> = data.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, expected);
    let mut total = 0;
    for f in data {
        let path = root().join(f["path"].as_str().unwrap());
        assert_eq!(
            f["sha256"],
            file_sha256(&path),
            "sha256 of {}",
            path.display()
        );
        let records = records_of(&path);
        assert_eq!(f["records"], records, "records of {}", path.display());
        total += records;
    }
    assert_eq!(doc["records"], total);
    assert_eq!(receipt["data"]["sha256"], list_sha256(data));

    // Rules: the built-in files, named as `garant rules --export` would write them.
    let rules = receipt["rules"]["files"].as_array().expect("rule files");
    let mut shipped: Vec<String> = std::fs::read_dir(root().join("rules"))
        .expect("rules/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".garant"))
        .collect();
    shipped.sort();
    let named: Vec<&str> = rules.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let expected: Vec<String> = shipped
        .iter()
        .map(|n| format!("built-in:rules/{n}"))
        .collect();
    assert_eq!(named, expected);
    for (f, name) in rules.iter().zip(&shipped) {
        let path = root().join("rules").join(name);
        assert_eq!(f["sha256"], file_sha256(&path), "sha256 of rules/{name}");
        assert!(
            f.get("records").is_none(),
            "a rule file has no records: {f}"
        );
    }
    assert_eq!(receipt["rules"]["sha256"], list_sha256(rules));

    // Waivers: the file as given, with its hash.
    let waivers = receipt["waivers"]["files"]
        .as_array()
        .expect("waivers files");
    assert_eq!(waivers.len(), 1);
    assert_eq!(waivers[0]["path"], PARIS_WAIVERS);
    assert_eq!(
        waivers[0]["sha256"],
        file_sha256(&root().join(PARIS_WAIVERS))
    );
}

#[test]
fn list_hash_of_no_file_is_that_of_nothing() {
    let out = paris(&["--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["receipt"]["waivers"]["files"], serde_json::json!([]));
    // Without --waivers the receipt still names the data and rules.
    assert_eq!(
        doc["receipt"]["data"]["files"].as_array().map(Vec::len),
        Some(16)
    );
    let empty = Dir::new("no-file");
    let out = garant(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2025-12-31",
        empty.0.to_str().unwrap(),
    ]);
    let doc = json(&out);
    assert_eq!(doc["receipt"]["data"]["files"], serde_json::json!([]));
    assert_eq!(doc["receipt"]["data"]["sha256"], sha256_hex(b""));
}

#[test]
fn receipt_of_the_rules_given_names_them_as_given() {
    let out = garant(&[
        "check",
        "--format",
        "json",
        "--rules",
        "tests/fixtures/cli/rules",
        "--as-of",
        "2024-01-01",
        "tests/fixtures/cli/clean",
    ]);
    let doc = json(&out);
    let rules = doc["receipt"]["rules"]["files"]
        .as_array()
        .expect("rule files");
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["path"], "tests/fixtures/cli/rules/widgets.garant");
    assert_eq!(
        rules[0]["sha256"],
        file_sha256(&root().join("tests/fixtures/cli/rules/widgets.garant"))
    );
}

// ---------------------------------------------------------------- determinism

#[test]
fn same_inputs_give_byte_identical_reports() {
    let dir = Dir::new("determinism");
    let base = dir.path("base.json");
    let written = paris(&["--format", "json", "--output", base.to_str().unwrap()]);
    assert_eq!(status(&written), 1, "{}", stderr(&written));
    let base = base.to_str().unwrap();
    for extra in [
        vec![],
        vec!["--format", "json"],
        vec!["--waivers", PARIS_WAIVERS],
        vec!["--format", "json", "--waivers", PARIS_WAIVERS],
        vec!["--waivers", PARIS_WAIVERS, "--baseline", base],
        vec![
            "--format",
            "json",
            "--waivers",
            PARIS_WAIVERS,
            "--baseline",
            base,
        ],
    ] {
        let first = paris(&extra);
        let second = paris(&extra);
        assert!(!first.stdout.is_empty(), "{extra:?}: a report");
        assert!(
            first.stdout == second.stdout,
            "{extra:?}: two runs differ:\n{}\n---\n{}",
            stdout(&first),
            stdout(&second)
        );
        assert_eq!(status(&first), status(&second), "{extra:?}");
    }
}

// ---------------------------------------------------------------- the baseline

/// The activity of the baseline: IND-1 and IND-2 paid wrong, IND-3 right.
const BEFORE: &str = "indemnities:
  - { id: IND-1, member: P2-002, date: 2023-10-07, half_days: 2, amount_eur: 44 }
  - { id: IND-2, member: P2-003, date: 2023-10-07, half_days: 1, amount_eur: 40 }
  - { id: IND-3, member: P2-004, date: 2023-10-07, half_days: 1, amount_eur: 44 }
";

/// IND-1 corrected, IND-2 still wrong, IND-3 now wrong.
const AFTER: &str = "indemnities:
  - { id: IND-1, member: P2-002, date: 2023-10-07, half_days: 2, amount_eur: 88 }
  - { id: IND-2, member: P2-003, date: 2023-10-07, half_days: 1, amount_eur: 40 }
  - { id: IND-3, member: P2-004, date: 2023-10-07, half_days: 1, amount_eur: 50 }
";

/// A copy of the IND-AMOUNT case's data with `activity` as its indemnities.
fn ind_copy(dir: &Dir, activity: &str) {
    for f in IND_FILES {
        std::fs::copy(root().join(IND).join(f), dir.path(f)).expect("a copy");
    }
    dir.write("activity.yaml", activity);
}

fn check_in(dir: &Dir, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--as-of", "2024-03-31"];
    args.extend_from_slice(extra);
    args.extend(IND_FILES);
    garant_in(&dir.0, &args)
}

#[test]
fn baseline_marks_findings_new_or_known_and_lists_the_resolved() {
    let dir = Dir::new("baseline");
    ind_copy(&dir, BEFORE);
    let written = check_in(&dir, &["--format", "json", "--output", "base.json"]);
    assert_eq!(status(&written), 1, "{}", stderr(&written));
    assert!(written.stdout.is_empty(), "--output leaves stdout empty");
    let base: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.path("base.json")).unwrap()).unwrap();
    let pairs: Vec<_> = rows(&base).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        pairs,
        [
            ("IND-AMOUNT".to_string(), "IND-1".to_string()),
            ("IND-AMOUNT".to_string(), "IND-2".to_string())
        ]
    );
    assert!(base.get("resolved").is_none(), "no baseline, no resolved");
    assert!(base["findings"][0].get("baseline").is_none());

    dir.write("activity.yaml", AFTER);
    let out = check_in(&dir, &["--format", "json", "--baseline", "base.json"]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc = json(&out);
    let marks: Vec<(String, String)> = rows(&doc).into_iter().map(|r| (r.1, r.3)).collect();
    assert_eq!(
        marks,
        [
            ("IND-2".to_string(), "known".to_string()),
            ("IND-3".to_string(), "new".to_string())
        ]
    );
    let resolved = doc["resolved"].as_array().expect("resolved");
    assert_eq!(resolved.len(), 1);
    // As the baseline had it, every field.
    assert_eq!(resolved[0], base["findings"][0]);
    assert_eq!(resolved[0]["record"], "IND-1");
    assert_eq!(doc["baseline_receipt"], base["receipt"]);
    assert_ne!(
        doc["receipt"]["data"]["sha256"], base["receipt"]["data"]["sha256"],
        "the data changed"
    );

    let human = check_in(&dir, &["--baseline", "base.json"]);
    let text = stdout(&human);
    assert!(
        text.contains("\nagainst the baseline: 1 new, 1 known, 1 resolved\n"),
        "{text}"
    );
    assert!(
        text.contains("\n  resolved: IND-AMOUNT IND-1: IND-1 pays 44.00 EUR for 2 half-days"),
        "{text}"
    );
    assert!(text.contains("\nbaseline receipt: garant "), "{text}");
    let known = text.find("IND-2 pays").expect("IND-2 shown");
    let new = text.find("IND-3 pays").expect("IND-3 shown");
    assert!(
        text[known..new].contains("known: in the baseline too"),
        "{text}"
    );
    assert!(text[new..].contains("new since the baseline"), "{text}");
}

/// The keys of the first object of `key` (`findings` or `resolved`) in a JSON text, in the
/// order written.
fn keys_as_written(text: &str, key: &str) -> Vec<String> {
    let start = text
        .find(&format!("\"{key}\": ["))
        .unwrap_or_else(|| panic!("`{key}` in\n{text}"));
    let object = &text[start..];
    let end = object.find("\n    }").expect("the end of the first object");
    object[..end]
        .lines()
        .filter(|l| l.starts_with("      \"") && !l.starts_with("       "))
        .map(|l| l.trim().split('"').nth(1).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn resolved_findings_keep_the_field_order_of_the_baseline() {
    let dir = Dir::new("baseline-order");
    ind_copy(&dir, BEFORE);
    check_in(&dir, &["--format", "json", "--output", "base.json"]);
    dir.write("activity.yaml", AFTER);
    let out = check_in(&dir, &["--format", "json", "--baseline", "base.json"]);
    let base = std::fs::read_to_string(dir.path("base.json")).unwrap();
    let written = keys_as_written(&base, "findings");
    assert_eq!(written.first().map(String::as_str), Some("rule"));
    assert_eq!(keys_as_written(&stdout(&out), "resolved"), written);
}

#[test]
fn baseline_of_the_same_data_knows_every_finding() {
    let dir = Dir::new("baseline-same");
    let base = dir.path("base.json");
    paris(&["--format", "json", "--output", base.to_str().unwrap()]);
    let out = paris(&["--format", "json", "--baseline", base.to_str().unwrap()]);
    let doc = json(&out);
    let marks: Vec<String> = rows(&doc).into_iter().map(|r| r.3).collect();
    assert_eq!(marks, ["known", "known", "known"]);
    assert_eq!(doc["resolved"], serde_json::json!([]));
}

#[test]
fn baseline_is_compared_as_a_multiset() {
    // The baseline holds IND-AMOUNT IND-1 twice: one matches, the other is resolved.
    let dir = Dir::new("baseline-multiset");
    let base = dir.path("base.json");
    ind(&["--format", "json", "--output", base.to_str().unwrap()]);
    let mut doc: Json = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    let finding = doc["findings"][0].clone();
    doc["findings"]
        .as_array_mut()
        .unwrap()
        .push(finding.clone());
    std::fs::write(&base, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = ind(&["--format", "json", "--baseline", base.to_str().unwrap()]);
    let doc = json(&out);
    let marks: Vec<String> = rows(&doc).into_iter().map(|r| r.3).collect();
    assert_eq!(marks, ["known"]);
    assert_eq!(doc["resolved"], serde_json::json!([finding]));
}

#[test]
fn baseline_that_is_not_a_garant_report_is_a_usage_error() {
    let not_json = format!("{IND}/members.yaml");
    let not_report = format!("{FIX}/not-a-report.json");
    for baseline in [
        not_json.as_str(),
        not_report.as_str(),
        "no-such-baseline.json",
    ] {
        let out = ind(&["--format", "json", "--baseline", baseline]);
        assert_eq!(status(&out), 2, "{baseline}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{baseline}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(baseline), "names the baseline: {err}");
    }
}

// ---------------------------------------------------------------- waivers

#[test]
fn waived_finding_carries_its_waiver_and_does_not_count() {
    let out = paris(&["--format", "json", "--waivers", PARIS_WAIVERS]);
    assert_eq!(status(&out), 1, "two errors are not waived");
    let doc = json(&out);
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 3, "a waived finding is still reported");
    let waived: Vec<&Json> = findings.iter().filter(|f| !f["waived"].is_null()).collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["rule"], "IND-AMOUNT");
    assert_eq!(waived[0]["record"], "IND-01214");
    assert_eq!(
        waived[0]["waived"],
        serde_json::json!({
            "id": "W-2025-01",
            "justification": "Paid 44.00 EUR in cash on the day; the missing 44.00 EUR was paid on 2024-01-20 (receipt 2024-117).",
            "approved_by": "Committee of Guarantee, session of 2024-02-03",
            "approved_on": "2024-02-03",
            "expires_on": "2026-01-01"
        })
    );
    for f in findings.iter().filter(|f| f["waived"].is_null()) {
        assert!(f.get("waived").is_some(), "`waived: null` is written: {f}");
    }
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "error": 2, "warning": 0, "waived": 1 })
    );
}

#[test]
fn waiver_with_no_expiry_has_expires_on_null() {
    let out = ind(&[
        "--format",
        "json",
        "--waivers",
        &format!("{FIX}/ind-1.yaml"),
    ]);
    let doc = json(&out);
    assert_eq!(doc["findings"][0]["waived"]["id"], "W-2024-01");
    assert!(doc["findings"][0]["waived"]["expires_on"].is_null());
}

#[test]
fn every_error_waived_exits_0() {
    let without = ind(&[]);
    assert_eq!(status(&without), 1);
    let out = ind(&[
        "--format",
        "json",
        "--waivers",
        &format!("{FIX}/ind-1.yaml"),
    ]);
    assert_eq!(status(&out), 0, "{}", stdout(&out));
    let doc = json(&out);
    assert_eq!(doc["complete"], true);
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "error": 0, "warning": 0, "waived": 1 })
    );
    let with_deny = ind(&["--deny-warnings", "--waivers", &format!("{FIX}/ind-1.yaml")]);
    assert_eq!(status(&with_deny), 0, "a waived error is no warning either");
}

#[test]
fn unused_waiver_is_a_warning_that_deny_warnings_fails() {
    let waivers = format!("{FIX}/ind-1-and-unused.yaml");
    let out = ind(&["--format", "json", "--waivers", &waivers]);
    assert_eq!(status(&out), 0, "a warning alone exits 0");
    let doc = json(&out);
    assert_eq!(
        rows(&doc),
        [
            ("IND-AMOUNT", "IND-1", "W-2024-01", "-"),
            ("WAIVER-UNUSED", "W-2024-02", "-", "-"),
        ]
        .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()))
    );
    let unused = &doc["findings"][1];
    assert_eq!(unused["severity"], "warning");
    assert_eq!(unused["collection"], "waivers");
    assert_eq!(unused["file"], waivers.as_str());
    assert_eq!(unused["line"], 10, "the waiver's place in its file");
    assert!(unused["waived"].is_null());
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "error": 0, "warning": 1, "waived": 1 })
    );
    let denied = ind(&["--deny-warnings", "--waivers", &waivers]);
    assert_eq!(status(&denied), 1);
}

#[test]
fn repeated_waivers_options_read_every_file() {
    let out = ind(&[
        "--format",
        "json",
        "--waivers",
        &format!("{FIX}/ind-1.yaml"),
        "--waivers",
        PARIS_WAIVERS,
    ]);
    let doc = json(&out);
    let files: Vec<&str> = doc["receipt"]["waivers"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert!(files.contains(&PARIS_WAIVERS), "{files:?}");
    // W-2025-01 (IND-01214) holds on 2024-03-31 and has no finding in this dataset.
    assert_eq!(
        rows(&doc)
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>(),
        [
            ("IND-AMOUNT".to_string(), "IND-1".to_string()),
            ("WAIVER-UNUSED".to_string(), "W-2025-01".to_string())
        ]
    );
}

#[test]
fn invalid_waivers_file_stops_the_check() {
    let dir = Dir::new("invalid-waivers");
    dir.write(
        "waivers.yaml",
        "waivers:\n  - { id: W-1, rule: IND-AMOUNT, record: IND-1, justification: ok, approved_by: me, approved_on: 2024-01-13, expires_on: 2024-01-13 }\n",
    );
    let out = ind(&[
        "--format",
        "json",
        "--waivers",
        dir.path("waivers.yaml").to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 2);
    let doc = json(&out);
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["rules"], 0);
    assert_eq!(
        rows(&doc)
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>(),
        [("DATA-INVALID-VALUE".to_string(), "W-1".to_string())]
    );
    assert_eq!(doc["findings"][0]["collection"], "waivers");
}

#[test]
fn missing_waivers_file_is_a_usage_error() {
    let out = ind(&["--waivers", "no-such-waivers.yaml"]);
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-waivers.yaml"));
}

// ---------------------------------------------------------------- --output

#[test]
fn output_file_holds_the_bytes_of_standard_output() {
    let dir = Dir::new("output");
    for format in ["human", "json"] {
        let name = format!("report.{format}");
        let target = dir.path(&name);
        let args = ["--format", format, "--waivers", PARIS_WAIVERS];
        let to_stdout = paris(&args);
        let mut with_output = args.to_vec();
        with_output.extend(["--output", target.to_str().unwrap()]);
        let to_file = paris(&with_output);
        assert_eq!(status(&to_file), status(&to_stdout), "{format}");
        assert!(to_file.stdout.is_empty(), "{format}: {}", stdout(&to_file));
        assert!(to_file.stderr.is_empty(), "{format}: {}", stderr(&to_file));
        let written = std::fs::read(&target).expect("the report file");
        assert!(
            written == to_stdout.stdout,
            "{format}: the file differs from standard output"
        );
    }
    // An existing file is replaced whole, and no temporary file is left beside it.
    std::fs::write(dir.path("report.json"), "x".repeat(1_000_000)).unwrap();
    paris(&[
        "--format",
        "json",
        "--output",
        dir.path("report.json").to_str().unwrap(),
    ]);
    let doc: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.path("report.json")).unwrap())
            .expect("the whole new report");
    assert_eq!(doc["as_of"], "2025-12-31");
    assert_eq!(dir.names(), ["report.human", "report.json"]);
}

#[test]
fn output_may_be_the_baseline_it_is_compared_with() {
    let dir = Dir::new("output-baseline");
    let report = dir.path("last-signed.json");
    let report = report.to_str().unwrap();
    paris(&["--format", "json", "--output", report]);
    let out = paris(&["--format", "json", "--baseline", report, "--output", report]);
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let doc: Json = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let marks: Vec<String> = rows(&doc).into_iter().map(|r| r.3).collect();
    assert_eq!(marks, ["known", "known", "known"]);
}

#[test]
fn output_to_a_full_device_exits_2() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let out = paris(&["--format", "json", "--output", "/dev/full"]);
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("/dev/full"), "{err}");
}

#[test]
fn output_in_a_folder_that_does_not_exist_exits_2_and_leaves_no_file() {
    let dir = Dir::new("output-no-folder");
    let target = dir.path("missing/report.json");
    let out = paris(&["--format", "json", "--output", target.to_str().unwrap()]);
    assert_eq!(status(&out), 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(!target.exists());
    assert!(dir.names().is_empty(), "{:?}", dir.names());
}

#[test]
fn closed_pipe_on_standard_output_exits_2() {
    // A pipe whose reading end is closed before garant writes: the write fails (EPIPE).
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut c = command(
        &["check", "--as-of", "2025-12-31", "--format", "json", PARIS],
        root(),
    );
    let out = c
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("garant runs");
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write the report to standard output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn full_device_on_standard_output_exits_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let out = command(&["check", "--as-of", "2025-12-31", PARIS], root())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("garant runs");
    assert_eq!(status(&out), 2, "{}", stderr(&out));
}

#[test]
#[ignore = "not reachable: before main, Rust's runtime opens /dev/null on a standard output that was closed (`>&-`), so the writes succeed; a closed pipe and a full disk are errors (tests above)"]
fn closed_standard_output_exits_2() {
    // `garant check ... >&-`: standard output is not open at all.
    let out = Command::new("sh")
        .args([
            "-c",
            "exec \"$0\" check --rules tests/fixtures/cli/rules --as-of 2024-01-01 tests/fixtures/cli/clean >&-",
            env!("CARGO_BIN_EXE_garant"),
        ])
        .current_dir(root())
        .output()
        .expect("sh runs");
    assert_eq!(status(&out), 2, "a lost report must not pass a CI gate");
}

// ---------------------------------------------------------------- no data

#[test]
fn empty_data_folder_is_a_data_error() {
    let dir = Dir::new("empty-data");
    std::fs::create_dir_all(dir.path("data/members")).unwrap();
    std::fs::write(dir.path("data/README.txt"), "not data").unwrap();
    let out = garant_in(
        &dir.0,
        &["check", "--format", "json", "--as-of", "2025-12-31", "data"],
    );
    assert_eq!(status(&out), 2, "a wrong path never passes a CI gate");
    let doc = json(&out);
    assert_eq!(doc["complete"], false);
    assert_eq!(doc["rules"], 0);
    assert_eq!(doc["records"], 0);
    assert_eq!(
        rows(&doc)
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>(),
        [("DATA-READ".to_string(), "-".to_string())]
    );
    assert_eq!(doc["findings"][0]["file"], "data");
    assert!(doc["findings"][0]["record"].is_null());
    let human = garant_in(&dir.0, &["check", "--as-of", "2025-12-31", "data"]);
    assert_eq!(status(&human), 2);
    assert!(stdout(&human).contains("DATA-READ"), "{}", stdout(&human));
}

// ---------------------------------------------------------------- the human report

#[test]
fn human_report_shows_the_waived_apart_and_the_receipt_last() {
    let out = paris(&["--waivers", PARIS_WAIVERS]);
    assert_eq!(status(&out), 1);
    let text = stdout(&out);
    let heading = text
        .find("\nWaived: 1 finding, accepted by the Committee and not counted\n")
        .unwrap_or_else(|| panic!("a Waived: heading:\n{text}"));
    let (open, waived) = text.split_at(heading);
    assert!(
        !open.contains("IND-01214"),
        "the waived finding is apart:\n{text}"
    );
    assert!(open.contains("IND-ACTIVE error"), "{text}");
    assert!(open.contains("COU-RESPONSE error"), "{text}");
    assert!(
        waived.contains("IND-AMOUNT waived error: IND-01214 pays 44.00 EUR"),
        "{text}"
    );
    assert!(waived.contains("waived by W-2025-01: approved by Committee of Guarantee, session of 2024-02-03 on 2024-02-03, until 2026-01-01"), "{text}");
    assert!(waived.contains("justification: Paid 44.00 EUR in cash on the day; the missing 44.00 EUR was paid on 2024-01-20 (receipt 2024-117)."), "{text}");
    assert!(waived.contains(
        "\n2 errors, 0 warnings (1 waived): 31 rules checked on 2818 records in 16 files, as of 2025-12-31\n"
    ), "{text}");

    // The closing lines are the receipt of the JSON document.
    let doc = json(&paris(&["--format", "json", "--waivers", PARIS_WAIVERS]));
    let r = &doc["receipt"];
    let commit = match r["garant"]["commit"].as_str() {
        Some(c) => format!(" (commit {c})"),
        None => String::new(),
    };
    let closing = format!(
        "receipt: garant {}{commit}, as of 2025-12-31\n  rules: 10 files, sha256 {}\n  data: 16 files, sha256 {}, 2818 records\n  waivers: {PARIS_WAIVERS} sha256 {}\n",
        env!("CARGO_PKG_VERSION"),
        r["rules"]["sha256"].as_str().unwrap(),
        r["data"]["sha256"].as_str().unwrap(),
        file_sha256(&root().join(PARIS_WAIVERS)),
    );
    assert!(
        text.ends_with(&closing),
        "ends with\n{closing}\ngot:\n{text}"
    );
}

#[test]
fn human_report_of_an_expired_waiver_warns_on_the_waiver() {
    let dir = Dir::new("expired");
    dir.write(
        "waivers.yaml",
        "waivers:\n  - id: W-1\n    rule: IND-AMOUNT\n    record: IND-1\n    justification: paid later\n    approved_by: the Committee\n    approved_on: 2024-01-13\n    expires_on: 2024-03-31\n",
    );
    let waivers = dir.path("waivers.yaml");
    let out = ind(&["--waivers", waivers.to_str().unwrap()]);
    assert_eq!(status(&out), 1, "the finding is no longer waived");
    let text = stdout(&out);
    assert!(!text.contains("Waived:"), "{text}");
    assert!(
        text.contains(
            "WAIVER-EXPIRED warning: the waiver W-1 of IND-AMOUNT on IND-1 expired on 2024-03-31"
        ),
        "{text}"
    );
    assert!(text.contains("1 error, 1 warning"), "{text}");
}

// ---------------------------------------------------------------- the README's walkthrough

/// The fenced blocks of `lang` in the README's section "Closing a period", in order.
fn readme_blocks(lang: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find("\n## Closing a period\n")
        .expect("a section \"Closing a period\"");
    let section = &readme[start + 1..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let fence = format!("```{lang}\n");
    section
        .split(fence.as_str())
        .skip(1)
        .map(|b| b[..b.find("```\n").expect("a closed block")].to_string())
        .collect()
}

/// The human report with the waivers file named `waivers.yaml` and the commit written `…`.
fn as_in_the_readme(out: &Output, waivers: &Path) -> String {
    let text = stdout(out).replace(waivers.to_str().unwrap(), "waivers.yaml");
    let mut shown = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("(commit ") {
        shown.push_str(&rest[..at]);
        let end = rest[at..].find(')').expect("a closed parenthesis") + at;
        shown.push_str("(commit …)");
        rest = &rest[end + 1..];
    }
    shown.push_str(rest);
    shown
}

#[test]
fn readme_shows_the_closing_of_a_period_as_garant_prints_it() {
    let dir = Dir::new("readme");
    let yaml = readme_blocks("yaml");
    assert_eq!(yaml.len(), 1, "one waivers file");
    dir.write("waivers.yaml", &yaml[0]);
    let waivers = dir.path("waivers.yaml");
    let shown = readme_blocks("text");
    assert_eq!(
        shown.len(),
        2,
        "the closing of the check, then of the baseline check"
    );
    let commands = readme_blocks("sh").concat();
    let w = waivers.to_str().unwrap();

    assert!(
        commands
            .contains("garant check --as-of 2025-12-31 --waivers waivers.yaml cases/paris/data\n")
    );
    let out = paris(&["--waivers", w]);
    assert_eq!(status(&out), 1);
    let text = as_in_the_readme(&out, &waivers);
    assert!(
        text.ends_with(&shown[0]),
        "README.md shows\n{}\ngarant prints\n{text}",
        shown[0]
    );

    assert!(commands.contains("garant check --as-of 2025-12-31 --waivers waivers.yaml --format json --output last-signed.json cases/paris/data\n"));
    assert!(commands.contains("garant check --as-of 2025-12-31 --waivers waivers.yaml --baseline last-signed.json cases/paris/data\n"));
    let base = dir.path("last-signed.json");
    let written = paris(&[
        "--waivers",
        w,
        "--format",
        "json",
        "--output",
        base.to_str().unwrap(),
    ]);
    assert_eq!(status(&written), 1);
    let out = paris(&["--waivers", w, "--baseline", base.to_str().unwrap()]);
    let text = as_in_the_readme(&out, &waivers);
    assert!(
        text.ends_with(&shown[1]),
        "README.md shows\n{}\ngarant prints\n{text}",
        shown[1]
    );
}
