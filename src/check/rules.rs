//! Checking rules: their bindings, lets, requirements, messages and where they report.

use std::collections::HashMap;

use super::Checker;
use super::errors::{CheckError, CheckKind};
use super::ir::{
    BindingIr, CheckIr, NumberingIr, RequirementIr, RuleIr, Source, TemplatePiece, Type,
};
use super::scope::Scope;
use crate::loc::{Loc, Node};
use crate::syntax::ast::{
    Binding, Check, Item, Literal, Report, Requirement, Rule, Template, TemplatePart, Unit,
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
        let mut ok = true;
        let mut bindings = Vec::new();
        for b in &check.node.bindings {
            match self.binding(b, &mut scope) {
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
        let numbering = match &check.node.numbering {
            Some(n) => {
                let first = bindings
                    .first()
                    .map_or(Type::Nothing, |b: &BindingIr| self.binding_type(b));
                let per = self.expr(&n.per, &mut scope);
                let by = self.expr(&n.by, &mut scope);
                let slot = scope.bind(&n.var.node, Type::Position(Box::new(first)));
                ok &= per.is_some() && by.is_some();
                per.zip(by).map(|(per, by)| NumberingIr { slot, per, by })
            }
            None => None,
        };
        let mut lets = Vec::new();
        for (name, e) in &check.node.lets {
            let checked = self.expr(e, &mut scope);
            ok &= checked.is_some();
            match checked {
                Some(e) => {
                    let slot = scope.bind(&name.node, e.ty.clone());
                    lets.push((slot, e));
                }
                None => {
                    scope.bind(&name.node, Type::Unknown);
                }
            }
        }
        let requirements: Vec<_> = check
            .node
            .requirements
            .iter()
            .map(|r| self.requirement(r, &mut scope))
            .collect();
        let report = match (ok, &check.node.report) {
            (false, None) => None,
            _ => self.report(check.node.report.as_ref(), &bindings, &scope, &check.loc),
        };
        let requirements: Option<Vec<_>> = requirements.into_iter().collect();
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

    fn binding_type(&self, b: &BindingIr) -> Type {
        match &b.source {
            Source::Records(c, _) => Type::Record(*c),
            Source::Years(..) => Type::Int,
            Source::Periods(..) => Type::Period,
        }
    }

    fn binding(&mut self, b: &Node<Binding>, scope: &mut Scope) -> Option<BindingIr> {
        let (slot, source, filter) = match &b.node {
            Binding::Records {
                collection,
                var,
                filter,
            } => {
                let c = self.collection_named(collection)?;
                (
                    scope.bind(&var.node, Type::Record(c)),
                    Source::Records(c, None),
                    filter,
                )
            }
            Binding::Years {
                var,
                from,
                until,
                filter,
            } => {
                let (f, u) = self.date_range(from, until, scope)?;
                (
                    scope.bind(&var.node, Type::Int),
                    Source::Years(f, u),
                    filter,
                )
            }
            Binding::Periods {
                var,
                length,
                from,
                until,
                filter,
            } => {
                let (n, unit) = self.period_length(length)?;
                let (f, u) = self.date_range(from, until, scope)?;
                (
                    scope.bind(&var.node, Type::Period),
                    Source::Periods(n, unit, f, u),
                    filter,
                )
            }
        };
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

    fn requirement(&mut self, r: &Node<Requirement>, scope: &mut Scope) -> Option<RequirementIr> {
        let guard = r.node.guard.as_ref().map(|g| self.condition(g, scope));
        let condition = self.condition(&r.node.condition, scope);
        let message = self.template(&r.node.message, scope);
        let guard = match guard {
            Some(g) => Some(g?),
            None => None,
        };
        Some(RequirementIr {
            guard,
            condition: condition?,
            message: message?,
        })
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
            let first = bindings
                .iter()
                .find(|b| matches!(b.source, Source::Records(..)));
            return match first {
                Some(b) => Some((b.slot, Vec::new(), None)),
                None => {
                    self.errors.push(CheckError::new(
                        CheckKind::Report,
                        loc,
                        "this check has no record to report on: add `report on` and a record",
                    ));
                    None
                }
            };
        };
        let head = &report.path[0];
        if let Some((_, Type::Unknown)) = scope.lookup(&head.node) {
            return None;
        }
        let Some((slot, Type::Record(c))) = scope.lookup(&head.node) else {
            self.errors.push(CheckError::new(
                CheckKind::Report,
                &head.loc,
                format!("`{}` is not a record of this check", head.node),
            ));
            return None;
        };
        let mut path = Vec::new();
        let mut shape = self.schema.collections[c].shape;
        let mut owner = self.collection_names[c].clone();
        for (i, f) in report.path.iter().enumerate().skip(1) {
            let (index, ty) = self.shape_field(shape, &f.node, &f.loc, &owner)?;
            owner = f.node.clone();
            path.push(index);
            match ty {
                Type::Map(s) => shape = s,
                _ if i + 1 < report.path.len() => {
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
        let once_per = match &report.once_per {
            Some(v) => match scope.lookup(&v.node) {
                Some((slot, _)) => Some(slot),
                None => {
                    self.errors.push(CheckError::new(
                        CheckKind::UnknownName,
                        &v.loc,
                        format!("unknown name `{}`", v.node),
                    ));
                    return None;
                }
            },
            None => None,
        };
        Some((slot, path, once_per))
    }
}
