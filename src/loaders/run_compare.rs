//! The comparison of two flow runs: the runs (one request for both), each one's states, its
//! flow's and deployment's names (one request each for both runs), and beside them the task
//! runs of both (counted, then their pages at once) and each run's first WARNING and first
//! ERROR line (one line each). With one run named, the runs it is likely compared with: the
//! last ones of its deployment (or flow).

use super::requests::{deployments_by_id, flow_runs_by_id, flows_by_id};
use super::run_history::{runs_request, task_runs_of_runs, HistoryOf};
use crate::api::{ApiError, PrefectClient};
use crate::domain::log_counts;
use crate::schemas::filters::{IdFilter, LevelFilter, LogFilter, LogRequest};
use crate::schemas::responses::TaskRunRef;
use crate::schemas::sorting::LogSort;
use crate::schemas::{FlowRun, Log, State};
use futures::future::{join, join3, join4};
use uuid::Uuid;

/// Runs offered to compare with, when only one is named.
pub const CANDIDATES: usize = 10;

/// One of the two runs, with what its column shows.
#[derive(Clone, Debug)]
pub struct RunSide {
    pub run: FlowRun,
    pub states: Result<Vec<State>, ApiError>,
    pub flow_name: Option<String>,
    pub deployment_name: Option<String>,
}

/// The two runs (None: no such run on this server), and, with only the first named, runs
/// to compare it with.
#[derive(Clone, Debug, Default)]
pub struct ComparedRuns {
    pub a: Option<RunSide>,
    pub b: Option<RunSide>,
    pub candidates: Vec<FlowRun>,
}

/// A run's first WARNING line and first ERROR (or CRITICAL) line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FirstLines {
    pub warning: Option<Log>,
    pub error: Option<Log>,
}

/// What the comparison reads beside the runs.
#[derive(Clone, Debug, Default)]
pub struct ComparedDetails {
    pub task_runs: Vec<TaskRunRef>,
    /// How many task runs the two have (more than read when past the cap).
    pub task_total: i64,
    pub a_lines: FirstLines,
    pub b_lines: FirstLines,
}

/// The first log line of `run` with a level in `levels` (`(ge, le)`), oldest first.
pub fn first_line_request(run: Uuid, levels: (i64, Option<i64>)) -> LogRequest {
    LogRequest {
        logs: Some(LogFilter {
            flow_run_id: Some(IdFilter::any(vec![run])),
            level: Some(LevelFilter {
                ge_: Some(levels.0),
                le_: levels.1,
            }),
            ..Default::default()
        }),
        sort: Some(LogSort::TimestampAsc),
        limit: Some(1),
        offset: None,
    }
}

/// The levels a WARNING line has (up to ERROR) and an ERROR or CRITICAL line has.
const WARNING_LEVELS: (i64, Option<i64>) = (log_counts::WARNING, Some(log_counts::ERROR - 1));
const ERROR_LEVELS: (i64, Option<i64>) = (log_counts::ERROR, None);

/// The two runs and what their columns show. A run that cannot be read is None (the
/// page says so); a failed request for both is the error.
pub async fn compared_runs(
    client: PrefectClient,
    a: Option<Uuid>,
    b: Option<Uuid>,
) -> Result<ComparedRuns, ApiError> {
    let ids: Vec<Uuid> = [a, b].into_iter().flatten().collect();
    if ids.is_empty() {
        return Ok(ComparedRuns::default());
    }
    let runs = client.flow_runs_filter(&flow_runs_by_id(&ids)).await?;
    let find = |id: Option<Uuid>| id.and_then(|id| runs.iter().find(|r| r.id == id).cloned());
    let (run_a, run_b) = (find(a), find(b));
    let flows: Vec<Uuid> = runs.iter().map(|r| r.flow_id).collect();
    let deployments: Vec<Uuid> = runs.iter().filter_map(|r| r.deployment_id).collect();
    let states = |run: &Option<FlowRun>| {
        let id = run.as_ref().map(|r| r.id);
        let client = client.clone();
        async move {
            match id {
                Some(id) => Some(client.flow_run_states(id).await),
                None => None,
            }
        }
    };
    let deployment_names = async {
        if deployments.is_empty() {
            Ok(Vec::new())
        } else {
            client
                .deployment_names_filter(&deployments_by_id(&deployments))
                .await
        }
    };
    // Only the first named: its deployment's (or flow's) last runs to choose from.
    let candidates = async {
        match (&run_a, b) {
            (Some(run), None) => {
                let of = run
                    .deployment_id
                    .map_or(HistoryOf::Flow(run.flow_id), HistoryOf::Deployment);
                client
                    .flow_runs_filter(&runs_request(of, CANDIDATES + 1))
                    .await
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    };
    let (states_a, states_b, (flow_names, deployment_names), candidates) = join4(
        states(&run_a),
        states(&run_b),
        join(
            client.flow_names_filter(&flows_by_id(&flows)),
            deployment_names,
        ),
        candidates,
    )
    .await;
    let (flow_names, deployment_names) = (
        flow_names.unwrap_or_default(),
        deployment_names.unwrap_or_default(),
    );
    let side = |run: Option<FlowRun>, states: Option<Result<Vec<State>, ApiError>>| {
        let run = run?;
        let flow_name = flow_names
            .iter()
            .find(|f| f.id == run.flow_id)
            .map(|f| f.name.clone());
        let deployment_name = run.deployment_id.and_then(|id| {
            deployment_names
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.name.clone())
        });
        Some(RunSide {
            states: states.unwrap_or_else(|| Ok(Vec::new())),
            run,
            flow_name,
            deployment_name,
        })
    };
    let exclude = a;
    Ok(ComparedRuns {
        a: side(run_a, states_a),
        b: side(run_b, states_b),
        candidates: candidates
            .into_iter()
            .filter(|r| Some(r.id) != exclude)
            .take(CANDIDATES)
            .collect(),
    })
}

/// A run's first warning and first error line, at once.
async fn first_lines(client: &PrefectClient, run: Option<Uuid>) -> Result<FirstLines, ApiError> {
    let Some(run) = run else {
        return Ok(FirstLines::default());
    };
    let (warning, error) = join(
        client.logs_filter(&first_line_request(run, WARNING_LEVELS)),
        client.logs_filter(&first_line_request(run, ERROR_LEVELS)),
    )
    .await;
    Ok(FirstLines {
        warning: warning?.into_iter().next(),
        error: error?.into_iter().next(),
    })
}

/// The task runs of both runs and each one's first warning and error line, at once.
pub async fn compared_details(
    client: PrefectClient,
    a: Option<Uuid>,
    b: Option<Uuid>,
) -> Result<ComparedDetails, ApiError> {
    let ids: Vec<Uuid> = [a, b].into_iter().flatten().collect();
    if ids.is_empty() {
        return Ok(ComparedDetails::default());
    }
    let (tasks, a_lines, b_lines) = join3(
        task_runs_of_runs(&client, &ids),
        first_lines(&client, a),
        first_lines(&client, b),
    )
    .await;
    let (task_runs, task_total) = tasks?;
    Ok(ComparedDetails {
        task_runs,
        task_total,
        a_lines: a_lines?,
        b_lines: b_lines?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_first_line_is_one_line_of_its_levels_oldest_first() {
        let run = Uuid::from_u128(9);
        let warning =
            serde_json::to_value(first_line_request(run, WARNING_LEVELS)).unwrap_or_default();
        assert_eq!(warning["logs"]["flow_run_id"]["any_"], json!([run]));
        assert_eq!(warning["logs"]["level"], json!({"ge_": 30, "le_": 39}));
        assert_eq!(warning["sort"], "TIMESTAMP_ASC");
        assert_eq!(warning["limit"], 1);
        let error = serde_json::to_value(first_line_request(run, ERROR_LEVELS)).unwrap_or_default();
        assert_eq!(error["logs"]["level"], json!({"ge_": 40}));
    }
}
