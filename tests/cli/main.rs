//! Golden tests of the built `garant` binary against the contract of `cli.md`: exit statuses,
//! usage errors, the JSON document field by field, determinism, no escape codes in a pipe,
//! `--rules`, `--as-of` and `garant test`.
//!
//! Fixtures: `tests/fixtures/cli/` holds a tiny widget regulation (`rules/`, two rules: WID-SIZE
//! an error, WID-EMPTY a warning) with small datasets, and case folders for `garant test`; the
//! built-in regulation is run on `cases/paris` and on the data of a COU-RESPONSE case.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "../common/output.rs"]
mod run;
use run::{status, stderr, stdout};

const FIX: &str = "tests/fixtures/cli";
const WIDGETS: &str = "tests/fixtures/cli/rules";
/// Submitted 2023-08-31 with no response: the deadline is 2024-02-29.
const PENDING: &str = "cases/COU-RESPONSE/no-response-deadline-before-as-of";

fn garant(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_garant"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("GARANT_TIMING")
        .output()
        .expect("garant runs")
}

/// `garant check --rules <widgets> --as-of 2024-01-01 <FIX>/<dir> [extra]`.
fn widgets(dir: &str, extra: &[&str]) -> Output {
    let data = format!("{FIX}/{dir}");
    let mut args = vec!["check", "--rules", WIDGETS, "--as-of", "2024-01-01"];
    args.extend_from_slice(extra);
    args.push(&data);
    garant(&args)
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON document ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// The data files of a case folder: every YAML file but `case.yaml`.
fn case_data(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect("the case folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "case.yaml")
        .map(|n| format!("{dir}/{n}"))
        .collect();
    files.sort();
    files
}

fn check_pending(as_of: &str, format: &str) -> Output {
    let files = case_data(PENDING);
    let mut args = vec!["check", "--format", format, "--as-of", as_of];
    args.extend(files.iter().map(String::as_str));
    garant(&args)
}

fn paris(format: &str) -> Output {
    garant(&[
        "check",
        "--format",
        format,
        "--as-of",
        "2025-12-31",
        "cases/paris/data",
    ])
}

/// A usage error: status 2, nothing on stdout, `error: ...` naming `culprit` on stderr's first
/// line and a hint (a `hint:`/`tip:` line, or a pointer to `--help`) on one line of its own.
fn assert_usage_error(out: &Output, culprit: &str) {
    let err = stderr(out);
    assert_eq!(status(out), 2, "stderr:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "usage error wrote stdout: {}",
        stdout(out)
    );
    let first = err.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{err}");
    assert!(
        first.contains(culprit),
        "first line names `{culprit}`: {err}"
    );
    let hint = err.lines().skip(1).any(|l| {
        let l = l.trim();
        l.starts_with("hint: ") || l.starts_with("tip: ") || l.contains("--help")
    }) || first.contains("write YYYY-MM-DD");
    assert!(hint, "a one-line hint on stderr:\n{err}");
    assert!(!err.contains('\x1b'), "no escape codes: {err:?}");
}

/// In a human report, the source line `shown` is followed by a line whose underline mark
/// (`─`, `┬` or `▲`) stands under the start of `value` in it.
fn assert_underlined(text: &str, shown: &str, value: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == shown)
        .unwrap_or_else(|| panic!("the line `{shown}` is shown:\n{text}"));
    let column = shown.find(value).expect("the value on the line");
    let column = shown[..column].chars().count();
    let under = lines.get(at + 1).copied().unwrap_or_default();
    let mark = under.chars().nth(column);
    assert!(
        matches!(mark, Some('─' | '┬' | '▲')),
        "`{value}` underlined under `{shown}`, found `{under}`:\n{text}"
    );
}

mod json;
mod options;
mod statuses;
mod test_command;
