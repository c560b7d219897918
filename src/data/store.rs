//! The records of a collection, stored without an allocation per record.
//!
//! Every record of a collection has one value per field of its shape, so the values of all its
//! records lie in one vector, `width` at a time. Where each value stands is packed in 8 bytes,
//! relative to where its record stands (a location that does not fit is kept whole aside), and
//! the file of a record is found from the runs of records read from one file. A million records
//! of five fields then take 216 bytes each instead of some 350.

use super::DataLoc;
use crate::value::Value;

/// The records of one collection.
#[derive(Debug, Default, Clone)]
pub struct Collection {
    values: Vec<Value>,
    places: Places,
}

/// Where the records of a collection and their values stand.
#[derive(Debug, Default, Clone)]
pub struct Places {
    /// The number of fields of its shape: values per record.
    width: usize,
    /// Where each value stands, `width` per record.
    locs: Vec<PackedLoc>,
    /// Where each record stands, its file aside.
    heads: Vec<Head>,
    /// The file of the records from each index on: `(first record, file)`, in order.
    files: Vec<(u32, u32)>,
    /// The locations of values that do not pack.
    spilled: Vec<DataLoc>,
}

/// One record: its values, in its shape's field order, and where they stand.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub values: &'a [Value],
    places: &'a Places,
    index: usize,
}

/// Where a record stands in its file.
#[derive(Debug, Clone, Copy)]
struct Head {
    line: u32,
    col: u32,
    start: u32,
    end: u32,
}

/// A value's location relative to its record's: bits 0-8 the lines after the record's line,
/// 9-22 the column, 23-46 the bytes after the record's start, 47-62 the length. With bit 63
/// set, the low 32 bits index the collection's spilled locations.
#[derive(Debug, Clone, Copy)]
struct PackedLoc(u64);

const SPILLED: u64 = 1 << 63;
/// The widths of the packed parts: line, column, start, length.
const BITS: [u32; 4] = [9, 14, 24, 16];

impl PackedLoc {
    /// `loc` relative to `head` in `file`, if it fits.
    fn pack(head: Head, file: u32, loc: DataLoc) -> Option<PackedLoc> {
        if loc.file != file {
            return None;
        }
        let parts = [
            loc.line.checked_sub(head.line)?,
            loc.col,
            loc.start.checked_sub(head.start)?,
            loc.end.checked_sub(loc.start)?,
        ];
        let mut packed = 0u64;
        let mut shift = 0;
        for (part, bits) in parts.into_iter().zip(BITS) {
            if u64::from(part) >> bits != 0 {
                return None;
            }
            packed |= u64::from(part) << shift;
            shift += bits;
        }
        Some(PackedLoc(packed))
    }

    fn unpack(self, head: Head, file: u32) -> DataLoc {
        let mut parts = [0u32; 4];
        let mut shift = 0;
        for (part, bits) in parts.iter_mut().zip(BITS) {
            *part = ((self.0 >> shift) & ((1 << bits) - 1)) as u32;
            shift += bits;
        }
        let start = head.start + parts[2];
        DataLoc {
            file,
            line: head.line + parts[0],
            col: parts[1],
            start,
            end: start + parts[3],
        }
    }
}

impl Collection {
    /// An empty collection of records of `width` fields.
    pub fn new(width: usize) -> Collection {
        Collection {
            values: Vec::new(),
            places: Places {
                width,
                ..Places::default()
            },
        }
    }

    pub fn len(&self) -> usize {
        self.places.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.heads.is_empty()
    }

    pub fn width(&self) -> usize {
        self.places.width
    }

    pub fn reserve(&mut self, records: usize) {
        let items = records * self.width();
        reserve_apart(&mut self.values, items);
        reserve_apart(&mut self.places.locs, items);
        reserve_apart(&mut self.places.heads, records);
    }

    /// Record `index`.
    pub fn get(&self, index: usize) -> Record<'_> {
        let w = self.width();
        Record {
            values: &self.values[index * w..(index + 1) * w],
            places: &self.places,
            index,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Record<'_>> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Adds a record standing at `loc`, with its values and their locations, `width` of each.
    pub fn push(
        &mut self,
        values: impl IntoIterator<Item = Value>,
        locs: impl IntoIterator<Item = DataLoc>,
        loc: DataLoc,
    ) {
        self.values.extend(values);
        self.places.push(locs, loc);
    }

    /// Moves record `index` of `from` to the end of this collection (its values in `from` are
    /// left absent).
    pub fn move_from(&mut self, from: &mut Collection, index: usize) {
        let w = from.width();
        let values = from.values[index * w..(index + 1) * w].iter_mut();
        self.values.extend(values.map(std::mem::take));
        let places = &from.places;
        let locs = (0..w).map(|f| places.field(index, f));
        self.places.push(locs, places.record(index));
    }

    /// Moves every record of `from` to the end of this collection, whole vectors at a time:
    /// `from` is left empty, with its storage (unless it became the collection's).
    pub fn append(&mut self, from: &mut Collection) {
        if self.is_empty() {
            // Its storage, sized for its own records, becomes the collection's.
            let width = self.width();
            *self = std::mem::replace(from, Collection::new(width));
            return;
        }
        self.values.append(&mut from.values);
        self.places.append(&mut from.places);
    }

    /// Leaves no record, for records of `width` fields, keeping the storage.
    pub fn empty(&mut self, width: usize) {
        self.values.clear();
        self.places.locs.clear();
        self.places.heads.clear();
        self.places.files.clear();
        self.places.spilled.clear();
        self.places.width = width;
    }

    /// The values of record `index` (left absent) and where each stands.
    pub fn take(&mut self, index: usize) -> (Vec<Value>, Vec<DataLoc>) {
        let w = self.width();
        let values = self.values[index * w..(index + 1) * w]
            .iter_mut()
            .map(std::mem::take)
            .collect();
        let locs = (0..w).map(|f| self.places.field(index, f)).collect();
        (values, locs)
    }

    /// Sets field `field` of record `record`.
    pub fn set(&mut self, record: usize, field: usize, value: Value) {
        let w = self.width();
        self.values[record * w + field] = value;
    }
}

impl Places {
    fn push(&mut self, locs: impl IntoIterator<Item = DataLoc>, loc: DataLoc) {
        let head = Head {
            line: loc.line,
            col: loc.col,
            start: loc.start,
            end: loc.end,
        };
        if self.files.last().is_none_or(|&(_, f)| f != loc.file) {
            self.files.push((self.heads.len() as u32, loc.file));
        }
        self.heads.push(head);
        for l in locs {
            let packed = PackedLoc::pack(head, loc.file, l).unwrap_or_else(|| {
                self.spilled.push(l);
                PackedLoc(SPILLED | (self.spilled.len() as u64 - 1))
            });
            self.locs.push(packed);
        }
    }

    /// Moves the places of `from`'s records after those of these.
    fn append(&mut self, from: &mut Places) {
        let records = self.heads.len() as u32;
        for (first, file) in from.files.drain(..) {
            if self.files.last().is_none_or(|&(_, f)| f != file) {
                self.files.push((first + records, file));
            }
        }
        let spilled = self.spilled.len() as u64;
        let moved = |p: PackedLoc| match p.0 & SPILLED {
            0 => p,
            _ => PackedLoc(p.0 + spilled),
        };
        self.locs.extend(from.locs.drain(..).map(moved));
        self.heads.append(&mut from.heads);
        self.spilled.append(&mut from.spilled);
    }

    fn file(&self, record: usize) -> u32 {
        let run = self
            .files
            .partition_point(|&(first, _)| first as usize <= record);
        self.files.get(run.wrapping_sub(1)).map_or(0, |&(_, f)| f)
    }

    /// Where record `record` stands.
    pub fn record(&self, record: usize) -> DataLoc {
        let h = self.heads[record];
        DataLoc {
            file: self.file(record),
            line: h.line,
            col: h.col,
            start: h.start,
            end: h.end,
        }
    }

    /// Where field `field` of record `record` stands.
    pub fn field(&self, record: usize, field: usize) -> DataLoc {
        let packed = self.locs[record * self.width + field];
        if packed.0 & SPILLED != 0 {
            return self.spilled[(packed.0 & u64::from(u32::MAX)) as usize];
        }
        packed.unpack(self.heads[record], self.file(record))
    }
}

impl<'a> Record<'a> {
    /// Where the record stands.
    pub fn loc(&self) -> DataLoc {
        self.places.record(self.index)
    }

    /// Where its field `field` stands (where the record stands when the field is not given).
    pub fn field_loc(&self, field: usize) -> DataLoc {
        self.places.field(self.index, field)
    }

    /// Where each of its fields stands.
    pub fn locs(&self) -> impl Iterator<Item = DataLoc> + 'a {
        let (places, index) = (self.places, self.index);
        (0..self.values.len()).map(move |f| places.field(index, f))
    }
}

/// The bytes from which glibc always maps a block apart and gives it back to the system when it
/// is freed (its largest mapping threshold on 64-bit systems).
pub const APART: usize = 32 << 20;

/// Reserves room for `n` more items in `v`, and, when that is more than a megabyte, at least
/// [`APART`] bytes: a file's temporary storage is then mapped apart and returned to the system
/// once merged, instead of staying in the reader's arena (the pages never written are never
/// resident).
pub fn reserve_apart<T>(v: &mut Vec<T>, n: usize) {
    let size = std::mem::size_of::<T>().max(1);
    let room = if n * size > 1 << 20 {
        n.max(APART / size)
    } else {
        n
    };
    v.reserve(room);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(file: u32, line: u32, col: u32, start: u32, end: u32) -> DataLoc {
        DataLoc {
            file,
            line,
            col,
            start,
            end,
        }
    }

    #[test]
    fn locations_come_back_as_stored_packed_or_not() {
        let mut c = Collection::new(3);
        let head = loc(2, 10, 5, 300, 300);
        let fields = [
            loc(2, 10, 5, 300, 310),
            loc(2, 600, 1, 90_000, 90_004),
            // Before its record, in another file, too long: kept whole.
            loc(2, 9, 1, 250, 251),
        ];
        c.push(
            [Value::Absent, Value::Bool(true), Value::Absent],
            fields,
            head,
        );
        let other = [loc(3, 1, 1, 0, 70_000), loc(1, 1, 1, 0, 0), head];
        c.push(
            [Value::Absent, Value::Absent, Value::Absent],
            other,
            loc(3, 1, 1, 0, 0),
        );
        let r = c.get(0);
        assert_eq!(r.loc(), head);
        assert_eq!(r.locs().collect::<Vec<_>>(), fields);
        assert!(matches!(r.values[1], Value::Bool(true)));
        assert_eq!(c.get(1).locs().collect::<Vec<_>>(), other);
        assert_eq!(c.get(1).loc().file, 3);
        assert_eq!(c.len(), 2);
    }

    /// Two records of file 2 standing at `line`, one location spilled, one packed.
    fn two_records(line: u32) -> (Collection, Vec<Vec<DataLoc>>) {
        let mut c = Collection::new(2);
        let mut all = Vec::new();
        for k in 0..2 {
            let head = loc(2, line + k, 3, 100 * (line + k), 100 * (line + k));
            // Before its record, in another file: spilled, each with its own line.
            let start = 100 * (line + k) + 2;
            let fields = vec![
                loc(1, line + k, 1, 0, 0),
                loc(2, line + k, 5, start, start + 4),
            ];
            c.push([Value::Absent, Value::Bool(k == 1)], fields.clone(), head);
            all.push(fields);
        }
        (c, all)
    }

    #[test]
    fn appended_records_keep_their_places_and_files() {
        let (mut c, mut expected) = two_records(10);
        let (mut d, more) = two_records(40);
        // The appended records come from file 5: its run must start at record 2.
        d.places.files = vec![(0, 5)];
        expected.extend(more.into_iter().map(|locs| {
            locs.into_iter()
                .map(|l| {
                    if l.file == 2 {
                        DataLoc { file: 5, ..l }
                    } else {
                        l
                    }
                })
                .collect()
        }));
        c.append(&mut d);
        assert_eq!(c.len(), 4);
        // Emptied, keeping its storage for another part, which reads as new.
        assert!(d.is_empty() && d.values.capacity() >= 4);
        // A part still holding records (merged one at a time), emptied and filled again.
        let mut reused = c.clone();
        reused.empty(2);
        let (fresh, fresh_locs) = two_records(70);
        for r in fresh.iter() {
            reused.push(r.values.iter().cloned(), r.locs(), r.loc());
        }
        assert_eq!(reused.len(), 2);
        assert_eq!(reused.get(1).locs().collect::<Vec<_>>(), fresh_locs[1]);
        for (k, locs) in expected.iter().enumerate() {
            assert_eq!(&c.get(k).locs().collect::<Vec<_>>(), locs, "record {k}");
        }
        assert_eq!(c.get(1).loc().file, 2);
        assert_eq!(c.get(2).loc().file, 5);
        assert!(matches!(c.get(3).values[1], Value::Bool(true)));
        let mut empty = Collection::new(2);
        empty.append(&mut c.clone());
        assert_eq!(empty.get(3).locs().collect::<Vec<_>>(), expected[3]);
    }
}
