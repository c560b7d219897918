//! Planning a sweep: a selection whose filter reads the world outside it through one or two
//! dates or whole numbers (`c in force on s.date and not active(c.member, s.date)`), and maybe
//! other values, can be answered at each value of those keys from an index of the key values
//! for which each record passes. This module finds the keys and rewrites the filter over them;
//! the evaluator builds and reads the index (`eval::sweep`).

use super::ir::{Expr, ExprIr, SweepKey, Type};

/// The frame slot that stands for the first key in a rewritten filter (the second is the slot
/// before it): no frame has that many slots.
pub const KEY_SLOT: usize = usize::MAX;

/// The frame slot that stands, in a rewritten filter, for a value read outside the selection
/// that is not a key: the index leaves it unknown.
pub const UNKNOWN_SLOT: usize = usize::MAX - 2;

/// The sweep keys of the filter of a selection binding `slot`: the first two distinct
/// expressions of type date or whole number through which the filter reads anything outside
/// it, the others left unknown, with the filter rewritten to read [`KEY_SLOT`] (and the slot
/// before it) and [`UNKNOWN_SLOT`] instead. `None` when the filter reads the outside through no
/// date or whole number, or holds a selection of its own.
pub fn key(filter: &Expr, slot: usize) -> Option<SweepKey> {
    let mut outer = Vec::new();
    if !outside(filter, slot, &mut outer) {
        return None;
    }
    let mut distinct: Vec<&Expr> = Vec::new();
    for e in outer {
        if !distinct.iter().any(|d| same(d, e)) {
            distinct.push(e);
        }
    }
    let (keys, unknown): (Vec<&Expr>, Vec<&Expr>) = distinct
        .into_iter()
        .partition(|e| matches!(e.ty, Type::Date | Type::Int));
    let (keys, more) = keys.split_at(keys.len().min(2));
    keys.first()?;
    let unknown: Vec<&Expr> = unknown.into_iter().chain(more.iter().copied()).collect();
    let mut filter = filter.clone();
    replace(&mut filter, keys, &unknown);
    Some(SweepKey {
        keys: keys.iter().map(|k| (*k).clone()).collect(),
        dates: keys.iter().map(|k| k.ty == Type::Date).collect(),
        unknown: unknown.into_iter().cloned().collect(),
        filter,
    })
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
fn replace(e: &mut Expr, keys: &[&Expr], unknown: &[&Expr]) {
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
