//! Stage 3: the recorded activity, loaded from YAML files as the schema of the rule files says.
//!
//! [`load`] reads every file (two at a time), builds each record with the location of every
//! value, then checks ids and references across files. Problems are [`DataError`]s with the
//! stable codes of `cli.md`, all of them, never only the first.

mod fast;
mod forms;
mod load;
mod yaml;

use crate::hash::FxHashMap;
use std::sync::{Arc, OnceLock};

use crate::eval::{RecordRef, Value};
use crate::loc::Source;

pub use load::{discover, load};
pub use yaml::{MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES};

/// Where a value lies in a data file: 1-based line and column, and its byte span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataLoc {
    pub file: u32,
    pub line: u32,
    pub col: u32,
    pub start: u32,
    pub end: u32,
}

impl DataLoc {
    pub fn at(file: u32, line: usize, col: usize, start: usize) -> DataLoc {
        DataLoc {
            file,
            line: line as u32,
            col: col as u32,
            start: start as u32,
            end: start as u32,
        }
    }
}

/// One record: its values and their locations, in its shape's field order.
#[derive(Debug, Clone)]
pub struct Record {
    pub values: Vec<Value>,
    pub locs: Vec<DataLoc>,
    pub loc: DataLoc,
}

/// A data file that was read, for rendering its lines under a finding.
#[derive(Debug)]
pub struct DataFile {
    pub path: String,
    pub source: Option<Arc<Source>>,
}

#[derive(Debug, Default)]
pub struct Dataset {
    pub files: Vec<DataFile>,
    pub collections: Vec<Vec<Record>>,
    pub ids: Vec<FxHashMap<Arc<str>, u32>>,
    /// Per collection and field: for each record of the referenced collection, the records
    /// pointing at it. Built on first use.
    reverse: FxHashMap<(usize, usize), OnceLock<Vec<Vec<u32>>>>,
}

impl Dataset {
    pub fn record(&self, r: RecordRef) -> &Record {
        &self.collections[r.collection as usize][r.index as usize]
    }

    pub fn record_count(&self) -> usize {
        self.collections.iter().map(Vec::len).sum()
    }

    /// The records of `collection` whose reference `field` points at `target`.
    pub fn referring(&self, collection: usize, field: usize, target: RecordRef) -> &[u32] {
        let Some(cell) = self.reverse.get(&(collection, field)) else {
            return &[];
        };
        let index = cell.get_or_init(|| self.build_reverse(collection, field, target.collection));
        index.get(target.index as usize).map_or(&[], Vec::as_slice)
    }

    fn build_reverse(&self, collection: usize, field: usize, target: u32) -> Vec<Vec<u32>> {
        let mut index = vec![Vec::new(); self.collections.get(target as usize).map_or(0, Vec::len)];
        for (i, rec) in self.collections[collection].iter().enumerate() {
            if let Some(Value::Record(r)) = rec.values.get(field)
                && let Some(list) = index.get_mut(r.index as usize)
            {
                list.push(i as u32);
            }
        }
        index
    }

    /// Declares the reverse indexes the program may use.
    pub fn prepare_reverse(&mut self, keys: impl IntoIterator<Item = (usize, usize)>) {
        for key in keys {
            self.reverse.entry(key).or_default();
        }
    }
}

/// A problem of the data: not a rule's finding, it makes the check incomplete.
#[derive(Debug, Clone)]
pub struct DataError {
    pub code: &'static str,
    pub message: String,
    pub path: String,
    pub loc: DataLoc,
    pub collection: Option<String>,
    pub record: Option<String>,
}
