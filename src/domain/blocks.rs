//! A block document's fields as its page shows them: secret fields masked by the schema's
//! `secret_fields` (dotted paths, `*` for any key) whatever the server sent, nested
//! secrets masked inside their objects, references to other blocks as links. Pure.

use crate::schemas::wire::JsonObject;
use crate::schemas::{BlockDocument, BlockType};
use serde_json::Value;
use uuid::Uuid;

/// What a masked value shows.
pub const MASK: &str = "••••••••";

/// One top-level field's value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldValue {
    /// A secret: never shown (the dashboard never asks for secrets in clear).
    Secret,
    Text(String),
    /// Anything but a string, as pretty JSON with nested secrets masked.
    Json(String),
    /// Another block document, by id and name.
    Reference(Uuid, String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub value: FieldValue,
}

/// The schema's `secret_fields`, each once.
pub fn secret_paths(schema_fields: &JsonObject) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for path in schema_fields
        .get("secret_fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !paths.iter().any(|p| p == path) {
            paths.push(path.to_string());
        }
    }
    paths
}

/// Whether `path` (dotted) is a secret: named by a secret path, where `*` stands for any
/// one key and a path ending in `.*` covers everything below it.
pub fn is_secret(path: &str, secrets: &[String]) -> bool {
    let parts: Vec<&str> = path.split('.').collect();
    secrets.iter().any(|secret| {
        let pattern: Vec<&str> = secret.split('.').collect();
        let covers_below = pattern.last() == Some(&"*");
        if pattern.len() > parts.len() {
            return false;
        }
        if pattern.len() < parts.len() && !covers_below {
            return false;
        }
        pattern
            .iter()
            .zip(parts.iter())
            .all(|(p, part)| *p == "*" || p == part)
    })
}

fn masked(path: &str, value: &Value, secrets: &[String]) -> Value {
    if is_secret(path, secrets) {
        return Value::String(MASK.into());
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), masked(&format!("{path}.{k}"), v, secrets)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The document's fields, by name; its references to other blocks last, by field name.
pub fn fields(doc: &BlockDocument) -> Vec<Field> {
    let secrets = doc
        .block_schema
        .as_ref()
        .map(|s| secret_paths(&s.fields))
        .unwrap_or_default();
    let mut out: Vec<Field> = doc
        .data
        .iter()
        .map(|(name, value)| {
            let value = if is_secret(name, &secrets) {
                FieldValue::Secret
            } else {
                match masked(name, value, &secrets) {
                    Value::String(s) => FieldValue::Text(s),
                    other => FieldValue::Json(super::format::pretty_json(&other)),
                }
            };
            Field {
                name: name.clone(),
                value,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    for (name, reference) in &doc.block_document_references {
        let Some(block) = reference.get("block_document") else {
            continue;
        };
        let Some(id) = block
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| Uuid::parse_str(id).ok())
        else {
            continue;
        };
        let label = block
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| id.to_string(), str::to_string);
        out.retain(|f| &f.name != name);
        out.push(Field {
            name: name.clone(),
            value: FieldValue::Reference(id, label),
        });
    }
    out
}

/// The block types whose name or slug holds `search` (any case), in the catalog's order.
pub fn catalog_matches<'a>(types: &'a [BlockType], search: &str) -> Vec<&'a BlockType> {
    let search = search.trim().to_lowercase();
    types
        .iter()
        .filter(|t| {
            search.is_empty() || t.name.to_lowercase().contains(&search) || t.slug.contains(&search)
        })
        .collect()
}

/// A block type's logo as text: the first letters of its name's first two words ("Slack
/// Webhook" is "SW"); the server's logo URL points at another origin and is never loaded.
pub fn monogram(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A block type's code example (Markdown, a fenced block with HTML entities, as Prefect
/// writes it) as the code alone, for a `<pre>`: the fences dropped, `&lt;` and the like
/// read back. At most 4,000 characters.
pub fn example_code(example: &str) -> String {
    let lines: Vec<&str> = example
        .trim()
        .lines()
        .filter(|line| !line.trim_start().starts_with("```"))
        .collect();
    let code = lines
        .join("\n")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    code.trim().chars().take(4000).collect()
}

/// A description's first paragraph, at most 300 characters (the catalog's cards).
pub fn summary(description: &str) -> String {
    let first = description
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim();
    if first.chars().count() > 300 {
        let cut: String = first.chars().take(299).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(data: Value, secret_fields: Value, references: Value) -> BlockDocument {
        serde_json::from_value(json!({
            "id": Uuid::from_u128(1), "name": "b", "data": data,
            "block_schema_id": Uuid::from_u128(2), "block_type_id": Uuid::from_u128(3),
            "block_schema": {"id": Uuid::from_u128(2), "checksum": "x",
                "fields": {"secret_fields": secret_fields}, "capabilities": []},
            "block_document_references": references,
        }))
        .expect("block document")
    }

    #[test]
    fn secret_paths_match_dotted_and_wildcards() {
        let secrets = vec![
            "password".to_string(),
            "credentials.*".into(),
            "a.*.token".into(),
        ];
        assert!(is_secret("password", &secrets));
        assert!(is_secret("credentials.key", &secrets));
        assert!(is_secret("credentials.key.deep", &secrets));
        assert!(is_secret("a.x.token", &secrets));
        assert!(!is_secret("a.x.other", &secrets));
        assert!(!is_secret("username", &secrets));
        assert!(
            !is_secret("credentials", &secrets),
            "the object itself is not the secret"
        );
    }

    #[test]
    fn fields_mask_secrets_whatever_the_server_sent() {
        let d = doc(
            json!({"username": "me", "password": "hunter2", "port": 5432,
                   "credentials": {"key": "k", "region": "eu"}, "blank": ""}),
            json!(["password", "credentials.key", "password"]),
            json!({}),
        );
        let got = fields(&d);
        let by = |name: &str| got.iter().find(|f| f.name == name).map(|f| f.value.clone());
        assert_eq!(
            by("password"),
            Some(FieldValue::Secret),
            "masked even when sent in clear"
        );
        assert_eq!(by("username"), Some(FieldValue::Text("me".into())));
        assert_eq!(by("port"), Some(FieldValue::Json("5432".into())));
        let Some(FieldValue::Json(nested)) = by("credentials") else {
            panic!("credentials: {got:?}")
        };
        assert!(
            nested.contains(MASK) && nested.contains("eu") && !nested.contains("\"k\""),
            "{nested}"
        );
        assert_eq!(
            got.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["blank", "credentials", "password", "port", "username"]
        );
    }

    #[test]
    fn the_catalog_is_searched_and_shown_as_text() {
        let kind = |name: &str, slug: &str| -> BlockType {
            serde_json::from_value(json!({"name": name, "slug": slug})).expect("type")
        };
        let types = [
            kind("Slack Webhook", "slack-webhook"),
            kind("Secret", "secret"),
        ];
        let names = |search: &str| {
            catalog_matches(&types, search)
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(" SLACK "), ["Slack Webhook"]);
        assert_eq!(names("secret"), ["Secret"]);
        assert_eq!(names("").len(), 2);
        assert_eq!(monogram("Slack Webhook"), "SW");
        assert_eq!(monogram("secret"), "S");
        assert_eq!(monogram(""), "");
        assert_eq!(summary("First line.\n\nSecond."), "First line.");
        assert_eq!(
            example_code("```python\nfrom x.&lt;locals&gt; import A\n\nA.load(&quot;b&quot;)\n```"),
            "from x.<locals> import A\n\nA.load(\"b\")"
        );
        let long = "x".repeat(1000);
        assert_eq!(summary(&long).chars().count(), 300);
    }

    #[test]
    fn references_are_links() {
        let other = Uuid::from_u128(9);
        let d = doc(
            json!({"store": {"$ref": {"block_document_id": other}}, "x": 1}),
            json!([]),
            json!({"store": {"block_document": {"id": other, "name": "bucket"}},
                   "broken": {"block_document": {"id": "not-a-uuid"}}}),
        );
        let got = fields(&d);
        assert_eq!(
            got.last().map(|f| f.value.clone()),
            Some(FieldValue::Reference(other, "bucket".into()))
        );
        assert_eq!(
            got.len(),
            2,
            "the reference replaces its raw field; a broken one is skipped"
        );
    }
}
