//! The grammar of the rule language (`grammar/garant.pest`), rule by rule.
//!
//! Each significant grammar rule gets a positive test (the text it must accept, and for
//! expressions the tree the parser builds from it) and, where meaningful, a negative one. Then
//! parse errors are pinned by position and wording: a lawyer reads them, so they must name what
//! was expected in words, never the internal names of grammar rules.

use std::sync::Arc;

use garant::loc::Source;
use garant::syntax::ast::{
    AggKind, BinOp, Binding, CmpOp, ExprKind, File, Form, Item, Literal, Quant, ScalarKind,
    Severity, Step, TemplatePart, Unit,
};
use garant::syntax::{Grammar, ParseError, Rule, human_name, parse_file};
use pest::Parser as _;

// ---------------------------------------------------------------- helpers

/// Whether `rule` matches the whole of `text`.
fn full(r: Rule, text: &str) -> bool {
    match Grammar::parse(r, text) {
        Ok(pairs) => pairs.as_str() == text,
        Err(_) => false,
    }
}

#[track_caller]
fn accepts(r: Rule, text: &str) {
    assert!(full(r, text), "{r:?} should accept {text:?}");
}

#[track_caller]
fn rejects(r: Rule, text: &str) {
    assert!(!full(r, text), "{r:?} should reject {text:?}");
}

fn source(text: &str) -> Arc<Source> {
    Source::new("test.garant", text)
}

#[track_caller]
fn parse(text: &str) -> File {
    match parse_file(&source(text)) {
        Ok(f) => f,
        Err(e) => panic!("{text:?} should parse, got: {}", e.message),
    }
}

#[track_caller]
fn parse_err(text: &str) -> ParseError {
    match parse_file(&source(text)) {
        Ok(_) => panic!("{text:?} should not parse"),
        Err(e) => e,
    }
}

/// A parse error as `line:column`, the underlined text and the message.
#[track_caller]
fn error_at(text: &str) -> (String, String, String) {
    let e = parse_err(text);
    let src = source(text);
    let (line, col) = src.line_col(e.span.offset());
    let snippet = text
        .get(e.span.offset()..e.span.offset() + e.span.len())
        .unwrap_or("")
        .to_string();
    (format!("{line}:{col}"), snippet, e.message)
}

/// The tree of an expression, fully parenthesised: `(a or (b and c))`.
fn show(e: &garant::loc::Node<ExprKind>) -> String {
    match &e.node {
        ExprKind::Literal(l) => literal(l),
        ExprKind::Text(t) => template(&t.parts),
        ExprKind::Var(v) => v.clone(),
        ExprKind::Field(b, f) => format!("{}.{}", show(b), f.node),
        ExprKind::Call(n, args) => format!(
            "{}({})",
            n.node,
            args.iter().map(|a| show(a)).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::Not(x) => format!("(not {})", show(x)),
        ExprKind::Binary(op, a, b) => {
            let op = match op {
                BinOp::And => "and",
                BinOp::Or => "or",
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::In => "in",
                BinOp::NotIn => "not in",
                BinOp::InForceOn => "in force on",
                BinOp::On => "on",
            };
            format!("({} {op} {})", show(a), show(b))
        }
        ExprKind::Compare(first, rest) => {
            let mut s = format!("({}", show(first));
            for (op, x) in rest {
                s.push_str(&format!(" {} {}", cmp(*op), show(x)));
            }
            s.push(')');
            s
        }
        ExprKind::IsAbsent(x, true) => format!("({} is absent)", show(x)),
        ExprKind::IsAbsent(x, false) => format!("({} is present)", show(x)),
        ExprKind::If(c, t, f) => format!("(if {} then {} else {})", show(c), show(t), show(f)),
        ExprKind::Aggregate(k, sel, value) => {
            let filter = sel
                .filter
                .as_ref()
                .map(|f| format!(" where {}", show(f)))
                .unwrap_or_default();
            match value {
                None => format!(
                    "{}({} {}{filter})",
                    agg(*k),
                    sel.collection.node,
                    sel.var.node
                ),
                Some(v) => format!(
                    "{}({} for each {} {}{filter})",
                    agg(*k),
                    show(v),
                    sel.collection.node,
                    sel.var.node
                ),
            }
        }
        ExprKind::AggregateOf(k, x) => format!("{}({})", agg(*k), show(x)),
        ExprKind::Quantifier(q, sel, pred) => {
            let q = match q {
                Quant::Every => "every",
                Quant::Some => "some",
                Quant::No => "no",
            };
            let filter = sel
                .filter
                .as_ref()
                .map(|f| format!(" where {}", show(f)))
                .unwrap_or_default();
            let pred = pred
                .as_ref()
                .map(|p| format!(" satisfies {}", show(p)))
                .unwrap_or_default();
            format!(
                "({q} {} {}{filter}{pred})",
                sel.collection.node, sel.var.node
            )
        }
        ExprKind::Paren(x) => show(x),
    }
}

fn cmp(op: CmpOp) -> &'static str {
    op.symbol()
}

fn agg(k: AggKind) -> &'static str {
    match k {
        AggKind::Count => "count",
        AggKind::Sum => "sum",
        AggKind::Minimum => "minimum",
        AggKind::Maximum => "maximum",
        AggKind::Distinct => "distinct",
    }
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::None => "none".into(),
        Literal::Bool(b) => b.to_string(),
        Literal::Number(n) => n.clone(),
        Literal::Money(n) => format!("{n} EUR"),
        Literal::Percent(n) => format!("{n} %"),
        Literal::Duration(n, u) => format!("{n} {u:?}"),
        Literal::DayOfYear(m, d) => format!("day {d} of month {m}"),
        Literal::Date(d) => d.clone(),
        Literal::TextSet(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|s| format!("{:?}", s.node))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn template(parts: &[TemplatePart]) -> String {
    let mut s = String::from("\"");
    for p in parts {
        match p {
            TemplatePart::Text(t) => s.push_str(t),
            TemplatePart::Hole(e) => s.push_str(&format!("{{{}}}", show(e))),
        }
    }
    s.push('"');
    s
}

/// The tree of `text` read as the condition of a definition.
#[track_caller]
fn expr(text: &str) -> String {
    let file = parse(&format!("definition t(x: integer) means {text}"));
    match &file.items[..] {
        [Item::Definition(d)] => show(&d.node.body),
        _ => panic!("one definition expected"),
    }
}

/// A rule with one check around `body` (bindings, then `:` and the rest).
fn rule(body: &str) -> String {
    format!(
        "rule T-1 \"a test rule\"\n  severity error\n  citation \"Article 1\"\n  for each {body}\n"
    )
}

#[track_caller]
fn the_rule(text: &str) -> garant::syntax::ast::Rule {
    match parse(text).items.into_iter().next() {
        Some(Item::Rule(r)) => r.node,
        _ => panic!("a rule expected"),
    }
}

// ---------------------------------------------------------------- names

#[test]
fn ident_accepts_names_and_rejects_keywords() {
    for ok in [
        "m",
        "drawn",
        "birth_date",
        "_x",
        "x1",
        "in_mandate",
        "format",
        "nothing",
        "iffy",
        "eachone",
        "year",
        "date",
    ] {
        accepts(Rule::ident, ok);
    }
    for kw in [
        "absent",
        "amend",
        "and",
        "as",
        "by",
        "citation",
        "collection",
        "count",
        "definition",
        "distinct",
        "each",
        "else",
        "every",
        "false",
        "force",
        "for",
        "from",
        "if",
        "in",
        "is",
        "let",
        "maximum",
        "means",
        "minimum",
        "none",
        "not",
        "no",
        "numbered",
        "of",
        "once",
        "on",
        "or",
        "otherwise",
        "parameter",
        "per",
        "present",
        "report",
        "require",
        "rule",
        "satisfies",
        "severity",
        "some",
        "sum",
        "then",
        "true",
        "until",
        "when",
        "where",
    ] {
        rejects(Rule::ident, kw);
        accepts(Rule::keyword, kw);
        // A keyword followed by a word character is a name.
        accepts(Rule::ident, &format!("{kw}_x"));
    }
    for bad in ["1x", "x-y", "", "-x", "é-x"] {
        rejects(Rule::ident, bad);
    }
    // Names may use the letters of any language.
    for ok in ["échéance", "größe", "ändern_1", "_é", "δ", "名前", "andé"] {
        accepts(Rule::ident, ok);
    }
}

#[test]
fn field_name_may_be_a_keyword() {
    for ok in ["for", "against", "date", "from", "in", "id"] {
        accepts(Rule::field_name, ok);
    }
    rejects(Rule::field_name, "2x");
    // `d.votes.for` reads the field `for`.
    assert_eq!(expr("x.votes.for"), "x.votes.for");
}

#[test]
fn rule_id_starts_with_a_capital() {
    for ok in [
        "MEM-AGE",
        "A",
        "SES-PLENARY-POWERS",
        "DOC-EXAMPLE-2",
        "X_1",
        "Ab-1",
    ] {
        accepts(Rule::rule_id, ok);
    }
    for bad in ["mem-age", "-AGE", "1AGE", "MEM AGE", "MEM.AGE", ""] {
        rejects(Rule::rule_id, bad);
    }
}

// ---------------------------------------------------------------- keywords

/// The grammar file, as written.
const GRAMMAR: &str = include_str!("../grammar/garant.pest");

/// The keyword rules (`k_for`, `k_each`...) and their words.
fn keyword_rules() -> Vec<(Rule, String)> {
    Rule::all_rules()
        .iter()
        .filter_map(|r| {
            let name = format!("{r:?}");
            name.strip_prefix("k_").map(|word| (*r, word.to_string()))
        })
        .collect()
}

/// The words of the language that may also be names, and why. Every other word is reserved.
const ALLOWED_AS_NAMES: &[&str] = &[
    // The built-in function `year(d)`; and a binding that is not one of years or periods is one
    // of records, so a collection may be called `year` or `period`.
    "year",
    "period",
    // Written only among the fields of a collection, where names are field names.
    "exactly",
    "one",
    "optional",
    "ref",
    "required",
    "forbidden",
];

/// The rules of the grammar file: name, modifier (`@`, `$`, `_`, `!` or ` `) and body.
fn grammar_rules() -> Vec<(String, char, String)> {
    let mut rules: Vec<(String, char, String)> = Vec::new();
    for line in GRAMMAR.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        let starts_a_rule = !line.starts_with(char::is_whitespace) && !trimmed.starts_with('}');
        match (starts_a_rule, line.split_once('='), rules.last_mut()) {
            (true, Some((name, def)), _) => {
                let def = def.trim_start();
                let (modifier, body) = match def.strip_prefix('{') {
                    Some(body) => (' ', body),
                    None => {
                        let mut chars = def.chars();
                        let modifier = chars.next().unwrap_or(' ');
                        (modifier, chars.as_str().trim_start_matches('{'))
                    }
                };
                rules.push((name.trim().to_string(), modifier, body.to_string()));
            }
            (false, _, Some(last)) => {
                last.2.push(' ');
                last.2.push_str(trimmed);
            }
            _ => panic!("cannot read the grammar line {line:?}"),
        }
    }
    for rule in &mut rules {
        rule.2 = rule.2.trim().trim_end_matches('}').trim().to_string();
    }
    rules
}

/// The quoted literals of a rule's body that are words (`"for"`, not `"{"`).
fn word_literals(body: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                // An escape (`"\t"`, `"\""`) is no letter.
                '\\' => literal.extend(['\\'].into_iter().chain(chars.next())),
                _ => literal.push(c),
            }
        }
        if !literal.is_empty() && literal.chars().all(|c| c.is_ascii_alphabetic()) {
            words.push(literal);
        }
    }
    words
}

#[test]
fn every_keyword_is_a_whole_word() {
    let keywords = keyword_rules();
    assert!(keywords.len() > 50, "only {} keyword rules", keywords.len());
    for (r, word) in &keywords {
        accepts(*r, word);
        // Followed by a letter, a digit or `_`, it is not the keyword, not even its start.
        for glued in ["x", "X", "1", "_"].map(|next| format!("{word}{next}")) {
            assert!(
                Grammar::parse(*r, &glued).is_err(),
                "{r:?} matches in {glued:?}"
            );
        }
        // Followed by anything else, it is.
        for next in [" ", "\n", "#", "(", "\"", ":", ",", "."] {
            let text = format!("{word}{next}");
            let matched = Grammar::parse(*r, &text).map(|p| p.as_str().to_string());
            assert_eq!(matched.as_deref(), Ok(word.as_str()), "{r:?} in {text:?}");
        }
    }
}

#[test]
fn every_keyword_is_reserved_or_deliberately_a_name() {
    let words: Vec<String> = keyword_rules().into_iter().map(|(_, w)| w).collect();
    for word in &words {
        if ALLOWED_AS_NAMES.contains(&word.as_str()) {
            rejects(Rule::keyword, word);
            accepts(Rule::ident, word);
        } else {
            assert!(
                full(Rule::keyword, word),
                "`{word}` is neither in the rule `keyword` of grammar/garant.pest nor allowed as a name in ALLOWED_AS_NAMES"
            );
            rejects(Rule::ident, word);
        }
        // Any word of the language is a field name: `votes.for`, `in force from from until to`.
        accepts(Rule::field_name, word);
    }
    for allowed in ALLOWED_AS_NAMES {
        assert!(
            words.iter().any(|w| w == allowed),
            "`{allowed}` has no keyword rule"
        );
    }
}

#[test]
fn the_grammar_writes_each_word_in_one_keyword_rule() {
    let rules = grammar_rules();
    assert!(rules.len() > 100, "only {} rules read", rules.len());
    // Words of values, not of the language, in atomic rules (no whitespace slips in there).
    let vocabularies = [
        "money",
        "unit",
        "month_name",
        "scalar_kind",
        "code_kind",
        "severity_level",
    ];
    let mut keyword_names = Vec::new();
    for (name, modifier, body) in &rules {
        let words = word_literals(body);
        if let Some(word) = name.strip_prefix("k_") {
            assert_eq!(
                (*modifier, body.as_str()),
                ('@', format!("\"{word}\" ~ !word_char").as_str()),
                "the keyword rule `{name}`"
            );
            keyword_names.push(name.clone());
        } else if vocabularies.contains(&name.as_str()) {
            assert!(matches!(modifier, '@' | '$'), "`{name}` is not atomic");
        } else {
            // In a non-atomic rule pest matches `"for"` at the start of `foreach`.
            assert!(
                words.is_empty(),
                "the rule `{name}` writes {words:?}: use keyword rules (`k_...`), which match whole words"
            );
        }
    }
    let parsed: Vec<String> = keyword_rules()
        .into_iter()
        .map(|(r, _)| format!("{r:?}"))
        .collect();
    assert_eq!(keyword_names, parsed);
    // The reserved words are keyword rules, each once.
    let Some((_, _, reserved)) = rules.iter().find(|(name, _, _)| name == "keyword") else {
        panic!("no rule `keyword`")
    };
    let reserved: Vec<&str> = reserved.split('|').map(str::trim).collect();
    for name in &reserved {
        assert!(
            keyword_names.iter().any(|k| k == name),
            "`{name}` in `keyword`"
        );
    }
    let mut once = reserved.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), reserved.len(), "a word twice in `keyword`");
}

// ---------------------------------------------------------------- literals

#[test]
fn string_with_escapes() {
    accepts(Rule::string, r#""a text""#);
    accepts(Rule::string, r#""""#);
    accepts(Rule::string, r#""with \"quotes\" and \\ backslash""#);
    accepts(Rule::string, "\"not # a comment\"");
    rejects(Rule::string, r#""unterminated"#);
    rejects(Rule::string, r#""a" b""#);
    rejects(Rule::string, "'single'");
    let r = the_rule(
        &rule("member m:\n    require true\n      otherwise \"x\"")
            .replace("a test rule", r#"say \"hi\"\tthere # not a comment"#),
    );
    assert_eq!(r.title, "say \"hi\"\tthere # not a comment");
}

#[test]
fn date_is_four_two_two_digits_and_a_calendar_day() {
    accepts(Rule::date, "2021-10-01");
    accepts(Rule::date, "2024-02-29");
    for bad in [
        "2021-1-01",
        "21-10-01",
        "2021/10/01",
        "2021-10-1",
        "01-10-2021",
    ] {
        rejects(Rule::date, bad);
    }
    assert_eq!(expr("2024-02-29"), "2024-02-29");
    // Not a calendar day: rejected when the file is read.
    let (at, under, message) = error_at("definition t(x: integer) means x = 2023-02-29");
    assert_eq!((at.as_str(), under.as_str()), ("1:36", "2023-02-29"));
    assert_eq!(message, "`2023-02-29` is not a calendar date");
    // `2021-1-01` in an expression is not a date but a subtraction.
    assert_eq!(expr("2021-1-01"), "((2021 - 1) - 01)");
}

#[test]
fn number_is_whole_or_decimal_and_never_negative() {
    for ok in ["0", "16", "1.0", "0.5", "100000000"] {
        accepts(Rule::number, ok);
    }
    for bad in ["-1", "1.", ".5", "1,5", "1e3"] {
        rejects(Rule::number, bad);
    }
    assert_eq!(expr("1.0"), "1.0");
    assert_eq!(expr("0 - 1"), "(0 - 1)");
    parse_err("definition t(x: integer) means x = -1");
}

#[test]
fn money_is_a_number_and_eur() {
    for ok in ["44.00 EUR", "0 EUR", "100000000 EUR", "44.00EUR", "5  EUR"] {
        accepts(Rule::money, ok);
    }
    for bad in ["44.00 eur", "EUR 44", "44.00 €", "44.00\nEUR"] {
        rejects(Rule::money, bad);
    }
    assert_eq!(expr("i * 44.00 EUR"), "(i * 44.00 EUR)");
}

#[test]
fn percent_is_a_number_and_a_percent_sign() {
    for ok in ["45 %", "45%", "4.5 %"] {
        accepts(Rule::percent, ok);
    }
    for bad in ["45 percent", "% 45", "45 pc"] {
        rejects(Rule::percent, bad);
    }
    assert_eq!(expr("45 % * x"), "(45 % * x)");
}

#[test]
fn duration_is_a_whole_or_decimal_number_and_a_unit() {
    for ok in [
        "6 months",
        "1 month",
        "1 day",
        "30 days",
        "2 years",
        "1 year",
        "12  months",
    ] {
        accepts(Rule::duration, ok);
    }
    for bad in ["6months", "6 weeks", "6 monthsx", "6 Months", "months"] {
        rejects(Rule::duration, bad);
    }
    assert_eq!(expr("x - 1 day"), "(x - 1 Days)");
    assert_eq!(expr("12 months + 6 months"), "(12 Months + 6 Months)");
}

#[test]
fn day_of_year_is_a_day_and_a_month_name() {
    for ok in ["31 March", "1 January", "29 February", "7 December"] {
        accepts(Rule::day_of_year, ok);
    }
    for bad in ["31 march", "March 31", "31 Mar", "131 March", "31 Marches"] {
        rejects(Rule::day_of_year, bad);
    }
    assert_eq!(
        expr("date_in(2025, 31 March)"),
        "date_in(2025, day 31 of month 3)"
    );
    let (at, under, message) = error_at("parameter deadline:\n  31 April from 2021-10-01\n");
    assert_eq!((at.as_str(), under.as_str()), ("2:3", "31 April"));
    assert_eq!(message, "`31 April` is not a day of the year");
}

#[test]
fn text_set_is_quoted_texts_in_brackets() {
    for ok in [
        r#"[]"#,
        r#"["FR"]"#,
        r#"["AT", "BE",
      "BG"]"#,
    ] {
        accepts(Rule::text_set, ok);
    }
    for bad in [r#"["FR",]"#, r#"[FR]"#, r#"["FR" "BE"]"#, r#"("FR")"#] {
        rejects(Rule::text_set, bad);
    }
    assert_eq!(
        expr(r#"x in ["bill", "wish"]"#),
        r#"(x in ["bill", "wish"])"#
    );
}

#[test]
fn template_with_holes() {
    accepts(Rule::template, r#""plain""#);
    accepts(
        Rule::template,
        r#""{m.id} was {age(m.birth_date, drawn)} on {drawn}""#,
    );
    accepts(Rule::template, r#""{ m.id }""#);
    accepts(Rule::template, r#""a \{ brace and a } brace""#);
    rejects(Rule::template, r#""{m.id""#);
    rejects(Rule::template, r#""{}""#);
    rejects(Rule::template, r#""{m.id""#);
    let r = the_rule(&rule(
        "member m:\n    require true\n      otherwise \"{m.id} is {if m.gender = \"F\" then \"she\" else \"he\"}: \\{not a hole} # kept\"",
    ));
    assert_eq!(
        template(&r.checks[0].node.requirements()[0].node.message.node.parts),
        r#""{m.id} is {(if (m.gender = "F") then "she" else "he")}: {not a hole} # kept""#
    );
}

#[test]
fn boolean_and_none() {
    accepts(Rule::boolean, "true");
    accepts(Rule::boolean, "false");
    rejects(Rule::boolean, "truest");
    accepts(Rule::none, "none");
    rejects(Rule::none, "nones");
    assert_eq!(expr("true or false"), "(true or false)");
    assert_eq!(expr("truest"), "truest");
    assert_eq!(expr("x = none"), "(x = none)");
}

// ---------------------------------------------------------------- collections

const COLLECTION: &str = r#"
collection hearings (hearing) {
  id: text
  session: ref sessions
  speaker: { name: text
             country: code }
  kind: one of "expert", "official", "citizen"
  minutes: optional integer >= 1
  share: decimal (0, 1]
  round: integer [1, 20), required when kind = "expert"
  above_zero: decimal > 0
  fee: money, required when kind = "expert", forbidden otherwise
  from: date
  to: optional date
  in force from from until to
  decision: optional ref decisions
  jury: optional ref juries
  exactly one of decision, jury
}
"#;

#[test]
fn collection_with_every_form() {
    let file = parse(COLLECTION);
    let [Item::Collection(c)] = &file.items[..] else {
        panic!("one collection")
    };
    let c = &c.node;
    assert_eq!(c.name.node, "hearings");
    assert_eq!(
        c.singular.as_ref().map(|s| s.node.as_str()),
        Some("hearing")
    );
    let names: Vec<&str> = c.fields.iter().map(|f| f.node.name.node.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "session",
            "speaker",
            "kind",
            "minutes",
            "share",
            "round",
            "above_zero",
            "fee",
            "from",
            "to",
            "decision",
            "jury"
        ]
    );
    let field = |n: &str| {
        &c.fields
            .iter()
            .find(|f| f.node.name.node == n)
            .expect("field")
            .node
    };
    assert_eq!(field("id").form.node, Form::Scalar(ScalarKind::Text, None));
    assert!(matches!(&field("session").form.node, Form::Ref(r) if r.node == "sessions"));
    assert!(matches!(&field("speaker").form.node, Form::Mapping(f) if f.len() == 2));
    match &field("kind").form.node {
        Form::Enum(values) => assert_eq!(
            values.iter().map(|v| v.node.as_str()).collect::<Vec<_>>(),
            ["expert", "official", "citizen"]
        ),
        other => panic!("{other:?}"),
    }
    let minutes = field("minutes");
    assert!(minutes.optional);
    let Form::Scalar(ScalarKind::Integer, Some(r)) = &minutes.form.node else {
        panic!()
    };
    assert_eq!(
        (r.low.clone(), r.high.clone()),
        (Some(("1".into(), true)), None)
    );
    let Form::Scalar(ScalarKind::Decimal, Some(r)) = &field("share").form.node else {
        panic!()
    };
    assert_eq!(
        (r.low.clone(), r.high.clone()),
        (Some(("0".into(), false)), Some(("1".into(), true)))
    );
    let round = field("round");
    let Form::Scalar(ScalarKind::Integer, Some(r)) = &round.form.node else {
        panic!()
    };
    assert_eq!(
        (r.low.clone(), r.high.clone()),
        (Some(("1".into(), true)), Some(("20".into(), false)))
    );
    let (on, value) = round.required_when.as_ref().expect("required when");
    assert_eq!((on.node.as_str(), value.node.as_str()), ("kind", "expert"));
    assert!(!round.forbidden_otherwise);
    let Form::Scalar(ScalarKind::Decimal, Some(r)) = &field("above_zero").form.node else {
        panic!()
    };
    assert_eq!(r.low, Some(("0".into(), false)));
    let fee = field("fee");
    assert!(fee.required_when.is_some() && fee.forbidden_otherwise);
    let (from, to) = c.in_force.as_ref().expect("in force");
    assert_eq!((from.node.as_str(), to.node.as_str()), ("from", "to"));
    assert_eq!(c.exactly_one.len(), 1);
    assert_eq!(
        (
            c.exactly_one[0].0.node.as_str(),
            c.exactly_one[0].1.node.as_str()
        ),
        ("decision", "jury")
    );
}

#[test]
fn collection_without_singular_and_empty() {
    let file = parse("collection things { id: text }\ncollection empty {}");
    assert_eq!(file.items.len(), 2);
    let Item::Collection(c) = &file.items[0] else {
        panic!()
    };
    assert!(c.node.singular.is_none());
}

#[test]
fn field_decl_rule_by_rule() {
    accepts(Rule::field_decl, "start: date");
    accepts(Rule::field_decl, "left_on: optional date");
    accepts(
        Rule::field_decl,
        "arrondissement: integer [1, 20], required when city = \"Paris\"",
    );
    accepts(
        Rule::field_decl,
        "member: ref members, required when seat = \"assembly\", forbidden otherwise",
    );
    accepts(
        Rule::field_decl,
        "votes: { for: integer >= 0 against: integer >= 0 }",
    );
    rejects(Rule::field_decl, "start date");
    rejects(Rule::field_decl, "start: dates");
    rejects(Rule::field_decl, "start: string");
    rejects(Rule::field_decl, "start: optional");
    rejects(Rule::field_decl, "n: integer [1, 20");
    rejects(Rule::field_decl, "n: integer >= -1");
    rejects(Rule::field_decl, "n: integer, required when city");
    rejects(Rule::field_decl, "n: integer, forbidden");
    accepts(Rule::scalar_kind, "integer");
    rejects(Rule::scalar_kind, "integers");
    accepts(Rule::enum_form, "one of \"F\", \"M\", \"X\"");
    rejects(Rule::enum_form, "one of");
    rejects(Rule::enum_form, "one of F, M");
    accepts(Rule::in_force, "in force from from until to");
    rejects(Rule::in_force, "in force from from");
    accepts(Rule::exactly_one, "exactly one of decision, jury");
    rejects(Rule::exactly_one, "exactly one of decision");
    for ok in [
        ">= 0",
        "> 0",
        "[1, 20]",
        "(0, 1]",
        "[0, 1)",
        "(0, 1)",
        "[0.5, 1.5]",
    ] {
        accepts(Rule::range, ok);
    }
    for bad in ["<= 5", "[1 20]", "[1, 20", "= 3"] {
        rejects(Rule::range, bad);
    }
}

#[test]
fn one_in_force_per_collection() {
    let (at, under, message) = error_at(
        "collection c {\n  id: text\n  a: date\n  b: date\n  in force from a until b\n  in force from b until a\n}",
    );
    assert_eq!(
        (at.as_str(), under.as_str()),
        ("6:3", "in force from b until a")
    );
    assert_eq!(message, "a collection has one `in force` period");
}

// ---------------------------------------------------------------- parameters and definitions

#[test]
fn parameter_with_several_dated_values() {
    let file = parse(
        "parameter quota \"members drawn\":\n  none from 2021-10-01\n  80 from 2023-06-01\n  85 from 2025-01-01\n\
         parameter share: 45 % from 2021-10-01\n\
         parameter rate: 44.00 EUR from 2021-10-01 46.50 EUR from 2024-01-01\n\
         parameter months: 6 months from 2021-10-01\n\
         parameter deadline: 31 March from 2021-10-01\n\
         parameter fte: 1.0 from 2021-10-01\n\
         parameter countries: [\"AT\", \"BE\"] from 2021-10-01\n",
    );
    let params: Vec<_> = file
        .items
        .iter()
        .map(|i| match i {
            Item::Parameter(p) => p,
            _ => panic!("parameters only"),
        })
        .collect();
    let quota = &params[0].node;
    assert_eq!(quota.name.node, "quota");
    assert_eq!(quota.description.as_deref(), Some("members drawn"));
    let values: Vec<(String, &str)> = quota
        .values
        .iter()
        .map(|v| (literal(&v.node.value.node), v.node.from.node.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("none".to_string(), "2021-10-01"),
            ("80".into(), "2023-06-01"),
            ("85".into(), "2025-01-01")
        ]
    );
    assert!(params[1].node.description.is_none());
    let shown: Vec<String> = params[1..]
        .iter()
        .flat_map(|p| p.node.values.iter().map(|v| literal(&v.node.value.node)))
        .collect();
    assert_eq!(
        shown,
        [
            "45 %",
            "44.00 EUR",
            "46.50 EUR",
            "6 Months",
            "day 31 of month 3",
            "1.0",
            r#"["AT", "BE"]"#
        ]
    );
    assert_eq!(
        params[3].node.values[0].node.value.node,
        Literal::Duration("6".into(), Unit::Months)
    );
}

#[test]
fn parameter_needs_a_value_and_its_date() {
    rejects(Rule::parameter, "parameter x:");
    rejects(Rule::parameter, "parameter x: 5");
    rejects(Rule::parameter, "parameter x: 5 from");
    rejects(Rule::parameter, "parameter x: true from 2021-10-01");
    rejects(Rule::parameter, "parameter x: \"text\" from 2021-10-01");
    rejects(Rule::parameter, "parameter X-1: 5 from 2021-10-01");
    accepts(Rule::param_value, "5 from 2021-10-01");
    rejects(Rule::param_value, "5 2021-10-01");
}

#[test]
fn amendment_adds_dated_values() {
    let file = parse(
        "amend parameter indemnity_per_half_day:\n  46.00 EUR from 2025-01-01\n  48.00 EUR from 2026-01-01\n",
    );
    let [Item::Amendment(a)] = &file.items[..] else {
        panic!("one amendment")
    };
    assert_eq!(a.node.name.node, "indemnity_per_half_day");
    assert_eq!(a.node.values.len(), 2);
    rejects(
        Rule::amendment,
        "amend indemnity_per_half_day: 46.00 EUR from 2025-01-01",
    );
    rejects(Rule::amendment, "amend parameter x:");
}

#[test]
fn definition_with_typed_parameters() {
    let file = parse(
        "definition active(m: member, d: date) means\n  m.joined_on <= d and d < m.promotion.mandate_end",
    );
    let [Item::Definition(d)] = &file.items[..] else {
        panic!()
    };
    let params: Vec<(&str, &str)> = d
        .node
        .params
        .iter()
        .map(|(n, t)| (n.node.as_str(), t.node.as_str()))
        .collect();
    assert_eq!(params, [("m", "member"), ("d", "date")]);
    assert_eq!(
        show(&d.node.body),
        "((m.joined_on <= d) and (d < m.promotion.mandate_end))"
    );
    rejects(Rule::definition, "definition d() means true");
    rejects(Rule::definition, "definition d(x) means true");
    rejects(Rule::definition, "definition d(x: date)");
    rejects(Rule::definition, "definition d(x: date) true");
    rejects(Rule::definition, "definition for(x: date) means true");
}

// ---------------------------------------------------------------- rules

#[test]
fn rule_with_severity_citation_and_checks() {
    let text = r#"
rule MEM-AGE "a member is old enough"
  severity warning
  citation "Règlement intérieur, composition"
  for each member m where m.channel = "minor":
    let drawn = m.promotion.drawn_on
    let years = age(m.birth_date, drawn)
    require years >= min_age on drawn
      otherwise "{m.id} was {years}"
    when m.left_on is present
    require m.left_on > m.joined_on
      otherwise "{m.id} left early"
    report on m.residence.country
  for each session s:
    require s.present >= 0
      otherwise "{s.id}"
"#;
    let r = the_rule(text);
    assert_eq!(r.id.node, "MEM-AGE");
    assert_eq!(r.title, "a member is old enough");
    assert_eq!(r.severity, Severity::Warning);
    assert_eq!(r.citation, "Règlement intérieur, composition");
    assert_eq!(r.checks.len(), 2);
    let c = &r.checks[0].node;
    let Binding::Records {
        collection,
        var,
        filter,
    } = &c.bindings[0].node
    else {
        panic!()
    };
    assert_eq!(
        (collection.node.as_str(), var.node.as_str()),
        ("member", "m")
    );
    assert_eq!(
        show(filter.as_ref().expect("where")),
        r#"(m.channel = "minor")"#
    );
    let lets: Vec<(String, String)> = c
        .lets
        .iter()
        .map(|(n, e)| (n.node.clone(), show(e)))
        .collect();
    assert_eq!(
        lets,
        [
            ("drawn".into(), "m.promotion.drawn_on".into()),
            ("years".into(), "age(m.birth_date, drawn)".into())
        ]
    );
    assert_eq!(c.requirements().len(), 2);
    assert!(c.requirements()[0].node.guard.is_none());
    assert_eq!(
        show(&c.requirements()[0].node.condition),
        "(years >= (min_age on drawn))"
    );
    assert_eq!(
        show(c.requirements()[1].node.guard.as_ref().expect("when")),
        "(m.left_on is present)"
    );
    let report = c.report.as_ref().expect("report on");
    assert_eq!(
        report
            .path
            .iter()
            .map(|p| p.node.as_str())
            .collect::<Vec<_>>(),
        ["m", "residence", "country"]
    );
    assert!(report.once_per.is_none());
    assert!(r.checks[1].node.report.is_none());
    assert_eq!(
        the_rule(&rule("member m:\n    require true\n      otherwise \"x\"")).severity,
        Severity::Error
    );
}

#[test]
fn severity_is_error_or_warning() {
    accepts(Rule::severity, "severity error");
    accepts(Rule::severity, "severity warning");
    rejects(Rule::severity, "severity fatal");
    rejects(Rule::severity, "severity errors");
    rejects(Rule::severity, "severity Error");
    accepts(Rule::citation, "citation \"Article 3\"");
    rejects(Rule::citation, "citation Article 3");
}

#[test]
fn year_and_period_bindings() {
    let r = the_rule(&rule(
        "promotion p,\n      each period y of 12 months from p.installed_on until earliest(as_of, p.mandate_end),\n      \
         each year z from 2022-01-01 until as_of where z > 2022:\n    require true\n      otherwise \"x\"\n    report on p once per y",
    ));
    let b = &r.checks[0].node.bindings;
    assert_eq!(b.len(), 3);
    let Binding::Periods {
        var,
        length,
        from,
        until,
        filter,
    } = &b[1].node
    else {
        panic!("{:?}", b[1].node)
    };
    assert_eq!(var.node, "y");
    assert_eq!(length.node, Literal::Duration("12".into(), Unit::Months));
    assert_eq!(
        (show(from), show(until)),
        (
            "p.installed_on".into(),
            "earliest(as_of, p.mandate_end)".into()
        )
    );
    assert!(filter.is_none());
    let Binding::Years {
        var,
        from,
        until,
        filter,
    } = &b[2].node
    else {
        panic!("{:?}", b[2].node)
    };
    assert_eq!(
        (var.node.as_str(), show(from), show(until)),
        ("z", "2022-01-01".into(), "as_of".into())
    );
    assert_eq!(show(filter.as_ref().expect("where")), "(z > 2022)");
    let report = r.checks[0].node.report.as_ref().expect("report");
    assert_eq!(report.once_per.as_ref().map(|v| v.node.as_str()), Some("y"));
    // Record bindings whose collection starts like `year` or `period` stay record bindings.
    let r = the_rule(&rule(
        "yearly_report r, each periodical q:\n    require true\n      otherwise \"x\"",
    ));
    assert!(
        matches!(&r.checks[0].node.bindings[0].node, Binding::Records { collection, .. } if collection.node == "yearly_report")
    );
    assert!(
        matches!(&r.checks[0].node.bindings[1].node, Binding::Records { collection, .. } if collection.node == "periodical")
    );
    rejects(Rule::period_binding, "period y of 12 from a until b");
    rejects(Rule::year_binding, "year y from a");
    rejects(Rule::record_binding, "member");
}

#[test]
fn numbering_per_by_as() {
    let r = the_rule(&rule(
        "decision d where d.kind = \"bill\",\n      numbered per year(decided_on(d)) by decided_on(d) as n:\n    require n.rank = 1\n      otherwise \"{n.first.id}\"",
    ));
    let n = r.checks[0].node.numbering.as_ref().expect("numbering");
    assert_eq!(
        (show(&n.per), show(&n.by), n.var.node.as_str()),
        ("year(decided_on(d))".into(), "decided_on(d)".into(), "n")
    );
    accepts(Rule::numbering, ", numbered per s.promotion by s.date as n");
    rejects(Rule::numbering, ", numbered per s.promotion as n");
    rejects(Rule::numbering, ", numbered by s.date as n");
}

#[test]
fn check_has_lets_then_requirements_then_report() {
    accepts(Rule::let_stmt, "let x = 1");
    rejects(Rule::let_stmt, "let x 1");
    rejects(Rule::let_stmt, "let each = 1");
    accepts(Rule::requirement, "when a require b otherwise \"m\"");
    accepts(Rule::requirement, "require b otherwise \"m\"");
    rejects(Rule::requirement, "require b");
    rejects(Rule::requirement, "when a otherwise \"m\"");
    accepts(Rule::report, "report on m");
    accepts(Rule::report, "report on d.votes.for once per y");
    rejects(Rule::report, "report m");
    rejects(Rule::report, "report on m once y");
    rejects(Rule::report, "report on m.x once per y.z");
    // A check needs at least one requirement, and no `let` after one.
    parse_err(&rule("member m:\n    let x = 1"));
    parse_err(&rule(
        "member m:\n    require true\n      otherwise \"x\"\n    let y = 1",
    ));
    parse_err(&rule("member m:\n    report on m"));
}

/// The steps of the first check of the rule in `text`, as `when C [ ... ]` and `require C`
/// (with `when C require C` for the single form).
#[track_caller]
fn steps(text: &str) -> String {
    fn show_steps(steps: &[garant::loc::Node<Step>]) -> String {
        let shown: Vec<String> = steps
            .iter()
            .map(|s| match &s.node {
                Step::Require(r) => match &r.node.guard {
                    Some(g) => format!("when {} require {}", show(g), show(&r.node.condition)),
                    None => format!("require {}", show(&r.node.condition)),
                },
                Step::When { guard, steps } => {
                    format!("when {} [{}]", show(guard), show_steps(steps))
                }
            })
            .collect();
        shown.join(", ")
    }
    show_steps(&the_rule(text).checks[0].node.steps)
}

#[test]
fn when_block_covers_the_requirements_indented_under_it() {
    accepts(Rule::when_header, "when a:");
    accepts(Rule::when_header, "when a and b :");
    rejects(Rule::when_header, "when a");
    rejects(Rule::when_header, "when :");
    let text = rule(
        "member m:\n    when a:\n      require b otherwise \"1\"\n      require c otherwise \"2\"\n    require d otherwise \"3\"",
    );
    assert_eq!(steps(&text), "when a [require b, require c], require d");
    // The single form still covers the next `require` only, aligned with it or on its line.
    let text = rule(
        "member m:\n    when a\n    require b otherwise \"1\"\n    when c require d otherwise \"2\"",
    );
    assert_eq!(steps(&text), "when a require b, when c require d");
}

#[test]
fn when_blocks_nest_by_column() {
    let text = rule(concat!(
        "member m:\n",
        "    when a:\n",
        "      require b otherwise \"1\"\n",
        "      when c:\n",
        "          require d otherwise \"2\"\n",
        "          when e require f otherwise \"3\"\n",
        "      require g otherwise \"4\"\n",
        "  when h:\n",
        "   require i otherwise \"5\"\n",
        "    report on m",
    ));
    assert_eq!(
        steps(&text),
        "when a [require b, when c [require d, when e require f], require g], when h [require i]"
    );
    // A block closes at the first item at its column or less, however deep its items are.
    let text = rule(
        "member m:\n    when a:\n        when b:\n          require c otherwise \"1\"\n      require d otherwise \"2\"",
    );
    assert_eq!(steps(&text), "when a [when b [require c], require d]");
    // Comments and blank lines are not items: they do not close a block.
    let text = rule(
        "member m:\n    when a:\n# out of line\n\n      require b otherwise \"1\"\n  # less\n      require c otherwise \"2\"",
    );
    assert_eq!(steps(&text), "when a [require b, require c]");
}

#[test]
fn when_block_with_nothing_under_it_is_an_error() {
    let (at, under, message) = error_at(&rule(
        "member m:\n    when m.channel = \"minor\":\n    require b otherwise \"1\"",
    ));
    assert_eq!((at.as_str(), under.as_str()), ("5:5", "when"));
    assert_eq!(
        message,
        "`when m.channel = \"minor\":` covers the requirements indented under it, and none is"
    );
    let (at, _, _) = error_at(&rule(
        "member m:\n    require b otherwise \"1\"\n    when a:\n    report on m",
    ));
    assert_eq!(at, "6:5");
    // At the end of a block too.
    let (at, _, _) = error_at(&rule(
        "member m:\n    when a:\n      when b:\n    require c otherwise \"1\"",
    ));
    assert_eq!(at, "6:7");
}

#[test]
fn require_indented_under_a_when_without_colon_is_an_error() {
    let text = rule(concat!(
        "member m:\n",
        "    when j.kind = \"jury\"\n",
        "      require a otherwise \"1\"\n",
        "      require b otherwise \"2\"",
    ));
    let (at, under, message) = error_at(&text);
    assert_eq!((at.as_str(), under.as_str()), ("7:7", "require"));
    assert_eq!(
        message,
        "this `require` is indented under a `when` without a colon, which covers only the next `require`"
    );
    let help = parse_err(&text).help.expect("a help");
    assert_eq!(
        help,
        "to make the `when` cover several requirements, write `when j.kind = \"jury\":` and indent \
         them under it; if this `require` does not depend on that condition, align it with the \
         `when` (column 5)"
    );
    // A guarded requirement or a block indented under it too; and inside a block.
    let (at, under, _) = error_at(&rule(
        "member m:\n    when a require b otherwise \"1\"\n      when c require d otherwise \"2\"",
    ));
    assert_eq!((at.as_str(), under.as_str()), ("6:7", "when"));
    let (at, _, _) = error_at(&rule(
        "member m:\n    when a:\n      when b\n      require c otherwise \"1\"\n        require d otherwise \"2\"",
    ));
    assert_eq!(at, "8:9");
    // Aligned with the `when`, or under a requirement without `when`, it is not.
    parse(&rule(
        "member m:\n    when a\n    require b otherwise \"1\"\n    require c otherwise \"2\"",
    ));
    parse(&rule(
        "member m:\n    require b otherwise \"1\"\n      require c otherwise \"2\"",
    ));
}

#[test]
fn comments_and_whitespace_anywhere() {
    let file = parse(
        "# heading\nparameter # the name follows\n  x # its value\n  : 5 # five\n  from # the date\n  2021-10-01 # end\n",
    );
    assert_eq!(file.items.len(), 1);
    assert!(parse("").items.is_empty());
    assert!(parse("# only a comment").items.is_empty());
}

// ---------------------------------------------------------------- expressions

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(expr("a or b and c"), "(a or (b and c))");
    assert_eq!(expr("a and b or c"), "((a and b) or c)");
    assert_eq!(expr("(a or b) and c"), "((a or b) and c)");
    assert_eq!(expr("a or b or c"), "((a or b) or c)");
}

#[test]
fn not_applies_to_the_whole_comparison() {
    assert_eq!(expr("not a = b"), "(not (a = b))");
    assert_eq!(expr("not a and b"), "((not a) and b)");
    assert_eq!(expr("a and not b or c"), "((a and (not b)) or c)");
    assert_eq!(expr("not not a"), "(not (not a))");
    assert_eq!(
        expr("not active(c.member, s.date)"),
        "(not active(c.member, s.date))"
    );
    assert_eq!(
        expr("not (c.group in force on s.date)"),
        "(not (c.group in force on s.date))"
    );
}

#[test]
fn a_name_starting_with_not_is_a_name() {
    // `not` is a keyword only as a whole word: `notes`, `notice_days`, `notified(x)` are names.
    assert_eq!(expr("notes > 0"), "(notes > 0)");
    assert_eq!(expr("notice_days on x"), "(notice_days on x)");
    assert_eq!(expr("notified(x)"), "notified(x)");
    assert_eq!(expr("not notes"), "(not notes)");
}

#[test]
fn comparisons_and_chains() {
    for (op, sym) in [
        ("=", "="),
        ("!=", "!="),
        ("≠", "!="),
        ("<", "<"),
        ("<=", "<="),
        ("≤", "<="),
        (">", ">"),
        (">=", ">="),
        ("≥", ">="),
    ] {
        assert_eq!(expr(&format!("a {op} b")), format!("(a {sym} b)"));
    }
    assert_eq!(
        expr("p.installed_on <= d < p.mandate_end"),
        "(p.installed_on <= d < p.mandate_end)"
    );
    assert_eq!(expr("a < b <= c = d"), "(a < b <= c = d)");
    // Parentheses end a chain.
    assert_eq!(expr("(a <= b) < c"), "((a <= b) < c)");
    assert_eq!(expr("a + 1 < b * 2"), "((a + 1) < (b * 2))");
    assert_eq!(expr("a < b and b < c"), "((a < b) and (b < c))");
}

#[test]
fn in_not_in_and_in_force_on() {
    assert_eq!(
        expr("m.nationality in eu_countries on drawn"),
        "(m.nationality in (eu_countries on drawn))"
    );
    assert_eq!(
        expr("m.nationality not in eu_countries on drawn"),
        "(m.nationality not in (eu_countries on drawn))"
    );
    assert_eq!(expr("c in force on s.date"), "(c in force on s.date)");
    assert_eq!(
        expr("c.seat = \"expert\" and c in force on s.date"),
        "((c.seat = \"expert\") and (c in force on s.date))"
    );
    assert_eq!(expr("not x in s"), "(not (x in s))");
    assert_eq!(expr("x in forces"), "(x in forces)");
    assert_eq!(expr("x in [\"a\"] or y"), "((x in [\"a\"]) or y)");
}

#[test]
fn is_absent_and_is_present() {
    assert_eq!(
        expr("m.left_on is absent or d < m.left_on"),
        "((m.left_on is absent) or (d < m.left_on))"
    );
    assert_eq!(expr("quota on d is present"), "((quota on d) is present)");
    // `is absent` binds less tightly than arithmetic, more tightly than comparisons.
    assert_eq!(expr("a + b is absent"), "((a + b) is absent)");
    assert_eq!(expr("a = b is present"), "(a = (b is present))");
    rejects(Rule::is_absent, "is missing");
}

#[test]
fn arithmetic_and_on() {
    assert_eq!(expr("a + b * c"), "(a + (b * c))");
    assert_eq!(expr("a * b + c"), "((a * b) + c)");
    assert_eq!(expr("a - b - c"), "((a - b) - c)");
    assert_eq!(expr("a × b"), "(a * b)");
    assert_eq!(expr("(a + b) * c"), "((a + b) * c)");
    // `on` binds most tightly, after the dot.
    assert_eq!(
        expr("s.submitted_on + response_months on s.submitted_on"),
        "(s.submitted_on + (response_months on s.submitted_on))"
    );
    assert_eq!(
        expr("i.half_days * rate on i.date"),
        "(i.half_days * (rate on i.date))"
    );
    assert_eq!(
        expr("min_age on as_of - 1 day"),
        "((min_age on as_of) - 1 Days)"
    );
    assert_eq!(
        expr("min_age on (as_of - 1 day)"),
        "(min_age on (as_of - 1 Days))"
    );
    assert_eq!(
        expr("i + (mandate_months on i + extension_months on i)"),
        "(i + ((mandate_months on i) + (extension_months on i)))"
    );
}

#[test]
fn field_access() {
    assert_eq!(expr("m.promotion.drawn_on"), "m.promotion.drawn_on");
    assert_eq!(expr("n.first.id"), "n.first.id");
    assert_eq!(expr("decided_on(d).year"), "decided_on(d).year");
    assert_eq!(expr("(a).b"), "a.b");
    accepts(Rule::field_access, ".birth_date");
    rejects(Rule::field_access, ". birth_date");
    rejects(Rule::field_access, ".1");
}

#[test]
fn aggregates() {
    assert_eq!(
        expr("count(member m where m.promotion = p and active(m, p.installed_on))"),
        "count(member m where ((m.promotion = p) and active(m, p.installed_on)))"
    );
    assert_eq!(expr("count(member m)"), "count(member m)");
    assert_eq!(expr("count(represented)"), "count(represented)");
    assert_eq!(
        expr("sum(x.fte for each staff x where x in force on s.date)"),
        "sum(x.fte for each staff x where (x in force on s.date))"
    );
    assert_eq!(
        expr("minimum(i.date for each indemnity i where i.member = m)"),
        "minimum(i.date for each indemnity i where (i.member = m))"
    );
    assert_eq!(
        expr("maximum(i.date for each indemnity i)"),
        "maximum(i.date for each indemnity i)"
    );
    assert_eq!(
        expr(
            "distinct(m.residence.arrondissement for each member m where m.residence.city = \"Paris\")"
        ),
        "distinct(m.residence.arrondissement for each member m where (m.residence.city = \"Paris\"))"
    );
    assert_eq!(expr("count(member m) = 20"), "(count(member m) = 20)");
    for bad in [
        "count()",
        "count member m",
        "sum(x.fte for staff x)",
        "total(member m)",
    ] {
        rejects(Rule::aggregate, bad);
    }
    accepts(Rule::aggregate_kind, "distinct");
    rejects(Rule::aggregate_kind, "counts");
}

#[test]
fn quantifiers() {
    assert_eq!(
        expr("some activity_report r where r.year = y"),
        "(some activity_report r where (r.year = y))"
    );
    assert_eq!(
        expr("every member m where m.promotion = p satisfies m.residence.country = \"FR\""),
        "(every member m where (m.promotion = p) satisfies (m.residence.country = \"FR\"))"
    );
    assert_eq!(
        expr("no member m where a and b"),
        "(no member m where (a and b))"
    );
    assert_eq!(
        expr("some member m satisfies m.id = \"x\""),
        "(some member m satisfies (m.id = \"x\"))"
    );
    assert_eq!(expr("every member m"), "(every member m)");
    // The `where` runs to the end; parentheses end the quantifier.
    assert_eq!(
        expr("(some seat c where c.seat = \"assembly\") or done"),
        "((some seat c where (c.seat = \"assembly\")) or done)"
    );
    assert_eq!(
        expr("some seat c where c.seat = \"assembly\" or done"),
        "(some seat c where ((c.seat = \"assembly\") or done))"
    );
    rejects(Rule::quantifier, "every m where true");
    rejects(Rule::quantifier, "all member m");
    rejects(Rule::quantifier_kind, "nothing");
    assert_eq!(expr("nobody"), "nobody");
    assert_eq!(expr("everything"), "everything");
}

#[test]
fn if_then_else() {
    assert_eq!(expr("if a then b else c"), "(if a then b else c)");
    assert_eq!(
        expr(
            "if p.extended_by is present then mandate_months on i + extension_months on i else mandate_months on i"
        ),
        "(if (p.extended_by is present) then ((mandate_months on i) + (extension_months on i)) else (mandate_months on i))"
    );
    assert_eq!(
        expr("if a then b else if c then d else e"),
        "(if a then b else (if c then d else e))"
    );
    assert_eq!(
        expr("(if a then 1 else 2) + 3"),
        "((if a then 1 else 2) + 3)"
    );
    rejects(Rule::if_expr, "if a then b");
    rejects(Rule::if_expr, "if a b else c");
}

#[test]
fn calls() {
    assert_eq!(expr("age(m.birth_date, drawn)"), "age(m.birth_date, drawn)");
    assert_eq!(
        expr("year(p.mandate_end - 1 day)"),
        "year((p.mandate_end - 1 Days))"
    );
    assert_eq!(
        expr("date_in(r.year + 1, report_deadline on first_day(r.year + 1))"),
        "date_in((r.year + 1), (report_deadline on first_day((r.year + 1))))"
    );
    assert_eq!(expr("f (x)"), "f(x)");
    rejects(Rule::call, "f()");
    rejects(Rule::call, "f(x,)");
    rejects(Rule::call, "count(x, y)");
}

#[test]
fn operands_of_every_kind() {
    assert_eq!(
        expr(
            "31 March = 2021-10-01 = 44.00 EUR = 45 % = 6 months = 1.5 = \"t\" = true = none = [\"a\"] = (x)"
        ),
        "(day 31 of month 3 = 2021-10-01 = 44.00 EUR = 45 % = 6 Months = 1.5 = \"t\" = true = none = [\"a\"] = x)"
    );
}

#[test]
fn the_shipped_rules_parse() {
    for (name, text) in garant::rules::BUILT_IN {
        if let Err(e) = parse_file(&Source::new(*name, *text)) {
            panic!("{name}: {}", e.message);
        }
    }
}

// ---------------------------------------------------------------- parse errors: position and words

#[test]
fn error_unknown_severity() {
    let (at, under, message) = error_at("rule MEM-AGE \"x\" severity fatal");
    assert_eq!((at.as_str(), under.as_str()), ("1:27", "fatal"));
    assert_eq!(message, "expected `error` or `warning`");
}

#[test]
fn error_missing_citation() {
    let (at, under, message) = error_at(
        "rule MEM-AGE \"x\"\n  severity error\n  for each member m:\n    require true\n      otherwise \"x\"",
    );
    assert_eq!((at.as_str(), under.as_str()), ("3:3", "for"));
    assert_eq!(message, "expected `citation`");
}

#[test]
fn error_missing_severity() {
    let (at, under, message) = error_at("rule A \"x\" citation \"c\"");
    assert_eq!((at.as_str(), under.as_str()), ("1:12", "citation"));
    assert_eq!(message, "expected `severity`");
}

#[test]
fn error_lowercase_rule_id() {
    let (at, under, message) = error_at("rule mem-age \"x\" severity error");
    assert_eq!((at.as_str(), under.as_str()), ("1:6", "mem-age"));
    assert_eq!(message, "expected a rule id such as `AB-CD`");
}

#[test]
fn error_missing_title() {
    let (at, under, message) = error_at("rule A x");
    assert_eq!((at.as_str(), under.as_str()), ("1:8", "x"));
    assert_eq!(message, "expected a quoted text");
}

#[test]
fn error_no_check() {
    let (at, under, message) = error_at("rule A \"x\" severity error citation \"c\"\n");
    assert_eq!((at.as_str(), under.as_str()), ("2:1", ""));
    assert_eq!(message, "expected `for each`");
}

#[test]
fn error_for_without_each() {
    let (at, under, message) = error_at(
        &rule("member m:\n    require true\n      otherwise \"x\"").replace("for each", "for"),
    );
    assert_eq!((at.as_str(), under.as_str()), ("4:7", "member"));
    assert_eq!(message, "expected `each`");
}

#[test]
fn error_keyword_as_let_name() {
    let (at, under, message) = error_at(&rule(
        "member m:\n    let each = 1\n    require true\n      otherwise \"x\"",
    ));
    assert_eq!((at.as_str(), under.as_str()), ("5:9", "each"));
    assert_eq!(message, "expected a name");
}

#[test]
fn error_message_not_quoted() {
    let (at, under, message) = error_at(&rule("member m:\n    require true\n      otherwise x"));
    assert_eq!((at.as_str(), under.as_str()), ("6:17", "x"));
    assert_eq!(message, "expected a quoted message");
}

#[test]
fn error_missing_operand() {
    let (at, under, message) = error_at(&rule(
        "member m:\n    require m.id =\n      otherwise \"x\"",
    ));
    assert_eq!((at.as_str(), under.as_str()), ("6:7", "otherwise"));
    assert!(message.starts_with("expected "), "{message}");
    for word in [
        "a name",
        "a number",
        "a date such as `2021-10-01`",
        "`not`",
        "a quoted message",
    ] {
        assert!(message.contains(word), "{message:?} should name {word}");
    }
}

#[test]
fn error_unknown_form() {
    let (at, under, message) = error_at("collection members (member) {\n  id: strng\n}");
    assert_eq!((at.as_str(), under.as_str()), ("2:7", "strng"));
    assert_eq!(
        message,
        "expected `optional` or a form (`text`, `code`, `integer`, `decimal`, `money`, `date`, `one of`, `ref` or `{`)"
    );
}

#[test]
fn error_unclosed_range() {
    let (at, under, message) = error_at("collection members {\n  id: text\n  n: integer [1, 20\n}");
    assert_eq!((at.as_str(), under.as_str()), ("4:1", "}"));
    assert_eq!(message, "expected `]` or `)`");
}

#[test]
fn error_field_without_colon() {
    let (at, under, message) = error_at("collection members {\n  id text\n}");
    assert_eq!((at.as_str(), under.as_str()), ("2:3", "id"));
    assert_eq!(
        message,
        "expected `exactly one of ..., ...`, `in force from ... until ...` or a field declaration such as `start: date`"
    );
}

#[test]
fn error_enum_without_values() {
    let (at, under, message) = error_at("collection c { a: one of }");
    assert_eq!((at.as_str(), under.as_str()), ("1:26", "}"));
    assert_eq!(message, "expected a quoted text");
}

#[test]
fn error_parameter_without_value() {
    let (at, under, message) =
        error_at("parameter x \"d\":\nrule A \"t\" severity error citation \"c\"");
    // At the end of the parameter that has no value, not at the next item.
    assert_eq!((at.as_str(), under.as_str()), ("1:16", ":"));
    assert_eq!(message, "expected a value and `from` a date");
}

#[test]
fn error_parameter_bad_date() {
    let (at, under, message) = error_at("parameter x \"d\":\n  5 from 2021-1-01");
    assert_eq!((at.as_str(), under.as_str()), ("2:10", "2021-1-01"));
    assert_eq!(message, "expected a date such as `2021-10-01`");
    let (at, under, message) = error_at("parameter x \"d\":\n  5 from 2021-02-30");
    assert_eq!((at.as_str(), under.as_str()), ("2:10", "2021-02-30"));
    assert_eq!(message, "`2021-02-30` is not a calendar date");
}

#[test]
fn error_period_length_without_unit() {
    let (at, under, message) = error_at(&rule(
        "period y of 12 from a until b:\n    require true\n      otherwise \"x\"",
    ));
    assert_eq!((at.as_str(), under.as_str()), ("4:27", "from"));
    assert_eq!(message, "expected a duration such as `6 months`");
}

#[test]
fn error_not_an_item() {
    let (at, under, message) = error_at("hello");
    assert_eq!((at.as_str(), under.as_str()), ("1:1", "hello"));
    assert_eq!(
        message,
        "expected `collection`, `parameter`, `amend parameter`, `definition` or `rule`"
    );
    let (at, under, message) = error_at("# a comment\n\nhello");
    assert_eq!((at.as_str(), under.as_str()), ("3:1", "hello"));
    assert_eq!(
        message,
        "expected `amend parameter`, `collection`, `definition`, `parameter`, `rule` or the end of the file"
    );
}

#[test]
fn error_after_a_complete_rule() {
    let (at, under, message) = error_at(&format!(
        "{}    let y = 1\n",
        rule("member m:\n    require true\n      otherwise \"x\"")
    ));
    assert_eq!((at.as_str(), under.as_str()), ("7:5", "let"));
    assert_eq!(message, "a `let` cannot come after a `require`");
}

#[test]
fn error_parse_diagnostic_renders_with_the_words() {
    let e = parse_err("rule MEM-AGE \"x\" severity fatal");
    let out = garant::report::human::render_diagnostic(&e, false);
    assert!(out.contains("× expected `error` or `warning`"), "{out}");
    assert!(out.contains("[test.garant:1:27]"), "{out}");
    assert!(out.contains("──┬──"), "{out}");
}

// Where a keyword written as a word inside a grammar rule (`means`, `otherwise`, `from`, `else`,
// `satisfies`, `:`) is missing, the error must point at the place where it is missing and name it.

#[test]
fn error_definition_without_means() {
    let (at, under, message) = error_at("definition d(x: integer) x > 1");
    assert_eq!((at.as_str(), under.as_str()), ("1:26", "x"));
    assert!(message.contains("`means`"), "{message}");
}

#[test]
fn error_requirement_without_otherwise() {
    let (at, under, message) = error_at(&rule("member m:\n    require true\n    report on m"));
    assert_eq!((at.as_str(), under.as_str()), ("5:5", "require"));
    assert!(message.contains("`otherwise`"), "{message}");
}

#[test]
fn error_parameter_value_without_from() {
    let (at, under, message) = error_at("parameter x \"d\":\n  5 2021-10-01");
    assert_eq!((at.as_str(), under.as_str()), ("2:5", "2021-10-01"));
    assert!(message.contains("`from`"), "{message}");
}

#[test]
fn error_if_without_else() {
    let (at, under, message) = error_at(&rule(
        "member m:\n    require if a then b\n      otherwise \"x\"",
    ));
    assert_eq!((at.as_str(), under.as_str()), ("6:7", "otherwise"));
    assert!(message.contains("`else`"), "{message}");
}

// ---------------------------------------------------------------- keywords glued to the next word

/// `text` with `·` where a space belongs. With the space it parses; without, the error is at
/// `at` (`line:column`), under the glued word `under`, and says `message`.
#[track_caller]
fn glued(text: &str, at: &str, under: &str, message: &str) {
    parse(&text.replace('·', " "));
    let glued = text.replace('·', "");
    let (a, u, m) = error_at(&glued);
    assert_eq!(
        (a.as_str(), u.as_str(), m.as_str()),
        (at, under, message),
        "{glued:?}"
    );
}

const REQUIRE: &str = "\n    require true\n      otherwise \"x\"";

#[test]
fn a_keyword_glued_to_a_name_is_an_error_at_the_glued_word() {
    let statements = "expected `let`, `require` or `when`";
    glued(
        &rule(&format!("member m:{REQUIRE}")).replace("for each", "for·each"),
        "4:3",
        "foreach",
        "expected `for each`",
    );
    glued(
        &rule(&format!("member m:{REQUIRE}")).replace("each member", "each·member"),
        "4:7",
        "eachmember",
        "expected `each`",
    );
    glued(
        &rule(&format!("member m:\n    let·born = m.birth_date{REQUIRE}")),
        "5:5",
        "letborn",
        statements,
    );
    glued(
        &rule("member m:\n    require·born < 2030-01-01\n      otherwise \"x\""),
        "5:5",
        "requireborn",
        statements,
    );
    glued(
        &rule(&format!("member m:\n    when·m.x = 1{REQUIRE}")),
        "5:5",
        "whenm",
        statements,
    );
    glued(
        &format!("rule X \"t\" severity·error citation \"c\"\n  for each member m:{REQUIRE}"),
        "1:12",
        "severityerror",
        "expected `severity`",
    );
    glued(
        &rule(&format!("member m where·m.x = 1:{REQUIRE}")),
        "4:21",
        "wherem",
        "expected `numbered per` or `where`",
    );
    glued(
        &rule(&format!("member m:{REQUIRE}\n    report on·m")),
        "7:12",
        "onm",
        "expected `on`",
    );
    glued(
        &rule(&format!("member m, numbered per·m.x by m.y as n:{REQUIRE}")),
        "4:31",
        "perm",
        "expected `per`",
    );
    glued(
        &rule(&format!("member m, each year y from·a until b:{REQUIRE}")),
        "4:34",
        "froma",
        "expected `from`, `numbered per` or `where`",
    );
    glued(
        &rule(&format!(
            "member m, each period y of·12 months from a until b:{REQUIRE}"
        )),
        "4:36",
        "of12",
        "expected `numbered per`, `of` or `where`",
    );
    glued(
        &rule("member m:\n    require sum(o.x for each·member o) > 1\n      otherwise \"x\""),
        "5:25",
        "eachmember",
        "expected `each`",
    );
    glued(
        "definition d(x: integer) means·x > 1",
        "1:26",
        "meansx",
        "expected `means`",
    );
    glued(
        "parameter x: 1 from·2021-10-01",
        "1:16",
        "from2021-10-01",
        "expected `from`, a day of the year such as `31 March` or a duration such as `6 months`",
    );
    glued(
        "amend parameter·x: 1 from 2021-10-01",
        "1:7",
        "parameterx",
        "expected `parameter`",
    );
    glued(
        "collection·c { id: text }",
        "1:1",
        "collectionc",
        "expected `collection`, `parameter`, `amend parameter`, `definition` or `rule`",
    );
    let form = "expected `optional` or a form (`text`, `code`, `integer`, `decimal`, `money`, `date`, `one of`, `ref` or `{`)";
    glued(
        "collection c { id: optional·text }",
        "1:20",
        "optionaltext",
        form,
    );
    glued(
        "collection c { id: ref·members }",
        "1:20",
        "refmembers",
        form,
    );
    glued("collection c { id: one·of \"a\" }", "1:20", "oneof", form);
    glued(
        "collection c { a: date b: date in force·from a until b }",
        "1:35",
        "forcefrom",
        "expected `force`",
    );
    glued(
        "collection c { k: text id: integer, required·when k = \"a\" }",
        "1:37",
        "requiredwhen",
        "expected `forbidden otherwise` or `required when`",
    );
}

#[test]
fn a_keyword_glued_to_an_expression_is_an_error_at_the_glued_word() {
    glued(
        &rule("member m:\n    require if a then·b else c\n      otherwise \"x\""),
        "5:18",
        "thenb",
        "expected `.` and a field name, `and` or `or`, `in force on`, `in`, `is absent`, `is present`, `on`, `then`, a comparison or an operator",
    );
    glued(
        &rule("member m:\n    require if a then b else·c\n      otherwise \"x\""),
        "5:25",
        "elsec",
        "expected `.` and a field name, `and` or `or`, `else`, `in force on`, `in`, `is absent`, `is present`, `on`, a comparison or an operator",
    );
    glued(
        &rule(&format!("member m, numbered per m.x by·m.y as n:{REQUIRE}")),
        "4:39",
        "bym",
        "expected `.` and a field name, `and` or `or`, `by`, `in force on`, `in`, `is absent`, `is present`, `on`, a comparison or an operator",
    );
    glued(
        &rule("member m:\n    require some member o satisfies·o.x\n      otherwise \"x\""),
        "5:27",
        "satisfieso",
        "expected `.` and a field name, `and` or `or`, `in force on`, `in`, `is absent`, `is present`, `on`, `otherwise`, `satisfies`, `where`, a comparison or an operator",
    );
}

#[test]
fn a_keyword_glued_to_a_quote_or_a_bracket_is_fine() {
    // A quote, a bracket or a colon is not part of a word.
    the_rule(&rule("member m:\n    require(true)\n      otherwise\"x\""));
    parse(
        "rule X \"t\" severity error citation\"c\"\n  for each member m:\n    require true otherwise \"x\"",
    );
    parse("collection c { id: one of\"a\",\"b\" }");
}

#[test]
fn a_binding_word_glued_to_its_name_reads_as_a_collection() {
    // `year` and `period` may be collection names (see ALLOWED_AS_NAMES): `yeary` is a
    // collection, and the error is at the word after it, which cannot be a record's name.
    glued(
        &rule(&format!("member m, each year·y from a until b:{REQUIRE}")),
        "4:33",
        "from",
        "expected a name",
    );
    glued(
        &rule(&format!(
            "member m, each period·y of 12 months from a until b:{REQUIRE}"
        )),
        "4:35",
        "of",
        "expected a name",
    );
}

// ---------------------------------------------------------------- no internal names in errors

/// The names of grammar rules that are not English words a lawyer would use.
fn internal_names() -> Vec<String> {
    let english = [
        "file",
        "keyword",
        "string",
        "date",
        "number",
        "money",
        "percent",
        "duration",
        "unit",
        "none",
        "template",
        "collection",
        "optional",
        "form",
        "range",
        "above",
        "between",
        "parameter",
        "definition",
        "rule",
        "severity",
        "citation",
        "check",
        "binding",
        "filter",
        "numbering",
        "requirement",
        "guard",
        "report",
        "path",
        "call",
        "aggregate",
        "projection",
        "selection",
        "quantifier",
        "boolean",
        "item",
    ];
    Rule::all_rules()
        .iter()
        .map(|r| format!("{r:?}"))
        .filter(|n| !english.contains(&n.as_str()))
        .collect()
}

#[track_caller]
fn assert_no_internal_names(text: &str, message: &str) {
    let words: Vec<&str> = message
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    for name in internal_names() {
        assert!(
            !words.contains(&name.as_str()),
            "the error for {text:?} names the grammar rule `{name}`: {message}"
        );
    }
    assert!(
        !message.contains("Rule::") && !message.contains("positives"),
        "{message}"
    );
}

#[test]
fn every_rule_has_words_or_is_never_reported() {
    let never = [
        Rule::WHITESPACE,
        Rule::COMMENT,
        Rule::word_char,
        Rule::name_start,
        Rule::blank,
        Rule::member_decl,
        Rule::field_condition,
        Rule::param_literal,
    ];
    for r in Rule::all_rules() {
        match human_name(*r) {
            None => assert!(never.contains(r), "{r:?} has no words"),
            Some(words) => {
                assert!(!words.is_empty());
                assert_no_internal_names(&format!("{r:?}"), words);
            }
        }
    }
}

/// A file using most of the language, cut at every token to make many broken files.
const EVERYTHING: &str = r#"collection hearings (hearing) {
  id: text
  session: ref sessions
  speaker: { name: text country: code }
  kind: one of "expert", "official"
  round: integer [1, 20), required when kind = "expert", forbidden otherwise
  share: decimal > 0
  from: date
  to: optional date
  in force from from until to
  exactly one of from, to
}
parameter p "a parameter": none from 2021-10-01 45 % from 2022-01-01 6 months from 2023-01-01 31 March from 2024-01-01 [ "A" ] from 2025-01-01 44.00 EUR from 2026-01-01
definition d(x: member, y: date) means not x.a <= y < 3 and x in force on y or y is absent
rule R-1 "t" severity warning citation "c"
  for each member m where m.x in [ "a" ] , each period y of 12 months from a until b , each year z from a until b , numbered per m by m.d as n :
    let v = count( member o where o.p = m ) + sum( o.x for each member o ) * p on m.d
    when some member o where o.x satisfies o.y != 1
    require if every member o satisfies o.z then d( m , y.start ) else no member o
      otherwise "a {m.id} b { minimum( o.x for each member o ) }"
    report on m.a once per y
"#;

#[test]
fn parse_errors_never_name_grammar_rules() {
    parse(EVERYTHING);
    let mut cuts: Vec<usize> = EVERYTHING
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .collect();
    cuts.dedup();
    let mut errors = 0;
    for cut in cuts {
        // The file cut there, and the file with the word after the cut dropped.
        let head = &EVERYTHING[..cut];
        let rest = &EVERYTHING[cut..];
        let next_word_end = rest
            .trim_start()
            .find(char::is_whitespace)
            .map_or(rest.len(), |i| rest.len() - rest.trim_start().len() + i);
        for text in [
            head.to_string(),
            format!("{head}{}", &rest[next_word_end..]),
            format!("{head} ??? {rest}"),
        ] {
            if let Err(e) = parse_file(&source(&text)) {
                errors += 1;
                assert_no_internal_names(&text, &e.message);
                assert!(!e.message.is_empty());
                if let Some(help) = &e.help {
                    assert_no_internal_names(&text, help);
                }
            }
        }
    }
    assert!(errors > 300, "only {errors} broken files");
}
