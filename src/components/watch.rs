//! Watches: the store (this target's watches in local storage), the "Watch" toggle a run's,
//! a deployment's and a work pool's page carry, and the watcher that checks them and says
//! what changed through the browser's notifications, while the tab is open (even hidden:
//! it checks every [`WATCH_PERIOD`] then, and on every event while the tab shows).

use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::live::LiveScope;
use crate::domain::watches::{self, Memory, Snapshot, Watch};
use crate::hooks::use_interval;
use crate::live::use_live;
use crate::loaders::watches::check;
use crate::platform;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How often the watched things are checked besides the events (a hidden tab's only
/// check: its events stream is closed).
pub const WATCH_PERIOD: Duration = Duration::from_secs(15);

/// This target's watches, provided once by the shell; every change is stored at once.
#[derive(Clone, Copy)]
pub struct WatchStore {
    pub watches: RwSignal<Vec<Watch>>,
}

impl WatchStore {
    /// The watches stored for the router base `base`.
    pub fn load(base: &str) -> WatchStore {
        let key = watches::storage_key(base);
        let watches = RwSignal::new(
            platform::preference(&key)
                .map(|text| watches::parse(&text))
                .unwrap_or_default(),
        );
        Effect::new(move |first: Option<()>| {
            let text = watches.with(|w| watches::to_storage(w));
            // The first run only reads what was just loaded.
            if first.is_some() {
                platform::set_preference(&key, &text);
            }
        });
        WatchStore { watches }
    }
}

/// Checks the watches and notifies: renders nothing. Under the shell, inside the router.
#[component]
pub fn Watcher() -> impl IntoView {
    let Some(store) = use_context::<WatchStore>() else {
        return;
    };
    let context = expect_context::<AppContext>();
    let watching = Memo::new(move |_| store.watches.with(|w| !w.is_empty()));
    // While something is watched, the events stream carries runs' and pools' events.
    use_live(move || LiveScope {
        flow_runs: watching.get(),
        health: watching.get(),
        ..LiveScope::default()
    });
    let tick = RwSignal::new(0u64);
    use_interval(WATCH_PERIOD, move || {
        if watching.get_untracked() {
            tick.update(|t| *t = t.wrapping_add(1));
        }
    });
    // Failures from before the page opened are not news (the first check learns them).
    let since = platform::now() - chrono::Duration::minutes(10);
    let invalidations = context.invalidations;
    let checked = context.resource(Topic::FlowRuns, move |client| {
        tick.track();
        invalidations.track(&Topic::WorkPools);
        let watched = store.watches.get();
        async move {
            if watched.is_empty() {
                return Ok((watched, Snapshot::default()));
            }
            check(client, watched.clone(), since)
                .await
                .map(|snapshot| (watched, snapshot))
        }
    });
    let memory = StoredValue::new(Memory::default());
    let checks = StoredValue::new(0u64);
    Effect::new(move |_| {
        if let Some(Ok(answer)) = checked.get() {
            let (watched, snapshot) = &*answer;
            let notes = memory
                .try_update_value(|m| m.notes(watched, snapshot))
                .unwrap_or_default();
            for note in notes {
                platform::notify(&note.title, &note.body, &note.tag);
            }
            // How many checks of something watched were made: what a test waits for
            // before it changes what is watched.
            if !watched.is_empty() {
                checks.update_value(|n| *n = n.wrapping_add(1));
                let count = checks.get_value().to_string();
                platform::set_root_attribute("data-watch-checks", Some(&count));
            }
        }
    });
}

/// The "Watch" toggle of one run, deployment or work pool. The first watch asks for the
/// browser's permission; where notifications are refused or not offered, it says so beside
/// the button (the watch is kept: the permission can be given later).
#[component]
pub fn WatchToggle(
    /// What this toggle watches (None until the page knows it).
    #[prop(into)]
    watch: Signal<Option<Watch>>,
) -> impl IntoView {
    let Some(store) = use_context::<WatchStore>() else {
        return ().into_any();
    };
    let watched = Memo::new(move |_| {
        watch.with(|w| {
            w.as_ref().is_some_and(|w| {
                store
                    .watches
                    .with(|all| all.iter().any(|x| x.same_target(w)))
            })
        })
    });
    let note = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let Some(target) = watch.get_untracked() else {
            return;
        };
        let Some(next) = store
            .watches
            .with_untracked(|all| watches::toggle(all, &target))
        else {
            note.set(Some(format!(
                "At most {} watches: stop watching something first.",
                watches::MAX_WATCHES
            )));
            return;
        };
        let now_watching = next.len() > store.watches.with_untracked(Vec::len);
        store.watches.set(next);
        note.set(None);
        if now_watching {
            spawn_local(async move {
                let answer = match platform::notification_permission().as_deref() {
                    Some("default") => platform::request_notification_permission().await,
                    other => other.map(str::to_string),
                };
                note.set(match answer.as_deref() {
                    Some("granted") => None,
                    Some("denied") => Some(
                        "Notifications are blocked for this site: allow them in the browser to be told."
                            .into(),
                    ),
                    Some(_) => Some("Notifications were not allowed yet.".into()),
                    None => Some(
                        "This browser offers no notifications here (they need HTTPS)."
                            .into(),
                    ),
                });
            });
        }
    };
    view! {
        <span class="watch">
            <button
                type="button"
                class="button"
                data-testid="watch-toggle"
                aria-pressed=move || if watched.get() { "true" } else { "false" }
                disabled=move || watch.with(Option::is_none)
                title=move || {
                    watch
                        .with(|w| {
                            w.as_ref()
                                .map(|w| {
                                    if watched.get() {
                                        format!("Stop being told about {}", w.noun())
                                    } else {
                                        format!(
                                            "Be told by a notification when {} changes, while this tab is open",
                                            w.noun(),
                                        )
                                    }
                                })
                                .unwrap_or_default()
                        })
                }
                on:click=toggle
            >
                {move || if watched.get() { "◉ Watching" } else { "○ Watch" }}
            </button>
            <span class="watch__note muted" role="status" data-testid="watch-note">
                {move || note.get()}
            </span>
        </span>
    }
    .into_any()
}
