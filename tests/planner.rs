//! The selection planner changes no answer: every case of `cases/` (and the Paris dataset) and a
//! small dataset made to take the planner's paths give exactly the same findings and evaluation
//! errors with the indexes and with a plain scan of every collection (`Dataset::plain_scan`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use garant::cases::{Programs, data_files, discover, read_case};
use garant::check::ir::Program;
use garant::data::Dataset;
use garant::loc::Source;

/// The findings and errors of `program` on `data`, as text, with the indexes or without.
fn outcome(program: &Program, data: &mut Dataset, as_of: NaiveDate, plain: bool) -> String {
    data.plain_scan = plain;
    let (findings, errors) = garant::eval::evaluate(program, data, as_of);
    format!("{findings:#?}\n{errors:#?}")
}

/// Panics when `program` gives other answers on `data` with and without the indexes.
fn same_both_ways(what: &str, program: &Program, data: &mut Dataset, as_of: NaiveDate) {
    let indexed = outcome(program, data, as_of, false);
    let scanned = outcome(program, data, as_of, true);
    assert_eq!(indexed, scanned, "{what}: the indexes change the answer");
}

fn check_case(dir: &Path, programs: &mut Programs) {
    let case = read_case(dir).unwrap_or_else(|e| panic!("{e}"));
    let program = programs
        .get(&case.rules, &case.amend)
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut data, errors) = garant::data::load(&data_files(&case), &program.schema);
    if errors.is_empty() {
        same_both_ways(&dir.display().to_string(), program, &mut data, case.as_of);
    }
}

#[test]
fn every_case_gives_the_same_findings_with_and_without_indexes() {
    let mut programs = Programs::default();
    let cases = discover(&[PathBuf::from("cases")]);
    assert!(cases.len() > 100, "found only {} cases", cases.len());
    for dir in &cases {
        check_case(dir, &mut programs);
    }
    check_case(Path::new("cases/paris"), &mut programs);
}

const RULES: &str = r#"
collection events (event) {
  id: text
  day: date
}

collection seats (seat) {
  id: text
  kind: text
  role: one of "expert", "other"
  from: date
  to: optional date
  in force from from until to
}

rule PLAN-CONST "the planner's constant and in-force paths"
  severity error
  citation "tests/planner.rs"
  for each event e:
    let n = count(seat c where c.kind = "Expert" and c in force on e.day)
    let lower = count(seat c where "expert" = c.kind and c in force on e.day)
    let ids = distinct(c.id for each seat c where c.role = "expert" and c in force on e.day)
    let total = count(seat c where c.kind = "expert")
    let late = count(seat c where c in force on e.day and c.kind = "Expert")
    let nobody = count(seat c where c.kind = "nobody" and c in force on e.day)
    require n < 0
      otherwise "{e.day}: {n} {lower} {ids} {total} {late} {nobody}"
    require no seat c where c.role = "other" and c in force on e.day
      otherwise "{e.day}: some other seat"
    require every seat c where c.kind = "expert" and c in force on e.day satisfies c.role = "expert"
      otherwise "{e.day}: an expert text without the expert role"
"#;

const DATA: &str = r#"
events:
  - { id: E1, day: 2023-12-31 }
  - { id: E2, day: 2024-01-01 }
  - { id: E3, day: 2024-01-31 }
  - { id: E4, day: 2024-02-01 }
  - { id: E5, day: 2024-02-29 }
  - { id: E6, day: 2024-03-01 }
  - { id: E7, day: 2030-06-15 }
  - { id: E8, day: 1999-01-01 }
seats:
  - { id: S1, kind: expert, role: expert, from: 2024-01-01, to: 2024-02-01 }
  - { id: S2, kind: Expert, role: expert, from: 2024-01-31, to: 2024-03-01 }
  - { id: S3, kind: EXPERT, role: other, from: 2023-12-31 }
  - { id: S4, kind: expert, role: other, from: 2024-02-01, to: 2024-02-02 }
  - { id: S5, kind: Expert, role: expert, from: 2024-02-29 }
  - { id: S6, kind: expert, role: expert, from: 2023-12-01, to: 2024-01-01 }
  - { id: S7, kind: "expert ", role: expert, from: 2024-01-01 }
  - { id: S8, kind: expert, role: expert, from: 2030-06-15, to: 2030-06-16 }
"#;

#[test]
fn constant_and_in_force_selections_agree_with_a_plain_scan() {
    let source = Source::new("planner.garant", RULES);
    let program = garant::rules::compile(vec![source])
        .unwrap_or_else(|e| panic!("the test rules compile: {e:?}"));
    let (mut data, errors) = garant::data::load_bytes("planner.yaml", DATA.into(), &program.schema);
    assert!(errors.is_empty(), "{errors:?}");
    for day in ["2024-01-15", "2024-02-29", "2031-01-01"] {
        let as_of = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap_or_default();
        same_both_ways(day, &program, &mut data, as_of);
    }
    let as_of = NaiveDate::from_ymd_opt(2031, 1, 1).unwrap_or_default();
    let shown = outcome(&program, &mut data, as_of, false);
    assert!(
        shown.contains("2024-01-31: 1 1 S1, S2, S7 4 1 0"),
        "{shown}"
    );
}
