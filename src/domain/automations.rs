//! Automations in words: what a trigger waits for ("When a flow run enters Failed or
//! Crashed") and what each action does ("Pause the deployment of the flow run"), as
//! Prefect's UI describes them, for triggers written by hand too.

use crate::domain::format::span;
use crate::schemas::automations::{
    AutomationAction, CompositeTrigger, EventTrigger, Posture, Require, ResourceSpecification,
    Trigger,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Kinds of resource Prefect names in `prefect.<kind>.<id>`, in words.
const KINDS: [(&str, &str); 8] = [
    ("flow-run", "flow run"),
    ("task-run", "task run"),
    ("deployment", "deployment"),
    ("work-pool", "work pool"),
    ("work-queue", "work queue"),
    ("worker", "worker"),
    ("flow", "flow"),
    ("automation", "automation"),
];

fn kind_words(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, w)| *w)
}

/// What the trigger's `match` names: "a flow run", "work pool \"etl\"", "any resource".
fn subject(spec: &ResourceSpecification) -> String {
    let ids = spec
        .get("prefect.resource.id")
        .map(|p| p.values().to_vec())
        .unwrap_or_default();
    let names = spec
        .get("prefect.resource.name")
        .map(|p| p.values().to_vec())
        .unwrap_or_default();
    let kinds: Vec<Option<&str>> = ids
        .iter()
        .map(|id| {
            let kind = id.strip_prefix("prefect.")?.split('.').next()?;
            kind_words(kind)
        })
        .collect();
    let kind = match kinds.first() {
        Some(Some(first)) if kinds.iter().all(|k| k == &Some(*first)) => Some(*first),
        _ => None,
    };
    let every = ids.iter().all(|id| id.ends_with(".*"));
    match (kind, names.as_slice()) {
        (Some(kind), []) if every => format!("a {kind}"),
        (Some(kind), []) => {
            let which: Vec<&str> = ids.iter().filter_map(|id| id.rsplit('.').next()).collect();
            format!("{kind} {}", which.join(" or "))
        }
        (Some(kind), names) => format!("{kind} \"{}\"", names.join("\" or \"")),
        _ if spec.is_empty() => "any resource".to_string(),
        (None, _) => {
            let labels: Vec<String> = spec
                .iter()
                .map(|(k, v)| format!("{k} = {}", v.values().join(" or ")))
                .collect();
            format!("a resource with {}", labels.join(", "))
        }
    }
}

/// One expected event as a verb phrase: "enters Failed" / "enter Failed" (`base` form for
/// "does not …"), "becomes not ready", else "emits prefect.x.y".
fn event_phrase(name: &str, base: bool) -> String {
    let (enter, become_, emit) = if base {
        ("enter", "become", "emit")
    } else {
        ("enters", "becomes", "emits")
    };
    let tail = name
        .strip_prefix("prefect.")
        .and_then(|rest| rest.split_once('.'));
    match tail {
        Some(("flow-run" | "task-run", state)) if state != "*" => format!("{enter} {state}"),
        Some(("deployment" | "work-pool" | "work-queue" | "worker", status))
            if matches!(
                status,
                "ready" | "not-ready" | "paused" | "online" | "offline"
            ) =>
        {
            format!("{become_} {}", status.replace('-', " "))
        }
        _ if name == "*" || name.ends_with(".*") => format!("{emit} any event"),
        _ => format!("{emit} {name}"),
    }
}

fn phrases(names: &[String], base: bool) -> String {
    if names.is_empty() {
        return if base {
            "emit any event"
        } else {
            "emits any event"
        }
        .to_string();
    }
    // "enters Crashed or Failed": a verb said once for the phrases that share it. Sorted:
    // the server keeps `expect` as a set, so its order changes from answer to answer.
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    let mut out: Vec<String> = Vec::new();
    let mut last_verb = String::new();
    for phrase in sorted.into_iter().map(|n| event_phrase(n, base)) {
        let (verb, rest) = phrase.split_once(' ').unwrap_or((phrase.as_str(), ""));
        if verb == last_verb {
            out.push(rest.to_string());
        } else {
            last_verb = verb.to_string();
            out.push(phrase.clone());
        }
    }
    out.join(" or ")
}

fn within_words(seconds: f64) -> String {
    span(if seconds.is_finite() {
        seconds.clamp(0.0, i64::MAX as f64) as i64
    } else {
        0
    })
}

fn event_words(trigger: &EventTrigger) -> String {
    let who = subject(&trigger.match_);
    let related = if trigger.match_related.is_null()
        || trigger
            .match_related
            .as_object()
            .is_some_and(serde_json::Map::is_empty)
        || trigger.match_related.as_array().is_some_and(Vec::is_empty)
    {
        ""
    } else {
        " (of the related resources it names)"
    };
    match trigger.posture {
        Posture::Proactive => {
            let after = if trigger.after.is_empty() {
                String::new()
            } else {
                format!(" {} and then", phrases(&trigger.after, false))
            };
            format!(
                "When {who}{related}{after} does not {} within {}",
                phrases(&trigger.expect, true),
                within_words(trigger.within)
            )
        }
        Posture::Reactive | Posture::Metric => {
            let times = if trigger.threshold > 1 {
                format!(
                    " {} times within {}",
                    trigger.threshold,
                    within_words(trigger.within)
                )
            } else {
                String::new()
            };
            format!(
                "When {who}{related} {}{times}",
                phrases(&trigger.expect, false)
            )
        }
    }
}

fn composite_words(trigger: &CompositeTrigger, sequence: bool) -> String {
    let parts: Vec<String> = trigger
        .triggers
        .iter()
        .map(|t| {
            let words = trigger_words(t);
            // Inside the list each part reads as a clause, not a sentence.
            match words.strip_prefix("When ") {
                Some(rest) => rest.to_string(),
                None => words,
            }
        })
        .collect();
    let within = trigger
        .within
        .filter(|w| *w > 0.0)
        .map(|w| format!(" within {}", within_words(w)))
        .unwrap_or_default();
    let how = if sequence {
        "all of these, in this order".to_string()
    } else {
        match &trigger.require {
            Some(Require::Count(n)) => format!("{n} of these"),
            Some(Require::Word(w)) if w == "all" => "all of these".to_string(),
            _ => "any of these".to_string(),
        }
    };
    format!("When {how} happen{within}: {}", parts.join("; "))
}

/// The trigger as one sentence.
pub fn trigger_words(trigger: &Trigger) -> String {
    match trigger {
        Trigger::Event(event) => event_words(event),
        Trigger::Compound(compound) => composite_words(compound, false),
        Trigger::Sequence(sequence) => composite_words(sequence, true),
        Trigger::Unknown(kind) if kind.is_empty() => "A trigger of no known type".to_string(),
        Trigger::Unknown(kind) => format!("A {kind} trigger (not described here)"),
    }
}

/// Names of the objects actions point at, looked up by id (missing: the id is shown).
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub deployments: HashMap<Uuid, String>,
    pub automations: HashMap<Uuid, String>,
}

fn named(names: &HashMap<Uuid, String>, id: Uuid) -> String {
    names
        .get(&id)
        .map_or_else(|| id.to_string(), |n| format!("\"{n}\""))
}

/// The object an action works on: its name when selected, else the event's own.
fn target(
    action: &AutomationAction,
    id: Option<Uuid>,
    kind: &str,
    names: Option<&HashMap<Uuid, String>>,
) -> String {
    match (action.source.as_deref(), id) {
        (Some("inferred"), _) | (_, None) => format!("the {kind} of the event"),
        (_, Some(id)) => match names {
            Some(names) => format!("{kind} {}", named(names, id)),
            None => format!("{kind} {id}"),
        },
    }
}

/// One action in words.
pub fn action_words(action: &AutomationAction, names: &Names) -> String {
    let deployment = || {
        target(
            action,
            action.deployment_id,
            "deployment",
            Some(&names.deployments),
        )
    };
    let pool = || target(action, action.work_pool_id, "work pool", None);
    let queue = || target(action, action.work_queue_id, "work queue", None);
    let automation = || {
        target(
            action,
            action.automation_id,
            "automation",
            Some(&names.automations),
        )
    };
    match action.kind.as_str() {
        "do-nothing" => "Do nothing".to_string(),
        "run-deployment" => format!("Run {}", deployment()),
        "pause-deployment" => format!("Pause {}", deployment()),
        "resume-deployment" => format!("Resume {}", deployment()),
        "cancel-flow-run" => "Cancel the flow run".to_string(),
        "suspend-flow-run" => "Suspend the flow run".to_string(),
        "resume-flow-run" => "Resume the flow run".to_string(),
        "change-flow-run-state" => {
            let state = action
                .name
                .clone()
                .filter(|n| !n.is_empty())
                .or_else(|| action.state.clone())
                .unwrap_or_else(|| "another state".into());
            format!("Change the flow run's state to {state}")
        }
        "pause-work-pool" => format!("Pause {}", pool()),
        "resume-work-pool" => format!("Resume {}", pool()),
        "pause-work-queue" => format!("Pause {}", queue()),
        "resume-work-queue" => format!("Resume {}", queue()),
        "pause-automation" => format!("Pause {}", automation()),
        "resume-automation" => format!("Resume {}", automation()),
        "send-notification" => match &action.subject {
            Some(subject) if !subject.is_empty() => {
                format!("Send a notification: \"{subject}\"")
            }
            _ => "Send a notification".to_string(),
        },
        "call-webhook" => "Call a webhook".to_string(),
        "declare-incident" => "Declare an incident".to_string(),
        "" => "An action of no known type".to_string(),
        other => format!("A {other} action"),
    }
}

/// The ids an automation list's actions name, each once: deployments.
pub fn deployment_ids<'a>(actions: impl Iterator<Item = &'a AutomationAction>) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = actions.filter_map(|a| a.deployment_id).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::automations::Automation;
    use serde_json::json;

    fn trigger(value: serde_json::Value) -> Trigger {
        serde_json::from_value(value).unwrap_or(Trigger::Unknown("undecoded".into()))
    }

    fn action(value: serde_json::Value) -> AutomationAction {
        serde_json::from_value(value).unwrap_or_default()
    }

    #[test]
    fn event_triggers_read_as_prefect_says_them() {
        let failed = trigger(json!({
            "type": "event", "posture": "Reactive", "threshold": 1, "within": 0,
            "match": {"prefect.resource.id": "prefect.flow-run.*"},
            "expect": ["prefect.flow-run.Failed", "prefect.flow-run.Crashed"],
        }));
        assert_eq!(
            trigger_words(&failed),
            "When a flow run enters Crashed or Failed"
        );
        let pool = trigger(json!({
            "type": "event", "posture": "Reactive", "threshold": 3, "within": 600,
            "match": {"prefect.resource.id": ["prefect.work-pool.*"], "prefect.resource.name": ["etl"]},
            "expect": ["prefect.work-pool.not-ready"],
        }));
        assert_eq!(
            trigger_words(&pool),
            "When work pool \"etl\" becomes not ready 3 times within 10 min"
        );
        let stuck = trigger(json!({
            "type": "event", "posture": "Proactive", "within": 3600,
            "match": {"prefect.resource.id": "prefect.flow-run.*"},
            "match_related": {"prefect.resource.id": "prefect.deployment.x"},
            "after": ["prefect.flow-run.Running"], "expect": ["prefect.flow-run.Completed"],
        }));
        assert_eq!(
            trigger_words(&stuck),
            "When a flow run (of the related resources it names) enters Running and then \
             does not enter Completed within 1 h"
        );
        let custom = trigger(json!({
            "type": "event", "posture": "Reactive",
            "match": {"team": "data"}, "expect": ["acme.export.done"],
        }));
        assert_eq!(
            trigger_words(&custom),
            "When a resource with team = data emits acme.export.done"
        );
        let anything = trigger(json!({"type": "event", "posture": "Reactive"}));
        assert_eq!(
            trigger_words(&anything),
            "When any resource emits any event"
        );
    }

    #[test]
    fn composite_and_unknown_triggers() {
        let compound = trigger(json!({
            "type": "compound", "require": "all", "within": 3600,
            "triggers": [
                {"type": "event", "posture": "Reactive", "expect": ["prefect.work-pool.not-ready"],
                 "match": {"prefect.resource.id": "prefect.work-pool.*"}},
                {"type": "event", "posture": "Reactive", "expect": ["prefect.deployment.not-ready"],
                 "match": {"prefect.resource.id": "prefect.deployment.*"}},
            ],
        }));
        assert_eq!(
            trigger_words(&compound),
            "When all of these happen within 1 h: a work pool becomes not ready; a deployment \
             becomes not ready"
        );
        let two = trigger(json!({"type": "compound", "require": 2, "triggers": []}));
        assert_eq!(trigger_words(&two), "When 2 of these happen: ");
        let sequence = trigger(json!({"type": "sequence", "triggers": []}));
        assert!(trigger_words(&sequence).contains("in this order"));
        let metric = trigger(json!({"type": "metric", "metric": {}}));
        assert_eq!(
            trigger_words(&metric),
            "A metric trigger (not described here)"
        );
        let broken: Result<Automation, _> = serde_json::from_value(json!({
            "id": Uuid::nil(), "name": "x", "trigger": {"type": "event"}, "actions": []
        }));
        assert!(
            broken.is_err(),
            "an event trigger without its posture is refused"
        );
    }

    #[test]
    fn actions_name_what_they_work_on() {
        let id = Uuid::from_u128(7);
        let names = Names {
            deployments: [(id, "nightly".to_string())].into_iter().collect(),
            automations: HashMap::new(),
        };
        let words = |v| action_words(&action(v), &names);
        assert_eq!(
            words(json!({"type": "run-deployment", "source": "selected", "deployment_id": id})),
            "Run deployment \"nightly\""
        );
        assert_eq!(
            words(json!({"type": "pause-deployment", "source": "inferred"})),
            "Pause the deployment of the event"
        );
        assert_eq!(
            words(json!({"type": "pause-work-queue", "source": "selected", "work_queue_id": id})),
            format!("Pause work queue {id}")
        );
        assert_eq!(
            words(json!({"type": "change-flow-run-state", "state": "FAILED", "name": "Nope"})),
            "Change the flow run's state to Nope"
        );
        assert_eq!(
            words(json!({"type": "resume-automation", "source": "selected", "automation_id": id})),
            format!("Resume automation {id}")
        );
        assert_eq!(
            words(json!({"type": "send-notification", "subject": "Run failed"})),
            "Send a notification: \"Run failed\""
        );
        assert_eq!(words(json!({"type": "teleport"})), "A teleport action");
        let many = [
            action(json!({"type": "run-deployment", "deployment_id": id})),
            action(json!({"type": "pause-deployment", "deployment_id": id})),
        ];
        assert_eq!(deployment_ids(many.iter()), vec![id]);
    }
}
