//! A new block of a type from the catalog and a block's edit: the type's schema as fields
//! (the custom run's fields; a nested block a choice of the saved blocks of its type, a
//! secret a password input that an edit leaves empty). The rules are in
//! `domain::block_forms`, the calls in `loaders::block_forms`.

use super::form_dialog::{
    FieldInput, FormDialog, FormField, FormFuture, FormPlan, LoadedForm, Planner,
};
use super::parameter_fields::BlockChoices;
use super::ActionState;
use crate::api::invalidation::Topic;
use crate::context::AppContext;
use crate::domain::block_forms::{
    block_create, block_update, edit_values, form_fields, new_values, Choices, DATA, NAME,
};
use crate::domain::forms::{FieldError, FormValues};
use crate::domain::parameter_form::{leaves, Field};
use crate::loaders::block_forms::{
    create_block_document, edit_block, new_block, update_block_document, NewBlock,
};
use crate::routes;
use crate::schemas::{BlockDocument, BlockType};
use leptos::prelude::*;
use std::sync::Arc;

/// The schema's fields as the form's one group, or the reason the form cannot be built.
fn data_field(fields: &[Field]) -> FormField {
    FormField::new(DATA, "Fields", FieldInput::Parameters(fields.to_vec()))
        .hint("As the block type's schema asks; * is required.")
}

/// Every input's path, for reading the server's refusals onto them.
fn paths(fields: &[Field]) -> Vec<String> {
    leaves(fields).into_iter().map(|f| f.path.clone()).collect()
}

/// Why a type's schema cannot be a form, as the one error of a form that cannot save.
fn unreadable(why: &'static str) -> Vec<FieldError> {
    vec![FieldError::new(
        DATA,
        format!("This block type's schema cannot be a form: {why}."),
    )]
}

/// "Create…" a block of `block_type`: its newest schema and the saved blocks its nested
/// blocks can be load on the first press; the new block's page is where the user lands.
#[component]
pub fn NewBlockForm(
    /// The block type, from the catalog.
    block_type: BlockType,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let navigate = leptos_router::hooks::use_navigate();
    let form = move |loaded: NewBlock, opener: ReadSignal<u32>| {
        let NewBlock {
            block_type,
            schema,
            choices,
        } = loaded;
        let built = form_fields(&schema.fields, false);
        let fields = built.clone().unwrap_or_default();
        let initial = new_values(&fields);
        let title = format!("New {} block", block_type.name);
        let intro = block_type.description.clone();
        provide_context(BlockChoices(Arc::new(choices.clone())));
        let form_fields = vec![
            FormField::new(NAME, "Name", FieldInput::Text)
                .hint("Lowercase letters, numbers and dashes; unique for its type."),
            data_field(&fields),
        ];
        let navigate = navigate.clone();
        let plan: Planner = Arc::new(move |values: &FormValues| {
            let fields = built.clone().map_err(unreadable)?;
            let (body, lines) = block_create(&block_type, &schema, &fields, values, &choices)?;
            let navigate = navigate.clone();
            let paths = paths(&fields);
            Ok(FormPlan {
                lines,
                send: Box::new(move |client| {
                    Box::pin(async move {
                        let name = body.name.clone();
                        let id = create_block_document(client, body, paths).await?;
                        navigate(&context.href(&routes::block(id)), Default::default());
                        Ok(format!("Created the block {name}"))
                    }) as FormFuture
                }),
            })
        });
        view! {
            <FormDialog
                label="Create…"
                testid="new-block"
                title
                save="Create block"
                fields=form_fields
                initial=Signal::stored(initial)
                plan
                state
                topics=vec![Topic::Blocks]
                opener
                intro=intro
            />
        }
        .into_any()
    };
    let block_type = StoredValue::new(block_type);
    view! {
        <LoadedForm
            what="the block type's schema"
            topic=Topic::Choices
            load=move |client| new_block(client, block_type.get_value())
            form
            opener
        />
    }
}

/// "Edit…" a block's values; its secrets start empty and, left so, keep what is stored.
#[component]
pub fn EditBlock(
    /// The block as its page shows it (secrets masked by the server).
    doc: BlockDocument,
    /// The action group the answer goes to.
    state: ActionState,
    /// Opens the form on each bump (the page's button, which fetched it).
    opener: ReadSignal<u32>,
) -> impl IntoView {
    let doc = Arc::new(doc);
    let form = {
        let doc = doc.clone();
        move |choices: Choices, opener: ReadSignal<u32>| {
            let schema = doc
                .block_schema
                .as_ref()
                .map(|s| s.fields.clone())
                .unwrap_or_default();
            let built = form_fields(&schema, true);
            let fields = built.clone().unwrap_or_default();
            let initial = edit_values(&fields, &doc);
            let name = doc.name.clone().unwrap_or_else(|| doc.id.to_string());
            provide_context(BlockChoices(Arc::new(choices.clone())));
            let doc = doc.clone();
            let plan: Planner = Arc::new(move |values: &FormValues| {
                let fields = built.clone().map_err(unreadable)?;
                let (body, lines) = block_update(&doc, &fields, values, &choices)?;
                let (id, name, paths) =
                    (doc.id, doc.name.clone().unwrap_or_default(), paths(&fields));
                Ok(FormPlan {
                    lines,
                    send: Box::new(move |client| {
                        Box::pin(update_block_document(client, id, name, body, paths))
                    }),
                })
            });
            view! {
                <FormDialog
                    label="Edit…"
                    testid="edit-block"
                    title=format!("Edit the block {name}")
                    save="Save"
                    fields=vec![data_field(&fields)]
                    initial=Signal::stored(initial)
                    plan
                    state
                    topics=vec![Topic::Blocks]
                    opener
                />
            }
            .into_any()
        }
    };
    view! {
        <LoadedForm
            what="the blocks it can refer to"
            topic=Topic::Blocks
            load=move |client| edit_block(client, (*doc).clone())
            form
            opener
        />
    }
}
