//! Every duration in words: `duration` for a table cell ("3m 5s"), `span` for a sentence
//! ("6 min"); lateness, pools and queues, concurrency and JSON as the tables show them.

/// `0s`, `4.2s`, `3m 5s`, `2h 10m`, `3d 4h`.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "—".into();
    }
    let negative = seconds < 0.0;
    let s = seconds.abs();
    let text = if s < 10.0 {
        let rounded = (s * 10.0).round() / 10.0;
        if rounded.fract() == 0.0 {
            format!("{}s", rounded as i64)
        } else {
            format!("{rounded:.1}s")
        }
    } else if s < 60.0 {
        format!("{}s", s.round() as i64)
    } else if s < 3600.0 {
        let total = s.round() as i64;
        format!("{}m {}s", total / 60, total % 60)
    } else if s < 86_400.0 {
        let total = (s / 60.0).round() as i64;
        format!("{}h {}m", total / 60, total % 60)
    } else {
        let total = (s / 3600.0).round() as i64;
        format!("{}d {}h", total / 24, total % 24)
    };
    if negative {
        format!("-{text}")
    } else {
        text
    }
}

/// A span in words for a sentence: `45 s`, `90 s`, `6 min`, `2 h 5 min`, `3 d 4 h`.
pub fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 120 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        let minutes = (s % 3600) / 60;
        if minutes == 0 {
            format!("{} h", s / 3600)
        } else {
            format!("{} h {minutes} min", s / 3600)
        }
    } else {
        let hours = (s % 86_400) / 3600;
        if hours == 0 {
            format!("{} d", s / 86_400)
        } else {
            format!("{} d {hours} h", s / 86_400)
        }
    }
}

/// `2026-01-02 03:04:05` for a UTC instant, without chrono's strftime machinery.
pub fn utc_datetime(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// An instant relative to `now`, as a list shows it: "just now", "3 min ago", "in 12 min",
/// "5 h ago", "in 2 days"; `None` past 30 days either way (the list shows the date then).
/// Any two instants, however far apart, give an answer without overflow.
pub fn relative(
    at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<String> {
    let seconds = now.signed_duration_since(at).num_seconds();
    let past = seconds >= 0;
    let s = seconds.unsigned_abs();
    let amount = if s < 45 {
        return Some(if past { "just now" } else { "in a few seconds" }.to_string());
    } else if s < 3600 {
        format!("{} min", (s + 30) / 60)
    } else if s < 86_400 {
        format!("{} h", (s + 1800) / 3600)
    } else if s <= 30 * 86_400 {
        match (s + 43_200) / 86_400 {
            1 => "1 day".to_string(),
            days => format!("{days} days"),
        }
    } else {
        return None;
    };
    Some(if past {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    })
}

pub use crate::schemas::wire::enum_words;

/// Lateness for a run: nothing when on time or early.
pub fn lateness(seconds: f64) -> Option<String> {
    (seconds >= 1.0).then(|| format!("{} late", duration(seconds)))
}

/// "pool / queue", either alone, or empty when a run or deployment has neither.
pub fn pool_and_queue(pool: Option<&str>, queue: Option<&str>) -> String {
    match (pool, queue) {
        (Some(pool), Some(queue)) => format!("{pool} / {queue}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => String::new(),
    }
}

/// Slots in use of a concurrency limit: "2 of 5 slots", or "1 in use, no limit".
pub fn concurrency(active: Option<i64>, limit: Option<i64>) -> String {
    let active = active.unwrap_or(0);
    match limit {
        Some(limit) => format!("{active} of {limit} slots"),
        None => format!("{active} in use, no limit"),
    }
}

/// JSON from the API, indented for a `<pre>` (as text, never markup).
pub fn pretty_json(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Typed or stored text as kept: no control characters, trimmed, at most `max` characters.
/// (Search terms, view names, the event feed's filters.)
pub fn bounded_text(text: &str, max: usize) -> String {
    let kept: String = text.chars().filter(|c| !c.is_control()).collect();
    kept.trim()
        .chars()
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_text_has_no_controls_and_a_bound() {
        assert_eq!(bounded_text("  a\u{0}b \n", 10), "ab");
        assert_eq!(bounded_text(" x y ", 2), "x");
        assert_eq!(bounded_text(&"é".repeat(50), 30).chars().count(), 30);
        assert_eq!(bounded_text("\t", 5), "");
    }

    #[test]
    fn pools_queues_and_slots() {
        assert_eq!(pool_and_queue(Some("p"), Some("q")), "p / q");
        assert_eq!(pool_and_queue(None, Some("q")), "q");
        assert_eq!(pool_and_queue(None, None), "");
        assert_eq!(concurrency(Some(2), Some(5)), "2 of 5 slots");
        assert_eq!(concurrency(None, None), "0 in use, no limit");
        assert_eq!(
            pretty_json(&serde_json::json!({"a": 1})),
            "{\n  \"a\": 1\n}"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0.0), "0s");
        assert_eq!(duration(4.24), "4.2s");
        assert_eq!(duration(42.4), "42s");
        assert_eq!(duration(185.0), "3m 5s");
        assert_eq!(duration(7800.0), "2h 10m");
        assert_eq!(duration(273_600.0), "3d 4h");
        assert_eq!(duration(-5.0), "-5s");
        assert_eq!(duration(f64::NAN), "—");
        assert_eq!(lateness(0.4), None);
        assert_eq!(lateness(1800.0).as_deref(), Some("30m 0s late"));
        let at = chrono::DateTime::from_timestamp(1_767_322_445, 0).expect("time");
        assert_eq!(utc_datetime(at), at.format("%Y-%m-%d %H:%M:%S").to_string());
    }

    #[test]
    fn instants_read_relative_to_now_and_far_ones_as_dates() {
        use chrono::{Duration, TimeZone, Utc};
        let now = Utc
            .with_ymd_and_hms(2026, 12, 6, 12, 0, 0)
            .single()
            .expect("now");
        let at = |seconds: i64| now - Duration::seconds(seconds);
        let said = |seconds: i64| relative(at(seconds), now);
        assert_eq!(said(0).as_deref(), Some("just now"));
        assert_eq!(said(-30).as_deref(), Some("in a few seconds"));
        assert_eq!(said(3 * 60 + 10).as_deref(), Some("3 min ago"));
        assert_eq!(said(-12 * 60).as_deref(), Some("in 12 min"));
        assert_eq!(said(5 * 3600).as_deref(), Some("5 h ago"));
        assert_eq!(said(86_400).as_deref(), Some("1 day ago"));
        assert_eq!(said(-2 * 86_400).as_deref(), Some("in 2 days"));
        assert_eq!(said(31 * 86_400), None);
        // The extremes chrono allows: no overflow, the date instead.
        assert_eq!(relative(chrono::DateTime::<Utc>::MIN_UTC, now), None);
        assert_eq!(relative(chrono::DateTime::<Utc>::MAX_UTC, now), None);
    }

    #[test]
    fn enum_values_read_as_words() {
        assert_eq!(enum_words("NOT_READY"), "Not ready");
        assert_eq!(enum_words("ONLINE"), "Online");
        assert_eq!(enum_words(""), "");
        assert_eq!(enum_words("ß_X"), "SS x");
    }
}
