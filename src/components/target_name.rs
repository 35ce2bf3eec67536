use crate::api::ApiResource;
use crate::app::AppContext;
use crate::targets::Scope;
use leptos::prelude::*;

/// The active target's name, and its Cloud workspace's handle (one request, Cloud only).
#[component]
pub fn TargetName() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let name = context.target.name.clone();
    let workspace = context.scope.workspace;
    let root = context.client_for(
        &context.target,
        &Scope {
            workspace: None,
            ..context.scope.clone()
        },
    );
    let handle = workspace.map(|(account, id)| {
        let root = StoredValue::new_local(root);
        ApiResource::infallible(move || {
            let client = root.get_value();
            async move {
                client.me_workspaces().await.ok().and_then(|all| {
                    all.into_iter()
                        .find(|w| w.account_id == account && w.workspace_id == id)
                        .map(|w| w.handle())
                })
            }
        })
    });
    view! {
        <span class="target" data-testid="active-target">
            {name}
            {handle.map(|h| view! {
                " › "
                <span data-testid="active-workspace">
                    {move || h.cloned().flatten().unwrap_or_else(|| "workspace".into())}
                </span>
            })}
        </span>
    }
}
