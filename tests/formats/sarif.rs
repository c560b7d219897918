//! `--format sarif`: valid against the official SARIF 2.1.0 schema, and saying what the JSON
//! document says.

use serde_json::Value;

use crate::common::{self, check, checks};

const SCHEMA: &str = "tests/schemas/sarif-schema-2.1.0.json";

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the SARIF output is JSON")
}

/// The SARIF log and the JSON document of the named check of `common::checks`.
fn both(name: &str) -> (Value, Value) {
    let (_, args) = checks()
        .into_iter()
        .find(|(n, _)| *n == name)
        .expect("a named check");
    let (sarif, _) = check("sarif", &args);
    let (json, _) = check("json", &args);
    (parse(&sarif), parse(&json))
}

fn run(log: &Value) -> &Value {
    &log["runs"][0]
}

fn rules(log: &Value) -> &Vec<Value> {
    run(log)["tool"]["driver"]["rules"]
        .as_array()
        .expect("driver rules")
}

fn results(log: &Value) -> &Vec<Value> {
    run(log)["results"].as_array().expect("results")
}

fn validator() -> jsonschema::Validator {
    let schema = parse(&common::read(&common::root().join(SCHEMA)));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn every_check_gives_a_log_valid_against_the_sarif_schema() {
    let validator = validator();
    for (name, args) in checks() {
        let (text, _) = check("sarif", &args);
        assert!(text.ends_with("}\n"), "{name}: one document, final newline");
        let log = parse(&text);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0", "{name}");
        assert_eq!(results(&log).len(), json_findings(&args), "{name}");
    }
}

#[test]
fn a_data_error_in_no_record_at_line_1_is_valid_too() {
    // An empty folder, given by its absolute path: DATA-READ on the folder as a whole.
    let folder = std::env::temp_dir().join(format!("garant-formats-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    let path = folder.to_string_lossy().into_owned();
    let (text, status) = check("sarif", &["--as-of", "2025-12-31", &path]);
    std::fs::remove_dir(&folder).expect("the folder removed");
    assert_eq!(status, 2);
    let log = parse(&text);
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let result = &results(&log)[0];
    assert_eq!(result["ruleId"], "DATA-READ");
    assert!(result["properties"]["record"].is_null());
    let place = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        place["region"],
        serde_json::json!({"startLine": 1, "startColumn": 1})
    );
    let uri = place["artifactLocation"]["uri"].as_str().unwrap_or("");
    assert!(
        uri.starts_with("file:///"),
        "an absolute path is a file: URI: {uri}"
    );
}

#[test]
fn the_schema_refuses_what_it_should() {
    // The validator is no rubber stamp: a log without `version`, or with a `level` SARIF does
    // not know, is refused.
    let validator = validator();
    let (mut log, _) = both("findings");
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&log));
    let (mut log, _) = both("clean");
    log.as_object_mut().expect("an object").remove("version");
    assert!(!validator.is_valid(&log));
}

fn json_findings(args: &[&str]) -> usize {
    let (json, _) = check("json", args);
    parse(&json)["findings"].as_array().map_or(0, Vec::len)
}

#[test]
fn the_driver_lists_every_rule_then_every_code_once() {
    let (log, json) = both("findings");
    let rules = rules(&log);
    let catalogue = json["rules"].as_u64().expect("rules evaluated") as usize;
    let codes = garant::report::catalogue::codes();
    let driver = &run(&log)["tool"]["driver"];
    assert_eq!(driver["name"], "garant");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(rules.len(), catalogue + codes.len());
    let ids: std::collections::BTreeSet<&str> =
        rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), rules.len(), "rule ids are unique");
    for (rule, code) in rules[catalogue..].iter().zip(&codes) {
        assert_eq!(rule["id"], code.id.as_str());
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            code.severity.as_str()
        );
    }
    let amount = rules
        .iter()
        .find(|r| r["id"] == "IND-AMOUNT")
        .expect("IND-AMOUNT");
    assert_eq!(amount["defaultConfiguration"]["level"], "error");
    assert!(
        amount["fullDescription"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Règlement intérieur, indemnisation"))
    );
    let help = amount["help"]["text"].as_str().unwrap_or("");
    assert!(
        help.ends_with("\nrule: rules/70-indemnities.garant:3"),
        "{help}"
    );
    assert_eq!(amount["properties"]["tags"][0], "Indemnities");
}

#[test]
fn each_result_points_at_its_rule_with_its_level() {
    for (name, _) in checks() {
        let (log, json) = both(name);
        let rules = rules(&log);
        let findings = json["findings"].as_array().expect("findings");
        for (result, finding) in results(&log).iter().zip(findings) {
            let index = result["ruleIndex"].as_u64().expect("a ruleIndex") as usize;
            assert_eq!(result["ruleId"], finding["rule"], "{name}");
            assert_eq!(rules[index]["id"], finding["rule"], "{name}");
            assert_eq!(result["level"], finding["severity"], "{name}");
            assert_eq!(result["message"]["text"], finding["message"], "{name}");
        }
    }
}

#[test]
fn a_finding_is_located_in_its_data_file() {
    let (log, _) = both("findings");
    let active = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "IND-ACTIVE")
        .expect("IND-ACTIVE");
    let place = &active["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "cases/paris/data/indemnities/P3.yaml"
    );
    assert_eq!(place["region"]["startLine"], 224);
    assert_eq!(place["region"]["startColumn"], 5);
    assert_eq!(active["properties"]["record"], "IND-01998");
    assert_eq!(active["properties"]["collection"], "indemnities");
    assert_eq!(active["properties"]["values"][0]["expression"], "i.member");
    assert!(active.get("baselineState").is_none(), "no baseline given");
    assert_eq!(run(&log)["columnKind"], "unicodeCodePoints");
}

#[test]
fn a_data_error_spans_its_value_and_makes_the_run_unsuccessful() {
    let (log, _) = both("data-errors");
    let unknown = &results(&log)[0];
    assert_eq!(unknown["ruleId"], "DATA-UNKNOWN-FIELD");
    let region = &unknown["locations"][0]["physicalLocation"]["region"];
    // `mandate_ends` at line 2, columns 88 to 99.
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&2.into(), &88.into())
    );
    assert_eq!(
        (&region["endLine"], &region["endColumn"]),
        (&2.into(), &100.into())
    );
    let invocation = &run(&log)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap_or("");
    assert!(note.contains("check incomplete"), "{note}");
}

#[test]
fn a_waived_finding_carries_an_accepted_suppression() {
    let (log, _) = both("waived");
    let waived: Vec<&Value> = results(&log)
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["ruleId"], "IND-AMOUNT");
    let suppression = &waived[0]["suppressions"][0];
    assert_eq!(suppression["kind"], "external");
    assert_eq!(suppression["status"], "accepted");
    assert_eq!(
        suppression["justification"],
        "Paid 44.00 EUR in cash on the day; the missing 44.00 EUR was paid on 2024-01-20 (receipt 2024-117)."
    );
    assert_eq!(suppression["properties"]["id"], "W-2025-01");
    assert_eq!(suppression["properties"]["expires_on"], "2026-01-01");
    assert_eq!(run(&log)["properties"]["summary"]["waived"], 1);
}

#[test]
fn the_baseline_marks_results_new_or_unchanged_and_lists_the_resolved() {
    let (log, json) = both("waived");
    let state = |rule: &str| {
        results(&log)
            .iter()
            .find(|r| r["ruleId"] == rule)
            .map(|r| r["baselineState"].clone())
    };
    assert_eq!(state("IND-ACTIVE"), Some("new".into()));
    assert_eq!(state("IND-AMOUNT"), Some("unchanged".into()));
    assert_eq!(state("COU-RESPONSE"), Some("unchanged".into()));
    let properties = &run(&log)["properties"];
    assert_eq!(properties["resolved"], json["resolved"]);
    assert_eq!(properties["resolved"][0]["rule"], "MEM-PARIS");
    assert_eq!(properties["baseline_receipt"], json["baseline_receipt"]);
}

#[test]
fn the_receipt_is_that_of_the_json_document() {
    for (name, _) in checks() {
        let (log, json) = both(name);
        assert_eq!(
            run(&log)["properties"]["receipt"],
            json["receipt"],
            "{name}"
        );
    }
}

#[test]
fn the_exit_status_is_that_of_the_other_formats() {
    for (name, args) in checks() {
        let (_, status) = check("sarif", &args);
        let (_, json_status) = check("json", &args);
        assert_eq!(status, json_status, "{name}");
    }
    let (_, args) = checks().remove(3);
    assert_eq!(check("sarif", &args).1, 2, "data errors");
}

#[test]
fn file_names_become_uri_references() {
    use garant::report::sarif::uri;
    assert_eq!(uri("data/members/P1.yaml"), "data/members/P1.yaml");
    assert_eq!(uri("data\\members\\P1.yaml"), "data/members/P1.yaml");
    assert_eq!(uri("my data/100%#1?.yaml"), "my%20data/100%25%231%3F.yaml");
    assert_eq!(uri("données/é.yaml"), "donn%C3%A9es/%C3%A9.yaml");
    assert_eq!(uri("a:b.yaml"), "a%3Ab.yaml", "not read as a scheme");
    assert_eq!(uri("/srv/garant/data.yaml"), "file:///srv/garant/data.yaml");
    assert_eq!(
        uri("C:\\garant\\my data.yaml"),
        "file:///C:/garant/my%20data.yaml"
    );
}

/// The log of the `waived` check, its commit (that of the build) written `[commit]`.
#[test]
fn snapshot_of_the_waived_check() {
    let (_, args) = checks().remove(2);
    let (text, status) = check("sarif", &args);
    assert_eq!(status, 1);
    assert_eq!(
        check("sarif", &args).0,
        text,
        "byte-identical from one run to the next"
    );
    insta::assert_snapshot!("sarif_waived", neutral_commit(&text));
}

/// The first `"commit"`, that of this check's receipt (the baseline's comes later), replaced.
fn neutral_commit(text: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|line| match line.split_once("\"commit\": ") {
            Some((indent, _)) if !done => {
                done = true;
                format!("{indent}\"commit\": \"[commit]\"\n")
            }
            _ => format!("{line}\n"),
        })
        .collect()
}
