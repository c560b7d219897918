//! A small pretty-printing document, after Wadler's "prettier printer": text, line breaks that
//! a group takes all or none of, nesting, alignment and filling, rendered to a width.
//!
//! Line breaks are lazy: a break is written only when text follows it, so that consecutive
//! breaks make one, and a trailing comment goes at the end of the line before a pending break.

/// A document to render.
#[derive(Debug, Clone)]
pub enum Doc {
    /// Text without a line break (a quoted text written over lines is kept as written).
    Text(String),
    /// A space, or a line break when the enclosing group is broken.
    Line,
    /// A line break, always.
    Hard,
    /// A line break and an empty line.
    Blank,
    /// Line breaks inside are indented by so many more spaces.
    Nest(usize, Box<Doc>),
    /// Line breaks inside are indented by so many more spaces than the line it starts on: a
    /// continuation line is indented from the line it continues, however deep that line's
    /// expression is nested.
    Cont(usize, Box<Doc>),
    /// Line breaks inside are indented to the column where it starts.
    Align(Box<Doc>),
    /// Flat when it fits in the width, else its `Line`s break (inner groups decide on their own).
    Group(Box<Doc>),
    /// Items separated by a space, or by a line break before an item that would not fit.
    Fill(Vec<Doc>),
    Concat(Vec<Doc>),
    /// A comment ending the current line.
    Comment(String),
}

impl Doc {
    pub fn text(s: impl Into<String>) -> Doc {
        Doc::Text(s.into())
    }

    pub fn nest(n: usize, d: Doc) -> Doc {
        Doc::Nest(n, Box::new(d))
    }

    pub fn cont(n: usize, d: Doc) -> Doc {
        Doc::Cont(n, Box::new(d))
    }

    pub fn group(d: Doc) -> Doc {
        Doc::Group(Box::new(d))
    }

    pub fn align(d: Doc) -> Doc {
        Doc::Align(Box::new(d))
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Flat,
    Break,
}

enum Cmd<'a> {
    Doc(usize, Mode, &'a Doc),
    /// Before an item of a `Fill`: a space, or a break when the item does not fit.
    FillSep(usize, &'a Doc),
}

/// A pending line break: the indentation of the next line, and whether an empty line comes first.
#[derive(Clone, Copy)]
struct Pending {
    indent: usize,
    blank: bool,
}

struct Renderer {
    width: usize,
    out: String,
    col: usize,
    pending: Option<Pending>,
    /// For each line with a comment at its end: the line's number and its width before it.
    comments: Vec<(usize, usize)>,
    line: usize,
    /// The indentation of the current line.
    line_indent: usize,
}

/// Renders `doc` to lines of at most `width` characters where it can; trailing comments of
/// consecutive lines (no empty line between) are aligned after the longest of those lines.
pub fn render(doc: &Doc, width: usize) -> String {
    let mut r = Renderer {
        width,
        out: String::new(),
        col: 0,
        pending: None,
        comments: Vec::new(),
        line: 0,
        line_indent: 0,
    };
    r.run(doc);
    let mut text = align_comments(&r.out, &r.comments, width);
    text.push('\n');
    text
}

impl Renderer {
    fn run(&mut self, doc: &Doc) {
        let mut stack = vec![Cmd::Doc(0, Mode::Break, doc)];
        while let Some(cmd) = stack.pop() {
            match cmd {
                Cmd::Doc(indent, mode, d) => self.step(indent, mode, d, &mut stack),
                Cmd::FillSep(indent, item) => self.fill_sep(indent, item),
            }
        }
    }

    fn step<'a>(&mut self, indent: usize, mode: Mode, d: &'a Doc, stack: &mut Vec<Cmd<'a>>) {
        match d {
            Doc::Text(s) => self.write(s),
            Doc::Line if mode == Mode::Flat => self.space(),
            Doc::Line | Doc::Hard => self.newline(indent, false),
            Doc::Blank => self.newline(indent, true),
            Doc::Nest(n, inner) => stack.push(Cmd::Doc(indent + n, mode, inner)),
            Doc::Cont(n, inner) => {
                let line = self.pending.map_or(self.line_indent, |p| p.indent);
                stack.push(Cmd::Doc(line + n, mode, inner));
            }
            Doc::Align(inner) => stack.push(Cmd::Doc(self.column(), mode, inner)),
            Doc::Group(inner) => {
                let flat = mode == Mode::Flat || self.fits(inner, stack);
                let mode = if flat { Mode::Flat } else { Mode::Break };
                stack.push(Cmd::Doc(indent, mode, inner));
            }
            Doc::Fill(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push(Cmd::Doc(indent, mode, item));
                    if i > 0 {
                        stack.push(Cmd::FillSep(indent, item));
                    }
                }
            }
            Doc::Concat(parts) => {
                stack.extend(parts.iter().rev().map(|p| Cmd::Doc(indent, mode, p)))
            }
            Doc::Comment(c) => self.comment(c, indent),
        }
    }

    /// The column the next text starts at.
    fn column(&self) -> usize {
        self.pending.map_or(self.col, |p| p.indent)
    }

    fn write(&mut self, s: &str) {
        if let Some(p) = self.pending.take()
            && !self.out.is_empty()
        {
            // A line never ends with a space (no word printed ends with one).
            self.out.truncate(self.out.trim_end_matches(' ').len());
            self.out.push_str(if p.blank { "\n\n" } else { "\n" });
            self.line += if p.blank { 2 } else { 1 };
            self.out.extend(std::iter::repeat_n(' ', p.indent));
            self.col = p.indent;
            self.line_indent = p.indent;
        }
        self.out.push_str(s);
        match s.rfind('\n') {
            Some(i) => {
                self.line += s.matches('\n').count();
                self.col = s[i + 1..].chars().count();
            }
            None => self.col += s.chars().count(),
        }
    }

    fn space(&mut self) {
        if self.pending.is_none() {
            self.write(" ");
        }
    }

    fn newline(&mut self, indent: usize, blank: bool) {
        let blank = blank || self.pending.is_some_and(|p| p.blank);
        self.pending = Some(Pending { indent, blank });
    }

    /// A comment at the end of the current line (the line before a pending break).
    fn comment(&mut self, c: &str, indent: usize) {
        if self.out.is_empty() {
            self.write(c);
        } else {
            self.comments.push((self.line, self.col));
            self.out.push(' ');
            self.out.push_str(c);
        }
        if self.pending.is_none() {
            self.pending = Some(Pending {
                indent,
                blank: false,
            });
        }
    }

    fn fill_sep(&mut self, indent: usize, item: &Doc) {
        if self.pending.is_some() {
            return;
        }
        if self.col + 1 + flat_width(item).unwrap_or(0) <= self.width {
            self.write(" ");
        } else {
            self.newline(indent, false);
        }
    }

    /// Whether `inner` fits flat on the rest of the line, with what follows it up to the next
    /// line break.
    fn fits(&self, inner: &Doc, rest: &[Cmd<'_>]) -> bool {
        let mut left = self.width as isize - self.column() as isize;
        let mut todo: Vec<(Mode, &Doc)> = vec![(Mode::Flat, inner)];
        let mut rest = rest.iter().rev();
        loop {
            let Some((mode, d)) = todo.pop().or_else(|| next_rest(&mut rest)) else {
                return true;
            };
            match d {
                Doc::Text(s) => left -= s.chars().count() as isize,
                Doc::Line if mode == Mode::Flat => left -= 1,
                Doc::Line | Doc::Hard | Doc::Blank => return mode == Mode::Break,
                Doc::Comment(_) => return false,
                Doc::Nest(_, x) | Doc::Cont(_, x) | Doc::Align(x) => todo.push((mode, x)),
                Doc::Group(x) => todo.push((Mode::Flat, x)),
                Doc::Concat(xs) => todo.extend(xs.iter().rev().map(|x| (mode, x))),
                Doc::Fill(xs) => {
                    for (i, x) in xs.iter().enumerate().rev() {
                        todo.push((mode, x));
                        if i > 0 {
                            todo.push((Mode::Flat, &Doc::Line));
                        }
                    }
                }
            }
            if left < 0 {
                return false;
            }
        }
    }
}

/// The next command after a group, for measuring; a fill's separator counts as a space.
fn next_rest<'a>(rest: &mut impl Iterator<Item = &'a Cmd<'a>>) -> Option<(Mode, &'a Doc)> {
    match rest.next()? {
        Cmd::Doc(_, mode, d) => Some((*mode, d)),
        Cmd::FillSep(..) => Some((Mode::Flat, &Doc::Line)),
    }
}

/// The width of a document written flat; `None` when it holds a line break that cannot be flat.
fn flat_width(d: &Doc) -> Option<usize> {
    Some(match d {
        Doc::Text(s) => s.chars().count(),
        Doc::Line => 1,
        Doc::Hard | Doc::Blank | Doc::Comment(_) => return None,
        Doc::Nest(_, x) | Doc::Cont(_, x) | Doc::Align(x) | Doc::Group(x) => flat_width(x)?,
        Doc::Fill(xs) | Doc::Concat(xs) => xs.iter().map(flat_width).sum::<Option<usize>>()?,
    })
}

/// Aligns the comments at the end of lines: in each run of lines without an empty line, after
/// the longest line carrying one (lines longer than the width do not count), two spaces on.
fn align_comments(text: &str, comments: &[(usize, usize)], width: usize) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut i = 0;
    while i < comments.len() {
        let run_end = run_of(&lines, comments, i);
        let column = comments[i..run_end]
            .iter()
            .map(|&(_, w)| w)
            .filter(|&w| w <= width)
            .max()
            .map_or(0, |w| w + 2);
        for &(line, w) in &comments[i..run_end] {
            if let Some(l) = lines.get_mut(line) {
                let pad = column.saturating_sub(w).max(2) - 1;
                let at = byte_at(l, w);
                l.insert_str(at, &" ".repeat(pad));
            }
        }
        i = run_end;
    }
    lines.join("\n")
}

/// The end of the run of comments starting at `comments[i]`: up to an empty line between two.
fn run_of(lines: &[String], comments: &[(usize, usize)], i: usize) -> usize {
    let mut j = i + 1;
    while j < comments.len() {
        let (from, to) = (comments[j - 1].0, comments[j].0);
        if lines[from..to].iter().any(|l| l.trim().is_empty()) {
            break;
        }
        j += 1;
    }
    j
}

/// The byte offset of character `n` of `line`.
fn byte_at(line: &str, n: usize) -> usize {
    line.char_indices().nth(n).map_or(line.len(), |(i, _)| i)
}
