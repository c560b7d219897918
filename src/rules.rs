//! Rule files: the regulation built into the binary, and rule files read from disk, compiled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::Diagnostic;
use thiserror::Error;

use crate::check::{self, CheckError, ir::Program};
use crate::loc::Source;
use crate::syntax::{ParseError, parse_file_all};

/// The rule files of `rules/`, embedded at build time (by `build.rs`), in path order.
pub const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/built_in_rules.rs"));

/// Why rule files could not become a program: every error of every file.
#[derive(Debug, Error, Diagnostic)]
pub enum CompileError {
    #[error("cannot read the rule file `{path}`: {reason}")]
    Read { path: String, reason: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Parse(ParseError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Check(CheckError),
}

/// Compiles the built-in regulation.
pub fn built_in() -> Result<Program, Vec<CompileError>> {
    let mut program = compile(
        BUILT_IN
            .iter()
            .map(|(name, text)| Source::new(*name, *text))
            .collect(),
    )?;
    program.built_in = true;
    Ok(program)
}

/// Compiles the rule files at `path`: a file, or a folder searched for `*.garant` files.
pub fn from_path(path: &Path) -> Result<Program, Vec<CompileError>> {
    from_paths(&[path.to_path_buf()])
}

/// Compiles the rule files at several paths together, folders first in path order, then the
/// files in the order given (so that an amendment can follow the text it amends).
pub fn from_paths(paths: &[PathBuf]) -> Result<Program, Vec<CompileError>> {
    let files = rule_files(paths);
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match std::fs::read_to_string(&f) {
            Ok(text) => sources.push(Source::new(f.to_string_lossy(), text)),
            Err(e) => errors.push(CompileError::Read {
                path: f.to_string_lossy().into(),
                reason: e.to_string(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    compile(sources)
}

/// The rule files at `paths`: a file as given, a folder's `*.garant` files (searched
/// recursively) in path order.
pub fn rule_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        let mut found = Vec::new();
        collect(path, &mut found);
        found.sort();
        files.extend(found);
    }
    files
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(path) else {
        out.push(path.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "garant") {
            out.push(p);
        }
    }
}

/// Parses and checks rule sources together.
pub fn compile(sources: Vec<Arc<Source>>) -> Result<Program, Vec<CompileError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for src in &sources {
        let (file, parse_errors) = parse_file_all(src);
        files.push(file);
        errors.extend(parse_errors.into_iter().map(CompileError::Parse));
    }
    // The items that parsed are checked too, so that one run shows every problem.
    match check::check(&files) {
        Ok(mut program) if errors.is_empty() => {
            program.sources = sources;
            Ok(program)
        }
        Ok(_) => Err(errors),
        Err(es) => {
            errors.extend(es.into_iter().map(CompileError::Check));
            Err(errors)
        }
    }
}

/// The rules of a program as a Markdown document: one line per rule with its id, severity,
/// title and citation. `docs/regulation.md` is this document for the built-in regulation.
pub fn markdown(program: &Program) -> String {
    let mut out = String::from(
        "# The rules of the regulation\n\n\
         Generated from `rules/` by `garant rules > docs/regulation.md`; a test fails when this file is stale.\n\n\
         | id | severity | what it checks | provision |\n|---|---|---|---|\n",
    );
    for r in &program.rules {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.severity.as_str(),
            cell(&r.title),
            cell(&r.citation)
        ));
    }
    out
}
