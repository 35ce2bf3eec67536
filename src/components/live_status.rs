use super::Time;
use crate::domain::connection::Connection;
use crate::domain::live::{mode_label, LiveMode};
use crate::live::LiveFeed;
use crate::platform;
use crate::schemas::Timestamp;
use leptos::prelude::*;

/// The header's live indicator: "Live", "Polling every 30 s: <why>", or "Offline since
/// 12:03" while the server cannot be reached; a glyph beside the words, never colour alone.
#[component]
pub fn LiveStatus(
    /// The target's live feed.
    feed: LiveFeed,
    /// The configured polling interval, for "Polling every N s".
    interval_seconds: u32,
    /// The connection verdict (offline wins over any mode).
    #[prop(into)]
    connection: Signal<Connection>,
) -> impl IntoView {
    // When the server stopped answering; cleared once it answers again.
    let offline_since = RwSignal::new(None::<Timestamp>);
    Effect::new(move |_| {
        let unreachable = connection.with(|c| matches!(c, Connection::Unreachable { .. }));
        match (unreachable, offline_since.get_untracked()) {
            (true, None) => offline_since.set(Some(Timestamp(platform::now()))),
            (false, Some(_)) => offline_since.set(None),
            _ => {}
        }
    });
    let kind = move || match (offline_since.get(), feed.mode.get()) {
        (Some(_), _) => "offline",
        (None, LiveMode::Live) => "live",
        (None, LiveMode::Connecting) => "connecting",
        (None, LiveMode::Paused) => "paused",
        (None, LiveMode::Idle) => "idle",
        (None, LiveMode::Polling { .. }) => "polling",
    };
    // When the indicator last changed (epoch ms): tests wait until "Live" has held a moment.
    let shown = Memo::new(move |_| kind());
    let since = Memo::new(move |_| {
        shown.track();
        platform::now_ms() as u64
    });
    let glyph = move || match kind() {
        "live" => "●",
        "offline" => "⚠",
        "paused" => "⏸",
        "connecting" => "…",
        "idle" => "○",
        _ => "↻",
    };
    let words = move || match offline_since.get() {
        Some(at) => view! {
            "Offline since "
            <Time at />
        }
        .into_any(),
        None => mode_label(&feed.mode.get(), interval_seconds).into_any(),
    };
    view! {
        <div
            class=move || format!("live live--{}", kind())
            role="status"
            data-testid="live-status"
            data-mode=kind
            data-since=since
        >
            <span class="live__glyph" aria-hidden="true">
                {glyph}
            </span>
            <span class="live__label">{words}</span>
        </div>
    }
}
