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

mod errors;
mod expressions;
mod glued;
mod items;
mod literals;
mod rules;
mod words;

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
