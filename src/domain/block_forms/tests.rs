use super::*;
use crate::domain::forms::values;
use crate::domain::parameter_form::TextFormat;
use serde_json::json;

/// The schema Prefect 3.8 registers for a block with a nested block (required and
/// optional) and a secret, in its own shape (`definitions`, `block_type_slug`).
fn outer_schema() -> JsonObject {
    serde_json::from_value(json!({
        "block_type_slug": "outer", "title": "Outer", "type": "object",
        "properties": {
            "bucket": {"title": "Bucket", "type": "string", "position": 0},
            "inner": {"$ref": "#/definitions/Inner", "position": 1},
            "maybe": {"anyOf": [{"$ref": "#/definitions/Inner"}, {"type": "null"}],
                      "default": null, "position": 2},
            "url": {"format": "password", "title": "Webhook URL", "type": "string",
                    "writeOnly": true, "position": 3},
            "retries": {"type": "integer", "default": 2, "position": 4}
        },
        "required": ["bucket", "inner", "url"],
        "secret_fields": ["url"],
        "definitions": {"Inner": {"block_type_slug": "inner", "type": "object",
            "properties": {"token": {"type": "string"}}, "required": ["token"]}}
    }))
    .expect("schema")
}

fn block_type() -> BlockType {
    serde_json::from_value(json!({"id": Uuid::from_u128(3), "name": "Outer", "slug": "outer"}))
        .expect("type")
}

fn schema() -> BlockSchema {
    serde_json::from_value(json!({"id": Uuid::from_u128(2), "checksum": "x",
        "fields": outer_schema(), "capabilities": []}))
    .expect("schema")
}

fn stored(inner: Uuid) -> BlockDocument {
    serde_json::from_value(json!({
        "id": Uuid::from_u128(1), "name": "prod",
        "block_schema_id": Uuid::from_u128(2), "block_type_id": Uuid::from_u128(3),
        "block_schema": schema(),
        "data": {"bucket": "b", "inner": {"token": "t"}, "url": "********", "retries": 5},
        "block_document_references": {"inner": {"block_document": {"id": inner, "name": "i"}}}
    }))
    .expect("document")
}

#[test]
fn nested_blocks_are_choices_and_secrets_password_inputs() {
    let fields = form_fields(&outer_schema(), false).expect("fields");
    let kind = |path: &str| {
        fields
            .iter()
            .find(|f| f.path == path)
            .map(|f| (f.kind.clone(), f.required, f.nullable))
    };
    assert_eq!(
        kind("data.inner"),
        Some((FieldKind::Block("inner".into()), true, false))
    );
    assert_eq!(
        kind("data.maybe"),
        Some((FieldKind::Block("inner".into()), false, true))
    );
    assert!(matches!(
        kind("data.url"),
        Some((
            FieldKind::Text {
                format: TextFormat::Password,
                ..
            },
            true,
            _
        ))
    ));
    assert_eq!(referenced_types(&fields), ["inner"]);
    // The custom run's walk keeps a nested block a set of fields.
    let plain = crate::domain::parameter_form::fields(&outer_schema()).expect("fields");
    assert!(plain
        .iter()
        .any(|f| f.name == "inner" && matches!(f.kind, FieldKind::Object(_))));
}

#[test]
fn a_secret_block_value_of_any_type_is_a_password() {
    let schema: JsonObject = serde_json::from_value(json!({
        "block_type_slug": "secret", "type": "object",
        "properties": {"value": {"anyOf": [
            {"format": "password", "type": "string", "writeOnly": true},
            {"type": "string"}, {"$ref": "#/definitions/JsonValue"}],
            "format": "password", "writeOnly": true, "title": "Value"}},
        "required": ["value"], "secret_fields": ["value", "value"],
        "definitions": {"JsonValue": {}}
    }))
    .expect("schema");
    let fields = form_fields(&schema, false).expect("fields");
    assert!(matches!(
        fields[0].kind,
        FieldKind::Text {
            format: TextFormat::Password,
            ..
        }
    ));
}

#[test]
fn a_new_block_refers_by_id_and_says_what_it_sets() {
    let fields = form_fields(&outer_schema(), false).expect("fields");
    let inner = Uuid::from_u128(9);
    let choices = Choices::from([("inner".to_string(), vec![(inner, "creds".to_string())])]);
    let mut typed = new_values(&fields);
    assert_eq!(typed.get("data.retries").map(String::as_str), Some("2"));
    typed.extend(values(&[
        ("name", "prod"),
        ("data.bucket", "b"),
        ("data.inner", &inner.to_string()),
        ("data.url", " https://hooks.example/x "),
    ]));
    let (body, lines) =
        block_create(&block_type(), &schema(), &fields, &typed, &choices).expect("valid");
    assert_eq!(body.name, "prod");
    assert_eq!(body.block_schema_id, Uuid::from_u128(2));
    assert_eq!(
        Value::Object(body.data),
        json!({"bucket": "b", "inner": {"$ref": {"block_document_id": inner}},
               "url": " https://hooks.example/x ", "retries": 2})
    );
    assert_eq!(
        lines,
        [
            "Create the Outer block prod",
            "Set bucket and retries",
            "inner refers to the block creds",
            "Store the secret url (write-only: never shown again)",
        ]
    );
}

#[test]
fn a_new_block_is_refused_without_a_name_its_rules_or_its_required_fields() {
    let fields = form_fields(&outer_schema(), false).expect("fields");
    let choices = Choices::new();
    let errors = |pairs: &[(&str, &str)]| {
        let mut typed = new_values(&fields);
        typed.extend(values(pairs));
        block_create(&block_type(), &schema(), &fields, &typed, &choices)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.path)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors(&[]),
        ["name", "data.bucket", "data.inner", "data.url"]
    );
    assert_eq!(
        errors(&[
            ("name", "Prod"),
            ("data.bucket", "b"),
            ("data.inner", "not-an-id"),
            ("data.url", "u")
        ]),
        ["name", "data.inner"]
    );
}

#[test]
fn an_edit_never_holds_a_secret_and_keeps_it_when_left_empty() {
    let inner = Uuid::from_u128(9);
    let doc = stored(inner);
    let fields = form_fields(&outer_schema(), true).expect("fields");
    let url = fields.iter().find(|f| f.path == "data.url").expect("url");
    assert!(!url.required, "empty keeps the stored secret");
    let start = edit_values(&fields, &doc);
    assert_eq!(start.get("data.url").map(String::as_str), Some(""));
    assert_eq!(start.get("data.inner"), Some(&inner.to_string()));
    assert_eq!(start.get("data.retries").map(String::as_str), Some("5"));
    let choices = Choices::new();
    // Untouched: nothing changes, and the mask goes back for the server to swap.
    let (body, lines) = block_update(&doc, &fields, &start, &choices).expect("valid");
    assert!(lines.is_empty(), "{lines:?}");
    assert!(!body.merge_existing_data);
    assert_eq!(body.data.get("url"), Some(&json!("********")));
    assert_eq!(
        body.data.get("inner"),
        Some(&json!({"$ref": {"block_document_id": inner}}))
    );
    // A new secret, a cleared field and a changed one, said.
    let mut typed = start.clone();
    typed.extend(values(&[
        ("data.url", "https://new"),
        ("data.retries", ""),
        ("data.bucket", "c"),
    ]));
    let (body, lines) = block_update(&doc, &fields, &typed, &choices).expect("valid");
    assert_eq!(body.data.get("url"), Some(&json!("https://new")));
    assert!(!body.data.contains_key("retries"));
    assert_eq!(
        lines,
        ["Change bucket", "Replace the secret url", "Clear retries"]
    );
}

#[test]
fn nested_secrets_left_in_place_go_back_as_they_came() {
    let mut data = Map::new();
    set_at(&mut data, "credentials.token", json!("****"));
    set_at(&mut data, "credentials.user", json!("etl"));
    assert_eq!(
        Value::Object(data.clone()),
        json!({"credentials": {"token": "****", "user": "etl"}})
    );
    assert_eq!(value_at(&data, "credentials.user"), Some(&json!("etl")));
    assert_eq!(value_at(&data, "credentials.none"), None);
}

#[test]
fn a_delete_names_the_blocks_that_refer_to_it() {
    let inner = Uuid::from_u128(9);
    let parent = stored(inner);
    let found = referrers(&[parent.clone(), stored(Uuid::from_u128(10))], &[inner]);
    assert_eq!(found, [("prod".to_string(), "inner".to_string())]);
    assert!(
        referrers(&[parent], &[Uuid::from_u128(1), inner]).is_empty(),
        "a block deleted with it is not a referrer"
    );
    let with = Referrers {
        blocks: found,
        automations: vec!["page-me".into()],
        more_blocks: false,
    };
    assert_eq!(
        delete_words(&["i".into()], Some(Ok(&with))),
        "Delete i. This cannot be undone. The block prod refers to it in inner, and loses \
         that reference. The automation(s) page-me notify through it, and will fail to send."
    );
    let none = Referrers {
        more_blocks: true,
        ..Referrers::default()
    };
    assert_eq!(
        delete_words(&["i".into(), "j".into()], Some(Ok(&none))),
        "Delete i and j. This cannot be undone. No block among the first 200 and no \
         automation refers to it."
    );
    assert!(delete_words(&["i".into()], None).ends_with("Checking what refers to it…"));
    assert!(delete_words(&["i".into()], Some(Err("HTTP 500".into()))).ends_with("HTTP 500"));
}

#[test]
fn choices_group_saved_blocks_by_type_and_name() {
    let doc = |n: u128, name: &str, slug: &str| -> BlockDocument {
        serde_json::from_value(json!({"id": Uuid::from_u128(n), "name": name,
            "block_schema_id": Uuid::from_u128(2), "block_type_id": Uuid::from_u128(3),
            "block_type": {"name": slug, "slug": slug}}))
        .expect("doc")
    };
    let got = choices(&[doc(1, "b", "inner"), doc(2, "a", "inner"), doc(3, "c", "x")]);
    assert_eq!(
        got.get("inner").cloned().unwrap_or_default(),
        [
            (Uuid::from_u128(2), "a".to_string()),
            (Uuid::from_u128(1), "b".to_string())
        ]
    );
}
