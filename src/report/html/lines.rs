//! The lines of a data file shown under a finding in the sign-off report: the record's line and
//! the line of the value the finding is about, with a line around each, the value marked.
//! Long lines are cut around the mark, and control characters from the data are escaped.

use crate::loc::{DataLoc, Source};

use super::super::Entry;
use super::super::excerpt::escape;

/// Characters of a line kept before and after the mark, and of the mark itself.
const BEFORE: usize = 100;
const AFTER: usize = 100;
const MARK: usize = 160;
/// Lines between the record and its value beyond which the lines between are left out.
const GAP: usize = 4;

/// One line as shown: its number (0 for the "lines left out" row) and its text in three parts.
pub(super) struct DataLine {
    pub number: usize,
    pub before: String,
    pub mark: String,
    pub after: String,
    /// The line where the record (or the problem) starts.
    pub at: bool,
}

/// The lines to show for `entry`; none when the entry has no data file to show.
pub(super) fn around(entry: &Entry) -> Vec<DataLine> {
    let Some(source) = entry.source.as_deref() else {
        return Vec::new();
    };
    // A rule's finding marks the value it is about, if any (its location is the record's start);
    // any other entry marks its own location, the offending value.
    let mark = match entry.rule_at {
        Some(_) => entry.focus.unwrap_or_default(),
        None => entry.loc,
    };
    let at = source.line_of(entry.loc.start as usize);
    let marked = match mark.end > mark.start {
        true => source.line_of(mark.start as usize),
        false => at,
    };
    let last = source.line_starts().len().saturating_sub(1);
    let mut out = Vec::new();
    for (from, to) in ranges(at.min(marked), at.max(marked), last) {
        if !out.is_empty() {
            out.push(gap());
        }
        out.extend((from..=to).map(|l| line(source, l, mark, l == at)));
    }
    out
}

/// The line ranges to show: one around both lines when they are close, else one around each.
fn ranges(first: usize, second: usize, last: usize) -> Vec<(usize, usize)> {
    let around = |l: usize| (l.saturating_sub(1), (l + 1).min(last));
    if second - first <= GAP {
        vec![(first.saturating_sub(1), (second + 1).min(last))]
    } else {
        vec![around(first), around(second)]
    }
}

fn gap() -> DataLine {
    DataLine {
        number: 0,
        before: "\u{2026}".into(),
        mark: String::new(),
        after: String::new(),
        at: false,
    }
}

/// Line `l` (0-based) of `source`, cut in three around the part of `mark` that lies on it.
fn line(source: &Source, l: usize, mark: DataLoc, at: bool) -> DataLine {
    let starts = source.line_starts();
    let start = starts[l];
    let end = starts.get(l + 1).copied().unwrap_or(source.text.len());
    let text = source.text.get(start..end).unwrap_or("");
    let text = text.trim_end_matches(['\n', '\r']);
    let (a, b) = on_line(mark, start, text.len());
    let (a, b) = if a == b {
        (text.len(), text.len())
    } else {
        (a, b)
    };
    let piece = |from: usize, to: usize| text.get(from..to).unwrap_or("");
    let before = if a == b {
        head(text, BEFORE + AFTER)
    } else {
        tail(piece(0, a), BEFORE)
    };
    DataLine {
        number: l + 1 + source.first_line,
        before,
        mark: head(piece(a, b), MARK),
        after: head(piece(b, text.len()), AFTER),
        at,
    }
}

/// The part of `mark` on a line starting at byte `start` of `len` bytes, as offsets in the line.
fn on_line(mark: DataLoc, start: usize, len: usize) -> (usize, usize) {
    let (from, to) = (mark.start as usize, mark.end as usize);
    if to <= start || from >= start + len || to <= from {
        return (len, len);
    }
    (from.saturating_sub(start), (to - start).min(len))
}

/// The first `n` characters of `text`, escaped, with an ellipsis when cut.
fn head(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}\u{2026}", escape(&text[..i], false)),
        None => escape(text, false).into_owned(),
    }
}

/// The last `n` characters of `text`, escaped, with an ellipsis when cut.
fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return escape(text, false).into_owned();
    }
    let cut = text.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    format!("\u{2026}{}", escape(&text[cut..], false))
}
