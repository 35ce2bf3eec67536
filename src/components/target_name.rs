use crate::api::ApiResource;
use crate::config::TargetScope;
use crate::context::AppContext;
use crate::loaders::shell::workspace_handle;
use leptos::prelude::*;

/// The active target's name, and its Cloud workspace's handle (one request, Cloud only).
#[component]
pub fn TargetName() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let (target, scope) = (context.target(), context.scope());
    let account_scope = TargetScope {
        workspace: None,
        ..scope.clone()
    };
    let handle = scope.workspace.map(|(account, id)| {
        let account_client = StoredValue::new_local(context.client_for(&target, &account_scope));
        ApiResource::infallible(move || workspace_handle(account_client.get_value(), account, id))
    });
    view! {
        <span class="target" data-testid="active-target">
            {target.name}
            {handle.map(|h| view! {
                " › "
                <span data-testid="active-workspace">
                    {move || h.cloned().flatten().unwrap_or_else(|| "workspace".into())}
                </span>
            })}
        </span>
    }
}
