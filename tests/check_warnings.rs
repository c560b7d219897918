//! Warnings of the static check: rule files that compile but hold a trap that would give false
//! findings. Today one trap: an optional field read without asking whether it is there
//! (`require m.left_on > m.joined_on` fires on every member who has not left). Each input is the
//! built-in data model, parameters and definitions plus one small rule. See tests/README.md.

use std::sync::Arc;

use garant::check::CheckError;
use garant::loc::Source;
use garant::report::human::render_diagnostic;
use garant::rules::{BUILT_IN, compile};

/// The warnings of the built-in schema, parameters and definitions plus `rule`, which compiles.
#[track_caller]
fn warnings(rule: &str) -> Vec<CheckError> {
    let mut sources: Vec<Arc<Source>> = BUILT_IN
        .iter()
        .filter(|(name, _)| ["00-", "01-", "02-"].iter().any(|p| name.contains(p)))
        .map(|(name, text)| Source::new(*name, *text))
        .collect();
    sources.push(Source::new("rules/test.garant", rule));
    match compile(sources) {
        Ok(program) => program.warnings,
        Err(errors) => panic!("the rule should compile: {}", errors[0]),
    }
}

/// The text each warning underlines.
fn underlined(rule: &str) -> Vec<String> {
    warnings(rule)
        .iter()
        .map(|w| rule[w.span.offset()..w.span.offset() + w.span.len()].to_string())
        .collect()
}

fn member_rule(body: &str) -> String {
    format!(
        "rule DOC-WARN \"a test\"\n  severity error\n  citation \"none\"\n  for each member m:\n{body}\n"
    )
}

const LEFT_AFTER_JOINED: &str =
    "    require m.left_on > m.joined_on\n      otherwise \"{m.id} left before joining\"";

#[test]
fn an_optional_field_compared_without_a_guard_is_a_warning() {
    let rule = member_rule(LEFT_AFTER_JOINED);
    let found = warnings(&rule);
    assert_eq!(found.len(), 1);
    let text = render_diagnostic(&found[0], false);
    insta::assert_snapshot!(text);
    assert_eq!(underlined(&rule), ["m.left_on"]);
    assert_eq!(found[0].severity, miette::Severity::Warning);
}

#[test]
fn a_guard_that_asks_whether_it_is_there_protects_it() {
    let guarded = format!("    when m.left_on is present\n{LEFT_AFTER_JOINED}");
    assert!(warnings(&member_rule(&guarded)).is_empty());
}

#[test]
fn a_when_block_protects_every_requirement_under_it() {
    let block = format!(
        "    when m.left_on is present:\n  {}\n      require m.left_on < as_of\n        otherwise \"{{m.id}}\"",
        LEFT_AFTER_JOINED.replace('\n', "\n  ")
    );
    assert!(warnings(&member_rule(&block)).is_empty(), "{block}");
    let outside =
        format!("{block}\n    require m.left_on > m.birth_date\n      otherwise \"{{m.id}}\"");
    assert_eq!(
        underlined(&member_rule(&outside)),
        ["m.left_on"],
        "after the block, unprotected"
    );
}

#[test]
fn a_where_filter_protects_every_requirement_of_its_check_only() {
    let filtered = |filter: &str| {
        format!(
            "rule DOC-WARN \"a test\"\n  severity error\n  citation \"none\"\n  \
             for each member m where {filter}:\n{LEFT_AFTER_JOINED}\n  \
             for each member m:\n    require m.joined_on < as_of\n      otherwise \"{{m.id}}\"\n"
        )
    };
    let rule = filtered("m.left_on is present");
    assert!(warnings(&rule).is_empty(), "{rule}");
    let rule = filtered("m.joined_on < as_of and m.left_on is present");
    assert!(warnings(&rule).is_empty(), "{rule}");
    // A filter on another field protects nothing; nor does one check's filter the next check.
    let rule = filtered("m.replaces is present");
    assert_eq!(underlined(&rule), ["m.left_on"], "{rule}");
    let next = format!(
        "{}    require m.left_on > m.birth_date\n      otherwise \"{{m.id}}\"\n",
        filtered("m.left_on is present")
    );
    assert_eq!(underlined(&next), ["m.left_on"], "{next}");
    let before = format!(
        "rule DOC-WARN \"a test\"\n  severity error\n  citation \"none\"\n  \
         for each member m:\n    require m.left_on > m.birth_date\n      otherwise \"{{m.id}}\"\n  \
         for each member m where m.left_on is present:\n{LEFT_AFTER_JOINED}\n"
    );
    assert_eq!(underlined(&before), ["m.left_on"], "{before}");
}

#[test]
fn the_condition_itself_may_protect_it() {
    for condition in [
        "m.left_on is absent or m.left_on > m.joined_on",
        "m.left_on is present and m.left_on > m.joined_on",
        "m.left_on > m.joined_on and m.left_on is present",
        "not (m.left_on is absent) and m.left_on > m.joined_on",
        "if m.left_on is present then m.left_on > m.joined_on else true",
        "(m.left_on is absent) or (m.left_on > m.joined_on)",
    ] {
        let body = format!("    require {condition}\n      otherwise \"{{m.id}}\"");
        assert!(warnings(&member_rule(&body)).is_empty(), "{condition}");
    }
}

#[test]
fn a_protection_of_another_field_does_not_count() {
    let body = "    when m.replaces is present\n    require m.left_on > m.joined_on\n      otherwise \"{m.id}\"";
    assert_eq!(underlined(&member_rule(body)), ["m.left_on"]);
    let body = "    require m.left_on is absent or m.left_on > m.joined_on or m.replaces.joined_on < m.joined_on\n      otherwise \"{m.id}\"";
    assert_eq!(
        underlined(&member_rule(body)),
        ["m.replaces"],
        "joined_on itself is required"
    );
}

#[test]
fn a_field_required_by_the_guarded_value_is_there() {
    let body = "    when m.residence.city = \"Paris\"\n    require m.residence.arrondissement <= 20\n      otherwise \"{m.id}\"";
    assert!(warnings(&member_rule(body)).is_empty());
    let other = body.replace("\"Paris\"", "\"Lyon\"");
    assert_eq!(
        underlined(&member_rule(&other)),
        ["m.residence.arrondissement"]
    );
}

#[test]
fn required_fields_and_reads_in_aggregates_or_calls_are_not_warned() {
    let body = "    require m.birth_date < m.joined_on and active(m, m.joined_on)\n      otherwise \"{m.id}\"";
    assert!(warnings(&member_rule(body)).is_empty());
    let count = "    require count(member x where x.left_on < m.joined_on) >= 0\n      otherwise \"{m.id}\"";
    assert!(warnings(&member_rule(count)).is_empty());
}

#[test]
fn a_path_is_warned_once_per_requirement() {
    let body =
        "    require m.left_on > m.joined_on and m.left_on < as_of\n      otherwise \"{m.id}\"";
    assert_eq!(underlined(&member_rule(body)), ["m.left_on"]);
}

#[test]
fn the_shipped_regulation_has_no_warning() {
    let program = garant::rules::built_in().unwrap_or_else(|_| panic!("it compiles"));
    let shown: Vec<String> = program
        .warnings
        .iter()
        .map(|w| render_diagnostic(w, false))
        .collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
}

#[test]
fn garant_check_prints_the_warning_and_goes_on() {
    let dir = std::env::temp_dir().join(format!("garant-warn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("amendment.garant");
    std::fs::write(&file, member_rule(LEFT_AFTER_JOINED)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_garant"))
        .args([
            "check",
            "--as-of",
            "2024-03-31",
            "--amend",
            file.to_str().unwrap(),
        ])
        .arg("tests/fixtures/amend/case/data")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`m.left_on` may be absent, and then this requirement fails"),
        "{err}"
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("DOC-WARN"),
        "the check ran, and the trap fired: {report}"
    );
}
