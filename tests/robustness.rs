//! No input makes garant panic. The example files (the data of `cases/paris` and the rule files
//! of `rules/`) are truncated at many byte positions (some inside multi-byte UTF-8 characters)
//! and corrupted (bytes flipped, lines swapped, a tab inserted, random deletions, with a fixed
//! seed), then fed to `garant::run_check` (data) and `garant::rules::compile` /
//! `garant::rules::from_path` (rules). Each call must return normally; where the corruption
//! certainly breaks the input (a cut inside a UTF-8 character, inside a flow mapping or a
//! string, an invalid byte), it must return an error, not a silent success.
//!
//! The variants are few enough for a debug build to run them in seconds.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use garant::check::ir::Program;
use garant::loc::Source;
use garant::report::Report;
use garant::syntax::ast::File;

/// A tiny deterministic PRNG (xorshift64*), so that the variants are the same on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("garant-robustness-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date")
}

fn built_in() -> Program {
    garant::rules::built_in().unwrap_or_else(|_| panic!("the built-in rules compile"))
}

/// The small data files of `cases/paris/data` (the large generated indemnity and member files
/// are left out to keep the test fast), by name.
fn data_examples() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("cases/paris/data");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("cases/paris/data")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("a data file"),
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 8, "found {} paris data files", files.len());
    files
}

/// The rule files of `rules/`, by name.
fn rule_examples() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root().join("rules"))
        .expect("rules/")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "garant"))
        .map(|e| {
            (
                format!("rules/{}", e.file_name().to_string_lossy()),
                std::fs::read_to_string(e.path()).expect("a rule file"),
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 5, "found {} rule files", files.len());
    files
}

// ---------------------------------------------------------------- variants

/// What a variant is, for failure messages, and whether it certainly breaks its input.
struct Variant {
    what: String,
    bytes: Vec<u8>,
    breaks: bool,
}

fn variant(what: String, bytes: Vec<u8>, breaks: bool) -> Variant {
    Variant {
        what,
        bytes,
        breaks,
    }
}

/// Byte offsets just after the first byte of a multi-byte UTF-8 character: cutting there leaves
/// an incomplete character.
fn inside_characters(text: &[u8]) -> Vec<usize> {
    (0..text.len())
        .filter(|&i| text[i] >= 0xC0)
        .map(|i| i + 1)
        .collect()
}

/// Byte offsets (on character boundaries) that lie inside a construct that a cut leaves open:
/// a flow collection `{...}`/`[...]` of YAML, or a double-quoted string (YAML or rule text).
/// `#` starts a comment outside strings; `yaml` says whether brackets count.
fn inside_open_construct(text: &str, yaml: bool) -> Vec<usize> {
    let mut open = Vec::new();
    let (mut depth, mut quoted, mut escaped, mut comment) = (0usize, false, false, false);
    let mut prev = '\n';
    for (i, c) in text.char_indices() {
        if depth > 0 || quoted {
            open.push(i);
        }
        if comment {
            comment = c != '\n';
        } else if quoted {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
        } else if c == '"' {
            quoted = true;
        } else if c == '#' && (prev.is_whitespace() || i == 0) {
            comment = true;
        } else if yaml && (c == '{' || c == '[') {
            depth += 1;
        } else if yaml && (c == '}' || c == ']') {
            depth = depth.saturating_sub(1);
        }
        prev = c;
    }
    // the offset just after an opening bracket or quote is inside too; the one of the closing
    // character itself is not (the cut keeps everything before it)
    open.retain(|&i| i > 0 && text.is_char_boundary(i));
    open
}

/// Up to `n` elements of `items`, spread evenly.
fn spread<T: Copy>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|k| items[k * items.len() / n]).collect()
}

/// How many variants of each kind to make of one file.
struct Counts {
    cuts: usize,
    utf8_cuts: usize,
    open_cuts: usize,
    flips: usize,
    invalid_bytes: usize,
    swaps: usize,
    tabs: usize,
    deletions: usize,
}

/// For the small data files, checked alone (fast).
const MANY: Counts = Counts {
    cuts: 12,
    utf8_cuts: 6,
    open_cuts: 8,
    flips: 8,
    invalid_bytes: 3,
    swaps: 5,
    tabs: 4,
    deletions: 5,
};

/// For the rule files and the whole dataset (slower in a debug build).
const FEW: Counts = Counts {
    cuts: 6,
    utf8_cuts: 3,
    open_cuts: 4,
    flips: 4,
    invalid_bytes: 1,
    swaps: 3,
    tabs: 2,
    deletions: 3,
};

/// The variants of one example file. `yaml` chooses which constructs a cut certainly leaves open.
fn variants(text: &[u8], yaml: bool, counts: &Counts, rng: &mut Rng) -> Vec<Variant> {
    let mut out = Vec::new();
    let len = text.len();
    // truncations at evenly spread positions (0 and the whole length included)
    for k in 0..=counts.cuts {
        let cut = k * len / counts.cuts;
        out.push(variant(
            format!("cut at byte {cut}"),
            text[..cut].to_vec(),
            false,
        ));
    }
    // inside multi-byte characters: the rest is not UTF-8
    for cut in spread(&inside_characters(text), counts.utf8_cuts) {
        out.push(variant(
            format!("cut at byte {cut}, inside a UTF-8 character"),
            text[..cut].to_vec(),
            true,
        ));
    }
    // inside a flow collection or a string: it is left open
    if let Ok(s) = std::str::from_utf8(text) {
        for cut in spread(&inside_open_construct(s, yaml), counts.open_cuts) {
            out.push(variant(
                format!("cut at byte {cut}, inside an open bracket or string"),
                text[..cut].to_vec(),
                true,
            ));
        }
    }
    // random byte flips: any bit pattern; an 0xFF byte is never UTF-8
    for _ in 0..counts.flips {
        let at = rng.below(len);
        let mut b = text.to_vec();
        b[at] ^= (rng.below(255) + 1) as u8;
        out.push(variant(
            format!("byte {at} flipped to {:#04x}", b[at]),
            b,
            false,
        ));
    }
    for _ in 0..counts.invalid_bytes {
        let at = rng.below(len);
        let mut b = text.to_vec();
        b[at] = 0xFF;
        out.push(variant(format!("byte {at} set to 0xff"), b, true));
    }
    // lines swapped
    let lines: Vec<&[u8]> = text.split(|&c| c == b'\n').collect();
    for _ in 0..counts.swaps {
        let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
        let mut swapped = lines.clone();
        swapped.swap(i, j);
        out.push(variant(
            format!("lines {} and {} swapped", i + 1, j + 1),
            swapped.join(&b'\n'),
            false,
        ));
    }
    // a tab inserted
    for _ in 0..counts.tabs {
        let at = rng.below(len + 1);
        let mut b = text.to_vec();
        b.insert(at, b'\t');
        out.push(variant(format!("a tab inserted at byte {at}"), b, false));
    }
    // random deletions: a few bytes here and there
    for _ in 0..counts.deletions {
        let mut b = text.to_vec();
        let count = 1 + rng.below(6);
        for _ in 0..count {
            if b.is_empty() {
                break;
            }
            let at = rng.below(b.len());
            let n = (1 + rng.below(8)).min(b.len() - at);
            b.drain(at..at + n);
        }
        out.push(variant(format!("{count} random deletions"), b, false));
    }
    out
}

// ---------------------------------------------------------------- data

/// Runs a check of `paths` with no panic allowed.
fn check_no_panic(program: &Program, paths: &[PathBuf], what: &str) -> Option<Report> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        garant::run_check(program, paths, as_of())
    }));
    match result {
        Err(_) => panic!("garant panicked on {what}"),
        Ok(report) => {
            // rendering must not panic either
            let rendered = catch_unwind(AssertUnwindSafe(|| {
                (
                    garant::report::human::render(&report, false),
                    garant::report::json::render(&report),
                )
            }));
            assert!(rendered.is_ok(), "rendering the report panicked on {what}");
            Some(report)
        }
    }
}

fn assert_broken(report: Option<&Report>, what: &str) {
    if let Some(r) = report {
        assert!(
            !r.complete && r.entries.iter().any(|e| e.rule.starts_with("DATA-")),
            "no data error on {what}: the corruption went unnoticed"
        );
    }
}

#[test]
fn corrupted_data_files_alone_never_panic() {
    let program = built_in();
    let dir = temp_dir("data-alone");
    let mut rng = Rng::new(0x5eed_0001);
    let mut count = 0;
    for (name, text) in data_examples() {
        for v in variants(&text, true, &MANY, &mut rng) {
            let path = dir.join(&name);
            std::fs::write(&path, &v.bytes).expect("a variant");
            let what = format!("{name}, {}", v.what);
            let report = check_no_panic(&program, std::slice::from_ref(&path), &what);
            if v.breaks {
                assert!(
                    report.is_some(),
                    "{what}: an evaluation error, not a data error"
                );
                assert_broken(report.as_ref(), &what);
            }
            count += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(count > 300, "only {count} variants");
}

#[test]
fn utf8_cuts_and_invalid_bytes_are_data_read_errors() {
    let program = built_in();
    let dir = temp_dir("data-read");
    let mut checked = 0;
    for (name, text) in data_examples() {
        for cut in spread(&inside_characters(&text), 3) {
            let path = dir.join(&name);
            std::fs::write(&path, &text[..cut]).expect("a variant");
            let what = format!("{name} cut at byte {cut}");
            let report = check_no_panic(&program, std::slice::from_ref(&path), &what)
                .unwrap_or_else(|| panic!("{what}: a report"));
            let codes: Vec<&str> = report.entries.iter().map(|e| e.rule.as_str()).collect();
            assert_eq!(codes, ["DATA-READ"], "{what}");
            checked += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        checked >= 3,
        "the examples hold multi-byte characters ({checked} cuts)"
    );
}

#[test]
fn cuts_inside_a_flow_mapping_are_syntax_errors() {
    let program = built_in();
    let dir = temp_dir("data-syntax");
    for (name, text) in data_examples() {
        let s = std::str::from_utf8(&text).expect("UTF-8 examples");
        for cut in spread(&inside_open_construct(s, true), 3) {
            let path = dir.join(&name);
            std::fs::write(&path, &text[..cut]).expect("a variant");
            let what = format!("{name} cut at byte {cut}");
            let report = check_no_panic(&program, std::slice::from_ref(&path), &what)
                .unwrap_or_else(|| panic!("{what}: a report"));
            assert!(
                report.entries.iter().any(|e| e.rule == "DATA-SYNTAX"),
                "{what}: {:?}",
                report.entries.iter().map(|e| &e.rule).collect::<Vec<_>>()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The whole paris dataset with one file replaced by a variant: corrupted but well-formed data
/// reaches the evaluator too.
#[test]
fn corrupted_file_within_the_paris_dataset_never_panics() {
    let program = built_in();
    let dir = temp_dir("data-paris");
    // the generated indemnities are left out: the evaluation is slow on them in a debug build
    copy_tree(&root().join("cases/paris/data"), &dir, &["indemnities"]);
    let clean = check_no_panic(&program, std::slice::from_ref(&dir), "the paris data")
        .expect("a report on the paris data");
    assert!(clean.complete, "the copied paris data is clean");
    let mut rng = Rng::new(0x5eed_0002);
    for (name, text) in data_examples() {
        let all = variants(&text, true, &FEW, &mut rng);
        // a handful of every kind
        let chosen: Vec<&Variant> = all.iter().step_by(6).collect();
        for v in chosen {
            std::fs::write(dir.join(&name), &v.bytes).expect("a variant");
            let what = format!("paris with {name}: {}", v.what);
            let report = check_no_panic(&program, std::slice::from_ref(&dir), &what);
            if v.breaks {
                assert_broken(report.as_ref(), &what);
            }
        }
        std::fs::write(dir.join(&name), &text).expect("the original back");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn copy_tree(from: &Path, to: &Path, except: &[&str]) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a folder").flatten() {
        if except.iter().any(|x| entry.file_name() == *x) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target, except);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

// ---------------------------------------------------------------- rules

/// Compiles the rule files with `name` replaced by `text`, with no panic allowed; true when it
/// compiled.
fn compile_no_panic(files: &[(String, String)], name: &str, text: &str, what: &str) -> bool {
    let sources: Vec<Arc<Source>> = files
        .iter()
        .map(|(n, t)| Source::new(n.clone(), if n == name { text } else { t.as_str() }))
        .collect();
    match catch_unwind(AssertUnwindSafe(|| garant::rules::compile(sources))) {
        Err(_) => panic!("compiling panicked on {what}"),
        Ok(Ok(_)) => true,
        Ok(Err(errors)) => {
            assert!(!errors.is_empty(), "{what}: an error list with no error");
            // rendering the errors must not panic either
            let rendered = catch_unwind(AssertUnwindSafe(|| {
                errors
                    .iter()
                    .map(|e| garant::report::human::render_diagnostic(e, false))
                    .collect::<String>()
            }));
            assert!(rendered.is_ok(), "rendering the errors panicked on {what}");
            false
        }
    }
}

/// What `compile` does, parse then check, with the unchanged files parsed once (the parser is
/// slow in a debug build): true when the files with `name` replaced by `text` compile.
fn parse_and_check_no_panic(parsed: &[(String, File)], name: &str, text: &str, what: &str) -> bool {
    let src = Source::new(name, text);
    let file = match catch_unwind(AssertUnwindSafe(|| {
        garant::syntax::parse_file(&src).map_err(Box::new)
    })) {
        Err(_) => panic!("parsing panicked on {what}"),
        Ok(Err(e)) => {
            let e = garant::rules::CompileError::Parse(*e);
            let rendered = catch_unwind(AssertUnwindSafe(|| {
                garant::report::human::render_diagnostic(&e, false)
            }));
            assert!(
                rendered.is_ok(),
                "rendering the parse error panicked on {what}"
            );
            return false;
        }
        Ok(Ok(file)) => file,
    };
    let files: Vec<File> = parsed
        .iter()
        .map(|(n, f)| if n == name { file.clone() } else { f.clone() })
        .collect();
    match catch_unwind(AssertUnwindSafe(|| garant::check::check(&files))) {
        Err(_) => panic!("checking panicked on {what}"),
        Ok(result) => result.is_ok(),
    }
}

#[test]
fn corrupted_rule_files_never_panic() {
    let files = rule_examples();
    assert!(
        compile_no_panic(&files, "", "", "the rule files as they are"),
        "the rule files compile"
    );
    let parsed: Vec<(String, File)> = files
        .iter()
        .map(|(n, t)| {
            let file = garant::syntax::parse_file(&Source::new(n.clone(), t.as_str()))
                .unwrap_or_else(|_| panic!("{n} parses"));
            (n.clone(), file)
        })
        .collect();
    let mut rng = Rng::new(0x5eed_0003);
    let mut count = 0;
    for (name, text) in &files {
        for (k, v) in variants(text.as_bytes(), false, &FEW, &mut rng)
            .into_iter()
            .enumerate()
        {
            // compile takes text: invalid UTF-8 becomes U+FFFD, as a lossy reader would make it
            let lossy = String::from_utf8_lossy(&v.bytes);
            let what = format!("{name}, {}", v.what);
            let compiled = parse_and_check_no_panic(&parsed, name, &lossy, &what);
            if v.breaks && v.what.contains("open bracket or string") {
                assert!(!compiled, "{what}: a string left open compiled");
            }
            // now and then through the whole of `compile`, which must agree
            if k % 12 == 0 {
                assert_eq!(
                    compile_no_panic(&files, name, &lossy, &what),
                    compiled,
                    "{what}"
                );
            }
            count += 1;
        }
    }
    assert!(count > 200, "only {count} variants");
}

#[test]
fn an_empty_schema_breaks_the_regulation() {
    let files = rule_examples();
    let schema = files
        .iter()
        .find(|(n, _)| n.ends_with("00-schema.garant"))
        .map(|(n, _)| n.clone())
        .expect("rules/00-schema.garant");
    assert!(!compile_no_panic(&files, &schema, "", "an empty schema"));
}

/// Rule files on disk, read by `from_path`: a cut inside a UTF-8 character or an invalid byte
/// cannot be read, and is an error.
#[test]
fn rule_files_that_are_not_utf8_are_errors() {
    let files = rule_examples();
    let dir = temp_dir("rules-read");
    let mut checked = 0;
    for (name, text) in &files {
        let bytes = text.as_bytes();
        let mut broken: Vec<Vec<u8>> = spread(&inside_characters(bytes), 2)
            .into_iter()
            .map(|cut| bytes[..cut].to_vec())
            .collect();
        let mut flipped = bytes.to_vec();
        flipped[bytes.len() / 2] = 0xFF;
        broken.push(flipped);
        for (k, b) in broken.into_iter().enumerate() {
            for (n, t) in &files {
                let file = dir.join(Path::new(n).file_name().expect("a file name"));
                std::fs::write(&file, if n == name { &b[..] } else { t.as_bytes() })
                    .expect("a rule file");
            }
            let what = format!("{name}, broken variant {k}");
            let result = catch_unwind(AssertUnwindSafe(|| garant::rules::from_path(&dir)));
            match result {
                Err(_) => panic!("reading the rules panicked on {what}"),
                Ok(r) => assert!(r.is_err(), "{what}: compiled"),
            }
            checked += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(checked >= files.len(), "{checked}");
}

/// The text of a clean data file is not kept while loading: it is read again when a finding
/// shows its lines, and not shown at all once the file changed on disk (its lines would not be
/// the ones checked); a file with an error keeps the text that was read.
#[test]
fn a_data_file_is_read_again_for_its_lines_unless_it_changed() {
    let dir = temp_dir("read-again");
    let clean = dir.join("clean.yaml");
    let broken = dir.join("broken.yaml");
    let text = "activity_reports:\n  - { id: A, year: 2023, published_on: 2024-01-01 }\n";
    std::fs::write(&clean, text).expect("a data file");
    std::fs::write(&broken, "activity_reports:\n  - { id: B, year: x }\n").expect("a data file");
    let schema = &built_in().schema;
    let (data, _) = garant::data::load(&[broken.clone(), clean.clone()], schema);
    let (data_changed, _) = garant::data::load(&[broken.clone(), clean.clone()], schema);
    std::fs::write(&broken, "changed\n").expect("a data file");
    let source = data.files[1].source().expect("the clean file read again");
    assert_eq!(&*source.text, text);
    assert!(Arc::ptr_eq(&source, &data.files[1].source().expect("kept")));
    std::fs::write(&clean, text.replace("2023", "2024")).expect("a data file");
    assert!(
        data_changed.files[1].source().is_none(),
        "a changed file shows no lines"
    );
    let kept = data_changed.files[0]
        .source()
        .expect("the broken file's text kept");
    assert!(kept.text.contains("year: x"), "{}", kept.text);
    let _ = std::fs::remove_dir_all(&dir);
}
