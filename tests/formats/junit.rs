//! `garant check --format junit` and `garant test --format json|junit`, read back with roxmltree
//! (and serde_json) as GitLab and Jenkins would read them.

use std::collections::HashSet;

use roxmltree::{Document, Node};

use crate::common::{PARIS_WAIVERS, check, checks, garant};

/// The suite of the problems that are no rule's finding: always the first.
const CODES: &str = "Data, evaluation and waivers";

/// The rule ids of the built-in regulation, in catalogue order.
fn rule_ids() -> Vec<String> {
    let program = garant::rules::built_in().expect("the built-in regulation compiles");
    program.rules.iter().map(|r| r.id.clone()).collect()
}

fn elements<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Vec<Node<'a, 'i>> {
    node.children().filter(|n| n.has_tag_name(tag)).collect()
}

fn count(node: Node, attribute: &str) -> usize {
    let value = node.attribute(attribute).expect("a count attribute");
    value.parse().expect("a number")
}

fn suite<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Node<'a, 'i> {
    let root = doc.root_element();
    let found = elements(root, "testsuite")
        .into_iter()
        .find(|s| s.attribute("name") == Some(name));
    found.unwrap_or_else(|| panic!("no suite {name}"))
}

/// The case named `name` of the suite `suite`.
fn case<'a, 'i>(doc: &'a Document<'i>, suite_name: &str, name: &str) -> Node<'a, 'i> {
    let found = elements(suite(doc, suite_name), "testcase")
        .into_iter()
        .find(|c| c.attribute("name") == Some(name));
    found.unwrap_or_else(|| panic!("no case {name} in {suite_name}"))
}

/// The one `<failure>`, `<error>` or `<skipped>` of a case, if any.
fn outcome<'a, 'i>(case: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    case.children().find(|n| {
        ["failure", "error", "skipped"]
            .iter()
            .any(|t| n.has_tag_name(*t))
    })
}

/// How many cases of `suite` have an outcome of `tag`.
fn with_outcome(suite: Node, tag: &str) -> usize {
    let cases = elements(suite, "testcase");
    cases
        .iter()
        .filter(|c| outcome(**c).is_some_and(|o| o.has_tag_name(tag)))
        .count()
}

/// Each suite's counts are those of its cases, the root's the sums, and names are unique.
fn assert_consistent(doc: &Document, name: &str) {
    let root = doc.root_element();
    let suites = elements(root, "testsuite");
    for s in &suites {
        let cases = elements(*s, "testcase");
        let label = format!("{name}: suite {:?}", s.attribute("name"));
        assert!(!cases.is_empty(), "{label} has no case");
        assert_eq!(count(*s, "tests"), cases.len(), "{label}");
        for (attribute, tag) in [
            ("failures", "failure"),
            ("errors", "error"),
            ("skipped", "skipped"),
        ] {
            assert_eq!(
                count(*s, attribute),
                with_outcome(*s, tag),
                "{label}: {attribute}"
            );
        }
        let names: HashSet<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
        assert_eq!(names.len(), cases.len(), "{label}: names not unique");
        assert!(
            cases.iter().all(|c| c.attribute("time").is_none()),
            "{label}"
        );
    }
    for attribute in ["tests", "failures", "errors", "skipped"] {
        let sum: usize = suites.iter().map(|s| count(*s, attribute)).sum();
        assert_eq!(count(root, attribute), sum, "{name}: root {attribute}");
    }
}

#[test]
fn every_check_has_a_suite_per_rule_after_the_codes_suite_with_consistent_counts() {
    let rules = rule_ids();
    for (name, args) in checks() {
        let (xml, status) = check("junit", &args);
        let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}\n{xml}"));
        let root = doc.root_element();
        assert!(root.has_tag_name("testsuites"), "{name}");
        assert_eq!(root.attribute("name"), Some("garant"), "{name}");
        let names: Vec<&str> = elements(root, "testsuite")
            .iter()
            .filter_map(|s| s.attribute("name"))
            .collect();
        assert_eq!(names[0], CODES, "{name}");
        assert_eq!(
            names[1..],
            rules.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );
        assert_consistent(&doc, name);
        let expected = match name {
            "clean" => 0,
            "data-errors" => 2,
            _ => 1,
        };
        assert_eq!(status, expected, "{name}");
        assert_eq!(
            check("junit", &args).0,
            xml,
            "{name}: not the same bytes twice"
        );
    }
}

fn waived_check() -> String {
    let args = checks()
        .into_iter()
        .find(|(n, _)| *n == "waived")
        .expect("waived");
    check("junit", &args.1).0
}

#[test]
fn waived_finding_is_skipped_with_its_waiver_and_findings_fail_with_their_message() {
    let xml = waived_check();
    let doc = Document::parse(&xml).expect("XML");
    let skipped = outcome(case(&doc, "IND-AMOUNT", "IND-01214")).expect("an outcome");
    assert!(skipped.has_tag_name("skipped"));
    let message = skipped.attribute("message").unwrap_or_default();
    assert!(
        message.starts_with("waived by W-2025-01: Paid 44.00 EUR in cash"),
        "{message}"
    );
    let text = skipped.text().unwrap_or_default();
    assert!(
        text.contains("approved by Committee of Guarantee"),
        "{text}"
    );
    let active = case(&doc, "IND-ACTIVE", "IND-01998");
    assert_eq!(active.attribute("classname"), Some("IND-ACTIVE"));
    assert_eq!(
        active.attribute("file"),
        Some("cases/paris/data/indemnities/P3.yaml")
    );
    let failure = outcome(active).expect("an outcome");
    assert!(failure.has_tag_name("failure"));
    assert_eq!(
        failure.attribute("message"),
        Some("IND-01998 pays P3-057 for 2024-12-07, a day the member was not active")
    );
    assert_eq!(failure.attribute("type"), Some("error"));
    let text = failure.text().unwrap_or_default();
    assert!(
        text.starts_with("cases/paris/data/indemnities/P3.yaml:224:5\nprovision: "),
        "{text}"
    );
    assert!(
        text.contains("\nactive(i.member, i.date) = false\n"),
        "{text}"
    );
    assert!(text.ends_with("\nnew since the baseline"), "{text}");
}

#[test]
fn a_rule_with_no_finding_has_one_passing_case() {
    let xml = waived_check();
    let doc = Document::parse(&xml).expect("XML");
    let cases = elements(suite(&doc, "MEM-AGE"), "testcase");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].attribute("name"), Some("no finding"));
    assert!(outcome(cases[0]).is_none());
}

#[test]
fn the_codes_suite_carries_the_receipt() {
    let xml = waived_check();
    let doc = Document::parse(&xml).expect("XML");
    let properties: Vec<(&str, &str)> = suite(&doc, CODES)
        .descendants()
        .filter(|n| n.has_tag_name("property"))
        .filter_map(|p| Some((p.attribute("name")?, p.attribute("value")?)))
        .collect();
    let names: Vec<&str> = properties.iter().map(|p| p.0).collect();
    for name in [
        "garant.version",
        "as_of",
        "complete",
        "rules.sha256",
        "data.sha256",
        "waivers",
    ] {
        assert!(names.contains(&name), "{name} in {properties:?}");
    }
    assert!(properties.contains(&("as_of", "2025-12-31")));
    let waivers = properties.iter().find(|p| p.0 == "waivers").map(|p| p.1);
    assert!(
        waivers.is_some_and(|w| w.starts_with(PARIS_WAIVERS)),
        "{waivers:?}"
    );
}

#[test]
fn data_errors_are_errors_and_the_rules_are_not_checked() {
    let args = checks()
        .into_iter()
        .find(|(n, _)| *n == "data-errors")
        .expect("data-errors");
    let (xml, _) = check("junit", &args.1);
    let doc = Document::parse(&xml).expect("XML");
    let codes = suite(&doc, CODES);
    assert!(count(codes, "errors") > 0);
    assert_eq!(count(codes, "errors"), count(codes, "tests"));
    let syntax = case(
        &doc,
        CODES,
        "tests/fixtures/data_errors/several-files/b.yaml:2:5",
    );
    assert_eq!(syntax.attribute("classname"), Some("DATA-SYNTAX"));
    for rule in rule_ids() {
        let cases = elements(suite(&doc, &rule), "testcase");
        assert_eq!(cases.len(), 1, "{rule}");
        assert_eq!(cases[0].attribute("name"), Some("not checked"), "{rule}");
        let skipped = outcome(cases[0]).expect("skipped");
        assert!(skipped.has_tag_name("skipped"), "{rule}");
    }
}

#[test]
fn two_findings_of_one_rule_on_one_record_get_distinct_names() {
    let dir = "cases/SES-PLENARIES/two-mandate-years-short";
    let (base, data) = (format!("{dir}/base.yaml"), format!("{dir}/data.yaml"));
    let (xml, status) = check("junit", &["--as-of", "2024-01-15", &base, &data]);
    assert_eq!(status, 1, "{xml}");
    let doc = Document::parse(&xml).expect("XML");
    let names: Vec<&str> = elements(suite(&doc, "SES-PLENARIES"), "testcase")
        .iter()
        .filter_map(|c| c.attribute("name"))
        .collect();
    assert_eq!(names, ["P1", "P1 (2)"]);
    assert_consistent(&doc, "two-mandate-years-short");
}

#[test]
fn junit_of_the_waived_check() {
    let xml = waived_check();
    insta::assert_snapshot!(neutral(&xml));
}

/// The XML without the values that change with every commit of garant or of the rule files:
/// `garant.commit` (absent from a build that does not know its commit) left out, `rules.sha256`
/// written `…`.
fn neutral(xml: &str) -> String {
    let rules = "<property name=\"rules.sha256\"";
    xml.lines()
        .filter(|l| !l.contains("<property name=\"garant.commit\""))
        .map(|l| match l.find(rules) {
            Some(at) => format!("{}{rules} value=\"…\"/>", &l[..at]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------- garant test

const CASES: [&str; 4] = [
    "cases/MEM-AGE",
    "tests/fixtures/cli/cases",
    "tests/fixtures/cli/cases-unreadable",
    "tests/fixtures/cli/no-such-cases",
];

fn test_run(format: &str, paths: &[&str]) -> (String, i32) {
    let mut args = vec!["test", "--format", format];
    args.extend_from_slice(paths);
    let out = garant(&args);
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    (text, out.status.code().unwrap_or(-1))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn test_json_lists_each_case_with_its_result_and_the_counts() {
    let (text, status) = test_run("json", &CASES);
    assert_eq!(status, 2);
    let doc = json(&text);
    let cases = doc["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 9);
    let by_path = |p: &str| cases.iter().find(|c| c["path"] == p).expect(p).clone();
    let failing = by_path("tests/fixtures/cli/cases/failing");
    assert_eq!(failing["result"], "failed");
    assert_eq!(
        failing["missing"],
        json(r#"[{"rule": "WID-SIZE", "record": "W-1"}]"#)
    );
    assert_eq!(
        failing["unexpected"],
        json(r#"[{"rule": "WID-SIZE", "record": "W-2"}]"#)
    );
    assert_eq!(
        by_path("tests/fixtures/cli/cases/passing")["result"],
        "passed"
    );
    let broken = by_path("tests/fixtures/cli/cases-unreadable/broken");
    assert_eq!(broken["result"], "error");
    assert!(
        broken["error"]
            .as_str()
            .is_some_and(|e| e.contains("case.yaml"))
    );
    let missing = by_path("tests/fixtures/cli/no-such-cases");
    assert_eq!(missing["error"], "no such folder");
    assert_eq!(
        doc["summary"],
        json(r#"{"passed": 6, "failed": 1, "errors": 2}"#)
    );
}

#[test]
fn test_exit_statuses_do_not_depend_on_the_format() {
    for format in ["human", "json", "junit"] {
        assert_eq!(test_run(format, &["cases/MEM-AGE"]).1, 0, "{format}");
        assert_eq!(
            test_run(format, &["tests/fixtures/cli/cases"]).1,
            1,
            "{format}"
        );
        assert_eq!(test_run(format, &CASES).1, 2, "{format}");
    }
}

#[test]
fn test_junit_has_a_suite_per_folder_and_a_case_per_case() {
    let (xml, _) = test_run("junit", &CASES);
    let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_consistent(&doc, "garant test");
    let age = elements(suite(&doc, "cases/MEM-AGE"), "testcase");
    assert_eq!(age.len(), 5);
    assert!(age.iter().all(|c| outcome(*c).is_none()));
    let failing = outcome(case(&doc, "tests/fixtures/cli/cases", "failing")).expect("failure");
    assert!(failing.has_tag_name("failure"));
    let text = failing.text().unwrap_or_default();
    assert!(
        text.contains("missing:    WID-SIZE W-1\nunexpected: WID-SIZE W-2"),
        "{text}"
    );
    let broken = case(&doc, "tests/fixtures/cli/cases-unreadable", "broken");
    assert!(outcome(broken).is_some_and(|o| o.has_tag_name("error")));
    let missing = outcome(case(&doc, "tests/fixtures/cli", "no-such-cases")).expect("error");
    assert_eq!(missing.attribute("message"), Some("no such folder"));
}

#[test]
fn test_output_file_holds_what_standard_output_would() {
    let path = std::env::temp_dir().join(format!("garant-junit-{}.xml", std::process::id()));
    let target = path.to_string_lossy().into_owned();
    let out = garant(&[
        "test",
        "--format",
        "junit",
        "--output",
        &target,
        "cases/MEM-AGE",
    ]);
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(written, test_run("junit", &["cases/MEM-AGE"]).0);
}
