//! The flow run page's loaders: the run with the names its header shows, its states and task
//! runs (at once, each with its own answer); beside them the graph and the subflow runs it
//! names (the slow part). Its logs come from `loaders::logs`.

use super::requests::{flow_runs_by_id, subflow_runs_of, task_runs_of};
use crate::api::{ApiError, PrefectClient};
use crate::schemas::graph::{Graph, NodeKind};
use crate::schemas::{FlowRun, State, TaskRun};
use futures::future::{join, join3};
use uuid::Uuid;

/// The run with the names its header shows.
#[derive(Clone, Debug)]
pub struct RunDetails {
    pub run: FlowRun,
    pub flow_name: String,
    /// The deployment's name and version.
    pub deployment: Option<(String, Option<String>)>,
    pub parent: Option<FlowRun>,
}

/// The page's fast part: the run, its states and task runs, each with its own answer.
#[derive(Clone, Debug)]
pub struct RunPage {
    pub details: Result<RunDetails, ApiError>,
    pub states: Result<Vec<State>, ApiError>,
    pub tasks: Result<Vec<TaskRun>, ApiError>,
}

/// The page's slow part, loaded beside it: the graph (Prefect takes about a second for it
/// even on a small server) and the subflow runs it names.
#[derive(Clone, Debug)]
pub struct RunGraph {
    pub graph: Result<Graph, ApiError>,
    pub subflows: Result<Vec<FlowRun>, ApiError>,
}

/// The run that started `task_run` (a subflow's parent), if it can be found.
async fn parent_run(client: &PrefectClient, task_run: Uuid) -> Option<FlowRun> {
    let parent = client.task_run(task_run).await.ok()?.flow_run_id?;
    client.flow_run(parent).await.ok()
}

async fn details(client: &PrefectClient, id: Uuid) -> Result<RunDetails, ApiError> {
    let run = client.flow_run(id).await?;
    let deployment = async {
        match run.deployment_id {
            Some(deployment_id) => Some(match client.deployment(deployment_id).await {
                Ok(d) => (d.name, d.version),
                Err(_) => (deployment_id.to_string(), None),
            }),
            None => None,
        }
    };
    let parent = async {
        match run.parent_task_run_id {
            Some(task_run) => parent_run(client, task_run).await,
            None => None,
        }
    };
    let (flow, (deployment, parent)) =
        join(client.flow(run.flow_id), join(deployment, parent)).await;
    Ok(RunDetails {
        flow_name: flow
            .map(|f| f.name)
            .unwrap_or_else(|_| run.flow_id.to_string()),
        deployment,
        parent,
        run,
    })
}

/// The subflow runs: by id, as the graph names them (none named: no request), or when the
/// graph failed, by parent (a scan of every run on Prefect's side).
async fn subflows(
    client: &PrefectClient,
    id: Uuid,
    graph: &Result<Graph, ApiError>,
) -> Result<Vec<FlowRun>, ApiError> {
    let Ok(graph) = graph else {
        return client.flow_runs_filter(&subflow_runs_of(id)).await;
    };
    let ids: Vec<Uuid> = graph
        .nodes
        .iter()
        .filter(|(_, node)| node.kind == NodeKind::FlowRun)
        .map(|(_, node)| node.id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    client.flow_runs_filter(&flow_runs_by_id(&ids)).await
}

/// The run, its states and task runs, at once.
pub async fn run_page(client: PrefectClient, id: Uuid) -> RunPage {
    let tasks = task_runs_of(id);
    let (details, states, tasks) = join3(
        details(&client, id),
        client.flow_run_states(id),
        client.task_runs_filter(&tasks),
    )
    .await;
    RunPage {
        details,
        states,
        tasks,
    }
}

/// The graph, then the subflow runs it names.
pub async fn run_graph(client: PrefectClient, id: Uuid) -> RunGraph {
    let graph = client.flow_run_graph(id, None).await;
    let subflows = subflows(&client, id, &graph).await;
    RunGraph { graph, subflows }
}
