use super::*;

fn with(pairs: &[(&str, &str)]) -> FormValues {
    let mut values = new_values();
    values.extend(crate::domain::forms::values(pairs));
    values
}

fn choices() -> Choices {
    Choices {
        deployments: vec![(Uuid::from_u128(7), "etl/nightly".into())],
        ..Choices::default()
    }
}

const BLOCK_ID: &str = "00000000-0000-0000-0000-000000000009";
const FLOW_ID: &str = "00000000-0000-0000-0000-000000000001";
const DEPLOYMENT_ID: &str = "00000000-0000-0000-0000-000000000007";

fn built(values: &FormValues) -> (AutomationCreate, Vec<String>) {
    automation_body(values, &choices(), (Vec::new(), Vec::new())).expect("valid")
}

#[test]
fn a_flow_run_state_trigger_is_prefects_own_shape() {
    let values = with(&[
        ("name", "page on failure"),
        ("flows", FLOW_ID),
        ("tags", "prod, etl"),
        ("block", BLOCK_ID),
    ]);
    let (body, lines) = built(&values);
    assert_eq!(
        body.trigger,
        json!({
            "type": "event", "posture": "Reactive",
            "match": {"prefect.resource.id": "prefect.flow-run.*"},
            "match_related": [
                {"prefect.resource.role": "flow",
                 "prefect.resource.id": [format!("prefect.flow.{FLOW_ID}")]},
                {"prefect.resource.role": "tag",
                 "prefect.resource.id": ["prefect.tag.prod", "prefect.tag.etl"]}
            ],
            "after": [], "expect": ["prefect.flow-run.Failed", "prefect.flow-run.Crashed"],
            "for_each": ["prefect.resource.id"], "threshold": 1, "within": 0
        })
    );
    assert_eq!(body.actions[0]["type"], json!("send-notification"));
    assert_eq!(body.actions[0]["block_document_id"], json!(BLOCK_ID));
    assert!(lines[0].starts_with("When: "), "{lines:?}");
    assert!(lines[1].starts_with("Then: "), "{lines:?}");
    assert_eq!(lines[2], "Enabled: it acts on matching events at once");
}

#[test]
fn a_stuck_run_waits_for_any_change_within_the_time() {
    let values = with(&[
        ("name", "stuck"),
        ("when", "flow-run-stuck"),
        ("states", "Running"),
        ("seconds", "900"),
        ("then", "change-flow-run-state"),
        ("state", "FAILED"),
        ("message", "Stuck for 15 minutes"),
    ]);
    let (body, _) = built(&values);
    assert_eq!(body.trigger["posture"], json!("Proactive"));
    assert_eq!(body.trigger["after"], json!(["prefect.flow-run.Running"]));
    assert_eq!(body.trigger["expect"], json!(["prefect.flow-run.*"]));
    assert_eq!(body.trigger["within"], json!(900));
    assert_eq!(
        body.actions,
        [json!({"type": "change-flow-run-state", "state": "FAILED",
                "message": "Stuck for 15 minutes"})]
    );
    let refused = |pairs: &[(&str, &str)]| {
        let mut values = values.clone();
        values.extend(crate::domain::forms::values(pairs));
        automation_body(&values, &choices(), (Vec::new(), Vec::new()))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.path)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        refused(&[("states", ""), ("seconds", "5")]),
        ["states", "seconds"]
    );
    assert_eq!(refused(&[("seconds", "99999999999999999999")]), ["seconds"]);
    assert_eq!(
        refused(&[("name", " "), ("state", "NOPE")]),
        ["name", "state"]
    );
}

#[test]
fn not_ready_triggers_name_their_resources_or_every_one() {
    let values = with(&[
        ("name", "pools"),
        ("when", "work-pool-not-ready"),
        ("then", "pause-deployment"),
        ("deployment", DEPLOYMENT_ID),
    ]);
    let (body, lines) = built(&values);
    assert_eq!(
        body.trigger["match"],
        json!({"prefect.resource.id": "prefect.work-pool.*"})
    );
    assert_eq!(
        body.trigger["expect"],
        json!(["prefect.work-pool.not-ready"])
    );
    assert_eq!(
        body.actions,
        [json!({"type": "pause-deployment", "source": "selected", "deployment_id": DEPLOYMENT_ID})]
    );
    assert!(lines[1].contains("etl/nightly"), "{lines:?}");
    let mut chosen = values.clone();
    chosen.insert("pools".into(), format!("{FLOW_ID}\nnot-an-id"));
    let errors = automation_body(&chosen, &choices(), (Vec::new(), Vec::new())).err();
    assert_eq!(errors.map(|e| e[0].path.clone()), Some("pools".to_string()));
}

#[test]
fn json_is_read_and_refused_in_place() {
    let values = with(&[
        ("name", "custom"),
        ("when", "json"),
        (
            "trigger",
            r#"{"type": "compound", "require": "all", "triggers": []}"#,
        ),
        ("then", "json"),
        ("actions", r#"[{"type": "do-nothing"}]"#),
    ]);
    let (body, _) = built(&values);
    assert_eq!(body.trigger["type"], json!("compound"));
    let mut bad = values.clone();
    bad.insert("trigger".into(), "[1]".into());
    bad.insert("actions".into(), "[]".into());
    let errors = automation_body(&bad, &choices(), (Vec::new(), Vec::new()))
        .err()
        .unwrap_or_default();
    assert_eq!(
        errors.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        ["trigger", "actions"]
    );
}

#[test]
fn an_edit_reads_back_what_the_form_makes() {
    for pairs in [
        vec![
            ("flows", FLOW_ID),
            ("deployments", DEPLOYMENT_ID),
            ("tags", "a"),
        ],
        vec![
            ("when", "flow-run-stuck"),
            ("states", "Pending"),
            ("seconds", "60"),
        ],
        vec![
            ("when", "deployment-not-ready"),
            ("deployments", DEPLOYMENT_ID),
        ],
        vec![
            ("when", "work-queue-not-ready"),
            ("then", "cancel-flow-run"),
        ],
        vec![
            ("then", "run-deployment"),
            ("deployment", INFERRED),
            ("parameters", r#"{"x": 1}"#),
        ],
        vec![
            ("then", "pause-automation"),
            ("automation", FLOW_ID),
            ("enabled", "false"),
        ],
    ] {
        let mut values = with(&[("name", "n"), ("block", BLOCK_ID)]);
        values.extend(crate::domain::forms::values(&pairs));
        let (body, _) = built(&values);
        let stored = serde_json::to_value(&body).expect("json");
        let again = edit_values(&stored);
        assert_ne!(when(&again), "json", "{pairs:?}: {stored}");
        assert_ne!(then(&again), "json", "{pairs:?}: {stored}");
        let (rebuilt, _) = built(&again);
        assert_eq!(rebuilt, body, "{pairs:?}");
    }
}

#[test]
fn what_the_form_cannot_show_is_edited_as_json() {
    let automation = json!({
        "name": "two actions", "enabled": true,
        "trigger": {"type": "event", "match": {"prefect.resource.id": "prefect.flow-run.*"},
                    "expect": ["prefect.flow-run.Failed"], "posture": "Reactive",
                    "threshold": 3, "within": 60, "for_each": ["prefect.resource.id"]},
        "actions": [{"type": "cancel-flow-run"}, {"type": "cancel-flow-run"}],
        "actions_on_resolve": [{"type": "do-nothing"}]
    });
    let values = edit_values(&automation);
    assert_eq!(when(&values), "json");
    assert_eq!(then(&values), "json");
    let (body, _) = automation_body(&values, &choices(), kept_actions(&automation)).expect("valid");
    assert_eq!(body.trigger, automation["trigger"]);
    assert_eq!(body.actions.len(), 2);
    assert_eq!(body.actions_on_resolve, [json!({"type": "do-nothing"})]);
}

#[test]
fn notification_templates_are_checked_only_when_sent() {
    let values = with(&[("subject", ""), ("body", "{{ flow_run.name }}")]);
    assert_eq!(
        templates(&values),
        [(BODY, "{{ flow_run.name }}".to_string())]
    );
    assert!(templates(&with(&[("then", "cancel-flow-run")])).is_empty());
}
