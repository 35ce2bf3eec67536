//! One HTTP request shared by every caller that asks for the same thing while it is in
//! flight. The request is aborted when the last caller stops waiting (page left).

use super::ApiError;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Shared {
    result: Option<Result<String, ApiError>>,
    wakers: Vec<Waker>,
    waiters: usize,
    cancelled: bool,
}

/// A request in flight and the callers waiting for it.
pub struct InFlight {
    shared: RefCell<Shared>,
    controller: Option<web_sys::AbortController>,
}

impl InFlight {
    /// A new in-flight slot with its own abort controller.
    pub fn new() -> Rc<InFlight> {
        Rc::new(InFlight {
            shared: RefCell::new(Shared::default()),
            controller: web_sys::AbortController::new().ok(),
        })
    }

    /// The controller the request must use, so the last leaving caller can abort it.
    pub fn controller(&self) -> Option<&web_sys::AbortController> {
        self.controller.as_ref()
    }

    /// True once every caller left before the answer came (the request was aborted).
    pub fn is_cancelled(&self) -> bool {
        self.shared.borrow().cancelled
    }

    /// Hands the answer to every waiting caller.
    pub fn finish(&self, result: Result<String, ApiError>) {
        let wakers = {
            let mut shared = self.shared.borrow_mut();
            shared.result = Some(result);
            std::mem::take(&mut shared.wakers)
        };
        for waker in wakers {
            waker.wake();
        }
    }

    /// Waits for the answer as one more caller.
    pub fn wait(self: &Rc<Self>) -> Waiter {
        self.shared.borrow_mut().waiters += 1;
        Waiter {
            in_flight: self.clone(),
        }
    }
}

/// One caller's wait; dropping it early may abort the request.
pub struct Waiter {
    in_flight: Rc<InFlight>,
}

impl Future for Waiter {
    type Output = Result<String, ApiError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut shared = self.in_flight.shared.borrow_mut();
        if let Some(result) = &shared.result {
            return Poll::Ready(result.clone());
        }
        if !shared.wakers.iter().any(|w| w.will_wake(cx.waker())) {
            shared.wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        let abort = {
            let mut shared = self.in_flight.shared.borrow_mut();
            shared.waiters = shared.waiters.saturating_sub(1);
            let abort = shared.waiters == 0 && shared.result.is_none();
            if abort {
                shared.cancelled = true;
            }
            abort
        };
        if abort {
            if let Some(controller) = &self.in_flight.controller {
                controller.abort();
            }
        }
    }
}
