//! Planning a sweep: a selection whose filter reads the world outside it through one date or
//! one whole number only (`c in force on s.date and not active(c.member, s.date)`) can be
//! answered, at each value of that key, from an index of the key's values for which each record
//! passes. This module finds the key and rewrites the filter over it; the evaluator builds and
//! reads the index (`eval::sweep`).

use super::ir::{Expr, ExprIr, SweepKey, Type};

/// The frame slot that stands for the key in a rewritten filter: no frame has that many slots.
pub const KEY_SLOT: usize = usize::MAX;

/// The sweep key of the filter of a selection binding `slot`: the one expression of type date
/// or whole number through which the filter reads anything outside it, with the filter
/// rewritten to read [`KEY_SLOT`] instead. `None` when the filter reads the outside through
/// more than one expression, or not at all, or holds a selection of its own.
pub fn key(filter: &Expr, slot: usize) -> Option<SweepKey> {
    let mut outer = Vec::new();
    if !outside(filter, slot, &mut outer) {
        return None;
    }
    let first = *outer.first()?;
    if !outer.iter().all(|e| same(e, first)) {
        return None;
    }
    let date = match first.ty {
        Type::Date => true,
        Type::Int => false,
        _ => return None,
    };
    Some(SweepKey {
        key: Box::new(first.clone()),
        filter: rewrite(filter, first),
        date,
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

/// `e` with every part that is the same as `key` replaced by a read of [`KEY_SLOT`].
fn rewrite(e: &Expr, key: &Expr) -> Expr {
    let mut out = e.clone();
    replace(&mut out, key);
    out
}

fn replace(e: &mut Expr, key: &Expr) {
    if same(e, key) {
        e.kind = ExprIr::Local(KEY_SLOT);
        return;
    }
    for c in e.children_mut() {
        replace(c, key);
    }
}
