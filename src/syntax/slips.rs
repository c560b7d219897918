//! Slips a lawyer makes in a rule file, recognised from the text where the grammar stopped, so
//! that the error names the slip and its fix instead of listing what the grammar expected: a text
//! not closed, `==`, `&&`, `et`, `else`, `is null`, a `require` without `otherwise`, a `let`
//! after a `require`, a parameter's value without its date, `31/12/2025`, `'text'`.

use super::errors::ParseCode;
use super::parser::Rule;

/// A slip found: its code, the bytes to underline, the message and the fix.
#[derive(Debug)]
pub(super) struct Slip {
    pub code: ParseCode,
    pub span: (usize, usize),
    pub message: String,
    pub help: String,
}

/// Where the grammar stopped: the whole file, where the parsed text starts, the error's offset
/// and what the grammar wanted there.
pub(super) struct Stop<'a> {
    pub text: &'a str,
    pub base: usize,
    pub at: usize,
    pub positives: &'a [Rule],
}

/// The slip that explains the error, if one is recognised.
pub(super) fn recognise(stop: &Stop<'_>) -> Option<Slip> {
    let found = unclosed_text(stop)
        .or_else(|| operator(stop))
        .or_else(|| quotes(stop))
        .or_else(|| date(stop))
        .or_else(|| is_null(stop))
        .or_else(|| word(stop))
        .or_else(|| order(stop))
        .or_else(|| missing_at_line_end(stop));
    // A slip is always within the text parsed.
    found.filter(|s| s.span.0 >= stop.base && s.span.0 <= s.span.1)
}

/// Where to point when no slip is recognised: at the token where the grammar stopped; but when
/// it stopped at the first word of the next item, at the last token of the item that is not
/// finished (the next item is read, and its errors reported, on its own).
pub(super) fn place(stop: &Stop<'_>) -> (usize, usize) {
    let (line_start, line) = line_around(stop.text, stop.at);
    let starts_item = line_start == stop.at && ITEM_STARTS.iter().any(|k| line.starts_with(k));
    match previous_token(stop.text, stop.base, stop.at) {
        Some(token) if starts_item => token,
        _ => (stop.at, super::errors::next_token_end(stop.text, stop.at)),
    }
}

/// The words that start an item at the beginning of a line.
const ITEM_STARTS: [&str; 5] = [
    "rule ",
    "collection ",
    "parameter ",
    "amend ",
    "definition ",
];

fn slip(code: ParseCode, span: (usize, usize), message: String, help: &str) -> Option<Slip> {
    Some(Slip {
        code,
        span,
        message,
        help: help.to_string(),
    })
}

// ---------------------------------------------------------------- a text not closed

/// A text opened on a line and not closed on it, before the error: the grammar read on to the
/// next `"`, lines further, and stopped in what it took for the rest of the rule.
fn unclosed_text(stop: &Stop<'_>) -> Option<Slip> {
    let mut start = stop.base;
    for line in stop.text.get(stop.base..)?.split_inclusive('\n') {
        if start > stop.at {
            break;
        }
        if let Some(q) = open_quote(line).map(|q| start + q)
            && q <= stop.at
        {
            let end = start + line.trim_end().len();
            let message = "this text is not closed: its closing `\"` is missing".to_string();
            let help = "end the text with `\"` on the same line";
            return slip(ParseCode::UnclosedText, (q, end), message, help);
        }
        start += line.len();
    }
    None
}

/// The offset of a `"` that opens a text not closed on this line (outside comments).
fn open_quote(line: &str) -> Option<usize> {
    let mut open = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match (c, open) {
            ('#', None) => break,
            ('"', None) => open = Some(i),
            ('"', Some(_)) => open = None,
            ('\\', Some(_)) => {
                chars.next();
            }
            _ => {}
        }
    }
    open
}

// ---------------------------------------------------------------- operators and quotes

/// Operators of other languages, and what garant writes instead.
const OPERATORS: [(&str, &str); 9] = [
    ("==", "write `=` to compare: `a = b`"),
    (
        "<>",
        "write `!=` (or `≠`) for \"is not equal to\": `a != b`",
    ),
    ("=<", "write `<=` (or `≤`): `a <= b`"),
    ("=>", "write `>=` (or `≥`): `a >= b`"),
    ("&&", "write `and`: `a and b`"),
    ("||", "write `or`: `a or b`"),
    ("&", "write `and`: `a and b`"),
    ("|", "write `or`: `a or b`"),
    ("!", "write `not` before the condition: `not a`"),
];

/// An operator of another language at the error, or just before it (the grammar took its first
/// sign for a comparison: `=` of `==`, `<` of `<>`).
fn operator(stop: &Stop<'_>) -> Option<Slip> {
    let from = stop.at.saturating_sub(1);
    for start in [from, stop.at] {
        let rest = stop.text.get(start..)?;
        let found = OPERATORS
            .iter()
            .find(|(op, _)| rest.starts_with(op) && (*op != "!" || !rest.starts_with("!=")));
        if let Some((op, help)) = found
            && start + op.len() > stop.at
        {
            let message = format!("`{op}` is not an operator of the rule language");
            return slip(
                ParseCode::Operator,
                (start, start + op.len()),
                message,
                help,
            );
        }
    }
    None
}

/// A text between single or typographic quotes.
fn quotes(stop: &Stop<'_>) -> Option<Slip> {
    let rest = stop.text.get(stop.at..)?;
    let open = rest.chars().next().filter(|c| "'‘’“”«„".contains(*c))?;
    let line = rest.lines().next().unwrap_or("");
    let close = line[open.len_utf8()..]
        .find(|c: char| "'‘’“”»".contains(c))
        .map_or(line.trim_end().len(), |i| {
            i + open.len_utf8()
                + line[open.len_utf8() + i..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8)
        });
    let message = format!("`{open}` does not open a text");
    let help = "write texts between straight double quotes: `\"...\"` (a word processor may have \
                changed them: edit rule files in a plain text editor)";
    slip(ParseCode::Quotes, (stop.at, stop.at + close), message, help)
}

// ---------------------------------------------------------------- dates

/// A date written day/month/year (or with dots, or year/month/day).
fn date(stop: &Stop<'_>) -> Option<Slip> {
    let is_part = |c: char| c.is_ascii_digit() || c == '/' || c == '.';
    let before = stop.text.get(..stop.at)?;
    let start = before.rfind(|c: char| !is_part(c)).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let after = stop.text.get(stop.at..)?;
    let end = stop.at + after.find(|c: char| !is_part(c)).unwrap_or(after.len());
    let written = stop.text.get(start..end)?;
    let fixed = iso_date(written)?;
    let message = format!("`{written}` is not a date as rule files write it");
    let help = format!("write dates year-month-day: `{fixed}`");
    slip(ParseCode::Date, (start, end), message, &help)
}

/// `31/12/2025`, `31.12.2025` or `2025/12/31` as `2025-12-31`.
fn iso_date(written: &str) -> Option<String> {
    let parts: Vec<&str> = written.split(['/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let (y, m, d) = if digits(c, 4..=4) && digits(a, 1..=2) && digits(b, 1..=2) {
        (*c, *b, *a)
    } else if digits(a, 4..=4) && digits(b, 1..=2) && digits(c, 1..=2) {
        (*a, *b, *c)
    } else {
        return None;
    };
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

// ---------------------------------------------------------------- words

/// `is null`, `is empty`, `is not null`...: the error is at `is`, which starts no operator then.
fn is_null(stop: &Stop<'_>) -> Option<Slip> {
    if word_at(stop.text, stop.at) != "is" {
        return None;
    }
    let mut end = stop.at + 2;
    let mut next = next_word(stop.text, end)?;
    let negated = next.1 == "not";
    if negated {
        end = next.0 + 3;
        next = next_word(stop.text, end)?;
    }
    if !["null", "nul", "empty", "vide", "none", "nil"].contains(&next.1) {
        return None;
    }
    let span = (stop.at, next.0 + next.1.len());
    let written = &stop.text[span.0..span.1];
    let message = format!("`{written}` is not a test of the rule language");
    let help = if negated {
        "write `is present`: a value that is recorded"
    } else {
        "write `is absent`: a value that is not recorded, or `none`"
    };
    slip(ParseCode::Word, span, message, help)
}

/// Words of French or of programming languages, and the words of garant.
const WORDS: [(&str, &str); 11] = [
    ("et", "and"),
    ("ou", "or"),
    ("non", "not"),
    ("AND", "and"),
    ("OR", "or"),
    ("NOT", "not"),
    ("sinon", "otherwise"),
    ("else", "otherwise"),
    ("pour", "for each"),
    ("chaque", "each"),
    ("null", "none"),
];

/// A word of another language at the error, or, for `non` (taken for a name), just before it.
fn word(stop: &Stop<'_>) -> Option<Slip> {
    let at = word_at(stop.text, stop.at);
    let (start, written) = match WORDS.iter().find(|(w, _)| *w == at) {
        Some(_) => (stop.at, at),
        None => word_before(stop.text, stop.at).filter(|(_, w)| *w == "non")?,
    };
    let (_, fix) = WORDS.iter().find(|(w, _)| *w == written)?;
    let expects_otherwise = stop.positives.contains(&Rule::k_otherwise);
    if *fix == "otherwise" && !expects_otherwise {
        return None;
    }
    let mut end = start + written.len();
    if written == "pour"
        && let Some((i, "chaque")) = next_word(stop.text, end)
    {
        end = i + "chaque".len();
    }
    let written = &stop.text[start..end];
    let (message, help) = match *fix {
        "otherwise" => (
            format!("`{written}` does not introduce the message of a `require`"),
            "write `otherwise` and the message: `otherwise \"...\"`".to_string(),
        ),
        fix => (
            format!("`{written}` is not a word of the rule language"),
            format!("write `{fix}` (the words of rule files are English, in lowercase)"),
        ),
    };
    slip(ParseCode::Word, (start, end), message, &help)
}

// ---------------------------------------------------------------- order of a check

/// A `let` after a `require`, or anything after `report on`.
fn order(stop: &Stop<'_>) -> Option<Slip> {
    let at = word_at(stop.text, stop.at);
    let after_report = previous_line(stop.text, stop.at).starts_with("report ");
    let span = (stop.at, stop.at + at.len());
    if after_report && ["let", "require", "when"].contains(&at) {
        let message = format!("`{at}` cannot come after `report on`, which ends its check");
        let help = "move `report on ...` below the last `require` of the check";
        return slip(ParseCode::Order, span, message, help);
    }
    if at == "let" && stop.positives.contains(&Rule::requirement) {
        let message = "a `let` cannot come after a `require`".to_string();
        let help = "put the `let`s of a check first, just under its `for each ...:` line, \
                    before its first `require` or `when`";
        return slip(ParseCode::Order, span, message, help);
    }
    None
}

// ---------------------------------------------------------------- a word missing at a line's end

/// What was missing at the end of the line before the error: `otherwise` after a `require`'s
/// condition, `from DATE` after a parameter's value, `:` after `for each ...`.
fn missing_at_line_end(stop: &Stop<'_>) -> Option<Slip> {
    let (prev_start, prev_end) = previous_token(stop.text, stop.base, stop.at)?;
    let newline = stop.text.get(prev_end..stop.at)?.contains('\n');
    let wants = |r: Rule| stop.positives.contains(&r);
    if newline && wants(Rule::k_otherwise) {
        let require = last_word(stop.text, stop.base, prev_end, "require")?;
        let message = "this `require` has no `otherwise` and message".to_string();
        let help = "after its condition, write `otherwise` and the message of a breach, such \
                    as `otherwise \"{m.id} ...\"`";
        return slip(ParseCode::Otherwise, (require, require + 7), message, help);
    }
    let (line_start, line) = line_around(stop.text, prev_start);
    let line = line.trim();
    if newline && line.starts_with("for each") && (wants(Rule::filter) || wants(Rule::numbering)) {
        let start = line_start + line_around(stop.text, prev_start).1.find(line).unwrap_or(0);
        let message = format!("the line `{line}` must end with `:`");
        let help = format!("write `{line}:`, then the lines of the check under it");
        return slip(
            ParseCode::Syntax,
            (start, start + line.len()),
            message,
            &help,
        );
    }
    if newline && wants(Rule::k_from) && in_parameter(stop.text, stop.at) {
        let before = stop.text.get(line_start..prev_end)?;
        let value = before.rsplit(':').next().unwrap_or("").trim();
        let start = prev_end - value.len();
        let message = format!("the value `{value}` has no date");
        let help = format!(
            "write `from` and the date it is in force from after it, such as `{value} from 2025-01-01`"
        );
        return slip(ParseCode::ParameterFrom, (start, prev_end), message, &help);
    }
    None
}

/// Whether `at` is inside a parameter or an amendment: the last line starting an item before
/// it starts one of those.
fn in_parameter(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    before
        .lines()
        .rev()
        .find(|l| ITEM_STARTS.iter().any(|k| l.starts_with(k)))
        .is_some_and(|l| l.starts_with("parameter ") || l.starts_with("amend "))
}

// ---------------------------------------------------------------- reading the text

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The word starting at `at` (empty when none does).
fn word_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    &rest[..end]
}

/// The next word after `from`, past spaces on the same line, with its offset.
fn next_word(text: &str, from: usize) -> Option<(usize, &str)> {
    let rest = text.get(from..)?;
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let start = from + skipped;
    Some((start, word_at(text, start))).filter(|(_, w)| !w.is_empty())
}

/// The word just before `at`, past spaces, with its offset.
fn word_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let before = text.get(..at)?.trim_end();
    let start = before.rfind(|c: char| !is_word_char(c)).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    Some((start, &before[start..])).filter(|(_, w)| !w.is_empty())
}

/// The trimmed line before the one holding `at`.
fn previous_line(text: &str, at: usize) -> &str {
    let before = text.get(..at).unwrap_or("");
    let this_line = before.rfind('\n').unwrap_or(0);
    before[..this_line]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("")
}

/// The line holding `at`: its start and its text.
fn line_around(text: &str, at: usize) -> (usize, &str) {
    let start = text
        .get(..at)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let rest = text.get(start..).unwrap_or("");
    (start, rest.lines().next().unwrap_or(""))
}

/// The last token before `at` (not in `text[..base]`), past whitespace and comments.
fn previous_token(text: &str, base: usize, at: usize) -> Option<(usize, usize)> {
    let mut end = at;
    loop {
        end = base + text.get(base..end)?.trim_end().len();
        let (line_start, line) = line_around(text, end.saturating_sub(1));
        let upto = &line[..end.saturating_sub(line_start).min(line.len())];
        match comment_start(upto) {
            Some(h) => end = line_start + h,
            None => break,
        }
    }
    if end <= base {
        return None;
    }
    Some((token_start(text, end).max(base), end))
}

/// Where the token ending at `end` starts: a quoted text, a word, or one sign.
fn token_start(text: &str, end: usize) -> usize {
    let before = &text[..end];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let last = before.chars().next_back().unwrap_or(' ');
    if last == '"' {
        let inner = &before[..before.len() - 1];
        return inner
            .rfind('"')
            .filter(|q| *q >= line_start)
            .unwrap_or(end - 1);
    }
    if !is_word_char(last) {
        return end - last.len_utf8();
    }
    before.rfind(|c: char| !is_word_char(c)).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// Where a comment starts in a line: the first `#` outside a text.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_text = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_text = !in_text,
            '#' if !in_text => return Some(i),
            _ => {}
        }
    }
    None
}

/// The offset of the last whole word `word` in `text[base..end]`.
fn last_word(text: &str, base: usize, end: usize, word: &str) -> Option<usize> {
    let slice = text.get(base..end)?;
    slice
        .match_indices(word)
        .map(|(i, _)| base + i)
        .filter(|&i| {
            let before = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after = text[i + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c));
            before && after
        })
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_otherwise() {
        assert_eq!(iso_date("31/12/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(iso_date("1.2.2025").as_deref(), Some("2025-02-01"));
        assert_eq!(iso_date("2025/12/31").as_deref(), Some("2025-12-31"));
        assert_eq!(iso_date("1.5"), None);
        assert_eq!(iso_date("12/2025"), None);
    }

    #[test]
    fn open_quotes() {
        assert_eq!(open_quote("otherwise \"a\""), None);
        assert_eq!(open_quote("otherwise \"a"), Some(10));
        assert_eq!(open_quote("x # \"a"), None);
        assert_eq!(open_quote("\"a \\\" b\""), None);
    }
}
