//! The flow run page's loaders: the run; beside it its states and task runs (at once, each
//! with its own answer) and the graph and the subflow runs it names (the slow part); once
//! the run is in, the names its header shows. Its logs come from `loaders::logs`.

use super::requests::{flow_runs_by_id, subflow_runs_of, task_runs_of};
use crate::api::{ApiError, PrefectClient};
use crate::schemas::graph::{Graph, NodeKind};
use crate::schemas::{Deployment, FlowRun, State, TaskRun};
use futures::future::join;
use uuid::Uuid;

/// The names the run's header shows beside the run: asked once the run is in (they need its
/// ids), so the header shows the run first.
#[derive(Clone, Debug)]
pub struct RunNames {
    /// The run these names are for.
    pub run: Uuid,
    pub flow_name: String,
    /// The deployment's name and version.
    pub deployment: Option<(String, Option<String>)>,
    /// The deployment itself, when it could be read (a copy of the run is made from it).
    pub runnable: Option<Deployment>,
    pub parent: Option<FlowRun>,
}

/// What the names are asked by: the run's ids.
#[derive(Clone, Debug, PartialEq)]
pub struct NamesKey {
    run: Uuid,
    flow: Uuid,
    deployment: Option<Uuid>,
    parent_task_run: Option<Uuid>,
}

impl NamesKey {
    pub fn of(run: &FlowRun) -> NamesKey {
        NamesKey {
            run: run.id,
            flow: run.flow_id,
            deployment: run.deployment_id,
            parent_task_run: run.parent_task_run_id,
        }
    }
}

/// The page's fast part beside the run: its states and task runs, each with its own answer.
#[derive(Clone, Debug)]
pub struct RunParts {
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

/// The names of a run's flow, deployment and parent, at once. One that cannot be found
/// leaves its id (a parent that cannot be found, nothing): never an error.
pub async fn run_names(client: PrefectClient, key: NamesKey) -> Result<RunNames, ApiError> {
    let deployment = async {
        match key.deployment {
            Some(deployment_id) => match client.deployment(deployment_id).await {
                Ok(d) => (Some((d.name.clone(), d.version.clone())), Some(d)),
                Err(_) => (Some((deployment_id.to_string(), None)), None),
            },
            None => (None, None),
        }
    };
    let parent = async {
        match key.parent_task_run {
            Some(task_run) => parent_run(&client, task_run).await,
            None => None,
        }
    };
    let (flow, ((deployment, runnable), parent)) =
        join(client.flow(key.flow), join(deployment, parent)).await;
    Ok(RunNames {
        run: key.run,
        flow_name: flow
            .map(|f| f.name)
            .unwrap_or_else(|_| key.flow.to_string()),
        deployment,
        runnable,
        parent,
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

/// The run's states and task runs, at once.
/// The run itself (its page's header).
pub async fn run(client: PrefectClient, id: Uuid) -> Result<FlowRun, ApiError> {
    client.flow_run(id).await
}

pub async fn run_parts(client: PrefectClient, id: Uuid) -> RunParts {
    let tasks = task_runs_of(id);
    let (states, tasks) = join(client.flow_run_states(id), client.task_runs_filter(&tasks)).await;
    RunParts { states, tasks }
}

/// The graph, then the subflow runs it names.
pub async fn run_graph(client: PrefectClient, id: Uuid) -> RunGraph {
    let graph = client.flow_run_graph(id, None).await;
    let subflows = subflows(&client, id, &graph).await;
    RunGraph { graph, subflows }
}
