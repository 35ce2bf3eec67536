//! One block document: its type, schema version and capabilities, and its fields, secret
//! ones masked (the page never asks for them in clear), references linked to their blocks;
//! Edit… and Delete (the dialog names the blocks and automations that refer to it).

use crate::api::invalidation::Topic;
use crate::components::{
    ActionFuture, ActionState, ActionStatus, ConfirmAction, Fetched, IdPage, ManagedForm,
    OnDemandForm, Time,
};
use crate::context::AppContext;
use crate::domain::block_forms::delete_words;
use crate::domain::blocks::{fields, FieldValue, MASK};
use crate::hooks::{use_object_title, DeleteHold};
use crate::loaders::block_forms::{block_referrers, delete_block_documents};
use crate::loaders::blocks::block;
use crate::routes;
use crate::schemas::BlockDocument;
use leptos::prelude::*;
use uuid::Uuid;

/// The block page (`/blocks/<id>`).
#[component]
pub fn BlockPage() -> impl IntoView {
    view! {
        <IdPage
            what="Block"
            back=routes::BLOCKS
            back_label="All blocks"
            page=|id| view! { <BlockView id /> }
        />
    }
}

#[component]
fn BlockView(id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
    // While the block is being deleted its page asks for nothing (see `DeleteHold`).
    let hold = DeleteHold::provide();
    let data = context.resource(Topic::Blocks, move |client| async move {
        hold.gate().await;
        block(client, id).await
    });
    use_object_title("Block", move || match data.get() {
        Some(Ok(block)) => Some(vec![block.name.clone().unwrap_or_default()]),
        _ => None,
    });
    view! {
        <section class="page">
            <p>
                <a href=context.href(routes::BLOCKS)>"Blocks"</a>
            </p>
            <Fetched
                resource=data
                title="This block"
                loading="Loading the block…"
                render=move |doc| view! { <BlockDetails doc /> }
            />
        </section>
    }
}

#[component]
fn BlockDetails(
    /// The document, as the server sent it (secrets already masked there).
    doc: BlockDocument,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let kind = doc
        .block_type
        .as_ref()
        .map(|t| t.name.clone())
        .or_else(|| doc.block_type_name.clone())
        .unwrap_or_else(|| "—".into());
    let (version, capabilities) = doc
        .block_schema
        .as_ref()
        .map(|s| (s.version.clone(), s.capabilities.join(", ")))
        .unwrap_or_default();
    let rows = fields(&doc)
        .into_iter()
        .map(|field| {
            let value = match field.value {
                FieldValue::Secret => view! {
                    <span data-testid="block-secret">
                        <span aria-hidden="true">{MASK}</span>
                        " secret, not shown"
                    </span>
                }
                .into_any(),
                FieldValue::Text(text) => view! { <code>{text}</code> }.into_any(),
                FieldValue::Json(json) => view! { <pre class="json">{json}</pre> }.into_any(),
                FieldValue::Reference(id, name) => view! {
                    <a href=context.href(&routes::block(id)) data-testid="block-reference">
                        {name}
                    </a>
                }
                .into_any(),
            };
            view! {
                <tr data-testid="block-field">
                    <td>
                        <code data-testid="block-field-name">{field.name}</code>
                    </td>
                    <td data-testid="block-field-value">{value}</td>
                </tr>
            }
        })
        .collect_view();
    let name = doc.name.clone().unwrap_or_else(|| doc.id.to_string());
    let actions = (!context.read_only()).then(|| view! { <BlockActions doc=doc.clone() /> });
    view! {
        <h1 data-testid="block-name">{name}</h1>
        {actions}
        <dl class="facts stats">
            <div class="stat">
                <dt>"Type"</dt>
                <dd data-testid="block-type">{kind}</dd>
            </div>
            <div class="stat">
                <dt>"Schema version"</dt>
                <dd>{version}</dd>
            </div>
            <div class="stat">
                <dt>"Capabilities"</dt>
                <dd>{if capabilities.is_empty() { "—".to_string() } else { capabilities }}</dd>
            </div>
            <div class="stat">
                <dt>"Created"</dt>
                <dd>
                    <Time at=doc.created />
                </dd>
            </div>
            <div class="stat">
                <dt>"Updated"</dt>
                <dd>
                    <Time at=doc.updated />
                </dd>
            </div>
        </dl>
        <h2>"Fields"</h2>
        {if doc.data.is_empty() {
            view! { <p class="muted">"No fields."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="table table--compact" data-testid="block-fields">
                        <thead>
                            <tr>
                                <th>"Field"</th>
                                <th>"Value"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}

/// Edit… and Delete for one block; a deleted block's page leaves for the list.
#[component]
fn BlockActions(
    /// The block as shown (secrets masked).
    doc: BlockDocument,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = leptos_router::hooks::use_navigate();
    let state = ActionState::default();
    let (id, name) = (
        doc.id,
        doc.name.clone().unwrap_or_else(|| doc.id.to_string()),
    );
    let wanted = Memo::new(move |_| Some(vec![id]));
    let found = context.follow_up(Topic::Blocks, wanted, block_referrers);
    let names = vec![name.clone()];
    let body = Signal::derive(move || delete_words(&names, found.get().settled()));
    let hold = DeleteHold::of_page();
    let act = Callback::new({
        let name = name.clone();
        move |()| {
            let sent = DeleteHold::around(
                hold,
                delete_block_documents(context.client(), vec![(id, name.clone())]),
                context.invalidations,
                Topic::Blocks,
            );
            let navigate = navigate.clone();
            Box::pin(async move {
                let answer = sent.await;
                if answer.is_ok() {
                    // Its page is gone: the list is where the user goes on.
                    navigate(&context.href(routes::BLOCKS), Default::default());
                }
                answer
            }) as ActionFuture
        }
    });
    view! {
        <div class="actions" data-testid="block-actions" role="group" aria-label="Block actions">
            <OnDemandForm label="Edit…" form=ManagedForm::EditBlock(Box::new(doc)) state />
            <ConfirmAction
                state
                label="Delete"
                title=format!("Delete the block {name}?")
                body
                confirm="Delete block"
                act
                // Nothing here to refetch: its page is gone (the list loads afresh).
                topics=Vec::new()
                danger=true
            />
            <ActionStatus state />
        </div>
    }
}
