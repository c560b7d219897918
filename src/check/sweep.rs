//! Planning a sweep: a selection whose filter reads the world outside it through one or two
//! dates or whole numbers (`c in force on s.date and not active(c.member, s.date)`), and maybe
//! other values, can be answered at each value of those keys from an index of the key values
//! for which each record passes. This module finds the keys and rewrites the filter over them;
//! the evaluator builds and reads the index (`eval::sweep`).

use super::ir::{Expr, ExprIr, SweepKey, Type};
use crate::syntax::ast::CmpOp;

/// The frame slot that stands for the first key in a rewritten filter (the second is the slot
/// before it): no frame has that many slots.
pub const KEY_SLOT: usize = usize::MAX;

/// The frame slot that stands, in a rewritten filter, for a value read outside the selection
/// that is not a key: the index leaves it unknown.
pub const UNKNOWN_SLOT: usize = usize::MAX - 2;

/// The sweep keys of the filter of a selection binding `slot`: the first two distinct
/// expressions of type date or whole number through which the filter reads anything outside
/// it, the others left unknown, with the filter rewritten to read [`KEY_SLOT`] (and the slot
/// before it) and [`UNKNOWN_SLOT`] instead. When the filter starts with `x.field = K`, a
/// reference to a record `K` from outside, the records are split by the record they refer to
/// and `K` is read as `x.field` (the same record, in the part the sweep looks at). `None` when
/// the filter reads the outside through neither, or holds a selection of its own.
pub fn key(filter: &Expr, slot: usize) -> Option<SweepKey> {
    let mut all = Vec::new();
    if !outside(filter, slot, &mut all) {
        return None;
    }
    let outer = distinct(all);
    let partition = leading_reference(filter, slot);
    let mut work = filter.clone();
    if let Some((field, k)) = &partition {
        substitute(&mut work, k, field);
    }
    let mut rest = Vec::new();
    outside(&work, slot, &mut rest);
    let (keys, unknown): (Vec<Expr>, Vec<Expr>) = distinct(rest)
        .into_iter()
        .cloned()
        .partition(|e| matches!(e.ty, Type::Date | Type::Int));
    if keys.is_empty() && partition.is_none() {
        return None;
    }
    let (keys, more) = keys.split_at(keys.len().min(2));
    let unknown: Vec<Expr> = unknown.into_iter().chain(more.iter().cloned()).collect();
    replace(&mut work, keys, &unknown);
    Some(SweepKey {
        partition: partition.map(|(field, k)| (field_index(&field), k)),
        keys: keys.to_vec(),
        dates: keys.iter().map(|k| k.ty == Type::Date).collect(),
        outer: outer.into_iter().cloned().collect(),
        filter: work,
    })
}

fn distinct(exprs: Vec<&Expr>) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    for e in exprs {
        if !out.iter().any(|d| same(d, e)) {
            out.push(e);
        }
    }
    out
}

/// The first conjunct of a filter when it is `x.field = K` (either way round), `field` a
/// reference and `K` read outside the selection: that field (as written) and `K`. Only the
/// first: a record referring elsewhere then stops there, and cannot fail on what follows.
fn leading_reference(filter: &Expr, slot: usize) -> Option<(Expr, Expr)> {
    match &filter.kind {
        ExprIr::And(a, _) => leading_reference(a, slot),
        ExprIr::Compare(left, rest) if rest.len() == 1 && rest[0].0 == CmpOp::Eq => {
            let right = &rest[0].1;
            reference_side(left, right, slot).or_else(|| reference_side(right, left, slot))
        }
        _ => None,
    }
}

fn reference_side(field: &Expr, key: &Expr, slot: usize) -> Option<(Expr, Expr)> {
    let ExprIr::Field(base, _) = &field.kind else {
        return None;
    };
    let is_var = matches!(base.kind, ExprIr::Local(s) if s == slot);
    let is_ref = matches!(field.ty, Type::Record(_)) && field.ty == key.ty;
    let outer = !key.uses_slot(slot) && reads_frame(key);
    (is_var && is_ref && outer).then(|| (field.clone(), key.clone()))
}

fn field_index(field: &Expr) -> usize {
    match field.kind {
        ExprIr::Field(_, i) => i,
        _ => 0,
    }
}

/// `e` with every part that is the same as `key` replaced by `field`.
fn substitute(e: &mut Expr, key: &Expr, field: &Expr) {
    if same(e, key) {
        *e = field.clone();
        return;
    }
    for c in e.children_mut() {
        substitute(c, key, field);
    }
}

/// Gathers in `outer` the largest parts of `e` that read frame slots but not `slot`; false
/// when `e` holds a selection (its filter is beyond what a sweep plans).
fn outside<'e>(e: &'e Expr, slot: usize, outer: &mut Vec<&'e Expr>) -> bool {
    if matches!(
        e.kind,
        ExprIr::Aggregate(..) | ExprIr::Quantifier(..) | ExprIr::AggregateOf(..)
    ) {
        return false;
    }
    if !e.uses_slot(slot) {
        if reads_frame(e) {
            outer.push(e);
        }
        return true;
    }
    e.children().into_iter().all(|c| outside(c, slot, outer))
}

fn reads_frame(e: &Expr) -> bool {
    let mut found = false;
    e.visit(&mut |x| found |= matches!(x.kind, ExprIr::Local(_)));
    found
}

/// Whether two expressions compute the same thing (their locations aside), for the forms a
/// key takes; any other form is never the same, and the filter is then not planned.
fn same(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprIr::Local(x), ExprIr::Local(y)) => x == y,
        (ExprIr::AsOf, ExprIr::AsOf) => true,
        (ExprIr::Field(x, i), ExprIr::Field(y, j)) => i == j && same(x, y),
        (ExprIr::PeriodPart(x, p), ExprIr::PeriodPart(y, q)) => p == q && same(x, y),
        (ExprIr::Param(p, x), ExprIr::Param(q, y)) => p == q && same(x, y),
        (ExprIr::Builtin(b, xs), ExprIr::Builtin(c, ys)) => b == c && all_same(xs, ys),
        (ExprIr::CallDef(d, xs), ExprIr::CallDef(e, ys)) => d == e && all_same(xs, ys),
        (ExprIr::Arith(o, x1, x2), ExprIr::Arith(p, y1, y2)) => {
            o == p && same(x1, y1) && same(x2, y2)
        }
        (ExprIr::Const(x), ExprIr::Const(y)) => format!("{x:?}") == format!("{y:?}"),
        _ => false,
    }
}

fn all_same(xs: &[Expr], ys: &[Expr]) -> bool {
    xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
}

/// `e` with every part that is the same as a key replaced by a read of its slot, and every part
/// that is the same as an unknown by a read of [`UNKNOWN_SLOT`].
fn replace(e: &mut Expr, keys: &[Expr], unknown: &[Expr]) {
    if let Some(i) = keys.iter().position(|k| same(e, k)) {
        e.kind = ExprIr::Local(KEY_SLOT - i);
        return;
    }
    if unknown.iter().any(|u| same(e, u)) {
        e.kind = ExprIr::Local(UNKNOWN_SLOT);
        return;
    }
    for c in e.children_mut() {
        replace(c, keys, unknown);
    }
}
