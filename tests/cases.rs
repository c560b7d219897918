//! The scenario cases of `cases/`, the shipped regulation and the documents generated from it.
//!
//! Every case must pass; every rule of the regulation must have a case that triggers it and one
//! that passes it (in `cases/<RULE-ID>/`), and the cases must cover every requirement and dated
//! parameter value (`garant test --coverage`); every data-error code of `cli.md` must have a case.
//! The human report of `cases/paris` and of a few triggering cases are insta snapshots.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use garant::cases::{Programs, discover, read_case, run};

fn all_cases() -> Vec<PathBuf> {
    discover(&[PathBuf::from("cases")])
}

#[test]
fn every_case_passes() {
    let mut programs = Programs::default();
    let mut failures = Vec::new();
    let cases = all_cases();
    assert!(cases.len() > 100, "found only {} cases", cases.len());
    for dir in &cases {
        let case = read_case(dir).unwrap_or_else(|e| panic!("{e}"));
        let program = programs
            .get(&case.rules, &case.amend)
            .unwrap_or_else(|e| panic!("{e}"));
        let outcome = run(&case, program).unwrap_or_else(|e| panic!("{e}"));
        if !outcome.passed() {
            failures.push(format!(
                "{}: missing {:?}, unexpected {:?}",
                dir.display(),
                outcome.missing,
                outcome.unexpected
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The ids the expectation of the case at `dir` names.
fn expected_rules(dir: &Path) -> BTreeSet<String> {
    let case = read_case(dir).unwrap_or_else(|e| panic!("{e}"));
    case.expect.into_iter().map(|e| e.rule).collect()
}

#[test]
fn every_rule_has_a_triggering_and_a_passing_case() {
    let program =
        garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"));
    let mut missing = Vec::new();
    for rule in &program.rules {
        let cases = discover(&[Path::new("cases").join(&rule.id)]);
        let triggers = cases.iter().any(|c| expected_rules(c).contains(&rule.id));
        let passes = cases.iter().any(|c| !expected_rules(c).contains(&rule.id));
        if !triggers {
            missing.push(format!(
                "{}: no case in cases/{} triggers it",
                rule.id, rule.id
            ));
        }
        if !passes {
            missing.push(format!(
                "{}: no case in cases/{} passes it",
                rule.id, rule.id
            ));
        }
    }
    assert_eq!(program.rules.len(), 31);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// `garant test --coverage` on `cases/`: every rule fires in a case and passes in another,
/// every requirement is seen holding and failing, every dated value in force by the cases'
/// dates is read. A new rule, requirement or parameter value without its cases fails here,
/// with the gaps as `garant test --coverage` lists them.
#[test]
fn the_cases_cover_the_whole_regulation() {
    let results = garant::cases::run_all_with_coverage(&[PathBuf::from("cases")]);
    let coverage = results.coverage.as_ref().expect("coverage was asked for");
    let figures = coverage.figures();
    let text = garant::cases::coverage::human(coverage);
    assert_eq!(figures.total.covered, figures.total.of, "{text}");
    assert_eq!(figures.rules_fired.of, 31, "{text}");
    assert!(figures.requirements.of >= 61, "{text}");
    assert!(figures.parameter_values.of >= 22, "{text}");
}

#[test]
fn every_data_error_code_has_a_case() {
    let codes = garant::data::ERROR_CODES;
    for code in codes {
        let cases = discover(&[Path::new("cases").join(code)]);
        assert!(
            cases.iter().any(|c| expected_rules(c).contains(code)),
            "no case in cases/{code} expects {code}"
        );
    }
}

/// The human report of a case, without colour.
fn report_of(dir: &str) -> String {
    let mut programs = Programs::default();
    let case = read_case(Path::new(dir)).unwrap_or_else(|e| panic!("{e}"));
    let program = programs
        .get(&case.rules, &case.amend)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut outcome = run(&case, program).unwrap_or_else(|e| panic!("{e}"));
    // The commit of the build changes with every commit: the snapshots leave it out.
    outcome.report.receipt.garant.commit = None;
    garant::report::human::render(&outcome.report, false)
}

#[test]
fn paris_report() {
    insta::assert_snapshot!("paris", report_of("cases/paris"));
}

#[test]
fn triggering_case_reports() {
    for dir in [
        "cases/MEM-AGE/born-29-february-15-on-draw-date",
        "cases/MEM-CHANNEL/electoral-roll-minor-and-non-eu-national",
        "cases/COU-RESPONSE/response-on-day-after-deadline",
        "cases/COM-GROUPS/group-ends-day-before-session-seat-kept",
        "cases/SES-PLENARIES/two-mandate-years-short",
    ] {
        let name = dir.trim_start_matches("cases/").replace('/', "__");
        insta::assert_snapshot!(name, report_of(dir));
    }
}

#[test]
fn readme_shows_the_check_of_the_example() {
    let readme = std::fs::read_to_string("README.md").unwrap_or_default();
    let program =
        garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"));
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default();
    let report = garant::run_check(&program, &[PathBuf::from("cases/paris/data")], as_of);
    let rendered = garant::report::human::render(&report, false);
    // The README shows the findings and the summary; the receipt below them names the commit
    // of the build, which changes with every commit.
    let output = rendered
        .split("receipt: garant")
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(readme.contains("cargo run --release -- check --as-of 2025-12-31 cases/paris/data"));
    assert!(
        readme.contains(&output),
        "README.md does not show the current output of the example check:\n{output}"
    );
}

#[test]
fn regulation_doc_is_generated_from_the_rules() {
    let program =
        garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"));
    let doc = std::fs::read_to_string("docs/regulation.md").unwrap_or_default();
    assert_eq!(
        doc,
        garant::rules::markdown(&program),
        "docs/regulation.md is stale: run `garant rules > docs/regulation.md`"
    );
}

#[test]
fn the_binary_embeds_every_rule_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir("rules")
        .map(|d| {
            d.flatten()
                .map(|e| format!("rules/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    on_disk.sort();
    let mut built_in: Vec<String> = garant::rules::BUILT_IN
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    built_in.sort();
    assert_eq!(on_disk, built_in);
    for (name, text) in garant::rules::BUILT_IN {
        assert_eq!(std::fs::read_to_string(name).unwrap_or_default(), *text);
    }
}

#[test]
fn no_paris_name_in_the_engine() {
    let names = [
        "MEM-AGE",
        "promotions",
        "members",
        "birth_date",
        "drawn_on",
        "eu_countries",
        "min_age",
        "indemnities",
        "arrondissement",
        "Paris",
    ];
    let mut found = Vec::new();
    for file in rust_files(Path::new("src")) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for name in names {
            let hits = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//") && contains_word(l, name));
            for line in hits {
                found.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Paris-specific names in src/:\n{}",
        found.join("\n")
    );
}

/// Whether `name` occurs in `line` as a whole word (not inside `membership`, say).
fn contains_word(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + name.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}
