//! Static-check errors of rule files, as a lawyer sees them.
//!
//! Each input is the built-in data model, parameters and definitions (`rules/00-schema.garant`,
//! `01-parameters`, `02-definitions`) plus one small rule file with one mistake. The rendered
//! diagnostic (message, underlined text, label and help) is an insta snapshot in
//! `tests/snapshots/check_errors__*.snap`, headed by the error's stable `kind` code.

use std::sync::Arc;

use garant::check::CheckError;
use garant::loc::Source;
use garant::report::human::render_diagnostic;
use garant::rules::{BUILT_IN, CompileError, compile};

/// The built-in schema, parameters and definitions.
fn base() -> Vec<Arc<Source>> {
    let wanted = [
        "00-schema.garant",
        "01-parameters.garant",
        "02-definitions.garant",
    ];
    let files: Vec<Arc<Source>> = BUILT_IN
        .iter()
        .filter(|(name, _)| wanted.iter().any(|w| name.ends_with(w)))
        .map(|(name, text)| Source::new(*name, *text))
        .collect();
    assert_eq!(
        files.len(),
        3,
        "the built-in schema, parameters and definitions"
    );
    files
}

/// The check errors of the base plus `files` (name, text); panics if anything else goes wrong.
#[track_caller]
fn check_errors(files: &[(&str, &str)]) -> Vec<CheckError> {
    let mut sources = base();
    sources.extend(files.iter().map(|(name, text)| Source::new(*name, *text)));
    match compile(sources) {
        Ok(_) => panic!("the rule files should not compile"),
        Err(errors) => errors
            .into_iter()
            .map(|e| match e {
                CompileError::Check(c) => c,
                other => panic!(
                    "a check error expected, got: {}",
                    render_diagnostic(&other, false)
                ),
            })
            .collect(),
    }
}

#[track_caller]
fn errors_of(text: &str) -> Vec<CheckError> {
    check_errors(&[("rules/test.garant", text)])
}

/// The first error of `text` (the base plus one rule file), which must be of `kind`, rendered.
#[track_caller]
fn first_error(text: &str, kind: &str) -> String {
    let errors = errors_of(text);
    let first = &errors[0];
    assert_eq!(first.kind, kind, "{}", render_diagnostic(first, false));
    shown(first)
}

/// The only error of `text`, which must be of `kind`, rendered.
#[track_caller]
fn only_error(text: &str, kind: &str) -> String {
    let errors = errors_of(text);
    let all: Vec<String> = errors.iter().map(shown).collect();
    assert_eq!(
        errors.len(),
        1,
        "one error expected, got:\n{}",
        all.join("\n")
    );
    first_error(text, kind)
}

fn shown(e: &CheckError) -> String {
    render_diagnostic(e, false)
}

/// The text an error underlines, and where it starts (`file:line:column`).
fn underlined(e: &CheckError) -> (String, String) {
    let text = e.src.inner();
    let (start, len) = (e.span.offset(), e.span.len());
    let src = Source::new(e.src.name(), text.clone());
    let (line, col) = src.line_col(start);
    (
        text.get(start..start + len).unwrap_or("").to_string(),
        format!("{}:{line}:{col}", e.src.name()),
    )
}

/// A rule around one check: `for each` and what follows it.
fn rule(id: &str, check: &str) -> String {
    format!(
        "rule {id} \"a test rule\"\n  severity error\n  citation \"Article 1\"\n  for each {check}\n"
    )
}

// ---------------------------------------------------------------- one snapshot per mistake

#[test]
fn unknown_collection() {
    let text = rule(
        "T-1",
        "membr m:\n    require m.residence.country = \"FR\"\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(first_error(&text, "RULES-UNKNOWN-COLLECTION"));
}

#[test]
fn unknown_field() {
    let text = rule(
        "T-1",
        "member m:\n    require m.birth_dat < as_of\n      otherwise \"{m.id} is born in the future\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-FIELD"));
}

#[test]
fn unknown_field_of_a_nested_mapping() {
    let text = rule(
        "T-1",
        "member m:\n    require m.residence.cty = \"Paris\"\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-FIELD"));
}

#[test]
fn unknown_parameter() {
    let text = rule(
        "T-1",
        "member m:\n    require age(m.birth_date, m.promotion.drawn_on) >= min_ag on m.promotion.drawn_on\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-PARAMETER"));
}

#[test]
fn unknown_name() {
    let text = rule(
        "T-1",
        "member m:\n    let drawn = m.promotion.drawn_on\n    require m.joined_on >= drawm\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-NAME"));
}

#[test]
fn unknown_definition() {
    let text = rule(
        "T-1",
        "member m:\n    require activ(m, as_of)\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-FUNCTION"));
}

#[test]
fn parameter_read_without_on() {
    let text = rule(
        "T-1",
        "member m:\n    require age(m.birth_date, m.promotion.drawn_on) >= min_age\n      otherwise \"{m.id} is too young\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-PARAM-DATE"));
}

#[test]
fn type_date_compared_with_number() {
    let text = rule(
        "T-1",
        "member m:\n    require m.birth_date > 2000\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-TYPE"));
}

#[test]
fn type_money_added_to_date() {
    let text = rule(
        "T-1",
        "indemnity i:\n    require i.date + i.amount_eur < as_of\n      otherwise \"{i.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-TYPE"));
}

#[test]
fn type_money_compared_with_number() {
    let text = rule(
        "T-1",
        "indemnity i:\n    require i.amount_eur > 0\n      otherwise \"{i.id} pays nothing\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-TYPE"));
}

#[test]
fn type_condition_expected() {
    let text = rule(
        "T-1",
        "member m:\n    require m.joined_on\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-TYPE"));
}

#[test]
fn enum_value_typo() {
    let text = rule(
        "T-1",
        "member m:\n    when m.channel = \"minr\"\n    require age(m.birth_date, m.promotion.drawn_on) < adult_age on m.promotion.drawn_on\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-ENUM-VALUE"));
}

#[test]
fn duplicate_rule_id_across_two_files() {
    let first = rule(
        "T-1",
        "member m:\n    require m.residence.country = \"FR\"\n      otherwise \"{m.id}\"",
    );
    let second = format!(
        "# a second file\n\n{}",
        rule(
            "T-1",
            "member m:\n    require m.residence.city = \"Paris\"\n      otherwise \"{m.id}\""
        )
    );
    let errors = check_errors(&[
        ("rules/first.garant", &first),
        ("rules/second.garant", &second),
    ]);
    assert_eq!(
        errors.len(),
        1,
        "{}",
        errors.iter().map(shown).collect::<String>()
    );
    assert_eq!(errors[0].kind, "RULES-DUPLICATE-RULE");
    insta::assert_snapshot!(shown(&errors[0]));
}

#[test]
fn parameter_read_on_a_date_before_its_first_value() {
    let text = rule(
        "T-1",
        "member m:\n    require age(m.birth_date, m.promotion.drawn_on) >= min_age on 2020-01-01\n      otherwise \"{m.id} is too young\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-PARAM-BEFORE"));
}

#[test]
fn message_naming_an_unknown_name() {
    let text = rule(
        "T-1",
        "member m:\n    let drawn = m.promotion.drawn_on\n    require m.joined_on >= drawn\n      otherwise \"{m.id} joined before the draw on {draw}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-NAME"));
}

#[test]
fn message_naming_an_unknown_field() {
    let text = rule(
        "T-1",
        "member m:\n    require m.joined_on < as_of\n      otherwise \"{m.idd} joins in the future\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-UNKNOWN-FIELD"));
}

#[test]
fn recursive_definition() {
    let text = "definition older_than(m: member, d: date) means\n  older_than(m, d - 1 day)\n";
    insta::assert_snapshot!(only_error(text, "RULES-RECURSION"));
}

#[test]
fn mutually_recursive_definitions() {
    let text = "definition a(d: date) means b(d)\ndefinition b(d: date) means a(d - 1 day)\n";
    insta::assert_snapshot!(only_error(text, "RULES-RECURSION"));
}

#[test]
fn every_without_satisfies() {
    let text = rule(
        "T-1",
        "promotion p:\n    require every member m where m.promotion = p\n      otherwise \"{p.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-QUANTIFIER"));
}

#[test]
fn report_on_a_non_record() {
    let text = rule(
        "T-1",
        "member m:\n    let drawn = m.promotion.drawn_on\n    require m.joined_on >= drawn\n      otherwise \"{m.id}\"\n    report on drawn",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-REPORT"));
}

#[test]
fn report_on_nothing() {
    let text = rule(
        "T-1",
        "year y from 2022-01-01 until as_of:\n    require some activity_report r where r.year = y\n      otherwise \"no report for {y}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-REPORT"));
}

#[test]
fn count_of_a_value() {
    let text = rule(
        "T-1",
        "promotion p:\n    require count(m.id for each member m where m.promotion = p) > 0\n      otherwise \"{p.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-AGGREGATE"));
}

#[test]
fn wrong_number_of_values() {
    let text = rule(
        "T-1",
        "member m:\n    require active(m)\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-ARITY"));
}

#[test]
fn in_force_on_a_collection_without_period() {
    let text = rule(
        "T-1",
        "member m:\n    require m in force on as_of\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_error(&text, "RULES-TYPE"));
}

#[test]
fn an_unknown_field_of_a_nested_mapping_names_the_mapping() {
    // The owner of the field is named as in the rule file, in backticks; a description such as
    // "this mapping" or "the reported record" is not a name and is not put in backticks.
    let text = rule(
        "T-1",
        "member m:\n    require m.residence.cty = \"Paris\"\n      otherwise \"{m.id}\"",
    );
    let errors = errors_of(&text);
    assert_eq!(errors[0].message, "unknown field `cty` of `residence`");
    let text = rule(
        "T-1",
        "member m:\n    require true\n      otherwise \"{m.id}\"\n    report on m.residence.cty",
    );
    let errors = errors_of(&text);
    assert!(
        !errors[0].message.contains("`the reported record`"),
        "{}",
        errors[0].message
    );
}

// ---------------------------------------------------------------- every error of every file

#[test]
fn errors_of_several_files_come_out_together() {
    let a = rule(
        "A-1",
        "member m:\n    require m.birth_dat < as_of\n      otherwise \"{m.id}\"",
    );
    let b = format!(
        "{}{}",
        rule(
            "B-1",
            "member m:\n    require m.channel = \"minr\"\n      otherwise \"{m.id}\""
        ),
        rule(
            "B-2",
            "indemnity i:\n    require i.amount_eur > 0\n      otherwise \"{i.id}\""
        )
    );
    let c = rule(
        "C-1",
        "member m:\n    require age(m.birth_date, as_of) >= min_age\n      otherwise \"{m.id}\"",
    );
    let errors = check_errors(&[
        ("rules/a.garant", &a),
        ("rules/b.garant", &b),
        ("rules/c.garant", &c),
    ]);
    let got: Vec<(String, &str)> = errors
        .iter()
        .map(|e| (e.src.name().to_string(), e.kind.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("rules/a.garant".to_string(), "RULES-UNKNOWN-FIELD"),
            ("rules/b.garant".into(), "RULES-ENUM-VALUE"),
            ("rules/b.garant".into(), "RULES-TYPE"),
            ("rules/c.garant".into(), "RULES-PARAM-DATE"),
        ]
    );
}

#[test]
fn errors_of_several_requirements_and_checks_of_one_rule_come_out_together() {
    let text = "rule T-1 \"t\"\n  severity error\n  citation \"c\"\n  for each member m:\n    require m.birth_dat < as_of\n      otherwise \"{m.id}\"\n    \
                require m.gender = \"W\"\n      otherwise \"{m.idd}\"\n  for each session s:\n    require s.present > s.date\n      otherwise \"{s.id}\"\n";
    let kinds: Vec<&str> = errors_of(text).iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "RULES-UNKNOWN-FIELD",
            "RULES-ENUM-VALUE",
            "RULES-UNKNOWN-FIELD",
            "RULES-TYPE"
        ]
    );
}

#[test]
fn parse_errors_of_several_files_come_out_together() {
    let mut sources = base();
    sources.push(Source::new(
        "rules/a.garant",
        "rule A-1 \"x\" severity fatal",
    ));
    sources.push(Source::new(
        "rules/b.garant",
        rule("B-1", "member m:\n    require true\n      otherwise \"x\""),
    ));
    sources.push(Source::new("rules/c.garant", "collection c { id: strng }"));
    let Err(errors) = compile(sources) else {
        panic!("should not compile")
    };
    let names: Vec<String> = errors
        .iter()
        .map(|e| match e {
            CompileError::Parse(p) => p.src.name().to_string(),
            other => panic!("a parse error expected: {other}"),
        })
        .collect();
    assert_eq!(names, ["rules/a.garant", "rules/c.garant"]);
}

// ---------------------------------------------------------------- what is underlined

#[test]
fn the_offending_text_is_underlined() {
    let cases = [
        (
            rule(
                "T-1",
                "member m:\n    require m.birth_dat < as_of\n      otherwise \"x\"",
            ),
            "birth_dat",
            "5:15",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require m.birth_date > 2000\n      otherwise \"x\"",
            ),
            "m.birth_date > 2000",
            "5:13",
        ),
        (
            rule(
                "T-1",
                "indemnity i:\n    require i.date + i.amount_eur < as_of\n      otherwise \"x\"",
            ),
            "i.date + i.amount_eur",
            "5:13",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require m.channel = \"minr\"\n      otherwise \"x\"",
            ),
            "\"minr\"",
            "5:25",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require as_of > min_ag on as_of\n      otherwise \"x\"",
            ),
            "min_ag",
            "5:21",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require as_of > min_age\n      otherwise \"x\"",
            ),
            "min_age",
            "5:21",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require age(m.birth_date, as_of) > min_age on 2020-01-01\n      otherwise \"x\"",
            ),
            "2020-01-01",
            "5:51",
        ),
        (
            rule("T-1", "membr m:\n    require true\n      otherwise \"x\""),
            "membr",
            "4:12",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require true\n      otherwise \"{m.idd}\"",
            ),
            "idd",
            "6:21",
        ),
        (
            rule(
                "T-1",
                "promotion p:\n    require every member m where m.promotion = p\n      otherwise \"x\"",
            ),
            "every member m where m.promotion = p",
            "5:13",
        ),
        (
            rule(
                "T-1",
                "member m:\n    let d = m.joined_on\n    require true\n      otherwise \"x\"\n    report on d",
            ),
            "d",
            "8:15",
        ),
        (
            rule(
                "T-1",
                "member m:\n    let x = if m.gender = \"F\" then 1 else \"t\"\n    require true\n      otherwise \"{x}\"",
            ),
            "if m.gender = \"F\" then 1 else \"t\"",
            "5:13",
        ),
        (
            rule(
                "T-1",
                "member m:\n    require no member o where o.replaces = m and o.gender = \"W\"\n      otherwise \"x\"",
            ),
            "\"W\"",
            "5:61",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, snippet, at) in cases {
        let errors = errors_of(&text);
        let (got, place) = underlined(&errors[0]);
        let want = format!("rules/test.garant:{at}");
        if (got.as_str(), place.as_str()) != (snippet, want.as_str()) {
            wrong.push(format!(
                "expected {snippet:?} at {want}, got {got:?} at {place}:\n{}",
                shown(&errors[0])
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_duplicate_rule_id_underlines_the_second_id_and_names_the_first() {
    let first = rule("T-1", "member m:\n    require true\n      otherwise \"x\"");
    let second = format!("\n\n{first}");
    let errors = check_errors(&[
        ("rules/first.garant", &first),
        ("rules/second.garant", &second),
    ]);
    let (got, place) = underlined(&errors[0]);
    assert_eq!(
        (got.as_str(), place.as_str()),
        ("T-1", "rules/second.garant:3:6")
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("the first `T-1` is in rules/first.garant at line 1")
    );
}

/// Durations of different units neither mix nor compare: the message names both units, not
/// "a duration ... a duration".
#[test]
fn durations_of_different_units_are_named_by_their_units() {
    let param =
        "parameter delay \"a time limit\":\n  1 month from 2000-01-01\n  30 days from 2020-01-01\n";
    let shown = only_error(param, "RULES-TYPE");
    assert!(
        shown.contains(
            "this value is a duration in days, but earlier values are a duration in months"
        ),
        "{shown}"
    );
    let compare = rule(
        "T-1",
        "member m:\n    require 1 year = 12 months\n      otherwise \"{m.id}\"",
    );
    let shown = first_error(&compare, "RULES-TYPE");
    assert!(
        shown.contains("a duration in years with a duration in months"),
        "{shown}"
    );
}

// ---------------------------------------------------------------- one mistake, one error

/// A mistake must not bring other, false errors along: a name whose declaration has a mistake is
/// still declared.
#[test]
fn an_unknown_collection_is_one_error() {
    let text = rule(
        "T-1",
        "membr m:\n    require m.residence.country = \"FR\"\n      otherwise \"{m.id}\"\n    report on m",
    );
    let errors = errors_of(&text);
    let all: Vec<String> = errors.iter().map(shown).collect();
    assert_eq!(
        errors.len(),
        1,
        "one error expected, got:\n{}",
        all.join("\n")
    );
}

#[test]
fn a_let_with_a_mistake_is_one_error() {
    let text = rule(
        "T-1",
        "member m:\n    let born = m.birth_dat\n    require born < as_of\n      otherwise \"{m.id} born on {born}\"",
    );
    let errors = errors_of(&text);
    let all: Vec<String> = errors.iter().map(shown).collect();
    assert_eq!(
        errors.len(),
        1,
        "one error expected, got:\n{}",
        all.join("\n")
    );
    assert_eq!(errors[0].kind, "RULES-UNKNOWN-FIELD");
}

#[test]
fn the_built_in_rules_have_no_error() {
    if let Err(errors) = garant::rules::built_in() {
        let all: Vec<String> = errors.iter().map(|e| render_diagnostic(e, false)).collect();
        panic!("{}", all.join("\n"));
    }
}

/// A rule that does not parse hides neither the other rules of its file nor the errors of the
/// other files: one run shows every problem.
#[test]
fn a_parse_error_does_not_hide_the_other_errors() {
    use std::sync::Arc;
    let mut sources: Vec<Arc<garant::loc::Source>> = garant::rules::BUILT_IN
        .iter()
        .filter(|(n, _)| n.contains("/0"))
        .map(|(n, t)| garant::loc::Source::new(*n, *t))
        .collect();
    let broken = "rule T-1 \"x\"\n  severity fatal\n  citation \"c\"\n  for each member m:\n    require true\n      otherwise \"x\"\n\n\
                  rule T-2 \"y\"\n  severity error\n  citation \"c\"\n  for each member m:\n    require m.birth_dat = as_of\n      otherwise \"x\"\n";
    sources.push(garant::loc::Source::new("rules/a.garant", broken));
    sources.push(garant::loc::Source::new(
        "rules/b.garant",
        "parameter p: 1 from 2021-10-01\nparameter p: 2 from 2021-10-01\n",
    ));
    let errors = garant::rules::compile(sources).err().unwrap_or_default();
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("expected `error` or `warning`"),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown field `birth_dat`")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("`p` is declared twice")),
        "{messages:#?}"
    );
}

// ---------------------------------------------------------------- slips that errors teach

/// Every error of the base plus `files` (name, text), rendered as `garant check` prints them;
/// there must be exactly one, of code `code`.
#[track_caller]
fn only_slip_in(files: &[(&str, &str)], code: &str) -> String {
    let mut sources = base();
    sources.extend(files.iter().map(|(name, text)| Source::new(*name, *text)));
    let errors = compile(sources).err().unwrap_or_default();
    let all: Vec<String> = errors.iter().map(|e| render_diagnostic(e, false)).collect();
    assert_eq!(
        errors.len(),
        1,
        "one error expected, got:\n{}",
        all.join("\n")
    );
    assert_eq!(errors[0].code(), code, "{}", all[0]);
    all.join("")
}

#[track_caller]
fn only_slip(text: &str, code: &str) -> String {
    only_slip_in(&[("rules/test.garant", text)], code)
}

/// A rule whose one requirement is `require` and `rest` (the condition, `otherwise`...).
fn requirement(rest: &str) -> String {
    rule("T-1", &format!("member m:\n    require {rest}"))
}

#[test]
fn slip_text_not_closed() {
    let text = format!(
        "{}\n{}",
        requirement("m.residence.country = \"FR\"\n      otherwise \"{m.id} resides abroad"),
        rule(
            "T-2",
            "member m:\n    require m.gender = \"F\"\n      otherwise \"{m.id}\""
        )
    );
    insta::assert_snapshot!(only_slip(&text, "RULES-UNCLOSED-TEXT"));
}

#[test]
fn slip_double_equals() {
    let text = requirement("m.residence.country == \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!(only_slip(&text, "RULES-OPERATOR"));
}

#[test]
fn slip_angle_brackets_for_not_equal() {
    let text = requirement("m.residence.country <> \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!(only_slip(&text, "RULES-OPERATOR"));
}

#[test]
fn slip_ampersands_and_bars() {
    let and =
        requirement("m.gender = \"F\" && m.residence.country = \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!("slip_ampersands", only_slip(&and, "RULES-OPERATOR"));
    let or =
        requirement("m.gender = \"F\" || m.residence.country = \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!("slip_bars", only_slip(&or, "RULES-OPERATOR"));
}

#[test]
fn slip_french_et_ou_non() {
    let et =
        requirement("m.gender = \"F\" et m.residence.country = \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!("slip_et", only_slip(&et, "RULES-WORD"));
    let ou =
        requirement("m.gender = \"F\" ou m.residence.country = \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!("slip_ou", only_slip(&ou, "RULES-WORD"));
    let non = requirement("non m.residence.country = \"FR\"\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!("slip_non", only_slip(&non, "RULES-WORD"));
}

#[test]
fn slip_else_and_sinon_for_otherwise() {
    let text = requirement("m.residence.country = \"FR\"\n      else \"{m.id}\"");
    insta::assert_snapshot!("slip_else", only_slip(&text, "RULES-WORD"));
    let text = requirement("m.residence.country = \"FR\"\n      sinon \"{m.id}\"");
    insta::assert_snapshot!("slip_sinon", only_slip(&text, "RULES-WORD"));
}

#[test]
fn slip_is_null_is_not_null_is_empty() {
    for (name, test) in [
        ("slip_is_null", "is null"),
        ("slip_is_not_null", "is not null"),
        ("slip_is_empty", "is empty"),
    ] {
        let text = requirement(&format!("m.replaces {test}\n      otherwise \"{{m.id}}\""));
        insta::assert_snapshot!(name, only_slip(&text, "RULES-WORD"));
    }
}

#[test]
fn slip_require_without_otherwise() {
    let text = rule(
        "T-1",
        "member m:\n    require m.residence.country = \"FR\"\n    when m.gender = \"F\"\n    require m.residence.city = \"Paris\"\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_slip(&text, "RULES-OTHERWISE"));
}

#[test]
fn slip_let_after_require() {
    let text = rule(
        "T-1",
        "member m:\n    require m.residence.country = \"FR\"\n      otherwise \"{m.id}\"\n    let city = m.residence.city\n    require city = \"Paris\"\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_slip(&text, "RULES-ORDER"));
}

#[test]
fn slip_require_after_report_on() {
    let text = rule(
        "T-1",
        "member m:\n    require m.residence.country = \"FR\"\n      otherwise \"{m.id}\"\n    report on m\n    require m.gender = \"F\"\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_slip(&text, "RULES-ORDER"));
}

/// The parameter whose value has no date is still declared: the rule reading it, in another
/// file, brings no "unknown parameter" along.
#[test]
fn slip_parameter_value_without_from() {
    let parameter = "parameter notice_period \"the notice a member gives\":\n  9 months\n";
    let rules = rule(
        "T-1",
        "member m:\n    require m.joined_on + notice_period on as_of > as_of\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_slip_in(
        &[("rules/a.garant", parameter), ("rules/b.garant", &rules)],
        "RULES-PARAMETER-FROM"
    ));
    // In one file, the rule after the parameter is still read and checked.
    let both = format!("{parameter}\n{}", rules.replace("m.joined_on", "m.joined"));
    let errors = compile([base(), vec![Source::new("rules/t.garant", both)]].concat())
        .err()
        .unwrap_or_default();
    let codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, ["RULES-PARAMETER-FROM", "RULES-UNKNOWN-FIELD"]);
}

#[test]
fn names_may_use_letters_of_any_language() {
    let text = rule(
        "T-1",
        "member m:\n    let échéance = m.joined_on + 9 months\n    require échéance > as_of\n      otherwise \"{m.id} : échéance {échéance}\"",
    );
    let mut sources = base();
    sources.push(Source::new("rules/test.garant", text));
    if let Err(errors) = compile(sources) {
        let all: Vec<String> = errors.iter().map(|e| render_diagnostic(e, false)).collect();
        panic!("{}", all.join("\n"));
    }
}

#[test]
fn slip_for_each_without_colon() {
    let text = rule(
        "T-1",
        "member m\n    require m.gender = \"F\"\n      otherwise \"{m.id}\"",
    );
    insta::assert_snapshot!(only_slip(&text, "RULES-SYNTAX"));
}

#[test]
fn slip_single_and_typographic_quotes() {
    let text = requirement("m.gender = \"F\"\n      otherwise '{m.id} is not a woman'");
    insta::assert_snapshot!("slip_single_quotes", only_slip(&text, "RULES-QUOTES"));
    let text = requirement("m.gender = “F”\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!("slip_typographic_quotes", only_slip(&text, "RULES-QUOTES"));
}

#[test]
fn slip_pour_chaque() {
    let text = rule(
        "T-1",
        "member m:\n    require m.gender = \"F\"\n      otherwise \"{m.id}\"",
    )
    .replace("for each", "pour chaque");
    insta::assert_snapshot!(only_slip(&text, "RULES-WORD"));
}

#[test]
fn slip_date_day_month_year() {
    let text = requirement("m.joined_on > 31/12/2025\n      otherwise \"{m.id}\"");
    insta::assert_snapshot!(only_slip(&text, "RULES-DATE"));
}
