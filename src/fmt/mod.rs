//! `garant fmt`: the one layout of rule files.
//!
//! A file is parsed, its AST printed back ([`print`], [`expr`]) as a [`doc::Doc`] rendered to
//! [`WIDTH`] columns, with its comments ([`comments`]) put back between the same two words.
//! Nothing is trusted: the text printed is parsed again and must give the same AST (locations
//! aside: [`crate::loc::Node`]'s equality ignores them, as Cedar's formatter compares its
//! trees), the same words in the same order with each comment among them where it was. Any
//! difference is an [`FmtError::Internal`], and the caller writes nothing.
//!
//! The layout: items, fields, parameter values, `severity`, `citation`, checks, `let`s,
//! requirements and `report on` one a line, indented two spaces a level; `otherwise` on a line
//! of its own under its `require`; a single-form `when` on its own line above its `require`,
//! aligned with it; empty lines between two lines kept (several as one); comments at the end of
//! consecutive lines aligned; quoted texts and messages exactly as written; operators written
//! in ASCII (`!=` for `≠`). Long expressions break as [`expr`] says.

mod comments;
mod doc;
mod expr;
mod print;

use std::sync::Arc;

use crate::loc::Source;
use crate::syntax::{ParseError, ast::File, parse_file_all};

/// The width lines are broken to, where they can be (quoted texts are never broken).
pub const WIDTH: usize = 100;

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FmtError {
    /// The file does not follow the grammar: its errors, as `garant check` gives them.
    Parse(Vec<ParseError>),
    /// The formatter would have changed the file's meaning or lost a comment: a bug of garant.
    Internal(String),
}

/// The formatted text of a rule file.
pub fn format_source(src: &Arc<Source>) -> Result<String, FmtError> {
    let (file, errors) = parse_file_all(src);
    if !errors.is_empty() {
        return Err(FmtError::Parse(errors));
    }
    let text = &*src.text;
    let quoted =
        comments::quoted_ranges(text).ok_or_else(|| internal("the file does not parse whole"))?;
    let mut printer = print::Printer::new(text, comments::comments(text, &quoted));
    let doc = printer.file(&file);
    if let Some(why) = printer.error {
        return Err(internal(&why));
    }
    let out = doc::render(&doc, WIDTH);
    verify(src, &file, &quoted, &out)?;
    Ok(out)
}

/// The formatted text of `text`, read as the rule file `name`.
pub fn format_text(name: &str, text: &str) -> Result<String, FmtError> {
    format_source(&Source::new(name, text))
}

/// Checks that `out` means what `file` (read from `src`) means, with the same words and comments.
fn verify(
    src: &Arc<Source>,
    file: &File,
    quoted: &[std::ops::Range<usize>],
    out: &str,
) -> Result<(), FmtError> {
    let again = Source::new(src.name.clone(), out);
    let (formatted, errors) = parse_file_all(&again);
    if let Some(e) = errors.first() {
        return Err(internal(&format!(
            "the formatted text does not parse: {}",
            e.message
        )));
    }
    if formatted != *file {
        return Err(internal(
            "the formatted text does not mean what the file means",
        ));
    }
    let out_quoted = comments::quoted_ranges(out)
        .ok_or_else(|| internal("the formatted text does not parse whole"))?;
    if comments::key(&src.text, quoted) != comments::key(out, &out_quoted) {
        return Err(internal("a comment or a word would move"));
    }
    Ok(())
}

fn internal(why: &str) -> FmtError {
    FmtError::Internal(why.to_string())
}

/// The comments of a rule file outside its quoted texts, in order (from `#` to the end of the
/// line, spaces at the end left out); `None` when the file does not parse.
pub fn comments_of(text: &str) -> Option<Vec<String>> {
    let quoted = comments::quoted_ranges(text)?;
    Some(
        comments::comments(text, &quoted)
            .into_iter()
            .map(|c| c.text)
            .collect(),
    )
}
