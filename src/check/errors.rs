//! Static-check errors: each points at the offending text of a rule file.

use miette::Diagnostic;
use thiserror::Error;

use crate::loc::Loc;

/// A rule file that parses but does not make sense: an unknown name, a type mismatch, a
/// duplicate, a parameter read before it exists. `kind` is a stable short code.
///
/// Triggered by `require m.birth_dat < d`: ``unknown field `birth_dat` of `members` ``, with
/// help ``did you mean `birth_date`?``.
#[derive(Debug, Error, Clone)]
#[error("{message}")]
pub struct CheckError {
    pub kind: CheckKind,
    pub message: String,
    pub src: miette::NamedSource<std::sync::Arc<str>>,
    pub span: miette::SourceSpan,
    pub label: String,
    pub help: Option<String>,
    /// `Warning` for a trap that compiles but is likely wrong; else `Error`.
    pub severity: miette::Severity,
}

/// The kind is the diagnostic's code, shown above the message.
impl Diagnostic for CheckError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.kind))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = miette::LabeledSpan::new_with_span(Some(self.label.clone()), self.span);
        Some(Box::new(std::iter::once(label)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

impl CheckError {
    pub fn new(kind: CheckKind, loc: &Loc, message: impl Into<String>) -> CheckError {
        CheckError {
            kind,
            message: message.into(),
            src: loc.src.named(),
            span: loc.span(),
            label: "here".into(),
            help: None,
            severity: miette::Severity::Error,
        }
    }

    /// The same diagnostic as a warning: the rule files still compile.
    pub fn warning(mut self) -> CheckError {
        self.severity = miette::Severity::Warning;
        self
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

/// The kind of a static-check error: its stable code (as the diagnostic's code), each
/// documented by a mistake that gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckKind {
    /// an aggregate used the wrong way: `count(m.id for each member m)`.
    Aggregate,
    /// a call with the wrong number of arguments: `age(m.birth_date)`.
    Arity,
    /// a collection declared twice.
    DuplicateCollection,
    /// a definition declared twice.
    DuplicateDefinition,
    /// a field declared twice in one collection.
    DuplicateField,
    /// a parameter declared twice.
    DuplicateParameter,
    /// a rule id used twice, in one file or across files.
    DuplicateRule,
    /// a `required when` value that is not one of the field's values.
    EnumValue,
    /// an `exactly one of` naming a field that is not optional or not declared.
    ExactlyOne,
    /// a `forbidden otherwise` field without `required when`.
    Forbidden,
    /// a value beyond the exact numbers (`99999999999999999999.00 EUR`) or a date not in the calendar.
    Literal,
    /// a collection without an `id` field.
    MissingId,
    /// a parameter used where its values are not of the kind needed.
    Param,
    /// a parameter read on a fixed date before its first value.
    ParamBefore,
    /// a parameter read without `on` and a date.
    ParamDate,
    /// the values of a parameter not in date order.
    ParamOrder,
    /// an `in force from ... until ...` naming fields that are not dates, or a `period` whose
    /// length is not a whole number of days, months or years.
    Period,
    /// `every` without `satisfies`.
    Quantifier,
    /// a range on a field that is not a number.
    Range,
    /// a definition that uses itself.
    Recursion,
    /// `report on` something that is not a record of the check.
    Report,
    /// a hole of a message that cannot be shown.
    Template,
    /// values of kinds that do not go together: `m.birth_date > 3`.
    Type,
    /// a collection that is not declared: `for each membre m`.
    UnknownCollection,
    /// a field that its collection does not declare: `m.birth_dat`.
    UnknownField,
    /// a call of a function or definition that does not exist.
    UnknownFunction,
    /// a name that is not bound: `x.id` with no `x`.
    UnknownName,
    /// a parameter that is not declared, amended or read.
    UnknownParameter,
    /// (a warning) an optional field compared without asking whether it is there:
    /// `require m.left_on > m.joined_on` with no `when m.left_on is present`.
    UnguardedOptional,
}

impl CheckKind {
    pub const ALL: [CheckKind; 29] = [
        CheckKind::Aggregate,
        CheckKind::Arity,
        CheckKind::DuplicateCollection,
        CheckKind::DuplicateDefinition,
        CheckKind::DuplicateField,
        CheckKind::DuplicateParameter,
        CheckKind::DuplicateRule,
        CheckKind::EnumValue,
        CheckKind::ExactlyOne,
        CheckKind::Forbidden,
        CheckKind::Literal,
        CheckKind::MissingId,
        CheckKind::Param,
        CheckKind::ParamBefore,
        CheckKind::ParamDate,
        CheckKind::ParamOrder,
        CheckKind::Period,
        CheckKind::Quantifier,
        CheckKind::Range,
        CheckKind::Recursion,
        CheckKind::Report,
        CheckKind::Template,
        CheckKind::Type,
        CheckKind::UnknownCollection,
        CheckKind::UnknownField,
        CheckKind::UnknownFunction,
        CheckKind::UnknownName,
        CheckKind::UnknownParameter,
        CheckKind::UnguardedOptional,
    ];

    /// The stable code, such as `RULES-UNKNOWN-FIELD`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckKind::Aggregate => "RULES-AGGREGATE",
            CheckKind::Arity => "RULES-ARITY",
            CheckKind::DuplicateCollection => "RULES-DUPLICATE-COLLECTION",
            CheckKind::DuplicateDefinition => "RULES-DUPLICATE-DEFINITION",
            CheckKind::DuplicateField => "RULES-DUPLICATE-FIELD",
            CheckKind::DuplicateParameter => "RULES-DUPLICATE-PARAMETER",
            CheckKind::DuplicateRule => "RULES-DUPLICATE-RULE",
            CheckKind::EnumValue => "RULES-ENUM-VALUE",
            CheckKind::ExactlyOne => "RULES-EXACTLY-ONE",
            CheckKind::Forbidden => "RULES-FORBIDDEN",
            CheckKind::Literal => "RULES-LITERAL",
            CheckKind::MissingId => "RULES-MISSING-ID",
            CheckKind::Param => "RULES-PARAM",
            CheckKind::ParamBefore => "RULES-PARAM-BEFORE",
            CheckKind::ParamDate => "RULES-PARAM-DATE",
            CheckKind::ParamOrder => "RULES-PARAM-ORDER",
            CheckKind::Period => "RULES-PERIOD",
            CheckKind::Quantifier => "RULES-QUANTIFIER",
            CheckKind::Range => "RULES-RANGE",
            CheckKind::Recursion => "RULES-RECURSION",
            CheckKind::Report => "RULES-REPORT",
            CheckKind::Template => "RULES-TEMPLATE",
            CheckKind::Type => "RULES-TYPE",
            CheckKind::UnknownCollection => "RULES-UNKNOWN-COLLECTION",
            CheckKind::UnknownField => "RULES-UNKNOWN-FIELD",
            CheckKind::UnknownFunction => "RULES-UNKNOWN-FUNCTION",
            CheckKind::UnknownName => "RULES-UNKNOWN-NAME",
            CheckKind::UnknownParameter => "RULES-UNKNOWN-PARAMETER",
            CheckKind::UnguardedOptional => "RULES-UNGUARDED-OPTIONAL",
        }
    }
}

impl std::fmt::Display for CheckKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for CheckKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
