//! Expressions, bindings and literals to a [`Doc`].
//!
//! A long expression breaks the same way every time: first at its loosest operator (`or`, then
//! `and`: each operand on a line of its own, the operator first), then before the `where` of a
//! selection, then inside parentheses and deeper; a continuation line is indented two more
//! spaces than the line it continues. The body of a definition that is an `and` or an `or` is
//! always written one operand a line, as a list of conditions.

use super::doc::Doc;
use super::print::{Printer, spaced};
use crate::loc::Node;
use crate::syntax::ast::*;

impl Printer<'_> {
    pub(super) fn expr(&mut self, e: &Expr) -> Doc {
        match &e.node {
            ExprKind::Literal(lit) => self.literal_at(e, lit),
            ExprKind::Text(_) => self.verbatim(e),
            ExprKind::Var(name) => self.word_at(&e.loc, name.clone()),
            ExprKind::Field(x, name) => {
                Doc::Concat(vec![self.expr(x), self.kw("."), self.verbatim(name)])
            }
            ExprKind::Call(name, args) => self.call(name, args),
            ExprKind::Not(x) => Doc::Concat(vec![self.kw("not"), Doc::text(" "), self.expr(x)]),
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), ..) => {
                let parts = self.chain(*op, e);
                Doc::group(Doc::Concat(join_chain(parts, Doc::Line)))
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b),
            ExprKind::Compare(first, rest) => self.compare(first, rest),
            ExprKind::IsAbsent(x, absent) => {
                let word = if *absent { "absent" } else { "present" };
                let docs = vec![
                    self.expr(x),
                    Doc::text(" "),
                    self.kws(&format!("is {word}")),
                ];
                Doc::Concat(docs)
            }
            ExprKind::If(c, t, f) => self.if_expr(c, t, f),
            ExprKind::Aggregate(kind, sel, value) => self.aggregate(*kind, sel, value.as_ref()),
            ExprKind::AggregateOf(kind, x) => {
                let docs = vec![
                    self.kw(agg_word(*kind)),
                    self.kw("("),
                    self.expr(x),
                    self.kw(")"),
                ];
                Doc::Concat(docs)
            }
            ExprKind::Quantifier(q, sel, satisfies) => self.quantifier(*q, sel, satisfies.as_ref()),
            ExprKind::Paren(x) => {
                let docs = vec![self.kw("("), Doc::align(self.expr(x)), self.kw(")")];
                Doc::Concat(docs)
            }
        }
    }

    /// The body of a definition: an `and` or an `or` one operand a line, anything else as is.
    pub(super) fn definition_body(&mut self, e: &Expr) -> Doc {
        match &e.node {
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), ..) => {
                let parts = self.chain(*op, e);
                Doc::Concat(join_chain(parts, Doc::Hard))
            }
            _ => self.expr(e),
        }
    }

    /// The operands of a chain of one loose operator (`a and b and c`), each after its operator
    /// word but the first.
    fn chain(&mut self, op: BinOp, e: &Expr) -> Vec<Doc> {
        let mut operands = Vec::new();
        let mut at = e;
        while let ExprKind::Binary(o, a, b) = &at.node
            && *o == op
        {
            operands.push(b);
            at = a;
        }
        operands.push(at);
        operands.reverse();
        let word = if op == BinOp::And { "and" } else { "or" };
        let mut parts = vec![self.expr(operands[0])];
        for x in &operands[1..] {
            let docs = vec![self.kw(word), Doc::text(" "), self.expr(x)];
            parts.push(Doc::Concat(docs));
        }
        parts
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr) -> Doc {
        let left = self.expr(a);
        let sign = match op {
            BinOp::Add => self.kw("+"),
            BinOp::Sub => self.kw("-"),
            BinOp::Mul => self.sign(&["*", "×"]),
            BinOp::In => self.kw("in"),
            BinOp::NotIn => self.kws("not in"),
            BinOp::InForceOn => self.kws("in force on"),
            BinOp::On | BinOp::And | BinOp::Or => self.kw("on"),
        };
        spaced(vec![left, sign, self.expr(b)])
    }

    fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)]) -> Doc {
        let mut docs = vec![self.expr(first)];
        for (op, x) in rest {
            let sign = match op {
                CmpOp::Eq => self.kw("="),
                CmpOp::Ne => self.sign(&["!=", "≠"]),
                CmpOp::Lt => self.kw("<"),
                CmpOp::Le => self.sign(&["<=", "≤"]),
                CmpOp::Gt => self.kw(">"),
                CmpOp::Ge => self.sign(&[">=", "≥"]),
            };
            docs.extend([sign, self.expr(x)]);
        }
        spaced(docs)
    }

    fn call(&mut self, name: &Name, args: &[Expr]) -> Doc {
        let mut docs = vec![self.verbatim(name), self.kw("(")];
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                docs.extend([self.kw(","), Doc::text(" ")]);
            }
            docs.push(self.expr(a));
        }
        docs.push(self.kw(")"));
        Doc::Concat(docs)
    }

    fn if_expr(&mut self, c: &Expr, t: &Expr, f: &Expr) -> Doc {
        let docs = vec![
            self.kw("if"),
            Doc::text(" "),
            self.expr(c),
            Doc::Line,
            self.kw("then"),
            Doc::text(" "),
            self.expr(t),
            Doc::Line,
            self.kw("else"),
            Doc::text(" "),
            self.expr(f),
        ];
        Doc::group(Doc::cont(2, Doc::Concat(docs)))
    }

    fn aggregate(&mut self, kind: AggKind, sel: &Selection, value: Option<&Expr>) -> Doc {
        let mut docs = vec![self.kw(agg_word(kind)), self.kw("(")];
        if let Some(v) = value {
            docs.extend([
                self.expr(v),
                Doc::text(" "),
                self.kws("for each"),
                Doc::text(" "),
            ]);
        }
        docs.push(self.selection(&sel.collection, &sel.var, sel.filter.as_ref()));
        docs.push(self.kw(")"));
        Doc::Concat(docs)
    }

    fn quantifier(&mut self, q: Quant, sel: &Selection, satisfies: Option<&Expr>) -> Doc {
        let word = match q {
            Quant::Every => "every",
            Quant::Some => "some",
            Quant::No => "no",
        };
        let mut docs = vec![self.kw(word), Doc::text(" ")];
        docs.push(self.selection(&sel.collection, &sel.var, sel.filter.as_ref()));
        if let Some(s) = satisfies {
            let cond = vec![
                self.kw("satisfies"),
                Doc::text(" "),
                Doc::cont(2, self.expr(s)),
            ];
            docs.push(Doc::group(Doc::cont(
                2,
                Doc::Concat(vec![Doc::Line, Doc::Concat(cond)]),
            )));
        }
        Doc::Concat(docs)
    }

    /// `collection name where condition`, breaking before `where` when it does not fit.
    fn selection(&mut self, collection: &Name, var: &Name, filter: Option<&Expr>) -> Doc {
        let head = vec![
            self.verbatim(collection),
            Doc::text(" "),
            self.verbatim(var),
        ];
        self.filtered(Doc::Concat(head), filter, 2)
    }

    /// `head where condition`, breaking before `where` when it does not fit: the `where` then
    /// starts a line indented `indent` more than the line of `head`.
    fn filtered(&mut self, head: Doc, filter: Option<&Expr>, indent: usize) -> Doc {
        let Some(f) = filter else {
            return head;
        };
        let cond = vec![self.kw("where"), Doc::text(" "), Doc::cont(2, self.expr(f))];
        let tail = Doc::cont(indent, Doc::Concat(vec![Doc::Line, Doc::Concat(cond)]));
        Doc::group(Doc::Concat(vec![head, tail]))
    }

    pub(super) fn binding(&mut self, b: &Binding) -> Doc {
        match b {
            Binding::Records {
                collection,
                var,
                filter,
            } => {
                let head = vec![
                    self.verbatim(collection),
                    Doc::text(" "),
                    self.verbatim(var),
                ];
                self.filtered(Doc::Concat(head), filter.as_ref(), 4)
            }
            Binding::Years {
                var,
                from,
                until,
                filter,
            } => {
                let mut head = vec![self.kw("year"), Doc::text(" "), self.verbatim(var)];
                head.extend(self.range_of_dates(from, until));
                self.filtered(Doc::Concat(head), filter.as_ref(), 4)
            }
            Binding::Periods {
                var,
                length,
                from,
                until,
                filter,
            } => {
                let mut head = vec![self.kw("period"), Doc::text(" "), self.verbatim(var)];
                head.extend([
                    Doc::text(" "),
                    self.kw("of"),
                    Doc::text(" "),
                    self.literal(length),
                ]);
                head.extend(self.range_of_dates(from, until));
                self.filtered(Doc::Concat(head), filter.as_ref(), 4)
            }
        }
    }

    fn range_of_dates(&mut self, from: &Expr, until: &Expr) -> [Doc; 8] {
        [
            Doc::text(" "),
            self.kw("from"),
            Doc::text(" "),
            self.expr(from),
            Doc::text(" "),
            self.kw("until"),
            Doc::text(" "),
            self.expr(until),
        ]
    }

    // ------------------------------------------------------------------ literals

    pub(super) fn literal(&mut self, lit: &Node<Literal>) -> Doc {
        self.literal_at(lit, &lit.node)
    }

    /// A literal written at `node`'s location.
    fn literal_at<T>(&mut self, node: &Node<T>, lit: &Literal) -> Doc {
        if let Literal::TextSet(values) = lit {
            let open = self.kw("[");
            let list = self.list(values);
            return Doc::Concat(vec![open, Doc::align(list), self.kw("]")]);
        }
        let text = literal_text(lit, node.loc.snippet());
        self.word_at(&node.loc, text)
    }
}

/// The operands of a chain, joined by `brk` before each operator, in a nest of none: the lines
/// of a chain start where its first operand starts.
fn join_chain(parts: Vec<Doc>, brk: Doc) -> Vec<Doc> {
    let mut docs = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            docs.push(brk.clone());
        }
        docs.push(p);
    }
    docs
}

fn agg_word(kind: AggKind) -> &'static str {
    match kind {
        AggKind::Count => "count",
        AggKind::Sum => "sum",
        AggKind::Minimum => "minimum",
        AggKind::Maximum => "maximum",
        AggKind::Distinct => "distinct",
    }
}

/// A literal other than a set of texts, one space between its words (`44.00 EUR`, `45 %`,
/// `6 months`, `31 March`), the unit as written (`1 month`).
fn literal_text(lit: &Literal, written: &str) -> String {
    match lit {
        Literal::None => "none".to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Number(n) | Literal::Date(n) => n.clone(),
        Literal::Money(n) => format!("{n} EUR"),
        Literal::Percent(n) => format!("{n} %"),
        Literal::Duration(..) | Literal::DayOfYear(..) | Literal::TextSet(_) => {
            written.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    }
}
