//! Rules: severity, citation, bindings, numbering, checks and their `when` blocks.

use super::*;

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
