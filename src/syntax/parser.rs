//! From pest's parse tree to the AST of [`super::ast`].

use std::sync::{Arc, LazyLock};

use pest::Parser as _;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::ast::*;
use super::errors::{ParseCode, ParseError};
use super::steps::{FlatStep, nest_steps};
use crate::loc::{Loc, Node, Source};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/garant.pest"]
pub struct Grammar;

type Result<T> = std::result::Result<T, Box<ParseError>>;

/// Operator precedence, declared once, loosest first.
static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or_op, Assoc::Left))
        .op(Op::infix(Rule::and_op, Assoc::Left))
        .op(Op::prefix(Rule::not_op))
        .op(Op::infix(Rule::eq_op, Assoc::Left)
            | Op::infix(Rule::ne_op, Assoc::Left)
            | Op::infix(Rule::lt_op, Assoc::Left)
            | Op::infix(Rule::le_op, Assoc::Left)
            | Op::infix(Rule::gt_op, Assoc::Left)
            | Op::infix(Rule::ge_op, Assoc::Left)
            | Op::infix(Rule::in_op, Assoc::Left)
            | Op::infix(Rule::not_in_op, Assoc::Left)
            | Op::infix(Rule::in_force_op, Assoc::Left))
        .op(Op::postfix(Rule::is_absent) | Op::postfix(Rule::is_present))
        .op(Op::infix(Rule::add_op, Assoc::Left) | Op::infix(Rule::sub_op, Assoc::Left))
        .op(Op::infix(Rule::mul_op, Assoc::Left))
        .op(Op::infix(Rule::on_op, Assoc::Left))
        .op(Op::postfix(Rule::field_access))
});

/// Parses one rule file; the first error, if any.
// One error per file, returned once: its size does not matter.
#[allow(clippy::result_large_err)]
pub fn parse_file(src: &Arc<Source>) -> std::result::Result<File, ParseError> {
    let (file, errors) = parse_file_all(src);
    match errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(file),
    }
}

/// Parses one rule file, going on after an item that does not parse: the items that parse, and
/// an error for each item that does not. An item starts at a line beginning with `rule`,
/// `collection`, `parameter`, `amend` or `definition`.
pub fn parse_file_all(src: &Arc<Source>) -> (File, Vec<ParseError>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    loop {
        match parse_from(src, offset, src.text.len()) {
            Ok(more) => {
                items.extend(more);
                break;
            }
            Err(e) => {
                let at = e.span.offset();
                let item = item_starts(&src.text)
                    .filter(|s| (offset..=at).contains(s))
                    .last()
                    .unwrap_or(offset);
                if let Ok(before) = parse_from(src, offset, item) {
                    items.extend(before);
                }
                items.extend(declared_anyway(src, item));
                errors.push(*e);
                // Always forward, even from an error placed before `offset`.
                match item_starts(&src.text).find(|s| *s > at.max(offset)) {
                    Some(next) => offset = next,
                    None => break,
                }
            }
        }
    }
    (File { items }, errors)
}

/// A parameter whose values do not parse is still declared, without values, so that its uses
/// bring no "unknown parameter" along (the check gives it no type, and reports nothing more).
fn declared_anyway(src: &Arc<Source>, item: usize) -> Option<Item> {
    let rest = src.text.get(item..)?.strip_prefix("parameter")?;
    let name_at = item + "parameter".len() + (rest.len() - rest.trim_start().len());
    let text = src.text.get(name_at..)?;
    let name = Grammar::parse(Rule::ident, text).ok()?.next()?.as_str();
    let loc = Loc::new(name_at, name_at + name.len(), src);
    let parameter = Parameter {
        name: Node::new(name.to_string(), loc.clone()),
        description: None,
        values: Vec::new(),
    };
    Some(Item::Parameter(Node::new(parameter, loc)))
}

/// The byte offsets of the lines that begin an item.
fn item_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    const STARTS: [&str; 5] = [
        "rule ",
        "collection ",
        "parameter ",
        "amend ",
        "definition ",
    ];
    let lines = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
    lines.filter(move |&i| {
        text.get(i..)
            .is_some_and(|rest| STARTS.iter().any(|k| rest.starts_with(k)))
    })
}

/// Parses the items of `src.text[start..end]`.
fn parse_from(src: &Arc<Source>, start: usize, end: usize) -> Result<Vec<Item>> {
    pest::set_error_detail(true);
    let text = src.text.get(start..end).unwrap_or("");
    let mut pairs = Grammar::parse(Rule::file, text)
        .map_err(|e| Box::new(ParseError::from_pest(&e, src, start)))?;
    let b = Builder { src, base: start };
    let mut items = Vec::new();
    if let Some(file) = pairs.next() {
        for pair in file.into_inner() {
            if pair.as_rule() != Rule::EOI {
                items.push(b.item(pair)?);
            }
        }
    }
    Ok(items)
}

struct Builder<'a> {
    src: &'a Arc<Source>,
    /// Where the parsed text starts in the file.
    base: usize,
}

/// The children of a pair that the AST is built from: all but its keywords.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

/// Whether `r` is a keyword rule (`k_for`, `k_each`...): a word of the language, whose pair says
/// nothing more than that the word is there. The grammar names every keyword rule, and only
/// them, `k_...`, so this list cannot miss one.
fn is_keyword(r: Rule) -> bool {
    static KEYWORDS: LazyLock<Vec<Rule>> = LazyLock::new(|| {
        Rule::all_rules()
            .iter()
            .copied()
            .filter(|r| format!("{r:?}").starts_with("k_"))
            .collect()
    });
    KEYWORDS.contains(&r)
}

impl Builder<'_> {
    /// Where a pair was written, without the whitespace the grammar let it swallow at its end.
    fn loc(&self, pair: &Pair<'_, Rule>) -> Loc {
        let span = pair.as_span();
        let start = self.base + span.start();
        Loc::new(start, start + span.as_str().trim_end().len(), self.src)
    }

    fn node<T>(&self, pair: &Pair<'_, Rule>, value: T) -> Node<T> {
        Node::new(value, self.loc(pair))
    }

    fn name(&self, pair: Pair<'_, Rule>) -> Name {
        self.node(&pair, pair.as_str().to_string())
    }

    fn item(&self, pair: Pair<'_, Rule>) -> Result<Item> {
        Ok(match pair.as_rule() {
            Rule::collection => Item::Collection(self.node(&pair, self.collection(pair.clone())?)),
            Rule::parameter => Item::Parameter(self.node(&pair, self.parameter(pair.clone())?)),
            Rule::amendment => Item::Amendment(self.node(&pair, self.parameter(pair.clone())?)),
            Rule::definition => Item::Definition(self.node(&pair, self.definition(pair.clone())?)),
            _ => Item::Rule(self.node(&pair, self.rule(pair.clone())?)),
        })
    }

    // ------------------------------------------------------------------ schema

    fn collection(&self, pair: Pair<'_, Rule>) -> Result<Collection> {
        let mut inner = children(pair).peekable();
        let name = self.name(next(&mut inner));
        let singular = match inner.peek() {
            Some(p) if p.as_rule() == Rule::ident => Some(self.name(next(&mut inner))),
            _ => None,
        };
        let mut c = Collection {
            name,
            singular,
            fields: Vec::new(),
            in_force: None,
            exactly_one: Vec::new(),
        };
        for p in inner {
            match p.as_rule() {
                Rule::in_force | Rule::exactly_one => {
                    let mut two = children(p.clone());
                    let pair = (self.name(next(&mut two)), self.name(next(&mut two)));
                    if p.as_rule() == Rule::in_force {
                        if c.in_force.is_some() {
                            return Err(ParseError::boxed(
                                &self.loc(&p),
                                "a collection has one `in force` period",
                                None,
                            ));
                        }
                        c.in_force = Some(pair);
                    } else {
                        c.exactly_one.push(pair);
                    }
                }
                _ => c.fields.push(self.field_decl(p)?),
            }
        }
        Ok(c)
    }

    fn field_decl(&self, pair: Pair<'_, Rule>) -> Result<Node<FieldDecl>> {
        let loc = self.loc(&pair);
        let mut inner = children(pair);
        let name = self.name(next(&mut inner));
        let mut decl = FieldDecl {
            name,
            optional: false,
            form: Node::new(Form::Enum(Vec::new()), loc.clone()),
            required_when: None,
            forbidden_otherwise: false,
        };
        for p in inner {
            match p.as_rule() {
                Rule::optional => decl.optional = true,
                Rule::form => decl.form = self.form(p)?,
                Rule::required_when => {
                    let mut two = children(p);
                    let field = self.name(next(&mut two));
                    let value = self.string(next(&mut two))?;
                    decl.required_when = Some((field, value));
                }
                _ => decl.forbidden_otherwise = true,
            }
        }
        Ok(Node::new(decl, loc))
    }

    fn form(&self, pair: Pair<'_, Rule>) -> Result<Node<Form>> {
        let loc = self.loc(&pair);
        let inner = next(&mut children(pair));
        let form = match inner.as_rule() {
            Rule::mapping_form => Form::Mapping(
                children(inner)
                    .map(|p| self.field_decl(p))
                    .collect::<Result<_>>()?,
            ),
            Rule::ref_form => Form::Ref(self.name(next(&mut children(inner)))),
            Rule::enum_form => Form::Enum(
                children(inner)
                    .map(|p| self.string(p))
                    .collect::<Result<_>>()?,
            ),
            _ => {
                let mut parts = children(inner);
                let kind = match next(&mut parts).as_str() {
                    "text" => ScalarKind::Text,
                    "code" => ScalarKind::Code,
                    "integer" => ScalarKind::Integer,
                    "decimal" => ScalarKind::Decimal,
                    "money" => ScalarKind::Money,
                    _ => ScalarKind::Date,
                };
                match parts.next() {
                    Some(p) if p.as_rule() == Rule::code_list => {
                        Form::CodeIn(self.name(next(&mut children(p))))
                    }
                    p => Form::Scalar(kind, p.map(range)),
                }
            }
        };
        Ok(Node::new(form, loc))
    }

    // ------------------------------------------------------------------ parameters, definitions

    fn parameter(&self, pair: Pair<'_, Rule>) -> Result<Parameter> {
        let mut inner = children(pair).peekable();
        let name = self.name(next(&mut inner));
        let description = match inner.peek() {
            Some(p) if p.as_rule() == Rule::string => Some(self.string(next(&mut inner))?.node),
            _ => None,
        };
        let mut values = Vec::new();
        for p in inner {
            let loc = self.loc(&p);
            let mut two = children(p);
            let value = self.literal(next(&mut two))?;
            let from = self.date(next(&mut two))?;
            values.push(Node::new(ParamValue { value, from }, loc));
        }
        Ok(Parameter {
            name,
            description,
            values,
        })
    }

    fn definition(&self, pair: Pair<'_, Rule>) -> Result<Definition> {
        let mut inner = children(pair);
        let name = self.name(next(&mut inner));
        let mut params = Vec::new();
        let mut body = None;
        for p in inner {
            if p.as_rule() == Rule::param_decl {
                let mut two = children(p);
                params.push((self.name(next(&mut two)), self.name(next(&mut two))));
            } else {
                body = Some(self.expr(p)?);
            }
        }
        let body = body.ok_or_else(|| {
            ParseError::boxed(
                &name.loc,
                "a definition needs `means` and a condition",
                None,
            )
        })?;
        Ok(Definition { name, params, body })
    }

    // ------------------------------------------------------------------ rules

    fn rule(&self, pair: Pair<'_, Rule>) -> Result<super::ast::Rule> {
        let mut inner = children(pair);
        let id = self.name(next(&mut inner));
        let title = self.string(next(&mut inner))?.node;
        let severity = match next(&mut children(next(&mut inner))).as_str() {
            "error" => Severity::Error,
            _ => Severity::Warning,
        };
        let citation = self.string(next(&mut children(next(&mut inner))))?.node;
        let checks = inner
            .map(|p| Ok(self.node(&p, self.check(p.clone())?)))
            .collect::<Result<_>>()?;
        Ok(super::ast::Rule {
            id,
            title,
            severity,
            citation,
            checks,
        })
    }

    fn check(&self, pair: Pair<'_, Rule>) -> Result<Check> {
        let mut check = Check {
            bindings: Vec::new(),
            numbering: None,
            lets: Vec::new(),
            steps: Vec::new(),
            report: None,
        };
        let mut flat = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::binding => check.bindings.push(self.binding(p)?),
                Rule::numbering => {
                    let mut three = children(p);
                    let per = self.expr(next(&mut three))?;
                    let by = self.expr(next(&mut three))?;
                    let var = self.name(next(&mut three));
                    check.numbering = Some(Numbering { per, by, var });
                }
                Rule::let_stmt => {
                    let mut two = children(p);
                    let name = self.name(next(&mut two));
                    check.lets.push((name, self.expr(next(&mut two))?));
                }
                Rule::requirement => flat.push(FlatStep::Require(self.requirement(p)?)),
                Rule::when_header => {
                    let loc = self.loc(&p);
                    flat.push(FlatStep::Header(self.filter(p)?, loc));
                }
                _ => check.report = Some(self.report(p)),
            }
        }
        check.steps = nest_steps(flat)?;
        Ok(check)
    }

    fn binding(&self, pair: Pair<'_, Rule>) -> Result<Node<Binding>> {
        let inner = next(&mut children(pair));
        let loc = self.loc(&inner);
        let kind = inner.as_rule();
        let mut parts = children(inner);
        let binding = match kind {
            Rule::record_binding => Binding::Records {
                collection: self.name(next(&mut parts)),
                var: self.name(next(&mut parts)),
                filter: parts.next().map(|f| self.filter(f)).transpose()?,
            },
            Rule::year_binding => Binding::Years {
                var: self.name(next(&mut parts)),
                from: self.expr(next(&mut parts))?,
                until: self.expr(next(&mut parts))?,
                filter: parts.next().map(|f| self.filter(f)).transpose()?,
            },
            _ => Binding::Periods {
                var: self.name(next(&mut parts)),
                length: self.literal(next(&mut parts))?,
                from: self.expr(next(&mut parts))?,
                until: self.expr(next(&mut parts))?,
                filter: parts.next().map(|f| self.filter(f)).transpose()?,
            },
        };
        Ok(Node::new(binding, loc))
    }

    fn filter(&self, pair: Pair<'_, Rule>) -> Result<Expr> {
        self.expr(next(&mut children(pair)))
    }

    fn requirement(&self, pair: Pair<'_, Rule>) -> Result<Node<Requirement>> {
        let loc = self.loc(&pair);
        let mut inner = children(pair).peekable();
        let guard = match inner.peek() {
            Some(p) if p.as_rule() == Rule::guard => Some(self.filter(next(&mut inner))?),
            _ => None,
        };
        let condition = self.expr(next(&mut inner))?;
        let message = self.template(next(&mut inner))?;
        Ok(Node::new(
            Requirement {
                guard,
                condition,
                message,
            },
            loc,
        ))
    }

    fn report(&self, pair: Pair<'_, Rule>) -> Report {
        let mut inner = children(pair);
        let path = children(next(&mut inner)).map(|p| self.name(p)).collect();
        let once_per = inner.next().map(|p| self.name(next(&mut children(p))));
        Report { path, once_per }
    }

    // ------------------------------------------------------------------ expressions

    fn expr(&self, pair: Pair<'_, Rule>) -> Result<Expr> {
        PRATT
            .map_primary(|p| self.operand(p))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let loc = self.loc(&op).join(&rhs.loc);
                Ok(Box::new(Node::new(ExprKind::Not(rhs), loc)))
            })
            .map_postfix(|lhs, op| self.postfix(lhs?, op))
            .map_infix(|lhs, op, rhs| Ok(infix(lhs?, op.as_rule(), rhs?)))
            .parse(children(pair))
    }

    fn postfix(&self, lhs: Expr, op: Pair<'_, Rule>) -> Result<Expr> {
        let loc = lhs.loc.join(&self.loc(&op));
        let kind = match op.as_rule() {
            Rule::field_access => ExprKind::Field(lhs, self.name(next(&mut children(op)))),
            Rule::is_absent => ExprKind::IsAbsent(lhs, true),
            _ => ExprKind::IsAbsent(lhs, false),
        };
        Ok(Box::new(Node::new(kind, loc)))
    }

    fn operand(&self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let loc = self.loc(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => ExprKind::Paren(self.expr(next(&mut children(pair)))?),
            Rule::if_expr => {
                let mut three = children(pair);
                let c = self.expr(next(&mut three))?;
                let t = self.expr(next(&mut three))?;
                ExprKind::If(c, t, self.expr(next(&mut three))?)
            }
            Rule::aggregate => self.aggregate(pair)?,
            Rule::quantifier => {
                let mut inner = children(pair);
                let quant = match next(&mut inner).as_str() {
                    "every" => Quant::Every,
                    "some" => Quant::Some,
                    _ => Quant::No,
                };
                let sel = self.selection(next(&mut inner))?;
                ExprKind::Quantifier(
                    quant,
                    Box::new(sel),
                    inner.next().map(|p| self.expr(p)).transpose()?,
                )
            }
            Rule::template => ExprKind::Text(self.template(pair)?.node),
            Rule::call => {
                let mut inner = children(pair);
                let name = self.name(next(&mut inner));
                ExprKind::Call(name, inner.map(|p| self.expr(p)).collect::<Result<_>>()?)
            }
            Rule::ident => ExprKind::Var(pair.as_str().to_string()),
            _ => ExprKind::Literal(self.literal(pair)?.node),
        };
        Ok(Box::new(Node::new(kind, loc)))
    }

    fn aggregate(&self, pair: Pair<'_, Rule>) -> Result<ExprKind> {
        let mut inner = children(pair);
        let kind = match next(&mut inner).as_str() {
            "count" => AggKind::Count,
            "sum" => AggKind::Sum,
            "minimum" => AggKind::Minimum,
            "maximum" => AggKind::Maximum,
            _ => AggKind::Distinct,
        };
        let body = next(&mut inner);
        Ok(match body.as_rule() {
            Rule::selection => ExprKind::Aggregate(kind, Box::new(self.selection(body)?), None),
            Rule::projection => {
                let mut two = children(body);
                let value = self.expr(next(&mut two))?;
                let sel = self.selection(next(&mut two))?;
                ExprKind::Aggregate(kind, Box::new(sel), Some(value))
            }
            _ => ExprKind::AggregateOf(kind, self.expr(body)?),
        })
    }

    fn selection(&self, pair: Pair<'_, Rule>) -> Result<Selection> {
        let mut inner = children(pair);
        Ok(Selection {
            collection: self.name(next(&mut inner)),
            var: self.name(next(&mut inner)),
            filter: inner.next().map(|f| self.filter(f)).transpose()?,
        })
    }

    fn template(&self, pair: Pair<'_, Rule>) -> Result<Node<Template>> {
        let loc = self.loc(&pair);
        let mut parts = Vec::new();
        for p in children(pair) {
            if p.as_rule() == Rule::template_text {
                parts.push(TemplatePart::Text(unescape(p.as_str())));
            } else {
                parts.push(TemplatePart::Hole(self.expr(next(&mut children(p)))?));
            }
        }
        Ok(Node::new(Template { parts }, loc))
    }

    // ------------------------------------------------------------------ literals

    fn string(&self, pair: Pair<'_, Rule>) -> Result<Node<String>> {
        let loc = self.loc(&pair);
        Ok(Node::new(unescape(next(&mut children(pair)).as_str()), loc))
    }

    fn date(&self, pair: Pair<'_, Rule>) -> Result<Node<String>> {
        let text = pair.as_str();
        if crate::value::read_date(text).is_err() {
            return Err(ParseError::boxed(
                &self.loc(&pair),
                format!("`{text}` is not a calendar date"),
                Some("write a day that exists, as year-month-day: `2025-02-28`".into()),
            )
            .code(ParseCode::Date));
        }
        Ok(self.node(&pair, text.to_string()))
    }

    fn literal(&self, pair: Pair<'_, Rule>) -> Result<Node<Literal>> {
        let loc = self.loc(&pair);
        let number = |p: &Pair<'_, Rule>| {
            p.clone()
                .into_inner()
                .next()
                .map_or(String::new(), |n| n.as_str().to_string())
        };
        let lit = match pair.as_rule() {
            Rule::none => Literal::None,
            Rule::boolean => Literal::Bool(pair.as_str() == "true"),
            Rule::number => Literal::Number(pair.as_str().to_string()),
            Rule::money => Literal::Money(number(&pair)),
            Rule::percent => Literal::Percent(number(&pair)),
            Rule::date => Literal::Date(self.date(pair)?.node),
            Rule::duration => {
                let mut two = children(pair);
                let n = next(&mut two).as_str().to_string();
                let unit = match next(&mut two).as_str() {
                    "day" | "days" => Unit::Days,
                    "month" | "months" => Unit::Months,
                    _ => Unit::Years,
                };
                Literal::Duration(n, unit)
            }
            Rule::day_of_year => self.day_of_year(pair)?,
            _ => Literal::TextSet(
                children(pair)
                    .map(|p| self.string(p))
                    .collect::<Result<_>>()?,
            ),
        };
        Ok(Node::new(lit, loc))
    }

    fn day_of_year(&self, pair: Pair<'_, Rule>) -> Result<Literal> {
        let loc = self.loc(&pair);
        let mut two = children(pair);
        let day: u32 = next(&mut two).as_str().parse().unwrap_or(0);
        let name = next(&mut two).as_str();
        let month = MONTHS
            .iter()
            .position(|m| *m == name)
            .map_or(0, |i| i as u32 + 1);
        if chrono::NaiveDate::from_ymd_opt(2000, month, day).is_none() {
            return Err(ParseError::boxed(
                &loc,
                format!("`{}` is not a day of the year", loc.snippet()),
                Some("write a day that exists in every year, such as `31 March`".into()),
            )
            .code(ParseCode::Date));
        }
        Ok(Literal::DayOfYear(month, day))
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn range(pair: Pair<'_, Rule>) -> Range {
    let inner = next(&mut children(pair));
    let kind = inner.as_rule();
    let mut parts = children(inner);
    match kind {
        Rule::at_least => Range {
            low: Some((next(&mut parts).as_str().to_string(), true)),
            high: None,
        },
        Rule::above => Range {
            low: Some((next(&mut parts).as_str().to_string(), false)),
            high: None,
        },
        _ => {
            let open = next(&mut parts).as_str() == "[";
            let low = next(&mut parts).as_str().to_string();
            let high = next(&mut parts).as_str().to_string();
            let close = next(&mut parts).as_str() == "]";
            Range {
                low: Some((low, open)),
                high: Some((high, close)),
            }
        }
    }
}

fn infix(lhs: Expr, op: Rule, rhs: Expr) -> Expr {
    let loc = lhs.loc.join(&rhs.loc);
    let cmp = match op {
        Rule::eq_op => Some(CmpOp::Eq),
        Rule::ne_op => Some(CmpOp::Ne),
        Rule::lt_op => Some(CmpOp::Lt),
        Rule::le_op => Some(CmpOp::Le),
        Rule::gt_op => Some(CmpOp::Gt),
        Rule::ge_op => Some(CmpOp::Ge),
        _ => None,
    };
    if let Some(cmp) = cmp {
        let kind = match lhs.node {
            ExprKind::Compare(first, mut rest) => {
                rest.push((cmp, rhs));
                ExprKind::Compare(first, rest)
            }
            _ => ExprKind::Compare(lhs, vec![(cmp, rhs)]),
        };
        return Box::new(Node::new(kind, loc));
    }
    let op = match op {
        Rule::and_op => BinOp::And,
        Rule::or_op => BinOp::Or,
        Rule::add_op => BinOp::Add,
        Rule::sub_op => BinOp::Sub,
        Rule::mul_op => BinOp::Mul,
        Rule::in_op => BinOp::In,
        Rule::not_in_op => BinOp::NotIn,
        Rule::in_force_op => BinOp::InForceOn,
        _ => BinOp::On,
    };
    Box::new(Node::new(ExprKind::Binary(op, lhs, rhs), loc))
}

/// The next child, which the grammar guarantees; an empty pair list never reaches here.
fn next<'a>(pairs: &mut impl Iterator<Item = Pair<'a, Rule>>) -> Pair<'a, Rule> {
    match pairs.next() {
        Some(p) => p,
        None => unreachable_grammar(),
    }
}

#[cold]
fn unreachable_grammar() -> ! {
    unreachable!("the grammar guarantees this child")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}
