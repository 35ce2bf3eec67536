//! Blocks: `BlockType`, `BlockSchema`, `BlockSchemaReference`, `BlockDocument`,
//! `BlockDocumentReference`.

use super::wire::{
    validate_lowercase_dashes, validate_name, JsonObject, Timestamp, ValidationError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A kind of block (`BlockType`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockType {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub logo_url: Option<String>,
    #[serde(default)]
    pub documentation_url: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub code_example: Option<String>,
    #[serde(default)]
    pub is_protected: bool,
}

/// The schema of a block type's fields (`BlockSchema`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockSchema {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub checksum: String,
    #[serde(default)]
    pub fields: JsonObject,
    /// Required key that may be null.
    #[serde(default)]
    pub block_type_id: Option<Uuid>,
    #[serde(default)]
    pub block_type: Option<BlockType>,
    #[serde(default)]
    pub capabilities: Vec<String>,
    #[serde(default = "non_versioned")]
    pub version: String,
}

fn non_versioned() -> String {
    "non-versioned".to_string()
}

/// A schema nested in another (`BlockSchemaReference`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockSchemaReference {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub parent_block_schema_id: Uuid,
    #[serde(default)]
    pub parent_block_schema: Option<BlockSchema>,
    pub reference_block_schema_id: Uuid,
    #[serde(default)]
    pub reference_block_schema: Option<BlockSchema>,
    pub name: String,
}

/// A configured block (`BlockDocument`). Secret fields arrive masked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockDocument {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub data: JsonObject,
    pub block_schema_id: Uuid,
    #[serde(default)]
    pub block_schema: Option<BlockSchema>,
    pub block_type_id: Uuid,
    #[serde(default)]
    pub block_type_name: Option<String>,
    #[serde(default)]
    pub block_type: Option<BlockType>,
    #[serde(default)]
    pub block_document_references: BTreeMap<String, JsonObject>,
    #[serde(default)]
    pub is_anonymous: bool,
}

impl BlockDocument {
    /// A name is required unless anonymous, and must be lowercase letters, digits, dashes.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match &self.name {
            None if !self.is_anonymous => Err(ValidationError {
                field: "name",
                message: "Names must be provided for block documents.".into(),
            }),
            Some(name) if name.is_empty() && !self.is_anonymous => Err(ValidationError {
                field: "name",
                message: "Names must be provided for block documents.".into(),
            }),
            Some(name) if !name.is_empty() => {
                validate_name("name", name)?;
                validate_lowercase_dashes("name", "Block document name", name)
            }
            _ => Ok(()),
        }
    }
}

/// A block document nested in another (`BlockDocumentReference`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockDocumentReference {
    #[serde(default)]
    pub id: Uuid,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    pub parent_block_document_id: Uuid,
    #[serde(default)]
    pub parent_block_document: Option<BlockDocument>,
    pub reference_block_document_id: Uuid,
    #[serde(default)]
    pub reference_block_document: Option<BlockDocument>,
    pub name: String,
}

impl BlockDocumentReference {
    /// The parent and the reference must differ.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.parent_block_document_id == self.reference_block_document_id {
            return Err(ValidationError {
                field: "reference_block_document_id",
                message: "`parent_block_document_id` and `reference_block_document_id` cannot be the same".into(),
            });
        }
        Ok(())
    }
}
