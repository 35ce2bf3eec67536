//! `WorkPool`, `WorkQueue`, `Worker`, their statuses, `WorkQueueHealthPolicy`, and the
//! deprecated `Agent` and `QueueFilter`.

use super::wire::{null_as_default, validate_name, JsonObject, Timestamp, ValidationError};
use crate::open_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

open_enum! {
    /// A work pool's status (`WorkPoolStatus`).
    pub enum WorkPoolStatus {
        Ready = "READY",
        NotReady = "NOT_READY",
        Paused = "PAUSED",
    }
}

impl WorkPoolStatus {
    /// `display_name`: "Ready", "Not ready", "Paused" (unknown values the same way).
    pub fn display_name(&self) -> String {
        super::wire::enum_words(self.as_str())
    }
}

open_enum! {
    /// A worker's status (`WorkerStatus`).
    pub enum WorkerStatus {
        Online = "ONLINE",
        Offline = "OFFLINE",
    }
}

open_enum! {
    /// A work queue's status (`WorkQueueStatus`).
    pub enum WorkQueueStatus {
        Ready = "READY",
        NotReady = "NOT_READY",
        Paused = "PAUSED",
    }
}

/// Where a pool's bundles and results go (`WorkPoolStorageConfiguration`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkPoolStorageConfiguration {
    #[serde(default)]
    pub bundle_upload_step: Option<JsonObject>,
    #[serde(default)]
    pub bundle_execution_step: Option<JsonObject>,
    #[serde(default)]
    pub default_result_storage_block_id: Option<Uuid>,
}

/// A work pool (`WorkPool`; the API's response adds nothing the client model lacks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkPool {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub pool_type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub base_job_template: JsonObject,
    #[serde(default)]
    pub is_paused: bool,
    #[serde(default)]
    pub concurrency_limit: Option<i64>,
    /// `None` for pools the server does not track (old agent pools).
    #[serde(default)]
    pub status: Option<WorkPoolStatus>,
    /// Runs holding a slot; `None` when the pool has no limit.
    #[serde(default)]
    pub active_slots: Option<i64>,
    #[serde(default)]
    pub storage_configuration: WorkPoolStorageConfiguration,
    /// Required by Prefect's validator; optional here so a partial answer still reads.
    #[serde(default)]
    pub default_queue_id: Option<Uuid>,
}

impl WorkPool {
    /// Prefect Cloud push pools: the type ends in `:push`.
    pub fn is_push_pool(&self) -> bool {
        self.pool_type.ends_with(":push")
    }

    /// Prefect Cloud managed pools: the type ends in `:managed`.
    pub fn is_managed_pool(&self) -> bool {
        self.pool_type.ends_with(":managed")
    }

    /// The name rule, and `default_queue_id` present (`helpful_error_for_missing_default_queue_id`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_name("name", &self.name)?;
        if self.default_queue_id.is_none() {
            return Err(ValidationError {
                field: "default_queue_id",
                message: "`default_queue_id` is a required field. If you are creating a new \
                          WorkPool and don't have a queue ID yet, use the \
                          `actions.WorkPoolCreate` model instead."
                    .into(),
            });
        }
        Ok(())
    }
}

/// Deprecated queue routing by tags and deployments (`QueueFilter`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueFilter {
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub deployment_ids: Option<Vec<Uuid>>,
}

/// A work queue (`WorkQueue`, also the API's `WorkQueueResponse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkQueue {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    #[serde(default = "empty_description")]
    pub description: Option<String>,
    #[serde(default)]
    pub is_paused: bool,
    #[serde(default)]
    pub concurrency_limit: Option<i64>,
    /// 1 is the highest priority.
    #[serde(default = "one")]
    pub priority: i64,
    #[serde(default)]
    pub work_pool_name: Option<String>,
    /// Prefect requires the key (it may be null); a missing key reads as `None` here.
    #[serde(default)]
    pub work_pool_id: Option<Uuid>,
    /// Deprecated.
    #[serde(default)]
    pub filter: Option<QueueFilter>,
    #[serde(default)]
    pub last_polled: Option<Timestamp>,
    #[serde(default)]
    pub status: Option<WorkQueueStatus>,
    #[serde(default)]
    pub active_slots: Option<i64>,
}

fn empty_description() -> Option<String> {
    Some(String::new())
}

fn one() -> i64 {
    1
}

impl WorkQueue {
    /// Prefect's `Name` rule, and a positive priority.
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_name("name", &self.name)?;
        if self.priority < 1 {
            return Err(ValidationError {
                field: "priority",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// When a work queue counts as healthy (`WorkQueueHealthPolicy`). `None` disables a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkQueueHealthPolicy {
    #[serde(default = "zero")]
    pub maximum_late_runs: Option<i64>,
    #[serde(default = "sixty")]
    pub maximum_seconds_since_last_polled: Option<i64>,
}

fn zero() -> Option<i64> {
    Some(0)
}

fn sixty() -> Option<i64> {
    Some(60)
}

impl Default for WorkQueueHealthPolicy {
    fn default() -> Self {
        WorkQueueHealthPolicy {
            maximum_late_runs: Some(0),
            maximum_seconds_since_last_polled: Some(60),
        }
    }
}

impl WorkQueueHealthPolicy {
    /// `evaluate_health_status` with an explicit `now`: unhealthy when there are more late
    /// runs than allowed, or the queue was never polled or not within the allowed seconds.
    /// Exactly at a limit is still healthy, as in Prefect.
    pub fn evaluate_health_status(
        &self,
        late_runs_count: i64,
        last_polled: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> bool {
        let mut healthy = true;
        if let Some(maximum) = self.maximum_late_runs {
            if late_runs_count > maximum {
                healthy = false;
            }
        }
        if let Some(maximum) = self.maximum_seconds_since_last_polled {
            match last_polled {
                None => healthy = false,
                Some(polled) => {
                    let elapsed = (now - polled)
                        .num_microseconds()
                        .map_or(f64::INFINITY, |us| us as f64 / 1e6);
                    if elapsed > maximum as f64 {
                        healthy = false;
                    }
                }
            }
        }
        healthy
    }
}

/// `GET /work_queues/{id}/status` (`WorkQueueStatusDetail`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkQueueStatusDetail {
    pub healthy: bool,
    #[serde(default)]
    pub late_runs_count: i64,
    #[serde(default)]
    pub last_polled: Option<Timestamp>,
    pub health_check_policy: WorkQueueHealthPolicy,
}

/// A worker polling a pool (`Worker`, also the API's `WorkerResponse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Worker {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    pub work_pool_id: Uuid,
    #[serde(default)]
    pub last_heartbeat_time: Option<Timestamp>,
    #[serde(default)]
    pub heartbeat_interval_seconds: Option<i64>,
    #[serde(default = "offline")]
    pub status: WorkerStatus,
}

fn offline() -> WorkerStatus {
    WorkerStatus::Offline
}

/// A Prefect 2 agent (`Agent`; agents are gone in 3.x, the model remains).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub name: String,
    pub work_queue_id: Uuid,
    #[serde(default)]
    pub last_activity_time: Option<Timestamp>,
}

/// One worker type a work pool can be made for, as the server's collection registry
/// describes it (`GET /collections/views/aggregate-worker-metadata`, read by Prefect's
/// client as `read_worker_metadata`): every field but `type` may be missing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkerTypeMetadata {
    #[serde(rename = "type")]
    pub worker_type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub display_name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub documentation_url: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub install_command: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_beta: bool,
    /// The base job template a new pool of this type starts from.
    #[serde(default, deserialize_with = "null_as_default")]
    pub default_base_job_configuration: JsonObject,
}
