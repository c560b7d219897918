//! Answering a selection that has a sweep key (`check::sweep`) from an index: for each record,
//! the set of key values for which its filter holds, computed once by evaluating the filter
//! with the key left unknown. Asked at the key's value, the index gives the records that pass
//! (the filter is still evaluated on each) or, for `count`, their number without visiting them.
//!
//! The index changes no answer. Each record's set is exact: every part of the filter that does
//! not read the key is computed for the record as the plain evaluation computes it, and the
//! parts that read it (comparisons, `in force on`, `is absent`, `and`, `or`, `not`, `if`) are
//! total, so no record can fail at one key value and pass at another. A record whose filter
//! leaves those forms, or fails on its own (a parameter not in force), is set aside and
//! evaluated plainly every time, in order, so that its failure stops the selection as a scan
//! would.

use std::sync::{Arc, Mutex, OnceLock};

use chrono::Datelike;

use super::Eval;
use super::expr::{arith_value, builtin_value, compare, period_part};
use super::stab::{KeySet, Stab};
use crate::check::ir::{Expr, ExprIr, Selection, SweepKey, Type};
use crate::check::sweep::KEY_SLOT;
use crate::hash::FxHashMap;
use crate::syntax::ast::CmpOp;
use crate::value::{RecordRef, Value};

/// The sweep indexes of one evaluation, per selection of the program, built on first use.
#[derive(Default)]
pub(crate) struct Plans {
    cells: Mutex<FxHashMap<usize, Arc<OnceLock<KeyIndex>>>>,
}

impl Plans {
    fn cell(&self, sel: &Selection) -> Arc<OnceLock<KeyIndex>> {
        let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        let id = std::ptr::from_ref(sel) as usize;
        cells.entry(id).or_default().clone()
    }
}

/// The records of a collection by the key values for which they pass a filter.
#[derive(Debug)]
pub(super) struct KeyIndex {
    stab: Stab,
    /// The records evaluated plainly at every key value, in order.
    pub(super) plain: Vec<u32>,
}

impl KeyIndex {
    /// The records that may pass at `key`, in order: those that do, and those set aside.
    pub(super) fn records(&self, key: i64) -> Vec<u32> {
        let mut out = self.stab.holding(key);
        out.extend_from_slice(&self.plain);
        out.sort_unstable();
        out
    }

    /// How many records, not set aside, pass at `key`.
    pub(super) fn count(&self, key: i64) -> usize {
        self.stab.count(key)
    }
}

/// A value of the filter computed with the key unknown.
#[derive(Debug, Clone)]
enum Abs {
    Val(Value),
    /// The key itself.
    Key,
    /// A truth that depends on the key: the key values for which it holds.
    Set(KeySet),
}

/// Where an abstract evaluation reads its names: the filter's (the record and the key) or a
/// definition's (its arguments).
enum Frame<'f> {
    Filter { slot: usize, record: RecordRef },
    Def(&'f [Abs]),
}

/// A truth as an [`Abs`]: a plain truth when it does not depend on the key.
fn truth_of(s: KeySet) -> Abs {
    match (s.is_all(), s.is_none()) {
        (true, _) => Abs::Val(Value::Bool(true)),
        (_, true) => Abs::Val(Value::Bool(false)),
        _ => Abs::Set(s),
    }
}

/// The key values for which `a` is true (anything but `true` is false, as in a filter).
fn truth(a: Abs) -> Option<KeySet> {
    match a {
        Abs::Val(v) => Some(KeySet::of(matches!(v, Value::Bool(true)))),
        Abs::Set(s) => Some(s),
        Abs::Key => None,
    }
}

/// The key as a number: a date as its day, a whole number as itself.
pub(super) fn key_value(v: &Value, date: bool) -> Option<i64> {
    match (v, date) {
        (Value::Date(d), true) => Some(i64::from(d.num_days_from_ce())),
        (Value::Num(n), false) => n.as_i64(),
        _ => None,
    }
}

/// The key values `k` for which `k op v` holds; `None` when that is not a set of whole keys (a
/// whole-number key against a fraction).
fn against(op: CmpOp, v: &Value, date: bool) -> Option<KeySet> {
    let Some(k) = key_value(v, date) else {
        let comparable = matches!((v, date), (Value::Num(_), false));
        return (!comparable).then(KeySet::none);
    };
    Some(match op {
        CmpOp::Lt => KeySet::below(k),
        CmpOp::Le => KeySet::below(k.saturating_add(1)),
        CmpOp::Gt => KeySet::from(k.saturating_add(1)),
        CmpOp::Ge => KeySet::from(k),
        CmpOp::Eq => KeySet::run(k, k.saturating_add(1)),
        CmpOp::Ne => KeySet::run(k, k.saturating_add(1)).not(),
    })
}

fn flipped(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// The key values for which `left op right` holds.
fn pair(op: CmpOp, left: &Abs, right: &Abs, date: bool) -> Option<KeySet> {
    match (left, right) {
        (Abs::Val(a), Abs::Val(b)) => Some(KeySet::of(compare(op, a, b))),
        (Abs::Key, Abs::Key) => Some(KeySet::of(matches!(op, CmpOp::Eq | CmpOp::Le | CmpOp::Ge))),
        (Abs::Key, Abs::Val(v)) => against(op, v, date),
        (Abs::Val(v), Abs::Key) => against(flipped(op), v, date),
        _ => None,
    }
}

impl<'a> Eval<'a> {
    /// The sweep index of `sel` and the value of its key here, when it has a sweep key with a
    /// value (indexes are off in a plain scan and while coverage is counted).
    pub(super) fn sweep(
        &mut self,
        sel: &'a Selection,
        frame: &mut [Value],
    ) -> Option<(Arc<OnceLock<KeyIndex>>, i64)> {
        let plan = sel.sweep.as_ref()?;
        if self.data.plain_scan || self.coverage.is_some() {
            return None;
        }
        let trace = self.trace.take();
        let key = self.eval(&plan.key, frame);
        self.trace = trace;
        let key = key_value(&key.ok()?, plan.date)?;
        let cell = self.plans.cell(sel);
        cell.get_or_init(|| self.key_index(sel, plan));
        Some((cell, key))
    }

    fn key_index(&mut self, sel: &Selection, plan: &'a SweepKey) -> KeyIndex {
        let (mut sets, mut plain) = (Vec::new(), Vec::new());
        for index in 0..self.data.collections[sel.collection].len() as u32 {
            let record = RecordRef {
                collection: sel.collection as u32,
                index,
            };
            let frame = Frame::Filter {
                slot: sel.slot,
                record,
            };
            match self.abs(&plan.filter, &frame, plan.date).and_then(truth) {
                Some(set) if set.is_none() => {}
                Some(set) => sets.push((index, set)),
                None => plain.push(index),
            }
        }
        KeyIndex {
            stab: Stab::new(sets),
            plain,
        }
    }

    /// `e` with the key unknown; `None` when it leaves the forms a sweep computes, or fails.
    fn abs(&mut self, e: &'a Expr, frame: &Frame<'_>, date: bool) -> Option<Abs> {
        Some(match &e.kind {
            ExprIr::Const(v) => Abs::Val(v.clone()),
            ExprIr::AsOf => Abs::Val(Value::Date(self.as_of)),
            ExprIr::Local(slot) => local(*slot, frame)?,
            ExprIr::Field(base, i) => {
                let base = self.val(base, frame, date)?;
                Abs::Val(self.field(base, *i))
            }
            ExprIr::PeriodPart(base, part) => {
                Abs::Val(period_part(self.val(base, frame, date)?, *part))
            }
            ExprIr::Param(p, on) => match self.val(on, frame, date)? {
                Value::Date(d) => Abs::Val(self.param_at(*p, d, e).ok()?),
                _ => return None,
            },
            ExprIr::Builtin(b, args) => Abs::Val(builtin_value(*b, &self.vals(args, frame, date)?)),
            ExprIr::CallDef(d, args) => self.abs_call(*d, args, frame, date)?,
            ExprIr::Not(a) => truth_of(truth(self.abs(a, frame, date)?)?.not()),
            ExprIr::And(a, b) => self.abs_and_or(a, b, true, frame, date)?,
            ExprIr::Or(a, b) => self.abs_and_or(a, b, false, frame, date)?,
            ExprIr::Arith(op, a, b) => {
                let (x, y) = (self.val(a, frame, date)?, self.val(b, frame, date)?);
                Abs::Val(arith_value(*op, &x, &y)?)
            }
            ExprIr::Compare(first, rest) => self.abs_compare(first, rest, frame, date)?,
            ExprIr::In(a, set, negated) => {
                let (x, s) = (self.val(a, frame, date)?, self.val(set, frame, date)?);
                let holds = matches!((&x, &s), (Value::Text(t), Value::Set(s)) if s.contains(t) != *negated);
                Abs::Val(Value::Bool(holds))
            }
            ExprIr::InForce(rec, on, period) => self.abs_in_force(rec, on, *period, frame, date)?,
            ExprIr::IsAbsent(a, absent) => match self.abs(a, frame, date)? {
                Abs::Val(v) => Abs::Val(Value::Bool(v.is_absent() == *absent)),
                Abs::Key | Abs::Set(_) => Abs::Val(Value::Bool(!*absent)),
            },
            ExprIr::If(c, t, f) => self.abs_if(c, t, f, e, frame, date)?,
            ExprIr::Aggregate(..) | ExprIr::AggregateOf(..) | ExprIr::Quantifier(..) => {
                return None;
            }
        })
    }

    /// `e` as a plain value: `None` when it depends on the key.
    fn val(&mut self, e: &'a Expr, frame: &Frame<'_>, date: bool) -> Option<Value> {
        match self.abs(e, frame, date)? {
            Abs::Val(v) => Some(v),
            Abs::Key | Abs::Set(_) => None,
        }
    }

    fn vals(&mut self, es: &'a [Expr], frame: &Frame<'_>, date: bool) -> Option<Vec<Value>> {
        es.iter().map(|e| self.val(e, frame, date)).collect()
    }

    fn abs_call(
        &mut self,
        d: usize,
        args: &'a [Expr],
        frame: &Frame<'_>,
        date: bool,
    ) -> Option<Abs> {
        let program = self.program;
        let def = &program.defs[d];
        let mut inner = Vec::with_capacity(def.frame.max(args.len()));
        for a in args {
            inner.push(self.abs(a, frame, date)?);
        }
        inner.resize(def.frame.max(args.len()), Abs::Val(Value::Absent));
        self.abs(&def.body, &Frame::Def(&inner), date)
    }

    /// `a and b` (`all`) or `a or b`; `b` is left alone when `a` decides, as the plain
    /// evaluation leaves it.
    fn abs_and_or(
        &mut self,
        a: &'a Expr,
        b: &'a Expr,
        all: bool,
        frame: &Frame<'_>,
        date: bool,
    ) -> Option<Abs> {
        let left = truth(self.abs(a, frame, date)?)?;
        if (all && left.is_none()) || (!all && left.is_all()) {
            return Some(truth_of(left));
        }
        let right = truth(self.abs(b, frame, date)?)?;
        Some(truth_of(if all {
            left.and(&right)
        } else {
            left.or(&right)
        }))
    }

    fn abs_compare(
        &mut self,
        first: &'a Expr,
        rest: &'a [(CmpOp, Expr)],
        frame: &Frame<'_>,
        date: bool,
    ) -> Option<Abs> {
        let mut left = self.abs(first, frame, date)?;
        let mut holds = KeySet::all();
        for (op, e) in rest {
            if holds.is_none() {
                break;
            }
            let right = self.abs(e, frame, date)?;
            holds = holds.and(&pair(*op, &left, &right, date)?);
            left = right;
        }
        Some(truth_of(holds))
    }

    fn abs_in_force(
        &mut self,
        rec: &'a Expr,
        on: &'a Expr,
        (from, to): (usize, usize),
        frame: &Frame<'_>,
        date: bool,
    ) -> Option<Abs> {
        let on = self.abs(on, frame, date)?;
        let Value::Record(r) = self.val(rec, frame, date)? else {
            return Some(Abs::Val(Value::Bool(false)));
        };
        let values = &self.data.record(r).values;
        let day = |i: usize| match values.get(i) {
            Some(Value::Date(d)) => key_value(&Value::Date(*d), true),
            _ => None,
        };
        Some(match on {
            Abs::Key if date => {
                let started = day(from).map_or(KeySet::none(), KeySet::from);
                truth_of(started.and(&day(to).map_or(KeySet::all(), KeySet::below)))
            }
            Abs::Val(Value::Date(d)) => {
                let d = i64::from(d.num_days_from_ce());
                let started = day(from).is_some_and(|s| s <= d);
                Abs::Val(Value::Bool(started && day(to).is_none_or(|e| d < e)))
            }
            _ => Abs::Val(Value::Bool(false)),
        })
    }

    /// `if c then t else f`: when `c` depends on the key, only between truths (which are never
    /// absent, so that the result is a truth whatever the key).
    fn abs_if(
        &mut self,
        c: &'a Expr,
        t: &'a Expr,
        f: &'a Expr,
        e: &'a Expr,
        frame: &Frame<'_>,
        date: bool,
    ) -> Option<Abs> {
        let cond = truth(self.abs(c, frame, date)?)?;
        if cond.is_all() {
            return self.abs(t, frame, date);
        }
        if cond.is_none() {
            return self.abs(f, frame, date);
        }
        let branch = |a: Abs| match a {
            Abs::Val(Value::Bool(b)) => Some(KeySet::of(b)),
            Abs::Set(s) => Some(s),
            _ => None,
        };
        if e.ty != Type::Bool {
            return None;
        }
        let yes = branch(self.abs(t, frame, date)?)?;
        let no = branch(self.abs(f, frame, date)?)?;
        Some(truth_of(cond.and(&yes).or(&cond.not().and(&no))))
    }
}

fn local(slot: usize, frame: &Frame<'_>) -> Option<Abs> {
    match frame {
        Frame::Filter { slot: s, record } if *s == slot => Some(Abs::Val(Value::Record(*record))),
        Frame::Filter { .. } => (slot == KEY_SLOT).then_some(Abs::Key),
        Frame::Def(values) => match values.get(slot)? {
            Abs::Val(Value::Inapplicable) => None,
            a => Some(a.clone()),
        },
    }
}
