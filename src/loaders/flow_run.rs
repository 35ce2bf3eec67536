//! The flow run page's loaders: the run with the names its header shows, its states and task
//! runs (at once, each with its own answer); beside them the graph and the subflow runs it
//! names (the slow part); and a page of logs.

use super::requests::{flow_runs_by_id, run_logs, subflow_runs_of, task_runs_of};
use crate::api::{ApiError, PrefectClient};
use crate::domain::log_search::matches;
use crate::schemas::graph::{Graph, NodeKind};
use crate::schemas::{FlowRun, Log, State, TaskRun, MAX_LIMIT};
use futures::future::{join, join3};
use uuid::Uuid;

/// Logs per page on the run page.
pub const LOGS_PER_PAGE: u32 = 50;

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

/// One page (1-based) of the run's logs at `min_level` or above, only those matching
/// `search` when there is one.
pub async fn logs(
    client: PrefectClient,
    id: Uuid,
    min_level: i64,
    search: Option<String>,
    page: u32,
) -> Result<Vec<Log>, ApiError> {
    let Some(search) = search else {
        return client
            .logs_filter(&run_logs(id, min_level, None, page, LOGS_PER_PAGE))
            .await;
    };
    // Searched here over the whole log (see `log_search::matches`), then paged.
    let all = whole_log(client, id, |_| {}).await?;
    let per_page = LOGS_PER_PAGE as usize;
    let skip = (page.max(1) as usize - 1).saturating_mul(per_page);
    Ok(all
        .into_iter()
        .filter(|log| log.level >= min_level && matches(log, &search))
        .skip(skip)
        .take(per_page)
        .collect())
}

/// Every log line of the run, oldest first: pages of the server's largest size, one after
/// the other until a short one; `progress` hears the lines so far.
pub async fn whole_log(
    client: PrefectClient,
    id: Uuid,
    progress: impl Fn(usize),
) -> Result<Vec<Log>, ApiError> {
    let mut all = Vec::new();
    for page in 1..=u32::MAX {
        let lines = client
            .logs_filter(&run_logs(id, 0, None, page, MAX_LIMIT))
            .await?;
        let short = (lines.len() as u64) < u64::from(MAX_LIMIT);
        all.extend(lines);
        progress(all.len());
        if short {
            break;
        }
    }
    Ok(all)
}

/// Whether the server pushes logs on `/api/logs/out` (from its settings, read once per
/// page load and shared with the CSRF check; a server that does not say, such as Prefect
/// Cloud, is taken not to).
pub async fn logs_streamed(client: PrefectClient) -> Result<bool, ApiError> {
    Ok(client.server_facts().await.logs_streamed)
}
