//! The task run page's loader: the task run, its states and artifacts at once, then its flow
//! run's name and the runs that fed its inputs (one request per kind, not one per input).
//! Its logs come from `loaders::logs`.

use super::requests::{artifacts_of_task_run, flow_runs_by_id, task_runs_by_id};
use crate::api::{ApiError, PrefectClient};
use crate::domain::task_run::upstream;
use crate::schemas::{Artifact, FlowRun, State, TaskRun};
use futures::future::{join, join3};
use uuid::Uuid;

/// The runs that fed a task run's inputs, found by one lookup per kind.
#[derive(Clone, Debug, Default)]
pub struct Upstream {
    pub task_runs: Vec<TaskRun>,
    pub flow_runs: Vec<FlowRun>,
}

/// Everything the task run page shows but its logs, each part with its own answer.
#[derive(Clone, Debug)]
pub struct TaskRunPage {
    pub task_run: Result<TaskRun, ApiError>,
    /// The flow run it ran in (none for a task run outside a flow, or when it is gone).
    pub flow_run: Option<FlowRun>,
    pub states: Result<Vec<State>, ApiError>,
    pub upstream: Result<Upstream, ApiError>,
    pub artifacts: Result<Vec<Artifact>, ApiError>,
}

async fn upstream_runs(client: &PrefectClient, task_run: &TaskRun) -> Result<Upstream, ApiError> {
    let (tasks, flows) = upstream(&task_run.task_inputs);
    let task_runs = async {
        if tasks.is_empty() {
            Ok(Vec::new())
        } else {
            client.task_runs_filter(&task_runs_by_id(&tasks)).await
        }
    };
    let flow_runs = async {
        if flows.is_empty() {
            Ok(Vec::new())
        } else {
            client.flow_runs_filter(&flow_runs_by_id(&flows)).await
        }
    };
    let (task_runs, flow_runs) = join(task_runs, flow_runs).await;
    Ok(Upstream {
        task_runs: task_runs?,
        flow_runs: flow_runs?,
    })
}

/// The task run, its states and artifacts, then its flow run and upstream runs.
pub async fn task_run_page(client: PrefectClient, id: Uuid) -> TaskRunPage {
    let (task_run, states, artifacts) = join3(
        client.task_run(id),
        client.task_run_states(id),
        client.artifacts_filter(&artifacts_of_task_run(id)),
    )
    .await;
    let (flow_run, upstream) = match &task_run {
        Ok(task_run) => {
            let flow_run = async {
                match task_run.flow_run_id {
                    Some(flow_run) => client.flow_run(flow_run).await.ok(),
                    None => None,
                }
            };
            join(flow_run, upstream_runs(&client, task_run)).await
        }
        Err(error) => (None, Err(error.clone())),
    };
    TaskRunPage {
        task_run,
        flow_run,
        states,
        upstream,
        artifacts,
    }
}
