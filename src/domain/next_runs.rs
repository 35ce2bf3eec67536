//! A schedule's next run times, worked out before it is saved (the server only computes them
//! after): cron (Prefect's `croniter` rules: `day_or`, names, ranges, steps), interval (days
//! kept on the wall clock of its zone, the rest in seconds, as Prefect adds them) and the
//! common RRULE forms (FREQ, INTERVAL, COUNT, UNTIL, DTSTART and plain BYMONTH, BYMONTHDAY,
//! BYDAY, BYHOUR, BYMINUTE, BYSECOND). What is not worked out here (a cron's `L`, `W` or `#`,
//! an ordinal weekday, BYSETPOS, EXDATE…) says so; the server still takes it. Bounded: at
//! most [`MAX_DAYS`] days are looked at and [`MAX_STEPS`] candidate times, whatever the rule.
//!
//! Time zones come from the browser (`Intl`), passed in as an [`Offsets`] function, so the
//! rules here stay pure and are tested with fixed offsets.

use super::rrule::DAYS;
use crate::schemas::{CronSchedule, IntervalSchedule, RRuleSchedule, Schedule};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// Seconds east of UTC of a zone (an IANA name; `None`: the browser's) at an instant;
/// `None` for a zone the browser does not know.
pub type Offsets<'a> = &'a dyn Fn(Option<&str>, DateTime<Utc>) -> Option<i32>;

/// The most days a rule's next runs are looked for in (8 years: a cron for 29 February on
/// a Monday still finds one).
pub const MAX_DAYS: i64 = 366 * 8;
/// The most candidate times looked at (a minutely RRULE with a COUNT counts from its start).
pub const MAX_STEPS: u32 = 200_000;

/// How many run times the form shows.
pub const SHOWN: usize = 5;

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Why the next runs are not shown.
const NOT_HERE: &str = "not worked out here; the server computes them once it is saved";

/// The local wall-clock time of `at` in `zone`.
fn local(at: DateTime<Utc>, zone: Option<&str>, offsets: Offsets) -> Option<NaiveDateTime> {
    let offset = offsets(zone, at)?;
    Some(at.naive_utc() + Duration::seconds(i64::from(offset)))
}

/// The instant a wall-clock time in `zone` names (in a gap the clock skipped, the offset
/// from before the change; twice over, the first).
fn instant(wall: NaiveDateTime, zone: Option<&str>, offsets: Offsets) -> Option<DateTime<Utc>> {
    let guess = wall.and_utc();
    let first = offsets(zone, guess)?;
    let at = guess - Duration::seconds(i64::from(first));
    let second = offsets(zone, at)?;
    if second == first {
        return Some(at);
    }
    let other = guess - Duration::seconds(i64::from(second));
    // The offset that names this wall time, if one does; else the one before the change.
    Some(if offsets(zone, other) == Some(second) {
        other.min(at)
    } else {
        at
    })
}

/// The next `n` run times of `schedule` at or after `after`, or why not.
pub fn next_runs(
    schedule: &Schedule,
    after: DateTime<Utc>,
    n: usize,
    offsets: Offsets,
) -> Result<Vec<DateTime<Utc>>, String> {
    match schedule {
        Schedule::Cron(cron) => cron_runs(cron, after, n, offsets),
        Schedule::Interval(interval) => interval_runs(interval, after, n, offsets),
        Schedule::RRule(rule) => rrule_runs(rule, after, n, offsets),
        Schedule::None(_) | Schedule::Unknown(_) => Err("this schedule has no run times".into()),
    }
}

// ---- cron ----

/// One cron field: which values it takes, and whether it was `*` (which `day_or` reads).
struct CronField {
    takes: Vec<bool>,
    any: bool,
}

/// Reads a cron field whose values run `min..=max` (`names` from `min`, if it has names).
fn cron_field(text: &str, min: u32, max: u32, names: &[&str]) -> Result<CronField, String> {
    let mut takes = vec![false; max as usize + 1];
    let any = text == "*" || text == "?";
    let value = |word: &str| -> Result<u32, String> {
        let upper = word.to_ascii_uppercase();
        if let Some(i) = names.iter().position(|n| *n == upper) {
            return Ok(min + i as u32);
        }
        match word.parse::<u32>() {
            Ok(v) if (min..=max).contains(&v) => Ok(v),
            _ => Err(format!("“{word}” is not a value from {min} to {max}")),
        }
    };
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => match step.parse::<u32>() {
                Ok(step) if step > 0 => (range, step),
                _ => return Err(format!("“{part}” has a step that is not a whole number")),
            },
            None => (part, 1),
        };
        let (from, to) = match range {
            "*" | "?" => (min, max),
            _ => match range.split_once('-') {
                Some((a, b)) => (value(a)?, value(b)?),
                // "5/15": from 5 to the end.
                None if step > 1 => (value(range)?, max),
                None => {
                    let v = value(range)?;
                    (v, v)
                }
            },
        };
        if from > to {
            return Err(format!("“{part}” runs backwards"));
        }
        let mut v = from;
        while v <= to {
            takes[v as usize] = true;
            v += step;
        }
    }
    Ok(CronField { takes, any })
}

fn cron_runs(
    cron: &CronSchedule,
    after: DateTime<Utc>,
    n: usize,
    offsets: Offsets,
) -> Result<Vec<DateTime<Utc>>, String> {
    let fields: Vec<&str> = cron.cron.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else {
        return Err("a cron has five fields".into());
    };
    // `L`, `W` and `#` (last, weekday nearest, nth), outside the names that hold the letters.
    let special = fields.iter().any(|field| {
        let mut rest = field.to_ascii_uppercase();
        for name in MONTH_NAMES.iter().chain(&DAY_NAMES) {
            rest = rest.replace(name, "");
        }
        rest.contains(['L', 'W', '#'])
    });
    if special {
        return Err(format!("a cron with L, W or # is {NOT_HERE}"));
    }
    let minutes = cron_field(minute, 0, 59, &[])?;
    let hours = cron_field(hour, 0, 23, &[])?;
    let days = cron_field(dom, 1, 31, &[])?;
    let months = cron_field(month, 1, 12, &MONTH_NAMES)?;
    let mut weekdays = cron_field(dow, 0, 7, &DAY_NAMES)?;
    // 7 is Sunday too.
    if weekdays.takes[7] {
        weekdays.takes[0] = true;
    }
    let zone = cron.timezone.as_deref();
    let start = local(after, zone, offsets).ok_or("the time zone is not known")?;
    let day_matches = |date: NaiveDate| {
        let on_day = days.takes[date.day() as usize];
        let on_weekday = weekdays.takes[date.weekday().num_days_from_sunday() as usize];
        if cron.day_or && !days.any && !weekdays.any {
            on_day || on_weekday
        } else {
            on_day && on_weekday
        }
    };
    let mut found = Vec::new();
    let mut date = start.date();
    for _ in 0..MAX_DAYS {
        if months.takes[date.month() as usize] && day_matches(date) {
            for h in (0..24).filter(|h| hours.takes[*h as usize]) {
                for m in (0..60).filter(|m| minutes.takes[*m as usize]) {
                    let Some(wall) = NaiveTime::from_hms_opt(h, m, 0).map(|t| date.and_time(t))
                    else {
                        continue;
                    };
                    if wall < start {
                        continue;
                    }
                    // As Prefect does: the wall-clock distance from the start, added to it.
                    found.push(after + (wall - start));
                    if found.len() == n {
                        return Ok(found);
                    }
                }
            }
        }
        date = match date.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    Ok(found)
}

// ---- interval ----

fn interval_runs(
    interval: &IntervalSchedule,
    after: DateTime<Utc>,
    n: usize,
    offsets: Offsets,
) -> Result<Vec<DateTime<Utc>>, String> {
    let seconds = interval.interval;
    if !(seconds.is_finite() && seconds >= 1.0) {
        return Err("an interval must be at least a second".into());
    }
    let zone = interval.timezone.as_deref();
    // Whole days move on the zone's wall clock (a daily run stays at 09:00 across a
    // change of clocks); the rest is added in seconds.
    let whole_days = (seconds / 86_400.0).floor();
    let rest = Duration::milliseconds(((seconds - whole_days * 86_400.0) * 1000.0) as i64);
    let days = whole_days.min(1e6) as i64;
    let step = |at: DateTime<Utc>| -> Option<DateTime<Utc>> {
        let moved = if days > 0 {
            let wall = local(at, zone, offsets)? + Duration::days(days);
            instant(wall, zone, offsets)?
        } else {
            at
        };
        Some(moved + rest)
    };
    let anchor = interval.anchor_date.0;
    let behind = (after - anchor).num_milliseconds() as f64 / 1000.0;
    let jumps = (behind / seconds).trunc().clamp(-1e12, 1e12);
    let mut next = anchor + Duration::milliseconds((jumps * seconds * 1000.0) as i64);
    let mut found = Vec::new();
    let mut steps = 0_u32;
    while found.len() < n && steps < MAX_STEPS {
        if next >= after {
            found.push(next);
        }
        next = step(next).ok_or("the time zone is not known")?;
        steps += 1;
    }
    Ok(found)
}

// ---- RRULE ----

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Freq {
    Yearly,
    Monthly,
    Weekly,
    Daily,
    Hourly,
    Minutely,
}

/// The rule, as far as it is worked out here.
struct Rule {
    freq: Freq,
    interval: i64,
    count: Option<u64>,
    until: Option<NaiveDateTime>,
    start: NaiveDateTime,
    months: Option<Vec<u32>>,
    month_days: Option<Vec<u32>>,
    /// Monday = 0.
    weekdays: Option<Vec<u32>>,
    hours: Option<Vec<u32>>,
    minutes: Option<Vec<u32>>,
    seconds: Option<Vec<u32>>,
}

/// A date-time as RFC 5545 writes it (`20260105T090000`, a trailing `Z` read as the zone's
/// time, as Prefect localises it), or a date alone.
fn rfc_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim_end_matches('Z');
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y%m%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

fn numbers(text: &str, min: u32, max: u32) -> Option<Vec<u32>> {
    text.split(',')
        .map(|v| v.parse::<u32>().ok().filter(|v| (min..=max).contains(v)))
        .collect()
}

fn parse_rule(text: &str) -> Result<Rule, String> {
    let not_here = |what: &str| format!("an RRULE with {what} is {NOT_HERE}");
    let mut start = NaiveDate::from_ymd_opt(2020, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let mut rule_line = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let upper = line.to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("DTSTART") {
            let value = rest.rsplit(':').next().unwrap_or_default();
            start = Some(rfc_time(value).ok_or_else(|| not_here("this DTSTART"))?);
        } else if let Some(rest) = upper.strip_prefix("RRULE:") {
            if rule_line.replace(rest.to_string()).is_some() {
                return Err(not_here("several rules"));
            }
        } else if upper.starts_with("FREQ=") {
            rule_line = Some(upper);
        } else {
            let what = upper
                .split([':', ';'])
                .next()
                .unwrap_or_default()
                .to_string();
            return Err(not_here(&what));
        }
    }
    let rule_line = rule_line.ok_or("there is no RRULE line")?;
    let start = start.ok_or("the start is not a date")?;
    let mut rule = Rule {
        freq: Freq::Daily,
        interval: 1,
        count: None,
        until: None,
        start,
        months: None,
        month_days: None,
        weekdays: None,
        hours: None,
        minutes: None,
        seconds: None,
    };
    let mut freq = None;
    for part in rule_line.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').ok_or_else(|| not_here(part))?;
        let bad = || format!("the RRULE's {key} is not understood");
        match key {
            "FREQ" => {
                freq = Some(match value {
                    "YEARLY" => Freq::Yearly,
                    "MONTHLY" => Freq::Monthly,
                    "WEEKLY" => Freq::Weekly,
                    "DAILY" => Freq::Daily,
                    "HOURLY" => Freq::Hourly,
                    "MINUTELY" => Freq::Minutely,
                    other => return Err(not_here(&format!("FREQ={other}"))),
                })
            }
            "INTERVAL" => {
                rule.interval = value
                    .parse::<i64>()
                    .ok()
                    .filter(|i| (1..=100_000).contains(i))
                    .ok_or_else(bad)?
            }
            "COUNT" => rule.count = Some(value.parse().map_err(|_| bad())?),
            "UNTIL" => rule.until = Some(rfc_time(value).ok_or_else(bad)?),
            "BYMONTH" => rule.months = Some(numbers(value, 1, 12).ok_or_else(bad)?),
            "BYMONTHDAY" => {
                rule.month_days =
                    Some(numbers(value, 1, 31).ok_or_else(|| not_here("this BYMONTHDAY"))?)
            }
            "BYDAY" => {
                let days: Option<Vec<u32>> = value
                    .split(',')
                    .map(|d| {
                        DAYS.iter()
                            .position(|(code, _)| *code == d)
                            .map(|i| i as u32)
                    })
                    .collect();
                rule.weekdays = Some(days.ok_or_else(|| not_here("an ordinal weekday"))?);
            }
            "BYHOUR" => rule.hours = Some(numbers(value, 0, 23).ok_or_else(bad)?),
            "BYMINUTE" => rule.minutes = Some(numbers(value, 0, 59).ok_or_else(bad)?),
            "BYSECOND" => rule.seconds = Some(numbers(value, 0, 59).ok_or_else(bad)?),
            "WKST" if value == "MO" => {}
            other => return Err(not_here(other)),
        }
    }
    rule.freq = freq.ok_or("the RRULE has no FREQ")?;
    Ok(rule)
}

/// Whole weeks (Monday first) from `a`'s week to `b`'s.
fn weeks_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let monday = |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    (monday(b) - monday(a)).num_days() / 7
}

fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month()) - i64::from(a.month())
}

impl Rule {
    /// Whether `date` is in one of the rule's periods and passes its day filters.
    fn takes_day(&self, date: NaiveDate) -> bool {
        let start = self.start.date();
        let in_period = match self.freq {
            Freq::Yearly => (i64::from(date.year()) - i64::from(start.year())) % self.interval == 0,
            Freq::Monthly => months_between(start, date) % self.interval == 0,
            Freq::Weekly => weeks_between(start, date) % self.interval == 0,
            Freq::Daily => (date - start).num_days() % self.interval == 0,
            Freq::Hourly | Freq::Minutely => true,
        };
        if !in_period {
            return false;
        }
        let month_ok = match &self.months {
            Some(months) => months.contains(&date.month()),
            None => self.freq != Freq::Yearly || date.month() == start.month(),
        };
        let weekday = date.weekday().num_days_from_monday();
        let weekday_ok = match &self.weekdays {
            Some(days) => days.contains(&weekday),
            None => self.freq != Freq::Weekly || weekday == start.weekday().num_days_from_monday(),
        };
        // A month or year with no day named repeats on the start's day (unless weekdays
        // name them).
        let day_ok = match &self.month_days {
            Some(days) => days.contains(&date.day()),
            None => {
                !matches!(self.freq, Freq::Monthly | Freq::Yearly)
                    || self.weekdays.is_some()
                    || date.day() == start.day()
            }
        };
        month_ok && weekday_ok && day_ok
    }

    /// The rule's times on a day it takes, in order.
    fn times(&self, date: NaiveDate) -> Vec<NaiveDateTime> {
        let one = |own: u32| vec![own];
        let hours = match (&self.hours, self.freq) {
            (Some(h), _) => h.clone(),
            (None, Freq::Hourly | Freq::Minutely) => (0..24).collect(),
            (None, _) => one(self.start.hour()),
        };
        let minutes = match (&self.minutes, self.freq) {
            (Some(m), _) => m.clone(),
            (None, Freq::Minutely) => (0..60).collect(),
            (None, _) => one(self.start.minute()),
        };
        let seconds = self
            .seconds
            .clone()
            .unwrap_or_else(|| one(self.start.second()));
        let mut times = Vec::new();
        for h in &hours {
            for m in &minutes {
                for s in &seconds {
                    if let Some(t) = NaiveTime::from_hms_opt(*h, *m, *s) {
                        times.push(date.and_time(t));
                    }
                }
            }
        }
        times.sort();
        times.dedup();
        // Hourly and minutely rules step from the start.
        let step = match self.freq {
            Freq::Hourly => 3600 * self.interval,
            Freq::Minutely => 60 * self.interval,
            _ => return times,
        };
        let base = self.start.with_second(0).unwrap_or(self.start);
        let base = match self.freq {
            Freq::Hourly => base.with_minute(0).unwrap_or(base),
            _ => base,
        };
        times
            .into_iter()
            .filter(|t| {
                let unit = match self.freq {
                    Freq::Hourly => t.with_minute(0).and_then(|t| t.with_second(0)),
                    _ => t.with_second(0),
                };
                unit.is_some_and(|u| (u - base).num_seconds().rem_euclid(step) == 0)
            })
            .collect()
    }
}

fn rrule_runs(
    schedule: &RRuleSchedule,
    after: DateTime<Utc>,
    n: usize,
    offsets: Offsets,
) -> Result<Vec<DateTime<Utc>>, String> {
    let rule = parse_rule(&schedule.rrule)?;
    let zone = schedule.timezone.as_deref();
    let from = local(after, zone, offsets).ok_or("the time zone is not known")?;
    // With a COUNT every occurrence from the start counts; without, the search starts today.
    let mut date = if rule.count.is_some() {
        rule.start.date()
    } else {
        from.date().max(rule.start.date())
    };
    let mut found = Vec::new();
    let mut seen = 0_u64;
    let mut steps = 0_u32;
    let mut days = 0_i64;
    while found.len() < n {
        if days > MAX_DAYS || steps > MAX_STEPS {
            if rule.count.is_some() && found.is_empty() {
                return Err(format!("an RRULE counting this far is {NOT_HERE}"));
            }
            break;
        }
        if rule.takes_day(date) {
            for wall in rule.times(date) {
                steps += 1;
                if wall < rule.start {
                    continue;
                }
                if rule.until.is_some_and(|until| wall > until) {
                    return Ok(found);
                }
                seen += 1;
                if rule.count.is_some_and(|count| seen > count) {
                    return Ok(found);
                }
                if wall >= from {
                    if let Some(at) = instant(wall, zone, offsets) {
                        found.push(at);
                        if found.len() == n {
                            return Ok(found);
                        }
                    }
                }
            }
        }
        date = match date.succ_opt() {
            Some(next) => next,
            None => break,
        };
        days += 1;
        steps += 1;
    }
    Ok(found)
}

/// "Mon 2026-12-07 09:00" in `zone`.
fn shown(at: DateTime<Utc>, zone: Option<&str>, offsets: Offsets) -> String {
    match local(at, zone, offsets) {
        Some(wall) => wall.format("%a %Y-%m-%d %H:%M").to_string(),
        None => at.format("%a %Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The lines a schedule form shows before saving: the next runs in the schedule's zone and,
/// where they read differently, in the user's (`user_zone`, `None`: the browser's; named
/// `user_label`).
pub fn preview_lines(
    schedule: &Schedule,
    now: DateTime<Utc>,
    user_zone: Option<&str>,
    user_label: &str,
    offsets: Offsets,
) -> Vec<String> {
    let zone = match schedule {
        Schedule::Cron(c) => c.timezone.as_deref(),
        Schedule::Interval(i) => i.timezone.as_deref(),
        Schedule::RRule(r) => r.timezone.as_deref(),
        _ => None,
    }
    .unwrap_or("UTC");
    match next_runs(schedule, now, SHOWN, offsets) {
        Err(why) => vec![format!("Next runs: {why}.")],
        Ok(times) if times.is_empty() => vec!["Next runs: none (the rule has ended).".into()],
        Ok(times) => {
            let there: Vec<String> = times
                .iter()
                .map(|t| shown(*t, Some(zone), offsets))
                .collect();
            let here: Vec<String> = times
                .iter()
                .map(|t| shown(*t, user_zone, offsets))
                .collect();
            let mut lines = vec![format!("Next runs ({zone}): {}", there.join(" · "))];
            if here != there {
                lines.push(format!(
                    "The same in your time ({user_label}): {}",
                    here.join(" · ")
                ));
            }
            lines
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::Timestamp;

    /// UTC, Paris (+1 in winter, +2 from the last Sunday of March 2026 01:00 UTC) and New
    /// York (-5); the browser's zone is UTC.
    fn offsets(zone: Option<&str>, at: DateTime<Utc>) -> Option<i32> {
        let summer = at >= utc("2026-03-29T01:00:00Z") && at < utc("2026-10-25T01:00:00Z");
        match zone {
            None | Some("UTC") => Some(0),
            Some("Europe/Paris") => Some(if summer { 7200 } else { 3600 }),
            Some("America/New_York") => Some(-5 * 3600),
            Some(_) => None,
        }
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn runs(schedule: Schedule, after: &str) -> Result<Vec<String>, String> {
        next_runs(&schedule, utc(after), 5, &offsets).map(|t| {
            t.iter()
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .collect()
        })
    }

    fn cron(text: &str, zone: &str) -> Schedule {
        Schedule::Cron(CronSchedule {
            cron: text.into(),
            timezone: Some(zone.into()),
            day_or: true,
        })
    }

    fn rrule(text: &str, zone: &str) -> Schedule {
        Schedule::RRule(RRuleSchedule {
            rrule: text.into(),
            timezone: Some(zone.into()),
        })
    }

    #[test]
    fn a_cron_runs_on_the_wall_clock_of_its_zone() {
        assert_eq!(
            runs(
                cron("0 9 * * MON-FRI", "Europe/Paris"),
                "2026-01-02T12:00:00Z"
            ),
            Ok(vec![
                "2026-01-05T08:00:00Z".into(),
                "2026-01-06T08:00:00Z".into(),
                "2026-01-07T08:00:00Z".into(),
                "2026-01-08T08:00:00Z".into(),
                "2026-01-09T08:00:00Z".into(),
            ])
        );
        // A step, a start time that is itself a run.
        assert_eq!(
            runs(cron("*/20 * * * *", "UTC"), "2026-01-02T12:00:00Z"),
            Ok(vec![
                "2026-01-02T12:00:00Z".into(),
                "2026-01-02T12:20:00Z".into(),
                "2026-01-02T12:40:00Z".into(),
                "2026-01-02T13:00:00Z".into(),
                "2026-01-02T13:20:00Z".into(),
            ])
        );
        // Day of month and weekday both set: either (croniter's day_or).
        let either = runs(cron("0 0 13 * FRI", "UTC"), "2026-02-01T00:00:00Z").unwrap_or_default();
        assert_eq!(
            either[..3],
            [
                "2026-02-06T00:00:00Z",
                "2026-02-13T00:00:00Z",
                "2026-02-20T00:00:00Z"
            ]
        );
        // Rare, far off: still found, in bounded work.
        let leap = runs(cron("0 0 29 2 *", "UTC"), "2026-03-01T00:00:00Z").unwrap_or_default();
        assert_eq!(
            leap.first().map(String::as_str),
            Some("2028-02-29T00:00:00Z")
        );
        assert!(runs(cron("0 0 L * *", "UTC"), "2026-01-01T00:00:00Z")
            .is_err_and(|e| e.contains("not worked out here")));
        assert!(runs(cron("0 25 * * *", "UTC"), "2026-01-01T00:00:00Z")
            .is_err_and(|e| e.contains("“25”")));
        assert!(runs(cron("0 9 * * *", "Mars/Olympus"), "2026-01-01T00:00:00Z").is_err());
    }

    #[test]
    fn a_daily_interval_keeps_its_wall_clock_time_across_a_change_of_clocks() {
        let daily = Schedule::Interval(IntervalSchedule {
            interval: 86_400.0,
            anchor_date: Timestamp(utc("2026-01-01T08:00:00Z")),
            timezone: Some("Europe/Paris".into()),
        });
        assert_eq!(
            runs(daily, "2026-03-27T12:00:00Z"),
            Ok(vec![
                "2026-03-28T08:00:00Z".into(),
                // 09:00 in Paris, now summer time.
                "2026-03-29T07:00:00Z".into(),
                "2026-03-30T07:00:00Z".into(),
                "2026-03-31T07:00:00Z".into(),
                "2026-04-01T07:00:00Z".into(),
            ])
        );
        let hourly = Schedule::Interval(IntervalSchedule {
            interval: 5400.0,
            anchor_date: Timestamp(utc("2020-01-01T00:00:00Z")),
            timezone: None,
        });
        let times = runs(hourly, "2026-01-01T00:10:00Z").unwrap_or_default();
        assert_eq!(times[..2], ["2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z"]);
    }

    #[test]
    fn the_common_rrules_are_worked_out_and_the_rest_said() {
        assert_eq!(
            runs(
                rrule(
                    "FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=30",
                    "America/New_York"
                ),
                "2026-01-01T00:00:00Z"
            ),
            Ok(vec![
                "2026-01-05T14:30:00Z".into(),
                "2026-01-07T14:30:00Z".into(),
                "2026-01-12T14:30:00Z".into(),
                "2026-01-14T14:30:00Z".into(),
                "2026-01-19T14:30:00Z".into(),
            ])
        );
        // Every other day from its start; the count ends it.
        assert_eq!(
            runs(
                rrule(
                    "DTSTART:20260101T060000\nRRULE:FREQ=DAILY;INTERVAL=2;COUNT=4",
                    "UTC"
                ),
                "2026-01-02T00:00:00Z"
            ),
            Ok(vec![
                "2026-01-03T06:00:00Z".into(),
                "2026-01-05T06:00:00Z".into(),
                "2026-01-07T06:00:00Z".into(),
            ])
        );
        // Monthly on the 15th until a date.
        assert_eq!(
            runs(
                rrule(
                    "DTSTART:20260115T000000\nRRULE:FREQ=MONTHLY;UNTIL=20260401T000000",
                    "UTC"
                ),
                "2026-01-20T00:00:00Z"
            ),
            Ok(vec![
                "2026-02-15T00:00:00Z".into(),
                "2026-03-15T00:00:00Z".into()
            ])
        );
        let hourly = runs(
            rrule("FREQ=HOURLY;INTERVAL=6", "UTC"),
            "2026-01-01T01:00:00Z",
        )
        .unwrap_or_default();
        assert_eq!(
            hourly[..2],
            ["2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z"]
        );
        for said in [
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=MONTHLY;BYSETPOS=1",
            "RRULE:FREQ=DAILY\nEXDATE:20260101T000000",
        ] {
            assert!(
                runs(rrule(said, "UTC"), "2026-01-01T00:00:00Z")
                    .is_err_and(|e| e.contains("not worked out here")),
                "{said}"
            );
        }
        // A minutely rule counting from 2020 stops at the bound and says so.
        assert!(runs(
            rrule("FREQ=MINUTELY;COUNT=900000000", "UTC"),
            "2026-01-01T00:00:00Z"
        )
        .is_err_and(|e| e.contains("counting this far")));
    }

    #[test]
    fn the_preview_says_the_runs_in_the_schedules_zone_and_the_users() {
        let lines = preview_lines(
            &cron("0 9 * * *", "Europe/Paris"),
            utc("2026-01-01T12:00:00Z"),
            None,
            "UTC",
            &offsets,
        );
        assert_eq!(
            lines,
            [
                "Next runs (Europe/Paris): Fri 2026-01-02 09:00 · Sat 2026-01-03 09:00 · Sun 2026-01-04 09:00 · Mon 2026-01-05 09:00 · Tue 2026-01-06 09:00",
                "The same in your time (UTC): Fri 2026-01-02 08:00 · Sat 2026-01-03 08:00 · Sun 2026-01-04 08:00 · Mon 2026-01-05 08:00 · Tue 2026-01-06 08:00",
            ]
        );
        let same = preview_lines(
            &cron("0 9 * * *", "UTC"),
            utc("2026-01-01T12:00:00Z"),
            None,
            "UTC",
            &offsets,
        );
        assert_eq!(same.len(), 1);
    }
}
