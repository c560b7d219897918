//! The trap of an optional field read without asking whether it is there.
//!
//! A comparison with an absent value is false, so `require m.left_on > m.joined_on` fails on
//! every member who has not left: the requirement gives a finding on each record without the
//! field. This module finds, in a requirement's condition, the field reads that nothing
//! protects: no enclosing `when X is present`, no `X is present and ...`, no
//! `X is absent or ...`, no `if X is present then ...`. The checker then warns about those of
//! them that read an optional field. The reads inside an aggregate, a quantifier or a call are
//! left alone: there an absent value is often what the rule means (a record left out).

use std::collections::HashSet;

use crate::loc::Node;
use crate::syntax::ast::{BinOp, Expr, ExprKind};

/// What is known where a field is read: the paths known present, and the facts `path="value"`
/// known true (a field required when a sibling has a value is present where that is known).
pub(super) type Known = HashSet<String>;

/// The field reads of `condition` that neither the `guards` (each true when the condition is
/// evaluated) nor the condition's own structure protect from an absent value, each with what
/// is known where it is read.
pub(super) fn unprotected<'e>(
    guards: &[&Expr],
    condition: &'e Expr,
) -> Vec<(&'e Node<ExprKind>, Known)> {
    let mut protected = HashSet::new();
    for g in guards {
        present_if_true(g, &mut protected);
    }
    let mut out = Vec::new();
    walk(condition, &protected, &mut out);
    out
}

/// The fact that `path` equals the text `value`, as [`Known`] holds it.
pub(super) fn fact(path: &str, value: &str) -> String {
    format!("{path}={value:?}")
}

/// A path as written, without spaces: `m . left_on` and `m.left_on` are one path.
pub(super) fn path(e: &Node<ExprKind>) -> String {
    e.loc
        .snippet()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn with(protected: &HashSet<String>, more: impl FnOnce(&mut HashSet<String>)) -> HashSet<String> {
    let mut all = protected.clone();
    more(&mut all);
    all
}

type Reads<'e> = Vec<(&'e Node<ExprKind>, Known)>;

fn walk<'e>(e: &'e Expr, protected: &Known, out: &mut Reads<'e>) {
    match &e.node {
        ExprKind::Field(base, _) => {
            if !protected.contains(&path(e)) {
                out.push((e, protected.clone()));
            }
            walk(base, protected, out);
        }
        ExprKind::IsAbsent(..) | ExprKind::Call(..) => {}
        ExprKind::Aggregate(..) | ExprKind::AggregateOf(..) | ExprKind::Quantifier(..) => {}
        ExprKind::Binary(BinOp::And, a, b) => {
            walk(a, &with(protected, |p| present_if_true(b, p)), out);
            walk(b, &with(protected, |p| present_if_true(a, p)), out);
        }
        ExprKind::Binary(BinOp::Or, a, b) => {
            walk(a, &with(protected, |p| present_if_false(b, p)), out);
            walk(b, &with(protected, |p| present_if_false(a, p)), out);
        }
        ExprKind::If(c, then, otherwise) => {
            walk(c, protected, out);
            walk(then, &with(protected, |p| present_if_true(c, p)), out);
            walk(otherwise, &with(protected, |p| present_if_false(c, p)), out);
        }
        _ => children(e)
            .into_iter()
            .for_each(|c| walk(c, protected, out)),
    }
}

/// The operands of an expression that is not handled above.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.node {
        ExprKind::Not(x) | ExprKind::Paren(x) => vec![x],
        ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::Compare(first, rest) => std::iter::once(first)
            .chain(rest.iter().map(|(_, x)| x))
            .collect(),
        _ => Vec::new(),
    }
}

/// Adds the paths that are present whenever `e` is true.
fn present_if_true(e: &Expr, out: &mut HashSet<String>) {
    match &e.node {
        ExprKind::IsAbsent(x, false) => {
            out.insert(path(x));
        }
        ExprKind::Binary(BinOp::And, a, b) => {
            present_if_true(a, out);
            present_if_true(b, out);
        }
        ExprKind::Paren(x) => present_if_true(x, out),
        ExprKind::Not(x) => present_if_false(x, out),
        ExprKind::Compare(a, rest) => equal_to_text(a, rest, out),
        _ => {}
    }
}

/// `x.f = "value"`: the fact, and `x.f` present.
fn equal_to_text(a: &Expr, rest: &[(crate::syntax::ast::CmpOp, Expr)], out: &mut Known) {
    let [(crate::syntax::ast::CmpOp::Eq, b)] = rest else {
        return;
    };
    if let ExprKind::Text(t) = &b.node
        && let [crate::syntax::ast::TemplatePart::Text(value)] = t.parts.as_slice()
    {
        out.insert(fact(&path(a), value));
        out.insert(path(a));
    }
}

/// Adds the paths that are present whenever `e` is false.
fn present_if_false(e: &Expr, out: &mut HashSet<String>) {
    match &e.node {
        ExprKind::IsAbsent(x, true) => {
            out.insert(path(x));
        }
        ExprKind::Binary(BinOp::Or, a, b) => {
            present_if_false(a, out);
            present_if_false(b, out);
        }
        ExprKind::Paren(x) => present_if_false(x, out),
        ExprKind::Not(x) => present_if_true(x, out),
        _ => {}
    }
}
