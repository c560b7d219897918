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

// ---------------------------------------------------------------- sweeps

/// A fixed pseudo-random sequence (a linear congruential generator): the differential test of
/// the sweeps is the same on every run, and its failures can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.below(items.len() as u64) as usize]
    }
}

const SWEEP_RULES: &str = r#"
parameter gap "a parameter not in force before 2024-01-20":
  5 days from 2024-01-20

collection groups (group) {
  id: text
  opened: date
}

collection events (event) {
  id: text
  day: date
  n: integer
  late: optional date
  group: ref groups
}

collection spans (span) {
  id: text
  kind: one of "a", "b"
  start: date
  stop: optional date
  level: optional integer
  from: date
  to: optional date
  group: optional ref groups
  in force from from until to
}

definition near(x: span, d: date) means
  x.start <= d and d < x.start + 10 days

definition open_on(x: span, d: date) means
  d is absent or (x.kind = "b" and x.start <= d)

rule SWEEP "a sweep gives what a scan gives"
  severity error
  citation "tests/planner.rs"
  for each event e:
    let k = count(span s where DATE)
    let ids = distinct(s.id for each span s where DATE)
    let any = some span s where DATE
    let nothing = no span s where DATE
    let j = count(span s where WHOLE)
    let js = distinct(s.id for each span s where WHOLE)
    let l = count(span s where LATE)
    let ls = distinct(s.id for each span s where LATE)
    let m = count(span s where MIXED)
    let ms = distinct(s.id for each span s where MIXED)
    let later = no span s where MIXED
    let g = count(span s where s.group = e.group and PART)
    let gs = distinct(s.id for each span s where e.group = s.group and PART)
    let gn = no span s where s.group = e.group and PART
    require k < 0
      otherwise "{e.id}: {k} {ids} {any} {nothing} {j} {js} {l} {ls} {m} {ms} {later} {g} {gs} {gn}"
"#;

/// Conditions on a span `s` and a date `D`: every form the sweep computes, and some it leaves
/// to a plain evaluation (the key in arithmetic, a builtin or a parameter's date; a parameter
/// not in force for some spans).
const DATE_ATOMS: &[&str] = &[
    "s in force on D",
    "s.start <= D",
    "D < s.stop",
    "(s.stop is absent or D < s.stop)",
    "s.kind = \"a\"",
    "s.level >= 2",
    "D = s.start",
    "D != s.start",
    "near(s, D)",
    "open_on(s, D)",
    "s.start + gap on s.start <= D",
    "D - 3 days < s.start",
    "(if s.kind = \"a\" then D >= s.start else s.stop is present)",
    "year(D) = 2024",
    "s.start <= D <= s.start + 20 days",
    "(D is absent)",
    "s.from > D",
];

/// Conditions on a span `s` and a whole number `N`.
const WHOLE_ATOMS: &[&str] = &[
    "s.level <= N",
    "N < 3",
    "(s.level is absent or s.level = N)",
    "N != s.level",
    "s.level + 1 > N",
    "N * 2 = 4",
    "s.kind = \"b\"",
];

/// Conditions on a span `s`, a date `D`, a whole number `N` and a text read outside the
/// selection (`e.id`), which a sweep leaves unknown.
const MIXED_ATOMS: &[&str] = &[
    "s.start <= D",
    "s in force on D",
    "s.level <= N",
    "year(s.start) - 2022 <= N",
    "s.id > e.id",
    "(s.start > D or (s.start = D and s.id > e.id))",
    "(s.stop is absent or D < s.stop)",
    "s.kind = \"a\"",
    "(if s.id = e.id then s.level = N else D >= s.start)",
    "open_on(s, D)",
];

/// Conditions on a span `s` of the group of an event `e`, which a sweep splits by group.
const PART_ATOMS: &[&str] = &[
    "s.start <= D",
    "s in force on D",
    "s.level <= N",
    "s.id > e.id",
    "s.start >= e.group.opened",
    "e.group.opened <= D",
    "s.group.opened < s.start",
    "(s.start > D or (s.start = D and s.id > e.id))",
    "s.start + gap on s.start <= D",
    "near(s, D)",
];

/// A random condition of up to `depth` levels of `and`, `or` and `not` over `atoms`, with the
/// key written `key`.
fn condition(rng: &mut Lcg, atoms: &[&str], key: &str, depth: u32) -> String {
    let choice = if depth == 0 { 0 } else { rng.below(4) };
    match choice {
        0 => match key {
            "" => rng.pick(atoms).replace('D', "e.day").replace('N', "e.n"),
            key => rng.pick(atoms).replace(['D', 'N'], key),
        },
        1 => format!(
            "({} and {})",
            condition(rng, atoms, key, depth - 1),
            condition(rng, atoms, key, depth - 1)
        ),
        2 => format!(
            "({} or {})",
            condition(rng, atoms, key, depth - 1),
            condition(rng, atoms, key, depth - 1)
        ),
        _ => format!("not {}", condition(rng, atoms, key, depth - 1)),
    }
}

fn day(rng: &mut Lcg, spread: u64) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    base + chrono::Days::new(rng.below(spread))
}

fn sweep_data(rng: &mut Lcg) -> String {
    let mut out = String::from("groups:\n");
    for i in 0..4 {
        out += &format!("  - {{ id: G{i}, opened: {} }}\n", day(rng, 40));
    }
    out += "events:\n";
    for i in 0..12 {
        let (d, n) = (day(rng, 60), rng.below(5));
        let g = rng.below(4);
        out += &format!("  - {{ id: E{i}, day: {d}, n: {n}, group: G{g}");
        if rng.below(3) > 0 {
            out += &format!(", late: {}", day(rng, 60));
        }
        out += " }\n";
    }
    out += "spans:\n";
    for i in 0..25 {
        let kind = rng.pick(&["a", "b"]);
        let (start, from) = (day(rng, 60), day(rng, 50));
        out += &format!("  - {{ id: S{i}, kind: {kind}, start: {start}, from: {from}");
        if rng.below(2) == 0 {
            out += &format!(", stop: {}", day(rng, 70));
        }
        if rng.below(2) == 0 {
            out += &format!(", to: {}", from + chrono::Days::new(1 + rng.below(30)));
        }
        if rng.below(3) > 0 {
            out += &format!(", level: {}", rng.below(5));
        }
        if rng.below(4) > 0 {
            out += &format!(", group: G{}", rng.below(4));
        }
        out += " }\n";
    }
    out
}

/// 150 random filters on a date, a whole number, an optional date, and both with a text (evaluated with every form
/// of selection: `count`, `distinct`, `some`, `no`) on random data give the same findings with the sweeps and with a plain scan.
#[test]
fn sweeps_agree_with_a_plain_scan_on_random_filters() {
    let mut rng = Lcg(2026);
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    for round in 0..150 {
        let date = condition(&mut rng, DATE_ATOMS, "e.day", 2);
        let whole = condition(&mut rng, WHOLE_ATOMS, "e.n", 2);
        let late = condition(&mut rng, DATE_ATOMS, "e.late", 2);
        let mixed = condition(&mut rng, MIXED_ATOMS, "", 2);
        let part = condition(&mut rng, PART_ATOMS, "", 2);
        let rules = SWEEP_RULES
            .replace("MIXED", &mixed)
            .replace("PART", &part)
            .replace("DATE", &date)
            .replace("WHOLE", &whole)
            .replace("LATE", &late);
        let program = garant::rules::compile(vec![Source::new("sweep.garant", rules.as_str())])
            .unwrap_or_else(|e| panic!("round {round}: the rules compile: {e:?}\n{rules}"));
        let data = sweep_data(&mut rng);
        let (mut dataset, errors) =
            garant::data::load_bytes("sweep.yaml", data.clone().into(), &program.schema);
        assert!(errors.is_empty(), "{errors:?}\n{data}");
        let what = format!("round {round}: {date} / {whole} / {late} / {mixed} / {part}\n{data}");
        same_both_ways(&what, &program, &mut dataset, as_of);
    }
}

/// A quantifier stops at the first record that passes: a later record whose filter fails (its
/// parameter not yet in force) must not stop the sweep either. The first event is answered by a
/// scan, the second builds the index and the third counts from it.
#[test]
fn a_quantifier_never_meets_a_failure_a_scan_would_not_meet() {
    let head = &SWEEP_RULES[..SWEEP_RULES.find("rule SWEEP").unwrap_or(0)];
    let rules = format!(
        "{head}rule SOME \"a quantifier\"\n  severity error\n  citation \"tests/planner.rs\"\n  \
         for each event e:\n    \
         let any = some span s where s.kind = \"a\" or s.start + gap on s.start <= e.day\n    \
         require not any\n      otherwise \"{{e.id}}: {{any}}\"\n"
    );
    let program = garant::rules::compile(vec![Source::new("sweep.garant", rules.as_str())])
        .unwrap_or_else(|e| panic!("the rules compile: {e:?}"));
    let data = "groups:\n  - { id: G1, opened: 2024-01-01 }\n\
        events:\n  - { id: E1, day: 2024-03-01, n: 1, group: G1 }\n  \
        - { id: E2, day: 2024-03-02, n: 1, group: G1 }\n  \
        - { id: E3, day: 2024-03-03, n: 1, group: G1 }\nspans:\n  \
        - { id: S1, kind: a, start: 2024-01-01, from: 2024-01-01 }\n  \
        - { id: S2, kind: b, start: 2024-01-02, from: 2024-01-01 }\n";
    let (mut dataset, errors) =
        garant::data::load_bytes("sweep.yaml", data.into(), &program.schema);
    assert!(errors.is_empty(), "{errors:?}");
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    same_both_ways("a quantifier", &program, &mut dataset, as_of);
    let shown = outcome(&program, &mut dataset, as_of, false);
    assert!(shown.contains("E1: true"), "{shown}");
    assert!(shown.contains("E3: true"), "{shown}");
}

/// An index may skip only the records that the first conjunct of a filter rejects: a record that
/// a later conjunct would reject may first fail on an earlier one (a parameter not yet in force),
/// and a plain scan stops there. The filter below holds a selection, so no sweep takes it.
#[test]
fn an_index_never_skips_a_record_that_fails_before_its_conjunct() {
    let head = &RULES[..RULES.find("rule PLAN-CONST").unwrap_or(0)];
    let rules = format!(
        "parameter gap \"not in force before 2024-01-20\":\n  5 days from 2024-01-20\n\n{head}\
         rule LATE-CONJUNCT \"an in force conjunct after one that may fail\"\n  \
         severity error\n  citation \"tests/planner.rs\"\n  for each event e:\n    \
         let n = count(seat c where c.from + gap on c.from <= e.day and c in force on e.day\n      \
         and some event f where f.day >= c.from)\n    \
         require n < 0\n      otherwise \"{{e.day}}: {{n}}\"\n"
    );
    let program = garant::rules::compile(vec![Source::new("late.garant", rules.as_str())])
        .unwrap_or_else(|e| panic!("the test rules compile: {e:?}"));
    let (mut data, errors) = garant::data::load_bytes("planner.yaml", DATA.into(), &program.schema);
    assert!(errors.is_empty(), "{errors:?}");
    let as_of = NaiveDate::from_ymd_opt(2031, 1, 1).unwrap_or_default();
    same_both_ways("a late in force conjunct", &program, &mut data, as_of);
}
