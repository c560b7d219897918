//! Source files and locations in them, shared by every stage.
//!
//! A [`Loc`] is a byte span plus the file it lies in, so that any error or finding can be
//! rendered by miette with the offending text underlined, without carrying the file around.

use std::sync::Arc;

/// A named source text: a rule file or a data file.
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub text: Arc<str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
        })
    }

    /// The miette source of this file, for a diagnostic's `#[source_code]`.
    pub fn named(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(self.name.clone(), self.text.clone())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// A span of a source file.
#[derive(Debug, Clone)]
pub struct Loc {
    pub start: usize,
    pub end: usize,
    pub src: Arc<Source>,
}

impl Loc {
    pub fn new(start: usize, end: usize, src: &Arc<Source>) -> Loc {
        Loc {
            start,
            end,
            src: src.clone(),
        }
    }

    /// The text this location underlines.
    pub fn snippet(&self) -> &str {
        self.src.text.get(self.start..self.end).unwrap_or("")
    }

    pub fn span(&self) -> miette::SourceSpan {
        (self.start, self.end.saturating_sub(self.start)).into()
    }

    /// The smallest location covering both.
    pub fn join(&self, other: &Loc) -> Loc {
        Loc::new(
            self.start.min(other.start),
            self.end.max(other.end),
            &self.src,
        )
    }

    pub fn line(&self) -> usize {
        self.src.line_col(self.start).0
    }
}

impl From<&Loc> for miette::SourceSpan {
    fn from(loc: &Loc) -> Self {
        loc.span()
    }
}

/// An AST node: a value and where it was written. Equality ignores the location.
#[derive(Debug, Clone)]
pub struct Node<T> {
    pub node: T,
    pub loc: Loc,
}

impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T> Node<T> {
    pub fn new(node: T, loc: Loc) -> Node<T> {
        Node { node, loc }
    }
}

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
