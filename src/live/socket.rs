//! The one reconnecting-socket state machine both of Prefect's streams run (the events
//! stream, `live.rs`, and a run's logs, `logs.rs`): open, authenticate, send the filter,
//! count what the connection delivered (`Reconnects`), and on a close ask the stream whether
//! and when to try again. Every callback of an older socket is ignored (its generation).
//! What a stream does with its messages, and when it gives up, is its own ([`Side`]).

use crate::domain::live::{auth_message, parse, Incoming, Reconnects};
use crate::platform::{self, Socket, SocketEvent};
use leptos::prelude::set_timeout;
use std::time::Duration;

/// A socket's working state, kept inside the stream's own state.
#[derive(Default)]
pub struct SocketState {
    pub socket: Option<Socket>,
    /// Bumped on every (re)connect and close; callbacks of an older socket are ignored.
    pub generation: u64,
    /// How the connections have gone (a socket dropped right after it was accepted is a
    /// failure, not a fresh start).
    pub reconnects: Reconnects,
    /// The current socket reached `auth_success`.
    pub authenticated: bool,
}

/// How a socket ended, for the stream to decide what comes next.
#[derive(Clone, Copy, Debug)]
pub struct Dropped {
    /// Failed connections in a row, this one included (`Reconnects::closed`).
    pub failures: u32,
    /// A connection of this page load proved itself (delivered something or lived 10 s).
    pub proved: bool,
    pub code: u16,
    /// The socket opened before it closed.
    pub opened: bool,
    /// It reached `auth_success` before it closed.
    pub authenticated: bool,
}

/// One stream's side of the machine: where its socket state lives and what it does at each
/// step. Cheap to copy (signal and stored-value handles).
pub trait Side: Copy + 'static {
    /// Runs `f` on the socket state (None once the stream is gone).
    fn with_socket<R>(self, f: impl FnOnce(&mut SocketState) -> R) -> Option<R>;
    /// `auth_success` came and the filter went out, on the socket of `generation`.
    fn accepted(self, generation: u64);
    /// Any other message, read once; true when it delivered something this stream wanted.
    fn message(self, incoming: Incoming) -> bool;
    /// The socket closed: milliseconds until the next try, or None to stop trying.
    fn dropped(self, how: Dropped) -> Option<f64>;
    /// Connects again (its filter may have moved on).
    fn reconnect(self);
    /// The socket could not even be created.
    fn unavailable(self, why: String);
}

/// The current generation, to tell whether a callback or timer is still this socket's.
pub fn generation<S: Side>(side: S) -> Option<u64> {
    side.with_socket(|s| s.generation)
}

/// Opens a socket to `url` for `side`: sends the auth message (with `token` when the API
/// takes one), then `filter` once accepted.
pub fn open<S: Side>(side: S, url: &str, token: Option<String>, filter: String) {
    let Some(generation) = side.with_socket(|s| {
        s.generation = s.generation.wrapping_add(1);
        s.authenticated = false;
        s.generation
    }) else {
        return;
    };
    let current = move || self::generation(side) == Some(generation);
    let on_event = move |event: SocketEvent| {
        if !current() {
            return;
        }
        match event {
            SocketEvent::Open(socket) => {
                socket.send(&auth_message(token.as_deref()).to_string());
            }
            SocketEvent::Message(socket, text) => match parse(&text) {
                Incoming::AuthSuccess => {
                    socket.send(&filter);
                    side.with_socket(|s| {
                        s.authenticated = true;
                        s.reconnects.accepted(platform::now_ms());
                    });
                    side.accepted(generation);
                }
                other => {
                    if side.message(other) {
                        side.with_socket(|s| s.reconnects.delivered());
                    }
                }
            },
            SocketEvent::Closed { code, opened } => {
                let now = platform::now_ms();
                let Some((failures, proved, authenticated)) = side.with_socket(|s| {
                    s.socket = None;
                    let failures = s.reconnects.closed(now);
                    (failures, s.reconnects.proved(), s.authenticated)
                }) else {
                    return;
                };
                let how = Dropped {
                    failures,
                    proved,
                    code,
                    opened,
                    authenticated,
                };
                if let Some(delay) = side.dropped(how) {
                    set_timeout(
                        move || {
                            // Still this connection's turn (no navigation or hiding since).
                            if current() {
                                side.reconnect();
                            }
                        },
                        Duration::from_millis(delay.max(0.0) as u64),
                    );
                }
            }
        }
    };
    match Socket::open(url, "prefect", on_event) {
        Ok(socket) => {
            side.with_socket(|s| s.socket = Some(socket));
        }
        Err(error) => side.unavailable(error.to_string()),
    }
}

/// Closes the socket, if any; its callbacks and timers no longer count.
pub fn close<S: Side>(side: S) {
    side.with_socket(|s| {
        s.generation = s.generation.wrapping_add(1);
        if let Some(socket) = s.socket.take() {
            socket.close();
        }
    });
}
