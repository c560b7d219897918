//! Running rules: bindings, numbering, requirements, and merging findings per record.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::coverage::{Exercised, Recorder};
use super::expr::{order, shift};
use super::schedule;
use super::show::show;
use super::{Eval, EvalError, Explained, Finding, Stop};
use crate::check::ir::{
    BindingIr, CheckIr, NumberingIr, Program, RequirementIr, RuleIr, Source, TemplatePiece, Type,
};
use crate::data::{DataLoc, Dataset};
use crate::value::{Dec, Key, RecordRef, Value};

/// What a check does with each combination of its bindings.
type Visit<'f, 'a> = dyn FnMut(&mut Eval<'a>, &mut [Value]) -> Result<(), Stop> + 'f;

/// Evaluates every rule, in parallel; findings come back sorted by rule then record.
pub fn evaluate(
    program: &Program,
    data: &Dataset,
    as_of: NaiveDate,
) -> (Vec<Finding>, Vec<EvalError>) {
    evaluate_with_coverage(program, data, as_of, None)
}

/// [`evaluate`], counting in `coverage` (made for `program`) what the evaluation exercised:
/// the same findings and errors.
pub fn evaluate_with_coverage(
    program: &Program,
    data: &Dataset,
    as_of: NaiveDate,
    coverage: Option<&Recorder>,
) -> (Vec<Finding>, Vec<EvalError>) {
    if let Some(c) = coverage {
        c.evaluation();
    }
    let order = schedule::costliest_first(program, data);
    let results = crate::parallel::map(order.len(), |k| {
        evaluate_rule(program, data, as_of, order[k], coverage)
    });
    let results = schedule::in_rule_order(&order, results);
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    for (i, (rule, result)) in program.rules.iter().zip(results).enumerate() {
        match result {
            Some((f, e)) => {
                if let Some(c) = coverage {
                    c.rule(i, f.len(), e.len());
                }
                findings.extend(f);
                errors.extend(e);
            }
            None => errors.push(failed(rule)),
        }
    }
    (findings, errors)
}

/// The findings and errors of rule `i`; its time is written out when `GARANT_TIMING` is set.
fn evaluate_rule(
    program: &Program,
    data: &Dataset,
    as_of: NaiveDate,
    i: usize,
    coverage: Option<&Recorder>,
) -> (Vec<Finding>, Vec<EvalError>) {
    let mut ev = Eval {
        plans: Default::default(),
        program,
        data,
        as_of,
        trace: None,
        frames: Vec::new(),
        coverage,
        check: 0,
    };
    let started = std::time::Instant::now();
    let result = ev.rule(i, &program.rules[i]);
    if std::env::var_os("GARANT_TIMING").is_some() {
        eprintln!(
            "garant:   {} in {:.2?}",
            program.rules[i].id,
            started.elapsed()
        );
    }
    result
}

/// The error of a rule whose evaluation panicked.
fn failed(rule: &RuleIr) -> EvalError {
    EvalError {
        rule: rule.id.clone(),
        message: "garant failed while evaluating this rule: this is a bug of garant".into(),
        loc: rule.loc.clone(),
    }
}

/// The values a binding ranges over: the records of a collection (not copied), or a list.
enum Values {
    Records(u32, usize),
    List(Vec<Value>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Records(_, n) => *n,
            Values::List(v) => v.len(),
        }
    }

    fn get(&self, k: usize) -> Value {
        match self {
            Values::Records(c, _) => Value::Record(RecordRef {
                collection: *c,
                index: k as u32,
            }),
            Values::List(v) => v[k].clone(),
        }
    }
}

/// Findings of one rule, merged per (record, `once per` value), in order of first discovery.
#[derive(Default)]
struct Collector {
    findings: Vec<Finding>,
    keys: HashMap<(RecordRef, Key), usize>,
    errors: Vec<EvalError>,
}

impl<'a> Eval<'a> {
    fn rule(&mut self, index: usize, rule: &'a RuleIr) -> (Vec<Finding>, Vec<EvalError>) {
        let mut out = Collector::default();
        for (c, check) in rule.checks.iter().enumerate() {
            self.check = c;
            let mut frame = vec![Value::Absent; check.frame];
            let result = match &check.numbering {
                None => self.tuples(check, 0, &mut frame, &mut |ev, frame| {
                    ev.body(index, check, frame, &mut out)
                }),
                Some(_) => self.numbered(index, check, &mut frame, &mut out),
            };
            if let Err(Stop::Error(error)) = result {
                let (message, loc) = *error;
                out.errors.push(EvalError {
                    rule: rule.id.clone(),
                    message,
                    loc,
                });
            }
        }
        (out.findings, out.errors)
    }

    /// Calls `f` for each combination of the bindings from `k` on that passes their filters.
    fn tuples(
        &mut self,
        check: &'a CheckIr,
        k: usize,
        frame: &mut [Value],
        f: &mut Visit<'_, 'a>,
    ) -> Result<(), Stop> {
        let Some(binding) = check.bindings.get(k) else {
            return f(self, frame);
        };
        let values = self.values_of(binding, frame)?;
        for i in 0..values.len() {
            frame[binding.slot] = values.get(i);
            let pass = match &binding.filter {
                Some(filter) => match self.truth(filter, frame) {
                    Ok(b) => b,
                    Err(Stop::NotApplicable) => false,
                    Err(e) => return Err(e),
                },
                None => true,
            };
            if pass {
                self.tuples(check, k + 1, frame, f)?;
            }
        }
        Ok(())
    }

    /// The values a binding ranges over.
    fn values_of(&mut self, binding: &'a BindingIr, frame: &mut [Value]) -> Result<Values, Stop> {
        match &binding.source {
            Source::Records(c, _) => {
                Ok(Values::Records(*c as u32, self.data.collections[*c].len()))
            }
            source => Ok(Values::List(self.listed(source, frame)?)),
        }
    }

    /// The years or periods a binding ranges over.
    fn listed(&mut self, source: &'a Source, frame: &mut [Value]) -> Result<Vec<Value>, Stop> {
        Ok(match source {
            Source::Records(..) => Vec::new(),
            Source::Years(from, until) => {
                let (Value::Date(a), Value::Date(b)) =
                    (self.eval(from, frame)?, self.eval(until, frame)?)
                else {
                    return Ok(Vec::new());
                };
                if a >= b {
                    return Ok(Vec::new());
                }
                let last = b.pred_opt().map_or(b.year(), |d| d.year());
                (a.year()..=last)
                    .map(|y| Value::Num(Dec::int(i64::from(y))))
                    .collect()
            }
            Source::Periods(n, unit, from, until) => {
                let (Value::Date(a), Value::Date(b)) =
                    (self.eval(from, frame)?, self.eval(until, frame)?)
                else {
                    return Ok(Vec::new());
                };
                periods(a, b, *n, *unit)
            }
        })
    }

    /// Runs the body for each combination of the bindings, numbered within its `per` group in
    /// order of `by`.
    fn numbered(
        &mut self,
        index: usize,
        check: &'a CheckIr,
        frame: &mut [Value],
        out: &mut Collector,
    ) -> Result<(), Stop> {
        let Some(numbering) = &check.numbering else {
            return Ok(());
        };
        let mut rows = self.rows(check, numbering, frame)?;
        rows.sort_by(Row::order);
        let mut rank = 0;
        let mut group_first = Value::Absent;
        for i in 0..rows.len() {
            if i == 0 || rows[i].per != rows[i - 1].per {
                rank = 0;
                group_first = first_bound(check, &rows[i].frame);
            }
            rank += 1;
            let mut row = std::mem::take(&mut rows[i].frame);
            row[numbering.slot] = Value::Position {
                rank,
                first: Box::new(group_first.clone()),
            };
            self.body(index, check, &mut row, out)?;
        }
        Ok(())
    }

    /// The combinations of the bindings to number, with what they are numbered by, unsorted;
    /// one whose `per` does not apply is left out.
    fn rows(
        &mut self,
        check: &'a CheckIr,
        numbering: &'a NumberingIr,
        frame: &mut [Value],
    ) -> Result<Vec<Row>, Stop> {
        let mut rows = Vec::new();
        self.tuples(check, 0, frame, &mut |ev, frame| {
            let per = match ev.eval(&numbering.per, frame) {
                Ok(v) => v.key(),
                Err(Stop::NotApplicable) => return Ok(()),
                Err(e) => return Err(e),
            };
            // A `by` not yet applicable sorts as absent; an error stops the rule, as in `per`.
            let by = match ev.eval(&numbering.by, frame) {
                Ok(v) => v,
                Err(Stop::NotApplicable) => Value::Absent,
                Err(e) => return Err(e),
            };
            let first = first_bound(check, frame);
            let tie = show(&first, &Type::Text, ev.program, ev.data);
            let frame = frame.to_vec();
            rows.push(Row {
                per,
                by,
                tie,
                frame,
            });
            Ok(())
        })?;
        Ok(rows)
    }

    /// The `let`s and requirements for one combination of bindings.
    fn body(
        &mut self,
        index: usize,
        check: &'a CheckIr,
        frame: &mut [Value],
        out: &mut Collector,
    ) -> Result<(), Stop> {
        self.lets(check, frame)?;
        let mut broken = Vec::new();
        for (i, req) in check.requirements.iter().enumerate() {
            let exercised = self.requirement(req, frame)?;
            if let Some(coverage) = self.coverage {
                coverage.requirement(index, self.check, i, exercised);
            }
            if exercised == Exercised::Failed {
                broken.push(i);
            }
        }
        if broken.is_empty() {
            return Ok(());
        }
        let broken = self.explain_failure(check, &broken, frame);
        self.record_finding(index, check, frame, broken, out);
        Ok(())
    }

    /// Whether a requirement holds, fails, or does not apply (its guard false, or a parameter
    /// it needs not yet in force) on one combination of bindings.
    fn requirement(
        &mut self,
        req: &'a RequirementIr,
        frame: &mut [Value],
    ) -> Result<Exercised, Stop> {
        if let Some(guard) = &req.guard {
            match self.truth(guard, frame) {
                Ok(true) => {}
                Ok(false) | Err(Stop::NotApplicable) => return Ok(Exercised::Skipped),
                Err(e) => return Err(e),
            }
        }
        match self.truth(&req.condition, frame) {
            Ok(true) => Ok(Exercised::Held),
            Ok(false) => Ok(Exercised::Failed),
            Err(Stop::NotApplicable) => Ok(Exercised::Skipped),
            Err(e) => Err(e),
        }
    }

    fn lets(&mut self, check: &'a CheckIr, frame: &mut [Value]) -> Result<(), Stop> {
        for (slot, e) in &check.lets {
            frame[*slot] = match self.eval(e, frame) {
                Ok(v) => v,
                Err(Stop::NotApplicable) => Value::Inapplicable,
                Err(err) => return Err(err),
            };
        }
        Ok(())
    }

    /// What the broken requirements say: their messages, and the values they were decided on.
    fn explain_failure(
        &mut self,
        check: &'a CheckIr,
        broken: &[usize],
        frame: &mut [Value],
    ) -> Broken {
        let mut traced: Vec<Explained> = Vec::new();
        // Explain only the `let`s that a broken condition reads.
        for (slot, e) in &check.lets {
            let used = broken
                .iter()
                .any(|&i| check.requirements[i].condition.uses_slot(*slot));
            self.trace = used.then(Vec::new);
            let _ = self.eval(e, frame);
            let explained = self.trace.take().unwrap_or_default();
            traced.extend(explained);
        }
        self.trace = Some(traced);
        let mut messages = Vec::new();
        for &i in broken {
            let req = &check.requirements[i];
            let _ = self.truth(&req.condition, frame);
            messages.push(self.message(&req.message, frame));
        }
        let values = self.trace.take().unwrap_or_default();
        Broken { messages, values }
    }

    fn message(&mut self, pieces: &'a [TemplatePiece], frame: &mut [Value]) -> String {
        let saved = self.trace.take();
        let mut text = String::new();
        for piece in pieces {
            match piece {
                TemplatePiece::Text(s) => text.push_str(s),
                TemplatePiece::Hole(e) => match self.eval(e, frame) {
                    Ok(v) => text.push_str(&show(&v, &e.ty, self.program, self.data)),
                    Err(_) => text.push('?'),
                },
            }
        }
        self.trace = saved;
        text
    }

    /// Adds what `broken` says to the finding of the reported record (and `once per` value),
    /// made the first time.
    fn record_finding(
        &mut self,
        index: usize,
        check: &'a CheckIr,
        frame: &[Value],
        broken: Broken,
        out: &mut Collector,
    ) {
        let Value::Record(record) = frame[check.report_slot] else {
            return;
        };
        let once = check.once_per.map_or(Key::Absent, |s| frame[s].key());
        let key = (record, once);
        if let Some(&i) = out.keys.get(&key) {
            return broken.add_to(&mut out.findings[i]);
        }
        out.keys.insert(key, out.findings.len());
        out.findings
            .push(self.finding(index, check, record, broken));
    }

    /// A new finding of rule `index` on `record`.
    fn finding(&self, index: usize, check: &CheckIr, record: RecordRef, broken: Broken) -> Finding {
        let collection = &self.program.schema.collections[record.collection as usize];
        let id = show(&Value::Record(record), &Type::Text, self.program, self.data);
        Finding {
            rule: index,
            collection: collection.name.clone(),
            record: id,
            loc: self.data.record(record).loc(),
            focus: (!check.report_path.is_empty())
                .then(|| self.report_loc(record, &check.report_path)),
            messages: broken.messages,
            values: broken.values,
        }
    }

    fn report_loc(&self, record: RecordRef, path: &[usize]) -> DataLoc {
        let rec = self.data.record(record);
        let Some((&first, rest)) = path.split_first() else {
            return rec.loc();
        };
        let mut loc = rec.field_loc(first);
        let mut value = rec.values[first].clone();
        for &i in rest {
            let Value::Map(m) = value else { break };
            loc = m.locs[i];
            value = m.values[i].clone();
        }
        loc
    }
}

/// One combination of the bindings of a numbered check, with what it is numbered by.
struct Row {
    /// The `per` group.
    per: Key,
    /// The value ordered on within the group.
    by: Value,
    /// The first binding's record as shown, deciding between equal `by`.
    tie: String,
    frame: Vec<Value>,
}

impl Row {
    /// By group, then by `by`, then by the first binding as shown.
    fn order(a: &Row, b: &Row) -> std::cmp::Ordering {
        a.per
            .cmp(&b.per)
            .then(order(&a.by, &b.by).unwrap_or(std::cmp::Ordering::Equal))
            .then(a.tie.cmp(&b.tie))
    }
}

/// The value of the first binding of `check` in `frame`.
fn first_bound(check: &CheckIr, frame: &[Value]) -> Value {
    check
        .bindings
        .first()
        .map_or(Value::Absent, |b| frame[b.slot].clone())
}

/// What the broken requirements of one combination say: their messages, and the values they
/// were decided on.
struct Broken {
    messages: Vec<String>,
    values: Vec<Explained>,
}

impl Broken {
    /// Adds to finding `f` the messages and values it does not hold yet.
    fn add_to(self, f: &mut Finding) {
        for m in self.messages {
            if !f.messages.contains(&m) {
                f.messages.push(m);
            }
        }
        for v in self.values {
            if !f.values.contains(&v) {
                f.values.push(v);
            }
        }
    }
}

/// Successive periods of `n` units from `start`, each computed from `start`, that end on or
/// before `until`.
fn periods(
    start: NaiveDate,
    until: NaiveDate,
    n: i64,
    unit: crate::syntax::ast::Unit,
) -> Vec<Value> {
    let mut out = Vec::new();
    let mut k = 0i64;
    while let (Some(s), Some(e)) = (shift(start, n * k, unit), shift(start, n * (k + 1), unit)) {
        if e > until {
            break;
        }
        k += 1;
        out.push(Value::Period {
            start: s,
            end: e,
            number: k,
        });
    }
    out
}
