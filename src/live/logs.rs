//! The open run's logs pushed from `/api/logs/out`, where the server streams them (Prefect
//! ships it off; the server's settings say). Each pushed line refetches the logs table once
//! per half second at most (the table keeps its level filter and pages). Where the server
//! does not stream, or the stream keeps failing, the page polls the logs instead and says so.

use super::socket::{self, Dropped, Side, SocketState};
use crate::api::invalidation::{Invalidations, Topic};
use crate::api::{ApiResource, PrefectClient};
use crate::domain::live::{
    logs_filter_message, logs_mode, reconnect_delay_ms, socket_url, Incoming, LogsMode,
};
use crate::domain::refresh::UNFINISHED_RUN;
use crate::loaders::logs::logs_streamed;
use crate::platform;
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
    /// The socket and its reconnect state (`socket::open` runs it).
    socket: SocketState,
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
            socket: SocketState::default(),
            pending: false,
        }),
        broken: RwSignal::new(false),
    };
    let wanted = Memo::new(move |_| {
        unfinished.get() && visible.get() && streamed.get() == Some(true) && !handles.broken.get()
    });
    Effect::new(move |_| {
        socket::close(handles);
        if wanted.get() {
            open(handles);
        }
    });
    on_cleanup(move || socket::close(handles));
    Signal::derive(move || {
        logs_mode(
            unfinished.get(),
            streamed.get(),
            handles.broken.get(),
            UNFINISHED_RUN.as_secs(),
        )
    })
}

fn open(handles: Handles) {
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
    socket::open(handles, &url, token, filter);
}

impl Side for Handles {
    fn with_socket<R>(self, f: impl FnOnce(&mut SocketState) -> R) -> Option<R> {
        self.state.try_update_value(|s| f(&mut s.socket))
    }

    fn accepted(self, _generation: u64) {
        // Lines written between the page's fetch and this subscription.
        refetch_soon(self);
    }

    fn message(self, incoming: Incoming) -> bool {
        match incoming {
            Incoming::Log { flow_run_id } if flow_run_id.is_none_or(|id| id == self.run) => {
                refetch_soon(self);
                true
            }
            _ => false,
        }
    }

    fn dropped(self, how: Dropped) -> Option<f64> {
        if how.failures >= GIVE_UP_AFTER {
            let _ = self.broken.try_set(true);
            return None;
        }
        Some(reconnect_delay_ms(
            how.failures.saturating_sub(1),
            platform::random_unit(),
        ))
    }

    fn reconnect(self) {
        open(self);
    }

    fn unavailable(self, _why: String) {
        self.broken.set(true);
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
