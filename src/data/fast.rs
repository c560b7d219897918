//! A fast reader for the plain block style in which data files are usually written.
//!
//! granit-parser reads any YAML, but slowly for files of millions of values. This reader takes
//! a strict subset and gives up (`None`) at the first thing outside it, so that the whole file
//! is read again by granit-parser. Where it succeeds it feeds the same tree builder with the
//! same nodes and locations as granit-parser would; it never reads a text that granit-parser
//! refuses. `compare_readers` ([`super::differential`]) checks this, on every YAML file of the
//! repository, on generated documents (`tests/yaml_differential.rs`) and under a fuzzer
//! (`fuzz/`).
//!
//! The reader hands its nodes to a [`Nodes`]: the tree builder, or the loader's direct path
//! ([`super::direct`]), which builds records without a tree ([`read`]). The loader's tree path
//! reads with [`stream`]: the builder then hands over each key and value of the
//! top-level mapping, and each item of a list there (a record), as soon as it is complete, and
//! starts the next in the same room, so that no tree of the whole file is ever held (a file of
//! a million values would take some 80 MB). `compare_readers` checks that what is handed over
//! is the whole tree's, node for node.
//!
//! # The subset
//!
//! The text, split at line feeds, is a sequence of lines, each of which is blank (spaces only),
//! a comment (spaces, then `#`), or a content line: `n` spaces of indentation, then
//!
//! - `key: value` or `key:` (a key with nothing after it: a nested block when the next content
//!   line is deeper, null otherwise), in a block mapping whose keys are at column `n`;
//! - `- ` and a record, in a block sequence whose dashes are at column `n`: a one-line flow
//!   mapping `- { ... }`, or the first `key: value` (or `key:`) of a block mapping at `n + 2`.
//!
//! The first content line is at column 0 and starts the top-level block mapping. A `key:` with
//! nothing after it is followed by a deeper line (its nested mapping, or its sequence when that
//! line starts with `- `), by a line at its own column or shallower, or by the end. A line
//! shallower than the current block closes blocks down to one at exactly its column.
//!
//! - A key is ASCII: a letter or `_`, then letters, digits, `_` or `-`, at most 1,024
//!   characters (granit-parser's longest implicit key), followed directly by `:`; in a block
//!   mapping `:` then a space or the end of the line, in a flow mapping `:` then a space.
//! - A value is a plain scalar, a quoted scalar, `[]`, or a flow mapping
//!   `{ key: value, ... }` (possibly empty, possibly nested) that closes on its line.
//! - A plain scalar does not start with an indicator (`[ ] { } , # & * ! | > % @ \` ? :`,
//!   `'` and `"` start quoted scalars), nor with `-` followed by a space or the end of the line,
//!   or, in a flow mapping, by one of `, [ ] { }` (YAML 1.2's `ns-plain-first`: `-` must be
//!   followed by a "safe" character). It holds no `{ } [ ]`, and no `:` followed by a space,
//!   `,`, `}` or the end of the line; it ends at ` #`, at the end of the line, and in a flow
//!   mapping at `,` or `}`; trailing spaces are not part of it.
//! - A quoted scalar closes on its line and holds no escape: no `\` (even in single quotes)
//!   and no `''`.
//! - After a value come only spaces, then optionally a comment after at least one space.
//!
//! # Why it declines
//!
//! Anything else makes it decline the whole file, in particular:
//!
//! - a character outside YAML 1.2's `c-printable` set (C0 controls but line feed, DEL, C1
//!   controls but NEL U+0085, U+FFFE, U+FFFF), which granit-parser refuses; also tab and
//!   carriage return (never read here) and the byte order mark U+FEFF anywhere (granit-parser
//!   skips it at the start, refuses it where a token starts, keeps it inside a scalar);
//! - `---`, `...` or `%` at the start of a line (document markers, directives), even where
//!   they would begin a plain scalar;
//! - anchors, aliases, tags, block scalars (`|`, `>`), flow sequences other than `[]`, flow
//!   mappings over several lines, explicit keys (`?`), multi-line plain or quoted scalars,
//!   quoted or non-ASCII keys, escapes;
//! - indentation that is not that of an open block or one deeper after `key:`, a sequence at
//!   its key's column (`key:` then `- ` at the same column), a top-level sequence or scalar,
//!   a list item that is not a record, a trailing comma in a flow mapping;
//! - nesting beyond [`super::MAX_DEPTH`] (the tree builder refuses it; granit-parser's
//!   reading then gives the `DATA-LIMIT` error).
//!
//! NEL (U+0085), the line and paragraph separators (U+2028, U+2029) and the no-break space are
//! ordinary characters for both readers and are read.

use super::DataLoc;
use super::yaml::{Builder, Sink, Tree, TreeError};

/// What the reader hands its nodes to, in document order: a scalar, the start of a mapping or a
/// list, the end of the innermost one open. `None` from any of them makes the reader decline.
pub(super) trait Nodes<'a> {
    /// Whether [`Nodes::items`] is told the length of each list that is a value of the
    /// top-level mapping (a collection), before it starts.
    const COUNTS: bool;
    fn scalar(&mut self, text: &'a str, plain: bool, loc: DataLoc) -> Option<()>;
    fn start(&mut self, loc: DataLoc, is_map: bool) -> Option<()>;
    fn close(&mut self) -> Option<()>;
    /// The number of items of the list about to start.
    fn items(&mut self, items: usize);
}

impl<'a, S: Sink<'a>> Nodes<'a> for Builder<'a, S> {
    const COUNTS: bool = S::STREAM;
    fn scalar(&mut self, text: &'a str, plain: bool, loc: DataLoc) -> Option<()> {
        Builder::scalar(self, text, plain, loc).ok()
    }
    fn start(&mut self, loc: DataLoc, is_map: bool) -> Option<()> {
        Builder::start(self, loc, is_map).ok()
    }
    fn close(&mut self) -> Option<()> {
        Builder::close(self).ok()
    }
    fn items(&mut self, items: usize) {
        self.hint = items;
    }
}

/// The tree of `text`, or `None` when the file leaves the subset.
pub fn parse(text: &str, file: u32) -> Option<Result<Tree<'_>, TreeError>> {
    let reader = Reader::new(text, file, Builder::new(file, text.len()))?;
    Some(Ok(reader.b.into_tree()))
}

/// Reads `text` handing its nodes over to `sink` as they complete (a key or value of the
/// top-level mapping, each item of a list there: [`super::yaml::Streamed`]), so that no tree of
/// the whole file is kept: `sink` back, or `None` when the file leaves the subset (`sink` has
/// then seen part of it).
pub(super) fn stream<'a, S: Sink<'a>>(text: &'a str, file: u32, sink: S) -> Option<S> {
    let reader = Reader::new(text, file, Builder::with_sink(file, 64, sink))?;
    Some(reader.b.into_sink())
}

/// Reads `text` handing its nodes to `nodes` as they come: `nodes` back, or `None` when the
/// file leaves the subset or `nodes` gave up.
pub(super) fn read<'a, N: Nodes<'a>>(text: &'a str, file: u32, nodes: N) -> Option<N> {
    Some(Reader::new(text, file, nodes)?.b)
}

/// The number of items of the block sequence whose dashes are at column `indent`, the first
/// on the line starting at byte `from`: the lines with a dash there, up to the first content
/// line shallower. Exact when the reader reads the sequence (it declines any other line there).
fn count_items(text: &str, from: usize, indent: usize) -> usize {
    let mut items = 0;
    for line in lines(text.get(from..).unwrap_or("")) {
        let Some((at, content)) = content(line) else {
            continue;
        };
        if at < indent {
            break;
        }
        items += usize::from(at == indent && content.starts_with("- "));
    }
    items
}

/// The indentation and the rest of a content line; `None` for a blank line or a comment.
fn content(line: &str) -> Option<(usize, &str)> {
    let content = line.trim_start_matches(' ');
    let skipped = content.is_empty() || content.starts_with('#');
    (!skipped).then(|| (line.len() - content.len(), content))
}

/// The lines of `text`, as `text.split('\n')` gives them: memchr finds the line feeds several
/// bytes at a time.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        let (line, after) = match memchr::memchr(b'\n', t.as_bytes()) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        rest = after;
        Some(line)
    })
}

/// An open block mapping or sequence, and the column (0-based) of its keys or dashes.
struct Block {
    indent: usize,
    is_map: bool,
}

struct Reader<'a, N: Nodes<'a>> {
    text: &'a str,
    file: u32,
    b: N,
    blocks: Vec<Block>,
    /// A `key:` with nothing after it: the location of its colon and the key's column.
    pending: Option<(DataLoc, usize)>,
    line: usize,
    line_start: usize,
    /// Whether the current line is ASCII: columns are then byte offsets.
    ascii: bool,
    /// On a non-ASCII line, the last byte offset whose column was counted, and that column:
    /// the next count starts there, so that a long line is counted once, not once per value.
    counted: std::cell::Cell<(usize, usize)>,
    started: bool,
}

/// Whether every character of `text` is one the reader takes: a line feed, printable ASCII, or
/// a non-ASCII character of YAML 1.2's c-printable set other than the byte order mark U+FEFF.
/// So no tab or carriage return (which the reader does not handle), no other C0 control, no DEL,
/// no C1 control but NEL (U+0085), no BOM, U+FFFE or U+FFFF (surrogates cannot be in a `str`).
/// granit-parser refuses the characters outside c-printable, and a BOM inside a document.
fn plain_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Blocks of printable ASCII and line feeds, nearly all of a file, are checked at once (the
    // fold has no branch, so it is vectorised); a block holding anything else byte by byte.
    const BLOCK: usize = 64;
    let simple = |block: &[u8]| {
        (block.iter()).fold(true, |ok, &b| {
            ok & (matches!(b, 0x20..=0x7e) | (b == b'\n'))
        })
    };
    (0..bytes.len()).step_by(BLOCK).all(|at| {
        let end = (at + BLOCK).min(bytes.len());
        simple(&bytes[at..end]) || (at..end).all(|i| plain_byte(bytes, i))
    })
}

/// Whether byte `i` of `bytes` is one [`plain_chars`] takes (looking at the bytes after it).
fn plain_byte(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | 0x20..=0x7e => true,
        // U+0080..U+009F are C2 80..C2 9F; NEL (C2 85) is printable.
        0xc2 => !matches!(bytes.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9f)),
        // U+FEFF is EF BB BF; U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        0xef => !matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
        ),
        0x80.. => true,
        _ => false,
    }
}

/// granit-parser's longest implicit key, in characters (its `simple_key_max_lookahead`, after
/// YAML's 1024-character limit on implicit keys): a longer key is a syntax error there.
const MAX_KEY_CHARS: usize = 1024;

fn is_key_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl<'a, N: Nodes<'a>> Reader<'a, N> {
    /// The reader of `text` into `b`, after reading it all; `None` if it declines.
    fn new(text: &'a str, file: u32, b: N) -> Option<Reader<'a, N>> {
        if !plain_chars(text) {
            return None;
        }
        let mut reader = Reader {
            text,
            file,
            b,
            blocks: Vec::new(),
            pending: None,
            line: 0,
            line_start: 0,
            ascii: true,
            counted: std::cell::Cell::new((0, 0)),
            started: false,
        };
        reader.run()?;
        Some(reader)
    }

    fn run(&mut self) -> Option<()> {
        let text = self.text;
        let mut start = 0;
        for (number, line) in lines(text).enumerate() {
            self.line = number + 1;
            self.line_start = start;
            self.ascii = line.is_ascii();
            self.counted.set((0, 0));
            start += line.len() + 1;
            if let Some((indent, _)) = content(line) {
                self.content_line(line, indent)?;
            }
        }
        self.resolve_pending(None)?;
        while self.blocks.pop().is_some() {
            self.b.close()?;
        }
        Some(())
    }

    /// The location of bytes `from..to` of the current line.
    fn loc(&self, line: &str, from: usize, to: usize) -> DataLoc {
        let col = if self.ascii {
            from
        } else {
            self.column(line, from)
        };
        DataLoc {
            file: self.file,
            line: self.line as u32,
            col: col as u32 + 1,
            start: (self.line_start + from) as u32,
            end: (self.line_start + to) as u32,
        }
    }

    /// The 0-based column, in characters, of byte `from` of a non-ASCII line.
    fn column(&self, line: &str, from: usize) -> usize {
        let (mut at, mut col) = self.counted.get();
        if from < at {
            (at, col) = (0, 0);
        }
        col += line.get(at..from).map_or(from - at, |s| s.chars().count());
        at = from;
        self.counted.set((at, col));
        col
    }

    fn content_line(&mut self, line: &'a str, indent: usize) -> Option<()> {
        let content = &line[indent..];
        if indent == 0
            && (content.starts_with("---")
                || content.starts_with("...")
                || content.starts_with('%'))
        {
            return None;
        }
        self.resolve_pending(Some((line, indent)))?;
        while self.blocks.last().is_some_and(|b| indent < b.indent) {
            self.blocks.pop();
            self.b.close()?;
        }
        match self.blocks.last() {
            None if self.started || indent != 0 => return None,
            None => {
                self.started = true;
                self.open(line, indent, true)?;
            }
            Some(b) if b.indent != indent => return None,
            Some(_) => {}
        }
        if self.blocks.last()?.is_map {
            self.entry(line, indent)
        } else {
            self.item(line, indent)
        }
    }

    fn open(&mut self, line: &str, at: usize, is_map: bool) -> Option<()> {
        self.b.start(self.loc(line, at, at), is_map)?;
        self.blocks.push(Block { indent: at, is_map });
        Some(())
    }

    /// Settles a `key:` left without a value: a nested block if the next line is deeper, else null.
    fn resolve_pending(&mut self, next: Option<(&str, usize)>) -> Option<()> {
        let Some((colon, key_indent)) = self.pending.take() else {
            return Some(());
        };
        match next {
            Some((line, indent)) if indent > key_indent => {
                let is_seq = line[indent..].starts_with("- ");
                if N::COUNTS && is_seq && self.blocks.len() == 1 {
                    self.b
                        .items(count_items(self.text, self.line_start, indent));
                }
                self.open(line, indent, !is_seq)
            }
            Some((line, indent)) if indent == key_indent && line[indent..].starts_with('-') => None,
            _ => self.b.scalar("~", true, colon),
        }
    }

    /// `- ` and a record: a one-line flow mapping, or the first `key: value` of a block mapping.
    fn item(&mut self, line: &'a str, indent: usize) -> Option<()> {
        let rest = line[indent..].strip_prefix("- ")?;
        let at = indent + 2;
        match rest.as_bytes().first()? {
            b'{' => {
                let end = self.flow_map(line, at)?;
                self.line_end(line, end)
            }
            c if is_key_start(*c) => {
                self.open(line, at, true)?;
                self.entry(line, at)
            }
            _ => None,
        }
    }

    /// `key: value` or `key:` at column `at` of a block mapping.
    fn entry(&mut self, line: &'a str, at: usize) -> Option<()> {
        let colon = self.key(line, at)?;
        let bytes = line.as_bytes();
        if colon + 1 == line.len() {
            self.pending = Some((self.loc(line, colon, colon), at));
            return Some(());
        }
        if bytes[colon + 1] != b' ' {
            return None;
        }
        let value =
            colon + 2 + line[colon + 2..].len() - line[colon + 2..].trim_start_matches(' ').len();
        let end = self.value(line, value, false)?;
        self.line_end(line, end)
    }

    /// A key at `at`, followed by a colon: emits it and gives the colon's index.
    fn key(&mut self, line: &'a str, at: usize) -> Option<usize> {
        let bytes = line.as_bytes();
        if !is_key_start(*bytes.get(at)?) {
            return None;
        }
        let end = at + bytes[at..].iter().take_while(|c| is_key_char(**c)).count();
        if bytes.get(end) != Some(&b':') || end - at > MAX_KEY_CHARS {
            return None;
        }
        self.b
            .scalar(&line[at..end], true, self.loc(line, at, end))?;
        Some(end)
    }

    /// Only spaces and a comment may follow a value on its line.
    fn line_end(&self, line: &str, end: usize) -> Option<()> {
        let rest = &line[end..];
        let trimmed = rest.trim_start_matches(' ');
        (trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len()))
            .then_some(())
    }

    /// A value at `at`; in a flow mapping, plain scalars end at `,` and `}`. Gives its end.
    fn value(&mut self, line: &'a str, at: usize, flow: bool) -> Option<usize> {
        let bytes = line.as_bytes();
        match *bytes.get(at)? {
            b'{' => self.flow_map(line, at),
            b'[' if bytes.get(at + 1) == Some(&b']') => {
                self.b.start(self.loc(line, at, at + 1), false)?;
                self.b.close()?;
                Some(at + 2)
            }
            b'"' | b'\'' => self.quoted(line, at),
            // `-` starts a plain scalar only when a "safe" character follows: not a space or the
            // end of the line, and in a flow mapping not one of `,[]{}` (YAML 1.2, ns-plain-first).
            b'-' if matches!(bytes.get(at + 1), None | Some(b' ')) => None,
            b'-' if flow && matches!(bytes.get(at + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) => {
                None
            }
            b'[' | b']' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@'
            | b'`' | b'?' | b':' => None,
            _ => self.plain(line, at, flow),
        }
    }

    /// A quoted scalar without escapes; its location includes the quotes.
    fn quoted(&mut self, line: &'a str, at: usize) -> Option<usize> {
        let quote = line.as_bytes()[at];
        let close = at + 1 + line[at + 1..].find(quote as char)?;
        let inner = &line[at + 1..close];
        if inner.contains('\\') || line.as_bytes().get(close + 1) == Some(&quote) {
            return None;
        }
        self.b.scalar(inner, false, self.loc(line, at, close + 1))?;
        Some(close + 1)
    }

    fn plain(&mut self, line: &'a str, at: usize, flow: bool) -> Option<usize> {
        let bytes = line.as_bytes();
        let mut end = at;
        while end < bytes.len() {
            match bytes[end] {
                b'#' if bytes[end - 1] == b' ' => break,
                b',' | b'}' if flow => break,
                b'{' | b'}' | b'[' | b']' => return None,
                b':' if matches!(bytes.get(end + 1), None | Some(b' ' | b',' | b'}')) => {
                    return None;
                }
                _ => end += 1,
            }
        }
        let text = line[at..end].trim_end_matches(' ');
        if text.is_empty() {
            return None;
        }
        self.b
            .scalar(text, true, self.loc(line, at, at + text.len()))?;
        Some(at + text.len())
    }

    /// A flow mapping `{ key: value, ... }` that ends on its line. Gives the index after `}`.
    fn flow_map(&mut self, line: &'a str, at: usize) -> Option<usize> {
        self.b.start(self.loc(line, at, at + 1), true)?;
        let bytes = line.as_bytes();
        let skip = |i: usize| i + bytes[i..].iter().take_while(|c| **c == b' ').count();
        let mut i = skip(at + 1);
        if bytes.get(i) == Some(&b'}') {
            self.b.close()?;
            return Some(i + 1);
        }
        loop {
            let colon = self.key(line, i)?;
            if bytes.get(colon + 1) != Some(&b' ') {
                return None;
            }
            let end = self.value(line, skip(colon + 1), true)?;
            i = skip(end);
            match bytes.get(i)? {
                b',' => i = skip(i + 1),
                b'}' => {
                    self.b.close()?;
                    return Some(i + 1);
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::differential::{Agreement, compare_readers};
    use super::super::yaml::parse_granit;

    /// Whether the fast reader, where it reads `text`, gives granit-parser's tree (the one
    /// comparison of the two readers, `compare_readers`): `None` when it declines, `false` when
    /// either reader gives an error or the trees differ.
    fn agrees(text: &str) -> Option<bool> {
        match compare_readers(text) {
            Ok(Agreement::Declined) => None,
            Ok(Agreement::SameTree) => Some(true),
            Ok(Agreement::SameError) => Some(false),
            Err(difference) => {
                eprintln!("{difference}");
                Some(false)
            }
        }
    }

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(p);
            }
        }
    }

    #[test]
    fn agrees_with_granit_on_every_data_file_of_the_repository() {
        let mut files = Vec::new();
        yaml_files(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/cases")),
            &mut files,
        );
        // More data, such as the benchmark's: GARANT_FAST_CHECK=/tmp/bench01 cargo test fast
        if let Some(extra) = std::env::var_os("GARANT_FAST_CHECK") {
            yaml_files(std::path::Path::new(&extra), &mut files);
        }
        let (mut fast, mut total) = (0, 0);
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            total += 1;
            match agrees(&text) {
                Some(true) => fast += 1,
                Some(false) => panic!(
                    "the fast reader differs from granit-parser on {}",
                    f.display()
                ),
                None => {}
            }
        }
        eprintln!("{fast} of {total} files took the fast path");
        assert!(
            fast * 10 > total * 7,
            "only {fast} of {total} files took the fast path"
        );
    }

    /// Each class of text the fast reader once read although granit-parser refuses it.
    #[test]
    fn declines_what_granit_parser_refuses() {
        let long_key = "k".repeat(super::MAX_KEY_CHARS + 1);
        let refused = [
            // A plain scalar may not start with `-` followed by a flow indicator in a flow mapping.
            "a:\n  - { id: -, year: 2023 }\n".to_string(),
            "a: { b: -}\n".into(),
            "a: { b: -], c: 1 }\n".into(),
            // Characters outside c-printable, anywhere.
            "a: \"S\0 1\"\n".into(),
            "a: 'x\x01'\n".into(),
            "a: x\x0c\n".into(),
            "a: x\x7f\n".into(),
            "a: x\u{80}\n".into(),
            "a: { b: \"\u{9f}\" }\n".into(),
            "a: x\u{fffe}\n".into(),
            "a: \"\u{ffff}\"\n".into(),
            "# \x1b\na: 1\n".into(),
            // A byte order mark where a token starts.
            "a: \u{feff}x\n".into(),
            // Implicit keys longer than 1024 characters.
            format!("{long_key}: 1\n"),
            format!("a: {{ {long_key}: 1 }}\n"),
        ];
        for text in &refused {
            assert!(
                parse_granit(text, 0).is_err(),
                "granit-parser reads {text:?}"
            );
            assert!(
                super::parse(text, 0).is_none(),
                "the fast reader reads {text:?}"
            );
        }
    }

    /// Next to each declined class, what both read alike.
    #[test]
    fn reads_the_neighbours_of_what_it_declines() {
        let key = "k".repeat(super::MAX_KEY_CHARS);
        let read = [
            "a:\n  - { id: -x, year: --, c: -# }\n".to_string(),
            "a: -,\n".into(),
            "a: -!x\n".into(),
            "a: \"x\u{85}y\"\n".into(),
            "a: x\u{2028}y\u{2029}\n".into(),
            "a: \u{a0}x\u{a0}\n".into(),
            "a: \u{d7ff}\u{e000}\u{fffd}\u{10ffff}\n".into(),
            format!("{key}: 1\n"),
            format!("a: {{ {key}: 1 }}\n"),
        ];
        for text in &read {
            assert_eq!(agrees(text), Some(true), "on {text:?}");
        }
    }

    #[test]
    fn agrees_or_gives_up_on_tricky_text() {
        let samples = [
            "a: 1\nb:\n  - { x: 1, y: \"q\" }\n  - k: v\n    l: w\nc: []\nd:\n",
            "a: b # comment\n# only a comment\n\nc: 'single'\n",
            "a:\n  b:\n    c: d\n  e: f\ng: h\n",
            "a: Écologiste de Paris\nb: { c: Génération.s, d: x }\n",
            "a: x y z  \nb: -44\nc: 44.00\nd: 2023-02-30\n",
            "a: b: c\n",
            "a: &x 1\nb: *x\n",
            "a: !foo 1\n",
            "a: |\n  text\n",
            "a: one\n  two\n",
            "- a\n- b\n",
            "a:\n- b\n",
            "a: {b: 1}\n",
            "a: { b: 1,\n  c: 2 }\n",
            "a: \"x\\\"y\"\n",
            "---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: 'it''s'\n",
            "a: x#y\n",
            "a:  spaced\n",
            "a: [1, 2]\n",
            "",
            "# nothing\n",
            "a: 1",
        ];
        for s in samples {
            assert_ne!(agrees(s), Some(false), "differs on {s:?}");
        }
        assert_eq!(agrees("a: 1\nb:\n  - { x: 1 }\n"), Some(true));
    }

    #[test]
    fn lines_are_those_of_a_split_at_line_feeds() {
        for text in ["", "\n", "a", "a\n", "\n\nb", "a\nbé\n\nc d\n "] {
            let split: Vec<&str> = text.split('\n').collect();
            assert_eq!(super::lines(text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn blocks_of_plain_ascii_are_judged_as_byte_by_byte() {
        // Characters the reader takes and some it refuses, placed across block boundaries.
        let pieces = [
            "\n", "\u{85}", "é", "\u{80}", "\u{feff}", "\u{fffe}", "\t", "\u{7f}",
        ];
        let mut next = crate::hash::sequence(3);
        for _ in 0..2000 {
            let mut text = "x".repeat(next(130) as usize);
            for _ in 0..next(5) {
                text.push_str(pieces[next(pieces.len() as i64) as usize]);
                text.push_str(&"y".repeat(next(70) as usize));
            }
            let bytewise = (0..text.len()).all(|i| super::plain_byte(text.as_bytes(), i));
            assert_eq!(super::plain_chars(&text), bytewise, "{text:?}");
        }
    }
}
