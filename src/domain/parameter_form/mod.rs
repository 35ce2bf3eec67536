//! The custom-run form: a deployment's `parameter_openapi_schema` (the JSON Schema Prefect
//! builds from the flow's signature) turned into fields; what the user typed turned back
//! into parameters, checked where the schema says how; and the server's validation errors
//! (`/ui/schemas/validate`, a 422) put next to the fields they name.
//!
//! A field's input is always text (a checkbox is "true"/"false", a choice is its option as
//! JSON), so the form's state is one map from a field's path to a string.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

mod errors;
mod run;
mod schema;
mod values;

pub use errors::{messages_for, unprocessable_fields, validation_errors};
pub use run::{custom_run_request, run_body, RunOptions};
pub use schema::{block_fields, fields, MAX_FIELDS};
pub use values::{block_reference, build, initial_values, leaves, parse_raw, to_text, under};

/// What a field's input looks like and how its text becomes a value.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// A string; `format` says which.
    Text {
        format: TextFormat,
        min_length: Option<u64>,
        max_length: Option<u64>,
    },
    /// A number (`integer` when only whole numbers are allowed), within optional bounds.
    Number {
        integer: bool,
        minimum: Option<f64>,
        maximum: Option<f64>,
    },
    /// A checkbox.
    Boolean,
    /// One of the schema's `enum` values.
    Choice(Vec<Value>),
    /// An array of simple items, one per line.
    List(Box<FieldKind>),
    /// A nested object with fields of its own.
    Object(Vec<Field>),
    /// What the form cannot express, edited as JSON; says why.
    Json(&'static str),
    /// Another block, of this block type slug: a choice of its saved documents, sent as
    /// `{"$ref": {"block_document_id": ...}}` (block forms only).
    Block(String),
}

/// Which kind of string a text field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Plain,
    /// `date-time`: RFC 3339, e.g. `2026-12-02T09:30:00Z`.
    DateTime,
    /// `date`: `2026-12-02`.
    Date,
    /// `password` (a secret): a password input, never filled from what is stored.
    Password,
}

/// One input of the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The property's name in its object.
    pub name: String,
    /// Its dotted path from the parameters' root (`window.days`): the key of its text.
    pub path: String,
    /// The schema's title, or the name.
    pub title: String,
    pub description: Option<String>,
    /// Marked required by the schema (no default in the flow's signature).
    pub required: bool,
    /// `null` is allowed (`Optional[...]`).
    pub nullable: bool,
    pub default: Option<Value>,
    pub kind: FieldKind,
}

/// A message about one field (its path) or about the whole form (empty path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

impl FieldError {
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        FieldError {
            path: path.to_string(),
            message: message.into(),
        }
    }
}

/// The form's text, by field path.
pub type FormValues = BTreeMap<String, String>;

#[cfg(test)]
mod tests;
