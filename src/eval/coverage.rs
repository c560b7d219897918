//! What evaluations of a program exercised, for `garant test --coverage`.
//!
//! A [`Recorder`] is made for one program and given to [`super::evaluate_with_coverage`] for
//! each case run with it; its counters are atomic, since rules are evaluated in parallel. It
//! counts, per rule, the evaluations that gave a finding and those that finished without one;
//! per requirement (by check and position in it), how often it held, failed, or was not
//! exercised (its guard false, or a parameter it needs not yet in force); per dated value of a
//! parameter, how often a rule read it. `garant check` passes no recorder: it pays one test
//! per requirement and per parameter read, and its findings are the same either way.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::check::ir::Program;

/// The counters of one program's evaluations.
pub struct Recorder {
    evaluations: AtomicU64,
    rules: Vec<RuleCounters>,
    params: Vec<Vec<AtomicU64>>,
}

struct RuleCounters {
    fired: AtomicU64,
    passed: AtomicU64,
    /// Per check, per requirement: held, failed, not exercised.
    requirements: Vec<Vec<[AtomicU64; 3]>>,
}

/// What became of a requirement on one combination of bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exercised {
    Held,
    Failed,
    /// Its guard was false, or a parameter it needs is not yet in force.
    Skipped,
}

/// The counts of one requirement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequirementCount {
    pub held: u64,
    pub failed: u64,
    pub skipped: u64,
}

/// The counts of one rule: evaluations with a finding, complete ones without, and its
/// requirements per check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleCount {
    pub fired: u64,
    pub passed: u64,
    pub requirements: Vec<Vec<RequirementCount>>,
}

/// The counts of a recorder, read once evaluation is over: per rule (in program order), and
/// per parameter the reads of each dated value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// The datasets the rules were evaluated on (one per case).
    pub evaluations: u64,
    pub rules: Vec<RuleCount>,
    pub params: Vec<Vec<u64>>,
}

fn zeros(n: usize) -> Vec<AtomicU64> {
    (0..n).map(|_| AtomicU64::new(0)).collect()
}

fn add(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

fn read(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

impl Recorder {
    /// Counters, all zero, for the rules and parameters of `program`.
    pub fn new(program: &Program) -> Recorder {
        let rule = |r: &crate::check::ir::RuleIr| RuleCounters {
            fired: AtomicU64::new(0),
            passed: AtomicU64::new(0),
            requirements: r
                .checks
                .iter()
                .map(|c| c.requirements.iter().map(|_| Default::default()).collect())
                .collect(),
        };
        Recorder {
            evaluations: AtomicU64::new(0),
            rules: program.rules.iter().map(rule).collect(),
            params: program
                .params
                .iter()
                .map(|p| zeros(p.values.len()))
                .collect(),
        }
    }

    /// Requirement `req` of check `check` of rule `rule` was `what` once more.
    pub(crate) fn requirement(&self, rule: usize, check: usize, req: usize, what: Exercised) {
        let slot = what as usize;
        let counter = self
            .rules
            .get(rule)
            .and_then(|r| r.requirements.get(check))
            .and_then(|c| c.get(req))
            .map(|counts| &counts[slot]);
        counter.into_iter().for_each(add);
    }

    /// Dated value `value` of parameter `param` was read once more.
    pub(crate) fn read(&self, param: usize, value: usize) {
        let counter = self.params.get(param).and_then(|p| p.get(value));
        counter.into_iter().for_each(add);
    }

    /// The rules are evaluated on one more dataset.
    pub(crate) fn evaluation(&self) {
        add(&self.evaluations);
    }

    /// Rule `rule` was evaluated on one dataset, giving `findings` findings and `errors` errors.
    pub(crate) fn rule(&self, rule: usize, findings: usize, errors: usize) {
        let Some(r) = self.rules.get(rule) else {
            return;
        };
        if findings > 0 {
            add(&r.fired);
        } else if errors == 0 {
            add(&r.passed);
        }
    }

    /// The counts so far.
    pub fn counts(&self) -> Counts {
        Counts {
            evaluations: read(&self.evaluations),
            rules: self.rules.iter().map(RuleCounters::count).collect(),
            params: self
                .params
                .iter()
                .map(|p| p.iter().map(read).collect())
                .collect(),
        }
    }
}

impl RuleCounters {
    fn count(&self) -> RuleCount {
        let requirement = |c: &[AtomicU64; 3]| RequirementCount {
            held: read(&c[0]),
            failed: read(&c[1]),
            skipped: read(&c[2]),
        };
        RuleCount {
            fired: read(&self.fired),
            passed: read(&self.passed),
            requirements: self
                .requirements
                .iter()
                .map(|c| c.iter().map(requirement).collect())
                .collect(),
        }
    }
}
