//! Literals: strings, dates, numbers, money, percents, durations, days of the year, text sets, templates.

use super::*;

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
