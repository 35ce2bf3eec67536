//! Search everywhere: a modal with one field and the hits as you type, usable with the
//! keyboard alone (arrows move, Enter opens, Escape closes). It is its own wasm chunk,
//! loaded when first opened (`pages::lazy::SearchLauncher` has the button and the keys).

use crate::api::invalidation::Topic;
use crate::api::resource::FollowUp;
use crate::api::ApiError;
use crate::components::{ApiErrorPanel, StateBadge};
use crate::context::AppContext;
use crate::domain::search::{clean_term, directory_hits, ranked, step, SearchHit, DEBOUNCE_MS};
use crate::loaders::search::{directory, search};
use crate::platform;
use crate::routes;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

/// How long pools, queues and workers are kept between openings.
const DIRECTORY_KEPT_MS: f64 = 60_000.0;

/// What the last round of requests brought.
#[derive(Clone, Debug, PartialEq)]
enum Round {
    /// Nothing typed.
    Idle,
    Searching(String),
    Found(String, Vec<SearchHit>),
    Failed(String, ApiError),
}

impl Round {
    fn term(&self) -> Option<&str> {
        match self {
            Round::Idle => None,
            Round::Searching(t) | Round::Found(t, _) | Round::Failed(t, _) => Some(t),
        }
    }
}

/// The search dialog. Must render inside `<Router>`.
#[component]
pub fn SearchDialog(
    /// Whether it is open: the launcher opens it, closing it sets it back.
    open: RwSignal<bool>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = StoredValue::new_local(use_navigate());
    // The term of the round asked for (None: nothing typed). Both loads go through the
    // context's door; neither changes with events (Topic::Choices). A round's answer keeps
    // its term, so an answer for an earlier term is never shown for a later one.
    let term = RwSignal::new(None::<String>);
    let asked = Memo::new(move |_| term.get());
    let answer = context.follow_up(Topic::Choices, asked, |client, term: String| async move {
        Ok((term.clone(), search(client, term).await))
    });
    let round = Memo::new(move |_| {
        let Some(term) = term.get() else {
            return Round::Idle;
        };
        match answer.get() {
            FollowUp::Failed(error) => Round::Failed(term, error),
            found => match found.found() {
                Some((asked, Ok(hits))) if *asked == term => Round::Found(term, hits.clone()),
                Some((asked, Err(error))) if *asked == term => Round::Failed(term, error.clone()),
                // Pending, or an answer for an earlier term: its hits are dropped.
                _ => Round::Searching(term),
            },
        }
    });
    // Loaded when the search opens, kept for a minute across openings (a pool's workers are
    // one request each); a failure leaves pools, queues and workers out, said once. Each
    // key is one load.
    let directory_load = RwSignal::new(None::<u64>);
    let loading = Memo::new(move |_| directory_load.get());
    let directory_answer =
        context.follow_up(Topic::Choices, loading, |client, _: u64| directory(client));
    let places = Signal::derive(move || match directory_answer.get() {
        FollowUp::Failed(error) => Some(Err(error)),
        found => found.found().cloned().map(Ok),
    });
    let places_at = StoredValue::new(f64::NEG_INFINITY);
    let highlighted = RwSignal::new(None::<usize>);
    // Each keystroke starts a generation: only the last one's pause asks.
    let generation = StoredValue::new(0u64);
    let dialog = NodeRef::<html::Dialog>::new();
    let field = NodeRef::<html::Input>::new();

    let close = move || {
        open.set(false);
        term.set(None);
        highlighted.set(None);
        generation.update_value(|g| *g += 1);
        if let Some(input) = field.get_untracked() {
            input.set_value("");
        }
    };

    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
            if let Some(input) = field.get_untracked() {
                let _ = input.focus();
            }
            let fresh = platform::now_ms() - places_at.get_value() < DIRECTORY_KEPT_MS;
            if fresh && places.with_untracked(|p| matches!(p, Some(Ok(_)))) {
                return;
            }
            places_at.set_value(platform::now_ms());
            directory_load.update(|n| *n = Some(n.map_or(0, |n| n.wrapping_add(1))));
        } else if element.open() {
            element.close();
        }
    });

    let hits = Memo::new(move |_| {
        round.with(|r| match r {
            Round::Found(term, server) => {
                let mut all = server.clone();
                if let Some(Ok(directory)) = places.get() {
                    all.extend(directory_hits(&directory, term));
                }
                ranked(all, term)
            }
            _ => Vec::new(),
        })
    });

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        highlighted.set(None);
        generation.update_value(|g| *g += 1);
        let at = generation.get_value();
        let Some(cleaned) = clean_term(&text) else {
            term.set(None);
            return;
        };
        set_timeout(
            move || {
                // A keystroke since: its own pause asks.
                if generation.try_get_value() == Some(at) {
                    let _ = term.try_set(Some(cleaned));
                }
            },
            Duration::from_millis(DEBOUNCE_MS as u64),
        );
    };

    let href_of = move |hit: &SearchHit| context.href(&routes::search_hit(&hit.page));
    let open_hit = move |index: usize| {
        let Some(hit) = hits.with_untracked(|h| h.get(index).cloned()) else {
            return;
        };
        close();
        navigate.with_value(|navigate| navigate(&href_of(&hit), Default::default()));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let len = hits.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                let delta = if ev.key() == "ArrowDown" { 1 } else { -1 };
                highlighted.set(step(highlighted.get_untracked(), len, delta));
            }
            "Enter" => {
                ev.prevent_default();
                if len > 0 {
                    open_hit(highlighted.get_untracked().unwrap_or(0));
                }
            }
            // A search field would only clear itself on the first Escape.
            "Escape" => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };

    let status = move || match round.get() {
        Round::Idle => "Type part of a name: flow runs, flows, deployments, work pools, \
                        work queues and workers."
            .to_string(),
        Round::Searching(term) => format!("Searching for \u{201c}{term}\u{201d}…"),
        Round::Found(term, _) => match hits.with(Vec::len) {
            0 => format!("Nothing matches \u{201c}{term}\u{201d}."),
            1 => format!("1 match for \u{201c}{term}\u{201d}."),
            n => format!("{n} matches for \u{201c}{term}\u{201d}."),
        },
        Round::Failed(term, _) => format!("The search for \u{201c}{term}\u{201d} failed."),
    };
    let active = move || highlighted.get().map(|i| format!("search-hit-{i}"));
    let error = move || match round.get() {
        Round::Failed(_, error) => Some(view! { <ApiErrorPanel title="Search" error /> }),
        _ => None,
    };
    let places_error = move || match places.get() {
        Some(Err(error)) if round.with(|r| r.term().is_some()) => Some(
            view! { <ApiErrorPanel title="Work pools, queues and workers (not searched)" error /> },
        ),
        _ => None,
    };
    let rows = move || {
        hits.get()
            .into_iter()
            .enumerate()
            .map(|(i, hit)| {
                let href = href_of(&hit);
                let state = hit.state.clone().map(|(state_type, name)| {
                    view! { <StateBadge state_type name /> }
                });
                let selected = move || highlighted.get() == Some(i);
                let on_click = move |ev: leptos::ev::MouseEvent| {
                    // Plain clicks stay in the app; modified ones open a tab as links do.
                    if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                        ev.prevent_default();
                        open_hit(i);
                    }
                };
                view! {
                    <li role="option" id=format!("search-hit-{i}") aria-selected=move || selected().to_string()
                        class="search-hit" class:search-hit--active=selected data-testid="search-hit">
                        <a href=href tabindex="-1" on:click=on_click>
                            <span class="search-hit__kind">{hit.kind.label()}" "</span>
                            {state}
                            <span class="name" title=hit.name.clone()>" "{hit.name.clone()}" "</span>
                            <span class="muted name">{hit.detail.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <dialog
            node_ref=dialog
            class="search-dialog"
            data-testid="search-dialog"
            aria-label="Search everywhere"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                close();
            }
            on:close=move |_| {
                if open.get_untracked() {
                    close()
                }
            }
        >
            <input
                node_ref=field
                type="search"
                class="search-field"
                data-testid="search-field"
                placeholder="Search runs, flows, deployments, pools…"
                autocomplete="off"
                spellcheck="false"
                maxlength="200"
                role="combobox"
                aria-expanded=move || (!hits.with(Vec::is_empty)).to_string()
                aria-controls="search-hits"
                aria-autocomplete="list"
                aria-activedescendant=active
                on:input=on_input
                on:keydown=on_keydown
            />
            <p class="muted search-status" role="status" data-testid="search-status">
                {status}
            </p>
            {error}
            {places_error}
            <ul id="search-hits" class="search-hits plain-list" role="listbox" aria-label="Matches">
                {rows}
            </ul>
            <p class="muted small">"↑ ↓ to move, Enter to open, Esc to close."</p>
        </dialog>
    }
}
