//! A part of the app loaded on demand (a page, the search, the custom-run form) that did not
//! arrive: said where it was wanted, never a panic (which would kill the whole app).

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// A chunk failed to load: the network or the server refused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> Self {
        ChunkError
    }
}

/// A part of the app fetched on first use (what its split function hands over, e.g. a view
/// function): [`OnDemand::fetch`] starts the fetch once, or again after a failure.
pub struct OnDemand<T: Send + Sync + 'static> {
    /// The part, once it is in.
    pub part: RwSignal<Option<T>>,
    /// The last fetch failed (the next `fetch` tries again).
    pub failed: RwSignal<bool>,
    loading: StoredValue<bool>,
}

impl<T: Send + Sync + 'static> Clone for OnDemand<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for OnDemand<T> {}

impl<T: Send + Sync + 'static> Default for OnDemand<T> {
    fn default() -> Self {
        OnDemand {
            part: RwSignal::new(None),
            failed: RwSignal::new(false),
            loading: StoredValue::new(false),
        }
    }
}

impl<T: Send + Sync + 'static> OnDemand<T> {
    /// "`what` could not be loaded; try again." while the last fetch failed (`testid` names
    /// it for tests).
    pub fn failure_note(self, testid: &'static str, what: &'static str) -> impl IntoView {
        view! {
            <Show when=move || self.failed.get()>
                <span class="muted small" role="status" data-testid=testid>
                    {format!("{what} could not be loaded; try again.")}
                </span>
            </Show>
        }
    }

    /// Fetches the part with `load` (its split function) unless it is in or on its way.
    pub fn fetch<F>(self, load: impl FnOnce() -> F)
    where
        F: Future<Output = Result<T, ChunkError>> + 'static,
    {
        if self.part.with_untracked(Option::is_some) || self.loading.get_value() {
            return;
        }
        self.loading.set_value(true);
        self.failed.set(false);
        let fetched = load();
        leptos::task::spawn_local(async move {
            match fetched.await {
                Ok(part) => {
                    let _ = self.part.try_set(Some(part));
                }
                Err(ChunkError) => {
                    let _ = self.failed.try_set(true);
                }
            }
            let _ = self.loading.try_set_value(false);
        });
    }
}
