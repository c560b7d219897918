//! Parse errors, with pest's rule names replaced by words a lawyer reads.

use miette::Diagnostic;
use pest::error::{ErrorVariant, InputLocation};

use thiserror::Error;

use super::parser::Rule;
use super::slips::{self, Stop};
use crate::loc::Loc;

/// A rule file that does not follow the grammar.
///
/// Triggered by `rule MEM-AGE "x" severity fatal`: `expected \`error\` or \`warning\``.
#[derive(Debug, Error, Clone)]
#[error("{message}")]
pub struct ParseError {
    pub code: ParseCode,
    pub message: String,
    pub src: miette::NamedSource<std::sync::Arc<str>>,
    pub span: miette::SourceSpan,
    pub help: Option<String>,
}

/// The stable codes of parse errors, shown above the message; `garant explain CODE` and
/// `docs/codes.md` explain each with an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseCode {
    /// a word missing or out of place: `severity fatal`.
    Syntax,
    /// a quoted text whose closing `"` is missing.
    UnclosedText,
    /// a text between single or typographic quotes: `'x'`, `“x”`.
    Quotes,
    /// an operator of another language: `==`, `<>`, `&&`, `||`, `!`.
    Operator,
    /// a word of another language where garant has its own: `et`, `sinon`, `is null`.
    Word,
    /// a `require` without `otherwise` and its message.
    Otherwise,
    /// the parts of a check out of order: a `let` after a `require`.
    Order,
    /// a parameter's value without `from` and the date it is in force from.
    ParameterFrom,
    /// a date not written `YYYY-MM-DD`, or not in the calendar: `31/12/2025`, `2025-02-30`.
    Date,
}

impl ParseCode {
    pub const ALL: [ParseCode; 9] = [
        ParseCode::Syntax,
        ParseCode::UnclosedText,
        ParseCode::Quotes,
        ParseCode::Operator,
        ParseCode::Word,
        ParseCode::Otherwise,
        ParseCode::Order,
        ParseCode::ParameterFrom,
        ParseCode::Date,
    ];

    /// The code as written, such as `RULES-SYNTAX`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ParseCode::Syntax => "RULES-SYNTAX",
            ParseCode::UnclosedText => "RULES-UNCLOSED-TEXT",
            ParseCode::Quotes => "RULES-QUOTES",
            ParseCode::Operator => "RULES-OPERATOR",
            ParseCode::Word => "RULES-WORD",
            ParseCode::Otherwise => "RULES-OTHERWISE",
            ParseCode::Order => "RULES-ORDER",
            ParseCode::ParameterFrom => "RULES-PARAMETER-FROM",
            ParseCode::Date => "RULES-DATE",
        }
    }
}

impl std::fmt::Display for ParseCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The code is the diagnostic's code, shown above the message.
impl Diagnostic for ParseError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = miette::LabeledSpan::new_with_span(Some("here".into()), self.span);
        Some(Box::new(std::iter::once(label)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

impl ParseError {
    pub fn at(loc: &Loc, message: impl Into<String>, help: Option<String>) -> ParseError {
        ParseError {
            code: ParseCode::Syntax,
            message: message.into(),
            src: loc.src.named(),
            span: loc.span(),
            help,
        }
    }

    pub fn boxed(loc: &Loc, message: impl Into<String>, help: Option<String>) -> Box<ParseError> {
        Box::new(ParseError::at(loc, message, help))
    }

    /// The same error with the code `code`.
    pub fn code(mut self: Box<Self>, code: ParseCode) -> Box<ParseError> {
        self.code = code;
        self
    }

    /// The error of pest on the text of `src` from byte `base` on.
    pub fn from_pest(
        err: &pest::error::Error<Rule>,
        src: &std::sync::Arc<crate::loc::Source>,
        base: usize,
    ) -> ParseError {
        let positives = match &err.variant {
            ErrorVariant::ParsingError { positives, .. } => positives.as_slice(),
            ErrorVariant::CustomError { .. } => &[],
        };
        let (start, message) = where_and_what(err, positives);
        let stop = Stop {
            text: &src.text,
            base,
            at: base + start,
            positives,
        };
        if let Some(slip) = slips::recognise(&stop) {
            let loc = Loc::new(slip.span.0, slip.span.1, src);
            return *ParseError::boxed(&loc, slip.message, Some(slip.help)).code(slip.code);
        }
        let (start, end) = slips::place(&stop);
        ParseError::at(&Loc::new(start, end, src), message, None)
    }
}

/// Where pest stopped (from the start of its text) and what it expected there, in words.
///
/// The detailed attempts also know the words the grammar wanted that no rule names (`:`): they
/// are named where the error is; and when a whole item failed (the error is back at its first
/// word), the error points at the farthest missing word instead.
fn where_and_what(err: &pest::error::Error<Rule>, positives: &[Rule]) -> (usize, String) {
    let start = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let message = match &err.variant {
        ErrorVariant::CustomError { message } => return (start, message.clone()),
        ErrorVariant::ParsingError { .. } => expected(positives, &[]),
    };
    let Some(attempts) = err.parse_attempts() else {
        return (start, message);
    };
    let words: Vec<String> = (attempts.expected_tokens().into_iter())
        .map(|t| t.to_string())
        .filter(|t| WORDS.contains(&t.as_str()))
        .collect();
    if attempts.max_position == start {
        return (start, expected(positives, &words));
    }
    if at_item(positives) && attempts.max_position > start && !words.is_empty() {
        return (attempts.max_position, expected(&[], &words));
    }
    (start, message)
}

/// Whether pest wanted a whole item there: it failed back at the item's first word.
fn at_item(positives: &[Rule]) -> bool {
    positives.iter().any(|r| {
        matches!(
            r,
            Rule::file | Rule::rule | Rule::collection | Rule::k_rule | Rule::k_collection
        )
    })
}

/// The span of the token that starts at `start` (a word, or one character).
pub(super) fn next_token_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let word: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum();
    if word > 0 {
        return start + word;
    }
    start + rest.chars().next().map_or(0, char::len_utf8)
}

/// Words of the grammar worth naming when they are missing, that no rule reported where they are:
/// `:`, which is no rule, and `force` inside the operator `in force on` (a keyword is reported by
/// its own rule, `k_...`, but inside an operator only the operator is).
const WORDS: &[&str] = &[":", "force"];

fn expected(positives: &[Rule], words: &[String]) -> String {
    let mut names: Vec<String> = positives
        .iter()
        .filter_map(|r| human_name(*r))
        .map(str::to_string)
        .collect();
    // A requirement that is not there at all is reported as the rule `requirement`, which starts
    // with `require` or with `when`.
    if positives.contains(&Rule::requirement) {
        names.push(String::from("`when`"));
    }
    names.sort_unstable();
    names.dedup();
    for w in words {
        let word = format!("`{w}`");
        if !names.iter().any(|n| n.contains(&word)) {
            names.push(word);
        }
    }
    match names.as_slice() {
        [] => "unexpected text".to_string(),
        [one] if one.starts_with('`') && positives.is_empty() => format!("expected {one}"),
        [one] => format!("expected {one}"),
        [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
    }
}

/// The words for a grammar rule in an error message; `None` for rules never reported alone.
pub fn human_name(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::EOI => "the end of the file",
        Rule::file | Rule::item => {
            "`collection`, `parameter`, `amend parameter`, `definition` or `rule`"
        }
        Rule::WHITESPACE | Rule::COMMENT | Rule::word_char | Rule::blank => return None,
        Rule::name_start => return None,
        Rule::member_decl | Rule::field_condition | Rule::param_literal => return None,
        Rule::infix | Rule::prefix | Rule::postfix => "an operator",
        Rule::keyword => "a keyword",
        // A keyword is named by its word, or by the one phrase it starts (`for each`): inside an
        // operator (`in force on`, `is absent`) it is never reported, the operator is.
        Rule::k_absent => "`absent`",
        Rule::k_amend => "`amend parameter`",
        Rule::k_and => "`and`",
        Rule::k_as => "`as`",
        Rule::k_by => "`by`",
        Rule::k_citation => "`citation`",
        Rule::k_collection => "`collection`",
        Rule::k_count => "`count`",
        Rule::k_definition => "`definition`",
        Rule::k_distinct => "`distinct`",
        Rule::k_each => "`each`",
        Rule::k_else => "`else`",
        Rule::k_every => "`every`",
        Rule::k_exactly => "`exactly one of ..., ...`",
        Rule::k_false => "`false`",
        Rule::k_for => "`for each`",
        Rule::k_forbidden => "`forbidden otherwise`",
        Rule::k_force => "`force`",
        Rule::k_from => "`from`",
        Rule::k_if => "`if`",
        Rule::k_in => "`in force from ... until ...`",
        Rule::k_is => "`is`",
        Rule::k_let => "`let`",
        Rule::k_maximum => "`maximum`",
        Rule::k_means => "`means`",
        Rule::k_minimum => "`minimum`",
        Rule::k_no => "`no`",
        Rule::k_none => "`none`",
        Rule::k_not => "`not`",
        Rule::k_numbered => "`numbered per`",
        Rule::k_of => "`of`",
        Rule::k_on => "`on`",
        Rule::k_once => "`once per`",
        Rule::k_one => "`one of`",
        Rule::k_optional => "`optional`",
        Rule::k_or => "`or`",
        Rule::k_otherwise => "`otherwise`",
        Rule::k_parameter => "`parameter`",
        Rule::k_per => "`per`",
        Rule::k_period => "`period`",
        Rule::k_present => "`present`",
        Rule::k_ref => "`ref`",
        Rule::k_report => "`report on`",
        Rule::k_require => "`require`",
        Rule::k_required => "`required when`",
        Rule::k_rule => "`rule`",
        Rule::k_satisfies => "`satisfies`",
        Rule::k_severity => "`severity`",
        Rule::k_some => "`some`",
        Rule::k_sum => "`sum`",
        Rule::k_then => "`then`",
        Rule::k_true => "`true`",
        Rule::k_until => "`until`",
        Rule::k_when => "`when`",
        Rule::k_where => "`where`",
        Rule::k_year => "`year`",
        Rule::ident => "a name",
        Rule::field_name => "a field name",
        Rule::rule_id => "a rule id such as `AB-CD`",
        Rule::string | Rule::string_inner => "a quoted text",
        Rule::date => "a date such as `2021-10-01`",
        Rule::number => "a number",
        Rule::money => "an amount such as `44.00 EUR`",
        Rule::percent => "a percentage such as `45 %`",
        Rule::duration | Rule::unit => "a duration such as `6 months`",
        Rule::day_of_year | Rule::day_number | Rule::month_name => {
            "a day of the year such as `31 March`"
        }
        Rule::text_set => "a list of texts in brackets",
        Rule::boolean => "`true` or `false`",
        Rule::none => "`none`",
        Rule::template | Rule::template_text => "a quoted message",
        Rule::template_hole => "a value in braces",
        Rule::collection => "a collection",
        Rule::in_force => "`in force from ... until ...`",
        Rule::exactly_one => "`exactly one of ..., ...`",
        Rule::field_decl => "a field declaration such as `start: date`",
        Rule::optional => "`optional`",
        Rule::form | Rule::scalar_form | Rule::scalar_kind => {
            "a form (`text`, `code`, `integer`, `decimal`, `money`, `date`, `one of`, `ref` or `{`)"
        }
        Rule::mapping_form => "a nested mapping in braces",
        Rule::ref_form => "`ref` and a collection",
        Rule::enum_form => "`one of` and quoted values",
        Rule::range | Rule::at_least | Rule::above | Rule::between => {
            "a range such as `>= 0` or `(0, 1]`"
        }
        Rule::code_list => "`in` and the parameter listing the codes",
        Rule::code_kind => "`code`",
        Rule::open_bracket => "`[` or `(`",
        Rule::close_bracket => "`]` or `)`",
        Rule::required_when => "`required when`",
        Rule::forbidden_otherwise => "`forbidden otherwise`",
        Rule::parameter => "a parameter",
        Rule::amendment => "`amend parameter`",
        Rule::param_value => "a value and `from` a date",
        Rule::definition => "a definition",
        Rule::param_decl => "a name and its type, such as `d: date`",
        Rule::rule => "a rule",
        Rule::severity => "`severity`",
        Rule::severity_level => "`error` or `warning`",
        Rule::citation => "`citation`",
        Rule::check => "`for each`",
        Rule::binding | Rule::record_binding => "a collection and a name for its records",
        Rule::year_binding => "`year`",
        Rule::period_binding => "`period`",
        Rule::filter => "`where`",
        Rule::numbering => "`numbered per`",
        Rule::let_stmt => "`let`",
        Rule::requirement => "`require`",
        Rule::guard => "`when`",
        Rule::when_header => "`when`",
        Rule::report => "`report on`",
        Rule::once_per => "`once per`",
        Rule::path => "a name such as `x` or `x.start`",
        Rule::expr | Rule::operand => "a value (a name, a field, a number, a date, a text...)",
        Rule::not_op => "`not`",
        Rule::field_access => "`.` and a field name",
        Rule::is_absent => "`is absent`",
        Rule::is_present => "`is present`",
        Rule::or_op | Rule::and_op => "`and` or `or`",
        Rule::in_force_op => "`in force on`",
        Rule::not_in_op | Rule::in_op => "`in`",
        Rule::eq_op | Rule::ne_op | Rule::le_op | Rule::ge_op | Rule::lt_op | Rule::gt_op => {
            "a comparison"
        }
        Rule::add_op | Rule::sub_op | Rule::mul_op => "an operator",
        Rule::on_op => "`on`",
        Rule::paren => "a parenthesis",
        Rule::if_expr => "`if`",
        Rule::call => "a call such as `year(x.start)`",
        Rule::aggregate | Rule::aggregate_kind => {
            "`count`, `sum`, `minimum`, `maximum` or `distinct`"
        }
        Rule::projection => "a value `for each` record",
        Rule::selection => "a collection and a name for its records",
        Rule::quantifier | Rule::quantifier_kind => "`every`, `some` or `no`",
    })
}
