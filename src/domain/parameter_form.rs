//! The custom-run form: a deployment's `parameter_openapi_schema` (the JSON Schema Prefect
//! builds from the flow's signature) turned into fields; what the user typed turned back
//! into parameters, checked where the schema says how; and the server's validation errors
//! (`/ui/schemas/validate`, a 422) put next to the fields they name.
//!
//! A field's input is always text (a checkbox is "true"/"false", a choice is its option as
//! JSON), so the form's state is one map from a field's path to a string.

use super::parameters::ordered_properties;
use crate::schemas::actions::DeploymentFlowRunCreate;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Nesting deeper than this (or a definition that refers to itself) is edited as JSON.
const MAX_DEPTH: usize = 6;

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
}

/// Which kind of string a text field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Plain,
    /// `date-time`: RFC 3339, e.g. `2026-12-02T09:30:00Z`.
    DateTime,
    /// `date`: `2026-12-02`.
    Date,
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
    fn new(path: &str, message: impl Into<String>) -> Self {
        FieldError {
            path: path.to_string(),
            message: message.into(),
        }
    }
}

/// The form's text, by field path.
pub type FormValues = BTreeMap<String, String>;

/// The fields of a parameters schema, in the flow signature's order; `Err` says why the
/// whole schema needs the JSON editor instead.
pub fn fields(schema: &Map<String, Value>) -> Result<Vec<Field>, &'static str> {
    let root = Value::Object(schema.clone());
    if schema.is_empty() {
        return Ok(Vec::new());
    }
    let resolved = resolve(&root, &root, 0).ok_or("its schema cannot be read")?;
    if let Some(why) = resolved.unsupported {
        return Err(why);
    }
    match resolved.node.get("type").and_then(Value::as_str) {
        Some("object") | None => Ok(object_fields(&resolved.node, &root, "", 0)),
        _ => Err("its parameters are not a set of named fields"),
    }
}

/// A schema node with its `$ref` / `allOf` / `anyOf [X, null]` wrappers taken off.
struct Resolved {
    node: Value,
    nullable: bool,
    /// Why it cannot be a form field, when it cannot.
    unsupported: Option<&'static str>,
}

fn definition<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference
        .strip_prefix("#/definitions/")
        .or_else(|| reference.strip_prefix("#/$defs/"))?;
    root.get("definitions")
        .and_then(|d| d.get(name))
        .or_else(|| root.get("$defs").and_then(|d| d.get(name)))
}

/// `inner` with the outer node's own annotations (title, description, default) on top.
fn merged(outer: &Value, inner: &Value) -> Value {
    let mut node = inner.as_object().cloned().unwrap_or_default();
    if let Some(outer) = outer.as_object() {
        for key in ["title", "description", "default", "position"] {
            if let Some(value) = outer.get(key) {
                node.insert(key.into(), value.clone());
            }
        }
    }
    Value::Object(node)
}

fn resolve(node: &Value, root: &Value, depth: usize) -> Option<Resolved> {
    if depth > MAX_DEPTH {
        return Some(Resolved {
            node: node.clone(),
            nullable: false,
            unsupported: Some("it nests too deeply for the form"),
        });
    }
    let object = node.as_object()?;
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let Some(target) = definition(root, reference) else {
            return Some(Resolved {
                node: node.clone(),
                nullable: false,
                unsupported: Some("it refers to a definition the schema lacks"),
            });
        };
        return resolve(&merged(node, target), root, depth + 1);
    }
    if let Some(all) = object.get("allOf").and_then(Value::as_array) {
        return match all.as_slice() {
            [only] => resolve(&merged(node, only), root, depth + 1),
            _ => Some(Resolved {
                node: node.clone(),
                nullable: false,
                unsupported: Some("it combines several schemas"),
            }),
        };
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = object.get(key).and_then(Value::as_array) {
            let is_null = |o: &&Value| o.get("type").and_then(Value::as_str) == Some("null");
            let nullable = options.iter().any(|o| is_null(&o));
            let rest: Vec<&Value> = options.iter().filter(|o| !is_null(o)).collect();
            return match rest.as_slice() {
                [only] => resolve(&merged(node, only), root, depth + 1).map(|mut r| {
                    r.nullable |= nullable;
                    r
                }),
                _ => Some(Resolved {
                    node: node.clone(),
                    nullable,
                    unsupported: Some("it accepts one of several types"),
                }),
            };
        }
    }
    if let Some(types) = object.get("type").and_then(Value::as_array) {
        let nullable = types.iter().any(|t| t == "null");
        let rest: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        let mut node = object.clone();
        return match rest.as_slice() {
            [only] => {
                node.insert("type".into(), (*only).clone());
                Some(Resolved {
                    node: Value::Object(node),
                    nullable,
                    unsupported: None,
                })
            }
            _ => Some(Resolved {
                node: Value::Object(node),
                nullable,
                unsupported: Some("it accepts one of several types"),
            }),
        };
    }
    Some(Resolved {
        node: node.clone(),
        nullable: false,
        unsupported: None,
    })
}

fn object_fields(node: &Value, root: &Value, prefix: &str, depth: usize) -> Vec<Field> {
    let Some(object) = node.as_object() else {
        return Vec::new();
    };
    ordered_properties(object)
        .into_iter()
        .map(|(name, spec, required)| {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            field(name, &path, spec, root, depth, required)
        })
        .collect()
}

fn field(
    name: &str,
    path: &str,
    spec: &Value,
    root: &Value,
    depth: usize,
    required: bool,
) -> Field {
    let resolved = resolve(spec, root, depth).unwrap_or(Resolved {
        node: Value::Null,
        nullable: false,
        unsupported: Some("its schema cannot be read"),
    });
    let node = &resolved.node;
    let text = |key: &str| node.get(key).and_then(Value::as_str).map(str::to_string);
    let title = text("title").unwrap_or_else(|| name.to_string());
    let description = text("description").filter(|d| !d.trim().is_empty());
    let kind = match resolved.unsupported {
        Some(why) => FieldKind::Json(why),
        None => kind(node, root, path, depth),
    };
    let nullable = resolved.nullable
        || matches!(&kind, FieldKind::Choice(options) if options.contains(&Value::Null));
    let kind = match kind {
        FieldKind::Choice(options) => {
            FieldKind::Choice(options.into_iter().filter(|o| !o.is_null()).collect())
        }
        other => other,
    };
    Field {
        name: name.to_string(),
        path: path.to_string(),
        title,
        description,
        required,
        nullable,
        default: node.get("default").cloned(),
        kind,
    }
}

fn kind(node: &Value, root: &Value, path: &str, depth: usize) -> FieldKind {
    if let Some(options) = node.get("enum").and_then(Value::as_array) {
        return FieldKind::Choice(options.clone());
    }
    if let Some(only) = node.get("const") {
        return FieldKind::Choice(vec![only.clone()]);
    }
    let number = |key: &str| node.get(key).and_then(Value::as_f64);
    let count = |key: &str| node.get(key).and_then(Value::as_u64);
    match node.get("type").and_then(Value::as_str) {
        Some("string") => FieldKind::Text {
            format: match node.get("format").and_then(Value::as_str) {
                Some("date-time") => TextFormat::DateTime,
                Some("date") => TextFormat::Date,
                _ => TextFormat::Plain,
            },
            min_length: count("minLength"),
            max_length: count("maxLength"),
        },
        Some(t @ ("integer" | "number")) => FieldKind::Number {
            integer: t == "integer",
            minimum: number("minimum").or(number("exclusiveMinimum")),
            maximum: number("maximum").or(number("exclusiveMaximum")),
        },
        Some("boolean") => FieldKind::Boolean,
        Some("array") => {
            if node.get("prefixItems").is_some() {
                return FieldKind::Json("it is a tuple");
            }
            let Some(items) = node.get("items") else {
                return FieldKind::Json("its items may be anything");
            };
            let item = field("item", path, items, root, depth + 1, true);
            match item.kind {
                simple @ (FieldKind::Text { .. }
                | FieldKind::Number { .. }
                | FieldKind::Choice(_)
                | FieldKind::Boolean) => FieldKind::List(Box::new(simple)),
                _ => FieldKind::Json("its items are not simple values"),
            }
        }
        Some("object") if node.get("properties").is_some() => {
            FieldKind::Object(object_fields(node, root, path, depth + 1))
        }
        Some("object") => FieldKind::Json("it is a mapping of any keys"),
        Some("null") => FieldKind::Json("it only accepts null"),
        _ => FieldKind::Json("it accepts any value"),
    }
}

/// The text each field starts with: the deployment's own value for it where it has one,
/// else the default its enclosing object's default gives it, else the schema's default.
pub fn initial_values(fields: &[Field], parameters: &Map<String, Value>) -> FormValues {
    let mut values = FormValues::new();
    let set = Value::Object(parameters.clone());
    fill(fields, Some(&set), None, &mut values);
    values
}

fn fill(fields: &[Field], set: Option<&Value>, defaults: Option<&Value>, out: &mut FormValues) {
    for field in fields {
        let own = set.and_then(|s| s.get(&field.name));
        let default = defaults
            .and_then(|d| d.get(&field.name))
            .or(field.default.as_ref());
        match &field.kind {
            FieldKind::Object(children) => fill(children, own, default, out),
            kind => {
                let text = own.or(default).map(|v| to_text(kind, v));
                out.insert(field.path.clone(), text.unwrap_or_default());
            }
        }
    }
}

/// Every field that has an input of its own (objects are their fields).
pub fn leaves(fields: &[Field]) -> Vec<&Field> {
    let mut out = Vec::new();
    for field in fields {
        match &field.kind {
            FieldKind::Object(children) => out.extend(leaves(children)),
            _ => out.push(field),
        }
    }
    out
}

/// A value as its field's text.
pub fn to_text(kind: &FieldKind, value: &Value) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (FieldKind::Text { .. }, Value::String(s)) => s.clone(),
        (FieldKind::Boolean, Value::Bool(b)) => b.to_string(),
        (FieldKind::Number { .. }, Value::Number(n)) => n.to_string(),
        (FieldKind::List(item), Value::Array(items)) => items
            .iter()
            .map(|v| to_text(item, v))
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::Json(_), value) => {
            serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
        }
        (_, value) => value.to_string(),
    }
}

/// One field's text as its value: `Ok(None)` when left empty.
fn parse(kind: &FieldKind, text: &str) -> Result<Option<Value>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() && !matches!(kind, FieldKind::Boolean) {
        return Ok(None);
    }
    let value = match kind {
        FieldKind::Text {
            format,
            min_length,
            max_length,
        } => {
            match format {
                TextFormat::DateTime => {
                    chrono::DateTime::parse_from_rfc3339(trimmed).map_err(|_| {
                        "Enter a date and time with its offset, like 2026-12-02T09:30:00Z"
                            .to_string()
                    })?;
                }
                TextFormat::Date => {
                    chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                        .map_err(|_| "Enter a date like 2026-12-02".to_string())?;
                }
                TextFormat::Plain => {}
            }
            let text = if *format == TextFormat::Plain {
                text
            } else {
                trimmed
            };
            let length = text.chars().count() as u64;
            if let Some(min) = min_length.filter(|min| length < *min) {
                return Err(format!("At least {min} characters"));
            }
            if let Some(max) = max_length.filter(|max| length > *max) {
                return Err(format!("At most {max} characters"));
            }
            Value::String(text.to_string())
        }
        FieldKind::Number {
            integer,
            minimum,
            maximum,
        } => {
            let number = if *integer {
                let n: i64 = trimmed
                    .parse()
                    .map_err(|_| "Enter a whole number".to_string())?;
                Number::from(n)
            } else {
                trimmed
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .ok_or_else(|| "Enter a number".to_string())?
            };
            let as_f64 = number.as_f64().unwrap_or_default();
            if let Some(min) = minimum.filter(|min| as_f64 < *min) {
                return Err(format!("At least {min}"));
            }
            if let Some(max) = maximum.filter(|max| as_f64 > *max) {
                return Err(format!("At most {max}"));
            }
            Value::Number(number)
        }
        FieldKind::Boolean => match trimmed {
            "true" => Value::Bool(true),
            "false" | "" => Value::Bool(false),
            _ => return Err("Choose true or false".into()),
        },
        FieldKind::Choice(options) => {
            let value = serde_json::from_str::<Value>(trimmed)
                .unwrap_or_else(|_| Value::String(trimmed.to_string()));
            if !options.contains(&value) {
                return Err("Choose one of the listed values".into());
            }
            value
        }
        FieldKind::List(item) => {
            let mut items = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match parse(item, line) {
                    Ok(Some(value)) => items.push(value),
                    Ok(None) => {}
                    Err(e) => return Err(format!("Line {}: {e}", n + 1)),
                }
            }
            Value::Array(items)
        }
        FieldKind::Object(_) => return Err("An object has no text of its own".into()),
        FieldKind::Json(_) => {
            serde_json::from_str(trimmed).map_err(|e| format!("Not valid JSON: {e}"))?
        }
    };
    Ok(Some(value))
}

/// The parameters the form's text makes, or every field's error. An empty optional field
/// is left out (the deployment's value or the flow's default applies); an empty required
/// field that allows null is sent as null.
pub fn build(fields: &[Field], values: &FormValues) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let parameters = build_object(fields, values, &mut errors);
    if errors.is_empty() {
        Ok(parameters)
    } else {
        Err(errors)
    }
}

fn build_object(
    fields: &[Field],
    values: &FormValues,
    errors: &mut Vec<FieldError>,
) -> Map<String, Value> {
    let mut object = Map::new();
    for field in fields {
        let value = match &field.kind {
            FieldKind::Object(children) => {
                let inner = build_object(children, values, errors);
                (!inner.is_empty() || field.required).then_some(Value::Object(inner))
            }
            kind => {
                let text = values.get(&field.path).map(String::as_str).unwrap_or("");
                match parse(kind, text) {
                    Ok(Some(value)) => Some(value),
                    Ok(None) if field.required && field.nullable => Some(Value::Null),
                    Ok(None) if field.required => {
                        errors.push(FieldError::new(&field.path, "Required"));
                        None
                    }
                    Ok(None) => None,
                    Err(message) => {
                        errors.push(FieldError::new(&field.path, message));
                        None
                    }
                }
            }
        };
        if let Some(value) = value {
            object.insert(field.name.clone(), value);
        }
    }
    object
}

/// The messages that belong to the field at `path`: its own, and its items' for a list or
/// a JSON field ("item 2: ...").
pub fn messages_for(errors: &[FieldError], path: &str) -> Vec<String> {
    errors
        .iter()
        .filter_map(|e| {
            if e.path == path {
                Some(e.message.clone())
            } else {
                let rest = e.path.strip_prefix(path)?.strip_prefix('.')?;
                Some(match rest.parse::<usize>() {
                    Ok(index) => format!("Item {}: {}", index + 1, e.message),
                    Err(_) => format!("{rest}: {}", e.message),
                })
            }
        })
        .collect()
}

/// The errors of `POST /ui/schemas/validate`'s answer (`{"valid": false, "errors": [...]}`,
/// each a message or `{"property"|"index": ..., "errors": [...]}`), with dotted paths.
pub fn validation_errors(answer: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(errors) = answer.get("errors").and_then(Value::as_array) {
        collect_validation(errors, "", &mut out);
    }
    out
}

fn collect_validation(errors: &[Value], path: &str, out: &mut Vec<FieldError>) {
    for error in errors {
        match error {
            Value::String(message) => out.push(FieldError::new(path, message.clone())),
            Value::Object(object) => {
                let key = match (object.get("property"), object.get("index")) {
                    (Some(Value::String(p)), _) => p.clone(),
                    (_, Some(Value::Number(i))) => i.to_string(),
                    _ => String::new(),
                };
                let nested = if key.is_empty() {
                    path.to_string()
                } else if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                let inner = object.get("errors").and_then(Value::as_array);
                collect_validation(inner.map(Vec::as_slice).unwrap_or_default(), &nested, out);
            }
            _ => {}
        }
    }
}

/// The fields a 422's detail names (`body.parameters.x: msg; body.name: msg`, as
/// [`crate::api::error::prefect_detail`] joins FastAPI's list): parameter paths without
/// their `body.parameters.` prefix, the run's own fields as `run.<name>`.
pub fn unprocessable_fields(detail: &str) -> Vec<FieldError> {
    detail
        .split("; ")
        .filter_map(|part| {
            let (location, message) = part.split_once(": ")?;
            let location = location.strip_prefix("body.")?;
            let path = match location.strip_prefix("parameters.") {
                Some(parameter) => parameter.to_string(),
                None if location.starts_with("state") => "run.start".to_string(),
                None => format!("run.{location}"),
            };
            Some(FieldError::new(&path, message))
        })
        .collect()
}

/// The run's own options beside its parameters, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Empty: the server names it.
    pub name: String,
    /// Comma-separated.
    pub tags: String,
    /// Empty: now; else RFC 3339.
    pub start: String,
    /// Empty or a JSON object overriding the deployment's job variables.
    pub job_variables: String,
}

/// The body of `POST /deployments/{id}/create_flow_run` for `parameters` and `options`, or
/// the options' errors (paths `run.name`, `run.start`, `run.job_variables`).
pub fn run_body(
    parameters: Map<String, Value>,
    options: &RunOptions,
) -> Result<DeploymentFlowRunCreate, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = options.name.trim();
    let tags: Vec<String> = options
        .tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let start = options.start.trim();
    let state = if start.is_empty() {
        None
    } else {
        match chrono::DateTime::parse_from_rfc3339(start) {
            Ok(at) => Some(serde_json::json!({
                "type": "SCHEDULED",
                "state_details": {"scheduled_time": at.to_utc().to_rfc3339()},
            })),
            Err(_) => {
                errors.push(FieldError::new(
                    "run.start",
                    "Enter a date and time with its offset, like 2026-12-02T09:30:00Z",
                ));
                None
            }
        }
    };
    let job_variables = match options.job_variables.trim() {
        "" => None,
        text => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Some(map),
            Ok(_) => {
                errors.push(FieldError::new("run.job_variables", "Enter a JSON object"));
                None
            }
            Err(e) => {
                errors.push(FieldError::new(
                    "run.job_variables",
                    format!("Not valid JSON: {e}"),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DeploymentFlowRunCreate {
        name: (!name.is_empty()).then(|| name.to_string()),
        parameters,
        tags,
        state,
        work_queue_name: None,
        job_variables,
    })
}

/// The whole custom-run request from what the form holds (`raw`: the JSON editor's text
/// when it is open), or every field's error at once.
pub fn custom_run_request(
    fields: &[Field],
    values: &FormValues,
    raw: Option<&str>,
    options: &RunOptions,
) -> Result<DeploymentFlowRunCreate, Vec<FieldError>> {
    let parameters = match raw {
        Some(text) => parse_raw(text),
        None => build(fields, values),
    };
    let body = run_body(parameters.clone().unwrap_or_default(), options);
    match (parameters, body) {
        (Ok(_), Ok(body)) => Ok(body),
        (parameters, body) => {
            let mut errors = parameters.err().unwrap_or_default();
            errors.extend(body.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// Parameters typed as one JSON object (the raw editor).
pub fn parse_raw(text: &str) -> Result<Map<String, Value>, Vec<FieldError>> {
    match serde_json::from_str::<Value>(text.trim()) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(vec![FieldError::new(
            "",
            "Enter a JSON object of parameters",
        )]),
        Err(e) => Err(vec![FieldError::new("", format!("Not valid JSON: {e}"))]),
    }
}

#[cfg(test)]
#[path = "parameter_form_tests.rs"]
mod tests;
