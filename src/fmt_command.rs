//! `garant fmt [--check] [PATHS]...`: rule files in the one layout of `garant::fmt`.
//!
//! Every file is formatted in memory first; when any does not parse (its errors as `garant
//! check` shows them) or cannot be formatted without changing it (an internal error), nothing is
//! written and the status is 2. Otherwise, with `--check`, the files not in the layout are listed
//! with their first different line (status 1 if there is one, else 0); without it, they are
//! rewritten, each whole or not at all (`garant::output::write_file`), and named.

use std::io::Write;
use std::path::{Path, PathBuf};

use garant::fmt::{FmtError, format_text};
use garant::report::human;
use garant::rules::CompileError;

/// A file whose formatted text differs from its text.
struct Change {
    path: PathBuf,
    text: String,
    formatted: String,
}

pub fn run(paths: Vec<PathBuf>, check: bool) -> u8 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    if let Some(p) = paths.iter().find(|p| !p.exists()) {
        eprintln!(
            "error: the path `{}` does not exist\n  hint: give .garant files or folders of them",
            p.display()
        );
        return 2;
    }
    let changes = match format_all(&garant::rules::rule_files(&paths)) {
        Ok(c) => c,
        Err(status) => return status,
    };
    if check {
        report_changes(&changes)
    } else {
        write_changes(&changes)
    }
}

/// The files whose layout changes; a status when one could not be formatted.
fn format_all(files: &[PathBuf]) -> Result<Vec<Change>, u8> {
    let mut changes = Vec::new();
    let mut errors = 0;
    for path in files {
        match format_one(path) {
            Ok(Some(c)) => changes.push(c),
            Ok(None) => {}
            Err(n) => errors += n,
        }
    }
    if errors > 0 {
        let what = if errors == 1 {
            "1 error".to_string()
        } else {
            format!("{errors} errors")
        };
        eprintln!("{what} in the rule files: nothing was formatted");
        return Err(2);
    }
    Ok(changes)
}

/// The change of one file, if any; the number of errors shown when it cannot be formatted.
fn format_one(path: &Path) -> Result<Option<Change>, usize> {
    let name = path.to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).map_err(|e| {
        show(&[CompileError::Read {
            path: name.clone(),
            reason: e.to_string(),
        }])
    })?;
    match format_text(&name, &text) {
        Ok(formatted) if formatted == text => Ok(None),
        Ok(formatted) => Ok(Some(Change {
            path: path.to_path_buf(),
            text,
            formatted,
        })),
        Err(FmtError::Parse(errors)) => Err(show(
            &errors
                .into_iter()
                .map(CompileError::Parse)
                .collect::<Vec<_>>(),
        )),
        Err(FmtError::Internal(why)) => {
            eprintln!(
                "error: garant cannot format `{name}` without changing what it says ({why}); \
                 the file is left as it is\n  hint: this is a bug of garant: please report it \
                 with the file"
            );
            Err(1)
        }
    }
}

/// Shows errors as `garant check` does; their number.
fn show(errors: &[CompileError]) -> usize {
    let colored = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = write!(err, "{}", human::render_diagnostic(e, colored));
    }
    errors.len()
}

/// `--check`: each file not in the layout with its first different line.
fn report_changes(changes: &[Change]) -> u8 {
    let mut out = String::new();
    for c in changes {
        out.push_str(&first_difference(c));
    }
    if !changes.is_empty() {
        let n = changes.len();
        let files = if n == 1 {
            "1 file is".to_string()
        } else {
            format!("{n} files are")
        };
        out.push_str(&format!(
            "{files} not formatted: run `garant fmt` on them\n"
        ));
    }
    print!("{out}");
    u8::from(!changes.is_empty())
}

/// `FILE:LINE: not formatted`, the line as written (`-`) and as formatted (`+`).
fn first_difference(c: &Change) -> String {
    let old: Vec<&str> = c.text.lines().collect();
    let new: Vec<&str> = c.formatted.lines().collect();
    let i = (0..old.len().max(new.len()))
        .find(|&i| old.get(i) != new.get(i))
        .unwrap_or(0);
    let line = |l: Option<&&str>| l.map_or("(end of file)".to_string(), |s| s.to_string());
    format!(
        "{}:{}: not formatted\n  - {}\n  + {}\n",
        c.path.display(),
        i + 1,
        line(old.get(i)),
        line(new.get(i))
    )
}

/// Rewrites the files; status 2 when one cannot be written.
fn write_changes(changes: &[Change]) -> u8 {
    let mut status = 0;
    for c in changes {
        match garant::output::write_file(&c.path, c.formatted.as_bytes()) {
            Ok(()) => println!("formatted {}", c.path.display()),
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", c.path.display());
                status = 2;
            }
        }
    }
    status
}
