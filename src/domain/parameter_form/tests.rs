use super::*;
use serde_json::json;

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The schema Prefect 3.8 builds for
/// `configurable(name: str, count: int = 3, ratio: float = 0.5, dry_run: bool = False,
///  mode: Mode = Mode.fast, window: Window = Window(days=7), labels: list[str] = [],
///  since: datetime | None = None, extra: dict = {})`.
fn schema() -> Map<String, Value> {
    object(json!({
        "title": "Parameters", "type": "object",
        "properties": {
            "name": {"position": 0, "title": "name", "type": "string", "description": "Who it is for"},
            "count": {"default": 3, "position": 1, "title": "count", "type": "integer", "minimum": 1},
            "ratio": {"default": 0.5, "position": 2, "title": "ratio", "type": "number"},
            "dry_run": {"default": false, "position": 3, "title": "dry_run", "type": "boolean"},
            "mode": {"$ref": "#/definitions/Mode", "default": "fast", "position": 4},
            "window": {"allOf": [{"$ref": "#/definitions/Window"}], "default": {"days": 7, "label": "weekly"}, "position": 5},
            "labels": {"default": [], "items": {"type": "string"}, "position": 6, "title": "labels", "type": "array"},
            "since": {"anyOf": [{"format": "date-time", "type": "string"}, {"type": "null"}], "default": null, "position": 7, "title": "since"},
            "extra": {"default": {}, "position": 8, "title": "extra", "type": "object"},
        },
        "required": ["name"],
        "definitions": {
            "Mode": {"enum": ["fast", "thorough"], "title": "Mode", "type": "string"},
            "Window": {"title": "Window", "type": "object", "properties": {
                "days": {"default": 1, "title": "Days", "type": "integer"},
                "label": {"default": "daily", "title": "Label", "type": "string", "maxLength": 20},
            }},
        },
    }))
}

fn values(pairs: &[(&str, &str)]) -> FormValues {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn every_construct_becomes_its_field_in_signature_order() {
    let fields = fields(&schema()).expect("a form");
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["name", "count", "ratio", "dry_run", "mode", "window", "labels", "since", "extra"]
    );
    let name = &fields[0];
    assert!(name.required && !name.nullable);
    assert_eq!(name.description.as_deref(), Some("Who it is for"));
    assert!(matches!(
        name.kind,
        FieldKind::Text {
            format: TextFormat::Plain,
            ..
        }
    ));
    assert_eq!(
        fields[1].kind,
        FieldKind::Number {
            integer: true,
            minimum: Some(1.0),
            maximum: None
        }
    );
    assert!(matches!(
        fields[2].kind,
        FieldKind::Number { integer: false, .. }
    ));
    assert_eq!(fields[3].kind, FieldKind::Boolean);
    // An enum through a $ref keeps the outer default and takes the definition's title.
    assert_eq!(
        fields[4].kind,
        FieldKind::Choice(vec![json!("fast"), json!("thorough")])
    );
    assert_eq!(fields[4].title, "Mode");
    assert_eq!(fields[4].default, Some(json!("fast")));
    // A nested model through allOf [$ref]: its own fields, with dotted paths.
    let FieldKind::Object(window) = &fields[5].kind else {
        panic!("window is an object: {:?}", fields[5].kind)
    };
    let paths: Vec<&str> = window.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["window.days", "window.label"]);
    assert_eq!(
        fields[6].kind,
        FieldKind::List(Box::new(FieldKind::Text {
            format: TextFormat::Plain,
            min_length: None,
            max_length: None
        }))
    );
    // Optional[datetime]: a nullable date-time.
    assert!(fields[7].nullable);
    assert!(matches!(
        fields[7].kind,
        FieldKind::Text {
            format: TextFormat::DateTime,
            ..
        }
    ));
    // A dict of anything: JSON.
    assert!(matches!(fields[8].kind, FieldKind::Json(_)));
}

#[test]
fn what_the_form_cannot_express_falls_back_to_json() {
    let fallback = |spec: Value| {
        let schema = object(json!({"type": "object", "properties": {"p": spec},
            "definitions": {"Node": {"type": "object", "properties": {"child": {"$ref": "#/definitions/Node"}}}}}));
        fields(&schema).expect("a form")[0].kind.clone()
    };
    assert!(matches!(
        fallback(json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})),
        FieldKind::Json("it accepts one of several types")
    ));
    assert!(matches!(
        fallback(json!({"type": ["integer", "string"]})),
        FieldKind::Json(_)
    ));
    assert!(matches!(fallback(json!({})), FieldKind::Json(_)));
    assert!(matches!(
        fallback(
            json!({"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}})
        ),
        FieldKind::Json("its items are not simple values")
    ));
    assert!(matches!(
        fallback(json!({"type": "array", "prefixItems": [{"type": "string"}]})),
        FieldKind::Json("it is a tuple")
    ));
    assert!(matches!(
        fallback(json!({"$ref": "#/definitions/Missing"})),
        FieldKind::Json(_)
    ));
    assert!(matches!(
        fallback(json!({"allOf": [{"type": "string"}, {"minLength": 2}]})),
        FieldKind::Json("it combines several schemas")
    ));
    // A definition that refers to itself ends in JSON at the depth limit, not in a loop.
    let mut kind = fallback(json!({"$ref": "#/definitions/Node"}));
    let mut depth = 0;
    while let FieldKind::Object(children) = kind {
        kind = children[0].kind.clone();
        depth += 1;
        assert!(depth < 20, "the recursion stops");
    }
    assert!(matches!(kind, FieldKind::Json(_)));
    // Optional by type list, and an enum that allows null.
    let schema = object(json!({"type": "object", "properties": {
        "a": {"type": ["string", "null"]},
        "b": {"enum": ["x", null]},
    }}));
    let form = fields(&schema).expect("a form");
    assert!(form[0].nullable && matches!(form[0].kind, FieldKind::Text { .. }));
    assert!(form[1].nullable);
    assert_eq!(form[1].kind, FieldKind::Choice(vec![json!("x")]));
    // A whole schema that is not an object of fields: the raw editor.
    assert!(fields(&object(json!({"type": "array"}))).is_err());
    assert_eq!(fields(&Map::new()), Ok(Vec::new()));
    assert_eq!(
        fields(&object(
            json!({"title": "Parameters", "type": "object", "properties": {}})
        )),
        Ok(Vec::new())
    );
}

#[test]
fn the_form_starts_from_the_deployments_values_then_the_defaults() {
    let fields = fields(&schema()).expect("a form");
    let start = initial_values(
        &fields,
        &object(json!({"count": 10, "labels": ["a", "b"], "window": {"label": "monthly"}})),
    );
    assert_eq!(start["name"], "");
    assert_eq!(start["count"], "10");
    assert_eq!(start["ratio"], "0.5");
    assert_eq!(start["dry_run"], "false");
    assert_eq!(start["mode"], "\"fast\"");
    // The enclosing default (days=7) beats the model's own (1); the deployment's value wins.
    assert_eq!(start["window.days"], "7");
    assert_eq!(start["window.label"], "monthly");
    assert_eq!(start["labels"], "a\nb");
    assert_eq!(start["since"], "");
    assert_eq!(start["extra"], "{}");
}

#[test]
fn typed_text_becomes_parameters_of_the_right_types() {
    let fields = fields(&schema()).expect("a form");
    let mut form = initial_values(&fields, &Map::new());
    form.extend(values(&[
        ("name", "nightly"),
        ("count", "4"),
        ("ratio", "0.25"),
        ("dry_run", "true"),
        ("mode", "\"thorough\""),
        ("window.days", "3"),
        ("labels", "red\n\n green \n"),
        ("since", "2026-12-01T08:00:00+01:00"),
        ("extra", r#"{"k": [1, 2]}"#),
    ]));
    let parameters = build(&fields, &form).expect("valid");
    assert_eq!(
        Value::Object(parameters),
        json!({
            "name": "nightly", "count": 4, "ratio": 0.25, "dry_run": true, "mode": "thorough",
            "window": {"days": 3, "label": "weekly"}, "labels": ["red", " green "],
            "since": "2026-12-01T08:00:00+01:00", "extra": {"k": [1, 2]},
        })
    );
    // Left empty, an optional field is not sent at all.
    let mut sparse = values(&[("name", "x")]);
    sparse.insert("dry_run".into(), String::new());
    let parameters = build(&fields, &sparse).expect("valid");
    assert_eq!(
        Value::Object(parameters),
        json!({"name": "x", "dry_run": false})
    );
}

#[test]
fn invalid_input_is_caught_before_sending_next_to_its_field() {
    let fields = fields(&schema()).expect("a form");
    let form = values(&[
        ("count", "0"),
        ("ratio", "half"),
        ("mode", "\"slow\""),
        ("window.days", "2.5"),
        ("window.label", &"x".repeat(21)),
        ("since", "yesterday"),
        ("extra", "{nope"),
    ]);
    let errors = build(&fields, &form).expect_err("invalid");
    let by_path: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(by_path[0], ("name", "Required"));
    assert_eq!(by_path[1], ("count", "At least 1"));
    assert_eq!(by_path[2], ("ratio", "Enter a number"));
    assert_eq!(by_path[3], ("mode", "Choose one of the listed values"));
    assert_eq!(by_path[4], ("window.days", "Enter a whole number"));
    assert_eq!(by_path[5], ("window.label", "At most 20 characters"));
    assert!(by_path[6].0 == "since" && by_path[6].1.contains("2026-12-02T09:30:00Z"));
    assert!(by_path[7].0 == "extra" && by_path[7].1.starts_with("Not valid JSON"));
    assert_eq!(errors.len(), 8);
    // A list names the line that is wrong.
    let numbers = object(json!({"type": "object", "properties": {
        "ids": {"type": "array", "items": {"type": "integer"}},
        "when": {"type": "string", "format": "date"},
    }, "required": ["ids"]}));
    let form_fields = super::fields(&numbers).expect("a form");
    let errors = build(
        &form_fields,
        &values(&[("ids", "1\nx"), ("when", "12/02/2026")]),
    )
    .expect_err("invalid");
    assert_eq!(
        errors[0],
        FieldError::new("ids", "Line 2: Enter a whole number")
    );
    assert_eq!(
        errors[1],
        FieldError::new("when", "Enter a date like 2026-12-02")
    );
    // Required but nullable: empty is sent as null.
    let nullable = object(json!({"type": "object", "properties": {
        "at": {"anyOf": [{"type": "string"}, {"type": "null"}]}}, "required": ["at"]}));
    let form_fields = super::fields(&nullable).expect("a form");
    assert_eq!(
        build(&form_fields, &FormValues::new()).map(Value::Object),
        Ok(json!({"at": null}))
    );
}

#[test]
fn the_servers_validation_errors_find_their_fields() {
    let answer = json!({"valid": false, "errors": [
        {"property": "count", "errors": ["'x' is not of type 'integer'"]},
        {"property": "window", "errors": [{"property": "days", "errors": ["-1 is less than the minimum of 0"]}]},
        {"property": "labels", "errors": [{"index": 1, "errors": ["3 is not of type 'string'"]}]},
        "'name' is a required property",
    ]});
    let errors = validation_errors(&answer);
    assert_eq!(
        errors,
        [
            FieldError::new("count", "'x' is not of type 'integer'"),
            FieldError::new("window.days", "-1 is less than the minimum of 0"),
            FieldError::new("labels.1", "3 is not of type 'string'"),
            FieldError::new("", "'name' is a required property"),
        ]
    );
    assert_eq!(
        messages_for(&errors, "labels"),
        ["Item 2: 3 is not of type 'string'"]
    );
    assert_eq!(messages_for(&errors, "window.days").len(), 1);
    assert!(messages_for(&errors, "window").len() == 1);
    assert!(messages_for(&errors, "count_other").is_empty());
    assert!(validation_errors(&json!({"valid": true, "errors": []})).is_empty());
    assert!(validation_errors(&json!("garbage")).is_empty());

    let detail = "body.name: Input should be a valid string; body.state.state_details.scheduled_time: Input should be a valid datetime; body.parameters.count: bad; query.x: ignored";
    assert_eq!(
        unprocessable_fields(detail),
        [
            FieldError::new("run.name", "Input should be a valid string"),
            FieldError::new("run.start", "Input should be a valid datetime"),
            FieldError::new("count", "bad"),
        ]
    );
}

#[test]
fn the_runs_own_options_make_its_body() {
    let options = RunOptions {
        name: "  by-hand ".into(),
        tags: "a, b,,".into(),
        start: "2026-12-03T10:00:00+02:00".into(),
        job_variables: r#"{"env": {"X": "1"}}"#.into(),
    };
    let body = run_body(object(json!({"count": 2})), &options).expect("valid");
    assert_eq!(
        serde_json::to_value(&body).expect("json"),
        json!({
            "name": "by-hand", "parameters": {"count": 2}, "tags": ["a", "b"],
            "state": {"type": "SCHEDULED", "state_details": {"scheduled_time": "2026-12-03T08:00:00+00:00"}},
            "job_variables": {"env": {"X": "1"}},
        })
    );
    let now = run_body(Map::new(), &RunOptions::default()).expect("valid");
    assert_eq!(serde_json::to_value(&now).expect("json"), json!({}));
    let bad = RunOptions {
        start: "soon".into(),
        job_variables: "[1]".into(),
        ..RunOptions::default()
    };
    let errors = run_body(Map::new(), &bad).expect_err("invalid");
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["run.start", "run.job_variables"]);
    assert_eq!(
        parse_raw(r#"{"a": 1}"#).map(Value::Object),
        Ok(json!({"a": 1}))
    );
    assert!(parse_raw("[1]").is_err() && parse_raw("{").is_err());
}

#[test]
fn a_custom_run_request_gathers_every_error_or_makes_the_body() {
    let fields = fields(&schema()).expect("a form");
    let bad = RunOptions {
        start: "soon".into(),
        ..RunOptions::default()
    };
    let errors = custom_run_request(&fields, &FormValues::new(), None, &bad).expect_err("invalid");
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["name", "run.start"]);
    let body = custom_run_request(
        &fields,
        &FormValues::new(),
        Some(r#"{"x": 1}"#),
        &RunOptions::default(),
    )
    .expect("valid");
    assert_eq!(Value::Object(body.parameters), json!({"x": 1}));
    assert!(custom_run_request(
        &fields,
        &FormValues::new(),
        Some("[]"),
        &RunOptions::default()
    )
    .is_err());
}

/// Every field of `fields`, nested ones included.
fn count_fields(fields: &[Field]) -> usize {
    fields
        .iter()
        .map(|f| {
            1 + match &f.kind {
                FieldKind::Object(children) => count_fields(children),
                _ => 0,
            }
        })
        .sum()
}

#[test]
fn a_recursive_or_vast_schema_costs_a_bounded_form() {
    // A recursive pydantic model with eight self-references: eight to the sixth power
    // (262,144) fields if expanded to the depth cap; the cycle is seen at the first level.
    let props: Map<String, Value> = (0..8)
        .map(|i| (format!("child{i}"), json!({"$ref": "#/$defs/Node"})))
        .collect();
    let schema = object(json!({
        "type": "object",
        "properties": {"root": {"$ref": "#/$defs/Node"}},
        "$defs": {"Node": {"type": "object", "properties": props}},
    }));
    let form = fields(&schema).expect("a form");
    assert_eq!(count_fields(&form), 9, "root and its eight children");
    let FieldKind::Object(children) = &form[0].kind else {
        panic!("root is an object")
    };
    assert!(children
        .iter()
        .all(|c| c.kind == FieldKind::Json("it refers to itself (a recursive model)")));
    // Ten levels of distinct models, ten properties each (no cycle): the form stops at its
    // field budget and edits the rest as JSON.
    let mut defs = Map::new();
    for level in 0..10 {
        let next = if level == 9 {
            json!({"type": "string"})
        } else {
            json!({"$ref": format!("#/$defs/L{}", level + 1)})
        };
        let props: Map<String, Value> = (0..10).map(|i| (format!("p{i}"), next.clone())).collect();
        defs.insert(
            format!("L{level}"),
            json!({"type": "object", "properties": props}),
        );
    }
    let schema = object(json!({
        "type": "object",
        "properties": {"top": {"$ref": "#/$defs/L0"}},
        "$defs": defs,
    }));
    let form = fields(&schema).expect("a form");
    let built = count_fields(&form);
    assert!(built <= MAX_FIELDS + 10 * 8, "{built} fields");
}
