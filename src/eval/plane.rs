//! Boxes of two keys (a set of values of the first times a set of the second): asked at a point,
//! the records whose box holds it, or their number. A segment tree over the first key's runs,
//! each node holding a [`Stab`] of the second key's sets: a point visits one node per level.

use super::stab::{KeySet, Stab};
use crate::hash::FxHashMap;

/// One record's box.
pub type Box2 = (u32, KeySet, KeySet);

#[derive(Debug, Default)]
pub struct Plane {
    /// The bounds of the first key's runs, sorted, the first `i64::MIN`: the leaves are the
    /// spans from one bound to the next.
    bounds: Vec<i64>,
    /// The non-empty nodes, numbered from 1 as in a binary heap.
    nodes: FxHashMap<usize, Stab>,
}

impl Plane {
    /// The index of boxes whose runs of the first key never overlap within one record.
    pub fn new(boxes: Vec<Box2>) -> Plane {
        let mut bounds = vec![i64::MIN];
        for (_, first, _) in &boxes {
            for &(a, b) in first.runs() {
                bounds.extend([a, b].into_iter().filter(|v| *v != i64::MAX));
            }
        }
        bounds.sort_unstable();
        bounds.dedup();
        let mut lists: FxHashMap<usize, Vec<(u32, KeySet)>> = FxHashMap::default();
        let leaves = bounds.len();
        for (r, first, second) in boxes {
            for &(a, b) in first.runs() {
                let span = (leaf(&bounds, a), leaf_end(&bounds, b));
                insert(&mut lists, (1, 0, leaves), span, (r, &second));
            }
        }
        let nodes = lists.into_iter().map(|(n, l)| (n, Stab::new(l))).collect();
        Plane { bounds, nodes }
    }

    /// Calls `f` with the index of each node on the way to the leaf holding `v`.
    fn walk(&self, v: i64, mut f: impl FnMut(&Stab)) {
        let at = self.bounds.partition_point(|b| *b <= v).saturating_sub(1);
        let (mut node, mut lo, mut hi) = (1, 0, self.bounds.len());
        while hi > lo {
            if let Some(stab) = self.nodes.get(&node) {
                f(stab);
            }
            if hi - lo == 1 {
                break;
            }
            let mid = (lo + hi) / 2;
            (node, lo, hi) = if at < mid {
                (2 * node, lo, mid)
            } else {
                (2 * node + 1, mid, hi)
            };
        }
    }

    /// How many records' boxes hold `(x, y)`.
    pub fn count(&self, x: i64, y: i64) -> usize {
        let mut n = 0;
        self.walk(x, |s| n += s.count(y));
        n
    }

    /// The records whose boxes hold `(x, y)`, in no particular order.
    pub fn holding(&self, x: i64, y: i64) -> Vec<u32> {
        let mut out = Vec::new();
        self.walk(x, |s| out.extend(s.holding(y)));
        out
    }
}

/// The leaf that starts at bound `v`.
fn leaf(bounds: &[i64], v: i64) -> usize {
    bounds.partition_point(|b| *b < v)
}

/// The leaf after the run ending at `v` (the number of leaves for an unbounded run).
fn leaf_end(bounds: &[i64], v: i64) -> usize {
    if v == i64::MAX {
        bounds.len()
    } else {
        leaf(bounds, v)
    }
}

/// Puts `item` in the nodes that exactly cover the leaves `span` under node `(n, lo, hi)`.
fn insert(
    lists: &mut FxHashMap<usize, Vec<(u32, KeySet)>>,
    (n, lo, hi): (usize, usize, usize),
    span: (usize, usize),
    item: (u32, &KeySet),
) {
    if span.1 <= lo || hi <= span.0 {
        return;
    }
    if span.0 <= lo && hi <= span.1 {
        lists.entry(n).or_default().push((item.0, item.1.clone()));
        return;
    }
    let mid = (lo + hi) / 2;
    insert(lists, (2 * n, lo, mid), span, item);
    insert(lists, (2 * n + 1, mid, hi), span, item);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(s: &KeySet, v: i64) -> bool {
        s.runs().iter().any(|&(a, b)| a <= v && v < b)
    }

    /// Pseudo-random boxes asked at every point around them: the records and their number are
    /// those a scan gives.
    #[test]
    fn the_plane_agrees_with_a_scan() {
        let mut next = crate::hash::sequence(11);
        let set = |next: &mut dyn FnMut(i64) -> i64| match next(4) {
            0 => KeySet::run(next(30), next(30)),
            1 => KeySet::below(next(30)),
            2 => KeySet::from(next(30)).or(&KeySet::run(next(10), next(10))),
            _ => KeySet::all(),
        };
        let boxes: Vec<Box2> = (0..200)
            .map(|r| (r, set(&mut next), set(&mut next)))
            .collect();
        let plane = Plane::new(boxes.clone());
        for x in -3..33 {
            for y in -3..33 {
                let mut got = plane.holding(x, y);
                got.sort_unstable();
                let want: Vec<u32> = boxes
                    .iter()
                    .filter(|b| holds(&b.1, x) && holds(&b.2, y))
                    .map(|b| b.0)
                    .collect();
                assert_eq!(got, want, "at ({x}, {y})");
                assert_eq!(plane.count(x, y), want.len());
            }
        }
    }
}
