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
    /// Where each line starts, built on first use: finding the lines around a span then costs
    /// a binary search, not a scan from the top of the file.
    lines: std::sync::OnceLock<Vec<usize>>,
    /// The number of lines before this text in the file it was cut from (an excerpt).
    pub first_line: usize,
    /// Whether the text holds a control character other than a line break or a tab.
    controls: std::sync::OnceLock<bool>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
            first_line: 0,
            controls: std::sync::OnceLock::new(),
        })
    }

    /// A piece of a file, starting on line `first_line` (0-based) of it.
    pub fn excerpt(name: impl Into<String>, text: String, first_line: usize) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
            first_line,
            controls: std::sync::OnceLock::new(),
        })
    }

    /// The miette source of this file, for a diagnostic's `#[source_code]`.
    pub fn named(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(self.name.clone(), self.text.clone())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let line_start = self.line_starts()[line];
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line + 1, column)
    }

    /// The byte offsets where lines start, a line ending at `\n`, `\r\n` or a lone `\r`, as
    /// miette counts them.
    pub fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
                if b == b'\n' || lone_cr {
                    starts.push(i + 1);
                }
            }
            starts
        })
    }

    /// Whether the text holds a control character other than a line break or a tab (computed
    /// once): such a text is escaped before it is shown on a terminal.
    pub fn has_controls(&self) -> bool {
        *self.controls.get_or_init(|| {
            self.text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        })
    }

    /// The 0-based line that byte `offset` lies on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
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
