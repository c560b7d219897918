//! Checking expressions: names resolved, types computed, the typed IR built.

use super::Checker;
use super::errors::{CheckError, CheckKind};
use super::ir::{Arith, Builtin, ConstKey, Expr, ExprIr, IndexKey, PeriodPart, Selection, Type};
use super::scope::Scope;
use super::types::{arith, comparable};
use crate::loc::{Loc, Node};
use crate::suggest::help;
use crate::syntax::ast::{self, AggKind, BinOp, CmpOp, ExprKind, Literal, Quant, TemplatePart};
use crate::value::{Dec, Value};

type Checked = Option<Expr>;

fn typed(kind: ExprIr, ty: Type, loc: &Loc) -> Checked {
    Some(Expr {
        kind,
        ty,
        loc: loc.clone(),
    })
}

impl Checker<'_> {
    pub(super) fn expr(&mut self, e: &Node<ExprKind>, scope: &mut Scope) -> Checked {
        match &e.node {
            ExprKind::Literal(lit) => self.literal(lit, &e.loc),
            ExprKind::Text(t) => self.plain_text(t, &e.loc),
            ExprKind::Var(name) => self.var(name, &e.loc, scope),
            ExprKind::Field(base, field) => self.field(base, field, scope),
            ExprKind::Call(name, args) => self.call(name, args, &e.loc, scope),
            ExprKind::Not(inner) => {
                let inner = self.condition(inner, scope)?;
                typed(ExprIr::Not(Box::new(inner)), Type::Bool, &e.loc)
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, &e.loc, scope),
            ExprKind::Compare(first, rest) => self.compare(first, rest, &e.loc, scope),
            ExprKind::IsAbsent(inner, absent) => {
                let inner = self.expr(inner, scope)?;
                typed(
                    ExprIr::IsAbsent(Box::new(inner), *absent),
                    Type::Bool,
                    &e.loc,
                )
            }
            ExprKind::If(c, t, f) => self.if_expr(c, t, f, &e.loc, scope),
            ExprKind::Aggregate(kind, sel, value) => {
                self.aggregate(*kind, sel, value.as_ref(), &e.loc, scope)
            }
            ExprKind::AggregateOf(kind, inner) => self.aggregate_of(*kind, inner, &e.loc, scope),
            ExprKind::Quantifier(q, sel, pred) => {
                self.quantifier(*q, sel, pred.as_ref(), &e.loc, scope)
            }
            ExprKind::Paren(inner) => self.expr(inner, scope),
        }
    }

    /// An expression that must be a condition (true or false).
    pub(super) fn condition(&mut self, e: &Node<ExprKind>, scope: &mut Scope) -> Checked {
        let checked = self.expr(e, scope)?;
        self.expect(checked, &Type::Bool, "a condition")
    }

    fn expect(&mut self, e: Expr, ty: &Type, what: &str) -> Checked {
        if e.ty == *ty || (ty.is_text() && e.ty.is_text()) {
            return Some(e);
        }
        let found = self.describe(&e.ty);
        self.errors.push(
            CheckError::new(
                CheckKind::Type,
                &e.loc,
                format!("expected {what}, found {found}"),
            )
            .label(found),
        );
        None
    }

    fn literal(&mut self, lit: &Literal, loc: &Loc) -> Checked {
        match literal_value(lit) {
            Ok((value, ty)) => typed(ExprIr::Const(value), ty, loc),
            Err(why) => {
                self.errors
                    .push(CheckError::new(CheckKind::Literal, loc, why));
                None
            }
        }
    }

    fn plain_text(&mut self, t: &ast::Template, loc: &Loc) -> Checked {
        let mut text = String::new();
        for part in &t.parts {
            match part {
                TemplatePart::Text(s) => text.push_str(s),
                TemplatePart::Hole(_) => {
                    self.errors.push(CheckError::new(
                        CheckKind::Template,
                        loc,
                        "a text with `{...}` is allowed only in a message after `otherwise`",
                    ));
                    return None;
                }
            }
        }
        typed(ExprIr::Const(Value::text(&text)), Type::Text, loc)
    }

    fn var(&mut self, name: &str, loc: &Loc, scope: &Scope) -> Checked {
        if let Some((slot, ty)) = scope.lookup(name) {
            if ty == Type::Unknown {
                return None;
            }
            return typed(ExprIr::Local(slot), ty, loc);
        }
        if name == "as_of" {
            return typed(ExprIr::AsOf, Type::Date, loc);
        }
        if self.param_index.contains_key(name) {
            let help =
                format!("write `{name} on` and the date it is read on, such as `{name} on as_of`");
            self.errors.push(
                CheckError::new(
                    CheckKind::ParamDate,
                    loc,
                    format!("the parameter `{name}` is read on a date"),
                )
                .help(Some(help)),
            );
            return None;
        }
        let candidates: Vec<&str> = scope
            .names()
            .chain(self.param_index.keys().map(String::as_str))
            .chain(["as_of"])
            .collect();
        let help = help(name, candidates);
        self.errors.push(
            CheckError::new(
                CheckKind::UnknownName,
                loc,
                format!("unknown name `{name}`"),
            )
            .help(help),
        );
        None
    }

    fn field(&mut self, base: &Node<ExprKind>, field: &Node<String>, scope: &mut Scope) -> Checked {
        let base = self.expr(base, scope)?;
        let loc = base.loc.join(&field.loc);
        let part = |p| Some(Ok(p));
        let (kind, ty) = match (&base.ty, field.node.as_str()) {
            (Type::Record(c), name) => {
                let shape = self.schema.collections[*c].shape;
                let owner = self.collection_names[*c].clone();
                let (i, ty) = self.shape_field(shape, name, &field.loc, &owner)?;
                self.note_optional(shape, i, &loc);
                (Some(Err(i)), ty)
            }
            (Type::Map(shape), name) => {
                let snippet = base.loc.snippet();
                let owner = snippet
                    .rsplit('.')
                    .next()
                    .unwrap_or(snippet)
                    .trim()
                    .to_string();
                let (i, ty) = self.shape_field(*shape, name, &field.loc, &owner)?;
                self.note_optional(*shape, i, &loc);
                (Some(Err(i)), ty)
            }
            (Type::Period, "start") => (part(PeriodPart::Start), Type::Date),
            (Type::Period, "end") => (part(PeriodPart::End), Type::Date),
            (Type::Period, "number") => (part(PeriodPart::Number), Type::Int),
            (Type::Position(_), "rank") => (part(PeriodPart::Rank), Type::Int),
            (Type::Position(first), "first") => (part(PeriodPart::First), (**first).clone()),
            (other, name) => {
                let found = self.describe(other);
                self.errors.push(CheckError::new(
                    CheckKind::UnknownField,
                    &field.loc,
                    format!("{found} has no field `{name}`"),
                ));
                return None;
            }
        };
        match kind {
            Some(Ok(p)) => typed(ExprIr::PeriodPart(Box::new(base), p), ty, &loc),
            Some(Err(i)) => typed(ExprIr::Field(Box::new(base), i), ty, &loc),
            None => None,
        }
    }

    /// The index and type of field `name` of a shape.
    /// Remembers where field `i` of `shape` is read, when the data may leave it out.
    fn note_optional(&mut self, shape: usize, i: usize, loc: &Loc) {
        let fields = &self.schema.shapes[shape].fields;
        let f = &fields[i];
        let when = f.required_when.as_ref().map(|(sibling, value)| {
            let name = fields.get(*sibling).map_or("", |s| s.name.as_str());
            (name.to_string(), value.clone())
        });
        if f.optional || when.is_some() {
            let src = std::sync::Arc::as_ptr(&loc.src) as *const u8 as usize;
            self.optional_reads.insert((src, loc.start, loc.end), when);
        }
    }

    pub(super) fn shape_field(
        &mut self,
        shape: usize,
        name: &str,
        loc: &Loc,
        owner: &str,
    ) -> Option<(usize, Type)> {
        let s = &self.schema.shapes[shape];
        let Some(i) = s.field(name) else {
            let help = help(name, s.fields.iter().map(|f| f.name.as_str()));
            self.errors.push(
                CheckError::new(
                    CheckKind::UnknownField,
                    loc,
                    format!("unknown field `{name}` of `{owner}`"),
                )
                .help(help),
            );
            return None;
        };
        Some((i, super::form_type(&s.fields[i].form)))
    }

    fn binary(
        &mut self,
        op: BinOp,
        a: &Node<ExprKind>,
        b: &Node<ExprKind>,
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        if op == BinOp::On {
            return self.param_read(a, b, loc, scope);
        }
        let (x, y) = (self.expr(a, scope), self.expr(b, scope));
        let (x, y) = (x?, y?);
        match op {
            BinOp::And | BinOp::Or => {
                let x = self.expect(x, &Type::Bool, "a condition")?;
                let y = self.expect(y, &Type::Bool, "a condition")?;
                let kind = if op == BinOp::And {
                    ExprIr::And(Box::new(x), Box::new(y))
                } else {
                    ExprIr::Or(Box::new(x), Box::new(y))
                };
                typed(kind, Type::Bool, loc)
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul => self.arith(op, x, y, loc),
            BinOp::In | BinOp::NotIn => self.membership(op == BinOp::NotIn, x, y, loc),
            BinOp::InForceOn => self.in_force(x, y, loc),
            BinOp::On => None,
        }
    }

    fn arith(&mut self, op: BinOp, x: Expr, y: Expr, loc: &Loc) -> Checked {
        let op = match op {
            BinOp::Add => Arith::Add,
            BinOp::Sub => Arith::Sub,
            _ => Arith::Mul,
        };
        let Some(ty) = arith(op, &x.ty, &y.ty) else {
            let (dx, dy) = (self.describe(&x.ty), self.describe(&y.ty));
            let verb = match op {
                Arith::Add => "add",
                Arith::Sub => "subtract",
                Arith::Mul => "multiply",
            };
            self.errors.push(CheckError::new(
                CheckKind::Type,
                loc,
                format!("cannot {verb} {dx} and {dy}"),
            ));
            return None;
        };
        typed(ExprIr::Arith(op, Box::new(x), Box::new(y)), ty, loc)
    }

    fn membership(&mut self, negated: bool, x: Expr, y: Expr, loc: &Loc) -> Checked {
        if !x.ty.is_text() || y.ty != Type::TextSet {
            let (dx, dy) = (self.describe(&x.ty), self.describe(&y.ty));
            self.errors.push(CheckError::new(
                CheckKind::Type,
                loc,
                format!("`in` needs a text and a set of texts, found {dx} and {dy}"),
            ));
            return None;
        }
        if let (Type::Enum(values), ExprIr::Const(Value::Set(set))) = (&x.ty, &y.kind) {
            for v in set.iter() {
                self.enum_value(values, v, &y.loc);
            }
        }
        typed(
            ExprIr::In(Box::new(x), Box::new(y), negated),
            Type::Bool,
            loc,
        )
    }

    fn in_force(&mut self, x: Expr, y: Expr, loc: &Loc) -> Checked {
        let period = match &x.ty {
            Type::Record(c) => self.schema.collections[*c].in_force,
            _ => None,
        };
        let Some(period) = period else {
            let dx = self.describe(&x.ty);
            let help =
                Some("declare `in force from <field> until <field>` in the collection".to_string());
            self.errors.push(
                CheckError::new(
                    CheckKind::Type,
                    &x.loc,
                    format!("{dx} has no period in force"),
                )
                .help(help),
            );
            return None;
        };
        let y = self.expect(y, &Type::Date, "a date")?;
        typed(
            ExprIr::InForce(Box::new(x), Box::new(y), period),
            Type::Bool,
            loc,
        )
    }

    fn param_read(
        &mut self,
        a: &Node<ExprKind>,
        b: &Node<ExprKind>,
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let date = self.expr(b, scope);
        let ExprKind::Var(name) = &a.node else {
            self.errors.push(CheckError::new(
                CheckKind::Param,
                &a.loc,
                "only a parameter is read `on` a date",
            ));
            return None;
        };
        let Some(&index) = self.param_index.get(name) else {
            let help = help(name, self.param_index.keys().map(String::as_str));
            self.errors.push(
                CheckError::new(
                    CheckKind::UnknownParameter,
                    &a.loc,
                    format!("unknown parameter `{name}`"),
                )
                .help(help),
            );
            return None;
        };
        let date = self.expect(date?, &Type::Date, "a date")?;
        let first = self.params[index].values.first().map(|(d, _)| *d);
        if let (ExprIr::Const(Value::Date(d)), Some(first)) = (&date.kind, first)
            && *d < first
        {
            let message = format!(
                "`{name}` has no value in force on {d}: its first value is in force from {first}"
            );
            self.errors
                .push(CheckError::new(CheckKind::ParamBefore, &date.loc, message));
        }
        let ty = self.params[index].ty.clone();
        if ty == Type::Unknown {
            return None;
        }
        typed(ExprIr::Param(index, Box::new(date)), ty, loc)
    }

    fn compare(
        &mut self,
        first: &Node<ExprKind>,
        rest: &[(CmpOp, ast::Expr)],
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let mut prev = self.expr(first, scope);
        let head = prev.clone();
        let mut out = Vec::new();
        let mut ok = prev.is_some();
        for (op, e) in rest {
            let next = self.expr(e, scope);
            if let (Some(a), Some(b)) = (&prev, &next) {
                ok &= self.comparison(*op, a, b, loc);
            }
            ok &= next.is_some();
            if let Some(n) = &next {
                out.push((*op, n.clone()));
            }
            prev = next;
        }
        if !ok {
            return None;
        }
        typed(ExprIr::Compare(Box::new(head?), out), Type::Bool, loc)
    }

    fn comparison(&mut self, op: CmpOp, a: &Expr, b: &Expr, loc: &Loc) -> bool {
        if !comparable(op, &a.ty, &b.ty) {
            let (da, db) = (self.describe(&a.ty), self.describe(&b.ty));
            self.errors.push(CheckError::new(
                CheckKind::Type,
                loc,
                format!("cannot compare {da} with {db} using `{}`", op.symbol()),
            ));
            return false;
        }
        for (x, y) in [(a, b), (b, a)] {
            if let (Type::Enum(values), ExprIr::Const(Value::Text(t))) = (&x.ty, &y.kind) {
                self.enum_value(values, t, &y.loc);
            }
        }
        true
    }

    fn enum_value(&mut self, values: &[String], v: &str, loc: &Loc) {
        if values.iter().any(|x| x == v) {
            return;
        }
        let help = help(v, values.iter().map(String::as_str));
        let list = values
            .iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.errors.push(
            CheckError::new(
                CheckKind::EnumValue,
                loc,
                format!("`{v}` is not one of {list}"),
            )
            .help(help),
        );
    }

    fn if_expr(
        &mut self,
        c: &Node<ExprKind>,
        t: &Node<ExprKind>,
        f: &Node<ExprKind>,
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let (c, t, f) = (
            self.condition(c, scope),
            self.expr(t, scope),
            self.expr(f, scope),
        );
        let (c, t, f) = (c?, t?, f?);
        let ty = if t.ty == f.ty || f.ty == Type::Nothing {
            t.ty.clone()
        } else if t.ty == Type::Nothing {
            f.ty.clone()
        } else if let Some(ty) =
            arith(Arith::Add, &t.ty, &f.ty).filter(|_| t.ty.is_numeric() && f.ty.is_numeric())
        {
            ty
        } else if t.ty.is_text() && f.ty.is_text() {
            Type::Text
        } else {
            let (dt, df) = (self.describe(&t.ty), self.describe(&f.ty));
            self.errors.push(CheckError::new(
                CheckKind::Type,
                loc,
                format!("`then` gives {dt} but `else` gives {df}"),
            ));
            return None;
        };
        typed(ExprIr::If(Box::new(c), Box::new(t), Box::new(f)), ty, loc)
    }

    fn call(
        &mut self,
        name: &Node<String>,
        args: &[ast::Expr],
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let checked: Vec<Checked> = args.iter().map(|a| self.expr(a, scope)).collect();
        let builtin = match name.node.as_str() {
            "age" => Some((Builtin::Age, vec![Type::Date, Type::Date], Type::Int)),
            "year" => Some((Builtin::Year, vec![Type::Date], Type::Int)),
            "first_day" => Some((Builtin::FirstDay, vec![Type::Int], Type::Date)),
            "date_in" => Some((
                Builtin::DateIn,
                vec![Type::Int, Type::DayOfYear],
                Type::Date,
            )),
            "earliest" => Some((Builtin::Earliest, vec![Type::Date, Type::Date], Type::Date)),
            "latest" => Some((Builtin::Latest, vec![Type::Date, Type::Date], Type::Date)),
            _ => None,
        };
        let (kind, params, ret) = match builtin {
            Some((b, params, ret)) => (Err(b), params, ret),
            None => {
                let (index, params, ret) = self.definition_signature(name)?;
                (Ok(index), params, ret)
            }
        };
        if params.len() != args.len() {
            let message = format!(
                "`{}` takes {} value(s), not {}",
                name.node,
                params.len(),
                args.len()
            );
            self.errors
                .push(CheckError::new(CheckKind::Arity, loc, message));
            return None;
        }
        let mut out = Vec::new();
        for (arg, want) in checked.into_iter().zip(&params) {
            let arg = arg?;
            let what = self.describe(want);
            out.push(self.expect(arg, want, &what)?);
        }
        match kind {
            Err(b) => typed(ExprIr::Builtin(b, out), ret, loc),
            Ok(index) => typed(ExprIr::CallDef(index, out), ret, loc),
        }
    }

    /// Binds a selection's variable and checks its filter; the caller truncates the scope.
    fn selection(&mut self, sel: &ast::Selection, scope: &mut Scope) -> Option<Selection> {
        let collection = self.collection_named(&sel.collection)?;
        let slot = scope.bind(&sel.var.node, Type::Record(collection));
        let filter = match &sel.filter {
            Some(f) => Some(self.condition(f, scope)?),
            None => None,
        };
        let index = filter.as_ref().and_then(|f| index_key(f, slot));
        let in_force = match index {
            Some(_) => None,
            None => filter.as_ref().and_then(|f| in_force_key(f, slot)),
        };
        let constant = filter.as_ref().and_then(|f| const_key(f, slot));
        // A reference index narrows better than a sweep that leaves its record unknown.
        let sweep = filter
            .as_ref()
            .and_then(|f| super::sweep::key(f, slot))
            .filter(|s| index.is_none() || s.partition.is_some());
        Some(Selection {
            collection,
            slot,
            index,
            in_force,
            constant,
            sweep,
            filter,
        })
    }

    fn aggregate(
        &mut self,
        kind: AggKind,
        sel: &ast::Selection,
        value: Option<&ast::Expr>,
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let mark = scope.mark();
        let selection = self.selection(sel, scope);
        let value = value.map(|v| self.expr(v, scope));
        scope.truncate(mark);
        let selection = selection?;
        let ty = match (kind, &value) {
            (AggKind::Count, None) => Type::Int,
            (AggKind::Count, Some(_)) => {
                self.errors.push(CheckError::new(
                    CheckKind::Aggregate,
                    loc,
                    "`count` counts records: write `count(record x where ...)`",
                ));
                return None;
            }
            (_, None) => {
                self.errors.push(CheckError::new(CheckKind::Aggregate, loc, "write the value to aggregate and the records, such as `sum(x.amount for each record x where ...)`"));
                return None;
            }
            (_, Some(None)) => return None,
            (AggKind::Distinct, Some(Some(_))) => Type::TextSet,
            (AggKind::Sum, Some(Some(v))) if v.ty.is_numeric() || v.ty == Type::Money => {
                v.ty.clone()
            }
            (AggKind::Minimum | AggKind::Maximum, Some(Some(v)))
                if v.ty.is_numeric() || matches!(v.ty, Type::Money | Type::Date | Type::Text) =>
            {
                v.ty.clone()
            }
            (_, Some(Some(v))) => {
                let d = self.describe(&v.ty);
                self.errors.push(CheckError::new(
                    CheckKind::Type,
                    &v.loc,
                    format!("cannot aggregate {d}"),
                ));
                return None;
            }
        };
        let value = value.flatten().map(Box::new);
        typed(ExprIr::Aggregate(kind, Box::new(selection), value), ty, loc)
    }

    fn aggregate_of(
        &mut self,
        kind: AggKind,
        inner: &Node<ExprKind>,
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let inner = self.expr(inner, scope)?;
        if kind != AggKind::Count || inner.ty != Type::TextSet {
            self.errors.push(CheckError::new(
                CheckKind::Aggregate,
                loc,
                "write a collection and a name, such as `count(record x where ...)`",
            ));
            return None;
        }
        typed(ExprIr::AggregateOf(kind, Box::new(inner)), Type::Int, loc)
    }

    fn quantifier(
        &mut self,
        q: Quant,
        sel: &ast::Selection,
        pred: Option<&ast::Expr>,
        loc: &Loc,
        scope: &mut Scope,
    ) -> Checked {
        let mark = scope.mark();
        let selection = self.selection(sel, scope);
        let pred = pred.map(|p| self.condition(p, scope));
        scope.truncate(mark);
        if q == Quant::Every && pred.is_none() {
            self.errors.push(CheckError::new(
                CheckKind::Quantifier,
                loc,
                "`every` needs `satisfies` and a condition",
            ));
            return None;
        }
        let pred = match pred {
            Some(p) => Some(Box::new(p?)),
            None => None,
        };
        typed(
            ExprIr::Quantifier(q, Box::new(selection?), pred),
            Type::Bool,
            loc,
        )
    }
}

/// The value and type of a literal, or why it has none (a number beyond the precision of
/// numbers, a date that is not in the calendar).
pub fn literal_value(lit: &Literal) -> Result<(Value, Type), String> {
    Ok(match lit {
        Literal::None => (Value::Absent, Type::Nothing),
        Literal::Bool(b) => (Value::Bool(*b), Type::Bool),
        Literal::Number(n) => {
            let ty = if n.contains('.') {
                Type::Decimal
            } else {
                Type::Int
            };
            (Value::Num(number(n)?), ty)
        }
        Literal::Money(n) => (Value::Num(number(n)?), Type::Money),
        Literal::Percent(n) => {
            let share = Dec::new(1, 2).and_then(|unit| number(n).ok()?.checked_mul(unit));
            (
                Value::Num(share.ok_or_else(|| too_precise(n))?),
                Type::Percent,
            )
        }
        Literal::Duration(n, unit) => {
            let count = n
                .parse()
                .map_err(|_| format!("`{n}` is too large a number of {unit:?}").to_lowercase())?;
            (Value::Duration(count, *unit), Type::Duration(*unit))
        }
        Literal::DayOfYear(m, d) => (Value::DayOfYear(*m, *d), Type::DayOfYear),
        Literal::Date(d) => (Value::Date(calendar_date(d)?), Type::Date),
        Literal::TextSet(items) => {
            let set = items
                .iter()
                .map(|s| std::sync::Arc::from(s.node.as_str()))
                .collect();
            (Value::Set(std::sync::Arc::new(set)), Type::TextSet)
        }
    })
}

fn too_precise(n: &str) -> String {
    format!(
        "`{n}` has more than {} significant digits or {} decimals, beyond the exact numbers garant computes with",
        crate::value::MAX_DIGITS,
        crate::value::MAX_DECIMALS
    )
}

fn number(n: &str) -> Result<Dec, String> {
    Dec::read(n).map_err(|e| match e {
        crate::value::DecError::TooPrecise => too_precise(n),
        crate::value::DecError::NotANumber => format!("`{n}` is not a number"),
    })
}

/// A `YYYY-MM-DD` text that the grammar accepted, as a calendar date.
pub fn calendar_date(d: &str) -> Result<chrono::NaiveDate, String> {
    crate::value::read_date(d).map_err(|_| format!("`{d}` is not a date of the calendar"))
}

/// The conjuncts of a filter, in the order they are evaluated.
fn conjuncts(filter: &Expr) -> Vec<&Expr> {
    match &filter.kind {
        ExprIr::And(a, b) => {
            let mut all = conjuncts(a);
            all.extend(conjuncts(b));
            all
        }
        _ => vec![filter],
    }
}

/// The first conjunct of a filter, when it is `v.field = key`, where `field` is a reference and
/// `key` does not use `v`: the selection can then read the reverse index instead of scanning the
/// collection. Only the first: it cannot fail, so a record it rejects is rejected by the filter
/// before any other conjunct could fail on it.
fn index_key(filter: &Expr, slot: usize) -> Option<IndexKey> {
    match &conjuncts(filter).first()?.kind {
        ExprIr::Compare(left, rest) if rest.len() == 1 && rest[0].0 == CmpOp::Eq => {
            let right = &rest[0].1;
            side_key(left, right, slot).or_else(|| side_key(right, left, slot))
        }
        _ => None,
    }
}

/// The date of the first conjunct of a filter when it is `v in force on D`, where `D` does not
/// use `v`, or of the second after a first `v.field = "text"` (the value index's months). Only
/// those: they cannot fail, so a record they reject is rejected before any other conjunct could
/// fail on it.
fn in_force_key(filter: &Expr, slot: usize) -> Option<Box<Expr>> {
    let all = conjuncts(filter);
    let at = usize::from(const_key(filter, slot).is_some());
    match &all.get(at)?.kind {
        ExprIr::InForce(record, date, _) if matches!(record.kind, ExprIr::Local(s) if s == slot) => {
            (!date.uses_slot(slot)).then(|| date.clone())
        }
        _ => None,
    }
}

/// The first conjunct of a filter, when it is `v.field = "text"` (either way round). Only the
/// first: it cannot fail, so a record it rejects is rejected by the filter, whatever the other
/// conjuncts would have done.
fn const_key(filter: &Expr, slot: usize) -> Option<ConstKey> {
    match &filter.kind {
        ExprIr::And(a, _) => const_key(a, slot),
        ExprIr::Compare(left, rest) if rest.len() == 1 && rest[0].0 == CmpOp::Eq => {
            let right = &rest[0].1;
            const_side(left, right, slot).or_else(|| const_side(right, left, slot))
        }
        _ => None,
    }
}

fn const_side(field: &Expr, key: &Expr, slot: usize) -> Option<ConstKey> {
    let (ExprIr::Field(base, index), ExprIr::Const(Value::Text(text))) = (&field.kind, &key.kind)
    else {
        return None;
    };
    matches!(base.kind, ExprIr::Local(s) if s == slot).then(|| ConstKey {
        field: *index,
        value: text.clone(),
    })
}

fn side_key(field: &Expr, key: &Expr, slot: usize) -> Option<IndexKey> {
    let ExprIr::Field(base, index) = &field.kind else {
        return None;
    };
    let is_var = matches!(base.kind, ExprIr::Local(s) if s == slot);
    let is_ref = matches!(field.ty, Type::Record(_));
    (is_var && is_ref && !key.uses_slot(slot)).then(|| IndexKey {
        field: *index,
        key: Box::new(key.clone()),
    })
}
