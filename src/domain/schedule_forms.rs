//! A deployment's schedule added or changed: cron, interval or RRULE with a time zone, on
//! or off, and the parameters it overrides; each mistake named beside its field, the
//! schedule said in words before it is saved.

use super::forms::{
    change, flag, flag_text, json_object, json_text, text, yes_no, Checked, FieldError, FormValues,
};
use super::schedule::describe;
use crate::schemas::actions::{DeploymentScheduleCreate, DeploymentScheduleUpdate};
use crate::schemas::wire::JsonObject;
use crate::schemas::{
    CronSchedule, DeploymentSchedule, IntervalSchedule, RRuleSchedule, Schedule, Timestamp,
};
use chrono::{DateTime, Utc};

pub const KIND: &str = "kind";
/// The cron expression, the interval in seconds, or the RRULE.
pub const RULE: &str = "rule";
pub const TIMEZONE: &str = "timezone";
pub const ACTIVE: &str = "active";
pub const PARAMETERS: &str = "parameters";

/// The server's names of the fields a refusal may name (its `schedule.*` land on the rule).
pub const SCHEDULE_FIELDS: [&str; 4] = ["schedule", ACTIVE, PARAMETERS, TIMEZONE];

/// The kinds a schedule can be, as the kind menu offers them.
pub fn kinds() -> Vec<(String, String)> {
    vec![
        ("cron".into(), "Cron".into()),
        ("interval".into(), "Interval (seconds)".into()),
        ("rrule".into(), "RRULE".into()),
    ]
}

/// A new schedule's first values: daily at 09:00 in `zone` (the user's), on.
pub fn new_values(zone: &str) -> FormValues {
    FormValues::from([
        (KIND.to_string(), "cron".to_string()),
        (RULE.to_string(), "0 9 * * *".to_string()),
        (TIMEZONE.to_string(), zone.to_string()),
        (ACTIVE.to_string(), flag_text(true)),
        (PARAMETERS.to_string(), "{}".to_string()),
    ])
}

/// The form's values for a schedule as it is.
pub fn schedule_values(s: &DeploymentSchedule) -> FormValues {
    let (kind, rule, zone) = match &s.schedule {
        Schedule::Cron(c) => ("cron", c.cron.clone(), c.timezone.clone()),
        Schedule::Interval(i) => ("interval", i.interval.to_string(), i.timezone.clone()),
        Schedule::RRule(r) => ("rrule", r.rrule.clone(), r.timezone.clone()),
        Schedule::None(_) | Schedule::Unknown(_) => ("cron", String::new(), None),
    };
    FormValues::from([
        (KIND.to_string(), kind.to_string()),
        (RULE.to_string(), rule),
        (TIMEZONE.to_string(), zone.unwrap_or_else(|| "UTC".into())),
        (ACTIVE.to_string(), flag_text(s.active)),
        (PARAMETERS.to_string(), json_text(&s.parameters)),
    ])
}

/// The schedule the form describes (an interval counts from `anchor`), or why not.
fn schedule_of(values: &FormValues, anchor: DateTime<Utc>) -> Result<Schedule, FieldError> {
    let rule = text(values, RULE);
    let zone = Some(text(values, TIMEZONE)).filter(|z| !z.is_empty());
    match text(values, KIND).as_str() {
        "interval" => match rule.parse::<f64>() {
            Ok(seconds) if seconds.is_finite() && seconds > 0.0 => {
                Ok(Schedule::Interval(IntervalSchedule {
                    interval: seconds,
                    anchor_date: Timestamp(anchor),
                    timezone: zone,
                }))
            }
            Ok(_) => Err(FieldError::new(
                RULE,
                "An interval must be more than 0 seconds.",
            )),
            Err(_) => Err(FieldError::new(RULE, "An interval is a number of seconds.")),
        },
        "rrule" if rule.is_empty() => Err(FieldError::new(RULE, "An RRULE is required.")),
        "rrule" => Ok(Schedule::RRule(RRuleSchedule {
            rrule: rule,
            timezone: zone,
        })),
        _ => match rule.split_whitespace().count() {
            5 => Ok(Schedule::Cron(CronSchedule {
                cron: rule,
                timezone: zone,
                day_or: true,
            })),
            n => Err(FieldError::new(
                RULE,
                format!(
                    "A cron has five fields (minute hour day-of-month month day-of-week); \
                     this has {n}."
                ),
            )),
        },
    }
}

/// The schedule the form describes (an interval counting from `anchor`) and the
/// parameters it overrides, or every field to fix.
fn checked_schedule(
    values: &FormValues,
    anchor: DateTime<Utc>,
) -> Result<(Schedule, JsonObject), Vec<FieldError>> {
    let mut checked = Checked::default();
    let schedule = schedule_of(values, anchor).map_err(|e| checked.0.push(e));
    let parameters = checked.check(json_object(values, PARAMETERS));
    match schedule {
        Ok(s) if checked.0.is_empty() => Ok((s, parameters)),
        _ => Err(checked.0),
    }
}

/// What a schedule's preview says of it before saving (its next runs, `next_runs`).
pub type Preview<'a> = &'a dyn Fn(&Schedule) -> Vec<String>;

/// A new schedule from the form, said in words, with its next runs (`preview`).
pub fn schedule_create(
    values: &FormValues,
    now: DateTime<Utc>,
    preview: Preview,
) -> Result<(DeploymentScheduleCreate, Vec<String>), Vec<FieldError>> {
    let (schedule, parameters) = checked_schedule(values, now)?;
    let active = flag(values, ACTIVE);
    let mut lines = vec![
        format!("Adds the schedule: {}", describe(&schedule)),
        format!(
            "{}{}",
            if active { "On" } else { "Off" },
            if parameters.is_empty() {
                String::new()
            } else {
                format!(", overriding {} parameter(s)", parameters.len())
            }
        ),
    ];
    lines.extend(preview(&schedule));
    Ok((
        DeploymentScheduleCreate {
            schedule,
            active,
            max_scheduled_runs: None,
            parameters,
            slug: None,
        },
        lines,
    ))
}

/// A schedule's edit: only what changed is sent, each said (a changed rule with its next
/// runs, `preview`). An interval keeps its anchor; a schedule that becomes one counts from
/// `now`.
pub fn schedule_update(
    current: &DeploymentSchedule,
    values: &FormValues,
    now: DateTime<Utc>,
    preview: Preview,
) -> Result<(DeploymentScheduleUpdate, Vec<String>), Vec<FieldError>> {
    let anchor = match &current.schedule {
        Schedule::Interval(i) => i.anchor_date.0,
        _ => now,
    };
    let (schedule, parameters) = checked_schedule(values, anchor)?;
    let mut body = DeploymentScheduleUpdate::default();
    let mut lines = Vec::new();
    if schedule != current.schedule {
        lines.push(change(
            "Schedule",
            describe(&current.schedule),
            describe(&schedule),
        ));
        lines.extend(preview(&schedule));
        body.schedule = Some(schedule);
    }
    let active = flag(values, ACTIVE);
    if active != current.active {
        lines.push(change("On", yes_no(current.active), yes_no(active)));
        body.active = Some(active);
    }
    if parameters != current.parameters {
        lines.push("Parameters it overrides: changed".to_string());
        body.parameters = Some(parameters);
    }
    Ok((body, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::values;
    use crate::domain::test_now;
    use serde_json::json;

    #[test]
    fn each_kind_is_read_and_its_mistakes_named() {
        let now = test_now();
        let mut form = new_values("Europe/Paris");
        let (body, lines) =
            schedule_create(&form, now, &|_| Vec::new()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            serde_json::to_value(&body.schedule).unwrap_or_default(),
            json!({"cron": "0 9 * * *", "timezone": "Europe/Paris", "day_or": true})
        );
        assert!(
            lines[0].starts_with("Adds the schedule: Daily at 09:00"),
            "{lines:?}"
        );
        form.extend(values(&[(RULE, "0 9 * * * *")]));
        let errors = schedule_create(&form, now, &|_| Vec::new())
            .err()
            .unwrap_or_default();
        assert_eq!(errors[0].path, RULE);
        assert!(errors[0].message.contains("this has 6"), "{errors:?}");
        form.extend(values(&[(KIND, "interval"), (RULE, "0")]));
        assert!(schedule_create(&form, now, &|_| Vec::new()).is_err());
        form.extend(values(&[(RULE, "3600")]));
        let (body, _) =
            schedule_create(&form, now, &|_| Vec::new()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(matches!(body.schedule, Schedule::Interval(ref i) if i.interval == 3600.0));
        form.extend(values(&[(KIND, "rrule"), (RULE, ""), (PARAMETERS, "[]")]));
        let paths: Vec<String> = schedule_create(&form, now, &|_| Vec::new())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(paths, [RULE, PARAMETERS]);
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let current: DeploymentSchedule = serde_json::from_value(json!({
            "id": "6f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
            "schedule": {"interval": 600, "anchor_date": "2026-01-01T00:00:00Z",
                "timezone": "UTC"},
            "active": true, "parameters": {}
        }))
        .expect("a schedule");
        let form = schedule_values(&current);
        assert_eq!(
            schedule_update(&current, &form, test_now(), &|_| Vec::new()),
            Ok((DeploymentScheduleUpdate::default(), vec![]))
        );
        let mut changed = form.clone();
        changed.extend(values(&[(RULE, "1200"), (ACTIVE, "false")]));
        let (body, lines) =
            schedule_update(&current, &changed, test_now(), &|_| vec!["next".into()])
                .unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"schedule": {"interval": 1200.0, "anchor_date": "2026-01-01T00:00:00.000000Z",
                "timezone": "UTC"}, "active": false})
        );
        // The rule's change, its next runs (only because the rule changed), on/off.
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1], "next");
    }
}
