//! YAML text to a tree of nodes with locations, on granit-parser's event stream.
//!
//! The tree keeps each scalar's text as written and whether it was plain, so that the
//! schema-driven loader can apply the data format's rules (YAML 1.2 core schema: `NO` is a
//! string, a quoted number is not a number). Aliases share the anchored node instead of copying
//! it; what they would expand to is counted against the budget, and so is the nesting depth.

use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle, Span};

use super::DataLoc;

/// Input budgets: beyond them a file is refused with `DATA-LIMIT`.
pub const MAX_DEPTH: usize = 64;
pub const MAX_ALIAS_NODES: u64 = 10_000_000;
pub const MAX_FILE_BYTES: u64 = 1 << 30;

pub struct Tree<'a> {
    pub nodes: Vec<YNode<'a>>,
    pub root: Option<u32>,
    /// The children of every list and mapping, each a run of this vector.
    children: Vec<u32>,
}

impl Tree<'_> {
    /// The items of a list.
    pub fn items(&self, start: u32, len: u32) -> &[u32] {
        self.children
            .get(start as usize..(start + len) as usize)
            .unwrap_or(&[])
    }

    /// The (key, value) pairs of a mapping.
    pub fn pairs(&self, start: u32, len: u32) -> &[[u32; 2]] {
        self.items(start, len).as_chunks::<2>().0
    }
}

/// 72 bytes (a test keeps it so): a large file has millions.
pub struct YNode<'a> {
    pub kind: YKind<'a>,
    pub loc: DataLoc,
    pub tag: Tag,
    /// Written as an alias (`*a`): the anchored node, standing where the alias is.
    pub alias: bool,
}

pub enum YKind<'a> {
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    /// A list: its items are `len` children from `start` ([`Tree::items`]).
    Seq {
        start: u32,
        len: u32,
    },
    /// A mapping: keys and values alternate ([`Tree::pairs`]).
    Map {
        start: u32,
        len: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    None,
    /// `!!str`: the scalar is a string whatever it looks like.
    Str,
    /// `!!null`.
    Null,
    Bool,
    Int,
    Float,
    Map,
    Seq,
    /// A tag outside the core schema, as written (boxed: a tag is then 16 bytes, not 24, on
    /// each of the million nodes of a large file: a `Box<str>` would be 16 bytes itself).
    #[allow(clippy::box_collection)]
    Custom(Box<String>),
}

impl Tag {
    /// Why this tag does not fit the node it stands on (YAML 1.2 core schema), if it does not.
    pub fn misfit(&self, kind: &YKind<'_>) -> Option<String> {
        let text = match kind {
            YKind::Scalar { text, .. } => Some(text.as_ref()),
            _ => None,
        };
        let fits = match (self, kind) {
            (Tag::None, _) => true,
            (Tag::Custom(t), _) => {
                return Some(format!("the tag `{t}` is not of the YAML core schema"));
            }
            (Tag::Map, YKind::Map { .. }) | (Tag::Seq, YKind::Seq { .. }) => true,
            (Tag::Str, YKind::Scalar { .. }) => true,
            (Tag::Null, _) => text.is_some_and(is_null_text),
            (Tag::Bool, _) => text.is_some_and(|t| {
                matches!(t, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
            }),
            (Tag::Int, _) => text.is_some_and(is_core_int),
            (Tag::Float, _) => text.is_some_and(|t| is_core_int(t) || is_core_float(t)),
            _ => false,
        };
        (!fits).then(|| match text {
            Some(t) => format!("`{t}` is not a value of the tag `{}`", self.name()),
            None => format!("the tag `{}` does not fit a list or a mapping", self.name()),
        })
    }

    fn name(&self) -> String {
        match self {
            Tag::None => String::new(),
            Tag::Str => "!!str".into(),
            Tag::Null => "!!null".into(),
            Tag::Bool => "!!bool".into(),
            Tag::Int => "!!int".into(),
            Tag::Float => "!!float".into(),
            Tag::Map => "!!map".into(),
            Tag::Seq => "!!seq".into(),
            Tag::Custom(t) => t.to_string(),
        }
    }
}

/// The texts that YAML 1.2's core schema reads as null.
pub fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// An integer of the core schema: `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
fn is_core_int(t: &str) -> bool {
    let digits = |s: &str, ok: fn(&u8) -> bool| !s.is_empty() && s.bytes().all(|b| ok(&b));
    if let Some(octal) = t.strip_prefix("0o") {
        return digits(octal, |b| (b'0'..=b'7').contains(b));
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return digits(hex, u8::is_ascii_hexdigit);
    }
    digits(t.strip_prefix(['-', '+']).unwrap_or(t), u8::is_ascii_digit)
}

/// A float of the core schema: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, infinities and
/// not-a-number.
fn is_core_float(t: &str) -> bool {
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(t, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok =
        all_digits(whole) && all_digits(frac) && !(whole.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| !e.is_empty() && all_digits(e));
    mantissa_ok && exponent_ok
}

/// Why a file could not be turned into a tree.
pub enum TreeError {
    Syntax(String, DataLoc),
    Limit(String, DataLoc),
    Shape(String, DataLoc),
}

struct Frame {
    anchor: usize,
    loc: DataLoc,
    is_map: bool,
    tag: Tag,
    /// Where its children start on the builder's stack of children.
    first_child: usize,
    size: u64,
}

/// What a [`Builder`] hands over as it goes when it streams ([`Sink::STREAM`]): a node whose
/// parent is the top-level mapping (a key, or a value that is not a list), the start of a list
/// that is such a value, with the number of its items when known, or one item of that list.
/// The tree given with it holds that node alone and is emptied afterwards.
pub(super) enum Streamed {
    Top(u32),
    List(usize),
    Item(u32),
}

/// Where a [`Builder`] hands over the nodes below the top-level mapping, one at a time.
pub(super) trait Sink<'a> {
    /// Whether to stream: otherwise the builder keeps the whole tree.
    const STREAM: bool;
    fn take(&mut self, tree: &Tree<'a>, node: Streamed);
}

/// The sink of a builder that keeps the whole tree.
pub(super) struct WholeTree;

impl<'a> Sink<'a> for WholeTree {
    const STREAM: bool = false;
    fn take(&mut self, _: &Tree<'a>, _: Streamed) {}
}

pub(super) struct Builder<'a, S = WholeTree> {
    file: u32,
    /// Children of the open lists and mappings, innermost last.
    pending: Vec<u32>,
    /// The nodes, and the children of the closed lists and mappings.
    tree: Tree<'a>,
    /// The anchored nodes by anchor, with the number of nodes each stands for (aliases
    /// expanded), which an alias to it adds to the budget.
    anchors: HashMap<usize, (u32, u64)>,
    stack: Vec<Frame>,
    documents: usize,
    alias_nodes: u64,
    sink: S,
    /// The number of items of the next list opened, when the reader knows it (streaming).
    pub(super) hint: usize,
}

fn depth_limit(loc: DataLoc) -> TreeError {
    TreeError::Limit(format!("nesting deeper than {MAX_DEPTH} levels"), loc)
}

/// Parses a data file with granit-parser's event stream.
pub fn parse_granit(text: &str, file: u32) -> Result<Tree<'_>, TreeError> {
    let mut b = Builder::new(file, text.len());
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    for item in Parser::new_from_str_with_options(text, options) {
        match item {
            Ok((event, span)) => b.event(event, span)?,
            Err(e) => {
                let m = e.marker();
                let loc = DataLoc::at(
                    file,
                    m.line(),
                    m.col() + 1,
                    m.byte_offset().unwrap_or(m.index()),
                );
                // granit's own nesting limit is deeper than garant's budget, but its scanner may
                // meet it before garant counts the levels: the same budget, the same code.
                if matches!(e.kind(), granit_parser::ErrorKind::RecursionLimitExceeded) {
                    return Err(depth_limit(loc));
                }
                return Err(TreeError::Syntax(e.info().to_string(), loc));
            }
        }
    }
    Ok(b.into_tree())
}

fn tag_of(tag: Option<Cow<'_, granit_parser::Tag>>) -> Tag {
    let Some(tag) = tag else { return Tag::None };
    match tag.core_suffix() {
        Some("str") => Tag::Str,
        Some("null") => Tag::Null,
        Some("bool") => Tag::Bool,
        Some("int") => Tag::Int,
        Some("float") => Tag::Float,
        Some("map") => Tag::Map,
        Some("seq") => Tag::Seq,
        _ => Tag::Custom(Box::new(tag.original())),
    }
}

impl<'a> Builder<'a> {
    pub(super) fn new(file: u32, text_len: usize) -> Builder<'a> {
        Builder::with_sink(file, text_len / 10, WholeTree)
    }
}

impl<'a, S: Sink<'a>> Builder<'a, S> {
    /// A builder room for `nodes` nodes to start with, handing nodes over to `sink`.
    pub(super) fn with_sink(file: u32, nodes: usize, sink: S) -> Builder<'a, S> {
        Builder {
            file,
            tree: Tree {
                nodes: Vec::with_capacity(nodes),
                root: None,
                children: Vec::with_capacity(nodes),
            },
            anchors: HashMap::new(),
            stack: Vec::new(),
            pending: Vec::new(),
            documents: 0,
            alias_nodes: 0,
            sink,
            hint: 0,
        }
    }

    pub(super) fn into_tree(self) -> Tree<'a> {
        self.tree
    }

    pub(super) fn into_sink(self) -> S {
        self.sink
    }

    /// A scalar without anchor or tag.
    pub(super) fn scalar(
        &mut self,
        text: &'a str,
        plain: bool,
        loc: DataLoc,
    ) -> Result<(), TreeError> {
        self.finish(
            YKind::Scalar {
                text: Cow::Borrowed(text),
                plain,
            },
            Tag::None,
            loc,
            0,
            1,
        )
    }

    /// Opens a mapping or a sequence without anchor or tag.
    pub(super) fn start(&mut self, loc: DataLoc, is_map: bool) -> Result<(), TreeError> {
        self.open(loc, 0, Tag::None, is_map)
    }

    fn loc(&self, span: &Span) -> DataLoc {
        let start = span.start;
        let byte = start.byte_offset().unwrap_or(start.index());
        let end = span.end.byte_offset().unwrap_or(span.end.index()).max(byte);
        DataLoc {
            file: self.file,
            line: start.line() as u32,
            col: start.col() as u32 + 1,
            start: byte as u32,
            end: end as u32,
        }
    }

    fn event(&mut self, event: Event<'a>, span: Span) -> Result<(), TreeError> {
        let loc = self.loc(&span);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(TreeError::Shape(
                        "a data file holds one YAML document".into(),
                        loc,
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                self.finish(YKind::Scalar { text, plain }, tag_of(tag), loc, anchor, 1)?;
            }
            Event::SequenceStart(_, anchor, tag) => self.open(loc, anchor, tag_of(tag), false)?,
            Event::MappingStart(_, anchor, tag) => self.open(loc, anchor, tag_of(tag), true)?,
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
            Event::Alias(id) => self.alias(id, loc)?,
            _ => {}
        }
        Ok(())
    }

    fn open(
        &mut self,
        loc: DataLoc,
        anchor: usize,
        tag: Tag,
        is_map: bool,
    ) -> Result<(), TreeError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(depth_limit(loc));
        }
        if self.streams_list(self.stack.len() + 1, is_map) {
            let items = std::mem::take(&mut self.hint);
            self.sink.take(&self.tree, Streamed::List(items));
        }
        self.stack.push(Frame {
            anchor,
            loc,
            is_map,
            tag,
            first_child: self.pending.len(),
            size: 1,
        });
        Ok(())
    }

    pub(super) fn close(&mut self) -> Result<(), TreeError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        if self.streams_list(self.stack.len() + 1, frame.is_map) {
            // Its items are handed over already.
            return Ok(());
        }
        let start = self.tree.children.len() as u32;
        self.tree
            .children
            .extend(self.pending.drain(frame.first_child..));
        let len = self.tree.children.len() as u32 - start;
        let kind = if frame.is_map {
            YKind::Map { start, len }
        } else {
            YKind::Seq { start, len }
        };
        self.finish(kind, frame.tag, frame.loc, frame.anchor, frame.size)
    }

    fn alias(&mut self, id: usize, loc: DataLoc) -> Result<(), TreeError> {
        let Some(&(target, size)) = self.anchors.get(&id) else {
            return Err(TreeError::Syntax(
                "an alias to an anchor that is not complete here".into(),
                loc,
            ));
        };
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(TreeError::Limit(
                format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                loc,
            ));
        }
        // A copy of the anchored node (its children shared) located at the alias, so that what
        // is reported on the aliased value points where it is used.
        let anchored = &self.tree.nodes[target as usize];
        let kind = match &anchored.kind {
            YKind::Scalar { text, plain } => YKind::Scalar {
                text: text.clone(),
                plain: *plain,
            },
            YKind::Seq { start, len } => YKind::Seq {
                start: *start,
                len: *len,
            },
            YKind::Map { start, len } => YKind::Map {
                start: *start,
                len: *len,
            },
        };
        let copy = YNode {
            kind,
            loc,
            tag: anchored.tag.clone(),
            alias: true,
        };
        let index = self.tree.nodes.len() as u32;
        self.tree.nodes.push(copy);
        self.attach(index, size);
        Ok(())
    }

    fn finish(
        &mut self,
        kind: YKind<'a>,
        tag: Tag,
        loc: DataLoc,
        anchor: usize,
        size: u64,
    ) -> Result<(), TreeError> {
        let index = self.tree.nodes.len() as u32;
        self.tree.nodes.push(YNode {
            kind,
            loc,
            tag,
            alias: false,
        });
        if anchor != 0 {
            self.anchors.insert(anchor, (index, size));
        }
        self.attach(index, size);
        Ok(())
    }

    /// Whether a list or mapping at `depth` (the top-level mapping at 1) is a list whose items
    /// the builder hands over one at a time.
    fn streams_list(&self, depth: usize, is_map: bool) -> bool {
        S::STREAM && depth == 2 && !is_map
    }

    fn attach(&mut self, index: u32, size: u64) {
        let streamed = match self.stack.len() {
            1 if S::STREAM => Some(Streamed::Top(index)),
            2 if self.streams_list(2, self.stack[1].is_map) => Some(Streamed::Item(index)),
            _ => None,
        };
        if let Some(node) = streamed {
            self.sink.take(&self.tree, node);
            // Nothing else is kept: the next node starts afresh, in the same room.
            self.tree.nodes.clear();
            self.tree.children.clear();
            return;
        }
        match self.stack.last_mut() {
            Some(parent) => {
                self.pending.push(index);
                parent.size = parent.size.saturating_add(size);
            }
            None => self.tree.root = Some(index),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nodes_stay_small() {
        let size = std::mem::size_of::<super::YNode<'_>>();
        assert!(size <= 72, "{size}");
    }
}
