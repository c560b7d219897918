//! Collections, parameters and definitions: the declarations the rules read.

use super::*;

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
