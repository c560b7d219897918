//! Waivers: findings accepted by the Committee, and the errors of a waivers file.

use super::*;

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
