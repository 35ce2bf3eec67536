use super::{ActionFuture, ActionState, ConfirmAction};
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::loaders::actions::set_work_queue_paused;
use leptos::prelude::*;

/// The button that pauses or resumes the work queue `id` named `name` (`paused`: whether it
/// is now), behind a confirmation; its answer goes to `state`, which the caller shows with
/// `ActionStatus` where it outlives the button (Pause becomes Resume). Used by the pool's
/// queue rows and the queue's own page.
pub fn work_queue_pause(
    state: ActionState,
    id: uuid::Uuid,
    name: String,
    paused: bool,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let act = Callback::new(move |()| {
        Box::pin(set_work_queue_paused(context.client(), id, !paused)) as ActionFuture
    });
    let (label, confirm, body) = if paused {
        (
            "Resume",
            "Resume work queue",
            "Its runs go to workers again.",
        )
    } else {
        (
            "Pause",
            "Pause work queue",
            "Its runs wait until it is resumed; other queues go on.",
        )
    };
    view! {
        <ConfirmAction
            state
            label
            title=format!("{label} the work queue {name}?")
            body
            confirm
            act
            topics=vec![Topic::WorkPools]
        />
    }
}
