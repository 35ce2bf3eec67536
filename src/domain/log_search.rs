//! Searching a run's logs and taking them away as text.
//!
//! The search itself is Prefect's (`LogFilter.text`, matched by the server across every
//! log line of the run, so a match on any page is found); this module keeps the query
//! within what the server accepts, picks out the terms to highlight in a message the way
//! Prefect's query language reads them, and writes a log as the lines a download holds.

use crate::schemas::Log;

/// The longest query `LogFilterTextSearch` accepts (`max_length=200`); longer ones are cut
/// to it rather than refused with a 422.
pub const MAX_QUERY_CHARS: usize = 200;

/// The query as sent: trimmed, at most [`MAX_QUERY_CHARS`] characters, `None` when empty.
pub fn search_query(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    let cut: String = trimmed.chars().take(MAX_QUERY_CHARS).collect();
    Some(cut.trim_end().to_string())
}

/// The terms a match contains, as Prefect's text search reads the query: words and
/// `"quoted phrases"`, `+required` ones too; `-excluded` and `!excluded` ones are left out
/// (no shown line contains them). Lower-cased, longest first, empty ones dropped.
pub fn highlight_terms(query: &str) -> Vec<String> {
    parse(query).0
}

/// Whether a log line matches `query` as Prefect's text search decides it: any included
/// term (or none given), every `+required` one and no excluded one, in the message and the
/// logger's name, ignoring case. Searching here, over the whole log fetched in pages, works
/// on every server: Prefect's own `LogFilter.text` answers 500 on SQLite older than 3.44.
pub fn matches(log: &Log, query: &str) -> bool {
    let (include, exclude) = parse(query);
    let text = format!("{} {}", log.message, log.name).to_lowercase();
    (include.is_empty() || include.iter().any(|t| text.contains(t.as_str())))
        && !exclude.iter().any(|t| text.contains(t.as_str()))
}

/// The included (and required) terms, longest first, and the excluded ones.
fn parse(query: &str) -> (Vec<String>, Vec<String>) {
    let mut terms = Vec::new();
    let mut excluded_terms = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut excluded = false;
        if c == '-' || c == '!' || c == '+' {
            chars.next();
            match chars.peek() {
                Some(next) if !next.is_whitespace() => excluded = c != '+',
                _ => continue,
            }
        }
        let mut term = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(ch) = chars.next() {
                match ch {
                    '\\' => {
                        if let Some(escaped) = chars.next() {
                            term.push(escaped);
                        }
                    }
                    '"' => break,
                    other => term.push(other),
                }
            }
        } else {
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() {
                    break;
                }
                term.push(ch);
                chars.next();
            }
        }
        let term = term.to_lowercase();
        if term.trim().is_empty() {
            continue;
        }
        if excluded {
            excluded_terms.push(term);
        } else if !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    (terms, excluded_terms)
}

/// A message longer than this shows folded: its first characters, and a button for the rest.
pub const FOLD_CHARS: usize = 2_000;
/// Highlighting looks at most this many characters of a line (an unfolded line of megabytes
/// shows the rest unmarked): its cost is bounded whatever a flow logs.
pub const MAX_HIGHLIGHT_CHARS: usize = 100_000;

/// The part of `message` shown, and how many characters are folded away (0: all shown).
pub fn folded(message: &str, unfolded: bool) -> (&str, usize) {
    if unfolded {
        return (message, 0);
    }
    match message.char_indices().nth(FOLD_CHARS) {
        Some((at, _)) => (&message[..at], message[at..].chars().count()),
        None => (message, 0),
    }
}

/// `message` cut into runs of text, each marked whether it matches one of `terms` (from
/// [`highlight_terms`]), case-insensitively; the runs joined give `message` back. Only the
/// first [`MAX_HIGHLIGHT_CHARS`] characters are looked at, and at each character only the
/// terms that can start with it.
pub fn highlight(message: &str, terms: &[String]) -> Vec<(String, bool)> {
    let (message, rest) = match message.char_indices().nth(MAX_HIGHLIGHT_CHARS) {
        Some((at, _)) => message.split_at(at),
        None => (message, ""),
    };
    let mut parts = highlight_within(message, terms);
    if !rest.is_empty() {
        parts.push((rest.to_string(), false));
    }
    parts
}

/// Linear in the message for each term: every term's occurrences are found with one KMP
/// pass over the lower-cased characters; at each position the longest term found there wins.
fn highlight_within(message: &str, terms: &[String]) -> Vec<(String, bool)> {
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let (offsets, text): (Vec<usize>, Vec<char>) =
        message.char_indices().map(|(i, c)| (i, lower(c))).unzip();
    // The length (in characters) of the term marked from each position, 0 for none;
    // `terms` come longest first, so the first one found at a position is kept.
    let mut longest = vec![0usize; text.len()];
    for term in terms {
        let pattern: Vec<char> = term.chars().map(lower).collect();
        for start in occurrences(&text, &pattern) {
            if longest[start] == 0 {
                longest[start] = pattern.len();
            }
        }
    }
    let byte_at = |i: usize| offsets.get(i).copied().unwrap_or(message.len());
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        match longest[at] {
            0 => at += 1,
            len => {
                if plain_from < at {
                    parts.push((message[byte_at(plain_from)..byte_at(at)].to_string(), false));
                }
                parts.push((message[byte_at(at)..byte_at(at + len)].to_string(), true));
                at += len;
                plain_from = at;
            }
        }
    }
    if plain_from < text.len() {
        parts.push((message[byte_at(plain_from)..].to_string(), false));
    }
    parts
}

/// Where `pattern` starts in `text` (overlapping ones too): Knuth-Morris-Pratt, linear.
fn occurrences(text: &[char], pattern: &[char]) -> Vec<usize> {
    if pattern.is_empty() || pattern.len() > text.len() {
        return Vec::new();
    }
    let mut fallback = vec![0usize; pattern.len()];
    let mut k = 0;
    for i in 1..pattern.len() {
        while k > 0 && pattern[i] != pattern[k] {
            k = fallback[k - 1];
        }
        if pattern[i] == pattern[k] {
            k += 1;
        }
        fallback[i] = k;
    }
    let mut found = Vec::new();
    let mut k = 0;
    for (i, c) in text.iter().enumerate() {
        while k > 0 && *c != pattern[k] {
            k = fallback[k - 1];
        }
        if *c == pattern[k] {
            k += 1;
        }
        if k == pattern.len() {
            found.push(i + 1 - k);
            k = fallback[k - 1];
        }
    }
    found
}

/// Python's logging level names.
pub fn level_name(level: i64) -> &'static str {
    match level {
        l if l >= 50 => "CRITICAL",
        l if l >= 40 => "ERROR",
        l if l >= 30 => "WARNING",
        l if l >= 20 => "INFO",
        _ => "DEBUG",
    }
}

/// One log as a line of the downloaded text, like `prefect flow-run logs` prints it:
/// `2026-12-02 10:00:00.123 | INFO     | prefect.flow_runs - message` (UTC). A message
/// spanning lines keeps its line breaks.
pub fn log_line(log: &Log) -> String {
    format!(
        "{} | {:<8} | {} - {}",
        log.timestamp.0.format("%Y-%m-%d %H:%M:%S%.3f"),
        level_name(log.level),
        log.name,
        log.message
    )
}

/// A whole log as text, a line per log, ending in a newline.
pub fn log_text(logs: &[Log]) -> String {
    let mut text = String::new();
    for log in logs {
        text.push_str(&log_line(log));
        text.push('\n');
    }
    text
}

/// Whose logs: a flow run's (its own lines and its task runs') or one task run's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogOwner {
    FlowRun(uuid::Uuid),
    TaskRun(uuid::Uuid),
}

/// The downloaded file's name: the run's kind and id, so no name from the API reaches the
/// file system.
pub fn log_file_name(owner: LogOwner) -> String {
    match owner {
        LogOwner::FlowRun(id) => format!("flow-run-{id}.log"),
        LogOwner::TaskRun(id) => format!("task-run-{id}.log"),
    }
}

/// The level, search and page a run's logs are shown at (all in the address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogView {
    pub min_level: i64,
    pub search: String,
    pub page: u32,
}

impl LogView {
    /// From the address's `level`, `logs_q` and `logs_page`: anything unreadable is the
    /// default (all levels, no search, page 1).
    pub fn from_query(level: Option<&str>, search: Option<&str>, page: Option<&str>) -> LogView {
        LogView {
            min_level: level.and_then(|l| l.trim().parse().ok()).unwrap_or(0),
            search: search.and_then(search_query).unwrap_or_default(),
            page: page
                .and_then(|p| p.trim().parse::<u32>().ok())
                .unwrap_or(1)
                .max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(parts: &[(String, bool)]) -> String {
        parts.iter().map(|(t, _)| t.as_str()).collect()
    }

    #[test]
    fn queries_are_trimmed_cut_to_the_server_limit_and_empty_ones_dropped() {
        assert_eq!(search_query("   "), None);
        assert_eq!(search_query(" error "), Some("error".into()));
        let long = "é".repeat(500);
        assert_eq!(
            search_query(&long).map(|q| q.chars().count()),
            Some(MAX_QUERY_CHARS)
        );
    }

    #[test]
    fn terms_follow_prefects_query_language() {
        assert_eq!(highlight_terms("error -debug"), vec!["error"]);
        assert_eq!(
            highlight_terms("\"connection timeout\" +Required !skip"),
            vec!["connection timeout", "required"]
        );
        assert_eq!(highlight_terms("- + \"\" -"), Vec::<String>::new());
        assert_eq!(
            highlight_terms("a \"unclosed phrase"),
            vec!["unclosed phrase", "a"]
        );
        assert_eq!(highlight_terms("say \\\"x\\\""), vec!["\\\"x\\\"", "say"]);
    }

    #[test]
    fn matches_are_marked_case_insensitively_and_nothing_is_lost() {
        let terms = highlight_terms("err 503");
        let parts = highlight("Upstream ERROR: returned 503, err again", &terms);
        assert_eq!(joined(&parts), "Upstream ERROR: returned 503, err again");
        let marked: Vec<&str> = parts
            .iter()
            .filter(|(_, m)| *m)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(marked, vec!["ERR", "503", "err"]);
    }

    #[test]
    fn a_huge_line_folds_and_its_highlighting_is_bounded() {
        let line = "ab".repeat(2_000_000);
        let (shown, hidden) = folded(&line, false);
        assert_eq!((shown.len(), hidden), (FOLD_CHARS, 4_000_000 - FOLD_CHARS));
        assert_eq!(folded(&line, true), (line.as_str(), 0));
        assert_eq!(folded("short", false), ("short", 0));
        // Near-misses everywhere: 100 terms that each fail on their last character.
        let terms: Vec<String> = (0..100)
            .map(|i| format!("{}x{i}", "ab".repeat(50)))
            .collect();
        let runs = highlight(&line, &terms);
        assert_eq!(joined(&runs), line, "nothing is lost");
        assert!(runs.iter().all(|(_, m)| !m));
        let runs = highlight(&line, &["ba".to_string()]);
        assert_eq!(joined(&runs), line);
        assert!(runs.iter().filter(|(_, m)| *m).count() <= MAX_HIGHLIGHT_CHARS / 2);
    }

    #[test]
    fn longer_terms_win_and_unicode_survives() {
        let terms = highlight_terms("time timeout");
        let parts = highlight("a Timeout", &terms);
        assert_eq!(parts, vec![("a ".into(), false), ("Timeout".into(), true)]);
        let parts = highlight("ÆØÅ straße ǅ", &highlight_terms("STRASSE ø"));
        assert_eq!(joined(&parts), "ÆØÅ straße ǅ");
        assert!(parts.contains(&("Ø".into(), true)));
        assert_eq!(highlight("", &terms), vec![]);
        assert_eq!(highlight("no terms", &[]), vec![("no terms".into(), false)]);
    }

    fn log(message: &str) -> Log {
        serde_json::from_value(serde_json::json!({
            "name": "prefect.flow_runs", "level": 20, "message": message,
            "timestamp": "2026-12-02T10:00:00Z"
        }))
        .expect("a log")
    }

    #[test]
    fn lines_match_like_prefects_search() {
        assert!(matches(&log("Upstream ERROR"), "error"));
        assert!(
            matches(&log("anything"), "flow_runs"),
            "the logger's name counts"
        );
        assert!(!matches(&log("error: debug"), "error -debug"));
        assert!(matches(&log("a timeout"), "\"time\" other"));
        assert!(!matches(&log("none"), "error"));
        assert!(matches(&log("x"), ""));
    }

    #[test]
    fn a_log_is_written_a_line_per_log() {
        let log: Log = serde_json::from_value(serde_json::json!({
            "id": "5f2f3a3c-6f2e-4c59-9d7a-1b2c3d4e5f60",
            "created": "2026-12-02T10:00:00Z",
            "updated": "2026-12-02T10:00:00Z",
            "name": "prefect.flow_runs",
            "level": 30,
            "message": "two\nlines",
            "timestamp": "2026-12-02T10:00:00.123456Z",
            "flow_run_id": null,
            "task_run_id": null
        }))
        .expect("a log");
        assert_eq!(
            log_text(&[log.clone(), log]),
            "2026-12-02 10:00:00.123 | WARNING  | prefect.flow_runs - two\nlines\n\
             2026-12-02 10:00:00.123 | WARNING  | prefect.flow_runs - two\nlines\n"
        );
        assert_eq!(
            log_file_name(LogOwner::FlowRun(uuid::Uuid::nil())),
            "flow-run-00000000-0000-0000-0000-000000000000.log"
        );
        assert_eq!(
            log_file_name(LogOwner::TaskRun(uuid::Uuid::from_u128(1))),
            "task-run-00000000-0000-0000-0000-000000000001.log"
        );
    }

    #[test]
    fn a_log_view_from_any_address() {
        assert_eq!(
            LogView::from_query(Some("30"), Some("  time out "), Some("3")),
            LogView {
                min_level: 30,
                search: "time out".into(),
                page: 3
            }
        );
        let default = LogView {
            min_level: 0,
            search: String::new(),
            page: 1,
        };
        assert_eq!(LogView::from_query(None, None, None), default);
        assert_eq!(
            LogView::from_query(Some("x"), Some("   "), Some("0")),
            default
        );
        assert_eq!(
            LogView::from_query(Some("99999999999999999999"), None, Some("99999999999")),
            default,
            "numbers past their type are the default, never a panic"
        );
        assert_eq!(LogView::from_query(Some("-5"), None, None).min_level, -5);
    }
}
