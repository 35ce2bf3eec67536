//! Schedules in words: "Every 10 min", "Hourly at :00 (Europe/Berlin)", "Weekly on Monday
//! at 09:00 (UTC)". Forms the describer does not know keep their expression, so nothing is
//! ever hidden or guessed.

use super::rrule::DAYS;
use crate::schemas::{DeploymentSchedule, Schedule};

/// A schedule in one line, with its time zone.
pub fn describe(schedule: &Schedule) -> String {
    match schedule {
        Schedule::Interval(s) => {
            let zone = s
                .timezone
                .as_deref()
                .map(|z| format!(" ({z})"))
                .unwrap_or_default();
            format!("{}{zone}", every(s.interval))
        }
        Schedule::Cron(s) => {
            let zone = s.timezone.as_deref().unwrap_or("UTC");
            match cron_words(&s.cron) {
                Some(words) => format!("{words} ({zone}; cron {})", s.cron),
                None => format!("Cron {} ({zone})", s.cron),
            }
        }
        Schedule::RRule(s) => {
            let zone = s.timezone.as_deref().unwrap_or("UTC");
            match rrule_words(&s.rrule) {
                Some(words) => format!("{words} ({zone})"),
                None => format!("Custom RRule ({zone})"),
            }
        }
        Schedule::None(_) => "No schedule".into(),
        Schedule::Unknown(_) => "A schedule kind this dashboard does not know".into(),
    }
}

/// Each of a deployment's schedules in words, inactive ones marked.
pub fn lines(schedules: &[DeploymentSchedule]) -> Vec<String> {
    schedules
        .iter()
        .map(|s| {
            let words = describe(&s.schedule);
            if s.active {
                words
            } else {
                format!("{words} (inactive)")
            }
        })
        .collect()
}

/// "Every 10 min", "Every hour", "Every 90 s", "Every 2 days".
pub fn every(seconds: f64) -> String {
    let s = seconds.round() as i64;
    let units = [
        (86_400, "day", "days"),
        (3600, "hour", "hours"),
        (60, "minute", "min"),
    ];
    for (size, one, many) in units {
        if s >= size && s % size == 0 {
            let n = s / size;
            return if n == 1 {
                format!("Every {one}")
            } else {
                format!("Every {n} {many}")
            };
        }
    }
    format!("Every {s} s")
}

fn number(field: &str, max: u32) -> Option<u32> {
    field.parse::<u32>().ok().filter(|n| *n <= max)
}

fn day_name(field: &str) -> Option<&'static str> {
    // Cron counts Sunday as 0 (and 7).
    let n = number(field, 7)?;
    Some(DAYS[((n + 6) % 7) as usize].1)
}

/// The common cron shapes in words; `None` for anything else.
pub fn cron_words(cron: &str) -> Option<String> {
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else {
        return None;
    };
    if *month != "*" {
        return None;
    }
    let any_day = *dom == "*" && *dow == "*";
    if let Some(step) = minute.strip_prefix("*/") {
        let step = number(step, 59)?;
        return (*hour == "*" && any_day).then(|| format!("Every {step} min"));
    }
    if *minute == "*" {
        return (*hour == "*" && any_day).then(|| "Every minute".to_string());
    }
    let m = number(minute, 59)?;
    if *hour == "*" {
        return any_day.then(|| format!("Hourly at :{m:02}"));
    }
    let h = number(hour, 23)?;
    let at = format!("{h:02}:{m:02}");
    match (*dom, *dow) {
        ("*", "*") => Some(format!("Daily at {at}")),
        ("*", "1-5") => Some(format!("Weekdays at {at}")),
        ("*", day) => Some(format!("Weekly on {} at {at}", day_name(day)?)),
        (day, "*") => Some(format!("Monthly on day {} at {at}", number(day, 31)?)),
        _ => None,
    }
}

/// An RRULE schedule's text in words (see `rrule::describe`); `None` for what cannot be.
pub fn rrule_words(rrule: &str) -> Option<String> {
    super::rrule::describe(rrule)
}

/// The raw text of a rule that could not be put in words (shown behind a disclosure).
pub fn custom_rule(schedule: &Schedule) -> Option<String> {
    match schedule {
        Schedule::RRule(s) if rrule_words(&s.rrule).is_none() => Some(s.rrule.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schedule(value: serde_json::Value) -> Schedule {
        serde_json::from_value(value).expect("schedule")
    }

    #[test]
    fn inactive_schedules_are_marked() {
        let schedules: Vec<DeploymentSchedule> = serde_json::from_value(json!([
            {"id": "00000000-0000-0000-0000-000000000001", "active": true,
             "schedule": {"interval": 60.0, "anchor_date": "2026-01-01T00:00:00Z"}},
            {"id": "00000000-0000-0000-0000-000000000002", "active": false,
             "schedule": {"cron": "0 * * * *", "timezone": "UTC"}},
        ]))
        .expect("schedules");
        assert_eq!(
            lines(&schedules),
            vec![
                "Every minute".to_string(),
                "Hourly at :00 (UTC; cron 0 * * * *) (inactive)".to_string()
            ]
        );
    }

    #[test]
    fn intervals() {
        assert_eq!(every(600.0), "Every 10 min");
        assert_eq!(every(3600.0), "Every hour");
        assert_eq!(every(90.0), "Every 90 s");
        assert_eq!(every(172_800.0), "Every 2 days");
        let s = schedule(
            json!({"interval": 600.0, "anchor_date": "2026-01-01T00:00:00Z", "timezone": "UTC"}),
        );
        assert_eq!(describe(&s), "Every 10 min (UTC)");
    }

    #[test]
    fn cron_shapes() {
        assert_eq!(cron_words("0 * * * *").as_deref(), Some("Hourly at :00"));
        assert_eq!(cron_words("*/15 * * * *").as_deref(), Some("Every 15 min"));
        assert_eq!(cron_words("* * * * *").as_deref(), Some("Every minute"));
        assert_eq!(cron_words("30 9 * * *").as_deref(), Some("Daily at 09:30"));
        assert_eq!(
            cron_words("0 9 * * 1-5").as_deref(),
            Some("Weekdays at 09:00")
        );
        assert_eq!(
            cron_words("0 9 * * 0").as_deref(),
            Some("Weekly on Sunday at 09:00")
        );
        assert_eq!(
            cron_words("0 9 * * 1").as_deref(),
            Some("Weekly on Monday at 09:00")
        );
        assert_eq!(
            cron_words("0 6 1 * *").as_deref(),
            Some("Monthly on day 1 at 06:00")
        );
        assert_eq!(cron_words("0 6 1 1 *"), None);
        assert_eq!(cron_words("garbage"), None);
        let s = schedule(json!({"cron": "0 * * * *", "timezone": "Europe/Berlin", "day_or": true}));
        assert_eq!(
            describe(&s),
            "Hourly at :00 (Europe/Berlin; cron 0 * * * *)"
        );
        let odd = schedule(json!({"cron": "5,10 * * * *", "timezone": null}));
        assert_eq!(describe(&odd), "Cron 5,10 * * * * (UTC)");
    }

    #[test]
    fn rrule_shapes() {
        assert_eq!(
            rrule_words("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9").as_deref(),
            Some("Every week on Monday at 09:00")
        );
        assert_eq!(
            rrule_words("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5").as_deref(),
            Some("Every 2 days, 5 times")
        );
        assert_eq!(
            rrule_words("FREQ=SECONDLY").as_deref(),
            Some("Every second")
        );
        assert_eq!(
            rrule_words("DTSTART:20200101T000000\nFREQ=WEEKLY;BYDAY=MO;BYHOUR=9").as_deref(),
            Some("Every week on Monday at 09:00")
        );
        assert_eq!(
            rrule_words("DTSTART:20260101T000000\nRRULE:FREQ=DAILY\nEXDATE:20260102T000000")
                .as_deref(),
            Some("Every day, except 2026-01-02 00:00")
        );
        let s = schedule(json!({"rrule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9", "timezone": "UTC"}));
        assert_eq!(describe(&s), "Every week on Monday at 09:00 (UTC)");
        let odd = schedule(json!({"rrule": "FREQ=WEEKLY;X-CUSTOM=1", "timezone": "UTC"}));
        assert_eq!(describe(&odd), "Custom RRule (UTC)");
        assert_eq!(custom_rule(&odd).as_deref(), Some("FREQ=WEEKLY;X-CUSTOM=1"));
        assert_eq!(custom_rule(&s), None);
    }
}
