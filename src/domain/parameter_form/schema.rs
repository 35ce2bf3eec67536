//! Schema to fields: `$ref`, `allOf` and nullable wrappers taken off, each property's kind.

use super::*;
use crate::domain::parameters::ordered_properties;

/// Nesting deeper than this (or a definition that refers to itself) is edited as JSON.
const MAX_DEPTH: usize = 6;

/// The most fields one form builds; past it, nested objects are edited as JSON. A schema
/// any flow can register (ten properties of ten nested models, six deep) would otherwise be
/// a million fields.
pub const MAX_FIELDS: usize = 300;

/// What one walk over a schema shares: the root (for `$ref`) and the fields it may still
/// build.
struct Walk<'a> {
    root: &'a Value,
    fields_left: std::cell::Cell<usize>,
    /// A nested model that is a block (`block_type_slug`) is a choice of saved blocks.
    blocks: bool,
}

/// The fields of a parameters schema, in the flow signature's order; `Err` says why the
/// whole schema needs the JSON editor instead.
pub fn fields(schema: &Map<String, Value>) -> Result<Vec<Field>, &'static str> {
    walk_fields(schema, false)
}

/// The fields of a block type's schema: as `fields`, with each nested block a
/// [`FieldKind::Block`].
pub fn block_fields(schema: &Map<String, Value>) -> Result<Vec<Field>, &'static str> {
    walk_fields(schema, true)
}

fn walk_fields(schema: &Map<String, Value>, blocks: bool) -> Result<Vec<Field>, &'static str> {
    let root = Value::Object(schema.clone());
    if schema.is_empty() {
        return Ok(Vec::new());
    }
    let walk = Walk {
        root: &root,
        fields_left: std::cell::Cell::new(MAX_FIELDS),
        blocks,
    };
    let resolved = resolve(&root, &walk, 0, &[]).ok_or("its schema cannot be read")?;
    if let Some(why) = resolved.unsupported {
        return Err(why);
    }
    match resolved.node.get("type").and_then(Value::as_str) {
        Some("object") | None => Ok(object_fields(&resolved.node, &walk, "", 0, &resolved.refs)),
        _ => Err("its parameters are not a set of named fields"),
    }
}

/// A schema node with its `$ref` / `allOf` / `anyOf [X, null]` wrappers taken off.
struct Resolved {
    node: Value,
    nullable: bool,
    /// Why it cannot be a form field, when it cannot.
    unsupported: Option<&'static str>,
    /// The definitions followed from the field down to here, outermost first (a nested
    /// field that refers to one of them again is a cycle: a recursive model).
    refs: Vec<String>,
}

impl Resolved {
    fn unsupported(node: &Value, nullable: bool, why: &'static str, refs: &[String]) -> Self {
        Resolved {
            node: node.clone(),
            nullable,
            unsupported: Some(why),
            refs: refs.to_vec(),
        }
    }
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

/// `node` with its wrappers taken off; `refs` are the definitions the fields above it
/// followed (one of them again is a cycle, edited as JSON).
fn resolve(node: &Value, walk: &Walk, depth: usize, refs: &[String]) -> Option<Resolved> {
    if depth > MAX_DEPTH {
        return Some(Resolved::unsupported(
            node,
            false,
            "it nests too deeply for the form",
            refs,
        ));
    }
    let object = node.as_object()?;
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        if refs.iter().any(|r| r == reference) {
            return Some(Resolved::unsupported(
                node,
                false,
                "it refers to itself (a recursive model)",
                refs,
            ));
        }
        let Some(target) = definition(walk.root, reference) else {
            return Some(Resolved::unsupported(
                node,
                false,
                "it refers to a definition the schema lacks",
                refs,
            ));
        };
        let mut followed = refs.to_vec();
        followed.push(reference.to_string());
        return resolve(&merged(node, target), walk, depth + 1, &followed);
    }
    if let Some(all) = object.get("allOf").and_then(Value::as_array) {
        return match all.as_slice() {
            [only] => resolve(&merged(node, only), walk, depth + 1, refs),
            _ => Some(Resolved::unsupported(
                node,
                false,
                "it combines several schemas",
                refs,
            )),
        };
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = object.get(key).and_then(Value::as_array) {
            let is_null = |o: &&Value| o.get("type").and_then(Value::as_str) == Some("null");
            let nullable = options.iter().any(|o| is_null(&o));
            let rest: Vec<&Value> = options.iter().filter(|o| !is_null(o)).collect();
            return match rest.as_slice() {
                [only] => resolve(&merged(node, only), walk, depth + 1, refs).map(|mut r| {
                    r.nullable |= nullable;
                    r
                }),
                _ => Some(Resolved::unsupported(
                    node,
                    nullable,
                    "it accepts one of several types",
                    refs,
                )),
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
                    refs: refs.to_vec(),
                })
            }
            _ => Some(Resolved::unsupported(
                &Value::Object(node),
                nullable,
                "it accepts one of several types",
                refs,
            )),
        };
    }
    Some(Resolved {
        node: node.clone(),
        nullable: false,
        unsupported: None,
        refs: refs.to_vec(),
    })
}

fn object_fields(
    node: &Value,
    walk: &Walk,
    prefix: &str,
    depth: usize,
    refs: &[String],
) -> Vec<Field> {
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
            field(name, &path, spec, walk, depth, required, refs)
        })
        .collect()
}

fn field(
    name: &str,
    path: &str,
    spec: &Value,
    walk: &Walk,
    depth: usize,
    required: bool,
    refs: &[String],
) -> Field {
    walk.fields_left
        .set(walk.fields_left.get().saturating_sub(1));
    let resolved = resolve(spec, walk, depth, refs).unwrap_or_else(|| {
        Resolved::unsupported(&Value::Null, false, "its schema cannot be read", refs)
    });
    let node = &resolved.node;
    let text = |key: &str| node.get(key).and_then(Value::as_str).map(str::to_string);
    let title = text("title").unwrap_or_else(|| name.to_string());
    let description = text("description").filter(|d| !d.trim().is_empty());
    // A secret (pydantic's SecretStr, or a Secret block's value of any type) is typed in
    // a password input whatever else its schema allows.
    let password = spec.get("format").and_then(Value::as_str) == Some("password");
    let kind = match resolved.unsupported {
        _ if password => FieldKind::Text {
            format: TextFormat::Password,
            min_length: None,
            max_length: None,
        },
        Some(why) => FieldKind::Json(why),
        None => kind(node, walk, path, depth, &resolved.refs),
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

fn kind(node: &Value, walk: &Walk, path: &str, depth: usize, refs: &[String]) -> FieldKind {
    if let Some(options) = node.get("enum").and_then(Value::as_array) {
        return FieldKind::Choice(options.clone());
    }
    if let Some(only) = node.get("const") {
        return FieldKind::Choice(vec![only.clone()]);
    }
    if let Some(slug) = node
        .get("block_type_slug")
        .and_then(Value::as_str)
        .filter(|_| walk.blocks)
    {
        return FieldKind::Block(slug.to_string());
    }
    let number = |key: &str| node.get(key).and_then(Value::as_f64);
    let count = |key: &str| node.get(key).and_then(Value::as_u64);
    match node.get("type").and_then(Value::as_str) {
        Some("string") => FieldKind::Text {
            format: match node.get("format").and_then(Value::as_str) {
                Some("date-time") => TextFormat::DateTime,
                Some("date") => TextFormat::Date,
                Some("password") => TextFormat::Password,
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
            let item = field("item", path, items, walk, depth + 1, true, refs);
            match item.kind {
                simple @ (FieldKind::Text { .. }
                | FieldKind::Number { .. }
                | FieldKind::Choice(_)
                | FieldKind::Boolean) => FieldKind::List(Box::new(simple)),
                _ => FieldKind::Json("its items are not simple values"),
            }
        }
        Some("object") if node.get("properties").is_some() => {
            if walk.fields_left.get() == 0 {
                return FieldKind::Json("the form has too many fields to show");
            }
            FieldKind::Object(object_fields(node, walk, path, depth + 1, refs))
        }
        Some("object") => FieldKind::Json("it is a mapping of any keys"),
        Some("null") => FieldKind::Json("it only accepts null"),
        _ => FieldKind::Json("it accepts any value"),
    }
}
