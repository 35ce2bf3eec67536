//! Runs several requests at once and waits for all (one page load, not a waterfall).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A boxed local future, as `join_all` takes them.
pub type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Polls every future until all are done; the results keep the input order.
pub fn join_all<'a, T>(futures: Vec<Boxed<'a, T>>) -> JoinAll<'a, T> {
    let results = futures.iter().map(|_| None).collect();
    JoinAll {
        futures: futures.into_iter().map(Some).collect(),
        results,
    }
}

/// The future of `join_all`.
pub struct JoinAll<'a, T> {
    futures: Vec<Option<Boxed<'a, T>>>,
    results: Vec<Option<T>>,
}

impl<T> Unpin for JoinAll<'_, T> {}

impl<T> Future for JoinAll<'_, T> {
    type Output = Vec<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<T>> {
        let this = &mut *self;
        for (slot, result) in this.futures.iter_mut().zip(this.results.iter_mut()) {
            if let Some(future) = slot {
                if let Poll::Ready(value) = future.as_mut().poll(cx) {
                    *result = Some(value);
                    *slot = None;
                }
            }
        }
        if this.futures.iter().all(Option::is_none) {
            Poll::Ready(this.results.iter_mut().filter_map(Option::take).collect())
        } else {
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    /// Pending once, then ready: shows `join_all` keeps polling the unfinished ones.
    struct Later(Option<u32>, bool);
    impl Future for Later {
        type Output = u32;
        fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
            if self.1 {
                Poll::Ready(self.0.take().unwrap_or_default())
            } else {
                self.1 = true;
                Poll::Pending
            }
        }
    }

    #[test]
    fn waits_for_all_and_keeps_order() {
        let mut cx = Context::from_waker(Waker::noop());
        let futures: Vec<Boxed<u32>> = vec![
            Box::pin(Later(Some(1), false)),
            Box::pin(async { 2 }),
            Box::pin(Later(Some(3), true)),
        ];
        let mut all = join_all(futures);
        assert!(Pin::new(&mut all).poll(&mut cx).is_pending());
        assert_eq!(Pin::new(&mut all).poll(&mut cx), Poll::Ready(vec![1, 2, 3]));
    }
}
