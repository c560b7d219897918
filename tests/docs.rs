//! The language manual, executed: every example of `docs/language.md` is checked against the
//! language and the shipped rules, so that the manual cannot drift from either.
//!
//! Conventions of the manual's fenced blocks (the first word after the fence is the tag):
//!
//! - ` ```garant `: complete items (collections, parameters, definitions, rules) that compile
//!   together with the built-in schema, parameters and definitions (`rules/00-schema.garant`,
//!   `rules/01-parameters.garant`, `rules/02-definitions.garant`).
//! - ` ```garant-quote `: an excerpt of the shipped regulation; its lines (each trimmed) appear
//!   as consecutive lines of one of `rules/*.garant`.
//! - ` ```garant-error `: items that must not compile; the first line is `# error: ` and the
//!   exact message garant gives; a second line `# help: ` gives that error's exact help.
//! - ` ```yaml data-error CODE `: a data file that the built-in schema rejects with data errors
//!   of code `CODE` only.
//! - blocks whose second word is `walkthrough`: the ` ```garant ` rules, ` ```yaml ` data and the
//!   ` ```text walkthrough as-of DATE ` findings of a worked example, each finding written
//!   `RULE record: message`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use garant::loc::Source;
use garant::rules::{BUILT_IN, CompileError, compile};

/// One fenced block of the manual.
struct Block {
    /// The words after the opening fence.
    info: Vec<String>,
    /// The 1-based line of the opening fence.
    line: usize,
    text: String,
}

impl Block {
    fn tag(&self) -> &str {
        self.info.first().map_or("", String::as_str)
    }

    fn has(&self, word: &str) -> bool {
        self.info.iter().any(|w| w == word)
    }

    fn name(&self) -> String {
        format!("docs/language.md:{}", self.line)
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn manual() -> String {
    let path = root().join("docs/language.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let info = info.split_whitespace().map(str::to_string).collect();
                    open = Some(Block {
                        info,
                        line: i + 1,
                        text: String::new(),
                    });
                }
            }
            Some(block) if trimmed == "```" => out.push(block),
            Some(mut block) => {
                block.text.push_str(line);
                block.text.push('\n');
                open = Some(block);
            }
        }
    }
    assert!(
        open.is_none(),
        "docs/language.md ends inside a fenced block"
    );
    out
}

/// The built-in schema, parameters and definitions, which every example compiles with.
fn base() -> Vec<Arc<Source>> {
    let wanted = ["00-schema", "01-parameters", "02-definitions"];
    let base: Vec<Arc<Source>> = BUILT_IN
        .iter()
        .filter(|(name, _)| wanted.iter().any(|w| name.contains(w)))
        .map(|(name, text)| Source::new(*name, *text))
        .collect();
    assert_eq!(
        base.len(),
        wanted.len(),
        "the built-in schema, parameters and definitions"
    );
    base
}

fn compile_with_base(blocks: &[&Block]) -> Result<garant::check::ir::Program, Vec<CompileError>> {
    let mut sources = base();
    sources.extend(
        blocks
            .iter()
            .map(|b| Source::new(b.name(), b.text.as_str())),
    );
    compile(sources)
}

fn help_of(error: &CompileError) -> Option<&str> {
    match error {
        CompileError::Check(e) => e.help.as_deref(),
        CompileError::Parse(e) => e.help.as_deref(),
        CompileError::Read { .. } => None,
    }
}

fn messages(errors: &[CompileError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn garant_examples_compile() {
    let text = manual();
    let all = blocks(&text);
    let examples: Vec<&Block> = all.iter().filter(|b| b.tag() == "garant").collect();
    assert!(
        examples.len() >= 6,
        "the manual has only {} ```garant examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for block in &examples {
        if let Err(errors) = compile_with_base(&[block]) {
            failures.push(format!("{}: {:?}", block.name(), messages(&errors)));
        }
    }
    // Together too: no two examples may declare the same rule id or name.
    if failures.is_empty()
        && let Err(errors) = compile_with_base(&examples)
    {
        failures.push(format!("all examples together: {:?}", messages(&errors)));
    }
    assert!(
        failures.is_empty(),
        "examples that do not compile:\n{}",
        failures.join("\n")
    );
}

fn rule_files() -> Vec<(PathBuf, String)> {
    let dir = root().join("rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "garant"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap_or_default()))
        .collect()
}

/// Whether `quote`'s lines, each trimmed, are consecutive lines of `file`, each trimmed.
fn quoted_in(quote: &str, file: &str) -> bool {
    let wanted: Vec<&str> = quote.trim().lines().map(str::trim).collect();
    let lines: Vec<&str> = file.lines().map(str::trim).collect();
    !wanted.is_empty() && lines.windows(wanted.len()).any(|w| w == wanted.as_slice())
}

#[test]
fn quotes_match_the_shipped_rules() {
    let text = manual();
    let all = blocks(&text);
    let quotes: Vec<&Block> = all.iter().filter(|b| b.tag() == "garant-quote").collect();
    assert!(
        quotes.len() >= 10,
        "the manual has only {} ```garant-quote blocks",
        quotes.len()
    );
    let files = rule_files();
    let stale: Vec<String> = quotes
        .iter()
        .filter(|q| !files.iter().any(|(_, f)| quoted_in(&q.text, f)))
        .map(|q| format!("{}:\n{}", q.name(), q.text))
        .collect();
    assert!(
        stale.is_empty(),
        "quotes not found in rules/*.garant:\n{}",
        stale.join("\n")
    );
}

#[test]
fn error_examples_fail_as_described() {
    let text = manual();
    let all = blocks(&text);
    let examples: Vec<&Block> = all.iter().filter(|b| b.tag() == "garant-error").collect();
    assert!(
        !examples.is_empty(),
        "the manual has no ```garant-error example"
    );
    let mut failures = Vec::new();
    for block in examples {
        let first = block.text.lines().next().unwrap_or("");
        let Some(expected) = first.trim().strip_prefix("# error: ") else {
            failures.push(format!(
                "{}: the first line must be `# error: ` and the message",
                block.name()
            ));
            continue;
        };
        let help = block
            .text
            .lines()
            .nth(1)
            .and_then(|l| l.trim().strip_prefix("# help: "));
        match compile_with_base(&[block]) {
            Ok(_) => failures.push(format!(
                "{}: compiles, but should fail with {expected:?}",
                block.name()
            )),
            Err(errors) => {
                let found = errors.iter().find(|e| e.to_string() == expected);
                match (found, help) {
                    (None, _) => failures.push(format!(
                        "{}: expected {expected:?}, got {:?}",
                        block.name(),
                        messages(&errors)
                    )),
                    (Some(e), Some(help)) if help_of(e) != Some(help) => {
                        failures.push(format!(
                            "{}: expected the help {help:?}, got {:?}",
                            block.name(),
                            help_of(e)
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A fresh folder for one example's data file, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("garant-docs-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn check(
    program: &garant::check::ir::Program,
    data: &Path,
    as_of: chrono::NaiveDate,
) -> garant::report::Report {
    let report = garant::run_check(program, &[data.to_path_buf()], as_of);
    let stopped: Vec<_> = report
        .entries
        .iter()
        .filter(|e| e.rule == "EVAL-ERROR")
        .collect();
    assert!(stopped.is_empty(), "the evaluation stopped: {stopped:?}");
    report
}

fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("`{text}` is not a date: {e}"))
}

#[test]
fn data_error_examples_give_their_code() {
    let text = manual();
    let all = blocks(&text);
    let examples: Vec<&Block> = all
        .iter()
        .filter(|b| b.tag() == "yaml" && b.has("data-error"))
        .collect();
    assert!(
        examples.len() >= 3,
        "the manual has only {} data-error examples",
        examples.len()
    );
    let program = compile_with_base(&[])
        .unwrap_or_else(|e| panic!("the built-in schema: {:?}", messages(&e)));
    let dir = TempDir::new("data-errors");
    let mut failures = Vec::new();
    for (i, block) in examples.iter().enumerate() {
        let code = block.info.get(2).map_or("", String::as_str);
        let path = dir.write(&format!("example-{i}.yaml"), &block.text);
        let report = check(&program, &path, date("2024-12-31"));
        let codes: Vec<&str> = report.entries.iter().map(|e| e.rule.as_str()).collect();
        if report.complete || codes.is_empty() || codes.iter().any(|c| *c != code) {
            failures.push(format!(
                "{}: expected only {code}, got {codes:?}",
                block.name()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn walkthrough_gives_the_findings_shown() {
    let text = manual();
    let all = blocks(&text);
    let walk: Vec<&Block> = all
        .iter()
        .filter(|b| b.info.get(1).is_some_and(|w| w == "walkthrough"))
        .collect();
    let rules: Vec<&Block> = walk
        .iter()
        .copied()
        .filter(|b| b.tag() == "garant")
        .collect();
    let data: Vec<&Block> = walk.iter().copied().filter(|b| b.tag() == "yaml").collect();
    let shown: Vec<&Block> = walk.iter().copied().filter(|b| b.tag() == "text").collect();
    assert!(
        !rules.is_empty() && data.len() == 1 && shown.len() == 1,
        "the walkthrough needs rules, one data file and one list of findings"
    );
    let as_of = shown[0]
        .info
        .iter()
        .skip_while(|w| *w != "as-of")
        .nth(1)
        .map(|d| date(d))
        .expect("`as-of DATE` after ```text walkthrough");
    let program = compile_with_base(&rules)
        .unwrap_or_else(|e| panic!("the walkthrough's rules: {:?}", messages(&e)));
    let dir = TempDir::new("walkthrough");
    let path = dir.write("data.yaml", &data[0].text);
    let report = check(&program, &path, as_of);
    assert!(
        report.complete,
        "the walkthrough's data has data errors: {:?}",
        report
            .entries
            .iter()
            .map(|e| &e.message)
            .collect::<Vec<_>>()
    );
    let got: Vec<String> = report
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} {}: {}",
                e.rule,
                e.record.as_deref().unwrap_or("-"),
                e.message
            )
        })
        .collect();
    let expected: Vec<String> = shown[0]
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert_eq!(got, expected, "the walkthrough's findings");
}

/// The choices the manual documents where the regulation is silent, checked on the functions
/// that implement them.
#[test]
fn documented_date_arithmetic() {
    use garant::eval::{age, shift};
    use garant::syntax::ast::Unit;
    assert_eq!(
        shift(date("2023-08-31"), 6, Unit::Months),
        Some(date("2024-02-29"))
    );
    assert_eq!(
        shift(date("2023-01-31"), 1, Unit::Months),
        Some(date("2023-02-28"))
    );
    assert_eq!(
        shift(date("2024-07-01"), -1, Unit::Days),
        Some(date("2024-06-30"))
    );
    assert_eq!(age(date("2008-02-29"), date("2024-02-28")), 15);
    assert_eq!(age(date("2008-02-29"), date("2024-02-29")), 16);
    assert_eq!(age(date("2007-02-28"), date("2023-02-28")), 16);
    assert_eq!(age(date("2008-02-29"), date("2025-02-28")), 16);
    assert_eq!(age(date("2008-02-29"), date("2025-03-01")), 17);
}
