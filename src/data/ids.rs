//! The records of a collection by id: a table of record indexes, 4 bytes a slot, whose keys are
//! the ids the records hold, not copies of them (a hash map of ids took some 50 bytes a record).

use std::hash::BuildHasher;

use std::sync::Arc;

use super::Collection;
use crate::hash::{FxBuild, FxHashMap};
use crate::value::Value;

const EMPTY: u64 = u64::MAX;

/// The ids of one collection.
#[derive(Debug, Default, Clone)]
pub struct IdIndex {
    /// Open addressing, a power of two long, at most half full: each slot holds the high 32
    /// bits of its id's hash above its record's index, so that a probe compares an id only when
    /// those bits agree (the records lie across hundreds of megabytes), and growing reads none.
    slots: Vec<u64>,
    len: usize,
    /// The ids that are not the text of their record's id field (its value was invalid).
    others: FxHashMap<Arc<str>, u32>,
}

/// The high 32 bits of the hash of `id`: the first slot to probe, and what a slot keeps of it.
fn tag(id: &str) -> u32 {
    (FxBuild::default().hash_one(id) >> 32) as u32
}

fn slot_of(tag: u32, index: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(index)
}

/// The id that record `index` of `records` holds in field `field`, if it is a text.
pub fn id_of(records: &Collection, index: u32, field: usize) -> Option<&str> {
    match records.get(index as usize).values.get(field) {
        Some(Value::Text(t)) => Some(t),
        _ => None,
    }
}

impl IdIndex {
    /// The record of `records` whose id (its field `field`) is `id`.
    pub fn get(&self, id: &str, records: &Collection, field: usize) -> Option<u32> {
        if let Some(index) = self.other(id) {
            return Some(index);
        }
        if self.slots.is_empty() {
            return None;
        }
        self.find(tag(id), id, |i| id_of(records, i, field)).ok()
    }

    /// Adds record `index` under `id` unless a record holds `id` already: then gives that
    /// record. `id_at` gives the id each record of the table holds (`id_of` where it is kept);
    /// `backed` says whether `id` is what it gives for `index`, not read here.
    pub fn insert<'r>(
        &mut self,
        id: &str,
        backed: bool,
        index: u32,
        id_at: impl Fn(u32) -> Option<&'r str>,
    ) -> Option<u32> {
        if let Some(known) = self.other(id) {
            return Some(known);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let tag = tag(id);
        let free = match self.find(tag, id, id_at) {
            Ok(known) => return Some(known),
            Err(free) => free,
        };
        if backed {
            self.slots[free] = slot_of(tag, index);
            self.len += 1;
        } else {
            self.others.insert(Arc::from(id), index);
        }
        None
    }

    fn other(&self, id: &str) -> Option<u32> {
        if self.others.is_empty() {
            return None;
        }
        self.others.get(id).copied()
    }

    /// The record holding `id`, or the free slot where it would go (the slots are not empty).
    fn find<'r>(
        &self,
        tag: u32,
        id: &str,
        id_at: impl Fn(u32) -> Option<&'r str>,
    ) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = self.start(tag);
        loop {
            match self.slots[slot] {
                EMPTY => return Err(slot),
                s if (s >> 32) as u32 == tag && id_at(s as u32) == Some(id) => {
                    return Ok(s as u32);
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The first slot to probe for a tag: its high bits.
    fn start(&self, tag: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (u64::from(tag) >> (32 - bits)) as usize
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        let mask = size - 1;
        for s in old.into_iter().filter(|&s| s != EMPTY) {
            let mut slot = self.start((s >> 32) as u32);
            while self.slots[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataLoc;

    #[test]
    fn finds_every_id_and_no_other() {
        let mut records = Collection::new(2);
        let mut ids = IdIndex::default();
        for i in 0..1000u32 {
            let id: Arc<str> = Arc::from(format!("R{i}").as_str());
            // Every tenth record holds no valid id value: its id is kept aside.
            let value = if i % 10 == 0 {
                Value::Absent
            } else {
                Value::Text(id.clone())
            };
            assert_eq!(ids.get(&id, &records, 1), None);
            let backed = i % 10 != 0;
            let id_at = |i| id_of(&records, i, 1);
            assert_eq!(ids.insert(&id, backed, i, id_at), None);
            records.push(
                [Value::Absent, value],
                [DataLoc::default(); 2],
                DataLoc::default(),
            );
            // Taken now, whether kept in the slots or aside.
            let id_at = |i| id_of(&records, i, 1);
            assert_eq!(ids.insert(&id, backed, 5000, id_at), Some(i));
        }
        for i in 0..1000u32 {
            assert_eq!(ids.get(&format!("R{i}"), &records, 1), Some(i));
        }
        assert_eq!(ids.get("R1000", &records, 1), None);
        assert_eq!(ids.get("", &records, 1), None);
    }
}
