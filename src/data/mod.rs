//! Stage 3: the recorded activity, loaded from YAML files as the schema of the rule files says.
//!
//! [`load`] reads every file (two at a time), builds each record with the location of every
//! value, then checks ids and references across files. A file the fast reader takes is first
//! loaded by the direct path (`direct.rs`), which gives up at the first error; then by the
//! loader on the tree of each record (`load.rs`), which reports them all. Problems are [`DataError`]s with the
//! stable codes of `cli.md`, all of them, never only the first.

mod assemble;
mod differential;
mod direct;
mod fast;
mod files;
mod forms;
mod ids;
mod load;
mod store;
mod texts;
mod yaml;

use crate::hash::FxHashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub use crate::loc::DataLoc;
use crate::loc::Source;
use crate::value::{RecordRef, Value};

pub use assemble::{load, load_bytes};
pub use differential::{Agreement, compare_loaders, compare_readers};
pub use files::discover;
pub use store::{Collection, Record};
pub use yaml::{MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES};

/// A data file that was read, for rendering its lines under a finding.
#[derive(Debug)]
pub struct DataFile {
    pub path: String,
    /// Its text: kept from the load when it was given as bytes or an error was found in it while
    /// reading it, otherwise read again on first use ([`DataFile::source`]), so that the texts
    /// of a large dataset are not all held while only a few are shown.
    text: OnceLock<Option<Arc<Source>>>,
    /// Where it lies on disk, to read it again; `None` when it was given as bytes.
    disk: Option<PathBuf>,
    /// The SHA-256 of its bytes, lowercase hex; `None` when it could not be read.
    pub sha256: Option<String>,
    /// The records read from it.
    pub records: usize,
}

impl DataFile {
    /// Its text, for the lines shown under a finding; `None` when it could not be read, or when
    /// it changed on disk since it was loaded (its lines would not be the ones checked).
    pub fn source(&self) -> Option<Arc<Source>> {
        self.text.get_or_init(|| self.read_again()).clone()
    }

    fn read_again(&self) -> Option<Arc<Source>> {
        let bytes = files::read_bytes(self.disk.as_deref()?).ok()?;
        if self.sha256.as_deref() != Some(crate::hash::sha256_hex(&bytes).as_str()) {
            return None;
        }
        let text = String::from_utf8(bytes).ok()?;
        Some(Source::new(self.path.clone(), text))
    }
}

#[derive(Debug, Default)]
pub struct Dataset {
    pub files: Vec<DataFile>,
    pub collections: Vec<Collection>,
    /// Per collection: its records by id.
    pub ids: Vec<ids::IdIndex>,
    /// Per collection and field: for each record of the referenced collection, the records
    /// pointing at it. Built on first use.
    reverse: FxHashMap<(usize, usize), OnceLock<Vec<Vec<u32>>>>,
    /// Per collection with a period in force: its records by the months they are in force.
    /// Built on first use; `None` when the dates span too many months to be worth it.
    periods: FxHashMap<usize, PeriodSlot>,
    /// Per collection and text field: its records by the text they hold there, and by the
    /// months they are in force. Built on first use.
    values: FxHashMap<(usize, usize), OnceLock<ValueIndex>>,
    /// Every selection scans its whole collection: no index is read (to check that the indexes
    /// change no answer). Set by the loader when `GARANT_PLAIN_SCAN` is set.
    pub plain_scan: bool,
}

/// The records of a collection by the text of one field.
type ValueIndex = FxHashMap<Arc<str>, ValueBucket>;

/// The records holding one text, in order, and by month when the collection has a period.
#[derive(Debug, Default)]
struct ValueBucket {
    records: Vec<u32>,
    months: Option<PeriodIndex>,
}

/// A collection's `in force` fields, and its period index once built.
type PeriodSlot = ((usize, usize), OnceLock<Option<PeriodIndex>>);

/// The records of a collection by month: each record is listed under every month that one of
/// its days in force falls in (the open-ended under every month up to the last one known).
#[derive(Debug)]
struct PeriodIndex {
    first: i64,
    months: Vec<Vec<u32>>,
}

/// More months than this (a century) and a period index is not built.
const MAX_INDEX_MONTHS: i64 = 1200;

fn month_of(d: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

impl Dataset {
    pub fn record(&self, r: RecordRef) -> Record<'_> {
        self.collections[r.collection as usize].get(r.index as usize)
    }

    pub fn record_count(&self) -> usize {
        self.collections.iter().map(Collection::len).sum()
    }

    /// The records of `collection` whose reference `field` points at `target`; `None` when
    /// that field has no reverse index (it is not a reference), and the caller must scan.
    pub fn referring(&self, collection: usize, field: usize, target: RecordRef) -> Option<&[u32]> {
        let cell = self.reverse.get(&(collection, field))?;
        let index = cell.get_or_init(|| self.build_reverse(collection, field, target.collection));
        Some(index.get(target.index as usize).map_or(&[], Vec::as_slice))
    }

    fn build_reverse(&self, collection: usize, field: usize, target: u32) -> Vec<Vec<u32>> {
        let targets = self
            .collections
            .get(target as usize)
            .map_or(0, Collection::len);
        let mut index = vec![Vec::new(); targets];
        for (i, rec) in self.collections[collection].iter().enumerate() {
            if let Some(Value::Record(r)) = rec.values.get(field)
                && let Some(list) = index.get_mut(r.index as usize)
            {
                list.push(i as u32);
            }
        }
        index
    }

    /// The records of `collection` that may be in force on `date` (a superset: the caller still
    /// checks); `None` when there is no period index, and every record may be.
    pub fn maybe_in_force(&self, collection: usize, date: chrono::NaiveDate) -> Option<&[u32]> {
        let (period, cell) = self.periods.get(&collection)?;
        let index = cell
            .get_or_init(|| self.build_periods(collection, *period))
            .as_ref()?;
        Some(index.at(date))
    }

    fn build_periods(&self, collection: usize, period: (usize, usize)) -> Option<PeriodIndex> {
        let all = 0..self.collections[collection].len() as u32;
        period_index(&self.collections[collection], all, period)
    }

    /// The records of `collection` whose text `field` is `value`, and that may be in force on
    /// `date` when given and the collection has a period (a superset: the caller still checks);
    /// `None` when `field` has no such index, and the caller must scan.
    pub fn holding(
        &self,
        collection: usize,
        field: usize,
        value: &str,
        date: Option<chrono::NaiveDate>,
    ) -> Option<&[u32]> {
        let cell = self.values.get(&(collection, field))?;
        let index = cell.get_or_init(|| self.build_values(collection, field));
        let Some(bucket) = index.get(value) else {
            return Some(&[]);
        };
        match (date, &bucket.months) {
            (Some(d), Some(months)) => Some(months.at(d)),
            _ => Some(&bucket.records),
        }
    }

    fn build_values(&self, collection: usize, field: usize) -> ValueIndex {
        let records = &self.collections[collection];
        let mut index = ValueIndex::default();
        for (i, r) in records.iter().enumerate() {
            if let Some(Value::Text(t)) = r.values.get(field) {
                let bucket: &mut ValueBucket = index.entry(t.clone()).or_default();
                bucket.records.push(i as u32);
            }
        }
        if let Some((period, _)) = self.periods.get(&collection) {
            for bucket in index.values_mut() {
                let subset = bucket.records.iter().copied();
                bucket.months = period_index(records, subset, *period);
            }
        }
        index
    }

    /// Declares an index (built on first use) for every reference field and every period in
    /// force of the schema, so that any selection of any program finds the index it asks for.
    pub fn declare_indexes(&mut self, schema: &crate::check::ir::Schema) {
        use crate::check::ir::FieldForm;
        for (c, collection) in schema.collections.iter().enumerate() {
            let fields = &schema.shapes[collection.shape].fields;
            for (i, field) in fields.iter().enumerate() {
                match field.form {
                    FieldForm::Ref(_) => {
                        self.reverse.entry((c, i)).or_default();
                    }
                    FieldForm::Text | FieldForm::Code(_) | FieldForm::Enum(_) => {
                        self.values.entry((c, i)).or_default();
                    }
                    _ => {}
                }
            }
            if let Some(period) = collection.in_force {
                self.periods.insert(c, (period, OnceLock::new()));
            }
        }
    }
}

impl PeriodIndex {
    /// The records that may be in force on `date`: those of its month, of the last month known
    /// after it, none before the first.
    fn at(&self, date: chrono::NaiveDate) -> &[u32] {
        let last = self.first + self.months.len() as i64 - 1;
        let month = month_of(date).min(last) - self.first;
        let Ok(month) = usize::try_from(month) else {
            return &[];
        };
        self.months.get(month).map_or(&[], Vec::as_slice)
    }
}

/// The records `subset` of `records` (in order) by the months they are in force, from the
/// dates of fields `from` and `to`; `None` when they have no date, or too many months.
fn period_index(
    records: &Collection,
    subset: impl Iterator<Item = u32> + Clone,
    (from, to): (usize, usize),
) -> Option<PeriodIndex> {
    let date = |i: u32, f: usize| match records.get(i as usize).values.get(f) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let dates = subset
        .clone()
        .flat_map(|i| [date(i, from), date(i, to)])
        .flatten();
    let (first, last) = dates.fold(None, |acc: Option<(i64, i64)>, d| {
        let m = month_of(d);
        Some(acc.map_or((m, m), |(a, b)| (a.min(m), b.max(m))))
    })?;
    if last - first > MAX_INDEX_MONTHS {
        return None;
    }
    let mut months = vec![Vec::new(); (last - first + 1) as usize];
    for i in subset {
        let Some(start) = date(i, from) else { continue };
        let end = date(i, to)
            .and_then(|t| t.pred_opt())
            .map_or(last, month_of);
        for m in month_of(start)..=end.min(last) {
            months[(m - first) as usize].push(i);
        }
    }
    Some(PeriodIndex { first, months })
}

/// The stable codes of data errors, in the order of the table of `docs/cli.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataCode {
    Read,
    Syntax,
    Shape,
    UnknownCollection,
    UnknownField,
    MissingField,
    ForbiddenField,
    InvalidValue,
    DuplicateKey,
    DuplicateId,
    DanglingRef,
    Limit,
}

impl DataCode {
    pub const ALL: [DataCode; 12] = [
        DataCode::Read,
        DataCode::Syntax,
        DataCode::Shape,
        DataCode::UnknownCollection,
        DataCode::UnknownField,
        DataCode::MissingField,
        DataCode::ForbiddenField,
        DataCode::InvalidValue,
        DataCode::DuplicateKey,
        DataCode::DuplicateId,
        DataCode::DanglingRef,
        DataCode::Limit,
    ];

    /// The code as reports write it, such as `DATA-READ`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DataCode::Read => "DATA-READ",
            DataCode::Syntax => "DATA-SYNTAX",
            DataCode::Shape => "DATA-SHAPE",
            DataCode::UnknownCollection => "DATA-UNKNOWN-COLLECTION",
            DataCode::UnknownField => "DATA-UNKNOWN-FIELD",
            DataCode::MissingField => "DATA-MISSING-FIELD",
            DataCode::ForbiddenField => "DATA-FORBIDDEN-FIELD",
            DataCode::InvalidValue => "DATA-INVALID-VALUE",
            DataCode::DuplicateKey => "DATA-DUPLICATE-KEY",
            DataCode::DuplicateId => "DATA-DUPLICATE-ID",
            DataCode::DanglingRef => "DATA-DANGLING-REF",
            DataCode::Limit => "DATA-LIMIT",
        }
    }
}

impl DataCode {
    /// What the code means, in one line, as the reports' lists of codes give it.
    pub const fn meaning(self) -> &'static str {
        match self {
            DataCode::Read => {
                "a data file or folder cannot be read, is not UTF-8, or holds no data file"
            }
            DataCode::Syntax => "a data file is not well-formed YAML",
            DataCode::Shape => "a data file is not a mapping of collections to lists of records",
            DataCode::UnknownCollection => "a collection that the rule files do not declare",
            DataCode::UnknownField => "a field that its collection does not declare",
            DataCode::MissingField => "a required field is absent",
            DataCode::ForbiddenField => "a field present where another field's value forbids it",
            DataCode::InvalidValue => "a value of the wrong form",
            DataCode::DuplicateKey => "the same key twice in one mapping",
            DataCode::DuplicateId => "an id already used in its collection",
            DataCode::DanglingRef => "a reference to an id that its collection does not hold",
            DataCode::Limit => "an input budget exceeded (file size, nesting depth, aliases)",
        }
    }
}

impl std::fmt::Display for DataCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The codes of [`DataCode::ALL`] as written.
pub const ERROR_CODES: [&str; 12] = {
    let mut codes = [""; 12];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = DataCode::ALL[i].as_str();
        i += 1;
    }
    codes
};

/// A problem of the data: not a rule's finding, it makes the check incomplete.
#[derive(Debug, Clone)]
pub struct DataError {
    pub code: DataCode,
    pub message: String,
    pub path: String,
    pub loc: DataLoc,
    pub collection: Option<String>,
    pub record: Option<String>,
}
