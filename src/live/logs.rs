//! The open run's logs pushed from `/api/logs/out`, where the server streams them (Prefect
//! ships it off; the server's settings say). Each pushed line refetches the logs table once
//! per half second at most (the table keeps its level filter and pages). Where the server
//! does not stream, or the stream keeps failing, the page polls the logs instead and says so.

use crate::api::invalidation::{Invalidations, Topic};
use crate::api::{ApiResource, PrefectClient};
use crate::domain::live::{
    auth_message, logs_filter_message, parse, reconnect_delay_ms, socket_url, Incoming, LogsMode,
    Reconnects,
};
use crate::domain::refresh::UNFINISHED_RUN;
use crate::loaders::logs::logs_streamed;
use crate::platform::{self, Socket, SocketEvent};
use chrono::Duration as Span;
use leptos::prelude::*;
use std::time::Duration;
use uuid::Uuid;

/// Failed connections in a row before the page polls instead (a connection the server drops
/// right after accepting it counts: `Reconnects`).
const GIVE_UP_AFTER: u32 = 3;
/// At most one logs refetch per this window while lines arrive.
const COALESCE: Duration = Duration::from_millis(500);

struct LogSocket {
    socket: Option<Socket>,
    generation: u64,
    reconnects: Reconnects,
    /// A line arrived and its refetch is scheduled.
    pending: bool,
}

#[derive(Clone, Copy)]
struct Handles {
    client: StoredValue<PrefectClient, LocalStorage>,
    invalidations: Invalidations,
    run: Uuid,
    state: StoredValue<LogSocket, LocalStorage>,
    broken: RwSignal<bool>,
}

/// Streams `run`'s logs while it is `unfinished` and the tab `visible`, where the server can;
/// returns how the logs reach the page (for its words, and for whether to poll them).
pub fn use_log_stream(
    client: PrefectClient,
    invalidations: Invalidations,
    run: Uuid,
    unfinished: Signal<bool>,
    visible: Signal<bool>,
) -> Signal<LogsMode> {
    let client = StoredValue::new_local(client);
    let streamed = ApiResource::<bool>::new(move || logs_streamed(client.get_value()));
    let streamed = Memo::new(move |_| streamed.get().map(|s| s.is_ok_and(|s| *s)));
    let handles = Handles {
        client,
        invalidations,
        run,
        state: StoredValue::new_local(LogSocket {
            socket: None,
            generation: 0,
            reconnects: Reconnects::default(),
            pending: false,
        }),
        broken: RwSignal::new(false),
    };
    let wanted = Memo::new(move |_| {
        unfinished.get() && visible.get() && streamed.get() == Some(true) && !handles.broken.get()
    });
    Effect::new(move |_| {
        close(handles);
        if wanted.get() {
            open(handles);
        }
    });
    on_cleanup(move || close(handles));
    Signal::derive(move || match (unfinished.get(), streamed.get()) {
        (false, _) | (true, None) => LogsMode::Still,
        (true, Some(true)) if !handles.broken.get() => LogsMode::Streamed,
        (true, Some(_)) => LogsMode::Polled {
            every_seconds: UNFINISHED_RUN.as_secs(),
        },
    })
}

fn close(handles: Handles) {
    let _ = handles.state.try_update_value(|s| {
        s.generation = s.generation.wrapping_add(1);
        s.socket.take()
    });
}

fn open(handles: Handles) {
    let Some(generation) = handles.state.try_update_value(|s| {
        s.generation = s.generation.wrapping_add(1);
        s.generation
    }) else {
        return;
    };
    let api_base = handles.client.with_value(|c| c.api_base().to_string());
    let Some(url) =
        platform::location_origin().and_then(|origin| socket_url(&api_base, &origin, "/logs/out"))
    else {
        handles.broken.set(true);
        return;
    };
    let token = handles.client.with_value(PrefectClient::stream_token);
    // No backfill: from just before now; what came earlier the table fetches once the
    // subscription stands.
    let filter = logs_filter_message(handles.run, platform::now() - Span::seconds(5)).to_string();
    let current = move || handles.state.try_with_value(|s| s.generation) == Some(generation);
    let on_event = move |event: SocketEvent| {
        if !current() {
            return;
        }
        match event {
            SocketEvent::Open(socket) => socket.send(&auth_message(token.as_deref()).to_string()),
            SocketEvent::Message(socket, text) => match parse(&text) {
                Incoming::AuthSuccess => {
                    socket.send(&filter);
                    let _ = handles
                        .state
                        .try_update_value(|s| s.reconnects.accepted(platform::now_ms()));
                    // Lines written between the page's fetch and this subscription.
                    refetch_soon(handles);
                }
                Incoming::Log { flow_run_id } if flow_run_id.is_none_or(|id| id == handles.run) => {
                    let _ = handles.state.try_update_value(|s| s.reconnects.delivered());
                    refetch_soon(handles);
                }
                _ => {}
            },
            SocketEvent::Closed { .. } => {
                let failures = handles
                    .state
                    .try_update_value(|s| {
                        s.socket = None;
                        s.reconnects.closed(platform::now_ms())
                    })
                    .unwrap_or(GIVE_UP_AFTER);
                if failures >= GIVE_UP_AFTER {
                    let _ = handles.broken.try_set(true);
                    return;
                }
                let delay = reconnect_delay_ms(failures.saturating_sub(1), platform::random_unit());
                set_timeout(
                    move || {
                        if current() {
                            open(handles);
                        }
                    },
                    Duration::from_millis(delay as u64),
                );
            }
        }
    };
    match Socket::open(&url, "prefect", on_event) {
        Ok(socket) => {
            let _ = handles.state.try_update_value(|s| s.socket = Some(socket));
        }
        Err(_) => handles.broken.set(true),
    }
}

/// One logs refetch at the end of the coalescing window, however many lines arrive in it.
fn refetch_soon(handles: Handles) {
    let scheduled = handles
        .state
        .try_update_value(|s| !std::mem::replace(&mut s.pending, true))
        .unwrap_or(false);
    if scheduled {
        set_timeout(
            move || {
                let _ = handles.state.try_update_value(|s| s.pending = false);
                handles
                    .invalidations
                    .invalidate(Topic::FlowRunLogs(handles.run));
            },
            COALESCE,
        );
    }
}
