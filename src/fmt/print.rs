//! The AST of a rule file to a [`Doc`], word by word in the order of the source.
//!
//! Every word printed is matched with the word of the source it comes from: a name, a literal
//! or a quoted text by its location, a keyword or a sign as the next word after the last one.
//! This is how each comment goes back between the same two words, and how a printer that
//! strays from the source is caught (an internal error, never a rewritten file).

use super::comments::{Comment, blank_before};
use super::doc::Doc;
use crate::loc::{Loc, Node};
use crate::syntax::ast::*;

pub(super) struct Printer<'a> {
    pub text: &'a str,
    comments: Vec<Comment>,
    /// The next comment to place.
    next: usize,
    /// The end of the last word printed, in the source.
    last_end: usize,
    pub error: Option<String>,
}

impl<'a> Printer<'a> {
    pub fn new(text: &'a str, comments: Vec<Comment>) -> Printer<'a> {
        Printer {
            text,
            comments,
            next: 0,
            last_end: 0,
            error: None,
        }
    }

    // ------------------------------------------------------------------ words and comments

    /// Where the next word of the source starts, after spaces and comments.
    fn next_word(&self) -> usize {
        let mut i = self.last_end;
        loop {
            let rest = &self.text[i..];
            let trimmed = rest.trim_start();
            i += rest.len() - trimmed.len();
            if !trimmed.starts_with('#') {
                return i;
            }
            i += trimmed.find('\n').unwrap_or(trimmed.len());
        }
    }

    fn fail(&mut self, why: String) {
        self.error.get_or_insert(why);
    }

    /// The comments before `at`, placed inside an expression: at the end of the line, or on lines
    /// of their own.
    fn comments_before(&mut self, at: usize) -> Doc {
        self.comments_placed(at, false)
    }

    fn comments_placed(&mut self, at: usize, statement: bool) -> Doc {
        let mut docs = Vec::new();
        while let Some(c) = self.comments.get(self.next).filter(|c| c.start < at) {
            let c = c.clone();
            self.next += 1;
            if !c.own_line {
                docs.push(Doc::Comment(c.text));
                continue;
            }
            let blank = statement && c.blank_before;
            docs.push(if blank { Doc::Blank } else { Doc::Hard });
            docs.push(Doc::Text(c.text));
            docs.push(Doc::Hard);
        }
        Doc::Concat(docs)
    }

    /// A keyword or a sign, matched with the next word of the source (written there as one of
    /// `spellings`, the first being how it is printed).
    pub(super) fn sign(&mut self, spellings: &[&str]) -> Doc {
        let at = self.next_word();
        let rest = &self.text[at..];
        let Some(found) = spellings.iter().find(|s| rest.starts_with(**s)) else {
            let seen: String = rest.chars().take(20).collect();
            self.fail(format!(
                "expected `{}` at byte {at}, found `{seen}`",
                spellings[0]
            ));
            return Doc::text(spellings[0]);
        };
        self.last_end = at + found.len();
        Doc::Concat(vec![self.comments_before(at), Doc::text(spellings[0])])
    }

    pub fn kw(&mut self, word: &str) -> Doc {
        self.sign(&[word])
    }

    /// Words separated by spaces, each a keyword.
    pub fn kws(&mut self, words: &str) -> Doc {
        let docs: Vec<Doc> = words.split(' ').map(|w| self.kw(w)).collect();
        spaced(docs)
    }

    /// A word of the source at `loc`, printed as `printed`.
    pub fn word_at(&mut self, loc: &Loc, printed: String) -> Doc {
        if loc.start < self.last_end || loc.start != self.next_word() {
            self.fail(format!("a word out of order at byte {}", loc.start));
        }
        self.last_end = loc.end.max(self.last_end);
        Doc::Concat(vec![self.comments_before(loc.start), Doc::Text(printed)])
    }

    /// A name, a quoted text or a date, printed as written.
    pub fn verbatim<T>(&mut self, node: &Node<T>) -> Doc {
        let text = node.loc.snippet().to_string();
        self.word_at(&node.loc, text)
    }

    /// A quoted text that the AST keeps without its location (a title, a citation, a parameter's
    /// description), printed as written.
    fn quoted(&mut self) -> Doc {
        let at = self.next_word();
        let len = quoted_len(&self.text[at..]);
        let Some(len) = len else {
            self.fail(format!("expected a quoted text at byte {at}"));
            return Doc::text("\"\"");
        };
        let text = self.text[at..at + len].to_string();
        self.last_end = at + len;
        Doc::Concat(vec![self.comments_before(at), Doc::Text(text)])
    }

    /// A line of a block (an item, a field, a `let`...), starting at the next word: the comments
    /// before it on their own lines, then a line break (an empty line too when the source has
    /// one right before it) and the line.
    pub fn statement(&mut self, line: impl FnOnce(&mut Self) -> Doc) -> Doc {
        let at = self.next_word();
        let comments = self.comments_placed(at, true);
        let brk = if blank_before(self.text, at) {
            Doc::Blank
        } else {
            Doc::Hard
        };
        Doc::Concat(vec![comments, brk, line(self)])
    }

    /// The comments before the end of a block (before `}` or the end of the file), on lines of
    /// their own at the block's indentation.
    pub fn closing_comments(&mut self) -> Doc {
        let at = self.next_word();
        self.comments_placed(at, true)
    }

    // ------------------------------------------------------------------ items

    pub fn file(&mut self, file: &File) -> Doc {
        let mut docs: Vec<Doc> = file.items.iter().map(|i| self.item(i)).collect();
        docs.push(self.closing_comments());
        Doc::Concat(docs)
    }

    fn item(&mut self, item: &Item) -> Doc {
        self.statement(|p| match item {
            Item::Collection(c) => p.collection(&c.node),
            Item::Parameter(x) => p.parameter(&x.node, "parameter"),
            Item::Amendment(x) => p.parameter(&x.node, "amend parameter"),
            Item::Definition(d) => p.definition(&d.node),
            Item::Rule(r) => p.rule(&r.node),
        })
    }

    fn collection(&mut self, c: &Collection) -> Doc {
        let mut head = vec![
            self.kw("collection"),
            Doc::text(" "),
            self.verbatim(&c.name),
        ];
        if let Some(s) = &c.singular {
            head.extend([Doc::text(" "), self.kw("("), self.verbatim(s), self.kw(")")]);
        }
        head.extend([Doc::text(" "), self.kw("{")]);
        let entries = self.entries(&entries_in_order(c));
        head.extend([Doc::nest(2, entries), Doc::Hard, self.kw("}")]);
        Doc::Concat(head)
    }

    /// The members of a collection or of a nested mapping, one a line, then the comments before
    /// its `}`.
    fn entries(&mut self, entries: &[Entry<'_>]) -> Doc {
        let mut docs: Vec<Doc> = entries.iter().map(|m| self.entry(m)).collect();
        docs.push(self.closing_comments());
        Doc::Concat(docs)
    }

    fn entry(&mut self, m: &Entry<'_>) -> Doc {
        match m {
            Entry::Field(f) => self.statement(|p| p.field(&f.node)),
            Entry::InForce(from, until) => self.statement(|p| {
                Doc::Concat(vec![
                    p.kws("in force from"),
                    Doc::text(" "),
                    p.verbatim(from),
                    Doc::text(" "),
                    p.kw("until"),
                    Doc::text(" "),
                    p.verbatim(until),
                ])
            }),
            Entry::ExactlyOne(a, b) => self.statement(|p| {
                Doc::Concat(vec![
                    p.kws("exactly one of"),
                    Doc::text(" "),
                    p.verbatim(a),
                    p.kw(","),
                    Doc::text(" "),
                    p.verbatim(b),
                ])
            }),
        }
    }

    fn field(&mut self, f: &FieldDecl) -> Doc {
        let mut docs = vec![self.verbatim(&f.name), self.kw(":"), Doc::text(" ")];
        if f.optional {
            docs.extend([self.kw("optional"), Doc::text(" ")]);
        }
        docs.push(self.form(&f.form.node));
        if let Some((field, value)) = &f.required_when {
            docs.extend([self.kw(","), Doc::text(" "), self.kws("required when")]);
            docs.extend([Doc::text(" "), self.verbatim(field), Doc::text(" ")]);
            docs.extend([self.kw("="), Doc::text(" "), self.verbatim(value)]);
        }
        if f.forbidden_otherwise {
            docs.extend([
                self.kw(","),
                Doc::text(" "),
                self.kws("forbidden otherwise"),
            ]);
        }
        Doc::Concat(docs)
    }

    fn form(&mut self, form: &Form) -> Doc {
        match form {
            Form::Scalar(kind, range) => {
                let mut docs = vec![self.kw(scalar_word(*kind))];
                if let Some(r) = range {
                    docs.extend([Doc::text(" "), self.range(r)]);
                }
                Doc::Concat(docs)
            }
            Form::CodeIn(name) => Doc::Concat(vec![
                self.kws("code in"),
                Doc::text(" "),
                self.verbatim(name),
            ]),
            Form::Enum(values) => {
                let head = self.kws("one of");
                Doc::Concat(vec![head, Doc::text(" "), Doc::align(self.list(values))])
            }
            Form::Ref(name) => {
                Doc::Concat(vec![self.kw("ref"), Doc::text(" "), self.verbatim(name)])
            }
            Form::Mapping(fields) => self.mapping(fields),
        }
    }

    fn mapping(&mut self, fields: &[Node<FieldDecl>]) -> Doc {
        let open = self.kw("{");
        let entries: Vec<Entry<'_>> = fields.iter().map(Entry::Field).collect();
        let body = self.entries(&entries);
        Doc::Concat(vec![open, Doc::nest(2, body), Doc::Hard, self.kw("}")])
    }

    /// Quoted texts separated by commas, as many on a line as fit.
    pub fn list(&mut self, values: &[Node<String>]) -> Doc {
        let mut items = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let mut item = vec![self.verbatim(v)];
            if i + 1 < values.len() {
                item.push(self.kw(","));
            }
            items.push(Doc::Concat(item));
        }
        Doc::Fill(items)
    }

    fn range(&mut self, r: &Range) -> Doc {
        match (&r.low, &r.high) {
            (Some((low, true)), None) => {
                Doc::Concat(vec![self.kw(">="), Doc::text(" "), self.kw(low)])
            }
            (Some((low, false)), None) => {
                Doc::Concat(vec![self.kw(">"), Doc::text(" "), self.kw(low)])
            }
            (low, high) => {
                let (low, open) = low.clone().unwrap_or_default();
                let (high, close) = high.clone().unwrap_or_default();
                Doc::Concat(vec![
                    self.kw(if open { "[" } else { "(" }),
                    self.kw(&low),
                    self.kw(","),
                    Doc::text(" "),
                    self.kw(&high),
                    self.kw(if close { "]" } else { ")" }),
                ])
            }
        }
    }

    fn parameter(&mut self, x: &Parameter, words: &str) -> Doc {
        let mut head = vec![self.kws(words), Doc::text(" "), self.verbatim(&x.name)];
        if x.description.is_some() {
            head.extend([Doc::text(" "), self.quoted()]);
        }
        head.push(self.kw(":"));
        let values: Vec<Doc> = x.values.iter().map(|v| self.param_value(v)).collect();
        head.push(Doc::nest(2, Doc::Concat(values)));
        Doc::Concat(head)
    }

    fn param_value(&mut self, v: &Node<ParamValue>) -> Doc {
        self.statement(|p| {
            Doc::Concat(vec![
                p.literal(&v.node.value),
                Doc::text(" "),
                p.kw("from"),
                Doc::text(" "),
                p.verbatim(&v.node.from),
            ])
        })
    }

    fn definition(&mut self, d: &Definition) -> Doc {
        let mut docs = vec![
            self.kw("definition"),
            Doc::text(" "),
            self.verbatim(&d.name),
        ];
        docs.push(self.kw("("));
        for (i, (name, ty)) in d.params.iter().enumerate() {
            if i > 0 {
                docs.extend([self.kw(","), Doc::text(" ")]);
            }
            docs.extend([
                self.verbatim(name),
                self.kw(":"),
                Doc::text(" "),
                self.verbatim(ty),
            ]);
        }
        docs.extend([self.kw(")"), Doc::text(" "), self.kw("means")]);
        let body = self.definition_body(&d.body);
        docs.push(Doc::nest(2, Doc::Concat(vec![Doc::Hard, body])));
        Doc::Concat(docs)
    }

    fn rule(&mut self, r: &Rule) -> Doc {
        let mut head = vec![self.kw("rule"), Doc::text(" "), self.verbatim(&r.id)];
        head.extend([Doc::text(" "), self.quoted()]);
        let mut body = Vec::new();
        body.push(self.statement(|p| {
            let word = p.kw("severity");
            let level = p.kw(r.severity.as_str());
            Doc::Concat(vec![word, Doc::text(" "), level])
        }));
        body.push(
            self.statement(|p| Doc::Concat(vec![p.kw("citation"), Doc::text(" "), p.quoted()])),
        );
        for c in &r.checks {
            body.push(self.statement(|p| p.check(&c.node)));
        }
        head.push(Doc::nest(2, Doc::Concat(body)));
        Doc::Concat(head)
    }

    fn check(&mut self, c: &Check) -> Doc {
        let mut head = Vec::new();
        for (i, b) in c.bindings.iter().enumerate() {
            if i > 0 {
                head.extend([self.kw(","), Doc::Line, self.kw("each"), Doc::text(" ")]);
            } else {
                head.extend([self.kws("for each"), Doc::text(" ")]);
            }
            head.push(self.binding(&b.node));
        }
        if let Some(n) = &c.numbering {
            head.extend([self.kw(","), Doc::Line, self.numbering(n)]);
        }
        head.push(self.kw(":"));
        let mut body = Vec::new();
        for (name, e) in &c.lets {
            body.push(self.statement(|p| p.let_stmt(name, e)));
        }
        body.extend(c.steps.iter().map(|s| self.step(s)));
        if let Some(r) = &c.report {
            body.push(self.statement(|p| p.report(r)));
        }
        let head = Doc::group(Doc::nest(4, Doc::Concat(head)));
        Doc::Concat(vec![head, Doc::nest(2, Doc::Concat(body))])
    }

    fn numbering(&mut self, n: &Numbering) -> Doc {
        Doc::Concat(vec![
            self.kws("numbered per"),
            Doc::text(" "),
            self.expr(&n.per),
            Doc::text(" "),
            self.kw("by"),
            Doc::text(" "),
            self.expr(&n.by),
            Doc::text(" "),
            self.kw("as"),
            Doc::text(" "),
            self.verbatim(&n.var),
        ])
    }

    fn let_stmt(&mut self, name: &Name, e: &Expr) -> Doc {
        let head = vec![
            self.kw("let"),
            Doc::text(" "),
            self.verbatim(name),
            Doc::text(" "),
        ];
        let eq = self.kw("=");
        let value = self.expr(e);
        let mut docs = head;
        docs.extend([eq, Doc::text(" "), Doc::cont(2, value)]);
        Doc::Concat(docs)
    }

    fn step(&mut self, s: &Node<Step>) -> Doc {
        self.statement(|p| match &s.node {
            Step::Require(r) => p.requirement(&r.node),
            Step::When { guard, steps } => {
                let head = vec![
                    p.kw("when"),
                    Doc::text(" "),
                    Doc::cont(2, p.expr(guard)),
                    p.kw(":"),
                ];
                let inner: Vec<Doc> = steps.iter().map(|s| p.step(s)).collect();
                Doc::Concat(vec![Doc::Concat(head), Doc::nest(2, Doc::Concat(inner))])
            }
        })
    }

    fn requirement(&mut self, r: &Requirement) -> Doc {
        let mut docs = Vec::new();
        if let Some(g) = &r.guard {
            docs.extend([self.kw("when"), Doc::text(" "), Doc::cont(2, self.expr(g))]);
            docs.push(Doc::Hard);
        }
        docs.extend([
            self.kw("require"),
            Doc::text(" "),
            Doc::cont(2, self.expr(&r.condition)),
        ]);
        let otherwise = vec![
            Doc::Hard,
            self.kw("otherwise"),
            Doc::text(" "),
            self.verbatim(&r.message),
        ];
        docs.push(Doc::nest(2, Doc::Concat(otherwise)));
        Doc::Concat(docs)
    }

    fn report(&mut self, r: &Report) -> Doc {
        let mut docs = vec![self.kws("report on"), Doc::text(" ")];
        for (i, name) in r.path.iter().enumerate() {
            if i > 0 {
                docs.push(self.kw("."));
            }
            docs.push(self.verbatim(name));
        }
        if let Some(v) = &r.once_per {
            docs.extend([
                Doc::text(" "),
                self.kws("once per"),
                Doc::text(" "),
                self.verbatim(v),
            ]);
        }
        Doc::Concat(docs)
    }
}

/// Docs separated by single spaces.
pub(super) fn spaced(docs: Vec<Doc>) -> Doc {
    let mut out = Vec::new();
    for (i, d) in docs.into_iter().enumerate() {
        if i > 0 {
            out.push(Doc::text(" "));
        }
        out.push(d);
    }
    Doc::Concat(out)
}

/// A member of a collection: a field, its period in force, or an `exactly one of`.
enum Entry<'a> {
    Field(&'a Node<FieldDecl>),
    InForce(&'a Name, &'a Name),
    ExactlyOne(&'a Name, &'a Name),
}

impl Entry<'_> {
    fn start(&self) -> usize {
        match self {
            Entry::Field(f) => f.loc.start,
            Entry::InForce(a, _) | Entry::ExactlyOne(a, _) => a.loc.start,
        }
    }
}

/// The members of a collection in the order written (the AST keeps them apart).
fn entries_in_order(c: &Collection) -> Vec<Entry<'_>> {
    let mut all: Vec<Entry<'_>> = c.fields.iter().map(Entry::Field).collect();
    all.extend(c.in_force.iter().map(|(a, b)| Entry::InForce(a, b)));
    all.extend(c.exactly_one.iter().map(|(a, b)| Entry::ExactlyOne(a, b)));
    all.sort_by_key(Entry::start);
    all
}

fn scalar_word(kind: ScalarKind) -> &'static str {
    match kind {
        ScalarKind::Text => "text",
        ScalarKind::Code => "code",
        ScalarKind::Integer => "integer",
        ScalarKind::Decimal => "decimal",
        ScalarKind::Money => "money",
        ScalarKind::Date => "date",
    }
}

/// The length of the quoted text at the start of `text`, quotes included.
fn quoted_len(text: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    if chars.next()?.1 != '"' {
        return None;
    }
    let mut escaped = false;
    for (i, c) in chars {
        match c {
            '"' if !escaped => return Some(i + 1),
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    None
}
