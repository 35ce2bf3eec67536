use crate::schemas::WorkPool;
use leptos::prelude::*;

/// A work pool's type with push / managed badges from the ported `is_push_pool` /
/// `is_managed_pool`.
#[component]
pub fn PoolType(
    /// The pool.
    pool: WorkPool,
) -> impl IntoView {
    view! {
        <span data-testid="pool-type">
            <code>{pool.pool_type.clone()}</code>
            {pool.is_push_pool().then(|| view! { " " <span class="tag" data-testid="push-badge">"⇪ push"</span> })}
            {pool.is_managed_pool().then(|| view! { " " <span class="tag" data-testid="managed-badge">"☁ managed"</span> })}
        </span>
    }
}
