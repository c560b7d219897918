//! The receipt: what it records of the inputs, and that it is determined by them.

use super::*;

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
