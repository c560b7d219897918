//! The loader's direct path: the records of a clean file built straight from the fast reader's
//! nodes, with no tree.
//!
//! Most data files have nothing to report. For them, building a tree of each record and walking
//! it again ([`super::load`]) costs more than reading the text. [`Direct`] takes the fast
//! reader's nodes as they come ([`super::fast::Nodes`]) and fills each record's values as its
//! fields are read. At the first thing the loader would report it gives up, and the file is
//! loaded again by the tree path, which reports it: an unknown or repeated collection or field,
//! a value not of its form, a field missing or forbidden, a period ending before it starts, a
//! list or a mapping where the schema has none.
//!
//! So where it does not give up, it gives the tree path's records, ids and locations, and no
//! error: [`super::differential::compare_loaders`] checks this, on every data file of the
//! repository and thousands of mutations of them (`tests/loader_differential.rs`), and under the
//! `data` fuzz target.

use super::DataLoc;
use super::fast::Nodes;
use super::forms::scalar_into;
use super::load::{
    Fields, Part, Seen, Spares, Texts, is_null, new_part, period_problem, shared_id,
};
use super::texts::Stream;
use super::yaml::{MAX_DEPTH, Tag};
use crate::check::ir::{FieldForm, Schema};
use crate::value::{MapValue, Value};
use std::sync::Arc;

/// Builds the records of one file from the fast reader's nodes.
pub(super) struct Direct<'s, 't> {
    schema: &'s Schema,
    texts: &'s mut Texts,
    /// Where its parts are made.
    spares: &'s Spares,
    pub parts: Vec<Part>,
    /// The collections named so far.
    seen: Vec<bool>,
    /// The lists and mappings open: 1 in the top-level mapping, 2 in a collection's list, 3 in
    /// one of its records, more in the mappings of a record.
    depth: usize,
    /// In the top-level mapping, after a key: the collection it names, until its value.
    named: Option<usize>,
    /// The length of the next list, from the reader.
    items: usize,
    /// The record, then its nested mappings, open (`open` of them): kept between records, so
    /// that their room is reused.
    maps: Vec<Mapping<'t>>,
    open: usize,
}

/// A record or a nested mapping being read.
#[derive(Default)]
struct Mapping<'t> {
    shape: usize,
    /// Where it stands.
    loc: DataLoc,
    values: Vec<Value>,
    locs: Vec<DataLoc>,
    state: Vec<Seen>,
    /// After a key: the field it names, until its value ends.
    field: Option<usize>,
    /// The field whose text is not interned (a record's id, read once in its file).
    own: Option<usize>,
    /// A record's `id` as written.
    id: Option<&'t str>,
}

impl<'t> Mapping<'t> {
    /// Starts a mapping of `shape`, of `width` fields, standing at `loc`.
    fn begin(&mut self, shape: usize, width: usize, loc: DataLoc, own: Option<usize>) {
        self.shape = shape;
        self.loc = loc;
        self.values.clear();
        self.values.resize_with(width, || Value::Absent);
        self.locs.clear();
        self.locs.resize(width, loc);
        self.state.clear();
        self.state.resize(width, Seen::No);
        (self.field, self.own, self.id) = (None, own, None);
    }

    fn fields(&self) -> Fields<'_> {
        Fields {
            values: &self.values,
            locs: &self.locs,
            state: &self.state,
            loc: self.loc,
        }
    }
}

impl<'s, 't> Direct<'s, 't> {
    pub(super) fn new(
        schema: &'s Schema,
        texts: &'s mut Texts,
        spares: &'s Spares,
    ) -> Direct<'s, 't> {
        Direct {
            schema,
            texts,
            spares,
            parts: Vec::new(),
            seen: vec![false; schema.collections.len()],
            depth: 0,
            named: None,
            items: 0,
            maps: Vec::new(),
            open: 0,
        }
    }

    /// A key of the top-level mapping: the collection it names, not named before.
    fn collection_key(&mut self, key: &str) -> Option<()> {
        let c = (self.schema.collections.iter()).position(|c| c.name == key)?;
        if std::mem::replace(&mut self.seen[c], true) {
            return None;
        }
        self.named = Some(c);
        Some(())
    }

    /// The innermost mapping open.
    fn map(&mut self) -> Option<&mut Mapping<'t>> {
        self.maps.get_mut(self.open.checked_sub(1)?)
    }

    /// Whether a key comes next in the innermost mapping.
    fn key_next(&self) -> bool {
        let innermost = self.open.checked_sub(1).and_then(|m| self.maps.get(m));
        innermost.is_some_and(|m| m.field.is_none())
    }

    /// Opens a mapping of `shape`: a record (with its id field `own`) or a nested mapping.
    fn begin(&mut self, shape: usize, loc: DataLoc, own: Option<usize>) {
        if self.maps.len() == self.open {
            self.maps.push(Mapping::default());
        }
        let width = self.schema.shapes[shape].fields.len();
        self.maps[self.open].begin(shape, width, loc, own);
        self.open += 1;
    }

    /// A key in the innermost mapping: a field of its shape, not given before.
    fn field_key(&mut self, key: &'t str) -> Option<()> {
        let schema = self.schema;
        let m = self.map()?;
        let i = schema.shapes[m.shape].field(key)?;
        if m.state[i] != Seen::No {
            return None;
        }
        m.field = Some(i);
        Some(())
    }

    /// A scalar value of the innermost mapping's field, read as its form says.
    fn field_scalar(&mut self, text: &'t str, plain: bool, loc: DataLoc) -> Option<()> {
        let (schema, texts, record) = (self.schema, &mut *self.texts, self.open == 1);
        let m = self.maps.get_mut(self.open.checked_sub(1)?)?;
        let i = m.field.take()?;
        m.locs[i] = loc;
        let form = &schema.shapes[m.shape].fields[i].form;
        let null = is_null(text, plain, &Tag::None);
        if record && m.own.is_some() && schema.shapes[m.shape].fields[i].name == "id" {
            m.id = (!null).then_some(text);
        }
        if null {
            m.state[i] = Seen::Null;
            return Some(());
        }
        if matches!(form, FieldForm::Mapping(_)) {
            return None;
        }
        let out = &mut m.values[i];
        if m.own == Some(i) {
            scalar_into(form, text, plain, &mut |t| Arc::from(t), out).ok()?;
        } else {
            let stream = Some(Stream {
                shape: m.shape,
                field: i,
            });
            scalar_into(form, text, plain, &mut |t| texts.intern(t, stream), out).ok()?;
        }
        m.state[i] = if out.is_absent() {
            Seen::Null
        } else {
            Seen::Value
        };
        Some(())
    }

    /// A mapping as the value of the innermost mapping's field, whose form is a mapping.
    fn nested(&mut self, loc: DataLoc) -> Option<()> {
        let schema = self.schema;
        let m = self.map()?;
        let i = m.field?;
        let FieldForm::Mapping(inner) = schema.shapes[m.shape].fields[i].form else {
            return None;
        };
        m.locs[i] = loc;
        self.begin(inner, loc, None);
        Some(())
    }

    /// Whether the innermost mapping has no field missing or forbidden.
    fn complete(&self) -> Option<()> {
        let m = self.maps.get(self.open.checked_sub(1)?)?;
        let shape = &self.schema.shapes[m.shape];
        m.fields().problems(shape).next().is_none().then_some(())
    }

    /// Closes the innermost mapping, a nested one: its value goes to its parent's field.
    fn close_nested(&mut self) -> Option<()> {
        self.complete()?;
        self.open -= 1;
        let m = &mut self.maps[self.open];
        let map = MapValue {
            values: m.values.drain(..).collect(),
            locs: m.locs.drain(..).collect(),
        };
        let parent = self.map()?;
        let i = parent.field.take()?;
        parent.values[i] = Value::Map(Arc::new(map));
        parent.state[i] = Seen::Value;
        Some(())
    }

    /// Closes a record: it joins the last part.
    fn close_record(&mut self) -> Option<()> {
        self.complete()?;
        self.open -= 1;
        let m = &mut self.maps[self.open];
        let part = self.parts.last_mut()?;
        let schema = &self.schema.collections[part.collection];
        if period_problem(schema.in_force, &m.values).is_some() {
            return None;
        }
        if !own_ids(self.schema, part.collection) {
            part.ids.push(shared_id(&m.values, schema.id_field, m.id));
        }
        part.records
            .push(m.values.drain(..), m.locs.drain(..), m.loc);
        Some(())
    }
}

/// Whether the id of a record of collection `c` is the text of its id field, which a text, a
/// code or one of a list of values keeps as written: its part then holds no ids ([`Part::id`]).
fn own_ids(schema: &Schema, c: usize) -> bool {
    let collection = &schema.collections[c];
    let form = &schema.shapes[collection.shape].fields[collection.id_field].form;
    matches!(
        form,
        FieldForm::Text | FieldForm::Code(_) | FieldForm::Enum(_)
    )
}

impl<'t> Nodes<'t> for Direct<'_, 't> {
    const COUNTS: bool = true;

    fn scalar(&mut self, text: &'t str, plain: bool, loc: DataLoc) -> Option<()> {
        match self.depth {
            1 => match self.named.take() {
                None => self.collection_key(text),
                // A collection written null holds nothing.
                Some(_) => is_null(text, plain, &Tag::None).then_some(()),
            },
            3.. if self.key_next() => self.field_key(text),
            3.. => self.field_scalar(text, plain, loc),
            _ => None,
        }
    }

    fn start(&mut self, loc: DataLoc, is_map: bool) -> Option<()> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        match (self.depth, is_map) {
            (0, true) => {}
            (1, false) => {
                let c = self.named.take()?;
                let items = std::mem::take(&mut self.items);
                let mut part = new_part(self.schema, c, items, self.spares);
                if !own_ids(self.schema, c) {
                    super::store::reserve_apart(&mut part.ids, items);
                }
                self.parts.push(part);
            }
            (2, true) => {
                let c = self.parts.last()?.collection;
                let collection = &self.schema.collections[c];
                self.begin(collection.shape, loc, Some(collection.id_field));
            }
            (3.., true) => self.nested(loc)?,
            _ => return None,
        }
        self.depth += 1;
        Some(())
    }

    fn close(&mut self) -> Option<()> {
        match self.depth {
            4.. => self.close_nested()?,
            3 => self.close_record()?,
            _ => {}
        }
        self.depth = self.depth.checked_sub(1)?;
        Some(())
    }

    fn items(&mut self, items: usize) {
        self.items = items;
    }
}
