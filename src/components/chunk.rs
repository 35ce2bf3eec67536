//! A part of the app loaded on demand (a page, the search, the custom-run form) that did not
//! arrive: said where it was wanted, never a panic (which would kill the whole app).

use futures::future::LocalBoxFuture;
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

/// The fetch of a part used from inside a page (the custom-run form, the flow-run actions'
/// confirmation), provided as context by the shell (`pages::lazy`), where the part's split
/// point is: a split point's loader called from inside a page's own chunk would stay an
/// unresolved import in any unsplit build that holds the page (the browser tests).
pub struct PartLoader<T: 'static>(pub fn() -> LocalBoxFuture<'static, Result<T, ChunkError>>);

impl<T: 'static> Clone for PartLoader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for PartLoader<T> {}

/// A part of the app fetched on first use (what its split function hands over, e.g. a view
/// function): [`OnDemand::fetch`] starts the fetch once, or again after a failure.
pub struct OnDemand<T: Send + Sync + 'static> {
    /// The part, once it is in.
    pub part: RwSignal<Option<T>>,
    /// The last fetch failed (the next `fetch` tries again).
    pub failed: RwSignal<bool>,
    loading: StoredValue<bool>,
    /// The shell's loader for it, for parts used inside a page ([`OnDemand::provided`]).
    loader: Option<PartLoader<T>>,
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
            loader: None,
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

    /// A part whose loader the shell provides ([`PartLoader`]), looked up now: call it while
    /// the component that uses the part is built.
    pub fn provided() -> Self {
        OnDemand {
            loader: use_context::<PartLoader<T>>(),
            ..OnDemand::default()
        }
    }

    /// Fetches the part with the shell's loader (see [`OnDemand::provided`]); without one
    /// (a shell that provides none), says it failed.
    pub fn fetch_provided(self) {
        match self.loader {
            Some(PartLoader(load)) => self.fetch(load),
            None => self.failed.set(true),
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
