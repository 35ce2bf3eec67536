use super::*;
use crate::domain::test_now;
use chrono::Duration;
use serde_json::json;

/// A run that started `hours_ago` hours before the test's now and ran `seconds`.
fn run(n: u128, state: &str, hours_ago: i64, seconds: f64) -> FlowRun {
    let start = test_now() - Duration::hours(hours_ago);
    let finished = !matches!(state, "RUNNING" | "PENDING" | "SCHEDULED");
    serde_json::from_value(json!({
        "id": Uuid::from_u128(n),
        "name": format!("run-{n}"),
        "flow_id": Uuid::nil(),
        "state_type": state,
        "start_time": start.to_rfc3339(),
        "end_time": finished.then(|| (start + Duration::seconds(seconds as i64)).to_rfc3339()),
        "total_run_time": seconds,
    }))
    .expect("run")
}

fn task(n: u128, run: u128, key: &str, state: &str, offset_s: i64, hours_ago: i64) -> TaskRunRef {
    TaskRunRef {
        id: Uuid::from_u128(1000 + n),
        name: format!("{key}-{n}"),
        flow_run_id: Some(Uuid::from_u128(run)),
        task_key: key.into(),
        state_type: Some(StateType::from_wire(state)),
        state_name: None,
        start_time: Some(crate::schemas::Timestamp(
            test_now() - Duration::hours(hours_ago) + Duration::seconds(offset_s),
        )),
        expected_start_time: None,
        total_run_time: 1.0,
    }
}

#[test]
fn columns_go_oldest_first_and_rows_in_the_order_tasks_ran() {
    let runs = vec![run(1, "COMPLETED", 1, 30.0), run(2, "COMPLETED", 3, 20.0)];
    let tasks = vec![
        task(1, 1, "load-ab12cd34", "COMPLETED", 20, 1),
        task(2, 1, "extract-0f0f0f0f", "COMPLETED", 1, 1),
        task(3, 2, "extract-0f0f0f0f", "COMPLETED", 1, 3),
    ];
    let grid = build(&runs, &tasks, test_now());
    let ids: Vec<u128> = grid.runs.iter().map(|r| r.id.as_u128()).collect();
    assert_eq!(ids, vec![2, 1], "the older run first");
    let labels: Vec<&str> = grid.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, vec!["extract", "load"]);
    assert_eq!(
        grid.rows[1].cells[0].total(),
        0,
        "load did not run in run 2"
    );
    assert_eq!(grid.rows[1].cells[1].task_run, Some(Uuid::from_u128(1001)));
    assert_eq!(grid.rows[1].cells[0].describe(), "did not run");
}

#[test]
fn a_run_where_a_task_is_missing_does_not_reorder_the_rows() {
    // extract then fetch in runs 1 and 2; run 3 has no extract and its fetch started at
    // once (earlier in its run than extract ever did): extract stays first.
    let runs = vec![
        run(1, "COMPLETED", 5, 30.0),
        run(2, "COMPLETED", 4, 30.0),
        run(3, "COMPLETED", 3, 30.0),
    ];
    let tasks = vec![
        task(1, 1, "extract-aa", "COMPLETED", 2, 5),
        task(2, 1, "fetch-bb", "COMPLETED", 3, 5),
        task(3, 2, "extract-aa", "COMPLETED", 2, 4),
        task(4, 2, "fetch-bb", "COMPLETED", 3, 4),
        task(5, 3, "fetch-bb", "COMPLETED", 0, 3),
    ];
    let grid = build(&runs, &tasks, test_now());
    let labels: Vec<&str> = grid.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, vec!["extract", "fetch"]);
}

#[test]
fn many_task_runs_of_a_task_fold_into_one_cell_counted_worst_first() {
    let runs = vec![run(1, "FAILED", 1, 30.0)];
    let mut tasks: Vec<TaskRunRef> = (0..5)
        .map(|i| task(i, 1, "square-1234abcd", "COMPLETED", 1, 1))
        .collect();
    tasks.push(task(9, 1, "square-1234abcd", "FAILED", 2, 1));
    let grid = build(&runs, &tasks, test_now());
    let cell = &grid.rows[0].cells[0];
    assert_eq!(cell.total(), 6);
    assert_eq!(cell.worst(), Some(&StateType::Failed));
    assert_eq!(cell.task_run, None, "a folded cell opens no one task run");
    assert_eq!(cell.describe(), "6 task runs: 1 failed, 5 completed");
}

#[test]
fn the_run_where_a_task_started_failing_stands_out() {
    let runs: Vec<FlowRun> = (1..=5)
        .map(|i| run(i, "COMPLETED", 10 - i as i64, 5.0))
        .collect();
    let states = ["FAILED", "COMPLETED", "COMPLETED", "FAILED", "CRASHED"];
    let tasks: Vec<TaskRunRef> = states
        .iter()
        .zip(1u128..)
        .map(|(state, i)| task(i, i, "flaky-aaaa", state, 1, 10 - i as i64))
        .collect();
    let grid = build(&runs, &tasks, test_now());
    let row = &grid.rows[0];
    let marks: Vec<bool> = row.cells.iter().map(|c| c.started_failing).collect();
    assert_eq!(
        marks,
        vec![false, false, false, true, false],
        "not the first (nothing before it), the fourth (it ran fine before)"
    );
    assert_eq!(row.failing_since, Some(3));
    assert!(row.cells[3]
        .describe()
        .ends_with("started failing in this run"));
    let healed = build(&runs[..3], &tasks, test_now());
    assert_eq!(healed.rows[0].failing_since, None);
    assert_eq!(healed.stray, 2, "task runs of runs not shown");
}

#[test]
fn task_names_drop_the_code_hash_only() {
    assert_eq!(task_label("extract-5b3c9a1e"), "extract");
    assert_eq!(task_label("my-task-name"), "my-task-name", "not a hash");
    assert_eq!(task_label("plain"), "plain");
    assert_eq!(task_label("-abc"), "-abc");
    assert_eq!(task_label(""), "");
}

#[test]
fn the_address_picks_how_many_runs_within_bounds() {
    assert_eq!(runs_from_param(None), DEFAULT_RUNS);
    assert_eq!(runs_from_param(Some("50")), 50);
    assert_eq!(runs_from_param(Some("0")), 1);
    assert_eq!(
        runs_from_param(Some("99999999999999999999999")),
        DEFAULT_RUNS
    );
    assert_eq!(runs_from_param(Some("18446744073709551615")), MAX_RUNS);
    assert_eq!(runs_from_param(Some("-3")), DEFAULT_RUNS);
}

#[test]
fn a_running_run_counts_up_to_now_and_more_runs_than_the_cap_keep_the_newest() {
    let runs: Vec<FlowRun> = (1..=120)
        .map(|i| run(i, "COMPLETED", 200 - i as i64, 5.0))
        .collect();
    let grid = build(&runs, &[], test_now());
    assert_eq!(grid.runs.len(), MAX_RUNS);
    assert_eq!(grid.runs[0].id, Uuid::from_u128(21));
    let running = build(&[run(7, "RUNNING", 2, 0.0)], &[], test_now());
    assert_eq!(running.runs[0].duration, 7200.0);
    assert!(running.runs[0].running);
}
