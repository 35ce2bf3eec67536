//! Decoders by the Rust type name the fixture manifest gives (scripts/capture_fixtures.py).

use prefect_dashboard::schemas::events::{EventCount, EventPage};
use prefect_dashboard::schemas::graph::Graph;
use prefect_dashboard::schemas::responses::{HistoryResponse, OrchestrationResult, Paginated};
use prefect_dashboard::schemas::ui::{
    CountById, CountByState, NextRunsByFlow, SimpleFlowRun, TaskRunCount, UISettings, UITaskRun,
};
use prefect_dashboard::schemas::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> Result<serde_json::Value, String> {
    let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

/// Every type name the manifest may use.
pub const TYPES: &[&str] = &[
    "bool",
    "String",
    "i64",
    "CsrfToken",
    "UISettings",
    "Vec<Flow>",
    "Paginated<Flow>",
    "Vec<FlowRun>",
    "Paginated<FlowRun>",
    "FlowRun",
    "Vec<HistoryResponse>",
    "Graph",
    "Vec<State>",
    "Vec<TaskRun>",
    "Paginated<TaskRunResponse>",
    "TaskRun",
    "UITaskRun",
    "Vec<Log>",
    "Vec<Deployment>",
    "Paginated<Deployment>",
    "Deployment",
    "Vec<DeploymentSchedule>",
    "Vec<WorkPool>",
    "WorkPool",
    "Vec<WorkQueue>",
    "WorkQueue",
    "WorkQueueStatusDetail",
    "Vec<Worker>",
    "Vec<ConcurrencyLimit>",
    "Vec<GlobalConcurrencyLimitResponse>",
    "NextRunsByFlow",
    "CountById",
    "Vec<SimpleFlowRun>",
    "Vec<TaskRunCount>",
    "CountByState",
    "EventPage",
    "Vec<EventCount>",
    "Vec<Variable>",
    "Vec<Artifact>",
    "Vec<ArtifactCollection>",
    "Vec<BlockType>",
    "Vec<BlockSchema>",
    "Vec<BlockDocument>",
    "OrchestrationResult",
    "Vec<Workspace>",
];

/// Decodes `text` as `type_name` and encodes it again.
pub fn decode_encode(type_name: &str, text: &str) -> Result<serde_json::Value, String> {
    match type_name {
        "bool" => round_trip::<bool>(text),
        "String" => round_trip::<String>(text),
        "i64" => round_trip::<i64>(text),
        "CsrfToken" => round_trip::<CsrfToken>(text),
        "UISettings" => round_trip::<UISettings>(text),
        "Vec<Flow>" => round_trip::<Vec<Flow>>(text),
        "Paginated<Flow>" => round_trip::<Paginated<Flow>>(text),
        "Vec<FlowRun>" => round_trip::<Vec<FlowRun>>(text),
        "Paginated<FlowRun>" => round_trip::<Paginated<FlowRun>>(text),
        "FlowRun" => round_trip::<FlowRun>(text),
        "Vec<HistoryResponse>" => round_trip::<Vec<HistoryResponse>>(text),
        "Graph" => round_trip::<Graph>(text),
        "Vec<State>" => round_trip::<Vec<State>>(text),
        "Vec<TaskRun>" => round_trip::<Vec<TaskRun>>(text),
        "Paginated<TaskRunResponse>" => round_trip::<Paginated<TaskRunResponse>>(text),
        "TaskRun" => round_trip::<TaskRun>(text),
        "UITaskRun" => round_trip::<UITaskRun>(text),
        "Vec<Log>" => round_trip::<Vec<Log>>(text),
        "Vec<Deployment>" => round_trip::<Vec<Deployment>>(text),
        "Paginated<Deployment>" => round_trip::<Paginated<Deployment>>(text),
        "Deployment" => round_trip::<Deployment>(text),
        "Vec<DeploymentSchedule>" => round_trip::<Vec<DeploymentSchedule>>(text),
        "Vec<WorkPool>" => round_trip::<Vec<WorkPool>>(text),
        "WorkPool" => round_trip::<WorkPool>(text),
        "Vec<WorkQueue>" => round_trip::<Vec<WorkQueue>>(text),
        "WorkQueue" => round_trip::<WorkQueue>(text),
        "WorkQueueStatusDetail" => round_trip::<WorkQueueStatusDetail>(text),
        "Vec<Worker>" => round_trip::<Vec<Worker>>(text),
        "Vec<ConcurrencyLimit>" => round_trip::<Vec<ConcurrencyLimit>>(text),
        "Vec<GlobalConcurrencyLimitResponse>" => {
            round_trip::<Vec<GlobalConcurrencyLimitResponse>>(text)
        }
        "NextRunsByFlow" => round_trip::<NextRunsByFlow>(text),
        "CountById" => round_trip::<CountById>(text),
        "Vec<SimpleFlowRun>" => round_trip::<Vec<SimpleFlowRun>>(text),
        "Vec<TaskRunCount>" => round_trip::<Vec<TaskRunCount>>(text),
        "CountByState" => round_trip::<CountByState>(text),
        "EventPage" => round_trip::<EventPage>(text),
        "Vec<EventCount>" => round_trip::<Vec<EventCount>>(text),
        "Vec<Variable>" => round_trip::<Vec<Variable>>(text),
        "Vec<Artifact>" => round_trip::<Vec<Artifact>>(text),
        "Vec<ArtifactCollection>" => round_trip::<Vec<ArtifactCollection>>(text),
        "Vec<BlockType>" => round_trip::<Vec<BlockType>>(text),
        "Vec<BlockSchema>" => round_trip::<Vec<BlockSchema>>(text),
        "Vec<BlockDocument>" => round_trip::<Vec<BlockDocument>>(text),
        "OrchestrationResult" => round_trip::<OrchestrationResult>(text),
        "Vec<Workspace>" => round_trip::<Vec<Workspace>>(text),
        other => Err(format!("no decoder for type {other}")),
    }
}

/// Where `encoded` lost or changed something `original` had. Datetimes compare as instants
/// and numbers as numbers; keys `encoded` adds are fine.
#[allow(dead_code)]
pub fn differences(
    original: &serde_json::Value,
    encoded: &serde_json::Value,
    path: &str,
) -> Vec<String> {
    use serde_json::Value;
    match (original, encoded) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .flat_map(|(key, value)| match b.get(key) {
                Some(other) => differences(value, other, &format!("{path}.{key}")),
                None => vec![format!("{path}.{key}: dropped")],
            })
            .collect(),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .flat_map(|(i, (x, y))| differences(x, y, &format!("{path}[{i}]")))
            .collect(),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => vec![],
        (Value::String(a), Value::String(b)) if a == b => vec![],
        (Value::String(a), Value::String(b)) => match (Timestamp::parse(a), Timestamp::parse(b)) {
            (Some(x), Some(y)) if x == y => vec![],
            _ => vec![format!("{path}: {a:?} became {b:?}")],
        },
        (a, b) if a == b => vec![],
        (a, b) => vec![format!("{path}: {a} became {b}")],
    }
}
