//! The records of a collection by id: a table of record indexes, 4 bytes a slot, whose keys are
//! the ids the records hold, not copies of them (a hash map of ids took some 50 bytes a record).

use std::hash::BuildHasher;
use std::sync::Arc;

use super::Collection;
use crate::hash::{FxBuild, FxHashMap};
use crate::value::Value;

const EMPTY: u32 = u32::MAX;

/// The ids of one collection.
#[derive(Debug, Default, Clone)]
pub struct IdIndex {
    /// Record indexes by the hash of their id, open addressing; a power of two long, at most
    /// half full.
    slots: Vec<u32>,
    len: usize,
    /// The ids that are not the text of their record's id field (its value was invalid).
    others: FxHashMap<Arc<str>, u32>,
}

fn hash(id: &str) -> u64 {
    FxBuild::default().hash_one(id)
}

/// The id that record `index` of `records` holds in field `field`, if it is a text.
fn id_of(records: &Collection, index: u32, field: usize) -> Option<&str> {
    match records.get(index as usize).values.get(field) {
        Some(Value::Text(t)) => Some(t),
        _ => None,
    }
}

impl IdIndex {
    /// The record of `records` whose id (its field `field`) is `id`.
    pub fn get(&self, id: &str, records: &Collection, field: usize) -> Option<u32> {
        if let Some(&index) = self.others.get(id) {
            return Some(index);
        }
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.start(hash(id));
        loop {
            match self.slots[slot] {
                EMPTY => return None,
                index if id_of(records, index, field) == Some(id) => return Some(index),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Adds record `index` of `records` under `id`, which no record holds yet.
    pub fn insert(&mut self, id: Arc<str>, index: u32, records: &Collection, field: usize) {
        if id_of(records, index, field) != Some(&*id) {
            self.others.insert(id, index);
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow(records, field);
        }
        self.place(hash(&id), index);
        self.len += 1;
    }

    /// The first slot to probe for a hash: its high bits, the best mixed.
    fn start(&self, hash: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (hash >> (64 - bits)) as usize
    }

    fn place(&mut self, hash: u64, index: u32) {
        let mask = self.slots.len() - 1;
        let mut slot = self.start(hash);
        while self.slots[slot] != EMPTY {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = index;
    }

    fn grow(&mut self, records: &Collection, field: usize) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        for index in old.into_iter().filter(|&i| i != EMPTY) {
            let id = id_of(records, index, field).unwrap_or_default();
            self.place(hash(id), index);
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
            records.push(
                [Value::Absent, value],
                [DataLoc::default(); 2],
                DataLoc::default(),
            );
            ids.insert(id, i, &records, 1);
        }
        for i in 0..1000u32 {
            assert_eq!(ids.get(&format!("R{i}"), &records, 1), Some(i));
        }
        assert_eq!(ids.get("R1000", &records, 1), None);
        assert_eq!(ids.get("", &records, 1), None);
    }
}
