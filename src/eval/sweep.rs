//! Answering a selection that has sweep keys (`check::sweep`) from an index: for each record,
//! where in the keys' values its filter surely holds and where it may (`eval::keyed`), computed
//! once. Asked at the keys' values, the index counts the records that surely pass without
//! visiting them, and lists those that may (the filter is then evaluated on each).
//!
//! The index changes no answer. A record that `eval::keyed` could not place is set aside and
//! evaluated plainly every time, in order, so that its failure stops the selection as a scan
//! would; every other record cannot fail once the keys and unknowns have a value (they are
//! evaluated first, and the selection is scanned when one fails), so the order in which they are
//! visited changes nothing.

use std::sync::{Arc, Mutex, OnceLock};

use super::keyed::{Frame, Region, Tri, key_value};
use super::plane::Plane;
use super::stab::Stab;
use super::{Eval, Stop};
use crate::check::ir::{Selection, SweepKey};
use crate::hash::FxHashMap;
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

/// Records by the regions of one or two keys they lie in.
#[derive(Debug)]
enum Dim {
    One(Stab),
    Two(Plane),
}

impl Dim {
    fn new(keys: usize, regions: Vec<(u32, Region)>) -> Dim {
        if keys == 1 {
            Dim::One(Stab::new(regions.into_iter().map(|(r, g)| {
                let [first, _] = g.0;
                (r, first)
            })))
        } else {
            Dim::Two(Plane::new(
                regions
                    .into_iter()
                    .map(|(r, g)| {
                        let [a, b] = g.0;
                        (r, a, b)
                    })
                    .collect(),
            ))
        }
    }

    fn count(&self, at: [i64; 2]) -> usize {
        match self {
            Dim::One(s) => s.count(at[0]),
            Dim::Two(p) => p.count(at[0], at[1]),
        }
    }

    fn holding(&self, at: [i64; 2]) -> Vec<u32> {
        match self {
            Dim::One(s) => s.holding(at[0]),
            Dim::Two(p) => p.holding(at[0], at[1]),
        }
    }
}

/// The records of a collection by where, in the keys' values, they surely and maybe pass a
/// filter.
#[derive(Debug)]
pub(super) struct KeyIndex {
    sure: Dim,
    /// Where they may pass but not surely, as boxes (a record has at most two, disjoint).
    unsure: Dim,
    /// The records evaluated plainly at every key value, in order.
    plain: Vec<u32>,
}

/// The boxes covering where `t` may hold but not surely.
fn unsure(t: &Tri) -> Vec<Region> {
    if t.must.is_none() {
        return vec![t.may.clone()];
    }
    let [m0, m1] = &t.must.0;
    let [p0, p1] = &t.may.0;
    let boxes = [
        Region([p0.and(&m0.not()), p1.clone()]),
        Region([m0.and(p0), p1.and(&m1.not())]),
    ];
    boxes.into_iter().filter(|b| !b.is_none()).collect()
}

/// A query of an index: the index and the keys' values.
pub(super) struct Query {
    cell: Arc<OnceLock<KeyIndex>>,
    at: [i64; 2],
}

impl<'a> Eval<'a> {
    /// The sweep index of `sel` and the values of its keys here, when it has sweep keys with
    /// values and its unknowns can be evaluated (indexes are off in a plain scan and while
    /// coverage is counted).
    fn sweep(&mut self, sel: &'a Selection, frame: &mut [Value]) -> Option<Query> {
        let plan = sel.sweep.as_ref()?;
        if self.data.plain_scan || self.coverage.is_some() {
            return None;
        }
        let trace = self.trace.take();
        let at = self.keys_here(plan, frame);
        self.trace = trace;
        let at = at?;
        let cell = self.plans.cell(sel);
        cell.get_or_init(|| self.key_index(sel, plan));
        Some(Query { cell, at })
    }

    fn keys_here(&mut self, plan: &'a SweepKey, frame: &mut [Value]) -> Option<[i64; 2]> {
        let mut at = [0; 2];
        for (k, (key, date)) in plan.keys.iter().zip(&plan.dates).enumerate() {
            at[k] = key_value(&self.eval(key, frame).ok()?, *date)?;
        }
        for u in &plan.unknown {
            self.eval(u, frame).ok()?;
        }
        Some(at)
    }

    fn key_index(&mut self, sel: &Selection, plan: &'a SweepKey) -> KeyIndex {
        let (mut sure, mut maybe, mut plain) = (Vec::new(), Vec::new(), Vec::new());
        for index in 0..self.data.collections[sel.collection].len() as u32 {
            let record = RecordRef {
                collection: sel.collection as u32,
                index,
            };
            let frame = Frame::Filter {
                slot: sel.slot,
                record,
            };
            let Some(t) = self.region(&plan.filter, &frame, &plan.dates) else {
                plain.push(index);
                continue;
            };
            maybe.extend(unsure(&t).into_iter().map(|b| (index, b)));
            if !t.must.is_none() {
                sure.push((index, t.must));
            }
        }
        let keys = plan.keys.len();
        KeyIndex {
            sure: Dim::new(keys, sure),
            unsure: Dim::new(keys, maybe),
            plain,
        }
    }

    /// The records of `sel` that may pass here, in order, from its sweep index, when it has one.
    pub(super) fn swept(&mut self, sel: &'a Selection, frame: &mut [Value]) -> Option<Vec<u32>> {
        let q = self.sweep(sel, frame)?;
        let index = q.cell.get()?;
        let mut out = index.sure.holding(q.at);
        out.extend(index.unsure.holding(q.at));
        out.extend_from_slice(&index.plain);
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// How many records pass the selection's filter, from its sweep index when it has one: the
    /// sure ones counted without being visited, the others evaluated. For a quantifier
    /// (`exists`), only when no record is set aside: a scan stops at the first record that
    /// passes, and so never meets the failure of a later one.
    pub(super) fn sweep_count(
        &mut self,
        sel: &'a Selection,
        frame: &mut [Value],
        exists: bool,
    ) -> Result<Option<usize>, Stop> {
        let Some(q) = self.sweep(sel, frame) else {
            return Ok(None);
        };
        let Some(index) = q.cell.get().filter(|i| !exists || i.plain.is_empty()) else {
            return Ok(None);
        };
        let mut n = index.sure.count(q.at);
        if exists && n > 0 {
            return Ok(Some(n));
        }
        let mut unsure = index.unsure.holding(q.at);
        unsure.sort_unstable();
        unsure.dedup();
        unsure.extend_from_slice(&index.plain);
        for r in unsure {
            n += usize::from(self.passes(sel, r, frame)?);
        }
        Ok(Some(n))
    }

    fn passes(&mut self, sel: &'a Selection, r: u32, frame: &mut [Value]) -> Result<bool, Stop> {
        frame[sel.slot] = Value::Record(RecordRef {
            collection: sel.collection as u32,
            index: r,
        });
        match &sel.filter {
            Some(filter) => self.truth(filter, frame),
            None => Ok(true),
        }
    }
}
