//! Stage 4: evaluating the rules against the data, giving findings that explain themselves.
//!
//! [`evaluate`] runs each rule's checks: for each combination of its bindings, the `let`s, then
//! each requirement. A requirement whose parameter is not yet in force does not apply. A record
//! is reported once per rule (its broken conditions joined in one message), or once per
//! `once per` value. Rules are spread over two threads, the costliest first (`schedule`); the
//! result is sorted, so deterministic.

pub mod coverage;
mod expr;
mod keyed;
mod peek;
mod plane;
mod rules;
mod schedule;
mod show;
mod stab;
mod sweep;

use chrono::NaiveDate;

pub use crate::value::{Dec, MapValue, RecordRef, Value};
pub use expr::{age, shift};
pub use rules::{evaluate, evaluate_with_coverage};
pub use show::show;

use crate::check::ir::Program;
use crate::data::{DataLoc, Dataset};
use crate::loc::Loc;

/// Why an evaluation stopped short of a value.
#[derive(Debug, Clone)]
pub enum Stop {
    /// A parameter read before its first value is in force: the condition does not apply.
    NotApplicable,
    /// An arithmetic overflow or another impossible computation (boxed: results stay small).
    Error(Box<(String, Loc)>),
}

/// One value a finding was decided on: the expression as written and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub what: String,
    pub value: String,
    /// For a parameter: its name, the date read and the date its value is in force from.
    pub note: Option<String>,
}

/// A breach of a rule by a record.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: usize,
    pub collection: String,
    pub record: String,
    /// Where the reported record starts.
    pub loc: DataLoc,
    /// The value `report on` points at, inside the record.
    pub focus: Option<DataLoc>,
    /// The messages of the requirements it breaks, each once, joined with `; ` when shown.
    pub messages: Vec<String>,
    pub values: Vec<Explained>,
}

/// An evaluation that could not finish (an overflow, say): the check is incomplete.
#[derive(Debug, Clone)]
pub struct EvalError {
    pub rule: String,
    pub message: String,
    pub loc: Loc,
}

pub(crate) struct Eval<'a> {
    program: &'a Program,
    data: &'a Dataset,
    as_of: NaiveDate,
    trace: Option<Vec<Explained>>,
    /// Frames of finished definition calls, reused by the next call.
    frames: Vec<Vec<Value>>,
    /// What `garant test --coverage` counts; `None` in a check.
    coverage: Option<&'a coverage::Recorder>,
    /// The index, in its rule, of the check being evaluated (for the coverage).
    check: usize,
    /// The sweep indexes of the rule being evaluated.
    plans: sweep::Plans,
}
