//! Live updates for this page's target from Prefect's events stream (`/api/events/out`).
//!
//! One socket, open while the tab is visible and the page shows something an event can
//! change, filtered to that (pages declare it with [`use_live`]). Each new event refetches
//! the views it changes, coalesced per topic. A dropped socket reconnects with backoff and
//! jitter, resuming a minute before the last event seen; after repeated failures the page
//! polls at the configured interval and the header says so and why.

mod logs;
mod socket;

pub use logs::use_log_stream;

use crate::api::invalidation::{Invalidations, Topic};
use crate::api::PrefectClient;
use crate::domain::applied_states::{state_change, AppliedStates};
use crate::domain::connection::Connection;
use crate::domain::live::{
    fallback_reason, falls_back, filter_message, reconnect_delay_ms, resume_since, socket_url,
    topics, Coalesced, Coalescer, Incoming, LiveMode, LiveScope, SeenIds, PROVEN_AFTER_MS,
};
use crate::platform;
use crate::schemas::events::ReceivedEvent;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use socket::{Dropped, Side, SocketState};
use std::collections::HashMap;
use std::time::Duration;

/// Event ids remembered for de-duplication.
const SEEN_CAPACITY: usize = 4096;
/// At most one refetch per topic per this window under a burst of events; a steady stream
/// widens it up to the maximum.
const COALESCE_MS: f64 = 1000.0;
const COALESCE_MAX_MS: f64 = 8000.0;
/// The server stores events in batches, at most this long after they happen (its event
/// persister flushes every 5 s). An event from just before the subscription may be in
/// neither the stream nor its backfill; the event feed reads again once after this.
const STORED_WITHIN: Duration = Duration::from_secs(6);
/// While polling instead, the stream is tried again this often.
const RETRY_WHILE_POLLING_MS: f64 = 30_000.0;

/// Events the stream brought while the event feed was open, kept for it (newest last).
const RECENT_KEPT: usize = 500;
/// Runs whose announced state rows apply at once (more than any page shows).
const STATES_KEPT: usize = 2048;

/// The live feed of one target: its mode for the header, and the scopes pages declared.
#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// How data reaches the page now.
    pub mode: RwSignal<LiveMode>,
    /// The last `RECENT_KEPT` events pushed while a page asked for every event, in the
    /// order they arrived.
    pub recent: RwSignal<Vec<ReceivedEvent>>,
    /// The newest state each run's events announced: rows show it before their refetch.
    pub states: RwSignal<AppliedStates>,
    scopes: RwSignal<HashMap<u64, LiveScope>>,
    next_scope: StoredValue<u64>,
}

impl LiveFeed {
    fn keep_recent(&self, event: ReceivedEvent) {
        let _ = self.recent.try_update(|recent| {
            recent.push(event);
            let over = recent.len().saturating_sub(RECENT_KEPT);
            recent.drain(..over);
        });
    }

    /// Events arrive as they happen (polling can rest). Not tracked: for callbacks.
    pub fn is_live(&self) -> bool {
        self.mode.with_untracked(|m| *m == LiveMode::Live)
    }

    /// Everything the mounted pages show, merged.
    fn scope(&self) -> LiveScope {
        self.scopes.with(|scopes| {
            scopes
                .values()
                .fold(None::<LiveScope>, |all, s| {
                    Some(match all {
                        None => s.clone(),
                        Some(all) => LiveScope {
                            flow_runs: all.flow_runs || s.flow_runs,
                            runs: {
                                let mut runs = all.runs;
                                runs.extend(
                                    s.runs
                                        .iter()
                                        .filter(|r| !runs.contains(r))
                                        .collect::<Vec<_>>(),
                                );
                                runs
                            },
                            health: all.health || s.health,
                            task_runs: all.task_runs || s.task_runs,
                            events: all.events || s.events,
                            // Narrowed only if every page is.
                            related: if all.related.is_empty() || s.related.is_empty() {
                                Vec::new()
                            } else {
                                [all.related, s.related.clone()].concat()
                            },
                        },
                    })
                })
                .unwrap_or_default()
        })
    }
}

/// Declares what the calling page shows, for as long as it is mounted. Does nothing where
/// no feed runs (read from context).
pub fn use_live(scope: impl Fn() -> LiveScope + Send + Sync + 'static) {
    if let Some(feed) = use_context::<LiveFeed>() {
        use_live_on(feed, scope);
    }
}

/// Declares what the calling component shows from `feed` (a fleet card's own target), for
/// as long as it is mounted.
pub fn use_live_on(feed: LiveFeed, scope: impl Fn() -> LiveScope + Send + Sync + 'static) {
    let id = feed.next_scope.get_value();
    feed.next_scope.set_value(id.wrapping_add(1));
    let scope = Memo::new(move |_| scope());
    Effect::new(move |_| {
        let scope = scope.get();
        feed.scopes.update(|s| {
            s.insert(id, scope);
        });
    });
    on_cleanup(move || {
        let _ = feed.scopes.try_update(|s| s.remove(&id));
    });
}

/// The connection's working state (not reactive; owned by the feed's callbacks).
struct Stream {
    /// The socket and its reconnect state (`socket::open` runs it).
    socket: SocketState,
    /// What the pages on screen show (the filter, and which events the feed keeps).
    scope: LiveScope,
    /// A live socket dropped and what it missed is not caught up yet: the next one resumes
    /// from the last event seen and refetches everything once.
    lost: bool,
    last_seen: Option<DateTime<Utc>>,
    /// What is on screen was fetched from here on: the page load, then each deliberate
    /// reconnect (another page or filter, the tab shown again, a sign-in), which fetches
    /// what it shows. The stream starts just before it.
    fetched_from: DateTime<Utc>,
    seen: SeenIds,
    coalescer: Coalescer,
}

/// Starts the feed for `client` (provide it as context so pages can [`use_live`]).
/// `enabled` false (config) keeps the page polling.
pub fn start(
    client: PrefectClient,
    invalidations: Invalidations,
    visible: Signal<bool>,
    connection: Signal<Connection>,
    enabled: bool,
) -> LiveFeed {
    let feed = LiveFeed {
        mode: RwSignal::new(if enabled {
            LiveMode::Connecting
        } else {
            LiveMode::Polling {
                reason: "live updates are off in config.json".into(),
            }
        }),
        recent: RwSignal::new(Vec::new()),
        states: RwSignal::new(AppliedStates::new(STATES_KEPT)),
        scopes: RwSignal::new(HashMap::new()),
        next_scope: StoredValue::new(0),
    };
    if !enabled {
        return feed;
    }
    let stream = StoredValue::new_local(Stream {
        socket: SocketState::default(),
        scope: LiveScope::default(),
        lost: false,
        last_seen: None,
        fetched_from: platform::now(),
        seen: SeenIds::new(SEEN_CAPACITY),
        coalescer: Coalescer::new(COALESCE_MS, COALESCE_MAX_MS),
    });
    let client = StoredValue::new_local(client);
    let scope = Memo::new(move |_| feed.scope());
    // The stream needs the same credentials as the API: it waits while sign-in is asked
    // for, and starts afresh with the new ones.
    let signed_out =
        Memo::new(move |_| connection.with(|c| matches!(c, Connection::Unauthorized { .. })));
    // (Re)connect whenever what is on screen, the tab's visibility or sign-in changes.
    Effect::new(move |_| {
        let scope = scope.get();
        let visible = visible.get();
        let signed_out = signed_out.get();
        let handles = Handles {
            feed,
            stream,
            client,
            invalidations,
        };
        socket::close(handles);
        if !visible {
            feed.mode.set(LiveMode::Paused);
        } else if signed_out {
            feed.mode.set(LiveMode::Polling {
                reason: "live updates start after signing in".into(),
            });
        } else if scope.is_empty() {
            feed.mode.set(LiveMode::Idle);
        } else {
            let _ = stream.try_update_value(|s| {
                s.socket.reconnects.restart();
                s.fetched_from = platform::now();
                s.scope = scope;
            });
            if !feed.is_live() {
                feed.mode.set(LiveMode::Connecting);
            }
            connect(handles);
        }
    });
    on_cleanup(move || {
        socket::close(Handles {
            feed,
            stream,
            client,
            invalidations,
        })
    });
    feed
}

/// What the connection's callbacks share.
#[derive(Clone, Copy)]
struct Handles {
    feed: LiveFeed,
    stream: StoredValue<Stream, LocalStorage>,
    client: StoredValue<PrefectClient, LocalStorage>,
    invalidations: Invalidations,
}

/// Opens the stream for what the pages show, resuming where the last one left off.
fn connect(handles: Handles) {
    let Handles {
        feed,
        stream,
        client,
        ..
    } = handles;
    let api_base = client.with_value(|c| c.api_base().to_string());
    let Some(url) = platform::location_origin()
        .and_then(|origin| socket_url(&api_base, &origin, "/events/out"))
    else {
        feed.mode.set(LiveMode::Polling {
            reason: "the API address has no events stream".into(),
        });
        return;
    };
    let token = client.with_value(PrefectClient::stream_token);
    let Some(filter) = stream.try_with_value(|s| {
        let since = resume_since(s.last_seen, s.fetched_from, s.lost, platform::now());
        filter_message(&s.scope, since).to_string()
    }) else {
        return;
    };
    socket::open(handles, &url, token, filter);
}

impl Side for Handles {
    fn with_socket<R>(self, f: impl FnOnce(&mut SocketState) -> R) -> Option<R> {
        self.stream.try_update_value(|s| f(&mut s.socket))
    }

    fn accepted(self, generation: u64) {
        let Handles {
            feed,
            stream,
            invalidations,
            ..
        } = self;
        let (caught_up, events) = stream
            .try_update_value(|s| (std::mem::take(&mut s.lost), s.scope.events))
            .unwrap_or_default();
        let polling = feed
            .mode
            .try_with_untracked(|m| matches!(m, LiveMode::Polling { .. }))
            .unwrap_or(false);
        let current = move || socket::generation(self) == Some(generation);
        if polling {
            // After a fall-back, live again only once this socket proves itself.
            set_timeout(
                move || {
                    let up = stream.try_with_value(|s| s.socket.socket.is_some());
                    if current() && up == Some(true) {
                        let _ = feed.mode.try_set(LiveMode::Live);
                    }
                },
                Duration::from_millis(PROVEN_AFTER_MS as u64),
            );
        } else {
            let _ = feed.mode.try_set(LiveMode::Live);
        }
        // Back after a drop: what changed meanwhile is fetched once. (Another page, the tab
        // shown again or a sign-in fetched what it shows already.)
        if caught_up {
            catch_up(self, generation);
        }
        if events {
            set_timeout(
                move || {
                    if current() {
                        refetch(stream, invalidations, Topic::Events);
                    }
                },
                STORED_WITHIN,
            );
        }
    }

    fn message(self, incoming: Incoming) -> bool {
        let Handles {
            feed,
            stream,
            invalidations,
            ..
        } = self;
        let Incoming::Event(event) = incoming else {
            return false;
        };
        let (fresh, events) = stream
            .try_update_value(|s| {
                if !s.seen.first_time(event.id) {
                    return (false, s.scope.events);
                }
                if s.last_seen.is_none_or(|last| event.occurred > last) {
                    s.last_seen = Some(event.occurred);
                }
                (true, s.scope.events)
            })
            .unwrap_or_default();
        if !feed.is_live() {
            let _ = feed.mode.try_set(LiveMode::Live);
        }
        if fresh {
            // The feed shows the event itself, at once: a refetch could come before the
            // server has stored it.
            if events {
                if let Some(full) = event.received() {
                    feed.keep_recent(full);
                }
            }
            // What the event says of a run's state, rows show now; the refetch below
            // (coalesced) brings what it cannot say.
            if let Some(change) = state_change(&event) {
                let _ = feed
                    .states
                    .try_maybe_update(|states| (states.apply(change), ()));
            }
            for topic in topics(&event) {
                refetch(stream, invalidations, topic);
            }
        }
        true
    }

    fn dropped(self, how: Dropped) -> Option<f64> {
        let Handles { feed, stream, .. } = self;
        let _ = stream.try_update_value(|s| s.lost |= how.proved);
        if falls_back(how.failures, how.proved) {
            let _ = feed.mode.try_set(LiveMode::Polling {
                reason: fallback_reason(how.code, how.opened, how.authenticated),
            });
            Some(RETRY_WHILE_POLLING_MS)
        } else {
            if feed.is_live() {
                let _ = feed.mode.try_set(LiveMode::Connecting);
            }
            Some(reconnect_delay_ms(
                how.failures.saturating_sub(1),
                platform::random_unit(),
            ))
        }
    }

    fn reconnect(self) {
        connect(self);
    }

    fn unavailable(self, why: String) {
        self.feed.mode.set(LiveMode::Polling {
            reason: format!("the events stream could not open ({why})"),
        });
    }
}

/// Refetches `topic` now, or once at the end of its coalescing window.
fn refetch(stream: StoredValue<Stream, LocalStorage>, invalidations: Invalidations, topic: Topic) {
    let now = platform::now_ms();
    let decision = stream.try_update_value(|s| {
        s.coalescer.prune(now);
        s.coalescer.touch(topic.clone(), now)
    });
    match decision {
        Some(Coalesced::Now) => invalidations.invalidate(topic),
        Some(Coalesced::At(at)) => {
            let wait = Duration::from_millis((at - now).max(0.0) as u64);
            set_timeout(
                move || {
                    let _ =
                        stream.try_update_value(|s| s.coalescer.fire(&topic, platform::now_ms()));
                    invalidations.invalidate(topic);
                },
                wait,
            );
        }
        Some(Coalesced::Pending) | None => {}
    }
}

/// What changed while the stream was down, fetched once; not before the server's
/// `Retry-After` has passed (a stream that keeps dropping must not add load to a server that
/// asked for less), and not at all if another connection took over meanwhile.
fn catch_up(handles: Handles, generation: u64) {
    let Handles {
        stream,
        client,
        invalidations,
        ..
    } = handles;
    let hold = client
        .try_with_value(PrefectClient::hold_remaining)
        .unwrap_or_default();
    if hold.is_zero() {
        invalidations.invalidate_all();
        return;
    }
    set_timeout(
        move || {
            // Another socket since: a drop marked it lost again, a navigation fetched anew.
            if stream.try_with_value(|s| s.socket.generation) == Some(generation) {
                invalidations.invalidate_all();
            }
        },
        hold,
    );
}
