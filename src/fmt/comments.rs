//! The comments of a rule file, which the grammar skips: found in the text outside quoted texts,
//! and the key that proves a formatting kept each of them between the same two words.

use std::ops::Range;

use pest::Parser as _;

use crate::syntax::{Grammar, Rule};

/// A `#` comment of the source.
#[derive(Debug, Clone)]
pub struct Comment {
    pub start: usize,
    /// The comment, from `#`, without the spaces at its end.
    pub text: String,
    /// Whether it is alone on its line (only spaces before it).
    pub own_line: bool,
    /// Whether an empty line comes right before it.
    pub blank_before: bool,
}

/// The byte ranges of the quoted texts and messages of `text` (outermost only), which a `#`
/// inside belongs to; `None` when the text does not parse.
pub fn quoted_ranges(text: &str) -> Option<Vec<Range<usize>>> {
    let pairs = Grammar::parse(Rule::file, text).ok()?;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for p in pairs.flatten() {
        if matches!(p.as_rule(), Rule::string | Rule::template) {
            let r = p.as_span().start()..p.as_span().end();
            if ranges.last().is_none_or(|last| r.start >= last.end) {
                ranges.push(r);
            }
        }
    }
    Some(ranges)
}

/// The pieces of a text outside its quoted texts: words and comments.
enum Piece<'a> {
    Quoted(&'a str),
    Comment(usize, &'a str),
    Char(char),
}

/// Walks `text`, calling `f` on each piece: a quoted text whole, a comment whole (to the end of
/// its line), or one character.
fn walk<'a>(text: &'a str, quoted: &[Range<usize>], mut f: impl FnMut(Piece<'a>)) {
    let mut quoted = quoted.iter().peekable();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if let Some(q) = quoted.next_if(|q| q.start == i) {
            f(Piece::Quoted(&text[q.clone()]));
            i = q.end;
        } else if c == '#' {
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            f(Piece::Comment(i, &text[i..end]));
            i = end;
        } else {
            f(Piece::Char(c));
            i += c.len_utf8();
        }
    }
}

/// The comments of `text`, in order.
pub fn comments(text: &str, quoted: &[Range<usize>]) -> Vec<Comment> {
    let mut out = Vec::new();
    walk(text, quoted, |p| {
        if let Piece::Comment(start, c) = p {
            out.push(Comment {
                start,
                text: c.trim_end().to_string(),
                own_line: line_before(text, start).trim().is_empty(),
                blank_before: blank_before(text, start),
            });
        }
    });
    out
}

/// The text of the line of `at` before it.
fn line_before(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    &text[start..at]
}

/// Whether the spaces right before `at` hold an empty line.
pub fn blank_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let spaces = before.len() - before.trim_end().len();
    before[before.len() - spaces..].matches('\n').count() >= 2
}

/// What formatting must keep of a text: its words without the spaces between them (operators
/// written one way), its quoted texts as written, and each comment where it is among them.
pub fn key(text: &str, quoted: &[Range<usize>]) -> String {
    let mut out = String::new();
    walk(text, quoted, |p| match p {
        Piece::Quoted(q) => out.push_str(q),
        Piece::Comment(_, c) => {
            out.push('\u{0}');
            out.push_str(c.trim_end());
            out.push('\u{0}');
        }
        Piece::Char(c) if c.is_whitespace() => {}
        Piece::Char(c) => match c {
            '≠' => out.push_str("!="),
            '≤' => out.push_str("<="),
            '≥' => out.push_str(">="),
            '×' => out.push('*'),
            _ => out.push(c),
        },
    });
    out
}
