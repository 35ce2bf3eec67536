//! A run's logs: the table, its level, search and paging controls, and the whole-log
//! download; for flow runs and task runs alike.

use super::{FetchedSignal, KeyedRow, KeyedTable, Time};
use crate::api::ApiResource;
use crate::context::AppContext;
use crate::domain::actions::action_error;
use crate::domain::keyed::Keyed;
use crate::domain::log_links::{log_pieces, LogPiece};
use crate::domain::log_search::{
    folded, highlight, highlight_terms, level_name, log_file_name, log_text, LogOwner, LogView,
};
use crate::loaders::logs::{whole_log, LogsPage};
use crate::platform::download_text;
use crate::schemas::Timestamp;
use leptos::prelude::*;
use std::sync::Arc;

/// One log line as its row shows it, with the search terms it highlights.
#[derive(Clone, Debug, Hash)]
struct LogRow {
    level: i64,
    timestamp: Timestamp,
    logger: String,
    message: String,
    terms: Arc<Vec<String>>,
}

/// Runs of text, those matching the search marked.
fn marked(runs: Vec<(String, bool)>) -> Vec<AnyView> {
    runs.into_iter()
        .map(|(text, matched)| {
            if matched {
                view! { <mark data-testid="log-match">{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect()
}

/// A message's text as shown: its first `FOLD_CHARS` characters unless `unfolded`, the
/// search's terms marked, bare http(s) addresses as links (new tab); everything stays text.
fn message_view(message: &str, terms: &[String], unfolded: bool) -> Vec<AnyView> {
    let (shown, _) = folded(message, unfolded);
    let runs = highlight(shown, terms);
    log_pieces(shown, &runs)
        .into_iter()
        .map(|piece| match piece {
            LogPiece::Text(runs) => marked(runs).into_any(),
            LogPiece::Link { href, runs } => view! {
                <a
                    href=href
                    rel="noopener noreferrer nofollow"
                    target="_blank"
                    data-testid="log-link"
                >
                    {marked(runs)}
                </a>
            }
            .into_any(),
        })
        .collect()
}

fn log_view(row: LogRow) -> impl IntoView {
    let level = level_name(row.level);
    let unfolded = RwSignal::new(false);
    let (_, hidden) = folded(&row.message, false);
    let LogRow { message, terms, .. } = row;
    let message = StoredValue::new(message);
    let text = move || message.with_value(|m| message_view(m, &terms, unfolded.get()));
    // A long line folds; the button shows the rest (or folds it again).
    let toggle = (hidden > 0).then(|| {
        view! {
            <button
                type="button"
                class="logs__fold"
                data-testid="log-unfold"
                aria-expanded=move || unfolded.get().to_string()
                on:click=move |_| unfolded.update(|u| *u = !*u)
            >
                {move || {
                    if unfolded.get() {
                        "Fold the line".to_string()
                    } else {
                        format!("… {hidden} more characters")
                    }
                }}
            </button>
        }
    });
    view! {
        <tr class=format!("log--{}", level.to_lowercase())>
            <td>
                <Time at=Some(row.timestamp) />
            </td>
            <td data-testid="log-level">{level}</td>
            <td>{row.logger}</td>
            <td class="logs__message" data-testid="log-message">
                {text}
                {toggle}
            </td>
        </tr>
    }
}

/// A page of log lines: time, level, logger and message (as text, the search's `terms`
/// marked), keyed, so lines already shown stay as they are when the page refreshes.
fn log_table(logs: Signal<Arc<LogsPage>>, terms: Memo<Arc<Vec<String>>>) -> impl IntoView {
    let rows = Signal::derive(move || {
        let terms = terms.get();
        logs.get()
            .lines
            .iter()
            .map(|log| {
                let row = LogRow {
                    level: log.level,
                    timestamp: log.timestamp,
                    logger: log.name.clone(),
                    message: log.message.clone(),
                    terms: terms.clone(),
                };
                KeyedRow::new(Keyed::new(log.id.to_string(), row), log_view)
            })
            .collect::<Vec<_>>()
    });
    let searching = move || !terms.with(|t| t.is_empty());
    // A search of a vast log looked at its first lines only: said above the lines.
    let note = move || {
        logs.get().note.clone().map(|note| {
            view! {
                <p class="muted" role="note" data-testid="logs-cut">
                    {note}
                </p>
            }
        })
    };
    view! {
        {note}
        <Show
            when=move || !rows.with(Vec::is_empty)
            fallback=move || {
                view! {
                    <p class="muted" data-testid="no-logs">
                        {if searching() {
                            "No log lines match this search at this level."
                        } else {
                            "No logs at this level."
                        }}
                    </p>
                }
            }
        >
            <KeyedTable
                testid="logs"
                class="table--compact logs"
                headers=&["Time", "Level", "Logger", "Message"]
                rows
            />
        </Show>
    }
}

/// A run's logs under their controls: level, search and page (`view`, from the address;
/// `set_view` goes to another), the whole-log download and the page of lines `logs`.
#[component]
pub fn RunLogs(
    /// Whose logs.
    owner: LogOwner,
    /// The page of lines the address asks for.
    logs: ApiResource<LogsPage>,
    view: Memo<LogView>,
    set_view: Callback<LogView>,
) -> impl IntoView {
    let terms = Memo::new(move |_| Arc::new(view.with(|v| highlight_terms(&v.search))));
    view! {
        <LogControls view set_view />
        <LogDownload owner />
        <FetchedSignal
            resource=logs
            title="Logs"
            loading="Loading logs…"
            render=move |logs| log_table(logs, terms)
        />
    }
}

/// Level filter, text search and paging for the logs of a run. `view` is what the address
/// says; `set_view` goes to another one (a new level or search starts at page 1).
#[component]
fn LogControls(view: Memo<LogView>, set_view: Callback<LogView>) -> impl IntoView {
    let with_level = move |level: i64| LogView {
        min_level: level,
        page: 1,
        ..view.get_untracked()
    };
    let at_page = move |page: u32| LogView {
        page: page.max(1),
        ..view.get_untracked()
    };
    // The box shows the address's search; what is typed is read on submit.
    let input = NodeRef::<leptos::html::Input>::new();
    let search = move |text: String| {
        set_view.run(LogView {
            search: text,
            page: 1,
            ..view.get_untracked()
        })
    };
    view! {
        <div class="log-controls">
            <label>
                "Level at least "
                <select
                    name="level"
                    prop:value=move || view.with(|v| v.min_level.to_string())
                    on:change:target=move |ev| {
                        set_view.run(with_level(ev.target().value().parse().unwrap_or(0)))
                    }
                >
                    <option value="0">"All"</option>
                    <option value="10">"DEBUG"</option>
                    <option value="20">"INFO"</option>
                    <option value="30">"WARNING"</option>
                    <option value="40">"ERROR"</option>
                    <option value="50">"CRITICAL"</option>
                </select>
            </label>
            <form
                class="log-search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    search(input.get_untracked().map(|i| i.value()).unwrap_or_default());
                }
            >
                <label>
                    <span class="visually-hidden">"Search all of this run's logs"</span>
                    <input
                        type="search"
                        name="logs_q"
                        data-testid="log-search"
                        maxlength="200"
                        placeholder="Search all logs: words, \"a phrase\", -excluded"
                        node_ref=input
                        prop:value=move || view.with(|v| v.search.clone())
                    />
                </label>
                <button type="submit">"Search"</button>
                <Show when=move || view.with(|v| !v.search.is_empty())>
                    <button
                        type="button"
                        data-testid="log-search-clear"
                        on:click=move |_| search(String::new())
                    >
                        "Clear"
                    </button>
                </Show>
            </form>
            <button
                type="button"
                disabled=move || view.with(|v| v.page <= 1)
                on:click=move |_| set_view.run(at_page(view.get_untracked().page.saturating_sub(1)))
            >
                "‹ Earlier"
            </button>
            <span data-testid="logs-page">{move || format!("Page {}", view.with(|v| v.page))}</span>
            <button
                type="button"
                on:click=move |_| set_view.run(at_page(view.get_untracked().page.saturating_add(1)))
            >
                "Later ›"
            </button>
        </div>
    }
}

/// Where a download of the whole log stands.
#[derive(Clone, Debug, PartialEq)]
enum Download {
    Idle,
    Fetching(usize),
    Done(usize, Option<String>),
    Failed(String),
}

/// "Download the whole log": every line of the run, all levels, fetched page by page and
/// handed to the browser as `flow-run-<id>.log` (or `task-run-<id>.log`), with its progress
/// and any error beside it.
#[component]
fn LogDownload(
    /// The run whose log this takes away.
    owner: LogOwner,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let status = RwSignal::new(Download::Idle);
    let start = move |_| {
        if matches!(status.get_untracked(), Download::Fetching(_)) {
            return;
        }
        status.set(Download::Fetching(0));
        let client = context.client();
        leptos::task::spawn_local(async move {
            let answer = whole_log(client, owner, move |n| {
                let _ = status.try_set(Download::Fetching(n));
            })
            .await;
            let outcome = match answer {
                Ok(book) => match download_text(&log_file_name(owner), &log_text(book.lines())) {
                    Ok(()) => Download::Done(book.lines().len(), book.cut_note()),
                    Err(message) => Download::Failed(message),
                },
                Err(error) => Download::Failed(format!(
                    "The log could not be fetched: {}",
                    action_error(&error)
                )),
            };
            let _ = status.try_set(outcome);
        });
    };
    let words = move || match status.get() {
        Download::Idle => String::new(),
        Download::Fetching(n) => format!("Fetching the log… {n} lines so far"),
        Download::Done(n, None) => format!("Downloaded {n} lines."),
        Download::Done(n, Some(cut)) => format!("Downloaded {n} lines. {cut}"),
        Download::Failed(message) => message,
    };
    view! {
        <div class="log-download">
            <button
                type="button"
                data-testid="log-download"
                disabled=move || matches!(status.get(), Download::Fetching(_))
                on:click=start
            >
                "Download the whole log"
            </button>
            <span
                data-testid="log-download-status"
                role=move || matches!(status.get(), Download::Failed(_)).then_some("alert")
                aria-live="polite"
            >
                {words}
            </span>
        </div>
    }
}
