//! `--format github`: workflow commands escaped as the Actions toolkit escapes them.

use garant::report::github::{escape_data, escape_property};

use crate::common::{check, checks};

/// The outputs of `escapeData` and `escapeProperty` of `@actions/core` (`command.ts`).
#[test]
fn escaping_is_that_of_the_actions_toolkit() {
    let text = "100% sure: a, b\r\nnext line\rthen %0A";
    assert_eq!(
        escape_data(text),
        "100%25 sure: a, b%0D%0Anext line%0Dthen %250A"
    );
    assert_eq!(
        escape_property(text),
        "100%25 sure%3A a%2C b%0D%0Anext line%0Dthen %250A"
    );
    assert_eq!(escape_property("data/P1.yaml"), "data/P1.yaml");
    assert_eq!(escape_data("::error::x"), "::error::x");
}

#[test]
fn one_command_per_finding_then_the_summary() {
    for (name, args) in checks() {
        let (text, _) = check("github", &args);
        let (json, _) = check("json", &args);
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let findings = json["findings"].as_array().expect("findings");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), findings.len() + 1, "{name}: {text}");
        for (line, finding) in lines.iter().zip(findings) {
            let command = match (finding["waived"].is_null(), &finding["severity"]) {
                (false, _) => "::notice ",
                (true, s) if s == "error" => "::error ",
                _ => "::warning ",
            };
            assert!(line.starts_with(command), "{name}: {line}");
            let rule = finding["rule"].as_str().unwrap_or("");
            assert!(line.contains(&format!(",title={rule}::")), "{name}: {line}");
        }
        let summary = lines.last().copied().unwrap_or("");
        assert!(!summary.starts_with("::"), "{name}: {summary}");
        assert!(
            summary.contains(" errors, ") || summary.contains(" error, "),
            "{summary}"
        );
        assert!(text.ends_with('\n'));
    }
}

#[test]
fn a_finding_is_annotated_on_its_file_line_and_column() {
    let (_, args) = checks().remove(1);
    let (text, status) = check("github", &args);
    assert_eq!(status, 1, "an error: status 1, as with the other formats");
    let line = text
        .lines()
        .find(|l| l.contains("title=IND-ACTIVE"))
        .expect("IND-ACTIVE");
    assert!(
        line.starts_with(
            "::error file=cases/paris/data/indemnities/P3.yaml,line=224,col=5,title=IND-ACTIVE::IND-01998 pays P3-057"
        ),
        "{line}"
    );
    assert!(
        line.contains("%0Arecord: IND-01998%0Aprovision: "),
        "{line}"
    );
}

#[test]
fn snapshot_of_the_waived_check() {
    let (_, args) = checks().remove(2);
    let (text, status) = check("github", &args);
    assert_eq!(status, 1);
    insta::assert_snapshot!("github_waived", text);
}
