//! `garant explain` and the page of codes it prints from, `docs/codes.md`: every code has a
//! section, each wrong example of a rule-file code gives that code and its right example
//! compiles, the rule-file codes are the table of `docs/language.md` section 10, and a rule is
//! explained with the parameters it reads, directly or through definitions.

use std::process::Command;
use std::sync::Arc;

use garant::explain::{all_codes, rule_codes, section, sections};
use garant::loc::Source;
use garant::rules::{BUILT_IN, compile};

/// The built-in schema, parameters and definitions.
fn base() -> Vec<Arc<Source>> {
    BUILT_IN
        .iter()
        .filter(|(name, _)| name.contains("/0"))
        .map(|(name, text)| Source::new(*name, *text))
        .collect()
}

/// The examples of a section: the text of each fenced block, in order.
fn examples(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(text), true) => {
                out.push(std::mem::take(text));
                current = None;
            }
            (Some(text), false) => text.push_str(&format!("{line}\n")),
            (None, false) => {}
        }
    }
    out
}

/// The codes of the errors of `text` compiled with the base.
fn codes_of(text: &str) -> Vec<String> {
    let mut sources = base();
    sources.push(Source::new("rules/example.garant", text));
    match compile(sources) {
        // A trap that compiles is a warning (RULES-UNGUARDED-OPTIONAL).
        Ok(program) => program
            .warnings
            .iter()
            .map(|w| w.kind.to_string())
            .collect(),
        Err(errors) => errors.iter().map(|e| e.code().to_string()).collect(),
    }
}

#[test]
fn every_code_has_a_section_and_every_section_is_a_code() {
    let codes = all_codes();
    let headings: Vec<&str> = sections().iter().map(|(c, _)| *c).collect();
    assert_eq!(
        headings, codes,
        "docs/codes.md lists the codes in this order"
    );
    for code in codes {
        let body = section(code).unwrap_or_default();
        assert!(body.lines().count() >= 3, "{code}: {body}");
    }
}

#[test]
fn each_wrong_example_gives_its_code_and_each_right_one_compiles() {
    let mut checked = 0;
    let mut wrong_ones = Vec::new();
    for code in rule_codes() {
        let found = examples(section(code).unwrap_or_default());
        let [wrong, right] = found.as_slice() else {
            assert_eq!(
                code,
                garant::rules::READ,
                "{code} has no wrong and right example"
            );
            continue;
        };
        let (got, fixed) = (codes_of(wrong), codes_of(right));
        if got != [code] || !fixed.is_empty() {
            wrong_ones.push(format!(
                "{code}: wrong gives {got:?}, right gives {fixed:?}"
            ));
        }
        checked += 1;
    }
    assert!(wrong_ones.is_empty(), "{}", wrong_ones.join("\n"));
    assert_eq!(checked, rule_codes().len() - 1);
}

#[test]
fn the_data_codes_mean_what_the_reports_say() {
    for code in garant::data::DataCode::ALL {
        let body = section(code.as_str()).unwrap_or_default();
        let first = body.lines().next().unwrap_or("");
        let meaning = code.meaning();
        let expected = format!("{}{}.", meaning[..1].to_uppercase(), &meaning[1..]);
        assert_eq!(first, expected, "{code}");
    }
}

#[test]
fn the_manual_lists_every_rule_file_code() {
    let manual = std::fs::read_to_string("docs/language.md").unwrap_or_default();
    let section = manual
        .split("## 10. ")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or("");
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `RULES-"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let codes: Vec<String> = rule_codes()
        .iter()
        .map(|c| c.trim_start_matches("RULES-").to_string())
        .collect();
    assert_eq!(
        listed, codes,
        "docs/language.md section 10, the table of codes"
    );
}

// ---------------------------------------------------------------- the command

fn garant(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run garant: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn explain_a_code() {
    let (status, out, _) = garant(&["explain", "RULES-UNKNOWN-FIELD"]);
    assert_eq!(status, 0);
    assert!(
        out.starts_with("RULES-UNKNOWN-FIELD\n\nA field that its collection"),
        "{out}"
    );
    assert!(out.contains("        require m.birth_dat < as_of"), "{out}");
    assert!(!out.contains("```"), "{out}");
    for code in [
        "data-missing-field",
        "EVAL-ERROR",
        "WAIVER-EXPIRED",
        "WAIVER-UNUSED",
    ] {
        let (status, out, _) = garant(&["explain", code]);
        assert_eq!(status, 0, "{code}");
        assert!(out.starts_with(&code.to_uppercase()), "{out}");
    }
}

#[test]
fn explain_something_unknown_suggests_the_nearest() {
    let (status, out, err) = garant(&["explain", "RULES-UNKNOWN-FELD"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(
        err.contains("`RULES-UNKNOWN-FELD` is neither a code nor a rule id"),
        "{err}"
    );
    assert!(err.contains("did you mean `RULES-UNKNOWN-FIELD`?"), "{err}");
    let (status, _, err) = garant(&["explain", "IND-AMOUT"]);
    assert_eq!(status, 2);
    assert!(err.contains("did you mean `IND-AMOUNT`?"), "{err}");
}

#[test]
fn explain_a_rule_of_the_built_in_regulation() {
    let (status, out, _) = garant(&["explain", "IND-AMOUNT"]);
    assert_eq!(status, 0);
    let expected = "IND-AMOUNT (error): an indemnity is the number of half-days times the rate in force\n  \
                    provision: Règlement intérieur, indemnisation : 44 euros par demi-journée, comme les jurés d'assises\n  \
                    rule file: rules/70-indemnities.garant, line 3\n\n\
                    rule IND-AMOUNT \"an indemnity is the number of half-days times the rate in force\"\n";
    assert!(out.starts_with(expected), "{out}");
    assert!(out.contains("    report on i.amount_eur\n\n"), "{out}");
    assert!(
        out.ends_with(
            "It reads the parameter `indemnity_per_half_day`:\n  44.00 EUR from 2021-10-01\n"
        ),
        "{out}"
    );
    let (_, out, _) = garant(&["explain", "MEM-AGE"]);
    assert!(
        out.ends_with("It reads the parameter `min_age`:\n  16 from 2021-10-01\n"),
        "{out}"
    );
}

/// A parameter read through a definition, with its values over time (an amendment included).
#[test]
fn explain_a_rule_of_rule_files_given_with_rules() {
    let dir = std::env::temp_dir().join(format!("garant-explain-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for (name, text) in BUILT_IN.iter().filter(|(n, _)| n.contains("/0")) {
        let file = name.rsplit('/').next().unwrap_or(name);
        let _ = std::fs::write(dir.join(file), text);
    }
    let rules = "parameter notice \"notice\":\n  1 month from 2021-10-01\n  2 months from 2024-01-01\n\n\
                 amend parameter notice:\n  3 months from 2026-01-01\n\n\
                 definition noticed(m: member, d: date) means\n  m.joined_on + notice on d <= d\n\n\
                 rule T-1 \"a test rule\"\n  severity warning\n  citation \"Article 1\"\n  for each member m:\n    require noticed(m, as_of)\n      otherwise \"{m.id}\"\n";
    let _ = std::fs::write(dir.join("t.garant"), rules);
    let path = dir.to_string_lossy().into_owned();
    let (status, out, err) = garant(&["explain", "t-1", "--rules", &path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status, 0, "{err}");
    assert!(out.starts_with("T-1 (warning): a test rule\n"), "{out}");
    assert!(
        out.ends_with("It reads the parameter `notice`:\n  1 month from 2021-10-01\n  2 months from 2024-01-01\n  3 months from 2026-01-01\n"),
        "{out}"
    );
}
