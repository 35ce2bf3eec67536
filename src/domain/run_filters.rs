//! The flow-run filters the deployments, work pools and dashboard pages send, built in one
//! place so each is tested against the shape Prefect accepts.

use crate::api::endpoints::MAX_LIMIT;
use crate::schemas::filters::*;
use crate::schemas::sorting::FlowRunSort;
use crate::schemas::{StateType, Timestamp};
use chrono::{DateTime, Utc};
use uuid::Uuid;

fn ids(ids: &[Uuid]) -> NullableIdFilter {
    NullableIdFilter {
        operator: None,
        any_: Some(ids.to_vec()),
        is_null_: None,
    }
}

fn types(any: Vec<StateType>, not_any: Vec<StateType>) -> StateFilter {
    StateFilter {
        operator: None,
        state_type: Some(StateTypeFilter {
            any_: (!any.is_empty()).then_some(any),
            not_any_: (!not_any.is_empty()).then_some(not_any),
        }),
        name: None,
    }
}

/// Which runs a request is about: some deployments, or one work pool.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope<'a> {
    Deployments(&'a [Uuid]),
    WorkPool(&'a str),
}

fn scoped(
    scope: &Scope,
    flow_runs: FlowRunFilter,
    sort: FlowRunSort,
    limit: u32,
) -> FlowRunRequest {
    let mut flow_runs = flow_runs;
    let mut work_pools = None;
    match scope {
        Scope::Deployments(list) => flow_runs.deployment_id = Some(ids(list)),
        Scope::WorkPool(name) => {
            work_pools = Some(WorkPoolFilter {
                name: Some(AnyFilter {
                    any_: Some(vec![name.to_string()]),
                }),
                ..Default::default()
            })
        }
    }
    FlowRunRequest {
        flow_runs: Some(flow_runs),
        work_pools,
        sort: Some(sort),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// Runs that were due by now (everything but future schedules), newest first.
pub fn recent_runs(scope: &Scope, now: DateTime<Utc>, limit: u32) -> FlowRunRequest {
    scoped(
        scope,
        FlowRunFilter {
            expected_start_time: Some(TimeFilter {
                before_: Some(Timestamp(now)),
                after_: None,
            }),
            ..Default::default()
        },
        FlowRunSort::ExpectedStartTimeDesc,
        limit,
    )
}

/// Scheduled runs still to come, soonest first.
pub fn upcoming_runs(scope: &Scope, now: DateTime<Utc>, limit: u32) -> FlowRunRequest {
    scoped(
        scope,
        FlowRunFilter {
            state: Some(types(vec![StateType::Scheduled], vec![])),
            expected_start_time: Some(TimeFilter {
                before_: None,
                after_: Some(Timestamp(now)),
            }),
            ..Default::default()
        },
        FlowRunSort::ExpectedStartTimeAsc,
        limit,
    )
}

/// Runs in Prefect's "Late" state (Scheduled, past their time), newest first.
pub fn late_runs(limit: u32) -> FlowRunRequest {
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(StateFilter {
                operator: None,
                state_type: None,
                name: Some(StateNameFilter {
                    any_: Some(vec!["Late".into()]),
                    not_any_: None,
                }),
            }),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// Runs to look at on the dashboard: failed or crashed in the window, or late now.
pub fn attention_runs(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tags: &[String],
    limit: u32,
) -> FlowRunRequest {
    let mut state = types(vec![StateType::Failed, StateType::Crashed], vec![]);
    state.operator = Some(Operator::Or);
    state.name = Some(StateNameFilter {
        any_: Some(vec!["Late".into()]),
        not_any_: None,
    });
    FlowRunRequest {
        flow_runs: Some(FlowRunFilter {
            state: Some(state),
            expected_start_time: Some(TimeFilter {
                after_: Some(Timestamp(start)),
                before_: Some(Timestamp(end)),
            }),
            tags: tagged(tags),
            ..Default::default()
        }),
        sort: Some(FlowRunSort::ExpectedStartTimeDesc),
        limit: Some(limit.min(MAX_LIMIT)),
        ..Default::default()
    }
}

/// Any of these tags, or no tag filter.
pub fn tagged(tags: &[String]) -> Option<TagsFilter> {
    (!tags.is_empty()).then(|| TagsFilter {
        operator: None,
        all_: None,
        any_: Some(tags.to_vec()),
        is_null_: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        crate::domain::test_now()
    }

    #[test]
    fn recent_and_upcoming_for_deployments_and_pools() {
        let id = Uuid::nil();
        let recent = serde_json::to_value(recent_runs(&Scope::Deployments(&[id]), now(), 500))
            .expect("json");
        assert_eq!(recent["limit"], 200);
        assert_eq!(recent["sort"], "EXPECTED_START_TIME_DESC");
        assert_eq!(
            recent["flow_runs"]["deployment_id"]["any_"][0],
            id.to_string()
        );
        assert!(recent["flow_runs"]["expected_start_time"]["before_"].is_string());
        let upcoming =
            serde_json::to_value(upcoming_runs(&Scope::WorkPool("demo-pool"), now(), 10))
                .expect("json");
        assert_eq!(
            upcoming["work_pools"],
            json!({"name": {"any_": ["demo-pool"]}})
        );
        assert_eq!(
            upcoming["flow_runs"]["state"]["type"]["any_"],
            json!(["SCHEDULED"])
        );
        assert_eq!(upcoming["sort"], "EXPECTED_START_TIME_ASC");
    }

    #[test]
    fn attention_is_failed_or_late_in_the_window() {
        let body =
            serde_json::to_value(attention_runs(now(), now(), &["etl".into()], 200)).expect("json");
        let state = &body["flow_runs"]["state"];
        assert_eq!(state["operator"], "or_");
        assert_eq!(state["type"]["any_"], json!(["FAILED", "CRASHED"]));
        assert_eq!(state["name"]["any_"], json!(["Late"]));
        assert_eq!(body["flow_runs"]["tags"]["any_"], json!(["etl"]));
        let late = serde_json::to_value(late_runs(200)).expect("json");
        assert_eq!(
            late["flow_runs"]["state"],
            json!({"name": {"any_": ["Late"]}})
        );
    }
}
