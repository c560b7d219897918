//! The data model declared by `collection` items, checked and turned into a [`Schema`].

use std::collections::HashMap;
use std::sync::Arc;

use super::errors::{CheckError, CheckKind};
use super::ir::{CodeList, CollectionSchema, FieldForm, FieldSchema, NumRange, Schema, Shape};
use crate::loc::Node;
use crate::suggest::help;
use crate::syntax::ast::{Collection, FieldDecl, Form, Range, ScalarKind};
use crate::value::Dec;

/// Builds the schema; collection names (plural and singular) map to their index.
pub fn build(
    collections: &[&Node<Collection>],
    errors: &mut Vec<CheckError>,
) -> (Schema, HashMap<String, usize>) {
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut kept = Vec::new();
    for c in collections {
        let mut fresh = true;
        for n in std::iter::once(&c.node.name).chain(c.node.singular.iter()) {
            if names.contains_key(&n.node) {
                errors.push(CheckError::new(
                    CheckKind::DuplicateCollection,
                    &n.loc,
                    format!("the collection name `{}` is declared twice", n.node),
                ));
                fresh = false;
            }
        }
        if fresh {
            names.insert(c.node.name.node.clone(), kept.len());
            if let Some(s) = &c.node.singular {
                names.insert(s.node.clone(), kept.len());
            }
            kept.push(*c);
        }
    }
    let mut b = SchemaBuilder {
        names: &names,
        schema: Schema::default(),
        errors,
    };
    for c in &kept {
        b.collection(c);
    }
    (b.schema, names)
}

struct SchemaBuilder<'a> {
    names: &'a HashMap<String, usize>,
    schema: Schema,
    errors: &'a mut Vec<CheckError>,
}

impl SchemaBuilder<'_> {
    fn collection(&mut self, c: &Node<Collection>) {
        let shape = self.shape(&c.node.fields, &c.node.exactly_one);
        let fields = &self.schema.shapes[shape];
        let id_field = match fields.field("id") {
            Some(i)
                if matches!(fields.fields[i].form, FieldForm::Text)
                    && !fields.fields[i].optional =>
            {
                i
            }
            _ => {
                self.errors.push(CheckError::new(
                    CheckKind::MissingId,
                    &c.node.name.loc,
                    format!(
                        "the collection `{}` needs a required `id: text` field",
                        c.node.name.node
                    ),
                ));
                0
            }
        };
        let in_force = c.node.in_force.as_ref().and_then(|(from, to)| {
            let f = self.date_field(shape, from)?;
            let t = self.date_field(shape, to)?;
            Some((f, t))
        });
        self.schema.collections.push(CollectionSchema {
            name: c.node.name.node.clone(),
            singular: c.node.singular.as_ref().map(|s| s.node.clone()),
            shape,
            id_field,
            in_force,
        });
    }

    fn date_field(&mut self, shape: usize, name: &Node<String>) -> Option<usize> {
        let s = &self.schema.shapes[shape];
        match s.field(&name.node) {
            Some(i) if matches!(s.fields[i].form, FieldForm::Date) => Some(i),
            Some(_) => {
                self.errors.push(CheckError::new(
                    CheckKind::Period,
                    &name.loc,
                    format!("`{}` must be a date field to bound a period", name.node),
                ));
                None
            }
            None => {
                let help = help(&name.node, s.fields.iter().map(|f| f.name.as_str()));
                self.errors.push(
                    CheckError::new(
                        CheckKind::UnknownField,
                        &name.loc,
                        format!("unknown field `{}`", name.node),
                    )
                    .help(help),
                );
                None
            }
        }
    }

    fn shape(
        &mut self,
        decls: &[Node<FieldDecl>],
        exactly_one: &[(Node<String>, Node<String>)],
    ) -> usize {
        let mut shape = Shape::default();
        for d in decls {
            if shape.field(&d.node.name.node).is_some() {
                self.errors.push(CheckError::new(
                    CheckKind::DuplicateField,
                    &d.node.name.loc,
                    format!("the field `{}` is declared twice", d.node.name.node),
                ));
                continue;
            }
            let form = self.form(&d.node.form);
            shape.fields.push(FieldSchema {
                name: d.node.name.node.clone(),
                form,
                optional: d.node.optional || d.node.required_when.is_some(),
                required_when: None,
                forbidden_otherwise: d.node.forbidden_otherwise,
            });
        }
        for d in decls {
            self.condition(&mut shape, d);
        }
        for (a, b) in exactly_one {
            let pair = (
                self.optional_field(&shape, a),
                self.optional_field(&shape, b),
            );
            if let (Some(a), Some(b)) = pair {
                shape.exactly_one.push((a, b));
            }
        }
        self.schema.shapes.push(shape);
        self.schema.shapes.len() - 1
    }

    fn optional_field(&mut self, shape: &Shape, name: &Node<String>) -> Option<usize> {
        match shape.field(&name.node) {
            Some(i) if shape.fields[i].optional => Some(i),
            Some(_) => {
                self.errors.push(CheckError::new(
                    CheckKind::ExactlyOne,
                    &name.loc,
                    format!(
                        "`{}` must be declared `optional` to be one of an \"exactly one of\" pair",
                        name.node
                    ),
                ));
                None
            }
            None => {
                self.errors.push(CheckError::new(
                    CheckKind::UnknownField,
                    &name.loc,
                    format!("unknown field `{}`", name.node),
                ));
                None
            }
        }
    }

    fn condition(&mut self, shape: &mut Shape, d: &Node<FieldDecl>) {
        let Some(i) = shape.field(&d.node.name.node) else {
            return;
        };
        if d.node.forbidden_otherwise && d.node.required_when.is_none() {
            self.errors.push(CheckError::new(
                CheckKind::Forbidden,
                &d.loc,
                "`forbidden otherwise` needs a `required when` before it",
            ));
        }
        let Some((other, value)) = &d.node.required_when else {
            return;
        };
        let Some(j) = shape.field(&other.node) else {
            let help = help(&other.node, shape.fields.iter().map(|f| f.name.as_str()));
            self.errors.push(
                CheckError::new(
                    CheckKind::UnknownField,
                    &other.loc,
                    format!("unknown field `{}`", other.node),
                )
                .help(help),
            );
            return;
        };
        if let FieldForm::Enum(values) = &shape.fields[j].form
            && !values.contains(&value.node)
        {
            self.errors.push(CheckError::new(
                CheckKind::EnumValue,
                &value.loc,
                format!("`{}` is not a value of `{}`", value.node, other.node),
            ));
        }
        shape.fields[i].required_when = Some((j, value.node.clone()));
    }

    fn form(&mut self, form: &Node<Form>) -> FieldForm {
        match &form.node {
            Form::Scalar(kind, range) => self.scalar(*kind, range.as_ref(), form),
            Form::CodeIn(list) => FieldForm::Code(Some(CodeList {
                parameter: list.node.clone(),
                at: list.loc.clone(),
                codes: Arc::default(),
            })),
            Form::Enum(values) => {
                FieldForm::Enum(Arc::new(values.iter().map(|v| v.node.clone()).collect()))
            }
            Form::Ref(target) => match self.names.get(&target.node) {
                Some(&c) => FieldForm::Ref(c),
                None => {
                    let help = help(&target.node, self.names.keys().map(String::as_str));
                    self.errors.push(
                        CheckError::new(
                            CheckKind::UnknownCollection,
                            &target.loc,
                            format!("unknown collection `{}`", target.node),
                        )
                        .help(help),
                    );
                    FieldForm::Text
                }
            },
            Form::Mapping(fields) => FieldForm::Mapping(self.shape(fields, &[])),
        }
    }

    fn scalar(&mut self, kind: ScalarKind, range: Option<&Range>, form: &Node<Form>) -> FieldForm {
        let range = match range {
            None => NumRange::default(),
            Some(r) => num_range(r),
        };
        match kind {
            ScalarKind::Integer => FieldForm::Integer(range),
            ScalarKind::Decimal => FieldForm::Decimal(range),
            other => {
                if range.low.is_some() || range.high.is_some() {
                    self.errors.push(CheckError::new(
                        CheckKind::Range,
                        &form.loc,
                        "only `integer` and `decimal` fields take a range",
                    ));
                }
                match other {
                    ScalarKind::Text => FieldForm::Text,
                    ScalarKind::Code => FieldForm::Code(None),
                    ScalarKind::Money => FieldForm::Money,
                    _ => FieldForm::Date,
                }
            }
        }
    }
}

fn num_range(r: &Range) -> NumRange {
    let bound = |b: &Option<(String, bool)>| {
        b.as_ref()
            .and_then(|(v, inc)| Dec::parse(v).map(|d| (d, *inc)))
    };
    let text = match (&r.low, &r.high) {
        (Some((l, li)), Some((h, hi))) => format!(
            "{}{l}, {h}{}",
            if *li { "[" } else { "(" },
            if *hi { "]" } else { ")" }
        ),
        (Some((l, true)), None) => format!(">= {l}"),
        (Some((l, false)), None) => format!("> {l}"),
        _ => String::new(),
    };
    NumRange {
        low: bound(&r.low),
        high: bound(&r.high),
        text,
    }
}
