use crate::api::invalidation::Topic;
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
        context.resource_with(account_client, Topic::Choices, move |client| async move {
            Ok(workspace_handle(client, account, id).await)
        })
    });
    view! {
        <span class="target" data-testid="active-target">
            {target.name}
            {handle
                .map(|h| {
                    view! {
                        " › "
                        <span data-testid="active-workspace">
                            {move || h.cloned().flatten().unwrap_or_else(|| "workspace".into())}
                        </span>
                    }
                })}
        </span>
    }
}
