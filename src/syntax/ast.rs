//! The abstract syntax tree of rule files, as written, with a location on every node.

use crate::loc::Node;

pub type Name = Node<String>;

#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Collection(Node<Collection>),
    Parameter(Node<Parameter>),
    /// `amend parameter`: values added to a parameter declared elsewhere.
    Amendment(Node<Parameter>),
    Definition(Node<Definition>),
    Rule(Node<Rule>),
}

// ------------------------------------------------------------------ schema

#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    pub name: Name,
    pub singular: Option<Name>,
    pub fields: Vec<Node<FieldDecl>>,
    pub in_force: Option<(Name, Name)>,
    pub exactly_one: Vec<(Name, Name)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: Name,
    pub optional: bool,
    pub form: Node<Form>,
    pub required_when: Option<(Name, Node<String>)>,
    pub forbidden_otherwise: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Scalar(ScalarKind, Option<Range>),
    /// `code in NAME`: a code among the texts of the parameter `NAME`.
    CodeIn(Name),
    Enum(Vec<Node<String>>),
    Ref(Name),
    Mapping(Vec<Node<FieldDecl>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    Text,
    Code,
    Integer,
    Decimal,
    Money,
    Date,
}

/// A range of allowed numbers; a bound is `(value, inclusive)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub low: Option<(String, bool)>,
    pub high: Option<(String, bool)>,
}

// ------------------------------------------------------------------ parameters

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: Name,
    pub description: Option<String>,
    pub values: Vec<Node<ParamValue>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamValue {
    pub value: Node<Literal>,
    pub from: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    None,
    Bool(bool),
    Number(String),
    Money(String),
    Percent(String),
    Duration(String, Unit),
    DayOfYear(u32, u32),
    Date(String),
    TextSet(Vec<Node<String>>),
}

pub use crate::value::Unit;

// ------------------------------------------------------------------ definitions and rules

#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub name: Name,
    pub params: Vec<(Name, Name)>,
    pub body: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: Name,
    pub title: String,
    pub severity: Severity,
    pub citation: String,
    pub checks: Vec<Node<Check>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub bindings: Vec<Node<Binding>>,
    pub numbering: Option<Numbering>,
    pub lets: Vec<(Name, Expr)>,
    /// The requirements, as written: each alone or in a `when COND:` block.
    pub steps: Vec<Node<Step>>,
    pub report: Option<Report>,
}

impl Check {
    /// Every requirement of the check, in the order written, blocks flattened (without the
    /// conditions of the blocks around them).
    pub fn requirements(&self) -> Vec<&Node<Requirement>> {
        let mut out = Vec::new();
        collect_requirements(&self.steps, &mut out);
        out
    }
}

fn collect_requirements<'a>(steps: &'a [Node<Step>], out: &mut Vec<&'a Node<Requirement>>) {
    for s in steps {
        match &s.node {
            Step::Require(r) => out.push(r),
            Step::When { steps, .. } => collect_requirements(steps, out),
        }
    }
}

/// One item among a check's requirements.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A requirement, perhaps with its own `when` (the single form, covering it alone).
    Require(Node<Requirement>),
    /// `when COND:` and the items indented under it, which it all covers.
    When { guard: Expr, steps: Vec<Node<Step>> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    Records {
        collection: Name,
        var: Name,
        filter: Option<Expr>,
    },
    Years {
        var: Name,
        from: Expr,
        until: Expr,
        filter: Option<Expr>,
    },
    Periods {
        var: Name,
        length: Node<Literal>,
        from: Expr,
        until: Expr,
        filter: Option<Expr>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Numbering {
    pub per: Expr,
    pub by: Expr,
    pub var: Name,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub guard: Option<Expr>,
    pub condition: Expr,
    pub message: Node<Template>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub path: Vec<Name>,
    pub once_per: Option<Name>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Hole(Expr),
}

// ------------------------------------------------------------------ expressions

pub type Expr = Box<Node<ExprKind>>;

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    Text(Template),
    Var(String),
    Field(Expr, Name),
    Call(Name, Vec<Expr>),
    Not(Expr),
    Binary(BinOp, Expr, Expr),
    /// `a <= b < c`: each adjacent pair compared, all must hold.
    Compare(Expr, Vec<(CmpOp, Expr)>),
    IsAbsent(Expr, bool),
    If(Expr, Expr, Expr),
    Aggregate(AggKind, Box<Selection>, Option<Expr>),
    AggregateOf(AggKind, Expr),
    Quantifier(Quant, Box<Selection>, Option<Expr>),
    Paren(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub collection: Name,
    pub var: Name,
    pub filter: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    Add,
    Sub,
    Mul,
    In,
    NotIn,
    InForceOn,
    On,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggKind {
    Count,
    Sum,
    Minimum,
    Maximum,
    Distinct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quant {
    Every,
    Some,
    No,
}
