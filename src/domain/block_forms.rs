//! The block forms' rules: a block type's schema as fields (a nested block a choice of the
//! saved blocks of its type, a secret a password input), a new block's body, an edit's body
//! and what either changes, in words. Secrets are write-only: an edit's form never holds a
//! stored secret; one left empty is sent back as the server's own mask, which the server
//! swaps for the stored value (`update_block_document`). Pure.

use super::blocks::{is_secret, secret_paths};
use super::forms::{names_words, FieldError, FormValues};
use super::parameter_form::{block_fields, build, initial_values, under, Field, FieldKind};
use crate::schemas::actions::{BlockDocumentCreate, BlockDocumentUpdate};
use crate::schemas::wire::{validate_lowercase_dashes, validate_name, JsonObject};
use crate::schemas::{BlockDocument, BlockSchema, BlockType};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The block's name.
pub const NAME: &str = "name";
/// The prefix of the schema's fields' paths (`data.url`).
pub const DATA: &str = "data";
/// The fields the server's refusals can name.
pub const BLOCK_FIELDS: [&str; 2] = [NAME, DATA];

/// The saved blocks a nested block can be, by block type slug: (id, name), by name.
pub type Choices = BTreeMap<String, Vec<(Uuid, String)>>;

/// A block type's schema as the form's fields, under [`DATA`]. In an edit a secret is not
/// required (empty keeps what is stored) and says so.
pub fn form_fields(schema: &JsonObject, editing: bool) -> Result<Vec<Field>, &'static str> {
    let secrets = secret_paths(schema);
    let fields = block_fields(schema)?
        .into_iter()
        .map(|field| secret_marked(field, &secrets, editing))
        .collect();
    Ok(under(DATA, fields))
}

fn secret_marked(mut field: Field, secrets: &[String], editing: bool) -> Field {
    if let FieldKind::Object(children) = field.kind {
        field.kind = FieldKind::Object(
            children
                .into_iter()
                .map(|child| secret_marked(child, secrets, editing))
                .collect(),
        );
        return field;
    }
    if !is_secret(&field.path, secrets) {
        return field;
    }
    if matches!(field.kind, FieldKind::Text { .. }) {
        field.kind = FieldKind::Text {
            format: super::parameter_form::TextFormat::Password,
            min_length: None,
            max_length: None,
        };
    }
    if editing {
        field.required = false;
        let note = "Secret: write-only. Empty keeps the stored value.";
        field.description = Some(match field.description.take() {
            Some(d) => format!("{d} {note}"),
            None => note.to_string(),
        });
    }
    field.default = None;
    field
}

/// The block types its fields refer to (their documents are the choices to load).
pub fn referenced_types(fields: &[Field]) -> Vec<String> {
    let mut slugs: Vec<String> = Vec::new();
    for field in super::parameter_form::leaves(fields) {
        if let FieldKind::Block(slug) = &field.kind {
            if !slugs.contains(slug) {
                slugs.push(slug.clone());
            }
        }
    }
    slugs
}

/// The blocks of `documents` by their type's slug, named, by name.
pub fn choices(documents: &[BlockDocument]) -> Choices {
    let mut out = Choices::new();
    for doc in documents {
        let Some(slug) = doc.block_type.as_ref().map(|t| t.slug.clone()) else {
            continue;
        };
        let name = doc.name.clone().unwrap_or_else(|| doc.id.to_string());
        out.entry(slug).or_default().push((doc.id, name));
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.1.cmp(&b.1));
    }
    out
}

/// A new block's starting values: the schema's defaults.
pub fn new_values(fields: &[Field]) -> FormValues {
    let mut values = initial_values(fields, &Map::new());
    values.insert(NAME.into(), String::new());
    values
}

/// An edit's starting values: the stored data, each secret empty, each nested block the id
/// it refers to.
pub fn edit_values(fields: &[Field], doc: &BlockDocument) -> FormValues {
    let secrets = schema_secrets(doc);
    let mut values = initial_values(fields, &doc.data);
    for field in super::parameter_form::leaves(fields) {
        let relative = relative(&field.path);
        if is_secret(relative, &secrets) {
            values.insert(field.path.clone(), String::new());
        }
        if matches!(field.kind, FieldKind::Block(_)) {
            let id = reference_id(doc, relative).map(|id| id.to_string());
            values.insert(field.path.clone(), id.unwrap_or_default());
        }
    }
    values.insert(NAME.into(), doc.name.clone().unwrap_or_default());
    values
}

fn schema_secrets(doc: &BlockDocument) -> Vec<String> {
    doc.block_schema
        .as_ref()
        .map(|s| secret_paths(&s.fields))
        .unwrap_or_default()
}

/// A field's path without the [`DATA`] prefix.
fn relative(path: &str) -> &str {
    path.strip_prefix(DATA)
        .and_then(|p| p.strip_prefix('.'))
        .unwrap_or(path)
}

/// The id of the block the document's top-level field `name` refers to.
fn reference_id(doc: &BlockDocument, name: &str) -> Option<Uuid> {
    doc.block_document_references
        .get(name)?
        .get("block_document")?
        .get("id")?
        .as_str()
        .and_then(|id| Uuid::parse_str(id).ok())
}

fn name_checked(values: &FormValues) -> Result<String, FieldError> {
    let name = values.get(NAME).map(|n| n.trim()).unwrap_or_default();
    if name.is_empty() {
        return Err(FieldError::new(NAME, "A block needs a name"));
    }
    validate_name("name", name)
        .and_then(|()| validate_lowercase_dashes("name", "Block names", name))
        .map_err(|e| FieldError::new(NAME, e.message))?;
    Ok(name.to_string())
}

/// A new block of `block_type` with `schema`: its body and what it makes, in words.
pub fn block_create(
    block_type: &BlockType,
    schema: &BlockSchema,
    fields: &[Field],
    values: &FormValues,
    choices: &Choices,
) -> Result<(BlockDocumentCreate, Vec<String>), Vec<FieldError>> {
    let name = name_checked(values);
    let data = build(fields, values);
    let (name, data) = match (name, data) {
        (Ok(name), Ok(data)) => (name, data),
        (name, data) => {
            let mut errors: Vec<FieldError> = name.err().into_iter().collect();
            errors.extend(data.err().unwrap_or_default());
            return Err(errors);
        }
    };
    let mut lines = vec![format!("Create the {} block {name}", block_type.name)];
    lines.extend(data_lines(&data, &secrets_of(schema), choices));
    Ok((
        BlockDocumentCreate {
            name,
            data,
            block_schema_id: schema.id,
            block_type_id: block_type.id,
            is_anonymous: false,
        },
        lines,
    ))
}

fn secrets_of(schema: &BlockSchema) -> Vec<String> {
    secret_paths(&schema.fields)
}

/// What a new block's data sets: its fields by name, secrets and references said apart.
fn data_lines(data: &Map<String, Value>, secrets: &[String], choices: &Choices) -> Vec<String> {
    let mut plain = Vec::new();
    let mut secret = Vec::new();
    let mut lines = Vec::new();
    for (key, value) in data {
        if let Some(id) = referenced(value) {
            lines.push(format!(
                "{key} refers to the block {}",
                choice_name(choices, id)
            ));
        } else if is_secret(key, secrets) {
            secret.push(key.clone());
        } else {
            plain.push(key.clone());
        }
    }
    if !plain.is_empty() {
        lines.insert(0, format!("Set {}", names_words(&plain)));
    }
    if !secret.is_empty() {
        lines.push(format!(
            "Store the secret {} (write-only: never shown again)",
            names_words(&secret)
        ));
    }
    lines
}

fn referenced(value: &Value) -> Option<Uuid> {
    value
        .pointer("/$ref/block_document_id")
        .and_then(Value::as_str)
        .and_then(|id| Uuid::parse_str(id).ok())
}

fn choice_name(choices: &Choices, id: Uuid) -> String {
    choices
        .values()
        .flatten()
        .find(|(choice, _)| *choice == id)
        .map_or_else(|| id.to_string(), |(_, name)| name.clone())
}

/// An edit of `doc`: the whole data sent back (`merge_existing_data` off, so a cleared
/// field is cleared), each secret left empty sent as the server's mask it arrived as (the
/// server keeps the stored value), and what changes, in words (empty: nothing).
pub fn block_update(
    doc: &BlockDocument,
    fields: &[Field],
    values: &FormValues,
    choices: &Choices,
) -> Result<(BlockDocumentUpdate, Vec<String>), Vec<FieldError>> {
    let secrets = schema_secrets(doc);
    let mut data = build(fields, values)?;
    // The secrets left empty keep what is stored: sent back as they arrived.
    for field in super::parameter_form::leaves(fields) {
        let path = relative(&field.path);
        let empty = values.get(&field.path).is_none_or(|t| t.trim().is_empty());
        if !(empty && is_secret(path, &secrets)) {
            continue;
        }
        if let Some(stored) = value_at(&doc.data, path) {
            set_at(&mut data, path, stored.clone());
        }
    }
    let before = stored_data(doc);
    let mut changed = Vec::new();
    let mut lines = Vec::new();
    for (key, value) in &data {
        if before.get(key) == Some(value) {
            continue;
        }
        if let Some(id) = referenced(value) {
            lines.push(format!(
                "{key} refers to the block {}",
                choice_name(choices, id)
            ));
        } else if is_secret(key, &secrets) {
            lines.push(format!("Replace the secret {key}"));
        } else {
            changed.push(key.clone());
        }
    }
    let cleared: Vec<String> = before
        .keys()
        .filter(|key| !data.contains_key(*key))
        .cloned()
        .collect();
    if !changed.is_empty() {
        lines.insert(0, format!("Change {}", names_words(&changed)));
    }
    if !cleared.is_empty() {
        lines.push(format!("Clear {}", names_words(&cleared)));
    }
    Ok((
        BlockDocumentUpdate {
            block_schema_id: None,
            data,
            merge_existing_data: false,
        },
        lines,
    ))
}

/// The document's data as an edit would send it unchanged: references as references.
fn stored_data(doc: &BlockDocument) -> Map<String, Value> {
    let mut data = doc.data.clone();
    for name in doc.block_document_references.keys() {
        if let Some(id) = reference_id(doc, name) {
            data.insert(name.clone(), super::parameter_form::block_reference(id));
        }
    }
    data
}

fn value_at<'a>(data: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = data.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    Some(value)
}

fn set_at(data: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else {
        return;
    };
    let mut object = data;
    for part in parts {
        let entry = object
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Some(next) = entry.as_object_mut() else {
            return;
        };
        object = next;
    }
    object.insert(last.to_string(), value);
}

/// What refers to blocks: the saved blocks that nest one (name, field; among the first
/// 200 by name, `more_blocks` when there are more) and the automations that notify
/// through one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Referrers {
    pub blocks: Vec<(String, String)>,
    pub automations: Vec<String>,
    pub more_blocks: bool,
}

/// What deleting these blocks says: their names and what refers to them (a reference is
/// dropped with the block it names). `found`: `None` while it is checked, `Some(Err)`
/// when it could not be.
pub fn delete_words(names: &[String], found: Option<Result<&Referrers, String>>) -> String {
    let mut lines = vec![format!(
        "Delete {}. This cannot be undone.",
        names_words(names)
    )];
    let found = match found {
        None => {
            lines.push("Checking what refers to it…".into());
            return lines.join(" ");
        }
        Some(Err(why)) => {
            lines.push(format!("What refers to it could not be checked: {why}"));
            return lines.join(" ");
        }
        Some(Ok(found)) => found,
    };
    for (parent, field) in &found.blocks {
        lines.push(format!(
            "The block {parent} refers to it in {field}, and loses that reference."
        ));
    }
    if !found.automations.is_empty() {
        lines.push(format!(
            "The automation(s) {} notify through it, and will fail to send.",
            names_words(&found.automations)
        ));
    }
    if found.blocks.is_empty() && found.automations.is_empty() {
        lines.push(if found.more_blocks {
            "No block among the first 200 and no automation refers to it.".into()
        } else {
            "No other block and no automation refers to it.".into()
        });
    } else if found.more_blocks {
        lines.push("Only the first 200 blocks were checked.".into());
    }
    lines.join(" ")
}

/// The automations among `automations` with an action that sends through one of `ids`.
pub fn automations_using(
    automations: &[crate::schemas::automations::Automation],
    ids: &[Uuid],
) -> Vec<String> {
    automations
        .iter()
        .filter(|a| {
            a.actions
                .iter()
                .chain(&a.actions_on_trigger)
                .chain(&a.actions_on_resolve)
                .any(|action| action.block_document_id.is_some_and(|id| ids.contains(&id)))
        })
        .map(|a| a.name.clone())
        .collect()
}

/// The blocks among `documents` that refer to one of `ids`: (the referring block's name,
/// its field), each once.
pub fn referrers(documents: &[BlockDocument], ids: &[Uuid]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in documents {
        if ids.contains(&doc.id) {
            continue;
        }
        for name in doc.block_document_references.keys() {
            if reference_id(doc, name).is_some_and(|id| ids.contains(&id)) {
                let parent = doc.name.clone().unwrap_or_else(|| doc.id.to_string());
                out.push((parent, name.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
