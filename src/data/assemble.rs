//! Across files: the records of every file read, merged in file order as they come, then ids
//! and references checked.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

use super::files::{discover, display, read_error};
use super::ids::id_of;
use super::load::{FileResult, Part, Reuse, Spares, read_file, read_text};
use super::{Collection, DataCode, DataError, DataFile, DataLoc, Dataset};
use crate::check::ir::{FieldForm, Schema};
use crate::value::{MapValue, RecordRef, Value};

/// Loads every YAML file under `paths` (files as given, folders searched recursively), in byte
/// order of their paths.
pub fn load(paths: &[PathBuf], schema: &Schema) -> (Dataset, Vec<DataError>) {
    let mut errors = Vec::new();
    let found = discover(paths, &mut errors);
    let files: Vec<String> = found.iter().map(|p| display(p)).collect();
    let mut assembly = Assembly::new(schema, errors);
    read_all(&found, &files, schema, |i, result| {
        assembly.add(&files[i], result)
    });
    assembly.finish(&files)
}

/// Loads one data file given as bytes, named `path`, as [`load`] loads a file read from disk
/// (the UTF-8 check, the YAML readers, the records, ids and references), without the disk:
/// for fuzzing and tests. A panic while reading the text is not turned into an error here, as
/// it is in [`load`].
pub fn load_bytes(path: &str, bytes: Vec<u8>, schema: &Schema) -> (Dataset, Vec<DataError>) {
    let files = [path.to_string()];
    let mut assembly = Assembly::new(schema, Vec::new());
    let _spent = assembly.add(path, read_text(path, bytes, 0, schema, true));
    assembly.finish(&files)
}

/// The dataset being built from the files read, in file order.
struct Assembly<'a> {
    schema: &'a Schema,
    data: Dataset,
    errors: Vec<DataError>,
    /// The records left out because their id is taken, whose references are still checked.
    duplicates: Vec<(usize, Owned)>,
}

impl<'a> Assembly<'a> {
    fn new(schema: &'a Schema, errors: Vec<DataError>) -> Assembly<'a> {
        let data = Dataset {
            collections: (schema.collections.iter())
                .map(|c| Collection::new(schema.shapes[c.shape].fields.len()))
                .collect(),
            ids: vec![Default::default(); schema.collections.len()],
            ..Dataset::default()
        };
        Assembly {
            schema,
            data,
            errors,
            duplicates: Vec::new(),
        }
    }

    /// Adds the records of the next file, `path`, and its errors: gives back its parts, emptied,
    /// whose storage may be used again.
    fn add(&mut self, path: &str, result: FileResult) -> Vec<Part> {
        self.errors.extend(result.errors);
        self.data.files.push(DataFile {
            path: path.to_string(),
            // Not yet known when not kept: read again on first use.
            text: result
                .source
                .map_or_else(OnceLock::new, |s| OnceLock::from(Some(s))),
            disk: result.disk,
            sha256: result.sha256,
            records: result.parts.iter().map(|p| p.records.len()).sum(),
        });
        let (data, errors) = (&mut self.data, &mut self.errors);
        let (duplicates, spent) = merge(data, self.schema, path, result.parts, errors);
        self.duplicates.extend(duplicates);
        spent
    }

    /// The dataset, with the errors found across files: duplicate ids, references.
    fn finish(mut self, files: &[String]) -> (Dataset, Vec<DataError>) {
        let (data, schema, errors) = (&mut self.data, self.schema, &mut self.errors);
        resolve_references(data, schema, files, errors);
        // A record whose id is taken is left out of the data, but its references are checked too.
        let mut found = Found::default();
        for (c, record) in self.duplicates {
            let locs = |i: usize| record.locs[i];
            let mut ignore = |_, _| {};
            let values = &record.values;
            resolve_record(
                data,
                schema,
                c,
                values,
                &locs,
                files,
                &mut found,
                &mut ignore,
            );
        }
        errors.append(&mut found.errors);
        unchecked_references(errors);
        data.declare_indexes(schema);
        data.plain_scan = std::env::var_os("GARANT_PLAIN_SCAN").is_some();
        (self.data, self.errors)
    }
}

/// A record left out of the data (its id is taken), whose references are still checked.
struct Owned {
    values: Vec<Value>,
    locs: Vec<DataLoc>,
}

/// Whether an error leaves a whole file unread: none of its records are known.
fn unread_file(e: &DataError) -> bool {
    matches!(e.code, DataCode::Read | DataCode::Syntax | DataCode::Limit)
        || (e.code == DataCode::Shape && e.collection.is_none() && e.record.is_none())
}

/// When a file could not be read, the references to its records cannot be checked: rather
/// than one `DATA-DANGLING-REF` per reference, its error says so once.
fn unchecked_references(errors: &mut Vec<DataError>) {
    if !errors.iter().any(unread_file) {
        return;
    }
    let before = errors.len();
    errors.retain(|e| e.code != DataCode::DanglingRef);
    let unchecked = before - errors.len();
    if unchecked == 0 {
        return;
    }
    let note = format!(
        "; {unchecked} reference{} to records could not be checked while this file is unread",
        if unchecked == 1 { "" } else { "s" }
    );
    let mut noted = HashSet::new();
    for e in errors.iter_mut().filter(|e| unread_file(e)) {
        if noted.insert(e.path.clone()) {
            e.message.push_str(&note);
        }
    }
}

/// Reads and loads the files in parallel, handing each result to `take` in file order as soon
/// as it and those before it are read: the records of a file are merged while the next files
/// are read, and the storage of its parts that `take` gives back is used for theirs.
fn read_all(
    found: &[PathBuf],
    files: &[String],
    schema: &Schema,
    mut take: impl FnMut(usize, FileResult) -> Vec<Part>,
) {
    let spares = Spares::default();
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..crate::parallel::threads().min(files.len().max(1)) {
            let sender = sender.clone();
            let shared = (&spares, &next);
            scope.spawn(move || read_files(found, files, schema, shared, sender));
        }
        drop(sender);
        in_order(receiver, files, |i, result| {
            let spent = take(i, result);
            // Kept only for the files still to be started.
            let started = next.load(Ordering::Relaxed);
            spares.give(spent, files.len().saturating_sub(started));
        });
    });
}

/// A file's index and its result (`None` when reading it panicked).
type Read = (usize, Option<FileResult>);

/// Reads the files no thread has started, one at a time (`next` is the first of them), and
/// sends each result; stops when every file is started or nobody listens.
fn read_files(
    found: &[PathBuf],
    files: &[String],
    schema: &Schema,
    (spares, next): (&Spares, &AtomicUsize),
    sender: mpsc::Sender<Read>,
) {
    let mut reuse = Reuse {
        texts: Default::default(),
        spares,
    };
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= files.len() {
            break;
        }
        let read = || read_file(&found[i], &files[i], i as u32, schema, &mut reuse);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).ok();
        if sender.send((i, result)).is_err() {
            break;
        }
    }
}

/// Hands the results received to `take` in file order, each as soon as those before it came.
fn in_order(
    receiver: mpsc::Receiver<Read>,
    files: &[String],
    mut take: impl FnMut(usize, FileResult),
) {
    let mut waiting = BTreeMap::new();
    let mut due = 0;
    for (i, result) in receiver {
        waiting.insert(i, result);
        while let Some(result) = waiting.remove(&due) {
            take(due, result.unwrap_or_else(|| failed(&files[due])));
            due += 1;
        }
    }
}

/// The result of a file whose reading panicked.
fn failed(path: &str) -> FileResult {
    FileResult {
        errors: vec![read_error(
            path,
            "garant failed while reading this file: this is a bug of garant".into(),
        )],
        ..FileResult::default()
    }
}

/// Adds the records of one file's parts to the data, in order: those whose id is taken are
/// reported and given back, for their references to be checked, with the parts emptied.
fn merge(
    data: &mut Dataset,
    schema: &Schema,
    path: &str,
    parts: Vec<Part>,
    errors: &mut Vec<DataError>,
) -> (Vec<(usize, Owned)>, Vec<Part>) {
    let mut duplicates = Vec::new();
    let mut spent = Vec::with_capacity(parts.len());
    for mut part in parts {
        let taken = add_ids(data, schema, &part);
        let c = part.collection;
        let field = schema.collections[c].id_field;
        if taken == part.records.len() {
            data.collections[c].append(&mut part.records);
            spent.push(part);
            continue;
        }
        for k in 0..taken {
            data.collections[c].move_from(&mut part.records, k);
        }
        // Owned, since the records they are read from move; a part without ids has them made.
        let ids = match std::mem::take(&mut part.ids) {
            ids if !ids.is_empty() => ids,
            _ => (0..part.records.len())
                .map(|k| part.id(k, field).map(Arc::from))
                .collect(),
        };
        let rest = ids.into_iter().enumerate().skip(taken);
        for (k, id) in rest {
            let Some(id) = merge_record(data, schema, (c, &mut part.records), k, id) else {
                continue;
            };
            errors.push(duplicate(schema, path, &part.records, c, k, &id));
            let (values, locs) = part.records.take(k);
            duplicates.push((c, Owned { values, locs }));
        }
        spent.push(part);
    }
    (duplicates, spent)
}

/// Adds the ids of `part`, as if its records followed those of its collection, up to the first
/// that is taken: gives how many were added (all when none is taken).
fn add_ids(data: &mut Dataset, schema: &Schema, part: &Part) -> usize {
    let c = part.collection;
    let field = schema.collections[c].id_field;
    let (table, records) = (&mut data.ids[c], &data.collections[c]);
    let base = records.len();
    let id_at = |i: u32| match (i as usize).checked_sub(base) {
        None => id_of(records, i, field),
        Some(k) => id_of(&part.records, k as u32, field),
    };
    for k in 0..part.records.len() {
        let Some(id) = part.id(k, field) else {
            continue;
        };
        // A part without ids reads each from its record: backed by definition.
        let backed = part.ids.is_empty() || id_at((base + k) as u32) == Some(id);
        if table.insert(id, backed, (base + k) as u32, id_at).is_some() {
            return k;
        }
    }
    part.records.len()
}

/// Moves record `k` of `from` to collection `c` unless its id is taken: then gives the id.
fn merge_record(
    data: &mut Dataset,
    schema: &Schema,
    (c, from): (usize, &mut Collection),
    k: usize,
    id: Option<Arc<str>>,
) -> Option<Arc<str>> {
    if let Some(id) = id {
        let field = schema.collections[c].id_field;
        let backed = id_of(from, k as u32, field) == Some(&*id);
        let (table, records) = (&mut data.ids[c], &data.collections[c]);
        let index = records.len() as u32;
        if table
            .insert(&id, backed, index, |i| id_of(records, i, field))
            .is_some()
        {
            return Some(id);
        }
    }
    data.collections[c].move_from(from, k);
    None
}

/// The error of record `k` of `records`, of collection `c`, whose id `id` is taken.
fn duplicate(
    schema: &Schema,
    path: &str,
    records: &Collection,
    c: usize,
    k: usize,
    id: &str,
) -> DataError {
    let name = &schema.collections[c].name;
    DataError {
        code: DataCode::DuplicateId,
        message: format!("the id `{id}` is already used in `{name}`"),
        path: path.to_string(),
        loc: records.get(k).field_loc(schema.collections[c].id_field),
        collection: Some(name.clone()),
        record: Some(id.to_string()),
    }
}

/// Records resolved at a time: the references found are set between rounds, so that all
/// records can be read meanwhile (the ids a collection holds, for references to its own records).
const ROUND: usize = 1 << 16;

fn resolve_references(
    data: &mut Dataset,
    schema: &Schema,
    files: &[String],
    errors: &mut Vec<DataError>,
) {
    let parts = crate::parallel::threads() * 4;
    for c in 0..data.collections.len() {
        let len = data.collections[c].len();
        for first in (0..len).step_by(ROUND) {
            let round = first..(first + ROUND).min(len);
            let per = round.len().div_ceil(parts).max(1);
            let shared: &Dataset = data;
            let found = crate::parallel::map(round.len().div_ceil(per), |k| {
                let start = round.start + k * per;
                let records = start..(start + per).min(round.end);
                resolve_records(shared, schema, c, records, files)
            });
            for part in found {
                let (changes, found_errors) = part.unwrap_or_else(|| {
                    let message =
                        "garant failed while resolving references: this is a bug of garant";
                    (Vec::new(), vec![read_error("", message.into())])
                });
                errors.extend(found_errors);
                for (record, field, value) in changes {
                    data.collections[c].set(record as usize, field as usize, value);
                }
            }
        }
    }
}

/// The references of records `records` of collection `c`, as changes to make (record, field,
/// value), and the errors of those that resolve to nothing.
type Resolved = (Vec<(u32, u32, Value)>, Vec<DataError>);

fn resolve_records(
    data: &Dataset,
    schema: &Schema,
    c: usize,
    records: std::ops::Range<usize>,
    files: &[String],
) -> Resolved {
    let (mut changes, mut found) = (Vec::new(), Found::default());
    for r in records {
        let record = data.collections[c].get(r);
        let locs = |i: usize| record.field_loc(i);
        let mut set = |i: usize, v: Value| changes.push((r as u32, i as u32, v));
        let values = record.values;
        resolve_record(data, schema, c, values, &locs, files, &mut found, &mut set);
    }
    (changes, found.errors)
}

/// What resolving a run of records keeps: the errors found, and for each collection the record
/// that its last reference found.
#[derive(Default)]
struct Found {
    errors: Vec<DataError>,
    last: Vec<Option<u32>>,
}

impl Found {
    /// The record of `records` (collection `c`, ids in field `field`) whose id is `id`, when it
    /// is the one after the last found there, or that one: records are often written in the
    /// order of those they refer to, whose ids are then found without a probe of the id table
    /// (a cache miss each when the table is larger than the cache). Exact: no two records of a
    /// collection have the same id, and a record's id is the text of its id field when it has
    /// one.
    fn near(&self, c: usize, id: &str, records: &Collection, field: usize) -> Option<u32> {
        let last = (*self.last.get(c)?)?;
        let is = |i: u32| (i as usize) < records.len() && id_of(records, i, field) == Some(id);
        [last + 1, last].into_iter().find(|&i| is(i))
    }

    fn remember(&mut self, c: usize, index: u32) {
        if self.last.len() <= c {
            self.last.resize(c + 1, None);
        }
        self.last[c] = Some(index);
    }
}

/// Finds the records a record refers to, passing each reference to `set` (field, reference),
/// reporting those that resolve to nothing.
#[allow(clippy::too_many_arguments)]
fn resolve_record(
    data: &Dataset,
    schema: &Schema,
    c: usize,
    values: &[Value],
    locs: &dyn Fn(usize) -> DataLoc,
    files: &[String],
    found: &mut Found,
    set: &mut dyn FnMut(usize, Value),
) {
    let id = match &values[schema.collections[c].id_field] {
        Value::Text(t) => Some(&**t),
        _ => None,
    };
    let mut ctx = RefCtx {
        collection: &schema.collections[c].name,
        record: id,
        files,
        found,
    };
    let shape = schema.collections[c].shape;
    resolve_shape(data, schema, shape, values, locs, &mut ctx, set);
}

struct RefCtx<'a> {
    collection: &'a str,
    record: Option<&'a str>,
    files: &'a [String],
    found: &'a mut Found,
}

/// Finds the records the fields of `shape` refer to, nested mappings too, passing each
/// field that changes to `set`, reporting the references that resolve to nothing.
fn resolve_shape(
    data: &Dataset,
    schema: &Schema,
    shape: usize,
    values: &[Value],
    locs: &dyn Fn(usize) -> DataLoc,
    ctx: &mut RefCtx<'_>,
    set: &mut dyn FnMut(usize, Value),
) {
    for (i, field) in schema.shapes[shape].fields.iter().enumerate() {
        let found = match (&field.form, &values[i]) {
            (FieldForm::Ref(target), Value::Text(id)) => {
                let at = (field.name.as_str(), || locs(i));
                resolve_ref(data, schema, *target, id, at, ctx)
            }
            (FieldForm::Mapping(inner), Value::Map(map)) => {
                resolve_map(data, schema, *inner, map, ctx)
            }
            _ => None,
        };
        if let Some(value) = found {
            set(i, value);
        }
    }
}

/// The record of collection `target` whose id is `id`, referred to by the field `name` at
/// `loc()`; `None`, with its error, when there is none.
fn resolve_ref(
    data: &Dataset,
    schema: &Schema,
    target: usize,
    id: &str,
    (name, loc): (&str, impl FnOnce() -> DataLoc),
    ctx: &mut RefCtx<'_>,
) -> Option<Value> {
    let (ids, records) = (&data.ids[target], &data.collections[target]);
    let id_field = schema.collections[target].id_field;
    let near = ctx.found.near(target, id, records, id_field);
    let Some(index) = near.or_else(|| ids.get(id, records, id_field)) else {
        let error = dangling(schema, target, name, id, loc(), ctx);
        ctx.found.errors.push(error);
        return None;
    };
    ctx.found.remember(target, index);
    let collection = target as u32;
    Some(Value::Record(RecordRef { collection, index }))
}

/// A nested mapping of shape `inner` with its references resolved, when one changes.
fn resolve_map(
    data: &Dataset,
    schema: &Schema,
    inner: usize,
    map: &MapValue,
    ctx: &mut RefCtx<'_>,
) -> Option<Value> {
    let mut changes = Vec::new();
    let locs = |j: usize| map.locs[j];
    let mut inner_set = |j: usize, v: Value| changes.push((j, v));
    resolve_shape(data, schema, inner, &map.values, &locs, ctx, &mut inner_set);
    if changes.is_empty() {
        return None;
    }
    let mut changed = map.clone();
    for (j, v) in changes {
        changed.values[j] = v;
    }
    Some(Value::Map(Arc::new(changed)))
}

/// The error of the field `field` at `loc`, which refers to `id` that collection `target` does
/// not hold.
fn dangling(
    schema: &Schema,
    target: usize,
    field: &str,
    id: &str,
    loc: DataLoc,
    ctx: &RefCtx<'_>,
) -> DataError {
    let target_name = &schema.collections[target].name;
    DataError {
        code: DataCode::DanglingRef,
        message: format!("`{field}` refers to `{id}`, which `{target_name}` does not hold"),
        path: ctx
            .files
            .get(loc.file as usize)
            .cloned()
            .unwrap_or_default(),
        loc,
        collection: Some(ctx.collection.to_string()),
        record: ctx.record.map(str::to_string),
    }
}
