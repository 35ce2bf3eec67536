//! What the block forms load and send: a block type's newest schema with the saved blocks
//! its nested blocks can be, a new block, an edit, and deletes with what refers to the
//! blocks deleted. Secrets are never asked for in clear.

use super::actions::delete_each;
use super::requests::{block_documents_of_types, block_documents_page};
use crate::api::{ApiError, PrefectClient};
use crate::domain::block_forms::{
    automations_using, choices, form_fields, referenced_types, referrers, Choices, Referrers,
    BLOCK_FIELDS, NAME,
};
use crate::domain::forms::{server_errors, FormError};
use crate::schemas::actions::{BlockDocumentCreate, BlockDocumentUpdate};
use crate::schemas::{BlockDocument, BlockSchema, BlockType, MAX_LIMIT};
use uuid::Uuid;

/// A new block's form: its type, the type's newest schema, and the choices of its nested
/// blocks.
#[derive(Clone, Debug)]
pub struct NewBlock {
    pub block_type: BlockType,
    pub schema: BlockSchema,
    pub choices: Choices,
}

/// The newest schema of `block_type` and the saved blocks its nested blocks can be.
pub async fn new_block(client: PrefectClient, block_type: BlockType) -> Result<NewBlock, ApiError> {
    let schema = client
        .get_most_recent_block_schema_for_block_type(block_type.id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Decode {
            endpoint: "/block_schemas/filter".into(),
            message: format!("the block type {} has no schema", block_type.name),
        })?;
    let choices = nested_choices(&client, &schema.fields).await?;
    Ok(NewBlock {
        block_type,
        schema,
        choices,
    })
}

/// The saved blocks the schema's nested blocks can be (nothing to load when it has none).
pub async fn nested_choices(
    client: &PrefectClient,
    schema: &crate::schemas::wire::JsonObject,
) -> Result<Choices, ApiError> {
    let slugs = form_fields(schema, false)
        .map(|fields| referenced_types(&fields))
        .unwrap_or_default();
    if slugs.is_empty() {
        return Ok(Choices::new());
    }
    let documents = client
        .block_documents_filter(&block_documents_of_types(&slugs))
        .await?;
    Ok(choices(&documents))
}

/// An edit's choices: the saved blocks the document's nested blocks can be.
pub async fn edit_block(client: PrefectClient, doc: BlockDocument) -> Result<Choices, ApiError> {
    let schema = doc.block_schema.map(|s| s.fields).unwrap_or_default();
    nested_choices(&client, &schema).await
}

/// The paths the server's refusals land on: the name, the data, and each input.
fn refusal_paths(fields: Vec<String>) -> Vec<String> {
    BLOCK_FIELDS
        .iter()
        .map(|f| f.to_string())
        .chain(fields)
        .collect()
}

/// Saves a new block; the answer is its id. A name taken for its type (409) or refused
/// (422) shows beside the name, a field the server refuses beside that field.
pub async fn create_block_document(
    client: PrefectClient,
    body: BlockDocumentCreate,
    fields: Vec<String>,
) -> Result<Uuid, FormError> {
    let paths = refusal_paths(fields);
    client
        .create_block_document(&body)
        .await
        .map(|doc| doc.id)
        .map_err(|e| server_errors(e, &paths, Some(NAME)))
}

/// Saves a block's edit.
pub async fn update_block_document(
    client: PrefectClient,
    id: Uuid,
    name: String,
    body: BlockDocumentUpdate,
    fields: Vec<String>,
) -> Result<String, FormError> {
    let paths = refusal_paths(fields);
    client
        .update_block_document(id, &body)
        .await
        .map_err(|e| server_errors(e, &paths, None))?;
    Ok(format!("Saved the block {name}"))
}

/// What refers to the blocks `ids` (the first 200 blocks by name are checked).
pub async fn block_referrers(client: PrefectClient, ids: Vec<Uuid>) -> Result<Referrers, ApiError> {
    let (documents, automations) = futures::future::join(
        client.block_documents_filter(&block_documents_page("", None, Some(1), MAX_LIMIT)),
        client.automations_filter(),
    )
    .await;
    let documents = documents?;
    Ok(Referrers {
        blocks: referrers(&documents, &ids),
        more_blocks: documents.len() >= MAX_LIMIT as usize,
        automations: automations_using(&automations?, &ids),
    })
}

/// Deletes the blocks, one call each; says which went.
pub async fn delete_block_documents(
    client: PrefectClient,
    blocks: Vec<(Uuid, String)>,
) -> Result<String, ApiError> {
    delete_each(&client, blocks, |id| client.delete_block_document(id)).await
}
