//! Checking rules: their bindings, lets, requirements, messages and where they report.

use std::collections::HashMap;

use super::Checker;
use super::errors::{CheckError, CheckKind};
use super::ir::{
    BindingIr, CheckIr, NumberingIr, RequirementIr, RuleIr, Source, TemplatePiece, Type,
};
use super::ir::{Expr as IrExpr, ExprIr};
use super::scope::Scope;
use crate::loc::{Loc, Node};
use crate::syntax::ast::{
    Binding, Check, Expr, Item, Literal, Name, Numbering, Report, Requirement, Rule, Step,
    Template, TemplatePart, Unit,
};

impl Checker<'_> {
    pub(super) fn rules(&mut self, items: &[&Item]) -> Vec<RuleIr> {
        let mut seen: HashMap<String, Loc> = HashMap::new();
        let mut out = Vec::new();
        for item in items {
            let Item::Rule(rule) = item else { continue };
            let id = &rule.node.id;
            if let Some(first) = seen.get(&id.node) {
                let message = format!("the rule id `{}` is used twice", id.node);
                let help = format!(
                    "the first `{}` is in {} at line {}",
                    id.node,
                    first.src.name,
                    first.line()
                );
                self.errors.push(
                    CheckError::new(CheckKind::DuplicateRule, &id.loc, message).help(Some(help)),
                );
                continue;
            }
            seen.insert(id.node.clone(), id.loc.clone());
            if let Some(r) = self.rule(rule) {
                out.push(r);
            }
        }
        out
    }

    fn rule(&mut self, rule: &Node<Rule>) -> Option<RuleIr> {
        let checks: Vec<Option<CheckIr>> = rule
            .node
            .checks
            .iter()
            .map(|c| self.check_block(c))
            .collect();
        Some(RuleIr {
            id: rule.node.id.node.clone(),
            title: rule.node.title.clone(),
            severity: rule.node.severity,
            citation: rule.node.citation.clone(),
            loc: rule.node.id.loc.clone(),
            checks: checks.into_iter().collect::<Option<_>>()?,
        })
    }

    fn check_block(&mut self, check: &Node<Check>) -> Option<CheckIr> {
        let mut scope = Scope::default();
        let (bindings, mut ok) = self.bindings(&check.node.bindings, &mut scope);
        let numbering = match &check.node.numbering {
            Some(n) => {
                let checked = self.numbering(n, &bindings, &mut scope);
                ok &= checked.is_some();
                checked
            }
            None => None,
        };
        let (lets, lets_ok) = self.lets(&check.node.lets, &mut scope);
        ok &= lets_ok;
        let mut requirements = Some(Vec::new());
        let filters: Vec<&Expr> = check.node.bindings.iter().filter_map(filter).collect();
        let known = Known {
            filters: &filters,
            blocks: &[],
        };
        self.steps(&check.node.steps, known, &mut scope, &mut requirements);
        let report = match (ok, &check.node.report) {
            (false, None) => None,
            _ => self.report(check.node.report.as_ref(), &bindings, &scope, &check.loc),
        };
        let (report_slot, report_path, once_per) = report?;
        if !ok {
            return None;
        }
        Some(CheckIr {
            frame: scope.frame,
            bindings,
            numbering,
            lets,
            requirements: requirements?,
            report_slot,
            report_path,
            once_per,
        })
    }

    /// The bindings of a check, and whether all were checked; the name of one that fails is
    /// bound too, of unknown type, so that its uses are not reported again.
    fn bindings(&mut self, all: &[Node<Binding>], scope: &mut Scope) -> (Vec<BindingIr>, bool) {
        let mut ok = true;
        let mut bindings = Vec::new();
        for b in all {
            match self.binding(b, scope) {
                Some(b) => bindings.push(b),
                None => {
                    ok = false;
                    let (Binding::Records { var, .. }
                    | Binding::Years { var, .. }
                    | Binding::Periods { var, .. }) = &b.node;
                    if scope.lookup(&var.node).is_none() {
                        scope.bind(&var.node, Type::Unknown);
                    }
                }
            }
        }
        (bindings, ok)
    }

    /// A check's `numbered`: its position takes the type of the first binding.
    fn numbering(
        &mut self,
        n: &Numbering,
        bindings: &[BindingIr],
        scope: &mut Scope,
    ) -> Option<NumberingIr> {
        let first = bindings
            .first()
            .map_or(Type::Nothing, |b| self.binding_type(b));
        let per = self.expr(&n.per, scope);
        let by = self.expr(&n.by, scope);
        let slot = scope.bind(&n.var.node, Type::Position(Box::new(first)));
        per.zip(by).map(|(per, by)| NumberingIr { slot, per, by })
    }

    /// The lets of a check with their slots, and whether all were checked; the name of one that
    /// fails is bound too, of unknown type.
    fn lets(&mut self, all: &[(Name, Expr)], scope: &mut Scope) -> (Vec<(usize, IrExpr)>, bool) {
        let mut ok = true;
        let mut lets = Vec::new();
        for (name, e) in all {
            match self.expr(e, scope) {
                Some(e) => {
                    let slot = scope.bind(&name.node, e.ty.clone());
                    lets.push((slot, e));
                }
                None => {
                    ok = false;
                    scope.bind(&name.node, Type::Unknown);
                }
            }
        }
        (lets, ok)
    }

    /// The requirements of a check, each checked even after one fails, flattened: one under
    /// `when` blocks is guarded by their conditions (`known.blocks`, outermost first) and its own
    /// `when`. `out` becomes `None` at the first that fails.
    fn steps<'s>(
        &mut self,
        all: &'s [Node<Step>],
        known: Known<'_, 's>,
        scope: &mut Scope,
        out: &mut Option<Vec<RequirementIr>>,
    ) {
        for step in all {
            match &step.node {
                Step::Require(r) => {
                    let checked = self.requirement(r, known, scope);
                    let checked = checked.and_then(|r| guarded(known.blocks, r));
                    match (checked, out.as_mut()) {
                        (Some(r), Some(list)) => list.push(r),
                        _ => *out = None,
                    }
                }
                Step::When { guard, steps } => {
                    let mut blocks = known.blocks.to_vec();
                    blocks.push((guard, self.condition(guard, scope)));
                    let inner = Known {
                        blocks: &blocks,
                        ..known
                    };
                    self.steps(steps, inner, scope, out);
                }
            }
        }
    }

    fn binding_type(&self, b: &BindingIr) -> Type {
        match &b.source {
            Source::Records(c, _) => Type::Record(*c),
            Source::Years(..) => Type::Int,
            Source::Periods(..) => Type::Period,
        }
    }

    fn binding(&mut self, b: &Node<Binding>, scope: &mut Scope) -> Option<BindingIr> {
        let (slot, source) = self.binding_source(&b.node, scope)?;
        let (Binding::Records { filter, .. }
        | Binding::Years { filter, .. }
        | Binding::Periods { filter, .. }) = &b.node;
        let filter = match filter {
            Some(f) => Some(self.condition(f, scope)?),
            None => None,
        };
        Some(BindingIr {
            slot,
            source,
            filter,
        })
    }

    /// What a binding goes over, and the slot of its variable.
    fn binding_source(&mut self, b: &Binding, scope: &mut Scope) -> Option<(usize, Source)> {
        match b {
            Binding::Records {
                collection, var, ..
            } => {
                let c = self.collection_named(collection)?;
                let slot = scope.bind(&var.node, Type::Record(c));
                Some((slot, Source::Records(c, None)))
            }
            Binding::Years {
                var, from, until, ..
            } => {
                let (f, u) = self.date_range(from, until, scope)?;
                Some((scope.bind(&var.node, Type::Int), Source::Years(f, u)))
            }
            Binding::Periods {
                var,
                length,
                from,
                until,
                ..
            } => {
                let (n, unit) = self.period_length(length)?;
                let (f, u) = self.date_range(from, until, scope)?;
                let slot = scope.bind(&var.node, Type::Period);
                Some((slot, Source::Periods(n, unit, f, u)))
            }
        }
    }

    fn date_range(
        &mut self,
        from: &crate::syntax::ast::Expr,
        until: &crate::syntax::ast::Expr,
        scope: &mut Scope,
    ) -> Option<(super::ir::Expr, super::ir::Expr)> {
        let f = self.expr(from, scope);
        let u = self.expr(until, scope);
        let f = self.expect_date(f?)?;
        let u = self.expect_date(u?)?;
        Some((f, u))
    }

    fn expect_date(&mut self, e: super::ir::Expr) -> Option<super::ir::Expr> {
        if e.ty == Type::Date {
            return Some(e);
        }
        let found = self.describe(&e.ty);
        self.errors.push(CheckError::new(
            CheckKind::Type,
            &e.loc,
            format!("expected a date, found {found}"),
        ));
        None
    }

    fn period_length(&mut self, length: &Node<Literal>) -> Option<(i64, Unit)> {
        if let Literal::Duration(n, unit) = &length.node
            && let Ok(n) = n.parse::<i64>()
            && n > 0
        {
            return Some((n, *unit));
        }
        self.errors.push(CheckError::new(
            CheckKind::Period,
            &length.loc,
            "a period's length is a whole number of days, months or years, such as `12 months`",
        ));
        None
    }

    fn requirement(
        &mut self,
        r: &Node<Requirement>,
        known: Known<'_, '_>,
        scope: &mut Scope,
    ) -> Option<RequirementIr> {
        let guard = r.node.guard.as_ref().map(|g| self.condition(g, scope));
        let condition = self.condition(&r.node.condition, scope);
        let blocks = known.blocks.iter().map(|(g, _)| *g);
        let guards: Vec<&Expr> = (known.filters.iter().copied().chain(blocks))
            .chain(r.node.guard.iter())
            .collect();
        self.warn_unguarded(&guards, &r.node.condition);
        let message = self.template(&r.node.message, scope);
        let guard = match guard {
            Some(g) => Some(g?),
            None => None,
        };
        Some(RequirementIr {
            loc: Loc::new(r.node.condition.loc.start, r.loc.end, &r.loc.src),
            guard,
            condition: condition?,
            message: message?,
        })
    }

    /// Warns about each optional field that the condition reads with nothing asking whether it
    /// is there (see `optional.rs`), once per path.
    fn warn_unguarded(&mut self, guards: &[&Expr], condition: &Expr) {
        let mut warned = std::collections::HashSet::new();
        for (read, known) in super::optional::unprotected(guards, condition) {
            let src = std::sync::Arc::as_ptr(&read.loc.src) as *const u8 as usize;
            let Some(when) = self
                .optional_reads
                .get(&(src, read.loc.start, read.loc.end))
            else {
                continue;
            };
            let path = super::optional::path(read);
            let implied = when.as_ref().is_some_and(|(sibling, value)| {
                let base = path.rsplit_once('.').map_or("", |(b, _)| b);
                known.contains(&super::optional::fact(&format!("{base}.{sibling}"), value))
            });
            if !implied && warned.insert(path) {
                self.warnings.push(unguarded_warning(read));
            }
        }
    }

    fn template(&mut self, t: &Node<Template>, scope: &mut Scope) -> Option<Vec<TemplatePiece>> {
        let pieces: Vec<Option<TemplatePiece>> = t
            .node
            .parts
            .iter()
            .map(|p| match p {
                TemplatePart::Text(s) => Some(TemplatePiece::Text(s.clone())),
                TemplatePart::Hole(e) => self.expr(e, scope).map(TemplatePiece::Hole),
            })
            .collect();
        pieces.into_iter().collect()
    }

    /// The slot of the reported record, the fields to the value pointed at, and the `once per` slot.
    fn report(
        &mut self,
        report: Option<&Report>,
        bindings: &[BindingIr],
        scope: &Scope,
        loc: &Loc,
    ) -> Option<(usize, Vec<usize>, Option<usize>)> {
        let Some(report) = report else {
            return self.default_report(bindings, loc);
        };
        let (slot, c) = self.reported_record(report.path.first()?, scope)?;
        let path = self.report_path(c, &report.path)?;
        let once_per = match &report.once_per {
            Some(v) => Some(self.once_per(v, scope)?),
            None => None,
        };
        Some((slot, path, once_per))
    }

    /// Without `report on`, a check reports on the record of its first binding over records.
    fn default_report(
        &mut self,
        bindings: &[BindingIr],
        loc: &Loc,
    ) -> Option<(usize, Vec<usize>, Option<usize>)> {
        let first = bindings
            .iter()
            .find(|b| matches!(b.source, Source::Records(..)));
        if first.is_none() {
            self.errors.push(CheckError::new(
                CheckKind::Report,
                loc,
                "this check has no record to report on: add `report on` and a record",
            ));
        }
        first.map(|b| (b.slot, Vec::new(), None))
    }

    /// The slot and collection of the record `report on` names first; `None` when it is not a
    /// record (reported) or of unknown type (reported before).
    fn reported_record(&mut self, head: &Name, scope: &Scope) -> Option<(usize, usize)> {
        match scope.lookup(&head.node) {
            Some((_, Type::Unknown)) => None,
            Some((slot, Type::Record(c))) => Some((slot, c)),
            _ => {
                self.errors.push(CheckError::new(
                    CheckKind::Report,
                    &head.loc,
                    format!("`{}` is not a record of this check", head.node),
                ));
                None
            }
        }
    }

    /// The indexes of the fields that `report on` follows from a record of collection `c`; a
    /// field before the last is a mapping.
    fn report_path(&mut self, c: usize, names: &[Name]) -> Option<Vec<usize>> {
        let mut path = Vec::new();
        let mut shape = self.schema.collections[c].shape;
        let mut owner = self.collection_names[c].clone();
        for (i, f) in names.iter().enumerate().skip(1) {
            let (index, ty) = self.shape_field(shape, &f.node, &f.loc, &owner)?;
            owner = f.node.clone();
            path.push(index);
            match ty {
                Type::Map(s) => shape = s,
                _ if i + 1 < names.len() => {
                    self.errors.push(CheckError::new(
                        CheckKind::Report,
                        &f.loc,
                        "`report on` points at a field of the record itself",
                    ));
                    return None;
                }
                _ => {}
            }
        }
        Some(path)
    }

    /// The slot of the name of `once per`.
    fn once_per(&mut self, v: &Name, scope: &Scope) -> Option<usize> {
        let found = scope.lookup(&v.node).map(|(slot, _)| slot);
        if found.is_none() {
            self.errors.push(CheckError::new(
                CheckKind::UnknownName,
                &v.loc,
                format!("unknown name `{}`", v.node),
            ));
        }
        found
    }
}

/// What is true where a requirement is evaluated: the check's `where` filters, and the `when`
/// blocks around it (outermost first, each with its checked condition).
#[derive(Clone, Copy)]
struct Known<'k, 's> {
    filters: &'k [&'s Expr],
    blocks: &'k [(&'s Expr, Option<IrExpr>)],
}

/// The `where` filter of a binding, if it has one.
fn filter(b: &Node<Binding>) -> Option<&Expr> {
    let (Binding::Records { filter, .. }
    | Binding::Years { filter, .. }
    | Binding::Periods { filter, .. }) = &b.node;
    filter.as_ref()
}

/// The warning on an optional field read with nothing asking whether it is there.
fn unguarded_warning(read: &Node<crate::syntax::ast::ExprKind>) -> CheckError {
    let path = super::optional::path(read);
    CheckError::new(
        CheckKind::UnguardedOptional,
        &read.loc,
        format!("`{path}` may be absent, and then this requirement fails"),
    )
    .label("read without asking whether it is there")
    .help(Some(format!(
        "a comparison with an absent value is false, so every record without `{path}` gets a finding; \
         write `when {path} is present` before `require`, or `{path} is absent or ...` in the condition"
    )))
    .warning()
}

/// A requirement under `when` blocks: its guard is the `and` of their conditions and its own
/// `when`, outermost first; `None` when a block's condition did not check.
fn guarded(outer: &[(&Expr, Option<IrExpr>)], mut r: RequirementIr) -> Option<RequirementIr> {
    let mut all: Vec<IrExpr> = outer
        .iter()
        .map(|(_, g)| g.clone())
        .collect::<Option<_>>()?;
    all.extend(r.guard.take());
    r.guard = all.into_iter().reduce(|a, b| IrExpr {
        ty: Type::Bool,
        loc: a.loc.join(&b.loc),
        kind: ExprIr::And(Box::new(a), Box::new(b)),
    });
    Some(r)
}
