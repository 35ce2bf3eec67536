//! The remaining models: concurrency limits, logs, configuration, saved searches,
//! variables, artifacts, CSRF tokens, notification policies, worker metadata.

use super::wire::{JsonObject, Timestamp};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A tag-based task concurrency limit (`ConcurrencyLimit`, v1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcurrencyLimit {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub tag: String,
    pub concurrency_limit: i64,
    /// Task runs holding a slot.
    #[serde(default)]
    pub active_slots: Vec<Uuid>,
}

/// A global (v2) concurrency limit (`GlobalConcurrencyLimit`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlobalConcurrencyLimit {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    pub limit: i64,
    #[serde(default = "some_true")]
    pub active: Option<bool>,
    #[serde(default = "some_zero")]
    pub active_slots: Option<i64>,
    #[serde(default = "some_zero_f")]
    pub slot_decay_per_second: Option<f64>,
}

fn some_true() -> Option<bool> {
    Some(true)
}
fn some_zero() -> Option<i64> {
    Some(0)
}
fn some_zero_f() -> Option<f64> {
    Some(0.0)
}

/// A log line (`Log`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Log {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    /// The logger's name.
    pub name: String,
    /// Python logging level: 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL.
    pub level: i64,
    pub message: String,
    pub timestamp: Timestamp,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub task_run_id: Option<Uuid>,
}

/// A server configuration entry (`Configuration`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Configuration {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub key: String,
    pub value: JsonObject,
}

/// One filter of a saved search (`SavedSearchFilter`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSearchFilter {
    pub object: String,
    pub property: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub operation: String,
    pub value: serde_json::Value,
}

/// A saved set of filters (`SavedSearch`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    #[serde(default)]
    pub filters: Vec<SavedSearchFilter>,
}

/// A variable (`Variable`); the value is any JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    pub value: serde_json::Value,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// An artifact (`Artifact`); `data`'s shape depends on `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub data: serde_json::Value,
    /// The wire name really ends in `_`.
    #[serde(default, rename = "metadata_")]
    pub metadata: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub task_run_id: Option<Uuid>,
}

/// The latest artifact of a key (`ArtifactCollection`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArtifactCollection {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub key: String,
    pub latest_id: Uuid,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub data: serde_json::Value,
    #[serde(default, rename = "metadata_")]
    pub metadata: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub flow_run_id: Option<Uuid>,
    #[serde(default)]
    pub task_run_id: Option<Uuid>,
}

/// `GET /csrf-token` (`CsrfToken`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CsrfToken {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub token: String,
    pub client: String,
    pub expiration: Timestamp,
}

/// A flow-run notification rule (`FlowRunNotificationPolicy`; removed from Prefect 3.x
/// servers, kept for the spec page and older servers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowRunNotificationPolicy {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default = "yes")]
    pub is_active: bool,
    pub state_names: Vec<String>,
    pub tags: Vec<String>,
    pub block_document_id: Uuid,
    #[serde(default)]
    pub message_template: Option<String>,
}

fn yes() -> bool {
    true
}

/// An installed integration (`Integration`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Integration {
    pub name: String,
    pub version: String,
}

/// What a worker reports about itself (`WorkerMetadata`; extra keys kept).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerMetadata {
    pub integrations: Vec<Integration>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The server's default result storage (`ServerDefaultResultStorage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerDefaultResultStorage {
    #[serde(default)]
    pub default_result_storage_block_id: Option<Uuid>,
}

/// Who holds a concurrency lease (`ConcurrencyLeaseHolder`): `flow_run`, `task_run`, `deployment`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcurrencyLeaseHolder {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: Uuid,
}
