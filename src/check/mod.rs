//! Stage 2: the static check. Every name resolved, every type known, before any data is read.
//!
//! [`check`] takes the parsed rule files and gives the [`ir::Program`] that the evaluator runs,
//! or every [`CheckError`] of every file.

mod errors;
mod expr;
pub mod ir;
mod optional;
mod rules;
mod schema;
mod scope;
pub mod sweep;
mod types;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

pub use errors::{CheckError, CheckKind};
use ir::{FieldForm, Param, Program, Schema, Type};

use crate::loc::{Loc, Node};
use crate::suggest::help;
use crate::syntax::ast::{Definition, File, Item, ParamValue, Parameter};
use crate::value::Value;
use chrono::NaiveDate;

pub(crate) struct Checker<'a> {
    schema: Schema,
    collection_index: HashMap<String, usize>,
    collection_names: Vec<String>,
    params: Vec<Param>,
    param_index: HashMap<String, usize>,
    definitions: HashMap<String, &'a Node<Definition>>,
    def_state: HashMap<String, DefState>,
    defs: Vec<ir::Def>,
    errors: Vec<CheckError>,
    warnings: Vec<CheckError>,
    /// Where optional fields are read (source, start, end), with the sibling value that makes
    /// one required, to warn on those read unprotected.
    optional_reads: HashMap<(usize, usize, usize), Option<(String, String)>>,
}

#[derive(Clone)]
enum DefState {
    Checking,
    Done(usize, Vec<Type>, Type),
    Failed,
}

/// Checks the items of all rule files together.
pub fn check(files: &[File]) -> Result<Program, Vec<CheckError>> {
    let items: Vec<&Item> = files.iter().flat_map(|f| f.items.iter()).collect();
    let mut checker = Checker::new(&items);
    checker.declare(&items);
    let rules = checker.rules(&items);
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    Ok(Program {
        warnings: checker.warnings,
        sources: Vec::new(),
        built_in: 0,
        schema: checker.schema,
        params: checker.params,
        defs: checker.defs,
        rules,
    })
}

/// The expression type of a field of this form.
fn form_type(form: &FieldForm) -> Type {
    match form {
        FieldForm::Text | FieldForm::Code(_) => Type::Text,
        FieldForm::Integer(_) => Type::Int,
        FieldForm::Decimal(_) => Type::Decimal,
        FieldForm::Money => Type::Money,
        FieldForm::Date => Type::Date,
        FieldForm::Enum(values) => Type::Enum(values.clone()),
        FieldForm::Ref(c) => Type::Record(*c),
        FieldForm::Mapping(s) => Type::Map(*s),
    }
}

impl<'a> Checker<'a> {
    /// A checker of `items`, with the schema of their collections built.
    fn new(items: &[&'a Item]) -> Self {
        let mut errors = Vec::new();
        let collections: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                Item::Collection(c) => Some(c),
                _ => None,
            })
            .collect();
        let (schema, collection_index) = schema::build(&collections, &mut errors);
        let collection_names = schema.collections.iter().map(|c| c.name.clone()).collect();
        Checker {
            schema,
            collection_index,
            collection_names,
            params: Vec::new(),
            param_index: HashMap::new(),
            definitions: HashMap::new(),
            def_state: HashMap::new(),
            defs: Vec::new(),
            errors,
            warnings: Vec::new(),
            optional_reads: Default::default(),
        }
    }

    /// Declares the parameters and definitions, then applies the amendments, fills the code
    /// lists and checks the signatures of the definitions.
    fn declare(&mut self, items: &[&'a Item]) {
        for item in items {
            match item {
                Item::Parameter(p) => self.parameter(p),
                Item::Definition(d) => self.declare_definition(d),
                _ => {}
            }
        }
        for item in items {
            if let Item::Amendment(a) = item {
                self.amend(a);
            }
        }
        self.code_lists();
        for item in items {
            if let Item::Definition(d) = item {
                self.definition_signature(&d.node.name);
            }
        }
    }

    fn describe(&self, t: &Type) -> String {
        types::describe(t, &self.collection_names)
    }

    fn collection_named(&mut self, name: &Node<String>) -> Option<usize> {
        if let Some(&c) = self.collection_index.get(&name.node) {
            return Some(c);
        }
        let help = help(&name.node, self.collection_index.keys().map(String::as_str));
        self.errors.push(
            CheckError::new(
                CheckKind::UnknownCollection,
                &name.loc,
                format!("unknown collection `{}`", name.node),
            )
            .help(help),
        );
        None
    }

    fn parameter(&mut self, p: &Node<Parameter>) {
        let name = &p.node.name;
        if self.param_index.contains_key(&name.node) {
            self.errors.push(CheckError::new(
                CheckKind::DuplicateParameter,
                &name.loc,
                format!("the parameter `{}` is declared twice", name.node),
            ));
            return;
        }
        let (ty, values, locs) = self.parameter_values(&p.node.values);
        // No value at all: its values did not parse, an error already reported.
        let no_value = p.node.values.is_empty();
        self.param_index
            .insert(name.node.clone(), self.params.len());
        self.params.push(Param {
            name: name.node.clone(),
            ty: ty.unwrap_or(if no_value {
                Type::Unknown
            } else {
                Type::Nothing
            }),
            values,
            locs,
        });
    }

    /// The values of a parameter, with their type and where each is written; a value out of
    /// date order or of another type than the earlier ones is reported.
    fn parameter_values(
        &mut self,
        all: &[Node<ParamValue>],
    ) -> (Option<Type>, Vec<(NaiveDate, Value)>, Vec<Loc>) {
        let mut ty: Option<Type> = None;
        let mut values: Vec<(NaiveDate, Value)> = Vec::new();
        let mut locs = Vec::new();
        for v in all {
            let Some((from, value, vty)) = self.dated_value(v) else {
                continue;
            };
            if let Some((last, _)) = values.last()
                && from <= *last
            {
                let message =
                    format!("values must be listed in date order: {from} is not after {last}");
                self.errors.push(CheckError::new(
                    CheckKind::ParamOrder,
                    &v.node.from.loc,
                    message,
                ));
            }
            ty = self.joined_type(ty, vty, &v.node.value.loc);
            values.push((from, value));
            locs.push(v.loc.clone());
        }
        (ty, values, locs)
    }

    /// The type of a parameter's values, `ty` so far, with one more of type `next` written at
    /// `at`: an integer and a decimal make a decimal, other types that differ are reported.
    fn joined_type(&mut self, ty: Option<Type>, next: Type, at: &Loc) -> Option<Type> {
        match (ty, next) {
            (t, Type::Nothing) => t,
            (None, t) => Some(t),
            (Some(Type::Int), Type::Decimal) | (Some(Type::Decimal), Type::Int) => {
                Some(Type::Decimal)
            }
            (Some(a), b) if a == b => Some(a),
            (Some(a), b) => {
                let (da, db) = (self.describe(&a), self.describe(&b));
                self.errors.push(CheckError::new(
                    CheckKind::Type,
                    at,
                    format!("this value is {db}, but earlier values are {da}"),
                ));
                Some(a)
            }
        }
    }

    /// Fills each `code in NAME` field with the texts of the parameter `NAME` (of every value
    /// it has had: a code once assigned stays a code of the data).
    fn code_lists(&mut self) {
        let mut shapes = std::mem::take(&mut self.schema.shapes);
        for field in shapes.iter_mut().flat_map(|s| s.fields.iter_mut()) {
            if let FieldForm::Code(Some(list)) = &mut field.form {
                list.codes = Arc::new(self.codes_of(&list.parameter, &list.at));
            }
        }
        self.schema.shapes = shapes;
    }

    fn codes_of(&mut self, name: &str, at: &crate::loc::Loc) -> BTreeSet<Arc<str>> {
        let Some(&p) = self.param_index.get(name) else {
            let help = help(name, self.param_index.keys().map(String::as_str));
            let message = format!("unknown parameter `{name}`");
            self.errors
                .push(CheckError::new(CheckKind::UnknownParameter, at, message).help(help));
            return BTreeSet::new();
        };
        let param = &self.params[p];
        if param.ty != Type::TextSet && param.ty != Type::Unknown {
            let found = self.describe(&param.ty);
            let message =
                format!("the codes of a field are a list of texts, but `{name}` holds {found}");
            self.errors
                .push(CheckError::new(CheckKind::Type, at, message));
        }
        param
            .values
            .iter()
            .filter_map(|(_, v)| match v {
                Value::Set(s) => Some(s.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// One value of a parameter or of an amendment, with the date it is in force from; each
    /// problem reported, at the value or at the date.
    fn dated_value(&mut self, v: &Node<ParamValue>) -> Option<(NaiveDate, Value, Type)> {
        let value = expr::literal_value(&v.node.value.node)
            .map_err(|why| CheckError::new(CheckKind::Literal, &v.node.value.loc, why));
        let from = expr::calendar_date(&v.node.from.node)
            .map_err(|why| CheckError::new(CheckKind::Literal, &v.node.from.loc, why));
        match (value, from) {
            (Ok((value, ty)), Ok(from)) => Some((from, value, ty)),
            (value, from) => {
                self.errors
                    .extend(value.err().into_iter().chain(from.err()));
                None
            }
        }
    }

    /// Adds an amendment's values to its parameter; a value from the same date replaces one.
    fn amend(&mut self, a: &Node<Parameter>) {
        let name = &a.node.name;
        let Some(&index) = self.param_index.get(&name.node) else {
            let help = help(&name.node, self.param_index.keys().map(String::as_str));
            self.errors.push(
                CheckError::new(
                    CheckKind::UnknownParameter,
                    &name.loc,
                    format!("`{}` amends an unknown parameter", name.node),
                )
                .help(help),
            );
            return;
        };
        for v in &a.node.values {
            let Some((from, value, ty)) = self.dated_value(v) else {
                continue;
            };
            let param = &self.params[index];
            let fits =
                ty == Type::Nothing || ty == param.ty || (ty.is_numeric() && param.ty.is_numeric());
            if !fits {
                let (found, wanted) = (self.describe(&ty), self.describe(&param.ty));
                self.errors.push(CheckError::new(
                    CheckKind::Type,
                    &v.node.value.loc,
                    format!("this value is {found}, but `{}` holds {wanted}", name.node),
                ));
                continue;
            }
            self.params[index].set_value(from, value, v.loc.clone());
        }
    }

    fn declare_definition(&mut self, d: &'a Node<Definition>) {
        let name = &d.node.name;
        if self.definitions.contains_key(&name.node) {
            self.errors.push(CheckError::new(
                CheckKind::DuplicateDefinition,
                &name.loc,
                format!("`{}` is defined twice", name.node),
            ));
            return;
        }
        self.definitions.insert(name.node.clone(), d);
    }

    /// The index, parameter types and result type of a definition, checking it on first use.
    fn definition_signature(&mut self, name: &Node<String>) -> Option<(usize, Vec<Type>, Type)> {
        match self.def_state.get(&name.node).cloned() {
            Some(DefState::Done(i, params, ret)) => return Some((i, params, ret)),
            Some(DefState::Failed) => return None,
            Some(DefState::Checking) => {
                let message = format!(
                    "`{}` refers to itself: definitions cannot be recursive",
                    name.node
                );
                self.errors
                    .push(CheckError::new(CheckKind::Recursion, &name.loc, message));
                return None;
            }
            None => {}
        }
        let Some(def) = self.definitions.get(&name.node).copied() else {
            let candidates: Vec<&str> = self
                .definitions
                .keys()
                .map(String::as_str)
                .chain(["age", "year", "first_day", "date_in", "earliest", "latest"])
                .collect();
            let help = help(&name.node, candidates);
            self.errors.push(
                CheckError::new(
                    CheckKind::UnknownFunction,
                    &name.loc,
                    format!("unknown definition `{}`", name.node),
                )
                .help(help),
            );
            return None;
        };
        self.def_state.insert(name.node.clone(), DefState::Checking);
        let result = self.check_definition(def);
        let state = match &result {
            Some((i, p, r)) => DefState::Done(*i, p.clone(), r.clone()),
            None => DefState::Failed,
        };
        self.def_state.insert(name.node.clone(), state);
        result
    }

    fn check_definition(&mut self, def: &Node<Definition>) -> Option<(usize, Vec<Type>, Type)> {
        let mut scope = scope::Scope::default();
        let mut params = Vec::new();
        for (var, ty_name) in &def.node.params {
            let ty = self.type_named(ty_name)?;
            scope.bind(&var.node, ty.clone());
            params.push(ty);
        }
        let body = self.expr(&def.node.body, &mut scope)?;
        let ret = body.ty.clone();
        self.defs.push(ir::Def {
            name: def.node.name.node.clone(),
            frame: scope.frame,
            body,
        });
        Some((self.defs.len() - 1, params, ret))
    }

    fn type_named(&mut self, name: &Node<String>) -> Option<Type> {
        Some(match name.node.as_str() {
            "date" => Type::Date,
            "integer" => Type::Int,
            "decimal" => Type::Decimal,
            "money" => Type::Money,
            "text" => Type::Text,
            _ => Type::Record(self.collection_named(name)?),
        })
    }
}
