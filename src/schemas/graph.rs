//! `GET /flow_runs/{id}/graph-v2`: the nodes (task runs and subflow runs) of a run.

use super::state::StateType;
use super::wire::Timestamp;
use crate::open_enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

open_enum! {
    /// What a graph node is (lower-case with a dash on the wire).
    pub enum NodeKind {
        FlowRun = "flow-run",
        TaskRun = "task-run",
    }
}

/// A reference to another node (`Edge`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edge {
    pub id: Uuid,
}

/// An artifact on the graph (`GraphArtifact`); `data` only for progress artifacts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphArtifact {
    pub id: Uuid,
    pub created: Timestamp,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    pub is_latest: bool,
    #[serde(default)]
    pub data: serde_json::Value,
}

/// One state of the flow run itself (`GraphState`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphState {
    pub id: Uuid,
    pub timestamp: Timestamp,
    #[serde(rename = "type")]
    pub state_type: StateType,
    pub name: String,
}

/// A task run or subflow run (`Node`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub kind: NodeKind,
    pub id: Uuid,
    pub label: String,
    pub state_type: StateType,
    pub start_time: Timestamp,
    /// `None` while running.
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    #[serde(default)]
    pub parents: Vec<Edge>,
    #[serde(default)]
    pub children: Vec<Edge>,
    /// The runs this one ran inside (from the `__parents__` task input).
    #[serde(default)]
    pub encapsulating: Vec<Edge>,
    #[serde(default)]
    pub artifacts: Vec<GraphArtifact>,
}

/// The graph (`Graph`). `nodes` is a list of `[id, node]` pairs on the wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    /// `None` while the run is going: keep polling.
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    #[serde(default)]
    pub root_node_ids: Vec<Uuid>,
    #[serde(default)]
    pub nodes: Vec<(Uuid, Node)>,
    #[serde(default)]
    pub artifacts: Vec<GraphArtifact>,
    #[serde(default)]
    pub states: Vec<GraphState>,
}
