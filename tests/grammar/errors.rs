//! Parse errors pinned by position and wording, and no internal grammar name in any of them.

use super::*;

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
