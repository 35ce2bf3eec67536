use crate::schemas::WorkPool;
use leptos::prelude::*;

/// What `PoolType` shows of a pool: its type and the ported `is_push_pool` /
/// `is_managed_pool`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PoolKind {
    pub pool_type: String,
    pub push: bool,
    pub managed: bool,
}

impl PoolKind {
    pub fn of(pool: &WorkPool) -> PoolKind {
        PoolKind {
            pool_type: pool.pool_type.clone(),
            push: pool.is_push_pool(),
            managed: pool.is_managed_pool(),
        }
    }
}

/// A work pool's type with push / managed badges.
#[component]
pub fn PoolType(
    /// The pool's type and kind.
    kind: PoolKind,
) -> impl IntoView {
    view! {
        <span data-testid="pool-type">
            <code>{kind.pool_type}</code>
            {kind
                .push
                .then(|| {
                    view! {
                        " "
                        <span class="tag" data-testid="push-badge">
                            "⇪ push"
                        </span>
                    }
                })}
            {kind
                .managed
                .then(|| {
                    view! {
                        " "
                        <span class="tag" data-testid="managed-badge">
                            "☁ managed"
                        </span>
                    }
                })}
        </span>
    }
}
