//! The runs x tasks grid: a flow's (or a deployment's) last runs as columns, oldest first, the
//! tasks those runs ran as rows, each cell the state of that task in that run. Many task runs
//! of one task in one run (a mapped task, a task called in a loop) fold into one cell counted
//! by state; a cell where a task fails after a run where it did not says "started failing".
//!
//! Bounded by what is drawn: a cell keeps counts, never its task runs.

use crate::domain::states::{is_failure, worst_rank};
use crate::schemas::flow_run::FlowRun;
use crate::schemas::responses::TaskRunRef;
use crate::schemas::StateType;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Runs shown when the address asks for no number.
pub const DEFAULT_RUNS: usize = 25;
/// The most runs the grid shows.
pub const MAX_RUNS: usize = 100;
/// The runs choices offered.
pub const RUNS_CHOICES: [usize; 4] = [10, 25, 50, 100];

/// The number of runs the address asks for (`runs=`), kept within 1..=[`MAX_RUNS`]; anything
/// else is the default.
pub fn runs_from_param(value: Option<&str>) -> usize {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_RUNS, |n| (n.min(MAX_RUNS as u64) as usize).max(1))
}

/// One run's column head.
#[derive(Clone, Debug, PartialEq)]
pub struct GridRun {
    pub id: Uuid,
    pub name: String,
    pub state_type: StateType,
    pub state_name: String,
    /// Seconds it ran (so far, when it still runs).
    pub duration: f64,
    /// It has started and not finished.
    pub running: bool,
}

/// How many of one state a folded cell holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StateCount {
    pub state_type: StateType,
    pub count: usize,
}

/// One task in one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cell {
    /// By state, worst first; empty when the task did not run in that run.
    pub counts: Vec<StateCount>,
    /// The task run a single cell opens.
    pub task_run: Option<Uuid>,
    /// Its state's name, when it is one task run ("Retrying", "Cached").
    pub state_name: Option<String>,
    /// It failed here and had not failed in the run before (the task's previous run).
    pub started_failing: bool,
}

impl Cell {
    pub fn total(&self) -> usize {
        self.counts.iter().map(|c| c.count).sum()
    }

    /// The state it is coloured by: its worst.
    pub fn worst(&self) -> Option<&StateType> {
        self.counts.first().map(|c| &c.state_type)
    }

    pub fn failed(&self) -> bool {
        self.worst().is_some_and(is_failure)
    }

    /// What it says to a screen reader and in its tooltip: "2 task runs: 1 failed,
    /// 1 completed", or the one task run's state name.
    pub fn describe(&self) -> String {
        let total = self.total();
        let mut text = match total {
            0 => "did not run".to_string(),
            1 => self.state_name.clone().unwrap_or_else(|| {
                self.worst()
                    .map(|s| s.default_name().to_string())
                    .unwrap_or_default()
            }),
            _ => {
                let parts: Vec<String> = self
                    .counts
                    .iter()
                    .map(|c| format!("{} {}", c.count, c.state_type.default_name().to_lowercase()))
                    .collect();
                format!("{total} task runs: {}", parts.join(", "))
            }
        };
        if self.started_failing {
            text.push_str("; started failing in this run");
        }
        text
    }
}

/// One task's row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GridRow {
    pub task_key: String,
    /// The task's name: its key without the code hash Prefect appends.
    pub label: String,
    /// One per run, in the runs' order.
    pub cells: Vec<Cell>,
    /// Where its current run of failures began (a column), when its newest cell failed.
    pub failing_since: Option<usize>,
}

/// The grid.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    /// Oldest first.
    pub runs: Vec<GridRun>,
    /// In the order the tasks ran.
    pub rows: Vec<GridRow>,
    /// Task runs read but not of any of the runs (none, unless the server answered oddly).
    pub stray: usize,
}

impl Grid {
    /// What a row's view depends on, as one number: the row and the runs it is drawn
    /// against (their ids and names). Rows keyed by it are drawn again only when it changes.
    pub fn row_key(&self, row: &GridRow) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        row.hash(&mut hasher);
        for run in &self.runs {
            run.id.hash(&mut hasher);
            run.name.hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// A task's name from its key: Prefect keys a task `{name}-{hash of its code}`.
pub fn task_label(task_key: &str) -> String {
    match task_key.rsplit_once('-') {
        Some((name, hash))
            if !name.is_empty()
                && !hash.is_empty()
                && hash.len() <= 16
                && hash.chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            name.to_string()
        }
        _ => task_key.to_string(),
    }
}

/// Builds the grid from the runs (any order; newest `MAX_RUNS` kept) and their task runs.
pub fn build(runs: &[FlowRun], tasks: &[TaskRunRef], now: chrono::DateTime<chrono::Utc>) -> Grid {
    let mut columns: Vec<&FlowRun> = runs.iter().collect();
    columns.sort_by_key(|r| {
        (
            r.start_time.map(|t| t.0),
            r.expected_start_time.map(|t| t.0),
        )
    });
    if columns.len() > MAX_RUNS {
        columns.drain(..columns.len() - MAX_RUNS);
    }
    let column_of: HashMap<Uuid, usize> =
        columns.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    // Per task: its cells' tallies, and when it first started in each run (to order the
    // rows: by its place among the tasks of each run it ran in, on average).
    struct Tally {
        counts: Vec<BTreeMap<usize, StateCount>>,
        single: Vec<Option<(Uuid, Option<String>)>>,
        first: Vec<Option<i64>>,
    }
    let mut by_key: HashMap<&str, Tally> = HashMap::new();
    let mut stray = 0;
    for task in tasks {
        let Some(&column) = task.flow_run_id.as_ref().and_then(|id| column_of.get(id)) else {
            stray += 1;
            continue;
        };
        let tally = by_key
            .entry(task.task_key.as_str())
            .or_insert_with(|| Tally {
                counts: vec![BTreeMap::new(); columns.len()],
                single: vec![None; columns.len()],
                first: vec![None; columns.len()],
            });
        let state = task.state_type.clone().unwrap_or(StateType::Pending);
        let cell = &mut tally.counts[column];
        let first = cell.is_empty();
        cell.entry(worst_rank(&state))
            .or_insert(StateCount {
                state_type: state,
                count: 0,
            })
            .count += 1;
        tally.single[column] = first.then(|| (task.id, task.state_name.clone()));
        if let Some(at) = task.start_time.or(task.expected_start_time) {
            let at = at.0.timestamp_micros();
            let first = &mut tally.first[column];
            *first = Some(first.map_or(at, |seen| seen.min(at)));
        }
    }
    let places = places(
        by_key.iter().map(|(key, t)| (*key, t.first.as_slice())),
        columns.len(),
    );
    let mut rows: Vec<(f64, GridRow)> = by_key
        .into_iter()
        .map(|(key, tally)| {
            let cells: Vec<Cell> = tally
                .counts
                .into_iter()
                .zip(tally.single)
                .map(|(counts, single)| {
                    let counts: Vec<StateCount> = counts.into_values().collect();
                    let one = counts.iter().map(|c| c.count).sum::<usize>() == 1;
                    let (task_run, state_name) = match single {
                        Some((id, name)) if one => (Some(id), name),
                        _ => (None, None),
                    };
                    Cell {
                        counts,
                        task_run,
                        state_name,
                        started_failing: false,
                    }
                })
                .collect();
            let mut row = GridRow {
                task_key: key.to_string(),
                label: task_label(key),
                cells,
                failing_since: None,
            };
            mark_failures(&mut row);
            (places.get(key).copied().unwrap_or(f64::INFINITY), row)
        })
        .collect();
    rows.sort_by(|(a, ra), (b, rb)| {
        a.total_cmp(b)
            .then_with(|| ra.label.cmp(&rb.label))
            .then_with(|| ra.task_key.cmp(&rb.task_key))
    });
    Grid {
        runs: columns
            .iter()
            .map(|r| GridRun {
                id: r.id,
                name: r.name.clone(),
                state_type: r.shown_state_type(),
                state_name: r.current_state_name().unwrap_or_default(),
                duration: run_duration(r, now),
                running: r.start_time.is_some() && !finished(r),
            })
            .collect(),
        rows: rows.into_iter().map(|(_, row)| row).collect(),
        stray,
    }
}

/// How long a run ran: its run time, or from its start to now while it runs.
pub fn run_duration(run: &FlowRun, now: chrono::DateTime<chrono::Utc>) -> f64 {
    match run.start_time {
        Some(start) if !finished(run) => {
            ((now - start.0).num_milliseconds() as f64 / 1000.0).max(0.0)
        }
        _ if run.total_run_time.is_finite() => run.total_run_time.max(0.0),
        _ => 0.0,
    }
}

/// It will not run on: in a final state, or ended.
fn finished(run: &FlowRun) -> bool {
    run.is_finished() || run.end_time.is_some()
}

/// Each task's place among the tasks of a run (0 the first to start), averaged over the runs
/// it started in: one run where a task ran alone or early does not move its row.
fn places<'k, 'b>(
    firsts: impl Iterator<Item = (&'k str, &'b [Option<i64>])>,
    columns: usize,
) -> HashMap<&'k str, f64> {
    let firsts: Vec<(&'k str, &'b [Option<i64>])> = firsts.collect();
    let mut sums: HashMap<&'k str, (f64, usize)> = HashMap::new();
    for column in 0..columns {
        let mut started: Vec<(i64, &'k str)> = firsts
            .iter()
            .filter_map(|(key, first)| Some(((*first.get(column)?)?, *key)))
            .collect();
        started.sort_unstable();
        for (place, (_, key)) in started.into_iter().enumerate() {
            let sum = sums.entry(key).or_insert((0.0, 0));
            sum.0 += place as f64;
            sum.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(key, (sum, n))| (key, sum / n as f64))
        .collect()
}

/// Marks each cell where the task fails after a run where it ran and did not, and where the
/// current run of failures began.
fn mark_failures(row: &mut GridRow) {
    // The state of the task in the last run it ran in, before this one (none at first).
    let mut before_failed: Option<bool> = None;
    let mut streak_from = None;
    for (column, cell) in row.cells.iter_mut().enumerate() {
        if cell.total() == 0 {
            continue;
        }
        let failed = cell.failed();
        if failed && before_failed != Some(true) {
            // Known to start here only when it ran before without failing.
            cell.started_failing = before_failed == Some(false);
            streak_from = Some(column);
        }
        if !failed {
            streak_from = None;
        }
        before_failed = Some(failed);
    }
    row.failing_since = streak_from;
}

#[cfg(test)]
#[path = "run_grid_tests.rs"]
mod tests;
