//! Which actions a flow run allows, the state each one proposes, and how a bulk action is
//! planned: the same rules as Prefect's own UIs, so a button exists only where the server
//! would do something meaningful with it.

use crate::api::ApiError;
use crate::schemas::actions::{SetFlowRunState, StateCreate};
use crate::schemas::responses::{OrchestrationResult, SetStateStatus, StateResponseDetails};
use crate::schemas::{FlowRun, State, StateType, TaskRun};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

/// What a user can do to a flow run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FlowRunAction {
    /// Stop it: proposes Cancelling; the server goes straight to Cancelled for a run that no
    /// worker's infrastructure holds (Prefect's rule), a worker kills the rest.
    Cancel,
    /// Run a finished run again: proposes Scheduled "AwaitingRetry", unforced, so Prefect's
    /// rules decide (Prefect's UIs force it).
    Retry,
    /// Suspend a running run of a deployment: Paused "Suspended", forced, rescheduled when
    /// resumed (Prefect's React UI); it fails if not resumed within the timeout.
    Pause,
    /// Go on with a paused run (`/flow_runs/{id}/resume`).
    Resume,
    /// Mark a run as ended with a chosen final state and a message, forced.
    ChangeState(StateType),
    /// Delete the run, its task runs and logs (`DELETE /flow_runs/{id}`).
    Delete,
}

/// The final states a run can be changed to by hand.
pub const FINAL_STATES: [StateType; 4] = [
    StateType::Completed,
    StateType::Failed,
    StateType::Cancelled,
    StateType::Crashed,
];

/// How long a paused run waits to be resumed before it fails (Prefect's React UI: 5 min).
pub const PAUSE_TIMEOUT_SECONDS: i64 = 300;

/// Which kind of run an action is for. A flow run has every action; a task run's state can
/// be changed and the run deleted, no more (as in Prefect's own UI: a task runs inside its
/// flow run's process, which nothing here can stop, pause or rerun).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RunKind {
    #[default]
    Flow,
    Task,
}

impl RunKind {
    /// "flow run", "task run".
    pub fn noun(self) -> &'static str {
        match self {
            RunKind::Flow => "flow run",
            RunKind::Task => "task run",
        }
    }

    /// "1 run", "3 task runs": a count as the bulk bar says it (a flow run is the
    /// dashboard's plain "run").
    pub fn count_words(self, n: u64) -> String {
        let noun = match self {
            RunKind::Flow => "run",
            RunKind::Task => "task run",
        };
        if n == 1 {
            format!("1 {noun}")
        } else {
            format!("{n} {noun}s")
        }
    }

    /// The actions a bulk bar offers for several runs of this kind.
    pub fn bulk_actions(self) -> Vec<FlowRunAction> {
        match self {
            RunKind::Flow => vec![
                FlowRunAction::Cancel,
                FlowRunAction::Retry,
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::Delete,
            ],
            RunKind::Task => vec![
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::Delete,
            ],
        }
    }
}

/// What the action rules need to know about a run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RunFacts {
    pub state_type: Option<StateType>,
    /// Started by a deployment, so a worker can run (or suspend and rerun) it.
    pub from_deployment: bool,
    pub kind: RunKind,
}

impl From<&FlowRun> for RunFacts {
    fn from(run: &FlowRun) -> Self {
        RunFacts {
            state_type: run.current_state_type(),
            from_deployment: run.deployment_id.is_some(),
            kind: RunKind::Flow,
        }
    }
}

impl From<&TaskRun> for RunFacts {
    fn from(run: &TaskRun) -> Self {
        RunFacts {
            state_type: run.current_state_type(),
            from_deployment: false,
            kind: RunKind::Task,
        }
    }
}

/// Why `action` makes no sense for a run with these facts now, or `None` when it does.
pub fn refusal(run: &RunFacts, action: &FlowRunAction) -> Option<&'static str> {
    let current = run.state_type.as_ref();
    let is = |t: StateType| current == Some(&t);
    let finished = current.is_some_and(|t| FINAL_STATES.contains(t));
    let no_deployment = "it was not started by a deployment, so no worker can run it again";
    let flow_only = matches!(
        action,
        FlowRunAction::Cancel | FlowRunAction::Retry | FlowRunAction::Pause | FlowRunAction::Resume
    );
    if run.kind == RunKind::Task && flow_only {
        return Some("a task run's state can only be changed, or the run deleted");
    }
    match action {
        FlowRunAction::Cancel if finished => Some("it has already finished"),
        FlowRunAction::Cancel if is(StateType::Cancelling) => Some("it is already cancelling"),
        FlowRunAction::Cancel => None,
        FlowRunAction::Retry if !finished => Some("it has not finished"),
        FlowRunAction::Retry if !run.from_deployment => Some(no_deployment),
        FlowRunAction::Retry => None,
        FlowRunAction::Pause if !is(StateType::Running) => Some("it is not running"),
        FlowRunAction::Pause if !run.from_deployment => Some(no_deployment),
        FlowRunAction::Pause => None,
        FlowRunAction::Resume if !is(StateType::Paused) => Some("it is not paused"),
        FlowRunAction::Resume => None,
        FlowRunAction::ChangeState(target) if !FINAL_STATES.contains(target) => {
            Some("only a final state can be chosen")
        }
        FlowRunAction::ChangeState(target) if current == Some(target) => {
            Some("it is already in that state")
        }
        FlowRunAction::ChangeState(_) => None,
        FlowRunAction::Delete => None,
    }
}

/// The actions a run allows now, in menu order.
pub fn available(run: &RunFacts) -> Vec<FlowRunAction> {
    let mut actions = vec![
        FlowRunAction::Cancel,
        FlowRunAction::Retry,
        FlowRunAction::Pause,
        FlowRunAction::Resume,
    ];
    actions.extend(FINAL_STATES.iter().cloned().map(FlowRunAction::ChangeState));
    actions.push(FlowRunAction::Delete);
    actions.retain(|a| refusal(run, a).is_none());
    actions
}

/// The actions as a menu shows them: one "change state" entry (proposing the first final
/// state the run is not in), the rest as [`available`] lists them.
pub fn menu(run: &RunFacts) -> Vec<FlowRunAction> {
    let mut seen_change = false;
    available(run)
        .into_iter()
        .filter(|a| match a {
            FlowRunAction::ChangeState(_) => !std::mem::replace(&mut seen_change, true),
            _ => true,
        })
        .collect()
}

/// The `set_state` body an action sends at `now` (`None` for resume and delete, which have
/// endpoints of their own).
pub fn proposal(
    action: &FlowRunAction,
    message: Option<&str>,
    now: DateTime<Utc>,
) -> Option<SetFlowRunState> {
    let message = message
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let (state_type, name, force) = match action {
        FlowRunAction::Cancel => (StateType::Cancelling, None, false),
        // Unforced: Prefect's rules decide (a run that left its final state meanwhile, or a
        // completed run whose result is kept, is refused with the server's reason).
        FlowRunAction::Retry => (StateType::Scheduled, Some("AwaitingRetry"), false),
        FlowRunAction::Pause => (StateType::Paused, Some("Suspended"), true),
        FlowRunAction::Resume | FlowRunAction::Delete => return None,
        FlowRunAction::ChangeState(target) => (target.clone(), None, true),
    };
    let state_details = (*action == FlowRunAction::Pause).then(|| {
        let timeout = now + chrono::Duration::seconds(PAUSE_TIMEOUT_SECONDS);
        json!({
            "pause_timeout": timeout.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "pause_reschedule": true,
        })
    });
    Some(SetFlowRunState {
        state: StateCreate {
            state_type,
            name: name.map(str::to_string),
            message,
            state_details,
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
pub fn plan<'a>(
    runs: impl IntoIterator<Item = (Uuid, &'a RunFacts)>,
    action: &FlowRunAction,
) -> BulkPlan {
    let mut plan = BulkPlan::default();
    for (id, run) in runs {
        match refusal(run, action) {
            None => plan.send.push(id),
            Some(reason) => plan.skipped.push((id, reason)),
        }
    }
    plan
}

/// Adds a page's runs to a selection, up to [`MAX_BULK`] in all ("Select this page" at a
/// page size of 10,000 takes the first 5,000, as "all matching" does).
pub fn select_up_to_max<T>(
    selected: &mut std::collections::BTreeMap<Uuid, T>,
    page: impl IntoIterator<Item = (Uuid, T)>,
) {
    for (id, run) in page {
        if selected.len() >= MAX_BULK {
            break;
        }
        selected.insert(id, run);
    }
}

/// The plan again, against the runs' states as read when the user confirmed (`now`): of
/// the runs `planned`, those no longer found and those whose state moved so that `action`
/// no longer applies are skipped, with why.
pub fn replan(planned: &[Uuid], now: &[(Uuid, RunFacts)], action: &FlowRunAction) -> BulkPlan {
    let now: std::collections::HashMap<Uuid, &RunFacts> =
        now.iter().map(|(id, facts)| (*id, facts)).collect();
    let mut plan = BulkPlan::default();
    for id in planned {
        match now.get(id) {
            None => plan.skipped.push((*id, "it was deleted meanwhile")),
            Some(facts) => match refusal(facts, action) {
                None => plan.send.push(*id),
                Some(reason) => plan.skipped.push((*id, reason)),
            },
        }
    }
    plan
}

/// Whether the server's answer leaves the run where `action` meant it to be: accepted, or
/// a cancel the server turned into Cancelled at once (a run no worker holds).
pub fn achieved(action: &FlowRunAction, status: &SetStateStatus, state: Option<&State>) -> bool {
    match status {
        SetStateStatus::Accept => true,
        SetStateStatus::Reject => {
            *action == FlowRunAction::Cancel
                && state.is_some_and(|s| s.state_type == StateType::Cancelled)
        }
        _ => false,
    }
}

/// What a bulk action says of an id the server did not find.
const GONE: &str = "not found (deleted meanwhile)";

/// The most runs one bulk action takes ("all matching" beyond it asks for narrower filters).
pub const MAX_BULK: usize = 5_000;

/// How a bulk action is going, counted as the server's answers arrive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BulkProgress {
    pub total: usize,
    pub done: usize,
    /// The server's reason for each run it refused.
    pub refused: Vec<String>,
    /// Calls that failed outright (a 403, a 404, the network), with the error.
    pub failed: Vec<String>,
}

fn counted(reasons: &[String]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for reason in reasons {
        match counts.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((reason, 1)),
        }
    }
    if let [(only, _)] = counts.as_slice() {
        return only.to_string();
    }
    counts
        .iter()
        .map(|(reason, n)| format!("{reason} ({n})"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl BulkProgress {
    /// Progress for `total` runs, none answered yet.
    pub fn new(total: usize) -> Self {
        BulkProgress {
            total,
            ..Default::default()
        }
    }

    /// Counts one run's answer to a proposed state.
    pub fn record(&mut self, action: &FlowRunAction, result: &OrchestrationResult) {
        if achieved(action, &result.status, result.state.as_ref()) {
            self.done += 1;
        } else {
            self.refused.push(outcome(result));
        }
    }

    /// Counts runs a call failed for.
    pub fn fail(&mut self, runs: usize, error: &str) {
        self.failed
            .extend(std::iter::repeat_n(error.to_string(), runs));
    }

    /// Counts the ids of a call the server's answer left out (`asked` sent, `answered`
    /// in the answer) as gone before the call.
    pub fn missing(&mut self, asked: usize, answered: usize) {
        let gone = asked.saturating_sub(answered);
        if gone > 0 {
            self.fail(gone, GONE);
        }
    }

    /// Counts one id the server did not find.
    pub fn gone(&mut self) {
        self.fail(1, GONE);
    }

    /// Every run has its answer.
    pub fn is_finished(&self) -> bool {
        self.done + self.refused.len() + self.failed.len() >= self.total
    }

    /// "37 of 40 done, 3 refused: <the server's reason>".
    pub fn line(&self) -> String {
        let mut line = format!("{} of {} done", self.done, self.total);
        if !self.refused.is_empty() {
            line.push_str(&format!(
                ", {} refused: {}",
                self.refused.len(),
                counted(&self.refused)
            ));
        }
        if !self.failed.is_empty() {
            line.push_str(&format!(
                ", {} failed: {}",
                self.failed.len(),
                counted(&self.failed)
            ));
        }
        line
    }
}

/// A failed action call as the status line says it: a 403 is a role that may not do this,
/// a 404 an object deleted meanwhile; otherwise the error with the server's detail.
pub fn action_error(error: &ApiError) -> String {
    if error.outcome_unknown() {
        return format!(
            "No answer came, so the server may have done it: the page shows what it has now. \
             Trying again sends the same request and does not do it twice. ({error})"
        );
    }
    match error {
        // The shipped proxy's own refusals (cross-origin, read-only) say why themselves.
        ApiError::Http {
            status: 403,
            detail: Some(detail),
            ..
        } if detail.starts_with("Refused: ") => format!("Not allowed (HTTP 403). {detail}"),
        _ => match error.status() {
            Some(403) => format!(
                "Not allowed: your role may not do this here (HTTP 403). {}",
                error
            ),
            Some(404) => format!("Not found: it was deleted meanwhile (HTTP 404). {error}"),
            _ => error.to_string(),
        },
    }
}

/// The idempotency key of one intended change that creates something (a deployment's run):
/// a fresh key for each new intent, the same key again until a try succeeds (a try whose
/// answer was lost may have made the run; a later try that failed outright does not say it
/// did not) while the body is unchanged, so the server (which keeps one run per key) never
/// creates it twice however often the user presses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntentKey {
    /// The key of the intent not yet done, with the body it was sent with.
    pending: Option<(String, String)>,
}

impl IntentKey {
    /// The key to send with `body`: the pending one for the same body, else `fresh()`.
    pub fn key_for(&mut self, body: &str, fresh: impl FnOnce() -> String) -> String {
        match &self.pending {
            Some((key, sent)) if sent == body => key.clone(),
            _ => {
                let key = fresh();
                self.pending = Some((key.clone(), body.to_string()));
                key
            }
        }
    }

    /// The try ended: success retires the key (the next press is a new intent); a failure
    /// of any kind keeps it for the next try of the same body.
    pub fn settle(&mut self, succeeded: bool) {
        if succeeded {
            self.pending = None;
        }
    }

    /// As kept in the tab's storage (so a re-rendered page or a reloaded tab presses with
    /// the same key): `[key, body]`, or None when no try is pending.
    pub fn stored(&self) -> Option<String> {
        self.pending
            .as_ref()
            .map(|(key, body)| serde_json::json!([key, body]).to_string())
    }

    /// From `stored` text; anything else (nothing, a hand edit) is no pending try.
    pub fn from_stored(text: Option<&str>) -> IntentKey {
        let pending = text
            .and_then(|t| serde_json::from_str::<(String, String)>(t).ok())
            .filter(|(key, _)| !key.is_empty() && key.len() <= 200);
        IntentKey { pending }
    }
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
    use crate::domain::test_now;

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
    fn selecting_a_page_stops_at_the_bulk_cap() {
        let mut selected = std::collections::BTreeMap::new();
        select_up_to_max(&mut selected, (0..3u128).map(|n| (Uuid::from_u128(n), ())));
        // A page of 10,000 rows (page_size from the address can be anything).
        select_up_to_max(
            &mut selected,
            (0..10_000u128).map(|n| (Uuid::from_u128(n + 1_000_000), ())),
        );
        assert_eq!(selected.len(), MAX_BULK);
        assert!(
            selected.contains_key(&Uuid::from_u128(0)),
            "the first ticked stay"
        );
    }

    #[test]
    fn a_plan_is_made_again_against_the_states_at_confirm() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        // Three failed runs planned for a retry; meanwhile b was retried by someone else
        // (now scheduled) and c deleted.
        let now = vec![
            (a, facts(1, "FAILED", true)),
            (b, facts(2, "SCHEDULED", true)),
        ];
        let plan = replan(&[a, b, c], &now, &FlowRunAction::Retry);
        assert_eq!(plan.send, vec![a]);
        assert_eq!(
            plan.skipped,
            vec![(b, "it has not finished"), (c, "it was deleted meanwhile")]
        );
    }

    #[test]
    fn an_intent_keeps_its_key_until_a_try_succeeds() {
        let mut intent = IntentKey::default();
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("k{n}")
        };
        let first = intent.key_for("{}", &mut fresh);
        intent.settle(false);
        assert_eq!(
            intent.key_for("{}", &mut fresh),
            first,
            "lost: the same key"
        );
        // A busy server (503) on the retry does not undo what the lost try may have made.
        intent.settle(false);
        assert_eq!(intent.key_for("{}", &mut fresh), first, "still the same");
        intent.settle(true);
        let second = intent.key_for("{}", &mut fresh);
        assert_ne!(second, first, "done: the next press is a new run");
        intent.settle(false);
        assert_ne!(
            intent.key_for("{\"x\":1}", &mut fresh),
            second,
            "another body is another intent"
        );
        // Kept in storage and read back: the same pending key.
        let again = IntentKey::from_stored(intent.stored().as_deref());
        assert_eq!(again, intent);
        assert_eq!(
            IntentKey::from_stored(Some("not json")),
            IntentKey::default()
        );
        intent.settle(true);
        assert_eq!(intent.stored(), None);
    }

    #[test]
    fn an_action_error_says_when_the_outcome_is_unknown_and_names_the_proxy_refusal() {
        let timeout = ApiError::Timeout {
            endpoint: "/deployments/1/create_flow_run".into(),
            seconds: 65,
        };
        assert!(action_error(&timeout).contains("may have done it"));
        let refused = ApiError::from_status(
            "/flow_runs/1",
            403,
            r#"{"detail": "Refused: this dashboard is read-only"}"#,
        );
        let said = action_error(&refused);
        assert!(
            said.contains("read-only") && !said.contains("your role"),
            "{said}"
        );
        let role = ApiError::from_status("/flow_runs/1", 403, r#"{"detail": "Forbidden"}"#);
        assert!(action_error(&role).contains("your role"));
    }

    fn facts(n: u128, state_type: &str, deployment: bool) -> RunFacts {
        RunFacts::from(&run(n, state_type, deployment))
    }

    #[test]
    fn a_task_run_offers_a_change_of_state_and_delete_only() {
        let task = |state: StateType| RunFacts {
            state_type: Some(state),
            from_deployment: false,
            kind: RunKind::Task,
        };
        assert_eq!(
            menu(&task(StateType::Running)),
            [
                FlowRunAction::ChangeState(StateType::Completed),
                FlowRunAction::Delete
            ]
        );
        // Already completed: the change proposes the next final state.
        assert_eq!(
            menu(&task(StateType::Completed)),
            [
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::Delete
            ]
        );
        let planned = plan(
            [
                (Uuid::from_u128(1), &task(StateType::Failed)),
                (Uuid::from_u128(2), &task(StateType::Running)),
            ],
            &FlowRunAction::Cancel,
        );
        assert!(planned.send.is_empty());
        assert_eq!(planned.skipped.len(), 2);
        let failing = plan(
            [
                (Uuid::from_u128(1), &task(StateType::Failed)),
                (Uuid::from_u128(2), &task(StateType::Running)),
            ],
            &FlowRunAction::ChangeState(StateType::Failed),
        );
        assert_eq!(failing.send, [Uuid::from_u128(2)]);
        assert_eq!(
            RunKind::Task.bulk_actions(),
            [
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::Delete
            ]
        );
    }

    #[test]
    fn actions_follow_the_run_state() {
        let running = facts(1, "RUNNING", true);
        assert_eq!(
            available(&running),
            [
                FlowRunAction::Cancel,
                FlowRunAction::Pause,
                FlowRunAction::ChangeState(StateType::Completed),
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::ChangeState(StateType::Cancelled),
                FlowRunAction::ChangeState(StateType::Crashed),
                FlowRunAction::Delete,
            ]
        );
        // A run nobody deployed cannot be suspended: nothing would run it again.
        assert_eq!(
            refusal(&facts(6, "RUNNING", false), &FlowRunAction::Pause),
            Some("it was not started by a deployment, so no worker can run it again")
        );
        assert_eq!(
            refusal(&facts(7, "SCHEDULED", true), &FlowRunAction::Pause),
            Some("it is not running")
        );
        assert_eq!(
            menu(&running),
            [
                FlowRunAction::Cancel,
                FlowRunAction::Pause,
                FlowRunAction::ChangeState(StateType::Completed),
                FlowRunAction::Delete,
            ]
        );
        let failed = facts(2, "FAILED", true);
        assert_eq!(
            menu(&facts(8, "COMPLETED", true)),
            [
                FlowRunAction::Retry,
                FlowRunAction::ChangeState(StateType::Failed),
                FlowRunAction::Delete,
            ]
        );
        assert!(available(&failed).contains(&FlowRunAction::Retry));
        assert!(!available(&failed).contains(&FlowRunAction::Cancel));
        assert!(!available(&failed).contains(&FlowRunAction::ChangeState(StateType::Failed)));
        let adhoc = facts(3, "FAILED", false);
        assert!(refusal(&adhoc, &FlowRunAction::Retry).is_some_and(|r| r.contains("deployment")));
        assert!(available(&facts(4, "PAUSED", true)).contains(&FlowRunAction::Resume));
        assert!(available(&adhoc).contains(&FlowRunAction::Delete));
        assert_eq!(
            refusal(&facts(5, "CANCELLING", true), &FlowRunAction::Cancel),
            Some("it is already cancelling")
        );
    }

    #[test]
    fn proposals_match_prefects_uis() {
        let cancel =
            serde_json::to_value(proposal(&FlowRunAction::Cancel, None, test_now())).expect("json");
        assert_eq!(
            cancel,
            json!({"state": {"type": "CANCELLING"}, "force": false})
        );
        let retry = serde_json::to_value(proposal(&FlowRunAction::Retry, Some("  "), test_now()))
            .expect("json");
        assert_eq!(
            retry,
            json!({"state": {"type": "SCHEDULED", "name": "AwaitingRetry"}, "force": false})
        );
        let change = proposal(
            &FlowRunAction::ChangeState(StateType::Failed),
            Some(" stuck since Monday "),
            test_now(),
        )
        .expect("proposal");
        assert_eq!(change.state.message.as_deref(), Some("stuck since Monday"));
        assert!(change.force);
        assert_eq!(proposal(&FlowRunAction::Resume, None, test_now()), None);
        assert_eq!(proposal(&FlowRunAction::Delete, None, test_now()), None);
        let pause =
            serde_json::to_value(proposal(&FlowRunAction::Pause, None, test_now())).expect("json");
        assert_eq!(
            pause,
            json!({"state": {"type": "PAUSED", "name": "Suspended", "state_details": {
                "pause_timeout": "2026-11-24T12:05:00Z", "pause_reschedule": true}}, "force": true})
        );
    }

    #[test]
    fn a_bulk_plan_skips_what_is_meaningless_and_says_why() {
        let runs = [
            facts(1, "SCHEDULED", true),
            facts(2, "COMPLETED", true),
            facts(3, "RUNNING", true),
            facts(4, "CANCELLING", true),
            facts(5, "FAILED", true),
        ];
        let ids = (1..).map(Uuid::from_u128);
        let plan = plan(ids.zip(runs.iter()), &FlowRunAction::Cancel);
        assert_eq!(plan.send, [Uuid::from_u128(1), Uuid::from_u128(3)]);
        assert_eq!(
            plan.skipped_summary().as_deref(),
            Some("3 skipped: it has already finished (2), it is already cancelling (1)")
        );
        assert_eq!(BulkPlan::default().skipped_summary(), None);
    }

    #[test]
    fn bulk_progress_counts_answers_and_says_why_runs_were_refused() {
        let result = |value: serde_json::Value| -> OrchestrationResult {
            serde_json::from_value(value).expect("result")
        };
        let cancelled =
            json!({"type": "CANCELLED", "name": "Cancelled", "timestamp": "2026-11-24T12:00:00Z"});
        let mut progress = BulkProgress::new(5);
        assert_eq!(progress.line(), "0 of 5 done");
        progress.record(
            &FlowRunAction::Cancel,
            &result(
                json!({"status": "ACCEPT", "state": null, "details": {"type": "accept_details"}}),
            ),
        );
        // A scheduled run's cancel comes back REJECT with Cancelled: that is done.
        progress.record(
            &FlowRunAction::Cancel,
            &result(json!({"status": "REJECT", "state": cancelled,
                "details": {"type": "reject_details", "reason": "no infrastructure"}})),
        );
        progress.record(
            &FlowRunAction::Cancel,
            &result(json!({"status": "ABORT", "state": null,
                "details": {"type": "abort_details", "reason": "already in terminal state"}})),
        );
        assert!(!progress.is_finished());
        assert_eq!(
            progress.line(),
            "2 of 5 done, 1 refused: Refused: already in terminal state"
        );
        progress.fail(2, "HTTP 403 (forbidden)");
        assert!(progress.is_finished());
        assert_eq!(
            progress.line(),
            "2 of 5 done, 1 refused: Refused: already in terminal state, 2 failed: HTTP 403 (forbidden)"
        );
        // A retry's REJECT is a refusal, whatever state it names.
        assert!(!achieved(
            &FlowRunAction::Retry,
            &SetStateStatus::Reject,
            None
        ));
        let mut mixed = BulkProgress::new(3);
        mixed.refused = vec!["a".into(), "b".into(), "a".into()];
        assert_eq!(mixed.line(), "0 of 3 done, 3 refused: a (2); b (1)");
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
