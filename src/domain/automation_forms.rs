//! The automation form's rules: what users set up most as fields (a flow run entering
//! states, or staying in one too long; a deployment, work pool or work queue becoming not
//! ready; then one action), built into the trigger and actions Prefect's server takes, and
//! back from an automation of that shape for its edit. Anything else (compound and sequence
//! triggers, custom events, several actions) is written as JSON, which the server checks.
//! Pure.

use super::automations::{action_words, trigger_words, Names};
use super::forms::{many_list, names_words, FieldError, FormValues};
use crate::schemas::automations::{AutomationAction, AutomationCreate, Trigger};
use serde_json::{json, Map, Value};
use uuid::Uuid;

pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const ENABLED: &str = "enabled";
/// What it waits for (one of [`WHENS`]).
pub const WHEN: &str = "when";
pub const FLOWS: &str = "flows";
pub const DEPLOYMENTS: &str = "deployments";
pub const TAGS: &str = "tags";
pub const STATES: &str = "states";
/// How long a run stays in its state before the trigger fires (proactive), in seconds.
pub const SECONDS: &str = "seconds";
pub const POOLS: &str = "pools";
pub const QUEUES: &str = "queues";
/// The trigger as JSON (when it is not one of the forms).
pub const TRIGGER: &str = "trigger";
/// What it does (one of [`THENS`]).
pub const THEN: &str = "then";
/// The deployment, pool, queue or automation an action acts on ("inferred": the one the
/// triggering event is about).
pub const DEPLOYMENT: &str = "deployment";
pub const POOL: &str = "pool";
pub const QUEUE: &str = "queue";
pub const AUTOMATION: &str = "automation";
pub const PARAMETERS: &str = "parameters";
/// The state a run is put in (change-flow-run-state).
pub const STATE: &str = "state";
pub const MESSAGE: &str = "message";
/// The notification block (send-notification).
pub const BLOCK: &str = "block";
pub const SUBJECT: &str = "subject";
pub const BODY: &str = "body";
/// The actions as JSON (when they are not one of the forms).
pub const ACTIONS: &str = "actions";

/// The fields the server's refusals can name.
pub const AUTOMATION_FIELDS: [&str; 5] = [NAME, DESCRIPTION, TRIGGER, ACTIONS, ENABLED];

/// The source a target choice of "the one that triggered it" stands for.
pub const INFERRED: &str = "inferred";

/// The triggers the form builds, with their words.
pub const WHENS: [(&str, &str); 6] = [
    ("flow-run-state", "A flow run enters a state"),
    ("flow-run-stuck", "A flow run stays in a state too long"),
    ("deployment-not-ready", "A deployment is not ready"),
    ("work-pool-not-ready", "A work pool is not ready"),
    ("work-queue-not-ready", "A work queue is not ready"),
    ("json", "Something else (the trigger as JSON)"),
];

/// The actions the form builds, with their words.
pub const THENS: [(&str, &str); 14] = [
    ("send-notification", "Send a notification"),
    ("run-deployment", "Run a deployment"),
    ("pause-deployment", "Pause a deployment"),
    ("resume-deployment", "Resume a deployment"),
    ("pause-work-pool", "Pause a work pool"),
    ("resume-work-pool", "Resume a work pool"),
    ("pause-work-queue", "Pause a work queue"),
    ("resume-work-queue", "Resume a work queue"),
    ("pause-automation", "Pause an automation"),
    ("resume-automation", "Resume an automation"),
    ("cancel-flow-run", "Cancel the flow run"),
    ("change-flow-run-state", "Change the flow run's state"),
    ("suspend-flow-run", "Suspend the flow run"),
    ("json", "Something else (the actions as JSON)"),
];

/// The flow run states a trigger can name, as Prefect names them in events.
pub const STATE_NAMES: [&str; 13] = [
    "Scheduled",
    "Late",
    "Pending",
    "Running",
    "Retrying",
    "Paused",
    "Completed",
    "Cached",
    "Failed",
    "Crashed",
    "TimedOut",
    "Cancelling",
    "Cancelled",
];

/// The state types change-flow-run-state can set.
pub const STATE_TYPES: [&str; 5] = ["COMPLETED", "FAILED", "CANCELLED", "CRASHED", "SCHEDULED"];

/// What the form offers to choose from: (id, name) each, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub flows: Vec<(Uuid, String)>,
    pub deployments: Vec<(Uuid, String)>,
    pub pools: Vec<(Uuid, String)>,
    pub queues: Vec<(Uuid, String)>,
    pub automations: Vec<(Uuid, String)>,
    /// Blocks that can notify.
    pub notifiers: Vec<(Uuid, String)>,
}

impl Choices {
    /// The names the words of a trigger and its actions use.
    pub fn names(&self) -> Names {
        Names {
            deployments: self.deployments.iter().cloned().collect(),
            automations: self.automations.iter().cloned().collect(),
        }
    }
}

fn text<'a>(values: &'a FormValues, path: &str) -> &'a str {
    values.get(path).map(|v| v.trim()).unwrap_or_default()
}

/// A new automation's starting values: a notification when a flow run fails.
pub fn new_values() -> FormValues {
    [
        (NAME, ""),
        (DESCRIPTION, ""),
        (ENABLED, "true"),
        (WHEN, "flow-run-state"),
        (STATES, "Failed\nCrashed"),
        (SECONDS, "600"),
        (THEN, "send-notification"),
        (
            SUBJECT,
            "Prefect flow run {{ flow_run.name }} is {{ flow_run.state.name }}",
        ),
        (
            BODY,
            "Flow run {{ flow.name }}/{{ flow_run.name }} entered {{ flow_run.state.name }}.",
        ),
        (STATE, "FAILED"),
        (PARAMETERS, "{}"),
        (TRIGGER, ""),
        (ACTIONS, ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Which kind of trigger the form holds.
pub fn when(values: &FormValues) -> &str {
    text(values, WHEN)
}

/// Which action the form holds.
pub fn then(values: &FormValues) -> &str {
    text(values, THEN)
}

fn ids(values: &FormValues, path: &str, errors: &mut Vec<FieldError>) -> Vec<Uuid> {
    many_list(values.get(path).map(String::as_str).unwrap_or_default())
        .iter()
        .filter_map(|id| match Uuid::parse_str(id) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError::new(path, format!("{id} is not an id")));
                None
            }
        })
        .collect()
}

fn resource_ids(kind: &str, ids: &[Uuid]) -> Value {
    if ids.is_empty() {
        json!(format!("prefect.{kind}.*"))
    } else {
        json!(ids
            .iter()
            .map(|id| format!("prefect.{kind}.{id}"))
            .collect::<Vec<_>>())
    }
}

fn related(role: &str, ids: Vec<String>) -> Value {
    json!({"prefect.resource.role": role, "prefect.resource.id": ids})
}

/// The trigger the fields make.
fn trigger(values: &FormValues, errors: &mut Vec<FieldError>) -> Option<Value> {
    let kind = when(values);
    match kind {
        "flow-run-state" | "flow-run-stuck" => {
            let mut match_related = Vec::new();
            let flows = ids(values, FLOWS, errors);
            if !flows.is_empty() {
                let ids = flows
                    .iter()
                    .map(|id| format!("prefect.flow.{id}"))
                    .collect();
                match_related.push(related("flow", ids));
            }
            let deployments = ids(values, DEPLOYMENTS, errors);
            if !deployments.is_empty() {
                let ids = deployments
                    .iter()
                    .map(|id| format!("prefect.deployment.{id}"))
                    .collect();
                match_related.push(related("deployment", ids));
            }
            let tags = super::forms::tag_list(values, TAGS);
            if !tags.is_empty() {
                let ids = tags.iter().map(|t| format!("prefect.tag.{t}")).collect();
                match_related.push(related("tag", ids));
            }
            let states = many_list(values.get(STATES).map(String::as_str).unwrap_or_default());
            let events: Vec<String> = states
                .iter()
                .map(|s| format!("prefect.flow-run.{s}"))
                .collect();
            let match_related = match match_related.len() {
                0 => json!({}),
                1 => match_related.remove(0),
                _ => Value::Array(match_related),
            };
            let base = json!({
                "type": "event",
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "match_related": match_related,
                "for_each": ["prefect.resource.id"],
                "threshold": 1,
            });
            let mut trigger = base.as_object().cloned().unwrap_or_default();
            if kind == "flow-run-state" {
                trigger.insert("posture".into(), json!("Reactive"));
                trigger.insert("after".into(), json!([]));
                let expect = if events.is_empty() {
                    json!(["prefect.flow-run.*"])
                } else {
                    json!(events)
                };
                trigger.insert("expect".into(), expect);
                trigger.insert("within".into(), json!(0));
            } else {
                if events.is_empty() {
                    errors.push(FieldError::new(STATES, "Choose the state it stays in"));
                }
                let seconds = match super::forms::whole_number(values, SECONDS, 10) {
                    Ok(Some(n)) if n > 30 * 86_400 => {
                        errors.push(FieldError::new(SECONDS, "At most 30 days (2592000)"));
                        n
                    }
                    Ok(Some(n)) => n,
                    Ok(None) => {
                        errors.push(FieldError::new(SECONDS, "Say how long, in seconds"));
                        0
                    }
                    Err(e) => {
                        errors.push(e);
                        0
                    }
                };
                trigger.insert("posture".into(), json!("Proactive"));
                trigger.insert("after".into(), json!(events));
                trigger.insert("expect".into(), json!(["prefect.flow-run.*"]));
                trigger.insert("within".into(), json!(seconds));
            }
            Some(Value::Object(trigger))
        }
        "deployment-not-ready" | "work-pool-not-ready" | "work-queue-not-ready" => {
            let (resource, path) = match kind {
                "deployment-not-ready" => ("deployment", DEPLOYMENTS),
                "work-pool-not-ready" => ("work-pool", POOLS),
                _ => ("work-queue", QUEUES),
            };
            let chosen = ids(values, path, errors);
            Some(json!({
                "type": "event",
                "match": {"prefect.resource.id": resource_ids(resource, &chosen)},
                "match_related": {},
                "after": [],
                "expect": [format!("prefect.{resource}.not-ready")],
                "for_each": ["prefect.resource.id"],
                "posture": "Reactive",
                "threshold": 1,
                "within": 0,
            }))
        }
        "json" => match serde_json::from_str::<Value>(text(values, TRIGGER)) {
            Ok(value @ Value::Object(_)) => Some(value),
            Ok(_) => {
                errors.push(FieldError::new(
                    TRIGGER,
                    "Enter the trigger as a JSON object",
                ));
                None
            }
            Err(e) => {
                errors.push(FieldError::new(TRIGGER, format!("Not valid JSON: {e}")));
                None
            }
        },
        _ => {
            errors.push(FieldError::new(WHEN, "Choose what it waits for"));
            None
        }
    }
}

/// A target field's action part: `source` with the chosen id, or inferred.
fn target(
    values: &FormValues,
    path: &str,
    key: &str,
    errors: &mut Vec<FieldError>,
) -> Map<String, Value> {
    let chosen = text(values, path);
    let mut action = Map::new();
    if chosen == INFERRED {
        action.insert("source".into(), json!("inferred"));
        return action;
    }
    match Uuid::parse_str(chosen) {
        Ok(id) => {
            action.insert("source".into(), json!("selected"));
            action.insert(key.into(), json!(id));
        }
        Err(_) => errors.push(FieldError::new(path, "Choose one")),
    }
    action
}

/// The actions the fields make.
fn actions(values: &FormValues, errors: &mut Vec<FieldError>) -> Vec<Value> {
    let kind = then(values);
    let mut action = match kind {
        "run-deployment" | "pause-deployment" | "resume-deployment" => {
            target(values, DEPLOYMENT, "deployment_id", errors)
        }
        "pause-work-pool" | "resume-work-pool" => target(values, POOL, "work_pool_id", errors),
        "pause-work-queue" | "resume-work-queue" => target(values, QUEUE, "work_queue_id", errors),
        "pause-automation" | "resume-automation" => {
            target(values, AUTOMATION, "automation_id", errors)
        }
        "cancel-flow-run" | "suspend-flow-run" | "change-flow-run-state" | "send-notification" => {
            Map::new()
        }
        "json" => {
            return match serde_json::from_str::<Value>(text(values, ACTIONS)) {
                Ok(Value::Array(list)) if !list.is_empty() => list,
                Ok(_) => {
                    errors.push(FieldError::new(
                        ACTIONS,
                        "Enter the actions as a JSON list of at least one",
                    ));
                    Vec::new()
                }
                Err(e) => {
                    errors.push(FieldError::new(ACTIONS, format!("Not valid JSON: {e}")));
                    Vec::new()
                }
            };
        }
        _ => {
            errors.push(FieldError::new(THEN, "Choose what it does"));
            return Vec::new();
        }
    };
    action.insert("type".into(), json!(kind));
    match kind {
        "run-deployment" => {
            let parameters = text(values, PARAMETERS);
            let parameters = if parameters.is_empty() {
                "{}"
            } else {
                parameters
            };
            match serde_json::from_str::<Value>(parameters) {
                Ok(value @ Value::Object(_)) => {
                    action.insert("parameters".into(), value);
                }
                _ => errors.push(FieldError::new(
                    PARAMETERS,
                    "Enter the parameters as a JSON object",
                )),
            }
        }
        "change-flow-run-state" => {
            let state = text(values, STATE);
            if !STATE_TYPES.contains(&state) {
                errors.push(FieldError::new(STATE, "Choose a state"));
            }
            action.insert("state".into(), json!(state));
            let message = text(values, MESSAGE);
            if !message.is_empty() {
                action.insert("message".into(), json!(message));
            }
        }
        "send-notification" => {
            match Uuid::parse_str(text(values, BLOCK)) {
                Ok(id) => {
                    action.insert("block_document_id".into(), json!(id));
                }
                Err(_) => errors.push(FieldError::new(BLOCK, "Choose the block that sends it")),
            }
            let body = text(values, BODY);
            if body.is_empty() {
                errors.push(FieldError::new(BODY, "Say what the notification says"));
            }
            action.insert("subject".into(), json!(text(values, SUBJECT)));
            action.insert("body".into(), json!(body));
        }
        _ => {}
    }
    vec![Value::Object(action)]
}

/// The automation the form makes, and what it is in words: its name and state, what it
/// waits for and what it does (as the list says them). `kept` are the actions on trigger
/// and on resolve of the automation edited (the form does not change them).
pub fn automation_body(
    values: &FormValues,
    choices: &Choices,
    kept: (Vec<Value>, Vec<Value>),
) -> Result<(AutomationCreate, Vec<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = text(values, NAME).to_string();
    if name.is_empty() {
        errors.push(FieldError::new(NAME, "An automation needs a name"));
    }
    let trigger = trigger(values, &mut errors);
    let actions = actions(values, &mut errors);
    let (Some(trigger), true) = (trigger, errors.is_empty()) else {
        return Err(errors);
    };
    // The words come from the same reading the list uses: what is said is what is sent.
    let parsed: Result<Trigger, _> = serde_json::from_value(trigger.clone());
    let mut lines = vec![match parsed {
        Ok(parsed) => format!("When: {}", trigger_words(&parsed)),
        Err(e) => {
            return Err(vec![FieldError::new(
                TRIGGER,
                format!("Not a trigger: {e}"),
            )])
        }
    }];
    let names = choices.names();
    let said: Vec<String> = actions
        .iter()
        .map(|a| {
            serde_json::from_value::<AutomationAction>(a.clone())
                .map(|a| action_words(&a, &names))
                .unwrap_or_else(|_| "an action this dashboard cannot read".into())
        })
        .collect();
    lines.push(format!("Then: {}", names_words(&said)));
    let enabled = text(values, ENABLED) != "false";
    lines.push(if enabled {
        "Enabled: it acts on matching events at once".into()
    } else {
        "Disabled: it acts on nothing until enabled".into()
    });
    Ok((
        AutomationCreate {
            name,
            description: values.get(DESCRIPTION).cloned().unwrap_or_default(),
            enabled,
            trigger,
            actions,
            actions_on_trigger: kept.0,
            actions_on_resolve: kept.1,
        },
        lines,
    ))
}

/// The Jinja templates the form's notification holds (path, template), to check with the
/// server before saving.
pub fn templates(values: &FormValues) -> Vec<(&'static str, String)> {
    if then(values) != "send-notification" {
        return Vec::new();
    }
    [SUBJECT, BODY]
        .into_iter()
        .map(|path| (path, text(values, path).to_string()))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn strs(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The ids in resource ids of `kind` (`prefect.flow.<id>`); `None` when one is not.
fn ids_of(kind: &str, resources: &[String]) -> Option<Vec<String>> {
    resources
        .iter()
        .map(|r| {
            let id = r.strip_prefix(&format!("prefect.{kind}."))?;
            Uuid::parse_str(id).ok().map(|id| id.to_string())
        })
        .collect()
}

/// The trigger's fields, where the form can show it.
fn trigger_values(trigger: &Value, out: &mut FormValues) -> Option<()> {
    let object = trigger.as_object()?;
    if object.get("type")?.as_str()? != "event" || object.get("threshold")?.as_i64()? != 1 {
        return None;
    }
    let matched = strs(object.get("match")?.get("prefect.resource.id")?);
    if object.get("match")?.as_object()?.len() != 1 {
        return None;
    }
    let expect = strs(object.get("expect")?);
    let after = strs(object.get("after").unwrap_or(&Value::Null));
    let posture = object.get("posture")?.as_str()?;
    let within = object.get("within").and_then(Value::as_f64).unwrap_or(0.0);
    let for_each = strs(object.get("for_each").unwrap_or(&Value::Null));
    if for_each != ["prefect.resource.id"] {
        return None;
    }
    for (kind, resource, path) in [
        ("deployment-not-ready", "deployment", DEPLOYMENTS),
        ("work-pool-not-ready", "work-pool", POOLS),
        ("work-queue-not-ready", "work-queue", QUEUES),
    ] {
        if expect == [format!("prefect.{resource}.not-ready")] && posture == "Reactive" {
            let related_empty = object
                .get("match_related")
                .is_none_or(|r| r.as_object().is_some_and(Map::is_empty));
            if !after.is_empty() || !related_empty {
                return None;
            }
            let chosen = if matched == [format!("prefect.{resource}.*")] {
                Vec::new()
            } else {
                ids_of(resource, &matched)?
            };
            out.insert(WHEN.into(), kind.into());
            out.insert(path.into(), chosen.join("\n"));
            return Some(());
        }
    }
    if matched != ["prefect.flow-run.*"] {
        return None;
    }
    let states = |events: &[String]| -> Option<Vec<String>> {
        events
            .iter()
            .map(|e| e.strip_prefix("prefect.flow-run.").map(str::to_string))
            .collect()
    };
    let chosen = match posture {
        "Reactive" if after.is_empty() && within == 0.0 => {
            out.insert(WHEN.into(), "flow-run-state".into());
            if expect == ["prefect.flow-run.*"] {
                Vec::new()
            } else {
                states(&expect)?
            }
        }
        "Proactive" if expect == ["prefect.flow-run.*"] && !after.is_empty() => {
            out.insert(WHEN.into(), "flow-run-stuck".into());
            out.insert(SECONDS.into(), format!("{}", within.round() as i64));
            states(&after)?
        }
        _ => return None,
    };
    if chosen.iter().any(|s| !STATE_NAMES.contains(&s.as_str())) {
        return None;
    }
    out.insert(STATES.into(), chosen.join("\n"));
    let related: Vec<Value> = match object.get("match_related") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(Value::Object(map)) if map.is_empty() => Vec::new(),
        Some(other) => vec![other.clone()],
    };
    for spec in related {
        let spec = spec.as_object()?;
        if spec.len() != 2 {
            return None;
        }
        let role = spec.get("prefect.resource.role")?.as_str()?;
        let resources = strs(spec.get("prefect.resource.id")?);
        let (path, text) = match role {
            "flow" => (FLOWS, ids_of("flow", &resources)?.join("\n")),
            "deployment" => (DEPLOYMENTS, ids_of("deployment", &resources)?.join("\n")),
            "tag" => (
                TAGS,
                resources
                    .iter()
                    .map(|r| r.strip_prefix("prefect.tag.").map(str::to_string))
                    .collect::<Option<Vec<_>>>()?
                    .join(", "),
            ),
            _ => return None,
        };
        if out.get(path).is_some_and(|t| !t.is_empty()) {
            return None;
        }
        out.insert(path.into(), text);
    }
    Some(())
}

/// The action's fields, where the form can show it.
fn action_values(action: &Value, out: &mut FormValues) -> Option<()> {
    let object = action.as_object()?;
    let kind = object.get("type")?.as_str()?;
    let (known, _) = THENS.iter().find(|(k, _)| *k == kind && *k != "json")?;
    let allowed: &[&str] = match *known {
        "run-deployment" => &[
            "type",
            "source",
            "deployment_id",
            "parameters",
            "job_variables",
        ],
        "pause-deployment" | "resume-deployment" => &["type", "source", "deployment_id"],
        "pause-work-pool" | "resume-work-pool" => &["type", "source", "work_pool_id"],
        "pause-work-queue" | "resume-work-queue" => &["type", "source", "work_queue_id"],
        "pause-automation" | "resume-automation" => &["type", "source", "automation_id"],
        "change-flow-run-state" => &["type", "state", "name", "message", "force"],
        "send-notification" => &["type", "block_document_id", "subject", "body"],
        _ => &["type"],
    };
    // A field the form has no input for (a job variable, a state's own name) keeps JSON.
    if object.iter().any(|(key, value)| {
        !allowed.contains(&key.as_str())
            || (matches!(key.as_str(), "job_variables" | "name") && !value.is_null())
            || (key == "force" && value != &json!(false))
    }) {
        return None;
    }
    out.insert(THEN.into(), kind.into());
    for (path, key) in [
        (DEPLOYMENT, "deployment_id"),
        (POOL, "work_pool_id"),
        (QUEUE, "work_queue_id"),
        (AUTOMATION, "automation_id"),
    ] {
        if allowed.contains(&key) {
            let chosen = match object.get("source").and_then(Value::as_str) {
                Some("inferred") => INFERRED.to_string(),
                _ => object.get(key)?.as_str()?.to_string(),
            };
            out.insert(path.into(), chosen);
        }
    }
    let put = |out: &mut FormValues, path: &str, key: &str| {
        if let Some(value) = object.get(key).and_then(Value::as_str) {
            out.insert(path.into(), value.to_string());
        }
    };
    put(out, STATE, "state");
    put(out, MESSAGE, "message");
    put(out, BLOCK, "block_document_id");
    put(out, SUBJECT, "subject");
    put(out, BODY, "body");
    if let Some(parameters) = object.get("parameters").filter(|p| !p.is_null()) {
        out.insert(PARAMETERS.into(), pretty(parameters));
    }
    Some(())
}

/// An automation's edit values: its trigger and its one action as fields where the form can
/// show them, else as JSON (with the rest of the fields at their starting values).
pub fn edit_values(automation: &Value) -> FormValues {
    let mut out = new_values();
    let text = |key: &str| {
        automation
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    out.insert(NAME.into(), text("name").to_string());
    out.insert(DESCRIPTION.into(), text("description").to_string());
    let enabled = automation
        .get("enabled")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    out.insert(ENABLED.into(), enabled.to_string());
    let trigger = automation.get("trigger").cloned().unwrap_or(Value::Null);
    out.insert(TRIGGER.into(), pretty(&trigger));
    let mut read = out.clone();
    out = match trigger_values(&trigger, &mut read) {
        Some(()) => read,
        None => {
            out.insert(WHEN.into(), "json".into());
            out
        }
    };
    let actions = automation.get("actions").cloned().unwrap_or(json!([]));
    out.insert(ACTIONS.into(), pretty(&actions));
    let mut read = out.clone();
    out = match actions.as_array().map(Vec::as_slice) {
        Some([only]) if action_values(only, &mut read).is_some() => read,
        _ => {
            out.insert(THEN.into(), "json".into());
            out
        }
    };
    out
}

/// The actions on trigger and on resolve an edit keeps as they are.
pub fn kept_actions(automation: &Value) -> (Vec<Value>, Vec<Value>) {
    let list = |key: &str| {
        automation
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    (list("actions_on_trigger"), list("actions_on_resolve"))
}

/// The form's field rules: which fields each kind of trigger and action shows.
pub mod shown {
    use super::*;

    pub fn flow_runs(v: &FormValues) -> bool {
        matches!(when(v), "flow-run-state" | "flow-run-stuck")
    }
    pub fn stuck(v: &FormValues) -> bool {
        when(v) == "flow-run-stuck"
    }
    pub fn deployments(v: &FormValues) -> bool {
        flow_runs(v) || when(v) == "deployment-not-ready"
    }
    pub fn pools(v: &FormValues) -> bool {
        when(v) == "work-pool-not-ready"
    }
    pub fn queues(v: &FormValues) -> bool {
        when(v) == "work-queue-not-ready"
    }
    pub fn trigger_json(v: &FormValues) -> bool {
        when(v) == "json"
    }
    pub fn deployment(v: &FormValues) -> bool {
        then(v).ends_with("-deployment")
    }
    pub fn run_deployment(v: &FormValues) -> bool {
        then(v) == "run-deployment"
    }
    pub fn pool(v: &FormValues) -> bool {
        then(v).ends_with("-work-pool")
    }
    pub fn queue(v: &FormValues) -> bool {
        then(v).ends_with("-work-queue")
    }
    pub fn automation(v: &FormValues) -> bool {
        then(v).ends_with("-automation")
    }
    pub fn change_state(v: &FormValues) -> bool {
        then(v) == "change-flow-run-state"
    }
    pub fn notification(v: &FormValues) -> bool {
        then(v) == "send-notification"
    }
    pub fn actions_json(v: &FormValues) -> bool {
        then(v) == "json"
    }
}

/// What deleting automations says.
pub fn delete_words(names: &[String]) -> String {
    format!(
        "{} stop acting on events, and are gone. This cannot be undone.",
        names_words(names)
    )
}

#[cfg(test)]
mod tests;
