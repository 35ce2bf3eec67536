//! Browser timers and events as `use_*` hooks: each starts when called inside a component
//! and stops when that component's owner is cleaned up.

use crate::api::invalidation::{Invalidations, Topic};
use crate::api::resource::{ApiResource, FollowUp};
use crate::api::PrefectClient;
use crate::context::AppContext;
use crate::live::LiveFeed;
use crate::loaders::work_pools::{self, PoolsEvidence};
use crate::platform;
use crate::schemas::WorkPool;
use leptos::prelude::*;
use std::time::Duration;

/// Calls `tick` every `period` until the calling owner is cleaned up.
pub fn use_interval(period: Duration, tick: impl Fn() + 'static) {
    if let Ok(handle) = set_interval_with_handle(tick, period) {
        on_cleanup(move || handle.clear());
    }
}

/// True while the document is visible; follows `visibilitychange`.
pub fn use_document_visibility() -> Signal<bool> {
    let visible = RwSignal::new(!platform::document_hidden());
    let handle = window_event_listener_untyped("visibilitychange", move |_| {
        visible.set(!platform::document_hidden());
    });
    on_cleanup(move || handle.remove());
    visible.into()
}

/// Refetches everything every `period` while the tab is visible and no live feed is
/// delivering events, and at once when a hidden tab is shown again (what is on screen may
/// be a whole period old by then); never while `client`'s server asked to wait
/// (`Retry-After`). While events are delivered, flow runs still refetch every `period`
/// unless an event refetched them since the last tick: the runs Prefect's scheduler
/// service makes for a deployment's schedules are written without an event
/// (`_insert_scheduled_flow_runs`), so no event says they are there.
pub fn use_refresh(
    invalidations: Invalidations,
    period: Duration,
    live: Option<LiveFeed>,
    client: StoredValue<PrefectClient, LocalStorage>,
) {
    let visible = use_document_visibility();
    let held = move || {
        client
            .try_with_value(|c| !c.hold_remaining().is_zero())
            .unwrap_or(false)
    };
    // Flow runs' version after the last tick: when events refetched them since, this tick
    // need not (a run the scheduler made then is at most two periods late).
    let seen = StoredValue::new(None::<u64>);
    use_interval(period, move || {
        if !visible.get_untracked() || held() {
            return;
        }
        if live.is_some_and(|feed| feed.is_live()) {
            if invalidations.version(&Topic::FlowRuns) == seen.get_value() {
                invalidations.invalidate(Topic::FlowRuns);
            }
            seen.set_value(invalidations.version(&Topic::FlowRuns));
        } else {
            invalidations.invalidate_all();
        }
    });
    Effect::new(move |was_visible: Option<bool>| {
        let now_visible = visible.get();
        if was_visible == Some(false) && now_visible && !held() {
            invalidations.invalidate_all();
        }
        now_visible
    });
}

/// Invalidates with `invalidate` every `period` while `active` says so and the tab is
/// visible (an open run that can still change).
pub fn use_refresh_while(
    active: impl Fn() -> bool + 'static,
    period: Duration,
    invalidate: impl Fn() + 'static,
) {
    let visible = use_document_visibility();
    use_interval(period, move || {
        if visible.get_untracked() && active() {
            invalidate();
        }
    });
}

/// A list page's search, tags, window and page, read from the address; follows navigation.
pub fn use_list_query() -> Memo<crate::domain::list_query::ListQuery> {
    let query_map = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query_map.with(|m| crate::domain::list_query::ListQuery::from_pairs(|k| m.get_str(k)))
    })
}

/// The address's `:id` segment as a UUID (None when it is not one); follows navigation.
pub fn use_id_param() -> Memo<Option<uuid::Uuid>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| uuid::Uuid::parse_str(s).ok())))
}

/// The logs' level, search and page from the address (`level`, `logs_q`, `logs_page`).
pub fn use_log_view() -> Memo<crate::domain::log_search::LogView> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            crate::domain::log_search::LogView::from_query(
                q.get_str("level"),
                q.get_str("logs_q"),
                q.get_str("logs_page"),
            )
        })
    })
}

/// Titles the browser tab after a page of one kind (`what`: "Flow runs", "Settings").
pub fn use_page_title(what: &'static str) {
    use_object_title(what, || None);
}

/// Titles the browser tab after the object the page shows: `names` (most specific first: a
/// run's name, then its state) once it has them, then `what` ("Flow run"), then the target
/// when it has a name of its own. While `names` says `None` (loading, or a refresh that
/// failed) the last names stay. Follows `names`' signals, so a state change retitles it.
pub fn use_object_title(what: &'static str, names: impl Fn() -> Option<Vec<String>> + 'static) {
    let target = use_context::<crate::context::AppContext>().and_then(|c| c.title_target());
    Effect::new(move |last: Option<Option<Vec<String>>>| {
        let now = names().or(last.flatten());
        let mut parts = now.clone().unwrap_or_default();
        parts.push(what.to_string());
        platform::set_document_title(&crate::domain::page_title::page_title(
            &parts,
            target.as_deref(),
        ));
        now
    });
}

/// The work pools and the evidence each is judged by (its workers, every queue, the late
/// runs: `loaders::work_pools::pools_evidence`), asked once the pools are in. Every page
/// that judges pools asks through here, so each judges on the same evidence.
pub fn use_pools_evidence() -> (ApiResource<Vec<WorkPool>>, Memo<FollowUp<PoolsEvidence>>) {
    let context = expect_context::<AppContext>();
    let pools = context.resource(Topic::WorkPools, work_pools::pools);
    let names = Memo::new(move |_| match pools.get() {
        Some(Ok(pools)) => Some(pools.iter().map(|p| p.name.clone()).collect::<Vec<_>>()),
        _ => None,
    });
    let evidence = context.follow_up(Topic::WorkPools, names, work_pools::pools_evidence);
    (pools, evidence)
}

/// How long typing must pause before a search box narrows its list.
pub const TYPING_PAUSE: Duration = Duration::from_millis(350);

/// `run` with the last value given, once calls pause for `TYPING_PAUSE` (a search box's
/// input); nothing after the calling owner is cleaned up.
pub fn debounced<T: 'static>(run: impl Fn(T) + 'static) -> Callback<T> {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let run = StoredValue::new_local(run);
    on_cleanup(move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });
    Callback::new(move |value: T| {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                run.try_with_value(|run| run(value));
            },
            TYPING_PAUSE,
        )
        .ok();
        pending.try_set_value(handle);
    })
}

/// What `pick` reads of a fetched object, as a signal that keeps the last value found (a
/// form open on the object stays while a refresh finds it gone); `None` when the object
/// is not there to start with.
pub fn use_last_found<T, U>(
    details: Signal<std::sync::Arc<Option<T>>>,
    pick: impl Fn(&T) -> U + Copy + Send + Sync + 'static,
) -> Option<Signal<U>>
where
    T: Send + Sync + 'static,
    U: Clone + Send + Sync + 'static,
{
    let first = details.with_untracked(|d| Option::as_ref(d).map(pick))?;
    Some(Signal::derive(move || {
        details
            .with(|d| Option::as_ref(d).map(pick))
            .unwrap_or_else(|| first.clone())
    }))
}

/// A page deleting its own object (a pool, a deployment): while the delete is in flight its
/// data asks for nothing, since the server's events about the delete would refetch an
/// object that is going (a 404, or a 500 mid-delete) in the moment before the page is
/// left. Made by the page ([`DeleteHold::provide`]), read by its data's fetch
/// ([`DeleteHold::gate`]) and by its Delete ([`DeleteHold::around`]).
#[derive(Clone, Copy)]
pub struct DeleteHold(RwSignal<bool>);

impl DeleteHold {
    /// A hold for this page, provided to its actions.
    pub fn provide() -> DeleteHold {
        let hold = DeleteHold(RwSignal::new(false));
        provide_context(hold);
        hold
    }

    /// The page's hold, where the page made one.
    pub fn of_page() -> Option<DeleteHold> {
        use_context::<DeleteHold>()
    }

    /// Call first in the page's fetch: while a delete is in flight, a fetch started then
    /// never answers (the page goes).
    pub async fn gate(self) {
        if self.0.get_untracked() {
            std::future::pending::<()>().await;
        }
    }

    /// The delete `sent`, held around: a failed delete lets the page follow its object
    /// again, refetching `topic`.
    pub fn around<T, E>(
        hold: Option<DeleteHold>,
        sent: impl std::future::Future<Output = Result<T, E>> + 'static,
        invalidations: Invalidations,
        topic: Topic,
    ) -> impl std::future::Future<Output = Result<T, E>> + 'static {
        if let Some(DeleteHold(held)) = hold {
            held.set(true);
        }
        async move {
            let answer = sent.await;
            if answer.is_err() {
                if let Some(DeleteHold(held)) = hold {
                    let _ = held.try_set(false);
                }
                invalidations.invalidate(topic);
            }
            answer
        }
    }
}

/// Each listed run's warning and error lines (`loaders::lookups::log_counts`), counted once
/// `runs` knows the runs (None until then) and again on flow-run events: a follow-up owned
/// by the page, so its rows show first and fill in when the counts come.
pub fn use_log_counts(
    runs: impl Fn() -> Option<Vec<uuid::Uuid>> + Send + Sync + 'static,
) -> Memo<FollowUp<LogCountsById>> {
    let context = expect_context::<AppContext>();
    let key = Memo::new(move |_| runs());
    context.follow_up(
        Topic::FlowRuns,
        key,
        |client, ids: Vec<uuid::Uuid>| async move {
            crate::loaders::lookups::log_counts(&client, &ids).await
        },
    )
}

/// Warning and error lines by run.
pub type LogCountsById =
    std::collections::HashMap<uuid::Uuid, crate::domain::log_counts::LogCounts>;
