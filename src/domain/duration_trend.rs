//! The duration trend: how long each of a flow's (or a deployment's) last runs took, against
//! the median and the 95th percentile of the finished ones; a run far above the median is an
//! outlier, said as "3.4x its median".

use crate::domain::run_grid::GridRun;

/// A run this many times its median or more is an outlier.
pub const OUTLIER_FACTOR: f64 = 2.0;

/// One run's point.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The run's column in the grid (oldest first).
    pub column: usize,
    pub seconds: f64,
    /// Its run time over the median, when there is a median above zero.
    pub times_median: Option<f64>,
    pub outlier: bool,
    /// It still runs: its duration grows.
    pub running: bool,
}

/// The trend of a set of runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trend {
    pub points: Vec<Point>,
    /// Over the finished runs.
    pub median: Option<f64>,
    pub p95: Option<f64>,
    /// The top of the chart's scale: the longest run, at least the p95.
    pub max: f64,
}

impl Trend {
    /// The outliers, longest first.
    pub fn outliers(&self) -> Vec<&Point> {
        let mut out: Vec<&Point> = self.points.iter().filter(|p| p.outlier).collect();
        out.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        out
    }
}

/// The value below which `q` (0..=1) of the sorted values fall (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() || !q.is_finite() {
        return None;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1).min(sorted.len() - 1))
        .copied()
}

/// The median of the sorted values (the mean of the middle two when even).
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The trend of the runs (in the grid's order).
pub fn trend(runs: &[GridRun]) -> Trend {
    let mut finished: Vec<f64> = runs
        .iter()
        .filter(|r| !r.running)
        .map(|r| sane(r.duration))
        .collect();
    finished.sort_by(f64::total_cmp);
    let median = median(&finished);
    let p95 = quantile(&finished, 0.95);
    let points: Vec<Point> = runs
        .iter()
        .enumerate()
        .map(|(column, r)| {
            let seconds = sane(r.duration);
            let times_median = median.filter(|m| *m > 0.0).map(|m| seconds / m);
            Point {
                column,
                seconds,
                times_median,
                outlier: times_median.is_some_and(|t| t >= OUTLIER_FACTOR),
                running: r.running,
            }
        })
        .collect();
    let longest = points.iter().map(|p| p.seconds).fold(0.0, f64::max);
    Trend {
        max: longest.max(p95.unwrap_or(0.0)),
        points,
        median,
        p95,
    }
}

/// A duration any arithmetic survives: finite and not negative.
fn sane(seconds: f64) -> f64 {
    if seconds.is_finite() {
        seconds.max(0.0)
    } else {
        0.0
    }
}

/// "3.4x its median" (one decimal; a whole number without it).
pub fn times_text(times: f64) -> String {
    let rounded = (times * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}x its median")
    } else {
        format!("{rounded:.1}x its median")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::StateType;
    use uuid::Uuid;

    fn run(i: u128, seconds: f64) -> GridRun {
        GridRun {
            id: Uuid::from_u128(i),
            name: format!("run-{i}"),
            state_type: StateType::Completed,
            state_name: "Completed".into(),
            duration: seconds,
            running: false,
        }
    }

    #[test]
    fn quantiles_by_nearest_rank() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(quantile(&values, 0.95), Some(19.0));
        assert_eq!(quantile(&values, 1.0), Some(20.0));
        assert_eq!(quantile(&values, 0.0), Some(1.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], f64::NAN), None);
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), Some(2.5));
        assert_eq!(median(&[1.0, 2.0, 30.0]), Some(2.0));
    }

    #[test]
    fn a_run_twice_its_median_or_more_is_an_outlier_and_said_so() {
        let runs = vec![
            run(1, 10.0),
            run(2, 12.0),
            run(3, 11.0),
            run(4, 37.4),
            run(5, 5.0),
        ];
        let t = trend(&runs);
        assert_eq!(t.median, Some(11.0));
        assert_eq!(t.p95, Some(37.4));
        let outliers = t.outliers();
        assert_eq!(outliers.len(), 1);
        assert_eq!(outliers[0].column, 3);
        assert_eq!(
            times_text(outliers[0].times_median.unwrap_or_default()),
            "3.4x its median"
        );
        assert_eq!(times_text(2.0), "2x its median");
        assert_eq!(t.max, 37.4);
    }

    #[test]
    fn running_runs_are_drawn_but_not_in_the_median_and_bad_numbers_are_zero() {
        let mut runs = vec![run(1, 10.0), run(2, 1e9), run(3, f64::NAN), run(4, -5.0)];
        runs[1].running = true;
        let t = trend(&runs);
        assert_eq!(
            t.median,
            Some(0.0),
            "10, 0, 0: the NaN and the negative count as 0"
        );
        assert!(
            t.points.iter().all(|p| p.times_median.is_none()),
            "no ratio to a zero median"
        );
        assert!(t.points[1].running);
        assert_eq!(t.max, 1e9);
        let none = trend(&[]);
        assert_eq!((none.median, none.p95, none.max), (None, None, 0.0));
    }
}
