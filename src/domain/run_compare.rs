//! Two flow runs side by side: their parameters and job variables as a diff by key, and each
//! task (by task key) with its time in each run and the change. Any two runs, of one
//! deployment or of two. Pure.
//!
//! Bounded by what is shown: at most [`MAX_KEYS`] keys and [`MAX_TASKS`] task rows, each
//! value cut to [`VALUE_CHARS`] characters.

use crate::domain::run_grid::task_label;
use crate::domain::states::worst_rank;
use crate::schemas::responses::TaskRunRef;
use crate::schemas::wire::JsonObject;
use crate::schemas::StateType;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The most keys a diff shows (the rest are counted).
pub const MAX_KEYS: usize = 200;
/// The most characters of a value shown.
pub const VALUE_CHARS: usize = 240;
/// The most task rows shown (the rest are counted).
pub const MAX_TASKS: usize = 500;
/// A task whose time changed by less than this share (and under a second) is "about the same".
const SAME_SHARE: f64 = 0.1;

/// Which of the two runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// How a key (or a task) differs between the two runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Changed,
    /// Only the first run has it.
    OnlyA,
    /// Only the second run has it.
    OnlyB,
}

impl Change {
    /// Its glyph and words (never colour alone).
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            Change::Same => ("=", "same"),
            Change::Changed => ("≠", "changed"),
            Change::OnlyA => ("A", "only in A"),
            Change::OnlyB => ("B", "only in B"),
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Changed => "changed",
            Change::OnlyA => "only-a",
            Change::OnlyB => "only-b",
        }
    }

    fn of<T: PartialEq>(a: Option<&T>, b: Option<&T>) -> Change {
        match (a, b) {
            (Some(a), Some(b)) if a == b => Change::Same,
            (Some(_), Some(_)) => Change::Changed,
            (Some(_), None) => Change::OnlyA,
            (None, _) => Change::OnlyB,
        }
    }
}

/// One key of a diff: its value in each run, as compact JSON cut to [`VALUE_CHARS`].
#[derive(Clone, Debug, PartialEq)]
pub struct KeyDiff {
    pub key: String,
    pub a: Option<String>,
    pub b: Option<String>,
    pub change: Change,
}

/// Two objects compared key by key, changed keys first, then by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub keys: Vec<KeyDiff>,
    /// Keys past [`MAX_KEYS`], not shown.
    pub more: usize,
}

impl Diff {
    /// How many keys differ (of those shown).
    pub fn changed(&self) -> usize {
        self.keys
            .iter()
            .filter(|k| k.change != Change::Same)
            .count()
    }

    /// "2 differ, 3 the same." (or "All 3 the same.").
    pub fn summary(&self) -> String {
        let same = self.keys.len() - self.changed();
        match self.changed() {
            0 => format!("All {same} the same."),
            n => format!("{n} differ, {same} the same."),
        }
    }
}

/// A value as one line of compact JSON, at most [`VALUE_CHARS`] characters ("…" where cut).
/// Writing stops once past them: a huge value costs what is shown.
pub fn value_text(value: &serde_json::Value) -> String {
    /// Keeps the first bytes written, then refuses more (which stops the serializer).
    struct Capped(Vec<u8>);
    impl std::io::Write for Capped {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            // Four bytes a character at most, and one more to know it was cut.
            let room = (VALUE_CHARS + 1) * 4 - self.0.len().min((VALUE_CHARS + 1) * 4);
            if room == 0 {
                return Err(std::io::Error::other("enough"));
            }
            let take = buf.len().min(room);
            self.0.extend_from_slice(&buf[..take]);
            Ok(take)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Capped(Vec::new());
    let _ = serde_json::to_writer(&mut out, value);
    cut(&String::from_utf8_lossy(&out.0), VALUE_CHARS)
}

/// The most characters of a log line shown.
pub const LINE_CHARS: usize = 400;

/// A log message's first line, at most [`LINE_CHARS`] characters ("…" where more follows).
pub fn first_line(message: &str) -> String {
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default();
    let shown = cut(first, LINE_CHARS);
    if lines.next().is_some() && !shown.ends_with('…') {
        format!("{shown} …")
    } else {
        shown
    }
}

fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `a` and `b` compared key by key (either may be absent: no job variables).
pub fn diff(a: Option<&JsonObject>, b: Option<&JsonObject>) -> Diff {
    let empty = JsonObject::new();
    let (a, b) = (a.unwrap_or(&empty), b.unwrap_or(&empty));
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let total = keys.len();
    let mut rows: Vec<(&String, Change)> = keys
        .into_iter()
        .map(|key| (key, Change::of(a.get(key), b.get(key))))
        .collect();
    // Stable: keys stay in order within each kind.
    rows.sort_by_key(|(_, change)| *change == Change::Same);
    rows.truncate(MAX_KEYS);
    Diff {
        more: total - rows.len(),
        keys: rows
            .into_iter()
            .map(|(key, change)| KeyDiff {
                key: cut(key, VALUE_CHARS),
                a: a.get(key).map(value_text),
                b: b.get(key).map(value_text),
                change,
            })
            .collect(),
    }
}

/// One task's runs within one flow run, folded.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskTime {
    /// Task runs of this key (more than one: mapped, or called in a loop).
    pub count: usize,
    /// Their time together, in seconds (so far, for one still running).
    pub seconds: f64,
    /// Their worst state.
    pub worst: StateType,
}

/// One task key across the two runs.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    pub task_key: String,
    pub label: String,
    pub a: Option<TaskTime>,
    pub b: Option<TaskTime>,
    /// The one task run each side opens, when it has exactly one.
    pub a_run: Option<Uuid>,
    pub b_run: Option<Uuid>,
}

impl TaskRow {
    pub fn change(&self) -> Change {
        match (&self.a, &self.b) {
            (Some(a), Some(b)) => {
                let delta = (b.seconds - a.seconds).abs();
                if a.worst == b.worst
                    && a.count == b.count
                    && (delta < 1.0 || delta <= a.seconds.max(b.seconds) * SAME_SHARE)
                {
                    Change::Same
                } else {
                    Change::Changed
                }
            }
            (Some(_), None) => Change::OnlyA,
            _ => Change::OnlyB,
        }
    }

    /// B's time less A's, when both ran it.
    pub fn delta(&self) -> Option<f64> {
        Some(self.b.as_ref()?.seconds - self.a.as_ref()?.seconds)
    }

    /// What its change column says: "+15s (2.5x)", "−3s", "only in A".
    pub fn change_text(&self) -> String {
        let change = self.change();
        match (change, self.delta()) {
            (Change::OnlyA | Change::OnlyB, _) => change.text().1.to_string(),
            (_, Some(delta)) => {
                let sign = if delta >= 0.0 { "+" } else { "−" };
                let ratio = self
                    .ratio_text()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                format!(
                    "{sign}{}{ratio}",
                    crate::domain::format::duration(delta.abs())
                )
            }
            _ => String::new(),
        }
    }

    /// "2.5x", "0.4x" (B's time over A's), when both ran it for a measurable time.
    pub fn ratio_text(&self) -> Option<String> {
        let (a, b) = (self.a.as_ref()?.seconds, self.b.as_ref()?.seconds);
        if a < 0.05 || !a.is_finite() || !b.is_finite() {
            return None;
        }
        let ratio = b / a;
        Some(if ratio >= 10.0 {
            format!("{ratio:.0}x")
        } else {
            format!("{ratio:.1}x")
        })
    }
}

/// "5 tasks: 2 changed, 1 only in A, 1 only in B."
pub fn tasks_summary(rows: &[TaskRow]) -> String {
    let count = |change: Change| rows.iter().filter(|r| r.change() == change).count();
    format!(
        "{} tasks: {} changed, {} only in A, {} only in B.",
        rows.len(),
        count(Change::Changed),
        count(Change::OnlyA),
        count(Change::OnlyB)
    )
}

/// The tasks of the two runs, in the order they first started in either; with how many rows
/// past [`MAX_TASKS`] were left out.
pub fn task_rows(
    task_runs: &[TaskRunRef],
    a: Uuid,
    b: Uuid,
    now: DateTime<Utc>,
) -> (Vec<TaskRow>, usize) {
    struct Acc {
        first: Option<DateTime<Utc>>,
        a: Option<(TaskTime, Uuid)>,
        b: Option<(TaskTime, Uuid)>,
    }
    let mut keys: BTreeMap<&str, Acc> = BTreeMap::new();
    for task in task_runs {
        // Its side (both, when a run is compared with itself).
        let sides: &[Side] = match task.flow_run_id {
            Some(run) if run == a && run == b => &[Side::A, Side::B],
            Some(run) if run == a => &[Side::A],
            Some(run) if run == b => &[Side::B],
            _ => continue,
        };
        let key = if task.task_key.is_empty() {
            task.name.as_str()
        } else {
            task.task_key.as_str()
        };
        let started = task.start_time.or(task.expected_start_time).map(|t| t.0);
        let acc = keys.entry(key).or_insert(Acc {
            first: None,
            a: None,
            b: None,
        });
        acc.first = match (acc.first, started) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        let state = task.state_type.clone().unwrap_or(StateType::Pending);
        let seconds = task_seconds(task, now);
        for side in sides {
            let slot = match side {
                Side::A => &mut acc.a,
                Side::B => &mut acc.b,
            };
            add(slot, task.id, state.clone(), seconds);
        }
    }
    let mut rows: Vec<(Option<DateTime<Utc>>, TaskRow)> = keys
        .into_iter()
        .map(|(key, acc)| {
            let single = |side: &Option<(TaskTime, Uuid)>| {
                side.as_ref()
                    .and_then(|(time, id)| (time.count == 1).then_some(*id))
            };
            let row = TaskRow {
                task_key: key.to_string(),
                label: task_label(key),
                a_run: single(&acc.a),
                b_run: single(&acc.b),
                a: acc.a.map(|(time, _)| time),
                b: acc.b.map(|(time, _)| time),
            };
            (acc.first, row)
        })
        .collect();
    // Started ones first, by when; never-started ones after, by key.
    rows.sort_by_key(|(first, _)| (first.is_none(), *first));
    let total = rows.len();
    rows.truncate(MAX_TASKS);
    let more = total - rows.len();
    (rows.into_iter().map(|(_, row)| row).collect(), more)
}

/// One more task run of a key in one run.
fn add(slot: &mut Option<(TaskTime, Uuid)>, id: Uuid, state: StateType, seconds: f64) {
    match slot {
        Some((time, _)) => {
            time.count += 1;
            time.seconds += seconds;
            if worst_rank(&state) < worst_rank(&time.worst) {
                time.worst = state;
            }
        }
        None => {
            *slot = Some((
                TaskTime {
                    count: 1,
                    seconds,
                    worst: state,
                },
                id,
            ))
        }
    }
}

/// A task run's time in seconds: its total, or so far when it still runs.
fn task_seconds(task: &TaskRunRef, now: DateTime<Utc>) -> f64 {
    let total = if task.total_run_time.is_finite() {
        task.total_run_time.max(0.0)
    } else {
        0.0
    };
    match (&task.state_type, task.start_time) {
        (Some(StateType::Running), Some(start)) => {
            total.max(((now - start.0).num_milliseconds() as f64 / 1000.0).max(0.0))
        }
        _ => total,
    }
}

/// The two run ids the address names (`a=`, `b=`); each None when absent or not an id.
pub fn ids_from_query(a: Option<&str>, b: Option<&str>) -> (Option<Uuid>, Option<Uuid>) {
    let parse = |v: Option<&str>| v.and_then(run_id_in);
    (parse(a), parse(b))
}

/// A run id in what a user pastes: the id itself, or a run page's address ending in it.
pub fn run_id_in(text: &str) -> Option<Uuid> {
    let text = text.trim();
    let last = text
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    Uuid::parse_str(last).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::Timestamp;
    use serde_json::json;

    fn object(value: serde_json::Value) -> JsonObject {
        match value {
            serde_json::Value::Object(map) => map,
            _ => JsonObject::new(),
        }
    }

    #[test]
    fn a_diff_puts_changed_keys_first_and_says_which_side_has_a_key() {
        let a = object(json!({"x": 1, "same": "s", "gone": true, "nested": {"k": [1, 2]}}));
        let b = object(json!({"x": 2, "same": "s", "new": null, "nested": {"k": [1, 2]}}));
        let d = diff(Some(&a), Some(&b));
        let by_key: Vec<(&str, Change)> =
            d.keys.iter().map(|k| (k.key.as_str(), k.change)).collect();
        assert_eq!(
            by_key,
            vec![
                ("gone", Change::OnlyA),
                ("new", Change::OnlyB),
                ("x", Change::Changed),
                ("nested", Change::Same),
                ("same", Change::Same),
            ]
        );
        assert_eq!(d.changed(), 3);
        assert_eq!(d.summary(), "3 differ, 2 the same.");
        assert_eq!(d.keys[2].a.as_deref(), Some("1"));
        assert_eq!(d.keys[3].a.as_deref(), Some("{\"k\":[1,2]}"));
        assert_eq!(d.keys[4].b.as_deref(), Some("\"s\""));
        assert_eq!(value_text(&json!("a\"b")), "\"a\\\"b\"", "escaped as JSON");
        assert_eq!(d.keys[1].b.as_deref(), Some("null"));
        assert_eq!(diff(None, None), Diff::default());
    }

    #[test]
    fn a_diff_is_bounded_by_what_it_shows() {
        let mut a = JsonObject::new();
        for i in 0..5000 {
            a.insert(format!("k{i:05}"), json!("v".repeat(10_000)));
        }
        let d = diff(Some(&a), None);
        assert_eq!(d.keys.len(), MAX_KEYS);
        assert_eq!(d.more, 5000 - MAX_KEYS);
        let shown = d.keys[0].a.as_deref().unwrap_or_default();
        assert_eq!(
            shown.chars().count(),
            VALUE_CHARS + 1,
            "cut, with its ellipsis"
        );
        assert!(shown.ends_with('…'));
        assert_eq!(cut("ééé", 2), "éé…", "cut at characters, not bytes");
        assert_eq!(first_line("boom\nTraceback"), "boom …");
        assert_eq!(first_line("one"), "one");
        assert_eq!(
            first_line(&"x".repeat(100_000)).chars().count(),
            LINE_CHARS + 1
        );
    }

    fn task(id: u128, run: Uuid, key: &str, state: StateType, seconds: f64, at: i64) -> TaskRunRef {
        let time = DateTime::from_timestamp(1_700_000_000 + at, 0).map(Timestamp);
        TaskRunRef {
            id: Uuid::from_u128(id),
            name: format!("{key}-0"),
            flow_run_id: Some(run),
            task_key: key.to_string(),
            state_type: Some(state),
            state_name: None,
            start_time: time,
            expected_start_time: time,
            total_run_time: seconds,
        }
    }

    #[test]
    fn tasks_are_folded_by_key_and_compared_in_the_order_they_started() {
        let (a, b, other) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let tasks = vec![
            task(10, a, "load-abc123", StateType::Completed, 10.0, 5),
            task(11, b, "load-abc123", StateType::Completed, 25.0, 6),
            task(12, a, "extract-0f", StateType::Completed, 2.0, 1),
            task(13, b, "extract-0f", StateType::Completed, 2.05, 2),
            task(14, b, "map-1", StateType::Completed, 1.0, 7),
            task(15, b, "map-1", StateType::Failed, 1.0, 8),
            task(16, a, "gone-2", StateType::Completed, 1.0, 9),
            task(17, other, "elsewhere", StateType::Failed, 1.0, 0),
        ];
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let (rows, more) = task_rows(&tasks, a, b, now);
        assert_eq!(more, 0);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, vec!["extract", "load", "map", "gone"]);
        assert_eq!(rows[0].change(), Change::Same, "50 ms apart is the same");
        assert_eq!(rows[1].change(), Change::Changed);
        assert_eq!(rows[1].delta(), Some(15.0));
        assert_eq!(rows[1].ratio_text().as_deref(), Some("2.5x"));
        assert_eq!(rows[1].change_text(), "+15s (2.5x)");
        assert_eq!(rows[3].change_text(), "only in A");
        assert_eq!(
            tasks_summary(&rows),
            "4 tasks: 1 changed, 1 only in A, 1 only in B."
        );
        assert_eq!(rows[1].a_run, Some(Uuid::from_u128(10)));
        assert_eq!(rows[2].change(), Change::OnlyB);
        let mapped = rows[2]
            .b
            .as_ref()
            .map(|t| (t.count, t.seconds, t.worst.clone()));
        assert_eq!(mapped, Some((2, 2.0, StateType::Failed)));
        assert_eq!(rows[2].b_run, None, "two task runs open none");
        assert_eq!(rows[3].change(), Change::OnlyA);
        let (itself, _) = task_rows(&tasks, a, a, now);
        assert!(
            itself.iter().all(|r| r.change() == Change::Same),
            "a run compared with itself is the same throughout"
        );
    }

    #[test]
    fn a_running_task_counts_its_time_so_far() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut running = task(1, a, "t", StateType::Running, 0.0, 0);
        running.total_run_time = f64::NAN;
        let now = DateTime::from_timestamp(1_700_000_090, 0).unwrap_or_default();
        let (rows, _) = task_rows(&[running], a, b, now);
        assert_eq!(rows[0].a.as_ref().map(|t| t.seconds), Some(90.0));
    }

    #[test]
    fn run_ids_are_read_from_ids_and_addresses() {
        let id = Uuid::from_u128(7);
        assert_eq!(run_id_in(&format!(" {id} ")), Some(id));
        assert_eq!(
            run_id_in(&format!("http://host/base/flow-runs/{id}?level=20#x")),
            Some(id)
        );
        assert_eq!(run_id_in(&format!("/flow-runs/{id}/")), Some(id));
        assert_eq!(run_id_in("not an id"), None);
        assert_eq!(run_id_in(""), None);
        assert_eq!(
            ids_from_query(Some("x"), Some(&id.to_string())),
            (None, Some(id))
        );
    }
}
