//! The checked program: names resolved to indexes, every expression typed.
//!
//! This is what the evaluator runs. It is built only by [`super::check`], so an evaluator never
//! meets an unknown name or a type mismatch.

use std::sync::Arc;

use crate::loc::Loc;
use crate::syntax::ast::{AggKind, CmpOp, Quant, Severity, Unit};
use crate::value::Value;

#[derive(Debug, Default)]
pub struct Program {
    pub schema: Schema,
    pub params: Vec<Param>,
    pub defs: Vec<Def>,
    pub rules: Vec<RuleIr>,
    /// The rule files it was compiled from, in the order read (set by `rules::compile`).
    pub sources: Vec<std::sync::Arc<crate::loc::Source>>,
    /// How many of them, from the first, are the regulation built into the binary (the others
    /// are amendments, or all are files read from disk).
    pub built_in: usize,
    /// Traps that compile but are likely wrong (an optional field read unprotected).
    pub warnings: Vec<crate::check::CheckError>,
}

// ------------------------------------------------------------------ schema

#[derive(Debug, Default)]
pub struct Schema {
    pub collections: Vec<CollectionSchema>,
    pub shapes: Vec<Shape>,
}

#[derive(Debug)]
pub struct CollectionSchema {
    pub name: String,
    pub singular: Option<String>,
    pub shape: usize,
    /// Index of the `id` field in the shape.
    pub id_field: usize,
    pub in_force: Option<(usize, usize)>,
}

/// The fields of a record or of a nested mapping.
#[derive(Debug, Default)]
pub struct Shape {
    pub fields: Vec<FieldSchema>,
    pub exactly_one: Vec<(usize, usize)>,
}

impl Shape {
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Debug)]
pub struct FieldSchema {
    pub name: String,
    pub form: FieldForm,
    pub optional: bool,
    /// Required when the sibling field (index) has this value.
    pub required_when: Option<(usize, String)>,
    pub forbidden_otherwise: bool,
}

#[derive(Debug, Clone)]
pub enum FieldForm {
    Text,
    /// A code of two capitals; with a list, one of the codes it holds.
    Code(Option<CodeList>),
    Integer(NumRange),
    Decimal(NumRange),
    Money,
    Date,
    Enum(Arc<Vec<String>>),
    Ref(usize),
    Mapping(usize),
}

/// The codes a `code in NAME` field takes: every text of any value of the parameter `NAME`.
#[derive(Debug, Clone)]
pub struct CodeList {
    pub parameter: String,
    pub at: crate::loc::Loc,
    pub codes: Arc<std::collections::BTreeSet<Arc<str>>>,
}

/// Bounds of a number field; each bound is the value and whether it is included.
#[derive(Debug, Clone, Default)]
pub struct NumRange {
    pub low: Option<(crate::value::Dec, bool)>,
    pub high: Option<(crate::value::Dec, bool)>,
    pub text: String,
}

// ------------------------------------------------------------------ types

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Bool,
    Int,
    Decimal,
    Money,
    Percent,
    Date,
    Text,
    Enum(Arc<Vec<String>>),
    TextSet,
    Record(usize),
    Map(usize),
    Duration(Unit),
    DayOfYear,
    Period,
    Position(Box<Type>),
    /// The literal `none`.
    Nothing,
    /// A name whose definition had an error already reported: its uses report nothing more.
    Unknown,
}

impl Type {
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Decimal | Type::Percent)
    }

    pub fn is_text(&self) -> bool {
        matches!(self, Type::Text | Type::Enum(_))
    }
}

// ------------------------------------------------------------------ parameters and definitions

#[derive(Debug)]
pub struct Param {
    pub name: String,
    pub ty: Type,
    /// Values in force from each date, in date order.
    pub values: Vec<(chrono::NaiveDate, Value)>,
    /// Where each value is written (its declaration or an amendment), in step with `values`.
    pub locs: Vec<Loc>,
}

impl Param {
    /// Sets the value in force from `from`, written at `loc`: it replaces a value from the same
    /// date, or takes its place in date order.
    pub fn set_value(&mut self, from: chrono::NaiveDate, value: Value, loc: Loc) {
        let i = self.values.partition_point(|(d, _)| *d < from);
        if self.values.get(i).is_some_and(|(d, _)| *d == from) {
            self.values[i] = (from, value);
            self.locs[i] = loc;
        } else {
            self.values.insert(i, (from, value));
            self.locs.insert(i, loc);
        }
    }
}

#[derive(Debug)]
pub struct Def {
    pub name: String,
    pub frame: usize,
    pub body: Expr,
}

// ------------------------------------------------------------------ rules

#[derive(Debug)]
pub struct RuleIr {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub citation: String,
    pub loc: Loc,
    pub checks: Vec<CheckIr>,
}

#[derive(Debug)]
pub struct CheckIr {
    pub frame: usize,
    pub bindings: Vec<BindingIr>,
    pub numbering: Option<NumberingIr>,
    pub lets: Vec<(usize, Expr)>,
    pub requirements: Vec<RequirementIr>,
    /// The slot of the reported record, and the fields leading to the value pointed at.
    pub report_slot: usize,
    pub report_path: Vec<usize>,
    pub once_per: Option<usize>,
}

#[derive(Debug)]
pub struct BindingIr {
    pub slot: usize,
    pub source: Source,
    pub filter: Option<Expr>,
}

#[derive(Debug)]
pub enum Source {
    Records(usize, Option<IndexKey>),
    Years(Expr, Expr),
    Periods(i64, Unit, Expr, Expr),
}

/// Use the reverse index of reference field `field`, looking up the record `key` evaluates to.
#[derive(Debug, Clone)]
pub struct IndexKey {
    pub field: usize,
    pub key: Box<Expr>,
}

#[derive(Debug)]
pub struct NumberingIr {
    pub slot: usize,
    pub per: Expr,
    pub by: Expr,
}

#[derive(Debug)]
pub struct RequirementIr {
    /// The requirement from its condition to the end of its message, its guard left out: it
    /// starts on the line of its `require`.
    pub loc: Loc,
    pub guard: Option<Expr>,
    pub condition: Expr,
    pub message: Vec<TemplatePiece>,
}

#[derive(Debug)]
pub enum TemplatePiece {
    Text(String),
    Hole(Expr),
}

// ------------------------------------------------------------------ expressions

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprIr,
    pub ty: Type,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub enum ExprIr {
    Const(Value),
    Local(usize),
    AsOf,
    Field(Box<Expr>, usize),
    PeriodPart(Box<Expr>, PeriodPart),
    Param(usize, Box<Expr>),
    Builtin(Builtin, Vec<Expr>),
    CallDef(usize, Vec<Expr>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Arith(Arith, Box<Expr>, Box<Expr>),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    In(Box<Expr>, Box<Expr>, bool),
    InForce(Box<Expr>, Box<Expr>, (usize, usize)),
    IsAbsent(Box<Expr>, bool),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Aggregate(AggKind, Box<Selection>, Option<Box<Expr>>),
    AggregateOf(AggKind, Box<Expr>),
    Quantifier(Quant, Box<Selection>, Option<Box<Expr>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodPart {
    Start,
    End,
    Number,
    Rank,
    First,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Age,
    Year,
    FirstDay,
    DateIn,
    Earliest,
    Latest,
}

#[derive(Debug, Clone)]
pub struct Selection {
    pub collection: usize,
    pub slot: usize,
    pub index: Option<IndexKey>,
    /// The date of an `x in force on D` conjunct of the filter (D not using `x`): the selection
    /// can then start from the records in force around D.
    pub in_force: Option<Box<Expr>>,
    /// A first conjunct `x.field = "text"` of the filter: the selection can then start from the
    /// records holding that text (and, with `in_force`, in force around D).
    pub constant: Option<ConstKey>,
    /// The one date or whole number through which the filter reads outside the selection, if
    /// there is one: the selection can then be answered by a sweep over that key.
    pub sweep: Option<SweepKey>,
    pub filter: Option<Expr>,
}

/// A selection's sweep keys (see `check::sweep`).
#[derive(Debug, Clone)]
pub struct SweepKey {
    /// The reference field the records are split by, and the record read outside that the
    /// filter's first conjunct compares it with.
    pub partition: Option<(usize, Expr)>,
    /// No, one or two keys, evaluated in the selection's frame.
    pub keys: Vec<Expr>,
    /// Whether each key is a date (otherwise a whole number).
    pub dates: Vec<bool>,
    /// Every value the filter reads outside the selection: evaluated in the selection's frame
    /// before the index is read, so that the filter cannot fail on them.
    pub outer: Vec<Expr>,
    /// The filter, reading the partition's record, the keys and unknowns as `check::sweep`
    /// rewrites them.
    pub filter: Expr,
}

/// A field of the selected collection and the text it must equal.
#[derive(Debug, Clone)]
pub struct ConstKey {
    pub field: usize,
    pub value: Arc<str>,
}

impl Expr {
    /// Whether the expression reads frame slot `slot`.
    pub fn uses_slot(&self, slot: usize) -> bool {
        let mut found = false;
        self.visit(&mut |e| found |= matches!(e.kind, ExprIr::Local(s) if s == slot));
        found
    }

    /// The expressions directly inside this one, those of a selection's filter aside.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprIr::Const(_) | ExprIr::Local(_) | ExprIr::AsOf => vec![],
            ExprIr::Field(a, _)
            | ExprIr::PeriodPart(a, _)
            | ExprIr::Param(_, a)
            | ExprIr::Not(a)
            | ExprIr::IsAbsent(a, _)
            | ExprIr::AggregateOf(_, a) => vec![a],
            ExprIr::Builtin(_, args) | ExprIr::CallDef(_, args) => args.iter().collect(),
            ExprIr::And(a, b)
            | ExprIr::Or(a, b)
            | ExprIr::Arith(_, a, b)
            | ExprIr::In(a, b, _)
            | ExprIr::InForce(a, b, _) => vec![a, b],
            ExprIr::Compare(a, rest) => std::iter::once(&**a)
                .chain(rest.iter().map(|r| &r.1))
                .collect(),
            ExprIr::If(a, b, c) => vec![a, b, c],
            ExprIr::Aggregate(_, _, v) | ExprIr::Quantifier(_, _, v) => {
                v.iter().map(|v| &**v).collect()
            }
        }
    }

    /// [`Expr::children`], to change them.
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        match &mut self.kind {
            ExprIr::Const(_) | ExprIr::Local(_) | ExprIr::AsOf => vec![],
            ExprIr::Field(a, _)
            | ExprIr::PeriodPart(a, _)
            | ExprIr::Param(_, a)
            | ExprIr::Not(a)
            | ExprIr::IsAbsent(a, _)
            | ExprIr::AggregateOf(_, a) => vec![a],
            ExprIr::Builtin(_, args) | ExprIr::CallDef(_, args) => args.iter_mut().collect(),
            ExprIr::And(a, b)
            | ExprIr::Or(a, b)
            | ExprIr::Arith(_, a, b)
            | ExprIr::In(a, b, _)
            | ExprIr::InForce(a, b, _) => vec![a, b],
            ExprIr::Compare(a, rest) => std::iter::once(&mut **a)
                .chain(rest.iter_mut().map(|r| &mut r.1))
                .collect(),
            ExprIr::If(a, b, c) => vec![a, b, c],
            ExprIr::Aggregate(_, _, v) | ExprIr::Quantifier(_, _, v) => {
                v.iter_mut().map(|v| &mut **v).collect()
            }
        }
    }

    /// Calls `f` on this expression and every expression inside it.
    pub fn visit(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        let visit_sel = |s: &Selection, f: &mut dyn FnMut(&Expr)| {
            if let Some(k) = &s.index {
                k.key.visit(f);
            }
            if let Some(d) = &s.in_force {
                d.visit(f);
            }
            if let Some(x) = &s.filter {
                x.visit(f);
            }
        };
        match &self.kind {
            ExprIr::Const(_) | ExprIr::Local(_) | ExprIr::AsOf => {}
            ExprIr::Field(a, _)
            | ExprIr::PeriodPart(a, _)
            | ExprIr::Param(_, a)
            | ExprIr::Not(a) => a.visit(f),
            ExprIr::IsAbsent(a, _) | ExprIr::AggregateOf(_, a) => a.visit(f),
            ExprIr::Builtin(_, args) | ExprIr::CallDef(_, args) => {
                args.iter().for_each(|a| a.visit(f))
            }
            ExprIr::And(a, b)
            | ExprIr::Or(a, b)
            | ExprIr::Arith(_, a, b)
            | ExprIr::In(a, b, _)
            | ExprIr::InForce(a, b, _) => {
                a.visit(f);
                b.visit(f);
            }
            ExprIr::Compare(a, rest) => {
                a.visit(f);
                rest.iter().for_each(|(_, b)| b.visit(f));
            }
            ExprIr::If(a, b, c) => {
                a.visit(f);
                b.visit(f);
                c.visit(f);
            }
            ExprIr::Aggregate(_, s, v) | ExprIr::Quantifier(_, s, v) => {
                visit_sel(s, f);
                if let Some(v) = v {
                    v.visit(f);
                }
            }
        }
    }
}
