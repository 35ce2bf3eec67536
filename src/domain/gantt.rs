//! The task-run Gantt: one bar per task run and subflow run from the run's graph, ordered by
//! start, open-ended bars running to now.

use crate::schemas::graph::{Graph, NodeKind};
use crate::schemas::{StateType, Timestamp};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct GanttRow {
    pub id: Uuid,
    pub label: String,
    pub kind: NodeKind,
    pub state_type: StateType,
    pub start: Timestamp,
    /// `None` while running.
    pub end: Option<Timestamp>,
    /// Seconds, to `now` while running.
    pub duration: f64,
    /// Edges as fractions of the chart (0..=1).
    pub x0: f64,
    pub x1: f64,
    /// The rows this one depends on (by index), for drawing edges.
    pub parents: Vec<usize>,
}

/// Rows for every node, sorted by start time then label.
pub fn layout(graph: &Graph, now: DateTime<Utc>) -> Vec<GanttRow> {
    let mut nodes: Vec<_> = graph.nodes.iter().map(|(_, node)| node).collect();
    nodes.sort_by(|a, b| {
        a.start_time
            .cmp(&b.start_time)
            .then_with(|| a.label.cmp(&b.label))
    });
    let start = graph
        .start_time
        .map(|t| t.0)
        .into_iter()
        .chain(nodes.first().map(|n| n.start_time.0))
        .min()
        .unwrap_or(now);
    let end = nodes
        .iter()
        .map(|n| n.end_time.map_or(now, |t| t.0))
        .chain(graph.end_time.map(|t| t.0))
        .max()
        .unwrap_or(now)
        .max(start);
    let span = (end - start).num_milliseconds().max(1) as f64;
    let index: std::collections::HashMap<Uuid, usize> =
        nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    nodes
        .iter()
        .map(|node| {
            let bar_end = node.end_time.map_or(now, |t| t.0).max(node.start_time.0);
            GanttRow {
                id: node.id,
                label: node.label.clone(),
                kind: node.kind.clone(),
                state_type: node.state_type.clone(),
                start: node.start_time,
                end: node.end_time,
                duration: (bar_end - node.start_time.0).num_milliseconds() as f64 / 1000.0,
                x0: (node.start_time.0 - start).num_milliseconds() as f64 / span,
                x1: (bar_end - start).num_milliseconds() as f64 / span,
                parents: node
                    .parents
                    .iter()
                    .filter_map(|p| index.get(&p.id).copied())
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::graph::{Edge, Node};
    use chrono::TimeZone;

    fn at(s: i64) -> Timestamp {
        Timestamp(Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("t"))
    }

    fn node(n: u128, label: &str, start: i64, end: Option<i64>, parents: &[u128]) -> (Uuid, Node) {
        let id = Uuid::from_u128(n);
        (
            id,
            Node {
                kind: NodeKind::TaskRun,
                id,
                label: label.into(),
                state_type: StateType::Completed,
                start_time: at(start),
                end_time: end.map(at),
                parents: parents
                    .iter()
                    .map(|p| Edge {
                        id: Uuid::from_u128(*p),
                    })
                    .collect(),
                children: vec![],
                encapsulating: vec![],
                artifacts: vec![],
            },
        )
    }

    #[test]
    fn one_bar_per_node_ordered_by_start_with_open_ends_to_now() {
        let graph = Graph {
            start_time: Some(at(0)),
            end_time: None,
            root_node_ids: vec![],
            nodes: vec![
                node(2, "load", 20, None, &[1]),
                node(1, "extract", 0, Some(10), &[]),
            ],
            artifacts: vec![],
            states: vec![],
        };
        let rows = layout(&graph, *at(40));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "extract");
        assert_eq!((rows[0].x0, rows[0].x1), (0.0, 0.25));
        assert_eq!(rows[1].duration, 20.0, "a running task grows to now");
        assert_eq!(rows[1].x1, 1.0);
        assert_eq!(rows[1].parents, vec![0]);
    }

    #[test]
    fn ten_thousand_nodes_lay_out() {
        let nodes = (0..10_000u128)
            .map(|i| node(i + 1, &format!("t{i}"), i as i64, Some(i as i64 + 5), &[]))
            .collect();
        let graph = Graph {
            start_time: Some(at(0)),
            end_time: Some(at(10_004)),
            root_node_ids: vec![],
            nodes,
            artifacts: vec![],
            states: vec![],
        };
        let rows = layout(&graph, *at(20_000));
        assert_eq!(rows.len(), 10_000);
        assert!(rows.windows(2).all(|w| w[0].start <= w[1].start));
        assert!((rows[9999].x1 - 1.0).abs() < 1e-9);
    }
}
