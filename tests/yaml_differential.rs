//! The two YAML readers give the same verdict: the fast reader of the plain block style
//! (`src/data/fast.rs`) declines a text or gives exactly granit-parser's tree, on generated
//! documents, on every YAML file of the repository, and on the divergences found so far.
//! See tests/README.md.

mod common;

use std::sync::OnceLock;

use garant::data::{Agreement, compare_readers};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

// ------------------------------------------------------------------ the grammar

/// Scalar text: ordinary words and values of the data format, and the nasty bits.
fn piece() -> impl Strategy<Value = &'static str> {
    let words = [
        "x",
        "id",
        "S-01",
        "P2-001",
        "2024-01-01",
        "2023",
        "44.00",
        "-44",
        ".5",
        "true",
        "NO",
        "null",
        "~",
        "a b",
        "it's",
        "Écologiste",
        "Génération.s",
        "日本",
        "😀",
        "x-y",
        "0x1F",
        "https://x.fr/a?b=c",
        "a:b",
        "a#b",
        "-x",
        "--",
        "?x",
        ":x",
        "x:",
        "x -",
        "é",
    ];
    let indicators = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@",
        "`", " ", "  ", ": ", " #", "\\", "---", "...", "- ", "? ", "''", "\\\"", "\\n", "[]",
        "{}", "!!str ", "&a ", "*a",
    ];
    let controls = [
        "\0",
        "\x01",
        "\x08",
        "\x0b",
        "\x0c",
        "\x1b",
        "\x1f",
        "\x7f",
        "\u{80}",
        "\u{84}",
        "\u{85}",
        "\u{86}",
        "\u{9f}",
        "\u{a0}",
        "\u{2028}",
        "\u{2029}",
        "\u{feff}",
        "\u{fffe}",
        "\u{ffff}",
        "\u{fffd}",
        "\u{d7ff}",
        "\u{e000}",
        "\u{10ffff}",
        "\t",
        "\r",
        "\r\n",
    ];
    prop_oneof![
        8 => prop::sample::select(words.to_vec()),
        4 => prop::sample::select(indicators.to_vec()),
        2 => prop::sample::select(controls.to_vec()),
    ]
}

#[derive(Debug, Clone)]
enum Style {
    Plain,
    Single,
    Double,
}

#[derive(Debug, Clone)]
struct Scalar {
    style: Style,
    pieces: Vec<&'static str>,
}

fn scalar() -> impl Strategy<Value = Scalar> {
    let style = prop_oneof![
        6 => Just(Style::Plain),
        1 => Just(Style::Single),
        2 => Just(Style::Double),
    ];
    let nasty = (style, prop::collection::vec(piece(), 1..4))
        .prop_map(|(style, pieces)| Scalar { style, pieces });
    prop_oneof![
        10 => clean_word().prop_map(|w| Scalar { style: Style::Plain, pieces: vec![w] }),
        2 => clean_word().prop_map(|w| Scalar { style: Style::Double, pieces: vec![w] }),
        1 => nasty,
    ]
}

/// A value as the Secretariat writes it.
fn clean_word() -> impl Strategy<Value = &'static str> {
    let words = [
        "S-01",
        "P2-001",
        "2024-01-01",
        "2023",
        "44.00",
        "-44",
        "true",
        "null",
        "Écologiste",
        "it's",
        "a b",
        "x",
    ];
    prop::sample::select(words.to_vec())
}

/// A key: mostly the names of the data format, sometimes any scalar.
fn key() -> impl Strategy<Value = String> {
    let names = [
        "id",
        "year",
        "published_on",
        "activity_reports",
        "a",
        "b_c",
        "x-y",
        "_k",
        "k1",
        "members",
    ];
    prop_oneof![
        200 => prop::sample::select(names.to_vec()).prop_map(str::to_string),
        4 => scalar().prop_map(|s| s.pieces.concat()),
        // Around the longest implicit key, 1024 characters.
        1 => (1usize..4).prop_map(|n| "k".repeat(1021 + n)),
    ]
}

#[derive(Debug, Clone)]
enum Node {
    Scalar(Scalar),
    /// `{ k: v, ... }` on one line; its values scalars, empty lists or flow mappings.
    Flow(Vec<(String, Node)>),
    /// `[]`.
    Empty,
    /// A key with nothing after it.
    Nothing,
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

fn flow_value() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        8 => scalar().prop_map(Node::Scalar),
        1 => Just(Node::Empty),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec((key(), inner), 0..4).prop_map(Node::Flow)
    })
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        6 => scalar().prop_map(Node::Scalar),
        3 => prop::collection::vec((key(), flow_value()), 0..5).prop_map(Node::Flow),
        1 => Just(Node::Empty),
        1 => Just(Node::Nothing),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec((key(), inner.clone()), 1..4).prop_map(Node::Map),
            prop::collection::vec(item(inner), 1..4).prop_map(Node::Seq),
        ]
    })
}

/// A list item: mostly a record, as a block or a flow mapping.
fn item(inner: impl Strategy<Value = Node> + Clone) -> impl Strategy<Value = Node> {
    prop_oneof![
        4 => prop::collection::vec((key(), inner.clone()), 1..4).prop_map(Node::Map),
        4 => prop::collection::vec((key(), flow_value()), 0..5).prop_map(Node::Flow),
        1 => inner,
    ]
}

/// A change to the rendered text: at a position (a fraction of the text), insert a piece,
/// delete a few characters, or insert a whole line.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(prop::sample::Index, &'static str),
    Delete(prop::sample::Index, usize),
    Line(prop::sample::Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let lines = [
        "---",
        "--- ",
        "...",
        "%YAML 1.2",
        "# comment",
        "   # comment",
        "",
        "  ",
        "-",
        "- x",
        "  - { id: - }",
        " k: v",
        "\u{feff}",
    ];
    prop_oneof![
        3 => (any::<prop::sample::Index>(), piece()).prop_map(|(i, p)| Mutation::Insert(i, p)),
        2 => (any::<prop::sample::Index>(), 1usize..4).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => (any::<prop::sample::Index>(), prop::sample::select(lines.to_vec()))
            .prop_map(|(i, l)| Mutation::Line(i, l)),
    ]
}

/// A document: a top-level mapping, its layout, and a few mutations.
#[derive(Debug, Clone)]
struct Document {
    top: Vec<(String, Node)>,
    /// The layout's choices (indent step, spaces, comments, ...), consumed in turn.
    layout: Vec<u8>,
    prefix: &'static str,
    mutations: Vec<Mutation>,
}

fn document() -> impl Strategy<Value = Document> {
    let prefix = prop_oneof![
        12 => Just(""),
        1 => Just("---\n"),
        1 => Just("--- "),
        1 => Just("\u{feff}"),
        1 => Just("# head\n\n"),
    ];
    (
        prop::collection::vec((key(), node()), 1..3),
        prop::collection::vec(any::<u8>(), 1..16),
        prefix,
        prop_oneof![
            3 => Just(Vec::new()),
            1 => prop::collection::vec(mutation(), 1..3),
        ],
    )
        .prop_map(|(top, layout, prefix, mutations)| Document {
            top,
            layout,
            prefix,
            mutations,
        })
}

// ------------------------------------------------------------------ rendering

struct Render<'a> {
    out: String,
    layout: &'a [u8],
    next: usize,
    /// The indent step: 2 mostly, sometimes 1, 3 or 4.
    step: usize,
}

impl Render<'_> {
    /// The next layout choice, in `0..n`.
    fn choose(&mut self, n: u8) -> u8 {
        let c = self.layout[self.next % self.layout.len()] / 7 + self.next as u8;
        self.next += 1;
        c % n
    }

    fn scalar(&mut self, s: &Scalar) {
        let text = s.pieces.concat();
        match s.style {
            Style::Plain => self.out.push_str(&text),
            Style::Single => {
                self.out.push('\'');
                self.out.push_str(&text);
                self.out.push('\'');
            }
            Style::Double => {
                self.out.push('"');
                self.out.push_str(&text);
                self.out.push('"');
            }
        }
    }

    fn colon(&mut self) {
        let colon = if self.choose(8) == 0 { ":  " } else { ": " };
        self.out.push_str(colon);
    }

    fn flow(&mut self, pairs: &[(String, Node)]) {
        let spaced = self.choose(4) != 0;
        self.out.push('{');
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            if spaced || i > 0 {
                self.out.push(' ');
            }
            self.out.push_str(k);
            self.colon();
            self.inline(v);
        }
        if spaced && !pairs.is_empty() {
            self.out.push(' ');
        }
        self.out.push('}');
    }

    /// A node that fits on the rest of a line.
    fn inline(&mut self, n: &Node) {
        match n {
            Node::Scalar(s) => self.scalar(s),
            Node::Flow(pairs) => self.flow(pairs),
            Node::Empty | Node::Map(_) | Node::Seq(_) => self.out.push_str("[]"),
            Node::Nothing => {}
        }
    }

    fn end_line(&mut self) {
        self.end_line_of(12);
    }

    /// The end of a `key:` line: the fast reader declines a comment or spaces there, so they
    /// come more rarely, lest most documents be declined.
    fn end_key_line(&mut self) {
        self.end_line_of(48);
    }

    fn end_line_of(&mut self, n: u8) {
        match self.choose(n) {
            0 => self.out.push_str(" # note"),
            1 => self.out.push_str("  "),
            2 => self.out.push_str("\n# between"),
            3 => self.out.push('\n'),
            _ => {}
        }
        self.out.push('\n');
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn pairs(&mut self, pairs: &[(String, Node)], at: usize, first_inline: bool) {
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 || !first_inline {
                self.indent(at);
            }
            self.out.push_str(k);
            match v {
                Node::Map(inner) => {
                    self.out.push(':');
                    self.end_key_line();
                    let step = self.step;
                    self.pairs(inner, at + step, false);
                }
                Node::Seq(items) => {
                    self.out.push(':');
                    self.end_key_line();
                    // Sometimes the items at the key's column ("compact" style).
                    let deeper = if self.choose(6) == 0 { 0 } else { self.step };
                    self.items(items, at + deeper);
                }
                Node::Nothing => {
                    self.out.push(':');
                    self.end_key_line();
                }
                _ => {
                    self.colon();
                    self.inline(v);
                    self.end_line();
                }
            }
        }
    }

    fn items(&mut self, items: &[Node], at: usize) {
        for item in items {
            self.indent(at);
            self.out.push_str("- ");
            match item {
                Node::Map(pairs) => self.pairs(pairs, at + 2, true),
                Node::Seq(inner) => {
                    self.out.push_str("[]");
                    self.end_line();
                    let _ = inner;
                }
                other => {
                    self.inline(other);
                    self.end_line();
                }
            }
        }
    }
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn render(doc: &Document) -> String {
    let step = match doc.layout[0] % 8 {
        0 => 1,
        1 => 3,
        2 => 4,
        _ => 2,
    };
    let mut r = Render {
        out: String::from(doc.prefix),
        layout: &doc.layout,
        next: 1,
        step,
    };
    r.pairs(&doc.top, 0, false);
    let mut text = r.out;
    for m in &doc.mutations {
        match m {
            Mutation::Insert(i, piece) => {
                let at = boundary(&text, i.index(text.len() + 1));
                text.insert_str(at, piece);
            }
            Mutation::Delete(i, n) => {
                let at = boundary(&text, i.index(text.len() + 1));
                let end = text[at..]
                    .char_indices()
                    .nth(*n)
                    .map_or(text.len(), |(j, _)| at + j);
                text.replace_range(at..end, "");
            }
            Mutation::Line(i, line) => {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(j, _)| j + 1))
                    .collect();
                let at = starts[i.index(starts.len())];
                text.insert_str(at, &format!("{line}\n"));
            }
        }
    }
    text
}

// ------------------------------------------------------------------ the property

/// The number of generated documents: enough for a few seconds in a debug build.
/// `PROPTEST_CASES` raises it, and `PROPTEST_RNG_SEED` changes the otherwise fixed seed.
fn config() -> Config {
    let env = Config::default();
    Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            env.cases
        } else {
            3000
        },
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            env.rng_seed
        } else {
            RngSeed::Fixed(0x6761_7261_6e74)
        },
        failure_persistence: None,
        ..env
    }
}

#[test]
fn generated_documents_get_the_same_tree_from_both_readers() {
    let mut runner = TestRunner::new(config());
    let counts = std::cell::Cell::new([0usize; 3]);
    let result = runner.run(&document(), |doc| {
        let text = render(&doc);
        let agreement = compare_readers(&text)
            .map_err(|e| TestCaseError::fail(format!("{e}\ntext: {text:?}")))?;
        let mut c = counts.get();
        c[match agreement {
            Agreement::Declined => 0,
            Agreement::SameTree => 1,
            Agreement::SameError => 2,
        }] += 1;
        counts.set(c);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let [declined, same_tree, same_error] = counts.get();
    let total = declined + same_tree + same_error;
    eprintln!("{total} documents: {same_tree} read by both readers, {declined} declined");
    // The grammar must keep the fast reader busy, or the property says nothing.
    assert!(
        same_tree * 4 > total,
        "only {same_tree} of {total} documents were read by the fast reader"
    );
    assert!(
        declined * 10 > total,
        "only {declined} of {total} documents were declined by the fast reader"
    );
}

// ------------------------------------------------------------------ the repository's files

#[test]
fn every_yaml_file_of_the_repository_gets_the_same_tree_from_both_readers() {
    let (files, texts) = common::repository_texts();
    let mut same_tree = 0;
    for (f, text) in &texts {
        match compare_readers(text) {
            Ok(Agreement::SameTree) => same_tree += 1,
            Ok(_) => {}
            Err(e) => panic!("{}: {e}", f.display()),
        }
    }
    assert!(files > 100, "only {files} YAML files found");
    assert!(
        same_tree * 2 > files,
        "only {same_tree} of {files} files were read by the fast reader"
    );
}

// ------------------------------------------------------------------ the divergences found

fn program() -> &'static garant::check::ir::Program {
    static PROGRAM: OnceLock<garant::check::ir::Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"))
    })
}

/// The codes of the entries `garant check` gives on a data file holding `text`.
fn codes(name: &str, text: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!(
        "garant-yaml-differential-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = dir.join("data.yaml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default();
    let report = garant::run_check(program(), &[path], as_of);
    let _ = std::fs::remove_dir_all(&dir);
    report.entries.iter().map(|e| e.rule.clone()).collect()
}

/// The codes of the data errors of `text` loaded from memory, with their lines and columns.
fn loaded(text: &[u8]) -> Vec<(String, u32, u32)> {
    let (_, errors) = garant::data::load_bytes("data.yaml", text.to_vec(), &program().schema);
    errors
        .iter()
        .map(|e| (e.code.to_string(), e.loc.line, e.loc.col))
        .collect()
}

/// `text` gets the same verdict whichever reader reads it: the readers agree on it, and
/// `garant check` gives `expected` on it as written and with a leading `---` (which only
/// granit-parser reads); loaded from memory it gives the same data errors.
fn same_verdict(name: &str, text: &str, expected: &[&str]) {
    if let Err(e) = compare_readers(text) {
        panic!("{name}: {e}");
    }
    assert_eq!(codes(name, text), expected, "{name}: {text:?}");
    let from_memory: Vec<String> = loaded(text.as_bytes()).into_iter().map(|e| e.0).collect();
    assert_eq!(from_memory, expected, "{name} from memory: {text:?}");
    let marked = format!("---\n{text}");
    assert_eq!(
        codes(&format!("{name}-marked"), &marked),
        expected,
        "{name} after ---: {marked:?}"
    );
}

#[test]
fn a_dash_before_a_comma_in_a_flow_sequence_is_a_syntax_error() {
    same_verdict(
        "dash-flow-seq",
        "activity_reports: [ { id: -, year: 2023, published_on: 2024-01-01 } ]\n",
        &["DATA-SYNTAX"],
    );
}

#[test]
fn a_dash_before_a_comma_in_a_list_item_is_a_syntax_error() {
    same_verdict(
        "dash-item",
        "activity_reports:\n  - { id: -, year: 2023, published_on: 2024-01-01 }\n",
        &["DATA-SYNTAX"],
    );
    same_verdict(
        "dash-brace",
        "activity_reports:\n  - { year: 2023, published_on: 2024-01-01, id: -}\n",
        &["DATA-SYNTAX"],
    );
}

#[test]
fn a_dash_before_a_safe_character_is_a_plain_scalar() {
    same_verdict(
        "dash-safe",
        "activity_reports:\n  - { id: -x, year: 2023, published_on: 2024-01-01 }\n",
        &[],
    );
}

#[test]
fn a_nul_byte_in_a_quoted_id_is_a_syntax_error() {
    same_verdict(
        "nul",
        "activity_reports:\n  - { id: \"S\0 1\", year: 2023, published_on: 2024-01-01 }\n",
        &["DATA-SYNTAX"],
    );
}

#[test]
fn characters_outside_c_printable_are_syntax_errors() {
    let refused = [
        ("c0", '\x01'),
        ("esc", '\x1b'),
        ("del", '\x7f'),
        ("c1-first", '\u{80}'),
        ("c1-last", '\u{9f}'),
        ("fffe", '\u{fffe}'),
        ("ffff", '\u{ffff}'),
    ];
    for (name, c) in refused {
        let quoted = format!(
            "activity_reports:\n  - {{ id: \"S{c}1\", year: 2023, published_on: 2024-01-01 }}\n"
        );
        same_verdict(&format!("{name}-quoted"), &quoted, &["DATA-SYNTAX"]);
        let plain = format!(
            "activity_reports:\n  - id: S{c}1\n    year: 2023\n    published_on: 2024-01-01\n"
        );
        same_verdict(&format!("{name}-plain"), &plain, &["DATA-SYNTAX"]);
    }
    // A byte order mark where a token begins.
    let bom = "activity_reports:\n  - { id: \u{feff}S1, year: 2023, published_on: 2024-01-01 }\n";
    same_verdict("bom", bom, &["DATA-SYNTAX"]);
}

#[test]
fn printable_characters_that_look_odd_are_read_alike() {
    for (name, c) in [("nel", '\u{85}'), ("ls", '\u{2028}'), ("nbsp", '\u{a0}')] {
        let text = format!(
            "activity_reports:\n  - {{ id: S{c}1, year: 2023, published_on: 2024-01-01 }}\n"
        );
        assert_eq!(compare_readers(&text), Ok(Agreement::SameTree), "{name}");
        same_verdict(name, &text, &[]);
    }
}

#[test]
fn an_implicit_key_over_1024_characters_is_a_syntax_error() {
    let record = |key: &str| {
        format!(
            "activity_reports:\n  - {{ id: A, year: 2023, published_on: 2024-01-01, {key}: 1 }}\n"
        )
    };
    let at_limit = record(&"k".repeat(1024));
    assert_eq!(compare_readers(&at_limit), Ok(Agreement::SameTree));
    same_verdict("key-1024", &at_limit, &["DATA-UNKNOWN-FIELD"]);
    same_verdict("key-1025", &record(&"k".repeat(1025)), &["DATA-SYNTAX"]);
    let block = format!("{}: []\n", "k".repeat(1025));
    same_verdict("key-1025-block", &block, &["DATA-SYNTAX"]);
}

#[test]
fn a_text_loaded_from_memory_gives_the_errors_of_the_same_file_on_disk() {
    let samples: [&[u8]; 4] = [
        b"activity_reports:\n  - { id: A, year: 2023, published_on: 2024-13-01 }\n",
        b"activity_reports:\n  - { id: A, year: 2023 }\n  - { id: A, year: 2023 }\n",
        b"members:\n  - { id: M, promotion: P9 }\n",
        b"activity_reports:\n  - { id: \"caf\xe9\" }\n",
    ];
    for (i, bytes) in samples.iter().enumerate() {
        let dir = std::env::temp_dir().join(format!(
            "garant-yaml-differential-{}-memory-{i}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let path = dir.join("data.yaml");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (_, on_disk) = garant::data::load(&[path], &program().schema);
        let _ = std::fs::remove_dir_all(&dir);
        let on_disk: Vec<(String, u32, u32)> = on_disk
            .iter()
            .map(|e| (e.code.to_string(), e.loc.line, e.loc.col))
            .collect();
        assert!(!on_disk.is_empty(), "sample {i} has no error");
        assert_eq!(loaded(bytes), on_disk, "sample {i}");
    }
}
