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

/// Two requests of different answer types at once; nest for more.
pub async fn join2<A, B>(a: impl Future<Output = A>, b: impl Future<Output = B>) -> (A, B) {
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut left, mut right) = (None, None);
    std::future::poll_fn(move |cx| {
        if left.is_none() {
            if let Poll::Ready(value) = a.as_mut().poll(cx) {
                left = Some(value);
            }
        }
        if right.is_none() {
            if let Poll::Ready(value) = b.as_mut().poll(cx) {
                right = Some(value);
            }
        }
        match (left.take(), right.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                left = a;
                right = b;
                Poll::Pending
            }
        }
    })
    .await
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

    #[test]
    fn join2_waits_for_both() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut both = Box::pin(join2(Later(Some(1), false), async { "two" }));
        assert!(both.as_mut().poll(&mut cx).is_pending());
        assert_eq!(both.as_mut().poll(&mut cx), Poll::Ready((1, "two")));
    }
}
