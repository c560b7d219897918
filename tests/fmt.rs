//! `garant fmt`: the one layout of rule files keeps every word, comment and meaning, is reached
//! in one step, and is the layout of the shipped regulation (`rules/` is kept formatted).

use std::path::{Path, PathBuf};
use std::process::Command;

use garant::fmt::{FmtError, comments_of, format_text};
use garant::loc::Source;
use garant::syntax::parse_file;
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The rule files under `dir`, in path order.
fn garant_files(dir: &Path) -> Vec<PathBuf> {
    garant::rules::rule_files(&[root().join(dir)])
}

#[track_caller]
fn format(name: &str, text: &str) -> String {
    match format_text(name, text) {
        Ok(t) => t,
        Err(FmtError::Parse(e)) => panic!("{name} does not parse: {}", e[0].message),
        Err(FmtError::Internal(why)) => panic!("{name}: internal error: {why}\n{text}"),
    }
}

/// The AST of a text, which compares equal to another whatever their locations.
fn ast(name: &str, text: &str) -> garant::syntax::ast::File {
    parse_file(&Source::new(name, text))
        .unwrap_or_else(|e| panic!("{name} does not parse: {}", e.message))
}

/// The `#` comments of a text, found without garant: a `#` outside double quotes to the end of
/// its line (quoted texts of rule files are on one line).
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut quoted = false;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match c {
                '\\' if quoted => escaped = !escaped,
                '"' if !escaped => quoted = !quoted,
                '#' if !quoted => {
                    out.push(line[i..].trim_end().to_string());
                    break;
                }
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
    }
    out
}

/// Formatting `text` keeps its meaning and its comments, and formatting again changes nothing.
#[track_caller]
fn assert_formats_faithfully(name: &str, text: &str) -> String {
    let once = format(name, text);
    assert_eq!(
        ast(name, &once),
        ast(name, text),
        "{name}: the meaning changed"
    );
    assert_eq!(
        comments(&once),
        comments(text),
        "{name}: a comment was lost or moved"
    );
    assert_eq!(
        comments_of(&once),
        comments_of(text),
        "{name}: comments differ"
    );
    let twice = format(name, &once);
    assert_eq!(twice, once, "{name}: formatting twice changes the text");
    once
}

// ---------------------------------------------------------------- the shipped regulation

#[test]
fn every_shipped_rule_file_is_formatted() {
    let files = garant_files(Path::new("rules"));
    assert!(files.len() >= 10);
    for f in files {
        let text = read(&f);
        let name = f.display().to_string();
        let formatted = assert_formats_faithfully(&name, &text);
        assert!(
            formatted == text,
            "{name} is not formatted: run `garant fmt rules/`"
        );
    }
}

#[test]
fn fmt_check_on_rules_is_clean() {
    let out = Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(["fmt", "--check", "rules/"])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run garant: {e}"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_rule_file_of_the_repository_that_parses_formats_faithfully() {
    let mut n = 0;
    for dir in ["cases", "tests/fixtures", "fuzz/corpus/rules"] {
        for f in garant_files(Path::new(dir)) {
            let text = read(&f);
            let name = f.display().to_string();
            if parse_file(&Source::new(name.as_str(), text.as_str())).is_ok() {
                assert_formats_faithfully(&name, &text);
                n += 1;
            }
        }
    }
    assert!(n >= 3, "only {n} rule files found");
}

/// The ```garant blocks of the manual, and those of its mistakes that parse.
#[test]
fn the_manual_examples_format_faithfully() {
    let manual = read(&root().join("docs/language.md"));
    let mut n = 0;
    let mut block: Option<String> = None;
    for line in manual.lines() {
        match &mut block {
            None if line == "```garant" || line == "```garant-error" => block = Some(String::new()),
            None => {}
            Some(text) if line == "```" => {
                let name = format!("docs/language.md example {n}");
                if parse_file(&Source::new(name.as_str(), text.as_str())).is_ok() {
                    assert_formats_faithfully(&name, text);
                    n += 1;
                }
                block = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert!(n >= 10, "only {n} examples of the manual");
}

// ---------------------------------------------------------------- layout and comments

const RULE: &str = r#"rule T-1 "a test" severity error citation "Article 1"
  for each member m where m.channel = "minor":
    let   drawn = m.promotion.drawn_on
    when m.left_on is present    require m.left_on > m.joined_on otherwise "{m.id} left"
    require m.birth_date < drawn otherwise "{m.id} is born after the draw"
"#;

#[test]
fn a_rule_gets_the_layout_of_the_shipped_rules() {
    let expected = r#"rule T-1 "a test"
  severity error
  citation "Article 1"
  for each member m where m.channel = "minor":
    let drawn = m.promotion.drawn_on
    when m.left_on is present
    require m.left_on > m.joined_on
      otherwise "{m.id} left"
    require m.birth_date < drawn
      otherwise "{m.id} is born after the draw"
"#;
    assert_eq!(assert_formats_faithfully("t.garant", RULE), expected);
}

#[test]
fn when_blocks_are_indented_under_their_when() {
    let text = "rule T-1 \"t\" severity error citation \"c\"\n for each member m:\n when a:\n   when b:\n      require c otherwise \"1\"\n   require d otherwise \"2\"\n require e otherwise \"3\"\n";
    let expected = "rule T-1 \"t\"\n  severity error\n  citation \"c\"\n  for each member m:\n    when a:\n      when b:\n        require c\n          otherwise \"1\"\n      require d\n        otherwise \"2\"\n    require e\n      otherwise \"3\"\n";
    assert_eq!(assert_formats_faithfully("t.garant", text), expected);
}

#[test]
fn long_expressions_break_at_the_loosest_operator() {
    let text = "definition d(m: member, x: date) means m.joined_on <= x and (m.left_on is absent or x < m.left_on)\n\nrule T-1 \"t\" severity error citation \"c\"\n  for each member m:\n    require m.joined_on <= m.promotion.installed_on or m.joined_on = m.promotion.drawn_on or m.left_on is present and m.left_on > m.joined_on\n      otherwise \"x\"\n";
    let expected = "definition d(m: member, x: date) means\n  m.joined_on <= x\n  and (m.left_on is absent or x < m.left_on)\n\nrule T-1 \"t\"\n  severity error\n  citation \"c\"\n  for each member m:\n    require m.joined_on <= m.promotion.installed_on\n      or m.joined_on = m.promotion.drawn_on\n      or m.left_on is present and m.left_on > m.joined_on\n      otherwise \"x\"\n";
    assert_eq!(assert_formats_faithfully("t.garant", text), expected);
}

#[test]
fn comments_in_odd_places_are_kept() {
    let text = r#"# the head of the file

# before a collection
collection hearings (hearing) { # after the brace
  id: text # the id
  # before a field

  kind: one of "a", # after a value
    "b"
  # before the brace
}
rule T-1 "t" # after the title
  severity error citation "c"
  for each member m: # after the colon
    let x = m.joined_on # after a let
    require m.joined_on < as_of # between require and otherwise
      otherwise "{m.id} # not a comment"
    require m.joined_on < as_of
      and # inside an expression, after and
      m.left_on is absent or # after or
      # on a line of its own inside an expression
      m.left_on > x
      otherwise "y"
    when m.left_on is present: # after a block's colon
      # inside the block
      require m.left_on > x otherwise "z" # at the end of the block
    # before report
    report on m # after report
# at the end of the file
"#;
    let once = assert_formats_faithfully("t.garant", text);
    assert_eq!(comments(&once).len(), 20, "{once}");
    assert!(once.contains("\"{m.id} # not a comment\""));
}

#[test]
fn empty_lines_between_items_are_kept_and_runs_of_them_become_one() {
    let text = "parameter a \"x\":\n  1 from 2021-10-01\n\n\n\nparameter b \"x\":\n\n  2 from 2021-10-01\nparameter c \"x\": 3 from 2021-10-01\n";
    let expected = "parameter a \"x\":\n  1 from 2021-10-01\n\nparameter b \"x\":\n\n  2 from 2021-10-01\nparameter c \"x\":\n  3 from 2021-10-01\n";
    assert_eq!(assert_formats_faithfully("t.garant", text), expected);
}

#[test]
fn texts_and_operators() {
    let text = "rule T-1 \"t\\\"q\"   severity error citation \"c\"\n  for each indemnity i:\n    require i.amount_eur ≠ i.half_days × 44.00EUR and i.date ≤ as_of and 1 month  >= 1   months\n      otherwise \"{ i.id  }\\{ \"\n";
    let once = assert_formats_faithfully("t.garant", text);
    assert!(once.contains("rule T-1 \"t\\\"q\"\n"), "{once}");
    assert!(
        once.contains(
            "i.amount_eur != i.half_days * 44.00 EUR and i.date <= as_of and 1 month >= 1 months"
        ),
        "{once}"
    );
    assert!(once.contains("otherwise \"{ i.id  }\\{ \"\n"), "{once}");
}

#[test]
fn a_file_that_does_not_parse_is_not_formatted() {
    match format_text("t.garant", "rule X \"t\" severity fatal") {
        Err(FmtError::Parse(errors)) => {
            assert_eq!(errors[0].message, "expected `error` or `warning`")
        }
        other => panic!("a parse error expected, got {other:?}"),
    }
}

// ---------------------------------------------------------------- the command

fn garant(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run garant: {e}"));
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("garant-fmt-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

#[test]
fn fmt_check_lists_then_fmt_rewrites() {
    let dir = temp_dir("rewrite");
    std::fs::write(dir.join("a.garant"), RULE).unwrap_or_else(|e| panic!("{e}"));
    let (status, out, _) = garant(&["fmt", "--check"], &dir);
    assert_eq!(status, Some(1));
    assert!(out.starts_with("./a.garant:1: not formatted\n  - rule T-1 \"a test\" severity error citation \"Article 1\"\n  + rule T-1 \"a test\"\n"), "{out}");
    assert!(
        out.ends_with("1 file is not formatted: run `garant fmt` on them\n"),
        "{out}"
    );
    assert_eq!(read(&dir.join("a.garant")), RULE, "--check changes nothing");
    let (status, out, _) = garant(&["fmt", "a.garant"], &dir);
    assert_eq!((status, out.as_str()), (Some(0), "formatted a.garant\n"));
    let (status, out, _) = garant(&["fmt", "--check", "."], &dir);
    assert_eq!((status, out.as_str()), (Some(0), ""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_writes_nothing_when_a_file_does_not_parse() {
    let dir = temp_dir("broken");
    std::fs::write(dir.join("a.garant"), RULE).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("b.garant"), "rule X \"t\" severity fatal\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, out, err) = garant(&["fmt", "."], &dir);
    assert_eq!((status, out.as_str()), (Some(2), ""));
    assert!(err.contains("expected `error` or `warning`"), "{err}");
    assert!(
        err.ends_with("1 error in the rule files: nothing was formatted\n"),
        "{err}"
    );
    assert_eq!(read(&dir.join("a.garant")), RULE);
    let (status, _, err) = garant(&["fmt", "missing.garant"], &dir);
    assert_eq!(status, Some(2));
    assert!(
        err.starts_with("error: the path `missing.garant` does not exist"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- property

/// The texts the property starts from: the shipped rule files and a file with `when` blocks.
fn seeds() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = garant_files(Path::new("rules"))
        .into_iter()
        .map(|f| (f.display().to_string(), read(&f)))
        .collect();
    let block = root().join("cases/LANGUAGE/when-block-covers-each-requirement/when-block.garant");
    all.push((block.display().to_string(), read(&block)));
    all
}

/// A shipped text with its lines re-indented, comments added at their ends and on lines of their
/// own, empty lines inserted and spaces doubled, as `choices` says (one byte a line).
fn mutate(text: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let c = choices[i % choices.len()];
        match c % 8 {
            0 => out.push('\n'),
            1 => out.push_str("  # an inserted comment\n"),
            _ => {}
        }
        let body = if c.is_multiple_of(5) {
            line.trim_start()
        } else {
            line
        };
        let indent = if c.is_multiple_of(5) {
            usize::from(c % 9)
        } else {
            0
        };
        out.push_str(&" ".repeat(indent));
        out.push_str(&if c % 7 == 3 {
            spread(body)
        } else {
            body.to_string()
        });
        if c % 6 == 2 {
            out.push_str(" # at the end");
        }
        out.push('\n');
    }
    out
}

/// A line with the spaces before its first quoted text tripled.
fn spread(line: &str) -> String {
    let end = line.find('"').unwrap_or(line.len());
    line[..end].replace(' ', "   ") + &line[end..]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // `PROPTEST_CASES` searches further; the default is quick in a debug build.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        rng_seed: proptest::test_runner::RngSeed::Fixed(1),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn formatting_is_idempotent_and_keeps_meaning_and_comments(
        which in 0usize..11,
        choices in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let seeds = seeds();
        let (name, text) = &seeds[which % seeds.len()];
        let mutated = mutate(text, &choices);
        // A re-indented `require` may now sit under a `when` without a colon (not a rule file),
        // or out of its `when ...:` block (another rule): such texts are left out.
        let parsed = parse_file(&Source::new(name.as_str(), mutated.as_str()));
        prop_assume!(parsed.is_ok_and(|f| f == ast(name, text)));
        let once = assert_formats_faithfully(name, &mutated);
        prop_assert!(ast(name, &once) == ast(name, text), "the meaning changed");
        // Without a comment or an empty line more, the layout is the one of the text itself.
        let lines = text.lines().count();
        let blank = (0..lines).any(|i| choices[i % choices.len()] % 8 == 0);
        if comments(&mutated) == comments(text) && !blank {
            prop_assert_eq!(&once, &format(name, text));
        }
    }
}
