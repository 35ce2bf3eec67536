//! Which actions a flow run allows, the state each one proposes, and how a bulk action is
//! planned: the same rules as Prefect's own UIs, so a button exists only where the server
//! would do something meaningful with it.

use crate::schemas::actions::{SetFlowRunState, StateCreate};
use crate::schemas::responses::{OrchestrationResult, SetStateStatus, StateResponseDetails};
use crate::schemas::{FlowRun, StateType};
use uuid::Uuid;

/// What a user can do to a flow run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowRunAction {
    /// Stop it: proposes Cancelling; the server goes straight to Cancelled for a run that no
    /// worker's infrastructure holds (Prefect's rule), a worker kills the rest.
    Cancel,
    /// Run a finished run again: proposes Scheduled "AwaitingRetry", forced (Prefect's UIs).
    Retry,
    /// Go on with a paused run (`/flow_runs/{id}/resume`).
    Resume,
    /// Mark a run as ended with a chosen final state and a message, forced.
    ChangeState(StateType),
}

/// The final states a run can be changed to by hand.
pub const FINAL_STATES: [StateType; 4] = [
    StateType::Completed,
    StateType::Failed,
    StateType::Cancelled,
    StateType::Crashed,
];

fn state_type(run: &FlowRun) -> Option<StateType> {
    run.current_state_type()
}

/// Why `action` makes no sense for `run` now, or `None` when it does.
pub fn refusal(run: &FlowRun, action: &FlowRunAction) -> Option<&'static str> {
    let current = state_type(run);
    let is = |t: StateType| current.as_ref() == Some(&t);
    let finished = current.as_ref().is_some_and(|t| FINAL_STATES.contains(t));
    match action {
        FlowRunAction::Cancel if finished => Some("it has already finished"),
        FlowRunAction::Cancel if is(StateType::Cancelling) => Some("it is already cancelling"),
        FlowRunAction::Cancel => None,
        FlowRunAction::Retry if !finished => Some("it has not finished"),
        FlowRunAction::Retry if run.deployment_id.is_none() => {
            Some("it was not started by a deployment, so no worker can run it again")
        }
        FlowRunAction::Retry => None,
        FlowRunAction::Resume if !is(StateType::Paused) => Some("it is not paused"),
        FlowRunAction::Resume => None,
        FlowRunAction::ChangeState(target) if !FINAL_STATES.contains(target) => {
            Some("only a final state can be chosen")
        }
        FlowRunAction::ChangeState(target) if current.as_ref() == Some(target) => {
            Some("it is already in that state")
        }
        FlowRunAction::ChangeState(_) => None,
    }
}

/// The actions `run` allows now, in menu order.
pub fn available(run: &FlowRun) -> Vec<FlowRunAction> {
    let mut actions = vec![
        FlowRunAction::Cancel,
        FlowRunAction::Retry,
        FlowRunAction::Resume,
    ];
    actions.extend(FINAL_STATES.iter().cloned().map(FlowRunAction::ChangeState));
    actions.retain(|a| refusal(run, a).is_none());
    actions
}

/// The `set_state` body an action sends (`None` for resume, which has its own endpoint).
pub fn proposal(action: &FlowRunAction, message: Option<&str>) -> Option<SetFlowRunState> {
    let message = message
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let (state_type, name, force) = match action {
        FlowRunAction::Cancel => (StateType::Cancelling, None, false),
        FlowRunAction::Retry => (StateType::Scheduled, Some("AwaitingRetry"), true),
        FlowRunAction::Resume => return None,
        FlowRunAction::ChangeState(target) => (target.clone(), None, true),
    };
    Some(SetFlowRunState {
        state: StateCreate {
            state_type,
            name: name.map(str::to_string),
            message,
        },
        force,
    })
}

/// A bulk action split into the runs it is sent for and those skipped, with why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkPlan {
    pub send: Vec<Uuid>,
    pub skipped: Vec<(Uuid, &'static str)>,
}

impl BulkPlan {
    /// "3 skipped: it has already finished (2), it is already cancelling (1)".
    pub fn skipped_summary(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let mut reasons: Vec<(&'static str, usize)> = Vec::new();
        for (_, reason) in &self.skipped {
            match reasons.iter_mut().find(|(r, _)| r == reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((reason, 1)),
            }
        }
        let reasons: Vec<String> = reasons
            .into_iter()
            .map(|(reason, n)| format!("{reason} ({n})"))
            .collect();
        Some(format!(
            "{} skipped: {}",
            self.skipped.len(),
            reasons.join(", ")
        ))
    }
}

/// Which of `runs` `action` is sent for; nothing is sent where it would be meaningless.
pub fn plan(runs: &[FlowRun], action: &FlowRunAction) -> BulkPlan {
    let mut plan = BulkPlan::default();
    for run in runs {
        match refusal(run, action) {
            None => plan.send.push(run.id),
            Some(reason) => plan.skipped.push((run.id, reason)),
        }
    }
    plan
}

/// What the server did with a proposed state, as one sentence for the status line:
/// "Now Cancelled: Scheduled flow run has no infrastructure to terminate.",
/// "Refused: <the server's reason>", "The server asked to wait 5 s".
pub fn outcome(result: &OrchestrationResult) -> String {
    let now_in = result
        .state
        .as_ref()
        .map(|s| format!("Now {}", s.display_name()));
    let reason = match &result.details {
        StateResponseDetails::Reject { reason } | StateResponseDetails::Abort { reason } => {
            reason.clone()
        }
        StateResponseDetails::Wait { reason, .. } => reason.clone(),
        StateResponseDetails::Accept {} => None,
    };
    let with_reason = |head: String| match &reason {
        Some(reason) => format!("{head}: {reason}"),
        None => head,
    };
    match (&result.status, &result.details) {
        (SetStateStatus::Accept, _) => now_in.unwrap_or_else(|| "Accepted".into()),
        (SetStateStatus::Wait, StateResponseDetails::Wait { delay_seconds, .. }) => {
            with_reason(format!("The server asked to wait {delay_seconds} s"))
        }
        (SetStateStatus::Reject, _) => with_reason(now_in.unwrap_or_else(|| "Refused".into())),
        _ => with_reason("Refused".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(n: u128, state_type: &str, deployment: bool) -> FlowRun {
        let deployment = deployment.then(|| Uuid::from_u128(99).to_string());
        serde_json::from_value(json!({
            "id": Uuid::from_u128(n), "name": "r", "flow_id": Uuid::from_u128(50),
            "deployment_id": deployment,
            "state": {"type": state_type, "name": state_type, "timestamp": "2026-11-24T12:00:00Z"},
        }))
        .expect("run")
    }

    #[test]
    fn actions_follow_the_run_state() {
        let running = run(1, "RUNNING", true);
        assert_eq!(
            available(&running),
            [
                FlowRunAction::Cancel,
                FlowRunAction::ChangeState(StateType::Completed),
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::ChangeState(StateType::Cancelled),
                FlowRunAction::ChangeState(StateType::Crashed),
            ]
        );
        let failed = run(2, "FAILED", true);
        assert!(available(&failed).contains(&FlowRunAction::Retry));
        assert!(!available(&failed).contains(&FlowRunAction::Cancel));
        assert!(!available(&failed).contains(&FlowRunAction::ChangeState(StateType::Failed)));
        let adhoc = run(3, "FAILED", false);
        assert!(refusal(&adhoc, &FlowRunAction::Retry).is_some_and(|r| r.contains("deployment")));
        assert!(available(&run(4, "PAUSED", true)).contains(&FlowRunAction::Resume));
        assert_eq!(
            refusal(&run(5, "CANCELLING", true), &FlowRunAction::Cancel),
            Some("it is already cancelling")
        );
    }

    #[test]
    fn proposals_match_prefects_uis() {
        let cancel = serde_json::to_value(proposal(&FlowRunAction::Cancel, None)).expect("json");
        assert_eq!(
            cancel,
            json!({"state": {"type": "CANCELLING"}, "force": false})
        );
        let retry =
            serde_json::to_value(proposal(&FlowRunAction::Retry, Some("  "))).expect("json");
        assert_eq!(
            retry,
            json!({"state": {"type": "SCHEDULED", "name": "AwaitingRetry"}, "force": true})
        );
        let change = proposal(
            &FlowRunAction::ChangeState(StateType::Failed),
            Some(" stuck since Monday "),
        )
        .expect("proposal");
        assert_eq!(change.state.message.as_deref(), Some("stuck since Monday"));
        assert!(change.force);
        assert_eq!(proposal(&FlowRunAction::Resume, None), None);
    }

    #[test]
    fn a_bulk_plan_skips_what_is_meaningless_and_says_why() {
        let runs = [
            run(1, "SCHEDULED", true),
            run(2, "COMPLETED", true),
            run(3, "RUNNING", true),
            run(4, "CANCELLING", true),
            run(5, "FAILED", true),
        ];
        let plan = plan(&runs, &FlowRunAction::Cancel);
        assert_eq!(plan.send, [Uuid::from_u128(1), Uuid::from_u128(3)]);
        assert_eq!(
            plan.skipped_summary().as_deref(),
            Some("3 skipped: it has already finished (2), it is already cancelling (1)")
        );
        assert_eq!(BulkPlan::default().skipped_summary(), None);
    }

    #[test]
    fn outcomes_say_what_happened() {
        let result = |value: serde_json::Value| -> OrchestrationResult {
            serde_json::from_value(value).expect("result")
        };
        let state =
            json!({"type": "CANCELLED", "name": "Cancelled", "timestamp": "2026-11-24T12:00:00Z"});
        assert_eq!(
            outcome(&result(
                json!({"status": "ACCEPT", "state": state, "details": {"type": "accept_details"}})
            )),
            "Now Cancelled"
        );
        assert_eq!(
            outcome(&result(json!({"status": "REJECT", "state": state,
                "details": {"type": "reject_details", "reason": "Scheduled flow run has no infrastructure to terminate."}}))),
            "Now Cancelled: Scheduled flow run has no infrastructure to terminate."
        );
        assert_eq!(
            outcome(&result(json!({"status": "ABORT", "state": null,
                "details": {"type": "abort_details", "reason": "This run has already terminated."}}))),
            "Refused: This run has already terminated."
        );
        assert_eq!(
            outcome(&result(json!({"status": "WAIT", "state": null,
                "details": {"type": "wait_details", "delay_seconds": 5}}))),
            "The server asked to wait 5 s"
        );
    }
}
