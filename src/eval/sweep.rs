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

use std::rc::Rc;

use super::keyed::{Frame, Region, Tri, key_value};
use super::plane::Plane;
use super::stab::Stab;
use super::{Eval, Stop};
use crate::check::ir::{Expr, Selection, SweepKey};
use crate::check::sweep::UNKNOWN_SLOT;
use crate::hash::{FxBuild, FxHashMap};
use crate::value::{RecordRef, Value};

/// The sweep indexes of one rule's evaluation, per selection, built when first worth it and
/// dropped with the rule (two rules at a time hold theirs).
pub(crate) type Plans = FxHashMap<usize, Plan>;

/// A selection's sweep index, or the parts asked so far while it has none.
///
/// The index is built the second time a part is asked. Building it evaluates the filter once
/// for every record of the collection, about what answering each part once by a scan costs:
/// a selection whose parts are each asked once (in `MEM-QUOTA`, each promotion's members at its
/// installation) is answered faster by scanning them. Either way gives the same answer.
pub(crate) enum Plan {
    /// The parts asked once.
    Asked(std::collections::HashSet<u32, FxBuild>),
    Built(Rc<KeyIndex>),
}

/// Records by the regions of no, one or two keys they lie in.
#[derive(Debug)]
enum Dim {
    Zero(Vec<u32>),
    One(Stab),
    Two(Plane),
}

impl Dim {
    /// The index of `everywhere` (records in every region) and of `regions`.
    fn new(keys: usize, everywhere: Vec<u32>, regions: Vec<(u32, Region)>) -> Dim {
        let all = everywhere.into_iter().map(|r| (r, Region::all()));
        let boxes = regions.into_iter().chain(all).map(|(r, g)| {
            let [a, b] = g.0;
            (r, a, b)
        });
        match keys {
            0 => Dim::Zero(boxes.map(|b| b.0).collect()),
            1 => Dim::One(Stab::new(boxes.map(|(r, a, _)| (r, a)))),
            _ => Dim::Two(Plane::new(boxes.collect())),
        }
    }

    fn count(&self, at: [i64; 2]) -> usize {
        match self {
            Dim::Zero(all) => all.len(),
            Dim::One(s) => s.count(at[0]),
            Dim::Two(p) => p.count(at[0], at[1]),
        }
    }

    fn holding(&self, at: [i64; 2]) -> Vec<u32> {
        match self {
            Dim::Zero(all) => all.clone(),
            Dim::One(s) => s.holding(at[0]),
            Dim::Two(p) => p.holding(at[0], at[1]),
        }
    }
}

/// The records of one part of a collection (all of it, or those referring to one record) by
/// where, in the keys' values, they surely and maybe pass a filter.
#[derive(Debug)]
struct Part {
    sure: Dim,
    /// Where they may pass but not surely, as boxes (a record has at most two, disjoint).
    unsure: Dim,
    /// The records evaluated plainly at every key value, in order.
    plain: Vec<u32>,
}

/// What a part gathers while the index is built.
#[derive(Default)]
struct Gathered {
    /// The records that pass at every key (most, when a filter reads no key).
    everywhere: Vec<u32>,
    sure: Vec<(u32, Region)>,
    unsure: Vec<(u32, Region)>,
    plain: Vec<u32>,
}

impl Gathered {
    fn add(&mut self, index: u32, region: Option<Tri>) {
        let Some(t) = region else {
            return self.plain.push(index);
        };
        if t.must.is_all() {
            return self.everywhere.push(index);
        }
        if t.must != t.may {
            self.unsure
                .extend(unsure(&t).into_iter().map(|b| (index, b)));
        }
        if !t.must.is_none() {
            self.sure.push((index, t.must));
        }
    }

    fn part(self, keys: usize) -> Part {
        Part {
            sure: Dim::new(keys, self.everywhere, self.sure),
            unsure: Dim::new(keys, Vec::new(), self.unsure),
            plain: self.plain,
        }
    }
}

/// A collection's records by part: part 0 when there is no partition, else by the index of
/// the record they refer to.
#[derive(Debug)]
pub(crate) struct KeyIndex {
    parts: FxHashMap<u32, Part>,
    /// More than half the records are set aside or undecided at every key: the index would
    /// list nearly every record at every query, and the selection is scanned instead.
    useless: bool,
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

/// A selection's key in [`Plans`].
fn id(sel: &Selection) -> usize {
    std::ptr::from_ref(sel) as usize
}

/// A query of an index: the index, the part asked and the keys' values.
pub(super) struct Query {
    index: Rc<KeyIndex>,
    part: u32,
    at: [i64; 2],
}

impl Query {
    /// The part asked, when it has records.
    fn part(&self) -> Option<&Part> {
        self.index.parts.get(&self.part)
    }
}

impl<'a> Eval<'a> {
    /// The sweep index of `sel` and the values of its keys here, when it has sweep keys with
    /// values and its unknowns can be evaluated (indexes are off in a plain scan and while
    /// coverage is counted).
    ///
    /// Only [`Eval::swept`] builds the index (`build`): a count asks first, and when there is
    /// none yet the selection goes on to `swept`, which then takes the part as asked.
    fn sweep(&mut self, sel: &'a Selection, frame: &mut [Value], build: bool) -> Option<Query> {
        let plan = sel.sweep.as_ref()?;
        if self.data.plain_scan || self.coverage.is_some() {
            return None;
        }
        if !build && !matches!(self.plans.get(&id(sel)), Some(Plan::Built(_))) {
            return None;
        }
        let trace = self.trace.take();
        let here = self.keys_here(plan, frame);
        self.trace = trace;
        let (part, at) = here?;
        let index = self.index_for(sel, plan, part)?;
        (!index.useless).then_some(Query { index, part, at })
    }

    /// The sweep index of `sel`, asked for `part`; `None` the first time a part is asked
    /// (see [`Plan`]): the selection is then scanned.
    fn index_for(
        &mut self,
        sel: &'a Selection,
        plan: &'a SweepKey,
        part: u32,
    ) -> Option<Rc<KeyIndex>> {
        let entry = self
            .plans
            .entry(id(sel))
            .or_insert_with(|| Plan::Asked(Default::default()));
        match entry {
            Plan::Built(index) => return Some(index.clone()),
            Plan::Asked(parts) => {
                if parts.insert(part) {
                    return None;
                }
            }
        }
        let index = Rc::new(self.key_index(sel, plan));
        self.plans.insert(id(sel), Plan::Built(index.clone()));
        Some(index)
    }

    /// The part and the keys' values here; `None` when one is missing or a value read outside
    /// the selection fails.
    fn keys_here(&mut self, plan: &'a SweepKey, frame: &mut [Value]) -> Option<(u32, [i64; 2])> {
        for e in &plan.outer {
            self.eval(e, frame).ok()?;
        }
        let mut at = [0; 2];
        for (k, (key, date)) in plan.keys.iter().zip(&plan.dates).enumerate() {
            at[k] = key_value(&self.eval(key, frame).ok()?, *date)?;
        }
        let part = match &plan.partition {
            Some((_, k)) => match self.eval(k, frame).ok()? {
                Value::Record(r) => r.index,
                _ => return None,
            },
            None => 0,
        };
        Some((part, at))
    }

    fn key_index(&mut self, sel: &Selection, plan: &'a SweepKey) -> KeyIndex {
        let mut parts: FxHashMap<u32, Gathered> = FxHashMap::default();
        // With no key and nothing unknown, the filter is the record's own: evaluated plainly.
        let open = !plan.keys.is_empty() || plan.filter.uses_slot(UNKNOWN_SLOT);
        let mut concrete = (!open).then(|| vec![Value::Absent; sel.slot + 1]);
        let (mut undecided, len) = (0, self.data.collections[sel.collection].len());
        for index in 0..len as u32 {
            let Some(part) = self.part_of(sel, plan, index) else {
                continue;
            };
            let record = RecordRef {
                collection: sel.collection as u32,
                index,
            };
            let region = match &mut concrete {
                Some(frame) => self.concrete_region(&plan.filter, sel.slot, record, frame),
                None => self.open_region(plan, sel.slot, record),
            };
            undecided += usize::from(region.as_ref().is_none_or(Tri::is_undecided));
            parts.entry(part).or_default().add(index, region);
        }
        let keys = plan.keys.len();
        let parts = parts.into_iter().map(|(p, g)| (p, g.part(keys))).collect();
        KeyIndex {
            parts,
            useless: undecided > 64 && undecided * 2 > len,
        }
    }

    /// The part of record `index`: the record it refers to when the plan splits by a
    /// reference (`None` when it refers to none: its filter's first conjunct rejects it).
    fn part_of(&self, sel: &Selection, plan: &SweepKey, index: u32) -> Option<u32> {
        let Some((field, _)) = plan.partition else {
            return Some(0);
        };
        let records = &self.data.collections[sel.collection];
        match records.get(index as usize).values.get(field) {
            Some(Value::Record(r)) => Some(r.index),
            _ => None,
        }
    }

    fn open_region(&mut self, plan: &'a SweepKey, slot: usize, record: RecordRef) -> Option<Tri> {
        let frame = Frame::Filter { slot, record };
        self.region(&plan.filter, &frame, &plan.dates)
    }

    /// Where a filter that reads nothing open holds for `record`: everywhere or nowhere;
    /// `None` when it fails.
    fn concrete_region(
        &mut self,
        filter: &'a Expr,
        slot: usize,
        record: RecordRef,
        frame: &mut [Value],
    ) -> Option<Tri> {
        frame[slot] = Value::Record(record);
        self.truth(filter, frame).ok().map(Tri::of)
    }

    /// The records of `sel` that may pass here, in order, from its sweep index, when it has one.
    pub(super) fn swept(&mut self, sel: &'a Selection, frame: &mut [Value]) -> Option<Vec<u32>> {
        let q = self.sweep(sel, frame, true)?;
        let Some(part) = q.part() else {
            return Some(Vec::new());
        };
        let mut out = part.sure.holding(q.at);
        out.extend(part.unsure.holding(q.at));
        out.extend_from_slice(&part.plain);
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
        let Some(q) = self.sweep(sel, frame, false) else {
            return Ok(None);
        };
        let Some(part) = q.part() else {
            return Ok(Some(0));
        };
        if exists && !part.plain.is_empty() {
            return Ok(None);
        }
        let mut n = part.sure.count(q.at);
        if exists && n > 0 {
            return Ok(Some(n));
        }
        let mut unsure = part.unsure.holding(q.at);
        unsure.sort_unstable();
        unsure.dedup();
        unsure.extend_from_slice(&part.plain);
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
