//! How often what is on screen is fetched again, beyond the shell's refresh interval.

use crate::schemas::FlowRun;
use std::time::Duration;

/// How often an open flow run refreshes while it can still change (Prefect's own UI: 5 s).
pub const UNFINISHED_RUN: Duration = Duration::from_secs(5);

/// An open run's own refresh period: `UNFINISHED_RUN` until its state is final (or when it
/// has no state yet), none after; the shell's interval covers finished runs.
pub fn flow_run_refresh(run: &FlowRun) -> Option<Duration> {
    (!run.is_finished()).then_some(UNFINISHED_RUN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(state_type: Option<&str>) -> FlowRun {
        let state =
            state_type.map(|t| json!({"type": t, "name": t, "timestamp": "2026-11-24T12:00:00Z"}));
        serde_json::from_value(
            json!({"id": "00000000-0000-0000-0000-000000000001", "name": "r",
            "flow_id": "00000000-0000-0000-0000-000000000002", "state": state}),
        )
        .expect("run")
    }

    #[test]
    fn unfinished_runs_refresh_every_five_seconds() {
        assert_eq!(
            flow_run_refresh(&run(Some("RUNNING"))),
            Some(UNFINISHED_RUN)
        );
        assert_eq!(
            flow_run_refresh(&run(Some("SCHEDULED"))),
            Some(UNFINISHED_RUN)
        );
        assert_eq!(flow_run_refresh(&run(None)), Some(UNFINISHED_RUN));
        for done in ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"] {
            assert_eq!(flow_run_refresh(&run(Some(done))), None, "{done}");
        }
    }
}
