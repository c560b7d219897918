//! The baseline: findings compared with an accepted report, new ones told apart.

use super::*;

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
