//! The timeline page's pure part: a deployment's runs as bars in a window (scheduled runs
//! ahead as outlines of the deployment's median length, late runs where they should have
//! started), bars too small to see merged into counted cells, and a work pool's lane (how
//! many runs it holds over time against its limit). Work is bounded by the runs given and
//! the cells drawn, never by the window's length.

use crate::domain::format;
use crate::domain::states::worst_rank;
use crate::domain::timeline_query::Group;
use crate::schemas::responses::{DeploymentRef, HistoryResponse};
use crate::schemas::ui::SimpleFlowRun;
use crate::schemas::StateType;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Concurrent bars a row stacks before they share its last lane.
pub const LANES: usize = 3;

/// The window being drawn, and now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

impl Frame {
    fn span(&self) -> f64 {
        ((self.to - self.from).num_milliseconds() as f64).max(1.0)
    }

    /// Where `at` falls, as a fraction of the window (outside 0..=1 when outside it).
    pub fn x(&self, at: DateTime<Utc>) -> f64 {
        (at - self.from).num_milliseconds() as f64 / self.span()
    }

    /// Where now is, when it is in the window.
    pub fn now_x(&self) -> Option<f64> {
        Some(self.x(self.now)).filter(|x| (0.0..=1.0).contains(x))
    }

    fn after(at: DateTime<Utc>, seconds: f64) -> DateTime<Utc> {
        let ms = if seconds.is_finite() {
            (seconds * 1000.0).clamp(0.0, 3.0e12) as i64
        } else {
            0
        };
        at.checked_add_signed(Duration::milliseconds(ms))
            .unwrap_or(at)
    }
}

/// How far a drawing made for `drawn` must move to show `view`, as a fraction of the window
/// (positive: to the right): Some when `view` is `drawn` panned by less than a window (the
/// same span), so what is drawn can be moved while a pan goes on and laid out again once it
/// settles; None when it must be laid out anew (a zoom, a jump, no overlap).
pub fn pan_shift(drawn: &Frame, view: &Frame) -> Option<f64> {
    let span = view.span();
    if (drawn.span() - span).abs() > 1.0 {
        return None;
    }
    let shift = (drawn.from - view.from).num_milliseconds() as f64 / span;
    (shift.is_finite() && shift.abs() < 1.0).then_some(shift)
}

/// What a bar stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BarKind {
    /// Finished: from its start for its run time.
    Ran,
    /// Not finished: from its start to now.
    Running,
    /// Scheduled ahead: at its expected start, as long as the deployment's median run.
    Planned,
    /// Scheduled and past its expected start: a mark where it should have started.
    Late,
}

/// One run's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub id: Uuid,
    pub state_type: StateType,
    pub kind: BarKind,
    /// Its start (the expected start when it has not started).
    pub start: DateTime<Utc>,
    /// Seconds run (to now while running; the median when planned).
    pub duration: f64,
    /// Seconds late (`estimated_start_time_delta`).
    pub lateness: f64,
    /// Edges as fractions of the window, within 0..=1.
    pub x0: f64,
    pub x1: f64,
    /// Where it should have started, when it started a minute or more late.
    pub late_from: Option<f64>,
    /// Which of the row's [`LANES`] it sits in.
    pub lane: usize,
}

/// Where a bar is drawn in its row: all a pan or a zoom changes of it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Place {
    pub x0: f64,
    pub x1: f64,
    pub lane: usize,
    /// Where it should have started, when that is left of its start.
    pub late_from: Option<f64>,
}

/// What a bar says apart from where it is: its run, state, kind, start, run time and
/// lateness (whole milliseconds and seconds). A bar keeps its node while this holds, so a pan
/// moves the bars it keeps instead of drawing them anew.
pub type BarIdentity = (Uuid, String, BarKind, i64, i64, i64);

impl Bar {
    /// Where it is drawn.
    pub fn place(&self) -> Place {
        Place {
            x0: self.x0,
            x1: self.x1,
            lane: self.lane,
            late_from: self.late_from.filter(|from| *from < self.x0),
        }
    }

    /// What it says apart from where it is ([`BarIdentity`]).
    pub fn identity(&self) -> BarIdentity {
        (
            self.id,
            self.state_type.as_str().to_string(),
            self.kind,
            self.start.timestamp_millis(),
            (self.duration * 1000.0) as i64,
            self.lateness as i64,
        )
    }
}

/// How many runs of a counted cell are in one state (late ones apart from the scheduled).
#[derive(Clone, Debug, PartialEq)]
pub struct Count {
    pub state_type: StateType,
    /// Scheduled and past its expected start.
    pub late: bool,
    pub runs: i64,
}

impl Count {
    /// "failed", "late".
    pub fn name(&self) -> String {
        if self.late {
            "late".to_string()
        } else {
            self.state_type.default_name().to_lowercase()
        }
    }
}

/// Runs too close together to draw one by one: a cell with how many of each state.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    pub x0: f64,
    pub x1: f64,
    /// By state, worst first.
    pub counts: Vec<Count>,
}

impl Dense {
    pub fn total(&self) -> i64 {
        self.counts.iter().map(|c| c.runs).sum()
    }

    /// The state it is coloured by: its worst.
    pub fn worst(&self) -> StateType {
        self.counts
            .first()
            .map(|c| c.state_type.clone())
            .unwrap_or(StateType::Completed)
    }

    /// Its glyph: its worst state's, `!` when that is late.
    pub fn glyph(&self) -> &'static str {
        match self.counts.first() {
            Some(c) if c.late => "!",
            Some(c) => crate::domain::states::glyph(&c.state_type),
            None => "",
        }
    }
}

/// A deployment's row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowLayout {
    /// By left edge.
    pub bars: Vec<Bar>,
    pub dense: Vec<Dense>,
    /// Runs in the window (bars plus the dense cells' counts).
    pub runs: i64,
}

/// Where a count sorts: by [`crate::domain::states::WORST_FIRST`], a late one between Cancelling and Paused.
fn severity(state: &StateType, late: bool) -> usize {
    if late {
        return 4;
    }
    match worst_rank(state) {
        at if at < 4 => at,
        at => at + 1,
    }
}

/// Counts runs by state, worst first.
#[derive(Default)]
struct Tally(BTreeMap<usize, Count>);

impl Tally {
    fn add(&mut self, state_type: &StateType, late: bool, runs: i64) {
        self.0
            .entry(severity(state_type, late))
            .or_insert(Count {
                state_type: state_type.clone(),
                late,
                runs: 0,
            })
            .runs += runs.max(0);
    }

    fn counts(self) -> Vec<Count> {
        self.0.into_values().filter(|c| c.runs > 0).collect()
    }
}

/// The median run time of the finished runs given (seconds), if any ran.
pub fn median_duration(runs: &[SimpleFlowRun]) -> Option<f64> {
    let mut times: Vec<f64> = runs
        .iter()
        .filter(|r| r.state_type == StateType::Completed && r.duration.is_finite())
        .map(|r| r.duration.max(0.0))
        .collect();
    if times.is_empty() {
        return None;
    }
    times.sort_by(f64::total_cmp);
    let mid = times.len() / 2;
    Some(if times.len().is_multiple_of(2) {
        (times[mid - 1] + times[mid]) / 2.0
    } else {
        times[mid]
    })
}

/// A run's kind and its interval in time.
fn interval(
    run: &SimpleFlowRun,
    frame: &Frame,
    median: Option<f64>,
) -> (BarKind, DateTime<Utc>, DateTime<Utc>, f64) {
    let start = run.timestamp.0;
    match run.state_type {
        StateType::Scheduled if start >= frame.now => {
            let length = median.unwrap_or(0.0);
            (BarKind::Planned, start, Frame::after(start, length), length)
        }
        StateType::Scheduled => (BarKind::Late, start, start, 0.0),
        StateType::Completed | StateType::Failed | StateType::Crashed | StateType::Cancelled => (
            BarKind::Ran,
            start,
            Frame::after(start, run.duration),
            run.duration,
        ),
        _ => {
            let end = Frame::after(start, run.duration).max(frame.now);
            let seconds = (end - start).num_milliseconds() as f64 / 1000.0;
            (BarKind::Running, start, end, seconds)
        }
    }
}

/// The span a work pool's lane asks the server for, given the one it has (`held`) and the
/// window drawn (`from`..`to`): the one it has while it covers the window and is at most
/// four windows wide, else the window and one more on each side. Pans within it cost no
/// request (a lane is up to ten pages of points).
pub fn lane_range(
    held: Option<(DateTime<Utc>, DateTime<Utc>)>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let span = to - from;
    match held {
        Some((a, b)) if a <= from && to <= b && (b - a) <= span * 4 => (a, b),
        _ => (from - span, to + span),
    }
}

/// What a deployment's row asks for: its points over `from`..`to` (wider than the window,
/// kept while pans stay within it), or, for a busy row, the server's counts over `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRange {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The window drawn when it was asked: a busy row asks again for each new one.
    pub window: (DateTime<Utc>, DateTime<Utc>),
}

/// The range a row asks for, given the one it has (`held`), the window drawn and whether its
/// last answer was the server's counts (`busy`). A row of points keeps its range while it
/// covers the window (as a lane does, [`lane_range`]): a pan within it asks nothing. A busy
/// row's counts are bucketed to the window, so each new window asks again.
pub fn row_range(
    held: Option<RowRange>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    busy: bool,
) -> RowRange {
    let (a, b) = lane_range(held.map(|h| (h.from, h.to)), from, to);
    match held {
        Some(held) if !busy && (held.from, held.to) == (a, b) => held,
        _ => RowRange {
            from: a,
            to: b,
            window: (from, to),
        },
    }
}

/// Whether `run` shows in the window: its bar overlaps it (a mark lies in it).
pub fn in_window(run: &SimpleFlowRun, frame: &Frame, median: Option<f64>) -> bool {
    let (_, start, end, _) = interval(run, frame, median);
    start < frame.to && (end > frame.from || (end == start && start >= frame.from))
}

/// The most marks (bars and counted cells) a row draws before its columns widen: what a pan
/// redraws stays bounded however many runs a row holds.
pub const MAX_MARKS: usize = 64;
/// The fewest columns a crowded row widens to.
const MIN_CELLS: usize = 16;

/// Lays out a row's runs over `cells` columns (the smallest width a bar is drawn at): a bar
/// narrower than a cell shares the cell's column with the other small ones starting in it
/// and, when there are two or more, they are one counted cell instead. A row that would draw
/// more than [`MAX_MARKS`] marks is laid out again over half the columns (down to
/// [`MIN_CELLS`]): wider counted cells, the same runs.
pub fn row_layout(
    runs: &[SimpleFlowRun],
    frame: &Frame,
    median: Option<f64>,
    cells: usize,
) -> RowLayout {
    let mut cells = cells.clamp(1, 2000);
    loop {
        let layout = layout_over(runs, frame, median, cells);
        if layout.bars.len() + layout.dense.len() <= MAX_MARKS || cells <= MIN_CELLS {
            return layout;
        }
        cells = (cells / 2).max(MIN_CELLS);
    }
}

/// [`row_layout`] over exactly `cells` columns.
fn layout_over(
    runs: &[SimpleFlowRun],
    frame: &Frame,
    median: Option<f64>,
    cells: usize,
) -> RowLayout {
    let cell = 1.0 / cells as f64;
    let mut wide: Vec<Bar> = Vec::new();
    let mut small: BTreeMap<usize, Vec<Bar>> = BTreeMap::new();
    let mut count = 0;
    for run in runs {
        if !in_window(run, frame, median) {
            continue;
        }
        count += 1;
        let (kind, start, end, duration) = interval(run, frame, median);
        let x0 = frame.x(start).clamp(0.0, 1.0);
        let x1 = frame.x(end).clamp(0.0, 1.0);
        let late_from = (kind != BarKind::Late && run.lateness >= 60.0)
            .then(|| frame.x(start - Duration::seconds(run.lateness.min(3.0e9) as i64)))
            .map(|x| x.clamp(0.0, 1.0));
        let bar = Bar {
            id: run.id,
            state_type: run.state_type.clone(),
            kind,
            start,
            duration,
            lateness: run.lateness,
            x0,
            x1,
            late_from,
            lane: 0,
        };
        if x1 - x0 >= cell {
            wide.push(bar);
        } else {
            let column = ((x0 / cell) as usize).min(cells - 1);
            small.entry(column).or_default().push(bar);
        }
    }
    let mut dense = Vec::new();
    for (column, mut bars) in small {
        if bars.len() == 1 {
            if let Some(mut bar) = bars.pop() {
                bar.x0 = bar.x0.min(1.0 - cell);
                bar.x1 = bar.x0 + cell;
                wide.push(bar);
            }
            continue;
        }
        let mut tally = Tally::default();
        for bar in &bars {
            tally.add(&bar.state_type, bar.kind == BarKind::Late, 1);
        }
        dense.push(Dense {
            x0: column as f64 * cell,
            x1: (column + 1) as f64 * cell,
            counts: tally.counts(),
        });
    }
    wide.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.id.cmp(&b.id)));
    let mut ends = [f64::NEG_INFINITY; LANES];
    for bar in &mut wide {
        let lane = ends
            .iter()
            .position(|end| *end <= bar.x0)
            .unwrap_or_else(|| {
                (0..LANES)
                    .min_by(|a, b| ends[*a].total_cmp(&ends[*b]))
                    .unwrap_or(0)
            });
        ends[lane] = bar.x1;
        bar.lane = lane;
    }
    RowLayout {
        bars: wide,
        dense,
        runs: count,
    }
}

/// A row too busy to fetch run by run: the server's counts per bucket, as counted cells.
pub fn dense_row(buckets: &[HistoryResponse], frame: &Frame) -> RowLayout {
    let mut runs = 0;
    let dense = buckets
        .iter()
        .filter_map(|bucket| {
            let mut tally = Tally::default();
            for state in &bucket.states {
                let late = state.state_type == StateType::Scheduled && state.state_name == "Late";
                tally.add(&state.state_type, late, state.count_runs);
            }
            let counts = tally.counts();
            let cell = Dense {
                x0: frame.x(bucket.interval_start.0).clamp(0.0, 1.0),
                x1: frame.x(bucket.interval_end.0).clamp(0.0, 1.0),
                counts,
            };
            runs += cell.total();
            (cell.total() > 0 && cell.x1 > cell.x0).then_some(cell)
        })
        .collect();
    RowLayout {
        bars: Vec::new(),
        dense,
        runs,
    }
}

/// A bar in words, for its accessible name and the details panel; `time` says an instant
/// in the user's zone.
pub fn describe(bar: &Bar, time: impl Fn(DateTime<Utc>) -> String) -> String {
    let state = match bar.kind {
        BarKind::Late => "Late".to_string(),
        _ => bar.state_type.default_name().to_string(),
    };
    let mut words = vec![state];
    words.push(match bar.kind {
        BarKind::Planned | BarKind::Late => format!("expected to start {}", time(bar.start)),
        _ => format!("started {}", time(bar.start)),
    });
    match bar.kind {
        BarKind::Planned if bar.duration > 0.0 => {
            words.push(format!("usually runs {}", format::duration(bar.duration)))
        }
        BarKind::Planned | BarKind::Late => {}
        BarKind::Running => words.push(format!("running for {}", format::duration(bar.duration))),
        BarKind::Ran => words.push(format!("ran {}", format::duration(bar.duration))),
    }
    if let Some(late) = format::lateness(bar.lateness) {
        words.push(late);
    }
    words.join(", ")
}

/// A counted cell in words.
pub fn describe_dense(cell: &Dense) -> String {
    let parts: Vec<String> = cell
        .counts
        .iter()
        .map(|c| format!("{} {}", c.runs, c.name()))
        .collect();
    format!(
        "{} {}: {}",
        cell.total(),
        if cell.total() == 1 { "run" } else { "runs" },
        parts.join(", ")
    )
}

/// One column of a work pool's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneCell {
    pub x0: f64,
    pub x1: f64,
    /// The most runs the pool held at once in this column (started, not finished).
    pub held: u32,
    /// The most it will hold counting the scheduled runs ahead at the median length.
    pub planned: u32,
    /// Whether the column is before the oldest run loaded (its count is not known).
    pub unknown: bool,
}

/// A work pool's lane over `cells` columns: at each moment, how many of `runs` it holds.
/// `known_from` is the oldest instant the runs given are complete from (the loader's page
/// cap), `None` when they are all there.
pub fn pool_lane(
    runs: &[SimpleFlowRun],
    frame: &Frame,
    median: Option<f64>,
    cells: usize,
    known_from: Option<DateTime<Utc>>,
) -> Vec<LaneCell> {
    let cells = cells.clamp(1, 2000);
    let cell = 1.0 / cells as f64;
    // (x, +1/-1, planned): an interval's start and end, in window fractions.
    let mut edges: Vec<(f64, i32, bool)> = Vec::new();
    for run in runs {
        let (kind, start, end, _) = interval(run, frame, median);
        if kind == BarKind::Late || end <= start || !in_window(run, frame, median) {
            continue;
        }
        let planned = kind == BarKind::Planned;
        edges.push((frame.x(start).max(-1.0), 1, planned));
        edges.push((frame.x(end).min(2.0), -1, planned));
    }
    // Ends before starts at the same instant: back-to-back runs do not overlap.
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let known_x = known_from.map(|at| frame.x(at));
    let (mut held, mut planned) = (0i64, 0i64);
    let mut next = 0;
    (0..cells)
        .map(|column| {
            let x0 = column as f64 * cell;
            let x1 = x0 + cell;
            // Everything up to this column's left edge has happened.
            while next < edges.len() && edges[next].0 <= x0 {
                let (_, step, is_planned) = edges[next];
                if is_planned {
                    planned += i64::from(step);
                } else {
                    held += i64::from(step);
                }
                next += 1;
            }
            let (mut most_held, mut most_all) = (held, held + planned);
            while next < edges.len() && edges[next].0 < x1 {
                let (_, step, is_planned) = edges[next];
                if is_planned {
                    planned += i64::from(step);
                } else {
                    held += i64::from(step);
                }
                most_held = most_held.max(held);
                most_all = most_all.max(held + planned);
                next += 1;
            }
            LaneCell {
                x0,
                x1,
                held: u32::try_from(most_held.max(0)).unwrap_or(u32::MAX),
                planned: u32::try_from(most_all.max(0)).unwrap_or(u32::MAX),
                unknown: known_x.is_some_and(|k| x1 <= k),
            }
        })
        .collect()
}

/// Whether a lane's column is over the pool's limit (the scheduled runs ahead counted).
pub fn over_limit(cell: &LaneCell, limit: Option<i64>) -> bool {
    limit.is_some_and(|l| i64::from(cell.planned) > l)
}

/// The most runs a lane held at once in the columns it knows.
pub fn lane_peak(cells: &[LaneCell]) -> u32 {
    cells
        .iter()
        .filter(|c| !c.unknown)
        .map(|c| c.held)
        .max()
        .unwrap_or(0)
}

/// A work pool's lane in words: its peak, its limit and where it goes over.
pub fn lane_summary(pool: &str, cells: &[LaneCell], limit: Option<i64>) -> String {
    let known = || cells.iter().filter(|c| !c.unknown);
    let held = lane_peak(cells);
    let planned = known().map(|c| c.planned).max().unwrap_or(0);
    let mut words = format!(
        "Work pool {pool}: at most {held} {} at once",
        if held == 1 { "run" } else { "runs" }
    );
    if planned > held {
        words.push_str(&format!(", {planned} with the scheduled runs ahead"));
    }
    match limit {
        Some(l) => {
            words.push_str(&format!("; limit {l}"));
            let over = known().filter(|c| over_limit(c, limit)).count();
            if over > 0 {
                words.push_str(&format!(", over it in {over} of {} columns", cells.len()));
            }
        }
        None => words.push_str("; no limit"),
    }
    if cells.iter().any(|c| c.unknown) {
        words.push_str("; the oldest runs are not loaded (zoom in)");
    }
    words
}

/// Steps the axis may tick at, seconds.
const TICK_STEPS: [i64; 13] = [
    60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
];
/// The most ticks the axis shows.
const MAX_TICKS: i64 = 8;

/// A labelled instant on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

/// Round instants across the window (at most [`MAX_TICKS`]), labelled in the zone
/// `offset` seconds east of UTC: times within a day, days and times across days.
pub fn axis_ticks(frame: &Frame, offset: i64) -> Vec<Tick> {
    let span = (frame.to - frame.from).num_seconds().max(1);
    let step = TICK_STEPS
        .iter()
        .copied()
        .find(|step| span / step <= MAX_TICKS)
        .unwrap_or(TICK_STEPS[TICK_STEPS.len() - 1]);
    let offset = offset.clamp(-86_400, 86_400);
    let local_from = frame.from.timestamp() + offset;
    let first = local_from.div_euclid(step) * step + step;
    let label = |wall: DateTime<Utc>| {
        use chrono::{Datelike, Timelike};
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let day = DAYS[wall.weekday().num_days_from_monday() as usize % 7];
        let time = format!("{:02}:{:02}", wall.hour(), wall.minute());
        if step >= 86_400 {
            let month = MONTHS[wall.month0() as usize % 12];
            format!("{day} {} {month}", wall.day())
        } else if span > 86_400 {
            format!("{day} {time}")
        } else {
            time
        }
    };
    (0..=MAX_TICKS)
        .map(|i| first + i * step)
        .filter_map(|local| {
            let at = DateTime::from_timestamp(local - offset, 0)?;
            let wall = DateTime::from_timestamp(local, 0)?;
            Some(Tick {
                x: frame.x(at),
                label: label(wall),
            })
        })
        .filter(|t| (0.0..1.0).contains(&t.x))
        .collect()
}

/// One line of the timeline: a group's heading or a deployment's row.
#[derive(Clone, Debug, PartialEq)]
pub enum TimelineItem {
    Group(String),
    Deployment(DeploymentRef),
}

impl TimelineItem {
    /// A key unique among the lines, for the keyed list.
    pub fn key(&self) -> String {
        match self {
            TimelineItem::Group(label) => format!("group:{label}"),
            TimelineItem::Deployment(d) => d.id.to_string(),
        }
    }
}

/// What a work-pool group of deployments without one is headed.
pub const NO_POOL: &str = "No work pool";

/// The deployments under a heading per flow (by the flow's name) or per work pool (by
/// name, those without one last), each group's rows by name.
pub fn grouped(
    deployments: &[DeploymentRef],
    flows: &HashMap<Uuid, String>,
    group: Group,
) -> Vec<TimelineItem> {
    let mut groups: BTreeMap<(bool, String), Vec<&DeploymentRef>> = BTreeMap::new();
    for d in deployments {
        let key = match group {
            Group::Flow => (
                false,
                flows
                    .get(&d.flow_id)
                    .cloned()
                    .unwrap_or_else(|| d.flow_id.to_string()),
            ),
            Group::WorkPool => match &d.work_pool_name {
                Some(pool) => (false, pool.clone()),
                None => (true, NO_POOL.to_string()),
            },
        };
        groups.entry(key).or_default().push(d);
    }
    let mut items = Vec::with_capacity(deployments.len() + groups.len());
    for ((_, label), mut rows) in groups {
        rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        items.push(TimelineItem::Group(label));
        items.extend(rows.into_iter().cloned().map(TimelineItem::Deployment));
    }
    items
}

#[cfg(test)]
#[path = "runs_timeline_tests.rs"]
mod tests;
