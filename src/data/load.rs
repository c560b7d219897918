//! The schema-driven loader: YAML trees to records, with every data error of `cli.md`.
//!
//! A file in the fast reader's subset is loaded record by record as it is read
//! ([`RecordSink`]); any other is read whole by granit-parser, then loaded from its tree
//! ([`FileLoader::root`]). Both report the same records and errors, in the same order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{read_bytes, read_error};

use super::direct::Direct;
use super::fast;
use super::forms::{describe, scalar};
pub(super) use super::texts::Texts;
use super::yaml::{self, Sink, Streamed, Tag, Tree, TreeError, YKind};
use super::{Collection, DataCode, DataError, DataLoc};
use crate::check::ir::{FieldForm, Schema, Shape};
use crate::loc::Source;
use crate::suggest::did_you_mean;
use crate::value::{MapValue, Value};

/// What was read from one file.
#[derive(Default)]
pub(super) struct FileResult {
    /// The text, kept when an error was found in it (else read again when it is shown).
    pub source: Option<Arc<Source>>,
    /// Where to read it again.
    pub disk: Option<PathBuf>,
    pub sha256: Option<String>,
    /// The records read, one part per collection in the order the file gives them.
    pub parts: Vec<Part>,
    pub errors: Vec<DataError>,
}

/// The records of one collection read from one file, with their ids.
pub(super) struct Part {
    pub collection: usize,
    pub records: Collection,
    /// The id of each record as written, or none at all when each is the text of its record's
    /// id field (the direct path's, for an id of a text form: [`Part::id`]).
    pub ids: Vec<Option<Arc<str>>>,
}

impl Part {
    /// The id of record `k`.
    pub fn id(&self, k: usize, field: usize) -> Option<&str> {
        match self.ids.is_empty() {
            true => super::ids::id_of(&self.records, k as u32, field),
            false => self.ids[k].as_deref(),
        }
    }
}

/// The storage of parts already merged, handed back for the parts of the files read next: its
/// pages belong to the process already, so that filling them again costs no page fault (the
/// first write to fresh memory costs one per 4 KiB, a tenth of the time of loading).
#[derive(Default)]
pub(super) struct Spares(std::sync::Mutex<Vec<Part>>);

impl Spares {
    /// The most parts kept: each is memory held, and a reader takes one per file.
    const MOST: usize = 2;

    /// The storage of a part of collection `c`: never another's, which may be much larger, and
    /// become that of a collection (a collection takes its first part's storage).
    fn take(&self, c: usize) -> Option<Part> {
        let mut kept = self.0.lock().ok()?;
        let at = kept.iter().rposition(|p| p.collection == c)?;
        Some(kept.swap_remove(at))
    }

    /// Keeps the storage of the parts `spent`, the last file's, emptied, for the parts of the
    /// `files` still to be read (one each, at most [`Spares::MOST`] in all, the latest given):
    /// frees the rest, and the parts kept of other collections.
    pub(super) fn give(&self, spent: Vec<Part>, files: usize) {
        let Ok(mut kept) = self.0.lock() else { return };
        // Files come by folder, a folder usually of one collection: a part of a collection that
        // the last file did not hold is not likely to be asked for again.
        kept.retain(|k| spent.iter().any(|p| p.collection == k.collection));
        for mut part in spent {
            part.ids.clear();
            kept.push(part);
        }
        // The latest kept: the next files are likely of their collections.
        let over = kept.len().saturating_sub(files.min(Spares::MOST));
        kept.drain(..over);
    }
}

/// What a reader keeps from one file to the next: the texts it interned (so that a member
/// referred to in every file is one allocation), and the storage of the parts merged.
pub(super) struct Reuse<'s> {
    pub texts: Texts,
    pub spares: &'s Spares,
}

/// Loads the file found at `path`, with what the reader kept from the files before.
pub(super) fn read_file(
    found: &Path,
    path: &str,
    file: u32,
    schema: &Schema,
    reuse: &mut Reuse<'_>,
) -> FileResult {
    let mut result = FileResult::default();
    let bytes = match read_bytes(found) {
        Ok(b) => b,
        Err(e) => {
            result.errors.push(*e);
            return result;
        }
    };
    let mut result = read_text_by(path, bytes, file, schema, false, Ways::All, reuse);
    if result.source.is_none() {
        result.disk = Some(found.to_path_buf());
    }
    result
}

/// Loads the bytes of one file: the UTF-8 check, the YAML readers, the records. Its text is
/// kept as a [`Source`] when `keep` says so or an error was found in it.
pub(super) fn read_text(
    path: &str,
    bytes: Vec<u8>,
    file: u32,
    schema: &Schema,
    keep: bool,
) -> FileResult {
    let spares = Spares::default();
    let mut reuse = Reuse {
        texts: Texts::default(),
        spares: &spares,
    };
    read_text_by(path, bytes, file, schema, keep, Ways::All, &mut reuse)
}

/// The ways a text may be loaded: the direct path ([`Direct`]) first, then the tree of the fast
/// reader's nodes, then granit-parser's; or the trees alone, to compare the direct path with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ways {
    All,
    Trees,
}

/// [`read_text`], trying `ways`, with what the reader kept from the files before.
pub(super) fn read_text_by(
    path: &str,
    bytes: Vec<u8>,
    file: u32,
    schema: &Schema,
    keep: bool,
    ways: Ways,
    reuse: &mut Reuse<'_>,
) -> FileResult {
    let mut result = FileResult {
        sha256: Some(crate::hash::sha256_hex(&bytes)),
        ..FileResult::default()
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (error, source) = not_utf8(path, file, &e);
            result.errors.push(error);
            result.source = Some(source);
            return result;
        }
    };
    load_text(&text, (path, file), schema, (ways, reuse), &mut result);
    if keep || !result.errors.is_empty() {
        result.source = Some(Source::new(path, text));
    }
    result
}

/// The error of a file that is not UTF-8, and its text as shown (U+FFFD for the bad bytes).
fn not_utf8(path: &str, file: u32, e: &std::string::FromUtf8Error) -> (DataError, Arc<Source>) {
    let valid = e.utf8_error().valid_up_to();
    let source = Source::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
    let (line, col) = source.line_col(valid);
    let mut err = read_error(path, format!("the file is not UTF-8 (byte {valid})"));
    // The bytes before the first bad one are unchanged in the lossy text: show that line.
    let bad = (source.text.get(valid..))
        .and_then(|t| t.chars().next())
        .map_or(0, char::len_utf8);
    err.loc = DataLoc {
        end: (valid + bad) as u32,
        ..DataLoc::at(file, line, col, valid)
    };
    (err, source)
}

/// Loads the records of `text` into `result`, and its errors: directly when nothing is to be
/// reported, else from the fast reader's nodes, else from granit-parser's tree.
fn load_text(
    text: &str,
    (path, file): (&str, u32),
    schema: &Schema,
    (ways, reuse): (Ways, &mut Reuse<'_>),
    result: &mut FileResult,
) {
    let texts = &mut reuse.texts;
    if ways == Ways::All
        && let Some(direct) = fast::read(text, file, Direct::new(schema, texts, reuse.spares))
    {
        result.parts = direct.parts;
        return;
    }
    let records = RecordSink {
        schema,
        path,
        out: FileResult::default(),
        texts,
        seen: HashSet::new(),
        key: None,
        list: None,
    };
    match fast::stream(text, file, records) {
        Some(records) => {
            result.parts = records.out.parts;
            result.errors = records.out.errors;
        }
        // Outside the fast reader's subset: the whole tree, from granit-parser.
        None => match yaml::parse_granit(text, file) {
            Ok(tree) => FileLoader {
                schema,
                path,
                tree: &tree,
                out: result,
                texts,
            }
            .root(),
            Err(e) => result.errors.push(tree_error(path, e)),
        },
    }
}

fn tree_error(path: &str, e: TreeError) -> DataError {
    let (code, message, loc) = match e {
        TreeError::Syntax(m, l) => (DataCode::Syntax, m, l),
        TreeError::Limit(m, l) => (DataCode::Limit, m, l),
        TreeError::Shape(m, l) => (DataCode::Shape, m, l),
    };
    DataError {
        code,
        message,
        path: path.to_string(),
        loc,
        collection: None,
        record: None,
    }
}

/// The record an error lies in, for its `collection` and `record`.
#[derive(Clone, Copy)]
struct Ctx<'c> {
    collection: Option<&'c str>,
    record: Option<&'c str>,
}

impl Ctx<'_> {
    const NONE: Ctx<'static> = Ctx {
        collection: None,
        record: None,
    };
}

/// The values of one mapping as read, and where each stands: on the stack for a record.
type Values = smallvec::SmallVec<[Value; 16]>;
type Locs = smallvec::SmallVec<[DataLoc; 16]>;

struct FileLoader<'a, 't> {
    schema: &'a Schema,
    path: &'a str,
    tree: &'a Tree<'t>,
    out: &'a mut FileResult,
    texts: &'a mut Texts,
}

/// The loader fed by the fast reader one node at a time ([`Streamed`]): the keys and values of
/// the top-level mapping, and one by one the records of the lists there, each alone in its
/// tree. It reports what [`FileLoader::root`] would on the whole tree, in the same order.
struct RecordSink<'a> {
    schema: &'a Schema,
    path: &'a str,
    out: FileResult,
    texts: &'a mut Texts,
    /// The collection names met.
    seen: HashSet<String>,
    /// After a key of the top-level mapping, until its value: the collection it names, if any.
    key: Option<Option<usize>>,
    /// The list being read: its collection and the context of its records.
    list: Option<(usize, Ctx<'a>)>,
}

impl<'t> Sink<'t> for RecordSink<'_> {
    const STREAM: bool = true;

    fn take(&mut self, tree: &Tree<'t>, node: Streamed) {
        let mut loader = FileLoader {
            schema: self.schema,
            path: self.path,
            tree,
            out: &mut self.out,
            texts: self.texts,
        };
        match node {
            Streamed::Top(i) => match self.key.take() {
                None => {
                    self.list = None;
                    self.key = Some(loader.collection_key(i, &mut self.seen, &Ctx::NONE));
                }
                Some(Some(c)) => loader.collection(c, i),
                Some(None) => {}
            },
            Streamed::List(items) => {
                self.list = match self.key.take() {
                    Some(Some(c)) => {
                        loader.part(c, items);
                        Some((c, collection_ctx(self.schema, c)))
                    }
                    _ => None,
                };
            }
            Streamed::Item(i) => {
                if let Some((c, ctx)) = &self.list {
                    loader.record(*c, i, ctx);
                }
            }
        }
    }
}

/// The context of the records of collection `c`.
fn collection_ctx(schema: &Schema, c: usize) -> Ctx<'_> {
    Ctx {
        collection: Some(schema.collections[c].name.as_str()),
        record: None,
    }
}

/// "; did you mean `...`?" after an error about the unknown `name`, when a candidate is close.
fn did_you_mean_note<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// The part of collection `c` that a list of `items` records fills, sized once (no spare
/// capacity left behind by growing), in the storage of a part of `spares` if there is one.
pub(super) fn new_part(schema: &Schema, c: usize, items: usize, spares: &Spares) -> Part {
    let width = schema.shapes[schema.collections[c].shape].fields.len();
    let mut part = spares.take(c).unwrap_or_else(|| Part {
        collection: c,
        records: Collection::new(width),
        ids: Vec::new(),
    });
    part.records.empty(width);
    part.records.reserve(items);
    part
}

/// A record's id, shared with its value `values[field]` when that is the id's text.
pub(super) fn shared_id(values: &[Value], field: usize, id: Option<&str>) -> Option<Arc<str>> {
    id.map(|id| match &values[field] {
        Value::Text(t) if **t == *id => t.clone(),
        _ => Arc::from(id),
    })
}

/// When the period `in_force` (the fields of its start and end) of a record ends on or before
/// its start: the error's message and the field it stands on.
pub(super) fn period_problem(
    in_force: Option<(usize, usize)>,
    values: &[Value],
) -> Option<(String, usize)> {
    let (from, to) = in_force?;
    let (Value::Date(f), Value::Date(t)) = (&values[from], &values[to]) else {
        return None;
    };
    (t <= f).then(|| {
        (
            format!("the period ends on {t}, not after its start {f}"),
            to,
        )
    })
}

/// Whether a scalar is null: tagged `!!null` (its text then checked to fit), or plain and
/// written as null.
pub(super) fn is_null(text: &str, plain: bool, tag: &Tag) -> bool {
    *tag == Tag::Null || (plain && *tag == Tag::None && yaml::is_null_text(text))
}

impl<'a, 't> FileLoader<'a, 't> {
    fn error(&mut self, code: DataCode, message: String, loc: DataLoc, ctx: &Ctx<'_>) {
        self.out.errors.push(DataError {
            code,
            message,
            path: self.path.to_string(),
            loc,
            collection: ctx.collection.map(str::to_string),
            record: ctx.record.map(str::to_string),
        });
    }

    fn node(&self, i: u32) -> &'a yaml::YNode<'t> {
        &self.tree.nodes[i as usize]
    }

    /// Reports a tag on node `i` that is outside the core schema or does not fit the node (a
    /// `!!null` on a date, an `!!int` on a word); true when there was one.
    fn bad_tag(&mut self, i: u32, ctx: &Ctx<'_>) -> bool {
        let node = self.node(i);
        let Some(message) = node.tag.misfit(&node.kind) else {
            return false;
        };
        self.error(DataCode::InvalidValue, message, node.loc, ctx);
        true
    }

    fn scalar(&self, i: u32) -> Option<&'a str> {
        match &self.node(i).kind {
            YKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    fn node_is_null(&self, i: u32) -> bool {
        let node = self.node(i);
        matches!(&node.kind, YKind::Scalar { text, plain } if is_null(text, *plain, &node.tag))
    }

    fn root(&mut self) {
        let none = Ctx::NONE;
        let Some(root) = self.tree.root else { return };
        if self.bad_tag(root, &none) || self.node_is_null(root) {
            return;
        }
        let YKind::Map { start, len } = self.node(root).kind else {
            let loc = self.node(root).loc;
            return self.error(
                DataCode::Shape,
                "the top level is a mapping of collection names to lists".into(),
                loc,
                &none,
            );
        };
        let mut seen = HashSet::new();
        for &[k, v] in self.tree.pairs(start, len) {
            if let Some(c) = self.collection_key(k, &mut seen, &none) {
                self.collection(c, v);
            }
        }
    }

    /// The collection a top-level key names, or `None` once its error is reported (a tag, not a
    /// text, seen before in `seen`, unknown).
    fn collection_key(
        &mut self,
        k: u32,
        seen: &mut HashSet<String>,
        none: &Ctx<'_>,
    ) -> Option<usize> {
        let key_loc = self.node(k).loc;
        if self.bad_tag(k, none) {
            return None;
        }
        let Some(key) = self.scalar(k).map(str::to_string) else {
            let message = "a collection name is a plain text".into();
            self.error(DataCode::Shape, message, key_loc, none);
            return None;
        };
        if !seen.insert(key.clone()) {
            let message = format!("the collection `{key}` appears twice in this mapping");
            self.error(DataCode::DuplicateKey, message, key_loc, none);
            return None;
        }
        let collections = &self.schema.collections;
        let found = collections.iter().position(|c| c.name == key);
        if found.is_none() {
            let help = did_you_mean_note(&key, collections.iter().map(|c| c.name.as_str()));
            let message = format!("unknown collection `{key}`{help}");
            self.error(DataCode::UnknownCollection, message, key_loc, none);
        }
        found
    }

    fn collection(&mut self, c: usize, list: u32) {
        let ctx = collection_ctx(self.schema, c);
        if self.bad_tag(list, &ctx) || self.node_is_null(list) {
            return;
        }
        let YKind::Seq { start, len } = self.node(list).kind else {
            let loc = self.node(list).loc;
            return self.error(
                DataCode::Shape,
                "a collection is a list of records".into(),
                loc,
                &ctx,
            );
        };
        let items = self.tree.items(start, len);
        self.part(c, items.len());
        for &item in items {
            self.record(c, item, &ctx);
        }
    }

    /// Starts the part of collection `c` that a list of `items` records fills.
    fn part(&mut self, c: usize, items: usize) {
        let mut part = new_part(self.schema, c, items, &Spares::default());
        super::store::reserve_apart(&mut part.ids, items);
        self.out.parts.push(part);
    }

    fn record(&mut self, c: usize, node: u32, ctx: &Ctx<'_>) {
        let loc = self.node(node).loc;
        let YKind::Map { start, len } = self.node(node).kind else {
            return self.error(
                DataCode::Shape,
                "a record is a mapping of fields".into(),
                loc,
                ctx,
            );
        };
        let entries = self.tree.pairs(start, len);
        let id = entries
            .iter()
            .find(|[k, _]| self.scalar(*k) == Some("id"))
            .filter(|[_, v]| !self.node_is_null(*v))
            .and_then(|[_, v]| self.scalar(*v));
        let ctx = Ctx {
            collection: ctx.collection,
            record: id,
        };
        if self.bad_tag(node, &ctx) {
            return;
        }
        let schema = &self.schema.collections[c];
        // Ids are not interned: each is read once in its file.
        let (values, mut locs) =
            self.shape(schema.shape, entries, loc, &ctx, Some(schema.id_field));
        let id = shared_id(&values, schema.id_field, id);
        if self.node(node).alias {
            // A record written as an alias is reported where the alias stands.
            locs.fill(loc);
        }
        if let Some((message, to)) = period_problem(schema.in_force, &values) {
            self.error(DataCode::InvalidValue, message, locs[to], &ctx);
        }
        if let Some(part) = self.out.parts.last_mut() {
            part.records.push(values, locs, loc);
            part.ids.push(id);
        }
    }

    /// The values of a mapping of the fields of `shape`, and where each stands (`loc`, the
    /// mapping's, for those not given), every error in them reported. The text of field `own`
    /// (a record's id, read once in its file) is not interned.
    fn shape(
        &mut self,
        shape: usize,
        entries: &[[u32; 2]],
        loc: DataLoc,
        ctx: &Ctx<'_>,
        own: Option<usize>,
    ) -> (Values, Locs) {
        let n = self.schema.shapes[shape].fields.len();
        // Made in place: `smallvec!` would clone a value n times.
        let mut values: Values = (0..n).map(|_| Value::Absent).collect();
        let mut locs: Locs = smallvec::smallvec![loc; n];
        let mut small = [Seen::No; 16];
        let mut large = Vec::new();
        let state: &mut [Seen] = if n <= small.len() {
            &mut small[..n]
        } else {
            large.resize(n, Seen::No);
            &mut large
        };
        let mut unknown: HashSet<&str> = HashSet::new();
        for &[k, v] in entries {
            let Some((i, key)) = self.field_key(shape, k, state, &mut unknown, ctx) else {
                continue;
            };
            locs[i] = self.node(v).loc;
            let form = &self.schema.shapes[shape].fields[i].form;
            state[i] = match self.value(form, v, key, ctx, own == Some(i)) {
                Ok(Value::Absent) => Seen::Null,
                Ok(value) => {
                    values[i] = value;
                    Seen::Value
                }
                Err(()) => Seen::Invalid,
            };
        }
        let read = Fields {
            values: &values,
            locs: &locs,
            state,
            loc,
        };
        self.presence(shape, &read, ctx);
        (values, locs)
    }

    /// The field of `shape` the key `k` names, with its name, or `None` once its error is
    /// reported (a tag, not a text, seen before, unknown: then added to `unknown`).
    fn field_key(
        &mut self,
        shape: usize,
        k: u32,
        state: &[Seen],
        unknown: &mut HashSet<&'a str>,
        ctx: &Ctx<'_>,
    ) -> Option<(usize, &'a str)> {
        let key_loc = self.node(k).loc;
        if self.bad_tag(k, ctx) {
            return None;
        }
        let Some(key) = self.scalar(k) else {
            let message = "a field name is a plain text".into();
            self.error(DataCode::Shape, message, key_loc, ctx);
            return None;
        };
        let fields = &self.schema.shapes[shape];
        let known = fields.field(key);
        let repeated = match known {
            Some(i) => state[i] != Seen::No,
            None => unknown.contains(key),
        };
        if repeated {
            let message = format!("the field `{key}` appears twice in this mapping");
            self.error(DataCode::DuplicateKey, message, key_loc, ctx);
            return None;
        }
        if known.is_none() {
            unknown.insert(key);
            let help = did_you_mean_note(key, fields.fields.iter().map(|f| f.name.as_str()));
            let message = format!("unknown field `{key}`{help}");
            self.error(DataCode::UnknownField, message, key_loc, ctx);
        }
        known.map(|i| (i, key))
    }

    /// Reports the fields of `shape` missing while required, or given while forbidden.
    fn presence(&mut self, shape: usize, read: &Fields<'_>, ctx: &Ctx<'_>) {
        let s = &self.schema.shapes[shape];
        for (code, message, at) in read.problems(s) {
            self.error(code, message, at, ctx);
        }
    }

    /// A field's value; `Absent` for null; `Err` once an error is reported. Its text is
    /// interned unless it is `own`.
    fn value(
        &mut self,
        form: &FieldForm,
        node: u32,
        field: &str,
        ctx: &Ctx<'_>,
        own: bool,
    ) -> Result<Value, ()> {
        let loc = self.node(node).loc;
        if self.bad_tag(node, ctx) {
            return Err(());
        }
        if self.node_is_null(node) {
            return Ok(Value::Absent);
        }
        let n = self.node(node);
        let found = match (&n.kind, form) {
            (YKind::Map { start, len }, FieldForm::Mapping(shape)) => {
                let entries = self.tree.pairs(*start, *len);
                let (values, locs) = self.shape(*shape, entries, loc, ctx, None);
                let (values, locs) = (values.into_vec(), locs.into_vec());
                return Ok(Value::Map(Arc::new(MapValue { values, locs })));
            }
            (YKind::Scalar { text, plain }, _) if !matches!(form, FieldForm::Mapping(_)) => {
                let plain = *plain && n.tag != Tag::Str;
                let found = if own {
                    scalar(form, text, plain, &mut |t| Arc::from(t))
                } else {
                    scalar(form, text, plain, &mut |t| self.texts.intern(t, None))
                };
                match found {
                    Ok(v) => return Ok(v),
                    Err(why) => format!("`{field}`: {why}"),
                }
            }
            (YKind::Scalar { .. }, _) => {
                format!("`{field}` should be a mapping of fields, not a single value")
            }
            (YKind::Seq { .. }, _) => format!("`{field}` should be {}, not a list", describe(form)),
            (YKind::Map { .. }, _) => {
                format!("`{field}` should be {}, not a mapping", describe(form))
            }
        };
        self.error(DataCode::InvalidValue, found, loc, ctx);
        Err(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Seen {
    No,
    Null,
    Value,
    Invalid,
}

/// The fields of one mapping as read: their values, where each stands, what was seen of each.
pub(super) struct Fields<'v> {
    pub values: &'v [Value],
    pub locs: &'v [DataLoc],
    pub state: &'v [Seen],
    /// Where the mapping stands: a field not given is missing there.
    pub loc: DataLoc,
}

/// An error found in a mapping, before it is reported: its code, message and place.
type Problem = (DataCode, String, DataLoc);

impl Fields<'_> {
    /// Every field of `s` missing while required or given while forbidden, in field order, then
    /// every pair of which exactly one is not given.
    pub(super) fn problems<'s>(&'s self, s: &'s Shape) -> impl Iterator<Item = Problem> + 's {
        let fields = (0..s.fields.len()).filter_map(|i| self.field_problem(s, i));
        let pairs = (s.exactly_one.iter()).filter_map(|&(a, b)| self.exactly_one_problem(s, a, b));
        fields.chain(pairs)
    }

    /// Field `i` of `s` missing while required, or given while forbidden.
    fn field_problem(&self, s: &Shape, i: usize) -> Option<Problem> {
        let f = &s.fields[i];
        if let Some((j, wanted)) = &f.required_when {
            return self.condition_problem(s, i, *j, wanted);
        }
        let missing = !f.optional && self.state[i] != Seen::Value && self.state[i] != Seen::Invalid;
        missing.then(|| {
            let message = format!("missing field `{}`", f.name);
            (DataCode::MissingField, message, self.missing_loc(i))
        })
    }

    /// Field `i` of `s`, required when field `j` is `wanted`, missing while it is or given
    /// while it is not (when forbidden otherwise); nothing is said while `j` is invalid.
    fn condition_problem(&self, s: &Shape, i: usize, j: usize, wanted: &str) -> Option<Problem> {
        if self.state[j] == Seen::Invalid {
            return None;
        }
        let (f, other) = (&s.fields[i], &s.fields[j].name);
        let present = self.state[i] == Seen::Value;
        let holds = matches!(&self.values[j], Value::Text(t) if **t == *wanted);
        if holds && !present && self.state[i] != Seen::Invalid {
            let message = format!(
                "missing field `{}`, required when `{other}` is `{wanted}`",
                f.name
            );
            Some((DataCode::MissingField, message, self.missing_loc(i)))
        } else if !holds && present && f.forbidden_otherwise {
            let message = format!(
                "the field `{}` is allowed only when `{other}` is `{wanted}`",
                f.name
            );
            Some((DataCode::ForbiddenField, message, self.locs[i]))
        } else {
            None
        }
    }

    /// Fields `a` and `b` of `s`, of which exactly one is given, both given or neither.
    fn exactly_one_problem(&self, s: &Shape, a: usize, b: usize) -> Option<Problem> {
        let (na, nb) = (&s.fields[a].name, &s.fields[b].name);
        match (self.state[a], self.state[b]) {
            (Seen::Value, Seen::Value) => Some((
                DataCode::ForbiddenField,
                format!("`{na}` and `{nb}` are both given; exactly one of them is allowed"),
                self.locs[b],
            )),
            (Seen::Invalid, _) | (_, Seen::Invalid) | (Seen::Value, _) | (_, Seen::Value) => None,
            _ => Some((
                DataCode::MissingField,
                format!("exactly one of `{na}` and `{nb}` is required"),
                self.loc,
            )),
        }
    }

    /// Where field `i` is missing: where it is written null, else where the mapping stands.
    fn missing_loc(&self, i: usize) -> DataLoc {
        if self.state[i] == Seen::Null {
            self.locs[i]
        } else {
            self.loc
        }
    }
}
