//! garant: a rules-as-code compliance checker.
//!
//! The pipeline runs one way, one module per stage:
//!
//! 1. [`syntax`]: rule files (the language of `grammar/garant.pest`) are parsed into an AST whose
//!    every node carries its [`loc::Loc`].
//! 2. [`check`]: the static check resolves names and types and builds the typed program
//!    ([`check::ir::Program`]): the data model (collections, fields, forms), parameters,
//!    definitions and rules. Nothing about any assembly is built into the code: the model is
//!    declared in the rule files.
//! 3. [`data`]: YAML data files are loaded as the declared model says, each value with its file,
//!    line and column; problems are data errors with the stable codes of `cli.md`. Files are read
//!    in parallel, by a fast reader of the plain block style or else by granit-parser; a clean
//!    file's records are built as the fast reader goes (`data/direct.rs`), the others' from a
//!    tree that the loader walks to report every error (`data/load.rs`).
//! 4. [`eval`]: rules are evaluated against the data (in parallel, one rule at a time per core),
//!    giving [`eval::Finding`]s with the values they were decided on. A selection starts from an
//!    index where the check stage found one to use: the records referring to a record, those
//!    holding a text, or a sweep (`check::sweep`, `eval::sweep`) when its filter reads the
//!    outside through one or two dates or whole numbers; none of them changes an answer.
//! 5. [`report`]: findings and errors become one report model (with the catalogue of rules, the
//!    waivers, the baseline and the receipt), rendered by one small emitter per format: the
//!    terminal (miette), JSON, SARIF, JUnit, GitHub annotations and the sign-off report in HTML
//!    (an askama template, `templates/signoff.html`).
//!
//! Beside the pipeline: [`fmt`] lays out rule files (`garant fmt`), re-parsing what it writes;
//! [`cases`] runs scenario cases and their coverage (`garant test`); [`explain`] explains a code
//! or a rule (`garant explain`, from `docs/codes.md`); [`rules`] holds the regulation built into
//! the binary, compiles rule files with their amendments and exports the built-in ones;
//! [`waivers`] reads waivers files; [`output`] writes a report whole or not at all; [`parallel`],
//! [`hash`] and [`suggest`] are small helpers; `main.rs` is the command line. Start from
//! [`run_check`] to follow one check end to end.

pub mod cases;
pub mod check;
pub mod data;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod hash;
pub mod loc;
pub mod output;
pub mod parallel;
pub mod report;
pub mod rules;
pub mod suggest;
pub mod syntax;
pub mod value;
pub mod waivers;

use std::path::PathBuf;

/// What a check reads: the regulation, the data, the waivers files and the as-of date.
pub struct Inputs<'a> {
    pub program: &'a check::ir::Program,
    pub data: &'a [PathBuf],
    pub waivers: &'a [PathBuf],
    pub as_of: chrono::NaiveDate,
}

/// Loads the data at `paths` and, when it has no data error, evaluates every rule on it. A rule
/// that cannot be evaluated to the end makes the report incomplete, with the reason in it.
pub fn run_check(
    program: &check::ir::Program,
    paths: &[PathBuf],
    as_of: chrono::NaiveDate,
) -> report::Report {
    let inputs = Inputs {
        program,
        data: paths,
        waivers: &[],
        as_of,
    };
    check(&inputs).0
}

/// Runs a check: loads the data and the waivers; when neither has an error, evaluates every rule
/// and applies the waivers. Gives back the loaded data too, so that a caller about to exit can
/// skip freeing it (`std::mem::forget`): on a large dataset that takes a noticeable time. With
/// `GARANT_TIMING` set, the time of each stage (and of each rule) goes to standard error.
pub fn check(inputs: &Inputs<'_>) -> (report::Report, data::Dataset) {
    check_with_coverage(inputs, None)
}

/// [`check`], counting in `coverage` (made for `inputs.program`) what the evaluation exercised,
/// for `garant test --coverage`. Nothing is counted when the rules are not evaluated.
pub fn check_with_coverage(
    inputs: &Inputs<'_>,
    coverage: Option<&eval::coverage::Recorder>,
) -> (report::Report, data::Dataset) {
    let timing = std::env::var_os("GARANT_TIMING").is_some();
    let started = std::time::Instant::now();
    let (data, errors) = data::load(inputs.data, &inputs.program.schema);
    let waivers = waivers::load(inputs.waivers, inputs.program);
    if timing {
        eprintln!("garant: data loaded in {:.2?}", started.elapsed());
    }
    let (findings, eval_errors) = if errors.is_empty() && waivers.errors.is_empty() {
        let evaluated = std::time::Instant::now();
        let result = eval::evaluate_with_coverage(inputs.program, &data, inputs.as_of, coverage);
        if timing {
            eprintln!("garant: rules evaluated in {:.2?}", evaluated.elapsed());
        }
        result
    } else {
        Default::default()
    };
    let evaluated = errors.is_empty() && waivers.errors.is_empty();
    let mut report = report::Report::new(
        inputs.as_of,
        inputs.program,
        &data,
        findings,
        errors,
        eval_errors,
    );
    if evaluated {
        report.apply_waivers(waivers.waivers, waivers.files);
    } else {
        report.receipt.waivers.files = waivers.files;
        report.add_errors(waivers.errors, &waivers.data);
    }
    (report, data)
}
