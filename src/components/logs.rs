use super::{KeyedRow, KeyedTable, Time};
use crate::domain::keyed::Keyed;
use crate::schemas::{Log, Timestamp};
use leptos::prelude::*;
use std::sync::Arc;

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

/// One log line as its row shows it.
#[derive(Clone, Debug, Hash)]
struct LogRow {
    level: i64,
    timestamp: Timestamp,
    logger: String,
    message: String,
}

fn log_view(row: LogRow) -> impl IntoView {
    let level = level_name(row.level);
    view! {
        <tr class=format!("log--{}", level.to_lowercase())>
            <td><Time at=Some(row.timestamp) /></td>
            <td data-testid="log-level">{level}</td>
            <td>{row.logger}</td>
            <td class="logs__message">{row.message}</td>
        </tr>
    }
}

/// A page of log lines: time, level, logger and message (as text), keyed, so lines already
/// shown stay as they are when the page refreshes.
pub fn log_table(logs: Signal<Arc<Vec<Log>>>) -> impl IntoView {
    let rows = Signal::derive(move || {
        logs.get()
            .iter()
            .map(|log| {
                let row = LogRow {
                    level: log.level,
                    timestamp: log.timestamp,
                    logger: log.name.clone(),
                    message: log.message.clone(),
                };
                KeyedRow::new(Keyed::new(log.id.to_string(), row), log_view)
            })
            .collect::<Vec<_>>()
    });
    view! {
        <Show
            when=move || !rows.with(Vec::is_empty)
            fallback=|| view! { <p class="muted" data-testid="no-logs">"No logs at this level."</p> }
        >
            <KeyedTable testid="logs" class="table--compact logs" headers=&["Time", "Level", "Logger", "Message"] rows />
        </Show>
    }
}

/// Level filter and paging for the logs of a run.
#[component]
pub fn LogControls(
    min_level: Memo<i64>,
    logs_page: Memo<u32>,
    set_logs: Callback<(i64, u32)>,
) -> impl IntoView {
    view! {
        <div class="log-controls">
            <label>
                "Level at least "
                <select name="level" prop:value=move || min_level.get().to_string()
                    on:change:target=move |ev| set_logs.run((ev.target().value().parse().unwrap_or(0), 1))>
                    <option value="0">"All"</option>
                    <option value="10">"DEBUG"</option>
                    <option value="20">"INFO"</option>
                    <option value="30">"WARNING"</option>
                    <option value="40">"ERROR"</option>
                    <option value="50">"CRITICAL"</option>
                </select>
            </label>
            <button type="button" disabled=move || logs_page.get() <= 1 on:click=move |_| set_logs.run((min_level.get(), logs_page.get().saturating_sub(1).max(1)))>"‹ Earlier"</button>
            <span>{move || format!("Page {}", logs_page.get())}</span>
            <button type="button" on:click=move |_| set_logs.run((min_level.get(), logs_page.get().saturating_add(1)))>"Later ›"</button>
        </div>
    }
}
