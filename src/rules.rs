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
    #[diagnostic(code("RULES-READ"))]
    Read { path: String, reason: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Parse(ParseError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Check(CheckError),
}

/// The code of a rule file that cannot be read.
pub const READ: &str = "RULES-READ";

impl CompileError {
    /// The stable code: `RULES-READ`, or that of the parse or check error.
    pub fn code(&self) -> &'static str {
        match self {
            CompileError::Read { .. } => READ,
            CompileError::Parse(p) => p.code.as_str(),
            CompileError::Check(c) => c.kind.as_str(),
        }
    }
}

/// Compiles the built-in regulation.
pub fn built_in() -> Result<Program, Vec<CompileError>> {
    load(&[], &[])
}

/// Compiles the rule files at `path`: a file, or a folder searched for `*.garant` files.
pub fn from_path(path: &Path) -> Result<Program, Vec<CompileError>> {
    from_paths(&[path.to_path_buf()])
}

/// Compiles the rule files at several paths together, folders first in path order, then the
/// files in the order given (so that an amendment can follow the text it amends).
pub fn from_paths(paths: &[PathBuf]) -> Result<Program, Vec<CompileError>> {
    load(paths, &[])
}

/// Compiles the regulation in use (the rule files at `rules`, or the built-in regulation when
/// there are none) together with the amendments at `amend`, read after it: `amend parameter`
/// items, and new parameters, definitions and rules.
pub fn load(rules: &[PathBuf], amend: &[PathBuf]) -> Result<Program, Vec<CompileError>> {
    let base = match rules.is_empty() {
        true => Ok(built_in_sources()),
        false => read_all(rules),
    };
    let (mut sources, mut errors) = split(base);
    let built_in = if rules.is_empty() { sources.len() } else { 0 };
    let (amendments, more) = split(read_all(amend));
    sources.extend(amendments);
    errors.extend(more);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut program = compile(sources)?;
    program.built_in = built_in;
    Ok(program)
}

/// The sources of the built-in regulation, named as `garant rules --export` writes them.
pub fn built_in_sources() -> Vec<Arc<Source>> {
    BUILT_IN
        .iter()
        .map(|(name, text)| Source::new(*name, *text))
        .collect()
}

type Read = Result<Vec<Arc<Source>>, (Vec<Arc<Source>>, Vec<CompileError>)>;

fn split(read: Read) -> (Vec<Arc<Source>>, Vec<CompileError>) {
    match read {
        Ok(sources) => (sources, Vec::new()),
        Err(both) => both,
    }
}

/// Reads the rule files at `paths` (folders searched for `*.garant`, in path order): the
/// sources, or those read and an error for each file that could not be.
fn read_all(paths: &[PathBuf]) -> Read {
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
    match errors.is_empty() {
        true => Ok(sources),
        false => Err((sources, errors)),
    }
}

/// Writes the built-in rule files into `dir` (made if needed), each under its file name:
/// `rules/10-membership.garant` becomes `DIR/10-membership.garant`, so that `--export rules`
/// gives the very paths that findings name. A file of `dir` with other bytes is an error,
/// unless `force`; nothing is written then. The paths written, in order.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>, String> {
    let targets: Vec<(PathBuf, &str)> = BUILT_IN
        .iter()
        .map(|(name, text)| (dir.join(file_name(name)), *text))
        .collect();
    let differing: Vec<String> = targets
        .iter()
        .filter(|(path, text)| std::fs::read(path).is_ok_and(|b| b != text.as_bytes()))
        .map(|(path, _)| format!("`{}`", path.display()))
        .collect();
    if !differing.is_empty() && !force {
        return Err(format!(
            "{} already exist with other text",
            differing.join(", ")
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make `{}`: {e}", dir.display()))?;
    for (path, text) in &targets {
        crate::output::write_file(path, text.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(targets.into_iter().map(|(path, _)| path).collect())
}

fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
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

// ------------------------------------------------------------------ rule files that do not compile

/// The document of `garant check --format json` when the rule files do not compile: no check
/// was made (`complete` is `false`, and there is no `findings`), and every error of every rule
/// file is listed with its code and place.
#[derive(serde::Serialize)]
struct RuleErrorsDocument<'a> {
    complete: bool,
    rule_errors: Vec<RuleErrorJson<'a>>,
}

#[derive(serde::Serialize)]
struct RuleErrorJson<'a> {
    code: &'a str,
    message: String,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end: Option<Position>,
    help: Option<String>,
}

#[derive(serde::Serialize)]
struct Position {
    line: usize,
    column: usize,
}

/// The document of the rule-file errors, pretty-printed, with a final newline.
pub fn render_json(errors: &[CompileError]) -> String {
    let document = RuleErrorsDocument {
        complete: false,
        rule_errors: errors.iter().map(rule_error).collect(),
    };
    crate::output::pretty_json(&document)
}

fn rule_error(e: &CompileError) -> RuleErrorJson<'_> {
    use CompileError;
    use miette::Diagnostic;
    let (src, span) = match e {
        CompileError::Read { path, .. } => {
            return RuleErrorJson {
                code: e.code(),
                message: e.to_string(),
                file: path,
                line: None,
                column: None,
                end: None,
                help: None,
            };
        }
        CompileError::Parse(p) => (&p.src, p.span),
        CompileError::Check(c) => (&c.src, c.span),
    };
    let source = crate::loc::Source::new(src.name(), src.inner().clone());
    let (line, column) = source.line_col(span.offset());
    let (end_line, end_column) = source.line_col(span.offset() + span.len());
    RuleErrorJson {
        code: e.code(),
        message: e.to_string(),
        file: src.name(),
        line: Some(line),
        column: Some(column),
        end: Some(Position {
            line: end_line,
            column: end_column,
        }),
        help: e.help().map(|h| h.to_string()),
    }
}
