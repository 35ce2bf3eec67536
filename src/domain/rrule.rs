//! RFC 5545 recurrence rules (Prefect's `RRuleSchedule`) in words: every part the Python
//! `rrule` library accepts (FREQ, INTERVAL, COUNT, UNTIL, WKST and every BY* list, ordinal
//! weekdays included), several RRULE lines, and EXDATE / RDATE lines. What cannot be put in
//! words (an unknown part, a value out of range) is `None`: the page then says
//! "Custom RRule" and shows the raw text behind a disclosure. Pure.

/// Day codes and names, Monday first (RFC 5545 and cron share them).
pub(super) const DAYS: [(&str, &str); 7] = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Times listed before "and N more".
const MAX_TIMES: usize = 8;

/// The whole rule text (DTSTART, RRULE, EXDATE and RDATE lines) in words, or `None`.
pub fn describe(text: &str) -> Option<String> {
    let mut rules = Vec::new();
    let (mut excluded, mut added) = (Vec::new(), Vec::new());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, value) = match line.split_once(':') {
            Some((name, value)) if !name.split(';').next().unwrap_or_default().contains('=') => {
                (name, value)
            }
            _ => ("RRULE", line),
        };
        // Parameters such as `EXDATE;TZID=Europe/Paris:2026...` keep their name before `;`.
        match name.split(';').next().unwrap_or_default() {
            "DTSTART" => {}
            "RRULE" => rules.push(rule(value)?),
            "EXDATE" => excluded.extend(dates(value)?),
            "RDATE" => added.extend(dates(value)?),
            _ => return None,
        }
    }
    if rules.is_empty() {
        return None;
    }
    let mut words = rules.join("; and ");
    if !excluded.is_empty() {
        words.push_str(&format!(", except {}", listing(&excluded, 3)));
    }
    if !added.is_empty() {
        words.push_str(&format!(", and also {}", listing(&added, 3)));
    }
    Some(words)
}

/// One RRULE's parts in words.
fn rule(body: &str) -> Option<String> {
    let mut freq = None;
    let mut interval = 1u32;
    let mut tail = Vec::new();
    let mut days: Vec<String> = Vec::new();
    let mut month_days: Vec<i32> = Vec::new();
    let mut months: Vec<&str> = Vec::new();
    let mut year_days: Vec<i32> = Vec::new();
    let mut weeks: Vec<i32> = Vec::new();
    let (mut hours, mut minutes, mut seconds) = (Vec::new(), Vec::new(), Vec::new());
    let mut positions: Vec<i32> = Vec::new();
    for part in body.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=')?;
        match key.to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value.to_ascii_uppercase()),
            "INTERVAL" => interval = value.parse().ok().filter(|i| *i >= 1)?,
            "COUNT" => {
                let count: u64 = value.parse().ok()?;
                tail.push(if count == 1 {
                    "once".to_string()
                } else {
                    format!("{count} times")
                });
            }
            "UNTIL" => tail.push(format!("until {}", date(value)?)),
            "WKST" => {
                let day = day_name(value)?;
                if day != "Monday" {
                    tail.push(format!("weeks starting on {day}"));
                }
            }
            "BYDAY" | "BYWEEKDAY" => {
                for code in value.split(',') {
                    let day = weekday(code)?;
                    // A repeated value means nothing more (RFC 5545 sets).
                    if !days.contains(&day) {
                        days.push(day);
                    }
                }
            }
            "BYMONTHDAY" => month_days = numbers(value, 1, 31, true)?,
            "BYMONTH" => {
                for m in numbers(value, 1, 12, false)? {
                    months.push(MONTHS[(m - 1) as usize]);
                }
            }
            "BYYEARDAY" => year_days = numbers(value, 1, 366, true)?,
            "BYWEEKNO" => weeks = numbers(value, 1, 53, true)?,
            "BYHOUR" => hours = numbers(value, 0, 23, false)?,
            "BYMINUTE" => minutes = numbers(value, 0, 59, false)?,
            "BYSECOND" => seconds = numbers(value, 0, 59, false)?,
            "BYSETPOS" => positions = numbers(value, 1, 366, true)?,
            "BYEASTER" => return None,
            _ => return None,
        }
    }
    let unit = match freq.as_deref()? {
        "SECONDLY" => ("second", "seconds"),
        "MINUTELY" => ("minute", "minutes"),
        "HOURLY" => ("hour", "hours"),
        "DAILY" => ("day", "days"),
        "WEEKLY" => ("week", "weeks"),
        "MONTHLY" => ("month", "months"),
        "YEARLY" => ("year", "years"),
        _ => return None,
    };
    let mut words = if interval == 1 {
        format!("Every {}", unit.0)
    } else {
        format!("Every {interval} {}", unit.1)
    };
    if !weeks.is_empty() {
        words.push_str(&format!(
            " in {} of the year",
            and_list(&weeks.iter().map(|w| signed(*w, "week")).collect::<Vec<_>>())
        ));
    }
    if !months.is_empty() {
        words.push_str(&format!(" in {}", and_list(&months)));
    }
    if !year_days.is_empty() {
        words.push_str(&format!(
            " on {} of the year",
            and_list(
                &year_days
                    .iter()
                    .map(|d| signed(*d, "day"))
                    .collect::<Vec<_>>()
            )
        ));
    }
    if !month_days.is_empty() {
        let listed: Vec<String> = month_days.iter().map(|d| signed(*d, "day")).collect();
        words.push_str(&format!(" on {} of the month", and_list(&listed)));
    }
    if !days.is_empty() {
        let joined = if month_days.is_empty() {
            " on "
        } else {
            " if a "
        };
        words.push_str(&format!(
            "{joined}{}",
            or_list(&days, month_days.is_empty())
        ));
    }
    if let Some(times) = times(&hours, &minutes, &seconds) {
        words.push_str(&times);
    }
    if !positions.is_empty() {
        let which: Vec<String> = positions.iter().map(|p| ordinal(*p)).collect();
        words.push_str(&format!(
            ", only the {} of each {}",
            and_list(&which),
            unit.0
        ));
    }
    if !tail.is_empty() {
        words.push_str(&format!(", {}", tail.join(", ")));
    }
    Some(words)
}

/// `at 09:00 and 17:30`, `at minute 0 and 30 of every hour`, or nothing.
fn times(hours: &[i32], minutes: &[i32], seconds: &[i32]) -> Option<String> {
    if hours.is_empty() {
        return match (minutes.is_empty(), seconds.is_empty()) {
            (true, true) => None,
            (false, true) => Some(format!(
                " at minute {}",
                and_list(
                    &minutes
                        .iter()
                        .map(|m| format!("{m:02}"))
                        .collect::<Vec<_>>()
                )
            )),
            (true, false) => Some(format!(
                " at second {}",
                and_list(
                    &seconds
                        .iter()
                        .map(|s| format!("{s:02}"))
                        .collect::<Vec<_>>()
                )
            )),
            (false, false) => Some(format!(
                " at minute {}, second {}",
                and_list(
                    &minutes
                        .iter()
                        .map(|m| format!("{m:02}"))
                        .collect::<Vec<_>>()
                ),
                and_list(
                    &seconds
                        .iter()
                        .map(|s| format!("{s:02}"))
                        .collect::<Vec<_>>()
                )
            )),
        };
    }
    let minutes = if minutes.is_empty() {
        &[0][..]
    } else {
        minutes
    };
    // The first few of hours x minutes x seconds, and how many there are: never the whole
    // product (24 x 60 x 60 strings for a rule of a few hundred characters).
    let seconds_each = seconds.len().max(1);
    let total = hours
        .len()
        .saturating_mul(minutes.len())
        .saturating_mul(seconds_each);
    let first: Vec<String> = hours
        .iter()
        .flat_map(|h| minutes.iter().map(move |m| (h, m)))
        .flat_map(|(h, m)| {
            let with_seconds = seconds.iter().map(move |s| format!("{h:02}:{m:02}:{s:02}"));
            let without = seconds
                .is_empty()
                .then(|| format!("{h:02}:{m:02}"))
                .into_iter();
            without.chain(with_seconds)
        })
        .take(MAX_TIMES)
        .collect();
    let words = if total <= MAX_TIMES {
        and_list(&first)
    } else {
        format!("{} and {} more", first.join(", "), total - MAX_TIMES)
    };
    Some(format!(" at {words}"))
}

/// `MO` -> Monday, `1MO` -> the first Monday, `-1FR` -> the last Friday.
fn weekday(code: &str) -> Option<String> {
    let code = code.trim();
    let split = code.len().checked_sub(2)?;
    let (n, day) = code.split_at(split);
    let name = day_name(day)?;
    if n.is_empty() {
        return Some(name.to_string());
    }
    let n: i32 = n.trim_start_matches('+').parse().ok()?;
    if n == 0 || n.abs() > 53 {
        return None;
    }
    Some(format!("the {} {name}", ordinal(n)))
}

fn day_name(code: &str) -> Option<&'static str> {
    DAYS.iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
        .map(|(_, name)| *name)
}

/// A comma list of integers within `low..=high`, or their negatives when `negative`, each
/// once in the order first given (a rule may repeat a value thousands of times; it is a set).
fn numbers(value: &str, low: i32, high: i32, negative: bool) -> Option<Vec<i32>> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for v in value.split(',') {
        let n: i32 = v.trim().trim_start_matches('+').parse().ok()?;
        let fits = (low..=high).contains(&n) || (negative && (-high..=-1).contains(&n));
        if !fits {
            return None;
        }
        if seen.insert(n) {
            out.push(n);
        }
    }
    Some(out)
}

/// 1 -> first, 2 -> second, 3 -> third, 4 -> 4th, -1 -> last, -2 -> second to last.
fn ordinal(n: i32) -> String {
    let word = |n: i32| match n {
        1 => "first".to_string(),
        2 => "second".to_string(),
        3 => "third".to_string(),
        n => {
            let suffix = match (n % 10, n % 100) {
                (1, 11) | (2, 12) | (3, 13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    };
    match n {
        -1 => "last".into(),
        n if n < 0 => format!("{} to last", word(-n)),
        n => word(n),
    }
}

/// `day 3`, `the last day`, `the second to last day` (`unit`: day, week).
fn signed(n: i32, unit: &str) -> String {
    if n > 0 {
        format!("{unit} {n}")
    } else if n == -1 {
        format!("the last {unit}")
    } else {
        format!("the {} {unit}", ordinal(n))
    }
}

/// `20261231T090000Z` -> `2026-12-31 09:00 UTC`; `20261231` -> `2026-12-31`.
fn date(value: &str) -> Option<String> {
    let value = value.trim();
    let (day, time) = value.split_once('T').unwrap_or((value, ""));
    if day.len() != 8 || !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..8]);
    if !time.is_empty() {
        let utc = time.ends_with('Z');
        let digits = time.trim_end_matches('Z');
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(&format!(" {}:{}", &digits[..2], &digits[2..4]));
        if utc {
            out.push_str(" UTC");
        }
    }
    Some(out)
}

fn dates(value: &str) -> Option<Vec<String>> {
    value.split(',').map(date).collect()
}

/// `a`, `a and b`, `a, b and c`.
fn and_list<T: AsRef<str>>(items: &[T]) -> String {
    joined(items, "and")
}

/// Weekdays: `Monday or Friday` where they filter dates, `Monday and Friday` where they list.
fn or_list(items: &[String], listing: bool) -> String {
    joined(items, if listing { "and" } else { "or" })
}

fn joined<T: AsRef<str>>(items: &[T], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} {word} {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// At most `max` items, then "and N more".
fn listing(items: &[String], max: usize) -> String {
    if items.len() <= max {
        and_list(items)
    } else {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_shapes() {
        for (rule, words) in [
            ("FREQ=DAILY", "Every day"),
            ("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5", "Every 2 days, 5 times"),
            ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9", "Every week on Monday at 09:00"),
            (
                "DTSTART:20200101T000000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=9,17;BYMINUTE=30",
                "Every week on Monday, Wednesday and Friday at 09:30 and 17:30",
            ),
            (
                "FREQ=DAILY;BYHOUR=6,9,12,15,18,21,0,3,1",
                "Every day at 06:00, 09:00, 12:00, 15:00, 18:00, 21:00, 00:00, 03:00 and 1 more",
            ),
            ("FREQ=MONTHLY;BYMONTHDAY=1,15", "Every month on day 1 and day 15 of the month"),
            ("FREQ=MONTHLY;BYMONTHDAY=-1", "Every month on the last day of the month"),
            ("FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Friday"),
            ("FREQ=MONTHLY;BYDAY=1MO,+3MO", "Every month on the first Monday and the third Monday"),
            (
                "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=13;BYDAY=FR",
                "Every year in January and July on day 13 of the month if a Friday",
            ),
            (
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
                "Every month on Monday, Tuesday, Wednesday, Thursday and Friday, only the last of each month",
            ),
            ("FREQ=HOURLY;BYMINUTE=0,30", "Every hour at minute 00 and 30"),
            ("FREQ=WEEKLY;UNTIL=20261231T090000Z", "Every week, until 2026-12-31 09:00 UTC"),
            ("FREQ=WEEKLY;WKST=SU;COUNT=1", "Every week, weeks starting on Sunday, once"),
            ("FREQ=YEARLY;BYWEEKNO=1,-1", "Every year in week 1 and the last week of the year"),
            ("FREQ=YEARLY;BYYEARDAY=100", "Every year on day 100 of the year"),
            ("FREQ=MINUTELY;INTERVAL=15;BYSECOND=0,30", "Every 15 minutes at second 00 and 30"),
        ] {
            assert_eq!(describe(rule).as_deref(), Some(words), "{rule}");
        }
    }

    #[test]
    fn several_rules_and_exceptions() {
        assert_eq!(
            describe("DTSTART:20260101T000000\nRRULE:FREQ=DAILY;BYHOUR=9\nRRULE:FREQ=WEEKLY;BYDAY=SA;BYHOUR=12\nEXDATE:20260102T090000,20260103T090000")
                .as_deref(),
            Some("Every day at 09:00; and Every week on Saturday at 12:00, except 2026-01-02 09:00 and 2026-01-03 09:00")
        );
        assert_eq!(
            describe("RRULE:FREQ=DAILY\nRDATE;TZID=Europe/Paris:20260105T120000\nEXDATE:20260101,20260102,20260103,20260104")
                .as_deref(),
            Some("Every day, except 2026-01-01, 2026-01-02, 2026-01-03 and 1 more, and also 2026-01-05 12:00")
        );
    }

    #[test]
    fn a_rule_that_repeats_its_values_costs_what_is_shown() {
        // 6,500 characters of repeated BY* values (Prefect accepts them): the product of the
        // lists would be about 10^9 strings; the words name the first eight and the count.
        let hours = vec!["1"; 1_200].join(",");
        let minutes = vec!["2,3"; 800].join(",");
        let seconds = vec!["4,5,6"; 500].join(",");
        let text = format!("FREQ=DAILY;BYHOUR={hours};BYMINUTE={minutes};BYSECOND={seconds}");
        assert!(text.len() > 6000);
        let said = describe(&text).expect("said");
        assert_eq!(
            said,
            "Every day at 01:02:04, 01:02:05, 01:02:06, 01:03:04, 01:03:05 and 01:03:06"
        );
        // Every distinct value: 24 x 60 x 60 times, eight shown.
        let all = |n: i32| (0..n).map(|v| v.to_string()).collect::<Vec<_>>().join(",");
        let text = format!(
            "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}",
            all(24),
            all(60),
            all(60)
        );
        let said = describe(&text).expect("said");
        assert!(said.ends_with(" and 86392 more"), "{said}");
        let days = vec!["MO"; 2000].join(",");
        assert_eq!(
            describe(&format!("FREQ=WEEKLY;BYDAY={days}")).as_deref(),
            Some("Every week on Monday")
        );
    }

    #[test]
    fn what_cannot_be_said_is_none_never_a_panic() {
        for rule in [
            "",
            "DTSTART:20260101T000000",
            "FREQ=FORTNIGHTLY",
            "FREQ=DAILY;BYHOUR=24",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=DAILY;BYDAY=XX",
            "FREQ=DAILY;BYDAY=0MO",
            "FREQ=DAILY;BYDAY=M",
            "FREQ=MONTHLY;BYMONTHDAY=0",
            "FREQ=MONTHLY;BYMONTHDAY=32",
            "FREQ=DAILY;UNTIL=tomorrow",
            "FREQ=DAILY;X-NAME=1",
            "FREQ=DAILY\nEXRULE:FREQ=WEEKLY",
            "FREQ=YEARLY;BYEASTER=0",
            "FREQ=DAILY;COUNT=-1",
            "FREQ",
            "==;;==",
            "FREQ=DAILY;BYDAY=99999999999MO",
        ] {
            assert_eq!(describe(rule), None, "{rule:?}");
        }
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(-2), "second to last");
    }
}
