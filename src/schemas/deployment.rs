//! `Deployment` (with the API's `DeploymentResponse` fields), its schedules, and the
//! concurrency types a deployment carries.

use super::wire::{
    null_as_default, validate_name, CreatedBy, JsonObject, KeyValueLabels, Timestamp, UpdatedBy,
    ValidationError,
};
use crate::open_enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

open_enum! {
    /// Whether a deployment can run now (`DeploymentStatus`; DISABLED is Cloud only).
    pub enum DeploymentStatus {
        Ready = "READY",
        NotReady = "NOT_READY",
        Disabled = "DISABLED",
    }
}

open_enum! {
    /// What happens to a run that would exceed a concurrency limit.
    pub enum ConcurrencyLimitStrategy {
        Enqueue = "ENQUEUE",
        CancelNew = "CANCEL_NEW",
    }
}

/// Stored concurrency settings (`ConcurrencyOptions`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcurrencyOptions {
    pub collision_strategy: ConcurrencyLimitStrategy,
    /// 60..=86400 seconds when set.
    #[serde(default)]
    pub grace_period_seconds: Option<i64>,
}

/// A concurrency limit with its settings (`ConcurrencyLimitConfig`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcurrencyLimitConfig {
    pub limit: i64,
    #[serde(default = "enqueue")]
    pub collision_strategy: ConcurrencyLimitStrategy,
    #[serde(default)]
    pub grace_period_seconds: Option<i64>,
}

fn enqueue() -> ConcurrencyLimitStrategy {
    ConcurrencyLimitStrategy::Enqueue
}

/// A run every `interval` seconds from `anchor_date` (`IntervalSchedule`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntervalSchedule {
    /// Seconds.
    pub interval: f64,
    pub anchor_date: Timestamp,
    #[serde(default)]
    pub timezone: Option<String>,
}

/// A cron schedule (`CronSchedule`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CronSchedule {
    pub cron: String,
    #[serde(default)]
    pub timezone: Option<String>,
    /// Cron's day-of-month / day-of-week combination: OR when true (default), AND when false.
    #[serde(default = "yes")]
    pub day_or: bool,
}

fn yes() -> bool {
    true
}

/// An iCalendar RRULE schedule (`RRuleSchedule`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RRuleSchedule {
    pub rrule: String,
    #[serde(default = "utc")]
    pub timezone: Option<String>,
}

fn utc() -> Option<String> {
    Some("UTC".to_string())
}

/// One of Prefect's schedule kinds, told apart by their keys (an untagged union).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Schedule {
    Interval(IntervalSchedule),
    Cron(CronSchedule),
    RRule(RRuleSchedule),
    /// `NoSchedule`: `{}`.
    None(NoSchedule),
    /// A kind from a newer server, kept as sent.
    Unknown(JsonObject),
}

/// The empty schedule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoSchedule {}

/// A deployment's schedule (`DeploymentSchedule`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentSchedule {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub deployment_id: Option<Uuid>,
    pub schedule: Schedule,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub max_scheduled_runs: Option<i64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub parameters: JsonObject,
    #[serde(default)]
    pub slug: Option<String>,
}

/// Where a deployment version came from (`VersionInfo`; extra keys are kept).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}

open_enum! {
    /// What a deployment branch does with schedules (lower-case on the wire).
    pub enum BranchingScheduleHandling {
        Keep = "keep",
        Remove = "remove",
        Inactive = "inactive",
    }
}

/// Options for branching a deployment (`DeploymentBranchingOptions`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentBranchingOptions {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default = "remove")]
    pub schedule_handling: BranchingScheduleHandling,
}

fn remove() -> BranchingScheduleHandling {
    BranchingScheduleHandling::Remove
}

/// A global (v2) concurrency limit as the API returns it (`GlobalConcurrencyLimitResponse`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlobalConcurrencyLimitResponse {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default = "yes")]
    pub active: bool,
    pub name: String,
    pub limit: i64,
    pub active_slots: i64,
    #[serde(default = "two")]
    pub slot_decay_per_second: f64,
}

fn two() -> f64 {
    2.0
}

/// A deployment (`Deployment`, plus the fields of the API's `DeploymentResponse`:
/// `status`, `work_pool_name`, `global_concurrency_limit`, `branch`, `base`, `root`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub version_id: Option<Uuid>,
    #[serde(default)]
    pub version_info: Option<VersionInfo>,
    #[serde(default)]
    pub branch: Option<String>,
    #[serde(default)]
    pub base: Option<Uuid>,
    #[serde(default)]
    pub root: Option<Uuid>,
    #[serde(default)]
    pub description: Option<String>,
    pub flow_id: Uuid,
    #[serde(default)]
    pub paused: bool,
    /// Deprecated in responses in favour of `global_concurrency_limit`.
    #[serde(default)]
    pub concurrency_limit: Option<i64>,
    #[serde(default)]
    pub global_concurrency_limit: Option<GlobalConcurrencyLimitResponse>,
    #[serde(default)]
    pub concurrency_options: Option<ConcurrencyOptions>,
    #[serde(default)]
    pub schedules: Vec<DeploymentSchedule>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub job_variables: JsonObject,
    #[serde(default, deserialize_with = "null_as_default")]
    pub parameters: JsonObject,
    #[serde(default)]
    pub pull_steps: Option<Vec<JsonObject>>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: KeyValueLabels,
    #[serde(default)]
    pub work_queue_name: Option<String>,
    #[serde(default)]
    pub last_polled: Option<Timestamp>,
    #[serde(default)]
    pub parameter_openapi_schema: Option<JsonObject>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub entrypoint: Option<String>,
    #[serde(default)]
    pub storage_document_id: Option<Uuid>,
    #[serde(default)]
    pub infrastructure_document_id: Option<Uuid>,
    #[serde(default)]
    pub created_by: Option<CreatedBy>,
    #[serde(default)]
    pub updated_by: Option<UpdatedBy>,
    #[serde(default)]
    pub work_queue_id: Option<Uuid>,
    #[serde(default = "yes")]
    pub enforce_parameter_schema: bool,
    #[serde(default)]
    pub work_pool_name: Option<String>,
    #[serde(default)]
    pub status: Option<DeploymentStatus>,
}

/// The API's name for the same shape.
pub type DeploymentResponse = Deployment;

impl Deployment {
    /// Prefect's `Name` rule on `name`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_name("name", &self.name)
    }
}
