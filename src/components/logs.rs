use super::Time;
use crate::schemas::Log;
use leptos::prelude::*;

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

/// A page of log lines: time, level, logger and message (as text).
pub fn log_table(logs: Vec<Log>) -> AnyView {
    if logs.is_empty() {
        return view! { <p class="muted" data-testid="no-logs">"No logs at this level."</p> }
            .into_any();
    }
    view! {
        <table class="table table--compact logs" data-testid="logs">
            <thead><tr><th>"Time"</th><th>"Level"</th><th>"Logger"</th><th>"Message"</th></tr></thead>
            <tbody>
                {logs.into_iter().map(|log| view! {
                    <tr class=format!("log--{}", level_name(log.level).to_lowercase())>
                        <td><Time at=Some(log.timestamp) /></td>
                        <td data-testid="log-level">{level_name(log.level)}</td>
                        <td>{log.name}</td>
                        <td class="logs__message">{log.message}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
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
            <button type="button" disabled=move || logs_page.get() <= 1 on:click=move |_| set_logs.run((min_level.get(), logs_page.get() - 1))>"‹ Earlier"</button>
            <span>{move || format!("Page {}", logs_page.get())}</span>
            <button type="button" on:click=move |_| set_logs.run((min_level.get(), logs_page.get() + 1))>"Later ›"</button>
        </div>
    }
}
