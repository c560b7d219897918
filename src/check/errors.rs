//! Static-check errors: each points at the offending text of a rule file.

use miette::Diagnostic;
use thiserror::Error;

use crate::loc::Loc;

/// A rule file that parses but does not make sense: an unknown name, a type mismatch, a
/// duplicate, a parameter read before it exists. `kind` is a stable short code.
///
/// Triggered by `require m.birth_dat < d`: ``unknown field `birth_dat` of `members` ``, with
/// help ``did you mean `birth_date`?``.
#[derive(Debug, Error, Diagnostic, Clone)]
#[error("{message}")]
pub struct CheckError {
    pub kind: &'static str,
    pub message: String,
    #[source_code]
    pub src: miette::NamedSource<std::sync::Arc<str>>,
    #[label("{label}")]
    pub span: miette::SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl CheckError {
    pub fn new(kind: &'static str, loc: &Loc, message: impl Into<String>) -> CheckError {
        CheckError {
            kind,
            message: message.into(),
            src: loc.src.named(),
            span: loc.span(),
            label: "here".into(),
            help: None,
        }
    }

    pub fn help(mut self, help: Option<String>) -> CheckError {
        self.help = help;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> CheckError {
        self.label = label.into();
        self
    }
}
