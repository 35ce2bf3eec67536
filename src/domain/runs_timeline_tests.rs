use super::*;
use crate::schemas::Timestamp;
use serde_json::json;

fn frame() -> Frame {
    let now = crate::domain::test_now();
    Frame {
        from: now - Duration::hours(10),
        to: now + Duration::hours(10),
        now,
    }
}

/// A run `at` hours from now, lasting `hours`.
fn run(id: u128, state: &str, at: f64, hours: f64, late: f64) -> SimpleFlowRun {
    let timestamp = crate::domain::test_now() + Duration::seconds((at * 3600.0) as i64);
    SimpleFlowRun {
        id: Uuid::from_u128(id),
        state_type: StateType::from_wire(state),
        timestamp: Timestamp(timestamp),
        duration: hours * 3600.0,
        lateness: late,
    }
}

#[test]
fn bars_sit_where_their_runs_ran_and_planned_ones_take_the_median() {
    let f = frame();
    let runs = [
        run(1, "COMPLETED", -5.0, 1.0, 120.0),
        run(2, "RUNNING", -2.0, 0.5, 0.0),
        run(3, "SCHEDULED", 4.0, 0.0, 0.0),
        run(4, "SCHEDULED", -3.0, 0.0, 10_800.0),
        run(5, "COMPLETED", -30.0, 1.0, 0.0),
    ];
    let median = median_duration(&runs);
    assert_eq!(median, Some(3600.0));
    let row = row_layout(&runs, &f, median, 100);
    assert_eq!(row.runs, 4, "run 5 ended long before the window");
    let bar = |id| {
        row.bars
            .iter()
            .find(|b| b.id == Uuid::from_u128(id))
            .cloned()
    };
    let ran = bar(1).expect("ran");
    assert_eq!((ran.kind, ran.x0, ran.x1), (BarKind::Ran, 0.25, 0.30));
    assert!(ran.late_from.is_some_and(|x| x < 0.25));
    let running = bar(2).expect("running");
    assert_eq!(
        (running.kind, running.x1),
        (BarKind::Running, 0.5),
        "to now"
    );
    let planned = bar(3).expect("planned");
    assert_eq!(
        (planned.kind, planned.x0, planned.x1),
        (BarKind::Planned, 0.7, 0.75)
    );
    let late = bar(4).expect("late");
    assert_eq!(late.kind, BarKind::Late);
    assert!((late.x1 - late.x0 - 0.01).abs() < 1e-9, "drawn a cell wide");
    assert_eq!(
        describe(&late, |_| "09:00".into()),
        "Late, expected to start 09:00, 3h 0m late"
    );
}

#[test]
fn small_bars_in_one_cell_become_one_counted_cell() {
    let f = frame();
    let runs: Vec<SimpleFlowRun> = (0..500)
        .map(|i| {
            let state = if i % 10 == 0 { "FAILED" } else { "COMPLETED" };
            run(i, state, -9.0 + f64::from(i as u32) * 0.001, 0.0001, 0.0)
        })
        .collect();
    let row = row_layout(&runs, &f, None, 200);
    assert_eq!(row.runs, 500);
    assert!(row.bars.is_empty());
    assert!(row.dense.len() <= 5, "{} cells", row.dense.len());
    let total: i64 = row.dense.iter().map(Dense::total).sum();
    assert_eq!(total, 500);
    assert_eq!(row.dense[0].worst(), StateType::Failed, "worst first");
    assert!(describe_dense(&row.dense[0]).contains("failed"));
}

#[test]
fn concurrent_bars_take_separate_lanes() {
    let f = frame();
    let runs: Vec<_> = (0..5)
        .map(|i| run(i, "COMPLETED", -8.0, 4.0, 0.0))
        .collect();
    let row = row_layout(&runs, &f, None, 100);
    let lanes: Vec<usize> = row.bars.iter().map(|b| b.lane).collect();
    assert_eq!(&lanes[..3], &[0, 1, 2]);
    assert!(lanes.iter().all(|l| *l < LANES));
}

#[test]
fn a_pool_lane_counts_what_it_holds_at_once() {
    let f = frame();
    let runs = [
        run(1, "COMPLETED", -9.0, 4.0, 0.0),
        run(2, "COMPLETED", -8.0, 1.0, 0.0),
        run(3, "COMPLETED", -7.0, 1.0, 0.0),
        run(4, "RUNNING", -1.0, 0.1, 0.0),
        run(5, "SCHEDULED", 1.0, 0.0, 0.0),
        run(6, "SCHEDULED", 1.5, 0.0, 0.0),
    ];
    let lane = pool_lane(&runs, &f, Some(3600.0), 20, None);
    assert_eq!(lane.len(), 20);
    let most = lane.iter().map(|c| c.held).max();
    assert_eq!(most, Some(2), "runs 2 and 3 never overlap");
    assert_eq!(lane[19].held, 0);
    // Between +1.5 h and +2 h both planned runs are due.
    assert_eq!(lane[11].planned, 2);
    assert_eq!(lane[11].held, 0);
    assert_eq!(
        lane_summary("k8s", &lane, Some(1)),
        "Work pool k8s: at most 2 runs at once; limit 1, over it in 3 of 20 columns"
    );
    let cut = pool_lane(&runs, &f, None, 20, Some(f.now - Duration::hours(5)));
    assert!(cut[0].unknown && !cut[10].unknown);
    assert!(lane_summary("k8s", &cut, None)
        .ends_with("no limit; the oldest runs are not loaded (zoom in)"));
}

#[test]
fn server_buckets_make_a_dense_row() {
    let f = frame();
    let buckets: Vec<HistoryResponse> = serde_json::from_value(json!([{
        "interval_start": Timestamp(f.from).to_wire(),
        "interval_end": Timestamp(f.from + Duration::hours(1)).to_wire(),
        "states": [
            {"state_type": "COMPLETED", "state_name": "Completed", "count_runs": 900,
             "sum_estimated_run_time": 0.0, "sum_estimated_lateness": 0.0},
            {"state_type": "CRASHED", "state_name": "Crashed", "count_runs": 3,
             "sum_estimated_run_time": 0.0, "sum_estimated_lateness": 0.0}
        ]
    }]))
    .expect("buckets");
    let row = dense_row(&buckets, &f);
    assert_eq!(row.runs, 903);
    assert_eq!(row.dense[0].worst(), StateType::Crashed);
    assert_eq!(row.dense[0].x1, 0.05);
}

#[test]
fn hostile_numbers_cost_nothing_and_break_nothing() {
    let f = frame();
    let runs = [
        run(1, "COMPLETED", -1.0, f64::INFINITY, f64::NAN),
        run(2, "RUNNING", -1.0, -5.0, -1e300),
        run(3, "WEIRD", -1.0, 1e300, 1e300),
    ];
    let row = row_layout(&runs, &f, Some(f64::NAN), usize::MAX);
    for bar in &row.bars {
        assert!((0.0..=1.0).contains(&bar.x0) && (0.0..=1.0).contains(&bar.x1));
        assert!(bar.x0 <= bar.x1);
    }
    let lane = pool_lane(&runs, &f, Some(f64::INFINITY), 0, None);
    assert_eq!(lane.len(), 1);
}

#[test]
fn the_axis_ticks_at_round_local_times() {
    let f = frame();
    let ticks = axis_ticks(&f, 3600);
    assert!(!ticks.is_empty() && ticks.len() <= 8, "{ticks:?}");
    assert!(ticks.iter().all(|t| t.label.ends_with(":00")), "{ticks:?}");
    let week = Frame {
        from: f.now - Duration::days(7),
        ..f
    };
    let days = axis_ticks(&week, -18_000);
    assert!(days.len() >= 6, "{days:?}");
    assert!(days.iter().all(|t| t.label.contains(' ')));
    assert!(axis_ticks(&f, i64::MAX).len() <= 8);
}

#[test]
fn rows_group_by_flow_or_pool() {
    let d = |id: u128, name: &str, flow: u128, pool: Option<&str>| DeploymentRef {
        id: Uuid::from_u128(id),
        name: name.into(),
        flow_id: Uuid::from_u128(flow),
        work_pool_name: pool.map(str::to_string),
    };
    let deployments = [
        d(1, "nightly", 10, Some("k8s")),
        d(2, "hourly", 11, None),
        d(3, "adhoc", 10, Some("docker")),
    ];
    let flows = HashMap::from([(Uuid::from_u128(10), "etl".to_string())]);
    let keys = |items: Vec<TimelineItem>| -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                TimelineItem::Group(g) => format!("#{g}"),
                TimelineItem::Deployment(d) => d.name.clone(),
            })
            .collect()
    };
    let by_flow = keys(grouped(&deployments, &flows, Group::Flow));
    let unnamed = format!("#{}", Uuid::from_u128(11));
    assert_eq!(by_flow, [&unnamed, "hourly", "#etl", "adhoc", "nightly"]);
    let by_pool = keys(grouped(&deployments, &flows, Group::WorkPool));
    assert_eq!(
        by_pool,
        [
            "#docker",
            "adhoc",
            "#k8s",
            "nightly",
            "#No work pool",
            "hourly"
        ]
    );
}

#[test]
fn a_counted_cell_says_which_of_its_runs_are_late() {
    let f = frame();
    let runs = [
        run(1, "SCHEDULED", -1.0, 0.0, 3600.0),
        run(2, "COMPLETED", -1.0, 0.001, 0.0),
        run(3, "CRASHED", -1.0, 0.001, 0.0),
    ];
    let row = row_layout(&runs, &f, None, 10);
    let cell = &row.dense[0];
    assert_eq!(
        describe_dense(cell),
        "3 runs: 1 crashed, 1 late, 1 completed"
    );
    assert_eq!(cell.glyph(), "⚡");
    let late_only = row_layout(&runs[..1], &f, None, 10);
    assert_eq!(late_only.bars[0].kind, BarKind::Late);
}

#[test]
fn a_crowded_row_widens_its_cells_to_a_bounded_number_of_marks() {
    let f = frame();
    // 400 short runs spread over the past ten hours: one or two to each of 200 columns.
    let runs: Vec<SimpleFlowRun> = (0..400)
        .map(|i| {
            let state = if i % 7 == 0 { "FAILED" } else { "COMPLETED" };
            run(i, state, -10.0 + f64::from(i as u32) * 0.025, 0.001, 0.0)
        })
        .collect();
    let row = row_layout(&runs, &f, None, 200);
    assert!(
        row.bars.len() + row.dense.len() <= MAX_MARKS,
        "{} bars, {} cells",
        row.bars.len(),
        row.dense.len()
    );
    let counted: i64 = row.dense.iter().map(Dense::total).sum::<i64>() + row.bars.len() as i64;
    assert_eq!(
        (row.runs, counted),
        (400, 400),
        "every run still counted once"
    );
    // A quiet row keeps its fine columns.
    let spread = [runs[10].clone(), runs[100].clone(), runs[200].clone()];
    let quiet = row_layout(&spread, &f, None, 200);
    assert!((quiet.bars[0].x1 - quiet.bars[0].x0 - 1.0 / 200.0).abs() < 1e-9);
}

#[test]
fn a_lane_keeps_what_it_has_while_the_window_pans_within_it() {
    let f = frame();
    let span = f.to - f.from;
    let first = lane_range(None, f.from, f.to);
    assert_eq!(first, (f.from - span, f.to + span));
    let panned = (f.from + span / 4, f.to + span / 4);
    assert_eq!(
        lane_range(Some(first), panned.0, panned.1),
        first,
        "no new request"
    );
    let far = (f.from + span * 2, f.to + span * 2);
    assert_eq!(
        lane_range(Some(first), far.0, far.1),
        (far.0 - span, far.1 + span)
    );
    // Zoomed in far: a range of many windows is asked again, narrower.
    let zoomed = (f.from, f.from + span / 8);
    let narrow = lane_range(Some(first), zoomed.0, zoomed.1);
    assert_eq!(narrow, (zoomed.0 - span / 8, zoomed.1 + span / 8));
}

#[test]
fn a_row_of_points_keeps_its_range_while_a_busy_row_asks_for_each_window() {
    let f = frame();
    let span = f.to - f.from;
    let first = row_range(None, f.from, f.to, false);
    assert_eq!((first.from, first.to), (f.from - span, f.to + span));
    assert_eq!(first.window, (f.from, f.to));
    let panned = (f.from + span / 4, f.to + span / 4);
    assert_eq!(
        row_range(Some(first), panned.0, panned.1, false),
        first,
        "points: no new request"
    );
    let busy = row_range(Some(first), panned.0, panned.1, true);
    assert_eq!(busy.window, panned, "counts: the new window's");
    assert_ne!(busy, first);
    let far = (f.from + span * 2, f.to + span * 2);
    let moved = row_range(Some(first), far.0, far.1, false);
    assert_eq!((moved.from, moved.to), (far.0 - span, far.1 + span));
}

#[test]
fn a_pan_moves_a_bar_and_keeps_what_it_says() {
    let f = frame();
    let runs = [
        run(1, "COMPLETED", -5.0, 1.0, 120.0),
        run(2, "SCHEDULED", -3.0, 0.0, 10_800.0),
    ];
    let panned = Frame {
        from: f.from + Duration::hours(2),
        to: f.to + Duration::hours(2),
        now: f.now,
    };
    let before = row_layout(&runs, &f, Some(3600.0), 100);
    let after = row_layout(&runs, &panned, Some(3600.0), 100);
    for (a, b) in before.bars.iter().zip(&after.bars) {
        assert_eq!(a.identity(), b.identity(), "the same bar after a pan");
        assert!(b.place().x0 < a.place().x0, "moved left: {a:?} {b:?}");
    }
    // A running bar grows with now: what it says (its run time) changes, so it is redrawn.
    let running = [run(3, "RUNNING", -1.0, 0.5, 0.0)];
    let later = Frame {
        now: f.now + Duration::minutes(5),
        ..f
    };
    let first = row_layout(&running, &f, None, 100);
    let second = row_layout(&running, &later, None, 100);
    assert_ne!(first.bars[0].identity(), second.bars[0].identity());
    // The late mark is placed only left of the bar.
    let late = before.bars.iter().find(|b| b.id == Uuid::from_u128(1));
    assert!(late.is_some_and(|b| b.place().late_from.is_some_and(|x| x < b.x0)));
}

#[test]
fn a_pan_moves_the_drawing_and_a_zoom_lays_it_out_anew() {
    let drawn = frame();
    let span = drawn.to - drawn.from;
    let panned = |by: Duration| Frame {
        from: drawn.from + by,
        to: drawn.to + by,
        now: drawn.now,
    };
    // Later by a quarter: what is drawn moves left by a quarter of the window.
    let shift = pan_shift(&drawn, &panned(span / 4)).expect("a pan");
    assert!((shift + 0.25).abs() < 1e-9, "{shift}");
    assert_eq!(pan_shift(&drawn, &drawn), Some(0.0));
    let back = pan_shift(&drawn, &panned(-span / 2)).expect("a pan back");
    assert!((back - 0.5).abs() < 1e-9, "{back}");
    // A whole window or more: nothing drawn is in view; a zoom: a new layout.
    assert_eq!(pan_shift(&drawn, &panned(span)), None);
    let zoomed = Frame {
        to: drawn.to - span / 2,
        ..drawn
    };
    assert_eq!(pan_shift(&drawn, &zoomed), None);
}
