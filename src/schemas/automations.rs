//! Automations (`prefect.events.schemas.automations`): a trigger and the actions it takes.
//! Triggers of a kind this dashboard does not know (Prefect Cloud's metric triggers, newer
//! ones) decode as `Trigger::Unknown` with their type; actions keep every field they may
//! have, read by their `type`.

use super::wire::Timestamp;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// `Automation`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Automation {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    pub trigger: Trigger,
    #[serde(default)]
    pub actions: Vec<AutomationAction>,
    #[serde(default)]
    pub actions_on_trigger: Vec<AutomationAction>,
    #[serde(default)]
    pub actions_on_resolve: Vec<AutomationAction>,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
}

fn yes() -> bool {
    true
}

/// A label's value in a `ResourceSpecification`: one pattern or several (`*` wildcards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Patterns {
    One(String),
    Many(Vec<String>),
}

impl Patterns {
    pub fn values(&self) -> &[String] {
        match self {
            Patterns::One(one) => std::slice::from_ref(one),
            Patterns::Many(many) => many,
        }
    }
}

/// `ResourceSpecification`: labels and the patterns their values must match.
pub type ResourceSpecification = BTreeMap<String, Patterns>;

/// `Posture`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub enum Posture {
    Reactive,
    Proactive,
    Metric,
}

/// `EventTrigger`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EventTrigger {
    #[serde(default, rename = "match")]
    pub match_: ResourceSpecification,
    /// One specification or several (any of them).
    #[serde(default)]
    pub match_related: Value,
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub expect: Vec<String>,
    #[serde(default)]
    pub for_each: Vec<String>,
    pub posture: Posture,
    #[serde(default = "one")]
    pub threshold: i64,
    /// Seconds.
    #[serde(default)]
    pub within: f64,
}

fn one() -> i64 {
    1
}

/// `CompoundTrigger.require`: "any", "all" or how many.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Require {
    Count(i64),
    Word(String),
}

/// `CompoundTrigger` and `SequenceTrigger` (a sequence has no `require`: all, in order).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CompositeTrigger {
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    #[serde(default)]
    pub require: Option<Require>,
    /// Seconds, `None` for no limit.
    #[serde(default)]
    pub within: Option<f64>,
}

/// `TriggerTypes`, by `type`.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    Event(EventTrigger),
    Compound(CompositeTrigger),
    Sequence(CompositeTrigger),
    /// A trigger type this dashboard does not read (`type` as sent).
    Unknown(String),
}

impl<'de> Deserialize<'de> for Trigger {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let bad = serde::de::Error::custom;
        Ok(match kind.as_str() {
            "event" => Trigger::Event(serde_json::from_value(value).map_err(bad)?),
            "compound" => Trigger::Compound(serde_json::from_value(value).map_err(bad)?),
            "sequence" => Trigger::Sequence(serde_json::from_value(value).map_err(bad)?),
            _ => Trigger::Unknown(kind),
        })
    }
}

/// One action (`ActionTypes`): its `type` and whichever of these its kind has.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AutomationAction {
    #[serde(rename = "type")]
    pub kind: String,
    /// "selected" (the id below) or "inferred" (from the triggering event).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub deployment_id: Option<Uuid>,
    #[serde(default)]
    pub work_pool_id: Option<Uuid>,
    #[serde(default)]
    pub work_queue_id: Option<Uuid>,
    #[serde(default)]
    pub automation_id: Option<Uuid>,
    #[serde(default)]
    pub block_document_id: Option<Uuid>,
    /// change-flow-run-state: the state type and name.
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub parameters: Option<Value>,
}

/// `AutomationPartialUpdate`: only `enabled`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AutomationEnabled {
    pub enabled: bool,
}

/// `AutomationCreate`, and `AutomationUpdate` (`PUT /automations/{id}` takes the same
/// fields): the trigger and actions as the server reads them, by their `type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AutomationCreate {
    pub name: String,
    pub description: String,
    pub enabled: bool,
    pub trigger: Value,
    pub actions: Vec<Value>,
    pub actions_on_trigger: Vec<Value>,
    pub actions_on_resolve: Vec<Value>,
}

/// `AutomationUpdate`: the whole automation again.
pub type AutomationUpdate = AutomationCreate;
