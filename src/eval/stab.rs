//! Sets of key values (days or whole numbers) as sorted runs, and an index of such sets that
//! answers "which records, and how many, hold this value" in logarithmic time.

use smallvec::{SmallVec, smallvec};

/// A set of key values: disjoint, sorted, non-empty half-open runs `[from, to)`, where
/// `i64::MIN` and `i64::MAX` stand for no bound. One run is held inline, in 24 bytes (with
/// smallvec's `union` layout): the abstract evaluation of a filter makes sets by the million,
/// nearly all of one run, and moves them in regions and truths of four. Two inline made the
/// index of `SES-ATTENDANCE` 25 % slower to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySet(SmallVec<[(i64, i64); 1]>);

impl KeySet {
    pub fn all() -> KeySet {
        KeySet(smallvec![(i64::MIN, i64::MAX)])
    }

    pub fn none() -> KeySet {
        KeySet(SmallVec::new())
    }

    /// The values `v` with `v < bound`.
    pub fn below(bound: i64) -> KeySet {
        KeySet::run(i64::MIN, bound)
    }

    /// The values `v` with `v >= bound`.
    pub fn from(bound: i64) -> KeySet {
        KeySet::run(bound, i64::MAX)
    }

    pub fn run(from: i64, to: i64) -> KeySet {
        KeySet(if from < to {
            smallvec![(from, to)]
        } else {
            SmallVec::new()
        })
    }

    pub fn is_all(&self) -> bool {
        self.0[..] == [(i64::MIN, i64::MAX)]
    }

    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }

    pub fn runs(&self) -> &[(i64, i64)] {
        &self.0
    }

    pub fn not(&self) -> KeySet {
        let mut out = SmallVec::new();
        let mut at = i64::MIN;
        for &(from, to) in &self.0 {
            if at < from {
                out.push((at, from));
            }
            at = to;
        }
        if at < i64::MAX {
            out.push((at, i64::MAX));
        }
        KeySet(out)
    }

    pub fn and(&self, other: &KeySet) -> KeySet {
        // Nearly every set met is one run: their intersection is at most one run.
        if let ([(a, b)], [(c, d)]) = (&self.0[..], &other.0[..]) {
            return KeySet::run(*a.max(c), *b.min(d));
        }
        let (mut i, mut j, mut out) = (0, 0, SmallVec::new());
        while let (Some(&(a, b)), Some(&(c, d))) = (self.0.get(i), other.0.get(j)) {
            let (from, to) = (a.max(c), b.min(d));
            if from < to {
                out.push((from, to));
            }
            if b < d { i += 1 } else { j += 1 }
        }
        KeySet(out)
    }

    pub fn or(&self, other: &KeySet) -> KeySet {
        let mut runs: SmallVec<[(i64, i64); 4]> = self.0.iter().chain(&other.0).copied().collect();
        runs.sort_unstable();
        let mut out: SmallVec<[(i64, i64); 1]> = SmallVec::new();
        for (from, to) in runs {
            match out.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => out.push((from, to)),
            }
        }
        KeySet(out)
    }
}

/// Per record, the set of key values for which it passes; asked at one value, the records
/// holding it (in a centred interval tree) or their number (from the sorted bounds).
#[derive(Debug, Default)]
pub struct Stab {
    nodes: Vec<Node>,
    root: Option<usize>,
    /// Every run's start and every bounded run's end, sorted, to count the runs holding a value.
    starts: Vec<i64>,
    ends: Vec<i64>,
}

/// The runs that hold `centre`, sorted by start and by end; those wholly below or above it are
/// in the subtrees.
#[derive(Debug)]
struct Node {
    centre: i64,
    by_start: Vec<(i64, u32)>,
    by_end: Vec<(i64, u32)>,
    below: Option<usize>,
    above: Option<usize>,
}

/// One run of one record.
type Run = (i64, i64, u32);

impl Stab {
    /// The index of the runs of every record's set (a record's runs never overlap).
    pub fn new(sets: impl IntoIterator<Item = (u32, KeySet)>) -> Stab {
        let runs: Vec<Run> = sets
            .into_iter()
            .flat_map(|(r, set)| set.0.into_iter().map(move |(a, b)| (a, b, r)))
            .collect();
        let mut starts: Vec<i64> = runs.iter().map(|r| r.0).collect();
        let mut ends: Vec<i64> = runs.iter().map(|r| r.1).filter(|e| *e < i64::MAX).collect();
        starts.sort_unstable();
        ends.sort_unstable();
        let mut stab = Stab {
            starts,
            ends,
            ..Stab::default()
        };
        stab.root = stab.build(runs);
        stab
    }

    fn build(&mut self, mut runs: Vec<Run>) -> Option<usize> {
        if runs.is_empty() {
            return None;
        }
        runs.sort_unstable_by_key(|r| r.0);
        let centre = runs[runs.len() / 2].0;
        let (mut below, mut above, mut here) = (Vec::new(), Vec::new(), Vec::new());
        for r in runs {
            match r {
                (_, to, _) if to <= centre => below.push(r),
                (from, _, _) if from > centre => above.push(r),
                _ => here.push(r),
            }
        }
        let node = self.node(centre, here);
        self.nodes[node].below = self.build(below);
        self.nodes[node].above = self.build(above);
        Some(node)
    }

    fn node(&mut self, centre: i64, here: Vec<Run>) -> usize {
        let by_start = here.iter().map(|r| (r.0, r.2)).collect();
        let mut by_end: Vec<(i64, u32)> = here.iter().map(|r| (r.1, r.2)).collect();
        by_end.sort_unstable_by_key(|r| std::cmp::Reverse(r.0));
        self.nodes.push(Node {
            centre,
            by_start,
            by_end,
            below: None,
            above: None,
        });
        self.nodes.len() - 1
    }

    /// How many records hold `v`.
    pub fn count(&self, v: i64) -> usize {
        self.starts.partition_point(|s| *s <= v) - self.ends.partition_point(|e| *e <= v)
    }

    /// The records holding `v`, in no particular order.
    pub fn holding(&self, v: i64) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = self.root;
        while let Some(n) = at.map(|i| &self.nodes[i]) {
            if v < n.centre {
                let runs = n.by_start.iter().take_while(|r| r.0 <= v);
                out.extend(runs.map(|r| r.1));
                at = n.below;
            } else {
                out.extend(n.by_end.iter().take_while(|r| r.0 > v).map(|r| r.1));
                at = if v > n.centre { n.above } else { None };
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(sets: &[KeySet], v: i64) -> Vec<u32> {
        let hold = |s: &KeySet| s.runs().iter().any(|&(a, b)| a <= v && v < b);
        (0..sets.len() as u32)
            .filter(|&r| hold(&sets[r as usize]))
            .collect()
    }

    /// Pseudo-random sets (a fixed linear congruential sequence), asked at every value around
    /// them: the index gives exactly the records a scan gives, and their number.
    #[test]
    fn the_index_agrees_with_a_scan() {
        let mut next = crate::hash::sequence(7);
        let mut sets = Vec::new();
        for _ in 0..300 {
            let (a, b, c) = (next(60), next(60), next(4));
            let s = match c {
                0 => KeySet::run(a, b),
                1 => KeySet::below(a).or(&KeySet::from(b)),
                2 => KeySet::run(a, a + 3).or(&KeySet::run(b, b + 5)).not(),
                _ => KeySet::from(a).and(&KeySet::below(b).not()),
            };
            sets.push(s);
        }
        let stab = Stab::new(sets.iter().cloned().enumerate().map(|(i, s)| (i as u32, s)));
        for v in -5..70 {
            let mut got = stab.holding(v);
            got.sort_unstable();
            assert_eq!(got, plain(&sets, v), "at {v}");
            assert_eq!(stab.count(v), got.len(), "count at {v}");
        }
    }

    /// Pseudo-random sets of one to three runs, single runs apart, touching or nested among
    /// them: at every value around them, `and`, `or` and `not` hold where membership says.
    #[test]
    fn operations_agree_with_membership() {
        let mut next = crate::hash::sequence(11);
        let holds = |s: &KeySet, v: i64| s.runs().iter().any(|&(a, b)| a <= v && v < b);
        let mut set = || {
            let (a, b) = (next(40), next(40));
            match next(3) {
                0 => KeySet::run(a, a + b % 9),
                1 => KeySet::run(a, a + 4).or(&KeySet::run(b, b + 6)),
                _ => KeySet::run(a, a + 2).not(),
            }
        };
        for _ in 0..500 {
            let (x, y) = (set(), set());
            for v in -5..55 {
                let (p, q) = (holds(&x, v), holds(&y, v));
                assert_eq!(holds(&x.and(&y), v), p && q, "{x:?} and {y:?} at {v}");
                assert_eq!(holds(&x.or(&y), v), p || q, "{x:?} or {y:?} at {v}");
                assert_eq!(holds(&x.not(), v), !p, "not {x:?} at {v}");
            }
        }
    }

    #[test]
    fn sets_combine_as_sets() {
        let a = KeySet::run(0, 10);
        let b = KeySet::run(5, 20);
        assert_eq!(a.and(&b), KeySet::run(5, 10));
        assert_eq!(a.or(&b), KeySet::run(0, 20));
        let c = KeySet::run(20, 30).or(&KeySet::below(-5));
        assert_eq!(a.or(&c).runs(), [(i64::MIN, -5), (0, 10), (20, 30)]);
        assert_eq!(b.or(&c).runs(), [(i64::MIN, -5), (5, 30)]);
        assert_eq!(a.or(&a.not()), KeySet::all());
        assert_eq!(a.not().not(), a);
        assert!(KeySet::none().not().is_all());
        assert_eq!(a.not().runs(), [(i64::MIN, 0), (10, i64::MAX)]);
    }
}
