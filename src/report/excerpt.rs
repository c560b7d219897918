//! What of a data file the human report shows under an entry, and how: a label is drawn on the
//! first line of its value only (a record of a thousand lines is pointed at, not drawn); a line
//! too long to read (a flow mapping of a million keys on one line) is cut to the part around
//! the label; and control characters from the data are escaped, never sent to the terminal.
//! Each of these gives the entry a small source of its own, so that drawing it costs the size of
//! what is shown, not the size of the file.

use std::borrow::Cow;

use super::Entry;
use crate::loc::{DataLoc, Source};

/// Lines longer than this many bytes are cut around the labels.
const LONG_LINE: usize = 240;
/// How much of a cut line is kept on each side of a label.
const AROUND: usize = 60;

/// The entry as it should be drawn, when that differs from the entry itself.
pub(super) fn displayable(e: &Entry) -> Option<Entry> {
    let clipped = clipped(e);
    let base = clipped.as_ref().unwrap_or(e);
    let cut = cut_long_lines(base);
    let base = cut.as_ref().or(clipped.as_ref()).unwrap_or(e);
    terminal_safe(base).or(cut).or(clipped)
}

/// Each label ended at the end of the line it starts on.
fn clipped(e: &Entry) -> Option<Entry> {
    let source = e.source.as_ref()?;
    let clip = |l: DataLoc| {
        let line = source.line_of(l.start as usize);
        let end = source
            .line_starts()
            .get(line + 1)
            .map_or(source.text.len(), |&next| next.saturating_sub(1));
        DataLoc {
            end: l.end.min(end.max(l.start as usize) as u32),
            ..l
        }
    };
    let loc = clip(e.loc);
    let focus = e.focus.map(clip);
    if loc == e.loc && focus == e.focus {
        return None;
    }
    let mut c = e.clone();
    c.loc = loc;
    c.focus = focus;
    Some(c)
}

/// The lines around the labels, each long one cut around what it shows, as a source of its own
/// numbered as in the file; `None` when no line there is long, or the labels lie far apart.
fn cut_long_lines(e: &Entry) -> Option<Entry> {
    let source = e.source.as_ref()?;
    let spans: Vec<DataLoc> = std::iter::once(e.loc).chain(e.focus).collect();
    let (first, last) = lines_shown(source, &spans)?;
    if !(first..=last).any(|i| line_text(source, i).1.len() > LONG_LINE) {
        return None;
    }
    let cut = Cut::of(source, first..=last, &spans);
    let mut c = e.clone();
    c.loc = cut.shift(e.loc);
    c.focus = e.focus.map(|l| cut.shift(l));
    let first_line = source.first_line + first;
    c.source = Some(Source::excerpt(source.name.clone(), cut.text, first_line));
    Some(c)
}

/// The lines shown around the labels (one more on each side): `None` when they lie more than
/// three lines apart.
fn lines_shown(source: &Source, spans: &[DataLoc]) -> Option<(usize, usize)> {
    let lines = spans.iter().map(|l| source.line_of(l.start as usize));
    let (low, high) = (lines.clone().min()?, lines.max()?);
    if high - low > 3 {
        return None;
    }
    let last_line = source.line_starts().len() - 1;
    Some((low.saturating_sub(1), (high + 1).min(last_line)))
}

/// Line `i` of `source`: where it starts, and its text with its line end.
fn line_text(source: &Source, i: usize) -> (usize, &str) {
    let starts = source.line_starts();
    let end = starts.get(i + 1).copied().unwrap_or(source.text.len());
    (starts[i], source.text.get(starts[i]..end).unwrap_or(""))
}

/// Lines with the long ones cut: the text shown, and where each range kept of the file's text
/// moved to in it (`(from, to, new start)`, in order).
struct Cut {
    text: String,
    moves: Vec<(usize, usize, usize)>,
}

impl Cut {
    fn of(source: &Source, lines: std::ops::RangeInclusive<usize>, spans: &[DataLoc]) -> Cut {
        let mut cut = Cut {
            text: String::new(),
            moves: Vec::new(),
        };
        for i in lines {
            let (start, line) = line_text(source, i);
            let body_end = start + line.trim_end_matches(['\n', '\r']).len();
            for (a, b) in kept(start, line, spans) {
                cut.keep(source, (a, b), a > start, b < body_end);
            }
            if !cut.text.ends_with('\n') {
                cut.text.push('\n');
            }
        }
        cut
    }

    /// Adds the file's text `a..b`, an ellipsis before and after when some of its line is left.
    fn keep(&mut self, source: &Source, (a, b): (usize, usize), before: bool, after: bool) {
        if before {
            self.text.push_str("… ");
        }
        self.moves.push((a, b, self.text.len()));
        self.text.push_str(source.text.get(a..b).unwrap_or(""));
        if after {
            self.text.push_str(" …");
        }
    }

    /// Where the file's offset `at` stands in the text shown.
    fn moved(&self, at: u32) -> u32 {
        let at = at as usize;
        let kept = self.moves.iter().rev().find(|(a, _, _)| *a <= at);
        kept.map_or(0, |&(a, b, new)| new + at.min(b) - a) as u32
    }

    fn shift(&self, l: DataLoc) -> DataLoc {
        DataLoc {
            start: self.moved(l.start),
            end: self.moved(l.end),
            ..l
        }
    }
}

/// The byte ranges of one line (starting at `start`) to show: all of a short line; of a long
/// one, the parts around the labels on it, or its beginning.
fn kept(start: usize, line: &str, spans: &[DataLoc]) -> Vec<(usize, usize)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let end = start + body.len();
    if body.len() <= LONG_LINE {
        return vec![(start, end)];
    }
    let boundary = |mut i: usize, forward: bool| {
        while i > start && i < end && !line.is_char_boundary(i - start) {
            i = if forward { i + 1 } else { i - 1 };
        }
        i.clamp(start, end)
    };
    let mut ranges: Vec<(usize, usize)> = spans
        .iter()
        .filter(|l| (start..=end).contains(&(l.start as usize)))
        .map(|l| {
            let a = (l.start as usize).saturating_sub(AROUND).max(start);
            let b = (l.end as usize + AROUND).min(end);
            (boundary(a, false), boundary(b, true))
        })
        .collect();
    if ranges.is_empty() {
        ranges.push((start, boundary(start + 2 * AROUND, true)));
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// A control character that must not reach a terminal raw: every C0 control but the line
/// breaks and tab, DEL, and the C1 controls.
fn is_unsafe(c: char, in_source: bool) -> bool {
    let kept = in_source && matches!(c, '\n' | '\t' | '\r');
    c.is_control() && !kept
}

pub(super) fn escape(text: &str, in_source: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, in_source)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c, in_source) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The entry with every text from the data escaped, when it holds a control character that
/// would otherwise reach the terminal (an id holding `ESC [2J` must not clear the screen);
/// `None` when it holds none. Locations in the data file are moved by the escapes' length.
fn terminal_safe(e: &Entry) -> Option<Entry> {
    let texts = [
        Some(&e.message),
        e.record.as_ref(),
        e.collection.as_ref(),
        Some(&e.file),
    ];
    let in_texts = texts
        .iter()
        .flatten()
        .any(|t| matches!(escape(t, false), Cow::Owned(_)))
        || e.values
            .iter()
            .any(|v| matches!(escape(&v.value, false), Cow::Owned(_)));
    let source = e.source.as_ref().filter(|s| s.has_controls());
    if !in_texts && source.is_none() {
        return None;
    }
    let own = |t: &str| escape(t, false).into_owned();
    let mut safe = e.clone();
    safe.message = own(&e.message);
    safe.record = e.record.as_deref().map(own);
    safe.collection = e.collection.as_deref().map(own);
    safe.file = own(&e.file);
    for v in &mut safe.values {
        v.value = own(&v.value);
        v.what = own(&v.what);
    }
    if let Some(src) = source {
        safe.loc = shifted(&src.text, e.loc);
        safe.focus = e.focus.map(|f| shifted(&src.text, f));
        safe.source = Some(Source::new(
            own(&src.name),
            escape(&src.text, true).into_owned(),
        ));
    }
    Some(safe)
}

/// A location in `text` moved to where it lies once the text's control characters are escaped.
fn shifted(text: &str, l: crate::loc::DataLoc) -> crate::loc::DataLoc {
    let moved = |at: u32| {
        let before = text.get(..at as usize).unwrap_or("");
        let extra: usize = before
            .chars()
            .filter(|c| is_unsafe(*c, true))
            .map(|c| c.escape_default().count() - c.len_utf8())
            .sum();
        at + extra as u32
    };
    crate::loc::DataLoc {
        start: moved(l.start),
        end: moved(l.end),
        ..l
    }
}
