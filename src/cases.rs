//! Scenario cases (`garant test`): a folder with a `case.yaml` and its data, run as a check and
//! compared with the expected findings, as a multiset of (rule, record) pairs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::check::ir::Program;
use crate::report::Report;

pub mod coverage;
pub mod formats;

/// `case.yaml`. Keys beyond those of cli.md (a comment field, say) are allowed and ignored.
#[derive(Deserialize)]
struct CaseFile {
    as_of: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    rules: Option<RulePaths>,
    /// Amendments compiled with the regulation in use, relative to the case.
    #[serde(default)]
    amend: Option<RulePaths>,
    /// Waivers files, relative to the case; they are not data, even inside the case folder.
    #[serde(default)]
    waivers: Option<RulePaths>,
    expect: Option<Vec<Expected>>,
    /// The (rule, record) pairs of the waived findings.
    #[serde(default)]
    waived: Vec<Expected>,
}

/// `rules:` is one path, or a list of paths compiled together (a regulation and its amendment).
#[derive(Deserialize)]
#[serde(untagged)]
enum RulePaths {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Serialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Expected {
    pub rule: String,
    pub record: Option<String>,
}

/// A case, read.
pub struct Case {
    pub dir: PathBuf,
    pub as_of: chrono::NaiveDate,
    pub description: Option<String>,
    /// The rule paths; empty for the built-in regulation.
    pub rules: Vec<PathBuf>,
    /// The amendments compiled with that regulation.
    pub amend: Vec<PathBuf>,
    pub waivers: Vec<PathBuf>,
    /// The findings that are not waived (`WAIVER-*` warnings included).
    pub expect: Vec<Expected>,
    pub waived: Vec<Expected>,
}

/// The result of running a case.
pub struct Outcome {
    pub missing: Vec<Expected>,
    pub unexpected: Vec<Expected>,
    /// The same, for the waived findings.
    pub missing_waived: Vec<Expected>,
    pub unexpected_waived: Vec<Expected>,
    pub report: Report,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        [
            &self.missing,
            &self.unexpected,
            &self.missing_waived,
            &self.unexpected_waived,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
}

/// The case folders under `paths` (a folder holding `case.yaml` is a case), sorted.
pub fn discover(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for p in paths {
        find_cases(p, &mut found);
    }
    found.sort();
    found.dedup();
    found
}

fn find_cases(dir: &Path, found: &mut Vec<PathBuf>) {
    if dir.join("case.yaml").is_file() {
        found.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            find_cases(&entry.path(), found);
        }
    }
}

/// Reads a case folder's `case.yaml`.
pub fn read_case(dir: &Path) -> Result<Case, String> {
    let path = dir.join("case.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: CaseFile =
        serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let as_of = crate::value::read_date(&file.as_of)
        .map_err(|_| format!("{}: `as_of: {}` is not a date", path.display(), file.as_of))?;
    Ok(Case {
        dir: dir.to_path_buf(),
        as_of,
        description: file.description,
        rules: paths_in(dir, file.rules),
        amend: paths_in(dir, file.amend),
        waivers: paths_in(dir, file.waivers),
        waived: file.waived,
        expect: file.expect.ok_or_else(|| {
            format!(
                "{}: `expect` is required (write `expect: []` for none)",
                path.display()
            )
        })?,
    })
}

/// One path or a list of paths of `case.yaml`, relative to the case folder.
fn paths_in(dir: &Path, paths: Option<RulePaths>) -> Vec<PathBuf> {
    match paths {
        None => Vec::new(),
        Some(RulePaths::One(r)) => vec![dir.join(r)],
        Some(RulePaths::Many(rs)) => rs.iter().map(|r| dir.join(r)).collect(),
    }
}

/// The data files of a case: every YAML file under its folder but its `case.yaml` and the
/// waivers files it names.
pub fn data_files(case: &Case) -> Vec<PathBuf> {
    let mut errors = Vec::new();
    let same = |a: &Path, b: &Path| {
        a == b || std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
    };
    let own = case.dir.join("case.yaml");
    crate::data::discover(std::slice::from_ref(&case.dir), &mut errors)
        .into_iter()
        .filter(|p| *p != own && !case.waivers.iter().any(|w| same(w, p)))
        .collect()
}

/// Runs a case with `program` and compares its findings with the expected ones.
pub fn run(case: &Case, program: &Program) -> Result<Outcome, String> {
    run_with_coverage(case, program, None)
}

/// [`run`], counting in `coverage` (made for `program`) what the evaluation exercised.
pub fn run_with_coverage(
    case: &Case,
    program: &Program,
    coverage: Option<&crate::eval::coverage::Recorder>,
) -> Result<Outcome, String> {
    let data = data_files(case);
    let inputs = crate::Inputs {
        program,
        data: &data,
        waivers: &case.waivers,
        as_of: case.as_of,
    };
    let (report, _) = crate::check_with_coverage(&inputs, coverage);
    let pairs = |waived: bool| -> Vec<Expected> {
        report
            .entries
            .iter()
            .filter(|e| e.waived.is_some() == waived)
            .map(|e| Expected {
                rule: e.rule.clone(),
                record: e.record.clone(),
            })
            .collect()
    };
    let (missing, unexpected) = difference(&case.expect, &pairs(false));
    let (missing_waived, unexpected_waived) = difference(&case.waived, &pairs(true));
    Ok(Outcome {
        missing,
        unexpected,
        missing_waived,
        unexpected_waived,
        report,
    })
}

/// What `expected` has that `found` lacks, and the reverse, as multisets.
fn difference(expected: &[Expected], found: &[Expected]) -> (Vec<Expected>, Vec<Expected>) {
    let mut counts: HashMap<&Expected, i64> = HashMap::new();
    for e in expected {
        *counts.entry(e).or_default() += 1;
    }
    for f in found {
        *counts.entry(f).or_default() -= 1;
    }
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for (pair, n) in counts {
        for _ in 0..n.abs() {
            if n > 0 {
                missing.push(pair.clone())
            } else {
                unexpected.push(pair.clone())
            }
        }
    }
    missing.sort();
    unexpected.sort();
    (missing, unexpected)
}

/// Programs by rule and amendment paths, compiled once; no rule path is the built-in regulation.
#[derive(Default)]
pub struct Programs {
    cache: HashMap<(Vec<PathBuf>, Vec<PathBuf>), Result<Program, String>>,
}

impl Programs {
    pub fn get(&mut self, rules: &[PathBuf], amend: &[PathBuf]) -> Result<&Program, String> {
        let entry = self
            .cache
            .entry((rules.to_vec(), amend.to_vec()))
            .or_insert_with(|| compile(rules, amend));
        entry.as_ref().map_err(Clone::clone)
    }
}

fn compile(rules: &[PathBuf], amend: &[PathBuf]) -> Result<Program, String> {
    if let Some(p) = rules.iter().chain(amend).find(|p| !p.exists()) {
        return Err(format!("the rule path `{}` does not exist", p.display()));
    }
    crate::rules::load(rules, amend).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// What became of a case.
pub enum Verdict {
    Passed,
    /// It ran, and its findings differ from the expected ones.
    Failed(Differences),
    /// It could not be run: why.
    Error(String),
}

/// The differences of a failing case, each list sorted.
pub struct Differences {
    pub missing: Vec<Expected>,
    pub unexpected: Vec<Expected>,
    pub missing_waived: Vec<Expected>,
    pub unexpected_waived: Vec<Expected>,
}

impl Differences {
    /// Each list with its label, in the order `garant test` prints them.
    pub fn labelled(&self) -> [(&'static str, &[Expected]); 4] {
        [
            ("missing", &self.missing),
            ("unexpected", &self.unexpected),
            ("missing waived", &self.missing_waived),
            ("unexpected waived", &self.unexpected_waived),
        ]
    }
}

/// A case folder (or a `CASES` path that does not exist) and its verdict.
pub struct CaseResult {
    pub dir: PathBuf,
    pub description: Option<String>,
    pub verdict: Verdict,
}

/// The cases run by `garant test`, and how many passed, failed and could not be run.
pub struct Results {
    pub cases: Vec<CaseResult>,
    /// What they exercised of their rules, when asked (`--coverage`).
    pub coverage: Option<coverage::Coverage>,
}

impl Outcome {
    fn verdict(self) -> Verdict {
        if self.passed() {
            return Verdict::Passed;
        }
        Verdict::Failed(Differences {
            missing: self.missing,
            unexpected: self.unexpected,
            missing_waived: self.missing_waived,
            unexpected_waived: self.unexpected_waived,
        })
    }
}

impl Results {
    fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.verdict)).count()
    }

    pub fn passed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Passed))
    }

    pub fn failed(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Failed(_)))
    }

    pub fn errors(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Error(_)))
    }

    /// [`Results::exit_status`], and 1 when the total coverage is below `min` percent (said on
    /// standard error).
    pub fn exit_status_with(&self, min: Option<f64>) -> u8 {
        let status = self.exit_status();
        let (Some(min), Some(coverage)) = (min, &self.coverage) else {
            return status;
        };
        let total = coverage.figures().total;
        if status == 0 && total.below(min) {
            eprintln!(
                "error: the coverage is {:.1} % ({} of {} items), below --min-coverage {min}",
                total.percent, total.covered, total.of
            );
            return 1;
        }
        status
    }

    /// 2 when a case could not be run, 1 when one failed, else 0.
    pub fn exit_status(&self) -> u8 {
        if self.errors() > 0 {
            2
        } else if self.failed() > 0 {
            1
        } else {
            0
        }
    }
}

/// `garant test`: runs the cases under `paths` (default `cases/`), in sorted path order, after
/// an error for each path that does not exist.
pub fn run_all(paths: &[PathBuf]) -> Results {
    run_cases(paths, None)
}

/// [`run_all`], with the coverage of the rules by the cases (`garant test --coverage`).
pub fn run_all_with_coverage(paths: &[PathBuf]) -> Results {
    run_cases(paths, Some(coverage::Collector::default()))
}

fn run_cases(paths: &[PathBuf], mut collector: Option<coverage::Collector>) -> Results {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("cases")]
    } else {
        paths.to_vec()
    };
    let mut cases: Vec<CaseResult> = paths
        .iter()
        .filter(|p| !p.exists())
        .map(|p| CaseResult {
            dir: p.clone(),
            description: None,
            verdict: Verdict::Error("no such folder".into()),
        })
        .collect();
    let mut programs = Programs::default();
    cases.extend(
        discover(&paths)
            .into_iter()
            .map(|d| run_one(d, &mut programs, collector.as_mut())),
    );
    let coverage = collector.map(|c| c.finish(&mut programs));
    Results { cases, coverage }
}

fn run_one(
    dir: PathBuf,
    programs: &mut Programs,
    collector: Option<&mut coverage::Collector>,
) -> CaseResult {
    let case = match read_case(&dir) {
        Ok(case) => case,
        Err(e) => {
            let verdict = Verdict::Error(e);
            return CaseResult {
                dir,
                description: None,
                verdict,
            };
        }
    };
    let verdict = programs
        .get(&case.rules, &case.amend)
        .and_then(|program| {
            let key = (case.rules.as_slice(), case.amend.as_slice());
            let recorder = collector.map(|c| c.recorder(key, program, case.as_of));
            run_with_coverage(&case, program, recorder)
        })
        .map_or_else(Verdict::Error, Outcome::verdict);
    CaseResult {
        dir,
        description: case.description,
        verdict,
    }
}
