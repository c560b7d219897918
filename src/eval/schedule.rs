//! The order in which rules are handed to the threads: the costliest first. Rules are taken in
//! turn by whichever thread is free, so a long rule taken last would run alone at the end and
//! bound the wall time by itself (the indemnity rules, last in the regulation, did).
//!
//! A rule's cost is estimated from the records it looks at: the records its checks range over,
//! and those of each collection a selection inside them reads (a selection is asked once per
//! combination, but from an index: over all of them it visits about its collection once). The
//! order changes no answer: each rule's result goes back to its place.

use crate::check::ir::{CheckIr, Expr, ExprIr, Program, RuleIr, Source};
use crate::data::Dataset;

/// The indexes of the rules of `program`, costliest first (rules of equal cost in their order).
pub(super) fn costliest_first(program: &Program, data: &Dataset) -> Vec<usize> {
    let mut order: Vec<usize> = (0..program.rules.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rule_cost(&program.rules[i], data)));
    order
}

/// `results`, given in `order`, put back in the order of the rules.
pub(super) fn in_rule_order<T>(order: &[usize], results: Vec<Option<T>>) -> Vec<Option<T>> {
    let mut placed: Vec<Option<T>> = std::iter::repeat_with(|| None).take(order.len()).collect();
    for (&i, result) in order.iter().zip(results) {
        placed[i] = result;
    }
    placed
}

fn rule_cost(rule: &RuleIr, data: &Dataset) -> usize {
    rule.checks.iter().map(|c| check_cost(c, data)).sum()
}

/// The records a check ranges over, plus those of the collections its selections read.
fn check_cost(check: &CheckIr, data: &Dataset) -> usize {
    let mut cost = 0;
    for binding in &check.bindings {
        if let Source::Records(c, _) = binding.source {
            cost += size(data, c);
        }
        if let Some(filter) = &binding.filter {
            cost += selected(filter, data);
        }
    }
    let lets = check.lets.iter().map(|(_, e)| e);
    let requirements = check
        .requirements
        .iter()
        .flat_map(|r| std::iter::once(&r.condition).chain(r.guard.as_ref()));
    cost + lets
        .chain(requirements)
        .map(|e| selected(e, data))
        .sum::<usize>()
}

/// The records of the collections the selections inside `e` read.
fn selected(e: &Expr, data: &Dataset) -> usize {
    let mut cost = 0;
    e.visit(&mut |x| {
        if let ExprIr::Aggregate(_, sel, _) | ExprIr::Quantifier(_, sel, _) = &x.kind {
            cost += size(data, sel.collection);
        }
    });
    cost
}

fn size(data: &Dataset, collection: usize) -> usize {
    data.collections.get(collection).map_or(0, |c| c.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_go_back_to_their_rule() {
        let order = [2, 0, 1];
        let results = vec![Some("c"), Some("a"), None];
        let placed = super::in_rule_order(&order, results);
        assert_eq!(placed, vec![Some("a"), None, Some("c")]);
    }
}
