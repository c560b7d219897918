//! Evaluating a typed expression against the data, in a frame of slots.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate};

use super::show::show;
use super::{Eval, Explained, Stop};
use crate::check::ir::{Arith, Builtin, Expr, ExprIr, PeriodPart, Selection};
use crate::data::Dataset;
use crate::eval::{Dec, RecordRef, Value};
use crate::syntax::ast::{AggKind, CmpOp, Quant, Unit};

type R<T> = Result<T, Stop>;

/// What a missing field reads as.
static ABSENT: Value = Value::Absent;

impl<'a> Eval<'a> {
    pub(super) fn eval(&mut self, e: &'a Expr, frame: &mut [Value]) -> R<Value> {
        match &e.kind {
            ExprIr::Const(v) => Ok(v.clone()),
            ExprIr::Local(slot) => match &frame[*slot] {
                Value::Inapplicable => Err(Stop::NotApplicable),
                v => Ok(v.clone()),
            },
            ExprIr::AsOf => Ok(Value::Date(self.as_of)),
            ExprIr::Field(..) => Ok(self.operand(e, frame)?.into_owned()),
            ExprIr::PeriodPart(base, part) => Ok(period_part(self.eval(base, frame)?, *part)),
            ExprIr::Param(p, date) => self.param(*p, date, e, frame),
            ExprIr::Builtin(b, args) => self.builtin(*b, args, frame),
            ExprIr::CallDef(d, args) => self.call(*d, args, e, frame),
            ExprIr::Not(a) => Ok(Value::Bool(!self.truth(a, frame)?)),
            ExprIr::And(a, b) => Ok(Value::Bool(self.truth(a, frame)? && self.truth(b, frame)?)),
            ExprIr::Or(a, b) => Ok(Value::Bool(self.truth(a, frame)? || self.truth(b, frame)?)),
            ExprIr::Arith(op, a, b) => self.arith(*op, a, b, e, frame),
            ExprIr::Compare(first, rest) => Ok(Value::Bool(self.compare(first, rest, frame)?)),
            ExprIr::In(a, set, negated) => self.membership(a, set, *negated, frame),
            ExprIr::InForce(rec, date, period) => self.in_force(rec, date, *period, frame),
            ExprIr::IsAbsent(a, absent) => Ok(Value::Bool(self.is_absent(a, *absent, frame)?)),
            ExprIr::If(c, t, f) => {
                if self.truth(c, frame)? {
                    self.eval(t, frame)
                } else {
                    self.eval(f, frame)
                }
            }
            ExprIr::Aggregate(..) | ExprIr::Quantifier(..) => self.over_records(e, frame),
            ExprIr::AggregateOf(_, set) => match self.eval(set, frame)? {
                Value::Set(s) => Ok(Value::Num(Dec::int(s.len() as i64))),
                _ => Ok(Value::Num(Dec::int(0))),
            },
        }
    }

    /// The value of `e`, borrowed from the program or the data where it can be: comparisons
    /// then clone no text.
    fn operand(&mut self, e: &'a Expr, frame: &mut [Value]) -> R<Cow<'a, Value>> {
        match &e.kind {
            ExprIr::Const(v) => Ok(Cow::Borrowed(v)),
            ExprIr::Field(base, i) if let Some(r) = bound_record(base, frame) => {
                Ok(Cow::Borrowed(self.record_field(r, *i)))
            }
            ExprIr::Field(base, i) => Ok(match self.operand(base, frame)? {
                Cow::Borrowed(base) => Cow::Borrowed(self.field_of(base, *i)),
                Cow::Owned(Value::Record(r)) => Cow::Borrowed(self.record_field(r, *i)),
                Cow::Owned(base) => Cow::Owned(self.field(base, *i)),
            }),
            _ => self.eval(e, frame).map(Cow::Owned),
        }
    }

    /// Field `i` of record `r`; absent when it has none.
    fn record_field(&self, r: RecordRef, i: usize) -> &'a Value {
        let data: &'a Dataset = self.data;
        data.record(r).values.get(i).unwrap_or(&ABSENT)
    }

    /// Field `i` of `base`, a record or a mapping, where it stands; absent when it has none.
    pub(super) fn field_of<'f>(&self, base: &'f Value, i: usize) -> &'f Value
    where
        'a: 'f,
    {
        match base {
            Value::Record(r) => self.record_field(*r, i),
            Value::Map(m) => m.values.get(i).unwrap_or(&ABSENT),
            _ => &ABSENT,
        }
    }

    /// An aggregate or a quantifier. Its inner names mean nothing outside it, so it is
    /// explained by its result alone.
    fn over_records(&mut self, e: &'a Expr, frame: &mut [Value]) -> R<Value> {
        let trace = self.trace.take();
        let result = match &e.kind {
            ExprIr::Aggregate(kind, sel, value) => {
                self.aggregate(*kind, sel, value.as_deref(), frame)
            }
            ExprIr::Quantifier(q, sel, pred) => self.quantifier(*q, sel, pred.as_deref(), frame),
            _ => Ok(Value::Absent),
        };
        self.trace = trace;
        if let (Some(_), Ok(v)) = (&self.trace, &result) {
            let shown = show(v, &e.ty, self.program, self.data);
            self.explain(e, shown, None);
        }
        result
    }

    /// Whether `e` is true: `eval` giving `true`. The connectives and comparisons answer here
    /// without making a value of each part.
    pub(super) fn truth(&mut self, e: &'a Expr, frame: &mut [Value]) -> R<bool> {
        match &e.kind {
            ExprIr::Not(a) => Ok(!self.truth(a, frame)?),
            ExprIr::And(a, b) => Ok(self.truth(a, frame)? && self.truth(b, frame)?),
            ExprIr::Or(a, b) => Ok(self.truth(a, frame)? || self.truth(b, frame)?),
            ExprIr::Compare(first, rest) => self.compare(first, rest, frame),
            ExprIr::IsAbsent(a, absent) => self.is_absent(a, *absent, frame),
            _ => Ok(matches!(self.eval(e, frame)?, Value::Bool(true))),
        }
    }

    pub(super) fn field(&self, base: Value, i: usize) -> Value {
        self.field_of(&base, i).clone()
    }

    fn param(&mut self, p: usize, date: &'a Expr, e: &'a Expr, frame: &mut [Value]) -> R<Value> {
        let d = match self.read_in_place(date, frame) {
            Some(Value::Date(d)) => Some(*d),
            Some(_) => None,
            None => match self.eval(date, frame)? {
                Value::Date(d) => Some(d),
                _ => None,
            },
        };
        self.param_at(p, d.ok_or(Stop::NotApplicable)?, e)
    }

    /// The value of parameter `p` in force on `d` (`e` reads it).
    pub(super) fn param_at(&mut self, p: usize, d: NaiveDate, e: &'a Expr) -> R<Value> {
        let param = &self.program.params[p];
        let index = param.values.partition_point(|(from, _)| *from <= d);
        let Some(index) = index.checked_sub(1) else {
            return Err(Stop::NotApplicable);
        };
        let Some((from, value)) = param.values.get(index) else {
            return Err(Stop::NotApplicable);
        };
        if let Some(coverage) = self.coverage {
            coverage.read(p, index);
        }
        if self.trace.is_some() {
            let shown = show(value, &param.ty, self.program, self.data);
            let note = format!(
                "parameter `{}` read on {d}, value in force from {from}",
                param.name
            );
            self.explain(e, shown, Some(note));
        }
        Ok(value.clone())
    }

    pub(super) fn explain(&mut self, e: &'a Expr, value: String, note: Option<String>) {
        let Some(trace) = &mut self.trace else { return };
        if matches!(e.kind, ExprIr::Const(_)) {
            return;
        }
        let what = e
            .loc
            .snippet()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if trace.iter().any(|x| x.what == what) {
            return;
        }
        trace.push(Explained { what, value, note });
    }

    fn builtin(&mut self, b: Builtin, args: &'a [Expr], frame: &mut [Value]) -> R<Value> {
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            vals.push(self.eval(a, frame)?);
        }
        Ok(builtin_value(b, &vals))
    }

    fn call(
        &mut self,
        d: usize,
        args: &'a [Expr],
        call: &'a Expr,
        frame: &mut [Value],
    ) -> R<Value> {
        let program: &'a crate::check::ir::Program = self.program;
        let def = &program.defs[d];
        let mut inner = self.frames.pop().unwrap_or_default();
        inner.clear();
        let mut result = Ok(Value::Absent);
        for a in args {
            let value = match self.read_in_place(a, frame) {
                Some(v) => Ok(v.clone()),
                None => self.eval(a, frame),
            };
            // An argument that fails leaves its slot absent; the others are still evaluated.
            inner.push(value.unwrap_or_else(|e| {
                result = Err(e);
                Value::Absent
            }));
        }
        inner.resize(def.frame.max(args.len()), Value::Absent);
        if result.is_ok() {
            // A definition's inner names mean nothing at the call site: explain the call instead.
            let trace = self.trace.take();
            result = self.eval(&def.body, &mut inner);
            self.trace = trace;
            if let (Some(_), Ok(v)) = (&self.trace, &result) {
                for (a, value) in args.iter().zip(inner.iter()) {
                    let shown = show(value, &a.ty, self.program, self.data);
                    self.explain(a, shown, None);
                }
                let shown = show(v, &call.ty, self.program, self.data);
                self.explain(call, shown, None);
            }
        }
        self.frames.push(inner);
        result
    }

    fn arith(
        &mut self,
        op: Arith,
        a: &'a Expr,
        b: &'a Expr,
        e: &'a Expr,
        frame: &mut [Value],
    ) -> R<Value> {
        let result = match self.arith_in_place(op, a, b, frame) {
            Some(result) => result,
            None => {
                let (x, y) = (self.eval(a, frame)?, self.eval(b, frame)?);
                arith_value(op, &x, &y)
            }
        };
        result.ok_or_else(|| {
            Stop::Error(Box::new((
                format!("`{}` is out of range", e.loc.snippet()),
                e.loc.clone(),
            )))
        })
    }

    fn compare(
        &mut self,
        first: &'a Expr,
        rest: &'a [(CmpOp, Expr)],
        frame: &mut [Value],
    ) -> R<bool> {
        if let Some(holds) = self.compare_in_place(first, rest, frame) {
            return Ok(holds);
        }
        let mut left = self.operand(first, frame)?;
        let mut all = true;
        if self.trace.is_some() {
            let shown = show(&left, &first.ty, self.program, self.data);
            self.explain(first, shown, None);
        }
        for (op, e) in rest {
            let right = self.operand(e, frame)?;
            if self.trace.is_some() {
                let shown = show(&right, &e.ty, self.program, self.data);
                self.explain(e, shown, None);
            }
            all &= compare(*op, &left, &right);
            if !all && self.trace.is_none() {
                return Ok(false);
            }
            left = right;
        }
        Ok(all)
    }

    /// `a is absent` (or `is present`, when `absent` is false), a field read in place.
    fn is_absent(&mut self, a: &'a Expr, absent: bool, frame: &mut [Value]) -> R<bool> {
        Ok(self.operand(a, frame)?.is_absent() == absent)
    }

    fn membership(
        &mut self,
        a: &'a Expr,
        set: &'a Expr,
        negated: bool,
        frame: &mut [Value],
    ) -> R<Value> {
        let x = self.operand(a, frame)?;
        let s = self.operand(set, frame)?;
        if self.trace.is_some() {
            let shown = show(&x, &a.ty, self.program, self.data);
            self.explain(a, shown, None);
        }
        let (Value::Text(t), Value::Set(s)) = (&*x, &*s) else {
            return Ok(Value::Bool(false));
        };
        Ok(Value::Bool(s.contains(t) != negated))
    }

    fn in_force(
        &mut self,
        rec: &'a Expr,
        date: &'a Expr,
        (from, to): (usize, usize),
        frame: &mut [Value],
    ) -> R<Value> {
        let Value::Date(d) = *self.operand(date, frame)? else {
            return Ok(Value::Bool(false));
        };
        let Value::Record(r) = *self.operand(rec, frame)? else {
            return Ok(Value::Bool(false));
        };
        let values = &self.data.record(r).values;
        let started = matches!(values.get(from), Some(Value::Date(s)) if *s <= d);
        let not_ended = !matches!(values.get(to), Some(Value::Date(e)) if d >= *e);
        Ok(Value::Bool(started && not_ended))
    }

    /// The records a selection ranges over, before its filter: from the reverse index, the
    /// index of a field's texts or the period index, if it can (borrowed, never copied).
    fn candidates(&mut self, sel: &'a Selection, frame: &mut [Value]) -> R<Candidates<'a>> {
        let data: &'a Dataset = self.data;
        if data.plain_scan {
            return Ok(Candidates::All(data.collections[sel.collection].len()));
        }
        if let Some(records) = self.swept(sel, frame) {
            return Ok(Candidates::Owned(records));
        }
        if let Some(key) = &sel.index {
            match self.eval(&key.key, frame)? {
                Value::Record(target) => {
                    if let Some(records) = data.referring(sel.collection, key.field, target) {
                        return Ok(Candidates::Indexed(records));
                    }
                }
                _ => return Ok(Candidates::Indexed(&[])),
            }
        }
        let date = match &sel.in_force {
            Some(date) => match self.operand(date, frame).map(Cow::into_owned) {
                Ok(Value::Date(d)) => Some(d),
                _ => None,
            },
            None => None,
        };
        if let Some(key) = &sel.constant
            && let Some(records) = data.holding(sel.collection, key.field, &key.value, date)
        {
            return Ok(Candidates::Indexed(records));
        }
        if let Some(d) = date
            && let Some(records) = data.maybe_in_force(sel.collection, d)
        {
            return Ok(Candidates::Indexed(records));
        }
        Ok(Candidates::All(data.collections[sel.collection].len()))
    }

    /// Calls `f` with each record of the selection that passes its filter, until `f` says stop.
    fn select(
        &mut self,
        sel: &'a Selection,
        frame: &mut [Value],
        f: &mut dyn FnMut(&mut Self, &mut [Value]) -> R<bool>,
    ) -> R<()> {
        let candidates = self.candidates(sel, frame)?;
        let count = candidates.len();
        for k in 0..count {
            let index = candidates.get(k);
            frame[sel.slot] = Value::Record(RecordRef {
                collection: sel.collection as u32,
                index,
            });
            let pass = match &sel.filter {
                Some(filter) => self.truth(filter, frame)?,
                None => true,
            };
            if pass && !f(self, frame)? {
                break;
            }
        }
        Ok(())
    }

    /// The count, distinct values, sum, minimum or maximum of `value` over the selection;
    /// an absent value is counted but not taken in.
    fn aggregate(
        &mut self,
        kind: AggKind,
        sel: &'a Selection,
        value: Option<&'a Expr>,
        frame: &mut [Value],
    ) -> R<Value> {
        if kind == AggKind::Count
            && value.is_none()
            && let Some(n) = self.sweep_count(sel, frame, false)?
        {
            return Ok(Value::Num(Dec::int(n as i64)));
        }
        let mut tally = Tally::default();
        self.select(sel, frame, &mut |ev, frame| {
            tally.count += 1;
            let Some(value) = value else { return Ok(true) };
            let v = ev.eval(value, frame)?;
            if !v.is_absent() {
                tally.add(kind, v, value, ev)?;
            }
            Ok(true)
        })?;
        Ok(tally.result(kind))
    }

    fn quantifier(
        &mut self,
        q: Quant,
        sel: &'a Selection,
        pred: Option<&'a Expr>,
        frame: &mut [Value],
    ) -> R<Value> {
        if q != Quant::Every
            && pred.is_none()
            && let Some(n) = self.sweep_count(sel, frame, true)?
        {
            return Ok(Value::Bool((n > 0) == (q == Quant::Some)));
        }
        let mut found = false;
        self.select(sel, frame, &mut |ev, frame| {
            let holds = match pred {
                Some(p) => ev.truth(p, frame)?,
                None => true,
            };
            found = if q == Quant::Every { !holds } else { holds };
            Ok(!found)
        })?;
        Ok(Value::Bool(match q {
            Quant::Every | Quant::No => !found,
            Quant::Some => found,
        }))
    }
}

/// The record a name holds, when `e` is a name holding a record: its fields are then read
/// without copying the name's value.
fn bound_record(e: &Expr, frame: &[Value]) -> Option<RecordRef> {
    let ExprIr::Local(slot) = e.kind else {
        return None;
    };
    match frame.get(slot)? {
        Value::Record(r) => Some(*r),
        _ => None,
    }
}

enum Candidates<'a> {
    All(usize),
    Indexed(&'a [u32]),
    Owned(Vec<u32>),
}

impl Candidates<'_> {
    fn len(&self) -> usize {
        match self {
            Candidates::All(n) => *n,
            Candidates::Indexed(v) => v.len(),
            Candidates::Owned(v) => v.len(),
        }
    }

    fn get(&self, k: usize) -> u32 {
        match self {
            Candidates::All(_) => k as u32,
            Candidates::Indexed(v) => v[k],
            Candidates::Owned(v) => v[k],
        }
    }
}

/// What an aggregate has gathered so far.
#[derive(Default)]
struct Tally {
    count: i64,
    /// The sum, minimum or maximum so far.
    acc: Option<Value>,
    /// The distinct values, as shown.
    set: BTreeSet<Arc<str>>,
}

impl Tally {
    /// Takes in `v`, a value of `value` that is not absent, for an aggregate of `kind`.
    fn add(&mut self, kind: AggKind, v: Value, value: &Expr, ev: &Eval<'_>) -> R<()> {
        match kind {
            AggKind::Distinct => {
                self.set
                    .insert(Arc::from(show(&v, &value.ty, ev.program, ev.data)));
            }
            AggKind::Sum => {
                self.acc = Some(sum(self.acc.take(), v).ok_or_else(|| {
                    Stop::Error(Box::new((
                        "a sum is out of range".into(),
                        value.loc.clone(),
                    )))
                })?)
            }
            AggKind::Minimum | AggKind::Maximum => {
                if replaces(kind, &v, self.acc.as_ref()) {
                    self.acc = Some(v);
                }
            }
            AggKind::Count => {}
        }
        Ok(())
    }

    /// The value of an aggregate of `kind` over what was taken in.
    fn result(self, kind: AggKind) -> Value {
        match kind {
            AggKind::Count => Value::Num(Dec::int(self.count)),
            AggKind::Distinct => Value::Set(Arc::new(self.set)),
            AggKind::Sum => self.acc.unwrap_or(Value::Num(Dec::int(0))),
            AggKind::Minimum | AggKind::Maximum => self.acc.unwrap_or(Value::Absent),
        }
    }
}

/// Whether `v` is strictly below (`Minimum`) or above (`Maximum`) the best so far; the first
/// value always is.
fn replaces(kind: AggKind, v: &Value, best: Option<&Value>) -> bool {
    match best {
        None => true,
        Some(best) => order(v, best).is_some_and(|o| {
            (o == std::cmp::Ordering::Less) == (kind == AggKind::Minimum)
                && o != std::cmp::Ordering::Equal
        }),
    }
}

fn sum(acc: Option<Value>, v: Value) -> Option<Value> {
    match (acc, v) {
        (None, v) => Some(v),
        (Some(Value::Num(a)), Value::Num(b)) => a.checked_add(b).map(Value::Num),
        (Some(a), _) => Some(a),
    }
}

/// The value of builtin `b` on `vals` (absent when they are not what it takes).
pub(super) fn builtin_value(b: Builtin, vals: &[Value]) -> Value {
    match (b, vals) {
        (Builtin::Age, [Value::Date(birth), Value::Date(on)]) => {
            Value::Num(Dec::int(age(*birth, *on)))
        }
        (Builtin::Year, [Value::Date(d)]) => Value::Num(Dec::int(i64::from(d.year()))),
        (Builtin::FirstDay, [Value::Num(y)]) => year_date(*y, 1, 1),
        (Builtin::DateIn, [Value::Num(y), Value::DayOfYear(m, d)]) => year_date(*y, *m, *d),
        (Builtin::Earliest, [Value::Date(a), Value::Date(b)]) => Value::Date(*a.min(b)),
        (Builtin::Latest, [Value::Date(a), Value::Date(b)]) => Value::Date(*a.max(b)),
        _ => Value::Absent,
    }
}

/// `x op y`: absent when either is; `None` when out of range (or not computable).
pub(super) fn arith_value(op: Arith, x: &Value, y: &Value) -> Option<Value> {
    match (x, y) {
        (Value::Absent, _) | (_, Value::Absent) => Some(Value::Absent),
        (Value::Date(d), Value::Duration(n, unit)) => {
            shift(*d, if op == Arith::Sub { -n } else { *n }, *unit).map(Value::Date)
        }
        (Value::Duration(n, u), Value::Duration(m, _)) => {
            let r = if op == Arith::Sub {
                n.checked_sub(*m)
            } else {
                n.checked_add(*m)
            };
            r.map(|r| Value::Duration(r, *u))
        }
        (Value::Num(n), Value::Num(m)) => match op {
            Arith::Add => n.checked_add(*m),
            Arith::Sub => n.checked_sub(*m),
            Arith::Mul => n.checked_mul(*m),
        }
        .map(Value::Num),
        _ => None,
    }
}

/// Whole years completed since `birth` on `on`; born 29 February completes a year on 1 March
/// in a year without 29 February.
pub fn age(birth: NaiveDate, on: NaiveDate) -> i64 {
    let years = i64::from(on.year() - birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years - 1
    } else {
        years
    }
}

/// `date + n units`; months keep the day of month, or take the month's last day.
pub fn shift(date: NaiveDate, n: i64, unit: Unit) -> Option<NaiveDate> {
    match unit {
        Unit::Days => date.checked_add_signed(chrono::Duration::try_days(n)?),
        Unit::Months | Unit::Years => {
            let months = if unit == Unit::Years {
                n.checked_mul(12)?
            } else {
                n
            };
            let m = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
            if months >= 0 {
                date.checked_add_months(m)
            } else {
                date.checked_sub_months(m)
            }
        }
    }
}

fn year_date(y: Dec, month: u32, day: u32) -> Value {
    let Some(y) = y.as_i64().and_then(|y| i32::try_from(y).ok()) else {
        return Value::Absent;
    };
    let last = (1..=day)
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(y, month, d));
    last.map_or(Value::Absent, Value::Date)
}

pub(super) fn period_part(v: Value, part: PeriodPart) -> Value {
    match (v, part) {
        (Value::Period { start, .. }, PeriodPart::Start) => Value::Date(start),
        (Value::Period { end, .. }, PeriodPart::End) => Value::Date(end),
        (Value::Period { number, .. }, PeriodPart::Number) => Value::Num(Dec::int(number)),
        (Value::Position { rank, .. }, PeriodPart::Rank) => Value::Num(Dec::int(rank)),
        (Value::Position { first, .. }, PeriodPart::First) => *first,
        _ => Value::Absent,
    }
}

/// The order of two values of one type; `None` when either is absent or they do not compare.
pub fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Record(x), Value::Record(y)) => Some(x.cmp(y)),
        (Value::Duration(x, _), Value::Duration(y, _)) => Some(x.cmp(y)),
        (Value::DayOfYear(m, d), Value::DayOfYear(n, e)) => Some((m, d).cmp(&(n, e))),
        _ => None,
    }
}

pub(super) fn compare(op: CmpOp, a: &Value, b: &Value) -> bool {
    let Some(o) = order(a, b) else { return false };
    match op {
        CmpOp::Eq => o.is_eq(),
        CmpOp::Ne => o.is_ne(),
        CmpOp::Lt => o.is_lt(),
        CmpOp::Le => o.is_le(),
        CmpOp::Gt => o.is_gt(),
        CmpOp::Ge => o.is_ge(),
    }
}
