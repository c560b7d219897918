//! Expressions: the tree the parser builds, precedence, every operator and operand.

use super::*;

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
