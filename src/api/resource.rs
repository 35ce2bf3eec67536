//! `ApiResource<T>`: a typed `LocalResource` whose reactive machinery is compiled once.
//!
//! Leptos compiles a `LocalResource<T>` (its async-derived signal, future wrapper, getters)
//! again for every `T` and every loader closure, about 10 KB of wasm each. Every resource
//! here is one `LocalResource<Loaded>` fed by a boxed loader, and the type lives only in the
//! thin typed wrapper, so a page's resource costs a few hundred bytes (see `make bench`).

use super::invalidation::{Invalidations, Topic};
use super::retry::{retry_delay, RETRY_MAX};
use super::{ApiError, PrefectClient};
use crate::platform;
use leptos::prelude::*;
use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// A loaded value of some type, shared without copying.
pub type Payload = Arc<dyn Any + Send + Sync>;

/// What every resource holds: a payload or the error that stopped it.
pub type Loaded = Result<Payload, ApiError>;

type Loader = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded>>>>;

/// A resource of `Result<T, ApiError>`. Signals read by the loader before its first
/// `.await` are tracked, as with `LocalResource`.
pub struct ApiResource<T> {
    inner: LocalResource<Loaded>,
    /// The same answers through a memo owned where the resource was made, outside any
    /// `<Transition>` a reader sits in: [`ApiResource::latest`].
    outside: Memo<Option<Loaded>>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for ApiResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ApiResource<T> {}

impl<T: Send + Sync + 'static> ApiResource<T> {
    /// Loads with `fetcher` now and whenever a signal it read changes.
    pub fn new<Fut>(fetcher: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let loader: Loader = Rc::new(move || {
            let future = fetcher();
            Box::pin(async move { future.await.map(|value| Arc::new(value) as Payload) })
        });
        let inner = erased(loader);
        ApiResource {
            inner,
            outside: Memo::new_with_compare(move |_| inner.get(), |_, _| true),
            ty: PhantomData,
        }
    }

    /// The latest answer (None while the first load runs); tracked. Read inside a
    /// `<Transition>` (a `Fetched` panel's body), a first load still running holds the panel
    /// back until it is in.
    pub fn get(&self) -> Option<Result<Arc<T>, ApiError>> {
        typed(self.inner.get())
    }

    /// The same, without holding back the `<Transition>` it is read in: for a part that
    /// decorates a panel showing another resource (the panel shows at once, the part fills
    /// in when its answer comes).
    pub fn latest(&self) -> Option<Result<Arc<T>, ApiError>> {
        typed(self.outside.get())
    }

    /// Loads `topic` with `client`: again whenever the topic (or everything) is invalidated,
    /// whenever a signal `load` reads before its first `.await` changes, and by itself after
    /// a failure (`retry::retry_delay`: sooner at first, never before the server's
    /// `Retry-After`), so a panel recovers when the fault stops. The one way pages and
    /// components ask for data.
    pub fn tracked<Fut>(
        invalidations: Invalidations,
        topic: Topic,
        client: StoredValue<PrefectClient, LocalStorage>,
        load: impl Fn(PrefectClient) -> Fut + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let retry = ArcTrigger::new();
        let failures = Rc::new(Cell::new(0u32));
        let generation = Rc::new(Cell::new(0u64));
        ApiResource::new(move || {
            invalidations.track(&topic);
            retry.track();
            let client = client.get_value();
            let loading = load(client.clone());
            let this_load = generation.get().wrapping_add(1);
            generation.set(this_load);
            let again = Retry {
                trigger: retry.clone(),
                generation: generation.clone(),
                load: this_load,
                client,
            };
            let failures = failures.clone();
            async move {
                let result = loading.await;
                match &result {
                    Ok(_) => failures.set(0),
                    Err(error) if error.is_retryable() => {
                        let n = failures.get().saturating_add(1);
                        failures.set(n);
                        let wait = retry_delay(n, again.client.hold_remaining());
                        again.after(wait);
                    }
                    Err(_) => {}
                }
                result
            }
        })
    }

    /// A resource whose loader reports its own failures inside `T`.
    pub fn infallible<Fut>(fetcher: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        ApiResource::new(move || {
            let future = fetcher();
            async move { Ok(future.await) }
        })
    }

    /// The latest value of an `infallible` resource (None while it loads); tracked.
    pub fn value(&self) -> Option<Arc<T>> {
        self.get().and_then(Result::ok)
    }

    /// A copy of the latest value of an `infallible` resource; tracked.
    pub fn cloned(&self) -> Option<T>
    where
        T: Clone,
    {
        self.value().map(|value| T::clone(&value))
    }

    /// The untyped resource, for views that only pass the payload on.
    pub fn answer(&self) -> LocalResource<Loaded> {
        self.inner
    }
}

fn typed<T: Send + Sync + 'static>(answer: Option<Loaded>) -> Option<Result<Arc<T>, ApiError>> {
    answer.and_then(|answer| match answer {
        Ok(payload) => payload.downcast::<T>().ok().map(Ok),
        Err(error) => Some(Err(error)),
    })
}

/// Where a follow-up answer (`AppContext::follow_up`) stands: what decorates a list (names,
/// counts, activity) once the list itself is in.
#[derive(Debug)]
pub enum FollowUp<T> {
    /// Not asked yet (the list is not in) or on its way.
    Pending,
    /// The answer (always `Some`: the resource's `Option` is kept to avoid a copy).
    Found(Arc<Option<T>>),
    /// It could not be loaded (tried again by itself).
    Failed(ApiError),
}

impl<T> Clone for FollowUp<T> {
    fn clone(&self) -> Self {
        match self {
            FollowUp::Pending => FollowUp::Pending,
            FollowUp::Found(found) => FollowUp::Found(found.clone()),
            FollowUp::Failed(error) => FollowUp::Failed(error.clone()),
        }
    }
}

impl<T> FollowUp<T> {
    /// From the follow-up resource's latest answer (`Ok(None)`: asked before its key was
    /// known, so still pending).
    pub fn of(answer: Option<Result<Arc<Option<T>>, ApiError>>) -> FollowUp<T> {
        match answer {
            Some(Ok(found)) if found.is_some() => FollowUp::Found(found),
            Some(Err(error)) => FollowUp::Failed(error),
            _ => FollowUp::Pending,
        }
    }

    /// The answer, once found.
    pub fn found(&self) -> Option<&T> {
        match self {
            FollowUp::Found(found) => found.as_ref().as_ref(),
            _ => None,
        }
    }

    /// Where it stands as words can say it: `None` while pending, the answer, or why it
    /// could not be loaded.
    pub fn settled(&self) -> Option<Result<&T, String>> {
        match self {
            FollowUp::Pending => None,
            FollowUp::Found(found) => found.as_ref().as_ref().map(Ok),
            FollowUp::Failed(error) => Some(Err(error.to_string())),
        }
    }

    /// Why it could not be loaded.
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            FollowUp::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// Where the answer stands for one row of the list: an answer that does not cover the
    /// row (`covers`: it was asked for another page, before a refresh or a page change) is
    /// still pending for it; a failure is a failure for every row.
    pub fn for_row(&self, covers: impl FnOnce(&T) -> bool) -> RowAnswer<'_, T> {
        match self {
            FollowUp::Failed(error) => RowAnswer::Failed(error),
            _ => match self.found() {
                Some(found) if covers(found) => RowAnswer::Found(found),
                _ => RowAnswer::Pending,
            },
        }
    }

    /// The same, for the whole list: pending again when the answer does not cover it.
    pub fn covering(self, covers: impl FnOnce(&T) -> bool) -> FollowUp<T> {
        match self.for_row(covers) {
            RowAnswer::Pending => FollowUp::Pending,
            _ => self,
        }
    }
}

/// A follow-up answer as it stands for one row (`FollowUp::for_row`).
#[derive(Debug)]
pub enum RowAnswer<'a, T> {
    /// Not in yet for this row.
    Pending,
    /// The answer, which covers the row.
    Found(&'a T),
    /// It could not be loaded.
    Failed(&'a ApiError),
}

impl<'a, T> RowAnswer<'a, T> {
    /// The answer, when it covers the row.
    pub fn found(&self) -> Option<&'a T> {
        match self {
            RowAnswer::Found(found) => Some(found),
            _ => None,
        }
    }
}

/// One scheduled try of a failed load.
struct Retry {
    trigger: ArcTrigger,
    /// Counts the resource's loads; a retry is void once another load started.
    generation: Rc<Cell<u64>>,
    load: u64,
    client: PrefectClient,
}

impl Retry {
    /// Fetches again after `wait`, unless the resource fetched again meanwhile; waits longer
    /// while the server still asks (a later `Retry-After`) and while the tab is hidden (the
    /// try comes within a minute of it being shown, whatever else refreshes then).
    fn after(self, wait: Duration) {
        set_timeout(
            move || {
                if self.generation.get() != self.load {
                    return;
                }
                let held = self.client.hold_remaining();
                if held > Duration::ZERO {
                    self.after(held);
                } else if platform::document_hidden() {
                    self.after(RETRY_MAX);
                } else {
                    self.trigger.notify();
                }
            },
            wait,
        );
    }
}

/// The one `LocalResource` instantiation every `ApiResource` shares.
fn erased(loader: Loader) -> LocalResource<Loaded> {
    LocalResource::new(move || started(loader()))
}

/// `load`, polled once now. A `LocalResource` first polls its future a tick after it is made
/// (after the page that made it has rendered: on a cold load, tens of milliseconds of first
/// runs of its code), so without this every request waited for the page's render. Polled
/// here, inside the resource's own tracking scope, the request goes out at once; the
/// resource then polls it with its real waker as before.
fn started(
    mut load: Pin<Box<dyn Future<Output = Loaded>>>,
) -> Pin<Box<dyn Future<Output = Loaded>>> {
    match poll_now(load.as_mut()) {
        Poll::Ready(done) => Box::pin(std::future::ready(done)),
        Poll::Pending => load,
    }
}

/// Polls `future` once, now, so what it starts (a request, a chunk's download) starts now.
/// Whoever awaits it later polls it again with a real waker: a future wakes only the waker
/// of its latest poll, so the one used here is never needed.
pub fn poll_now<F: Future + ?Sized>(future: Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(ids: &[u8]) -> FollowUp<Vec<u8>> {
        FollowUp::Found(Arc::new(Some(ids.to_vec())))
    }

    #[test]
    fn an_answer_that_does_not_cover_a_row_is_pending_for_it() {
        let answer = found(&[1, 2]);
        assert_eq!(
            answer.for_row(|ids| ids.contains(&1)).found(),
            Some(&vec![1, 2])
        );
        assert!(matches!(
            answer.for_row(|ids| ids.contains(&3)),
            RowAnswer::Pending
        ));
        let pending: FollowUp<Vec<u8>> = FollowUp::Pending;
        assert!(matches!(pending.for_row(|_| true), RowAnswer::Pending));
        let failed: FollowUp<Vec<u8>> = FollowUp::Failed(ApiError::Network {
            endpoint: "/x".into(),
            message: "down".into(),
        });
        assert!(matches!(failed.for_row(|_| false), RowAnswer::Failed(_)));
        // For the whole list: kept when it covers it, pending again when not.
        assert!(matches!(
            found(&[1]).covering(|ids| ids == &[1]),
            FollowUp::Found(_)
        ));
        assert!(matches!(
            found(&[1]).covering(|ids| ids == &[2]),
            FollowUp::Pending
        ));
        assert!(matches!(failed.covering(|_| false), FollowUp::Failed(_)));
    }
}
