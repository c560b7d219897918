//! `garant test --coverage`: how much of the regulation the cases exercise.
//!
//! Four kinds of items are counted, over every program the cases were run with (the built-in
//! regulation first, then the others in the order cases first used them; a rule, requirement or
//! parameter value of the same id in two programs is one item, its counts added up):
//!
//! - a rule **fires** when some case's evaluation gives a finding of it (a waived one too);
//! - a rule **passes** when some case's evaluation of it finished without a finding or an error;
//! - a requirement (the `N`th `require` of its rule, counted over its checks) is covered when it
//!   was seen both **holding and failing**; a combination where its guard was false or a
//!   parameter it needs was not yet in force does not count either way (it is `skipped`);
//! - a dated value of a parameter is covered when some rule **read** it. A parameter no rule
//!   reads (one used only for the codes of a field) and a value in force only after the latest
//!   `as_of` of the cases run with its program are listed, but not counted.
//!
//! Cases whose rules were evaluated count, passed or failed; a case that could not be run, or
//! whose data has errors, exercises nothing.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use super::Programs;
use crate::check::ir::{CheckIr, Expr, ExprIr, Program, RuleIr, Source, TemplatePiece};
use crate::eval::coverage::{Counts, Recorder, RequirementCount};
use crate::loc::Loc;

mod text;

pub use text::human;

/// The recorders of the programs cases run with, in order of first use.
#[derive(Default)]
pub struct Collector {
    entries: Vec<Entry>,
}

struct Entry {
    rules: Vec<PathBuf>,
    amend: Vec<PathBuf>,
    recorder: Recorder,
    latest: NaiveDate,
}

impl Collector {
    /// The recorder of the program compiled from `rules` and `amend`, for a case as of `as_of`.
    pub fn recorder(
        &mut self,
        (rules, amend): (&[PathBuf], &[PathBuf]),
        program: &Program,
        as_of: NaiveDate,
    ) -> &Recorder {
        let i = self
            .entries
            .iter()
            .position(|e| e.rules == rules && e.amend == amend);
        let i = i.unwrap_or_else(|| {
            self.entries.push(Entry {
                rules: rules.to_vec(),
                amend: amend.to_vec(),
                recorder: Recorder::new(program),
                latest: as_of,
            });
            self.entries.len() - 1
        });
        let entry = &mut self.entries[i];
        entry.latest = entry.latest.max(as_of);
        &entry.recorder
    }

    /// The coverage of every program used, merged.
    pub fn finish(self, programs: &mut Programs) -> Coverage {
        let mut entries = self.entries;
        // The built-in regulation (no rule paths) first, so that its names and lines are shown.
        entries.sort_by_key(|e| (!e.rules.is_empty(), !e.amend.is_empty()));
        let mut coverage = Coverage::default();
        for e in entries {
            if let Ok(program) = programs.get(&e.rules, &e.amend) {
                let counts = e.recorder.counts();
                coverage.cases += counts.evaluations;
                coverage.add(program, &counts, e.latest);
            }
        }
        coverage
    }
}

/// What the cases exercised.
#[derive(Default, Serialize)]
pub struct Coverage {
    /// The cases whose rules were evaluated (passed or failed; not those with data errors).
    pub cases: u64,
    pub rules: Vec<RuleCoverage>,
    pub parameters: Vec<ParamCoverage>,
}

/// Where an item is written: the rule file (as named when compiled) and the line.
#[derive(Serialize, Clone, Debug)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

impl Place {
    fn of(loc: &Loc) -> Place {
        Place {
            file: tidy(&loc.src.name),
            line: loc.line(),
        }
    }
}

/// A rule file's name with its `.` and `dir/..` steps taken out, as written in the text (a
/// case's `rules: ../../rules` gives `cases/X/y/../../rules/...`).
fn tidy(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "." => {}
            ".." if parts.last().is_some_and(|p| !p.is_empty() && *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Serialize)]
pub struct RuleCoverage {
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    /// Evaluations (one per case) that gave a finding of the rule.
    pub fired: u64,
    /// Evaluations that finished without a finding or an error.
    pub passed: u64,
    pub requirements: Vec<RequirementCoverage>,
}

#[derive(Serialize)]
pub struct RequirementCoverage {
    /// 1 for the rule's first `require`, counted over its checks.
    pub number: usize,
    /// 1 for the rule's first check.
    pub check: usize,
    #[serde(flatten)]
    pub place: Place,
    /// Combinations of bindings where it held, failed, or was not exercised.
    pub held: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl RequirementCoverage {
    pub fn covered(&self) -> bool {
        self.held > 0 && self.failed > 0
    }
}

#[derive(Serialize)]
pub struct ParamCoverage {
    pub name: String,
    /// Whether some rule or definition reads it on a date; if not, its values are not counted.
    pub read_by_rules: bool,
    pub values: Vec<ValueCoverage>,
}

#[derive(Serialize)]
pub struct ValueCoverage {
    /// The date it is in force from.
    #[serde(serialize_with = "date")]
    pub from: NaiveDate,
    #[serde(flatten)]
    pub place: Place,
    /// How many times a rule read it.
    pub reads: u64,
    /// Whether it is in force on or before the latest `as_of` of the cases run with it.
    pub in_force: bool,
}

/// A date as `YYYY-MM-DD`.
fn date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

impl ParamCoverage {
    /// The values counted in the figures.
    pub fn counted(&self) -> impl Iterator<Item = &ValueCoverage> {
        self.values
            .iter()
            .filter(move |v| self.read_by_rules && v.in_force)
    }
}

impl Coverage {
    fn add(&mut self, program: &Program, counts: &Counts, latest: NaiveDate) {
        for (rule, count) in program.rules.iter().zip(&counts.rules) {
            let i = self.rule_index(rule);
            let target = &mut self.rules[i];
            target.fired += count.fired;
            target.passed += count.passed;
            let flat = count.requirements.iter().flatten();
            for (r, c) in target.requirements.iter_mut().zip(flat) {
                add_requirement(r, c);
            }
        }
        let read = read_params(program);
        for (p, param) in program.params.iter().enumerate() {
            let reads = counts.params.get(p).map_or(&[][..], Vec::as_slice);
            self.add_param(param, read.contains(&p), reads, latest);
        }
    }

    /// The index of the rule with the id of `rule`, added (with no counts) if it is new.
    fn rule_index(&mut self, rule: &RuleIr) -> usize {
        if let Some(i) = self.rules.iter().position(|r| r.id == rule.id) {
            return i;
        }
        self.rules.push(RuleCoverage {
            id: rule.id.clone(),
            place: Place::of(&rule.loc),
            fired: 0,
            passed: 0,
            requirements: requirements_of(rule),
        });
        self.rules.len() - 1
    }

    fn add_param(
        &mut self,
        param: &crate::check::ir::Param,
        read: bool,
        reads: &[u64],
        latest: NaiveDate,
    ) {
        let i = match self.parameters.iter().position(|p| p.name == param.name) {
            Some(i) => i,
            None => {
                self.parameters.push(ParamCoverage {
                    name: param.name.clone(),
                    read_by_rules: false,
                    values: Vec::new(),
                });
                self.parameters.len() - 1
            }
        };
        let target = &mut self.parameters[i];
        target.read_by_rules |= read;
        for (k, ((from, _), loc)) in param.values.iter().zip(&param.locs).enumerate() {
            let value = value_entry(&mut target.values, *from, loc);
            value.reads += reads.get(k).copied().unwrap_or(0);
            value.in_force |= *from <= latest;
        }
    }
}

fn add_requirement(r: &mut RequirementCoverage, c: &RequirementCount) {
    r.held += c.held;
    r.failed += c.failed;
    r.skipped += c.skipped;
}

/// The value of `values` in force from `from`, added in date order if it is new.
fn value_entry<'v>(
    values: &'v mut Vec<ValueCoverage>,
    from: NaiveDate,
    loc: &Loc,
) -> &'v mut ValueCoverage {
    let i = values.partition_point(|v| v.from < from);
    if values.get(i).is_none_or(|v| v.from != from) {
        let value = ValueCoverage {
            from,
            place: Place::of(loc),
            reads: 0,
            in_force: false,
        };
        values.insert(i, value);
    }
    &mut values[i]
}

/// The requirements of a rule, numbered over its checks, with no counts.
fn requirements_of(rule: &RuleIr) -> Vec<RequirementCoverage> {
    let mut out = Vec::new();
    for (c, check) in rule.checks.iter().enumerate() {
        for req in &check.requirements {
            out.push(RequirementCoverage {
                number: out.len() + 1,
                check: c + 1,
                place: Place::of(&req.loc),
                held: 0,
                failed: 0,
                skipped: 0,
            });
        }
    }
    out
}

/// The parameters that some expression of a rule or definition reads on a date.
fn read_params(program: &Program) -> BTreeSet<usize> {
    let mut read = BTreeSet::new();
    let defs = program.defs.iter().map(|d| &d.body);
    let checks = program.rules.iter().flat_map(|r| &r.checks);
    for e in defs.chain(checks.flat_map(check_exprs)) {
        e.visit(&mut |x| {
            if let ExprIr::Param(p, _) = x.kind {
                read.insert(p);
            }
        });
    }
    read
}

/// Every expression written in a check, outermost ones only.
fn check_exprs(check: &CheckIr) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    for b in &check.bindings {
        out.extend(source_exprs(&b.source));
        out.extend(&b.filter);
    }
    if let Some(n) = &check.numbering {
        out.extend([&n.per, &n.by]);
    }
    out.extend(check.lets.iter().map(|(_, e)| e));
    for req in &check.requirements {
        out.extend(&req.guard);
        out.push(&req.condition);
        out.extend(holes(&req.message));
    }
    out
}

/// The expressions of a binding's source.
fn source_exprs(source: &Source) -> Vec<&Expr> {
    match source {
        Source::Records(_, key) => key.iter().map(|k| &*k.key).collect(),
        Source::Years(a, b) | Source::Periods(_, _, a, b) => vec![a, b],
    }
}

fn holes(message: &[TemplatePiece]) -> impl Iterator<Item = &Expr> {
    message.iter().filter_map(|p| match p {
        TemplatePiece::Hole(e) => Some(e),
        TemplatePiece::Text(_) => None,
    })
}

/// A count of covered items out of all, and the percentage (rounded down to a tenth, so that
/// 100.0 means every item).
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub covered: usize,
    pub of: usize,
    pub percent: f64,
}

impl Figure {
    fn new(covered: usize, of: usize) -> Figure {
        let percent = match of {
            0 => 100.0,
            _ => (covered * 1000 / of) as f64 / 10.0,
        };
        Figure {
            covered,
            of,
            percent,
        }
    }

    /// Whether the exact share is below `percent`.
    pub fn below(&self, percent: f64) -> bool {
        (self.covered as f64) * 100.0 < percent * (self.of as f64)
    }
}

/// One figure per kind of item, and the total over all items.
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    pub rules_fired: Figure,
    pub rules_passed: Figure,
    pub requirements: Figure,
    pub parameter_values: Figure,
    pub total: Figure,
}

impl Coverage {
    pub fn figures(&self) -> Figures {
        let rules = self.rules.len();
        let fired = self.rules.iter().filter(|r| r.fired > 0).count();
        let passed = self.rules.iter().filter(|r| r.passed > 0).count();
        let reqs = self.rules.iter().flat_map(|r| &r.requirements);
        let (req_covered, req_all) = covered_of(reqs, |q| q.covered());
        let values = self.parameters.iter().flat_map(ParamCoverage::counted);
        let (val_covered, val_all) = covered_of(values, |v| v.reads > 0);
        let covered = fired + passed + req_covered + val_covered;
        let all = 2 * rules + req_all + val_all;
        Figures {
            rules_fired: Figure::new(fired, rules),
            rules_passed: Figure::new(passed, rules),
            requirements: Figure::new(req_covered, req_all),
            parameter_values: Figure::new(val_covered, val_all),
            total: Figure::new(covered, all),
        }
    }
}

/// How many of `items` are covered, and how many there are.
fn covered_of<T>(items: impl Iterator<Item = T>, covered: impl Fn(&T) -> bool) -> (usize, usize) {
    items.fold((0, 0), |(c, n), item| {
        (c + usize::from(covered(&item)), n + 1)
    })
}

/// The JSON object `coverage` of `garant test --format json --coverage`.
#[derive(Serialize)]
pub struct Json<'a> {
    pub cases: u64,
    pub summary: Figures,
    pub rules: &'a [RuleCoverage],
    pub parameters: &'a [ParamCoverage],
}

impl Coverage {
    pub fn json(&self) -> Json<'_> {
        Json {
            cases: self.cases,
            summary: self.figures(),
            rules: &self.rules,
            parameters: &self.parameters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Figure, tidy};

    #[test]
    fn percentages_are_rounded_down_so_that_100_means_every_item() {
        assert_eq!(Figure::new(2, 3).percent, 66.6);
        assert_eq!(Figure::new(1999, 2000).percent, 99.9);
        assert_eq!(Figure::new(0, 0).percent, 100.0);
        assert!(Figure::new(1999, 2000).below(99.96));
        assert!(!Figure::new(5, 9).below(55.5));
        assert!(Figure::new(5, 9).below(55.6));
    }

    #[test]
    fn rule_file_names_lose_their_dot_dot_steps() {
        assert_eq!(
            tidy("cases/A/b/../../rules/x.garant"),
            "cases/rules/x.garant"
        );
        assert_eq!(tidy("./rules/x.garant"), "rules/x.garant");
        assert_eq!(tidy("../rules/x.garant"), "../rules/x.garant");
        assert_eq!(tidy("/a/../rules"), "/rules");
        assert_eq!(
            tidy("rules/10-membership.garant"),
            "rules/10-membership.garant"
        );
    }
}
