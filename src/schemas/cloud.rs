//! Prefect Cloud: `Workspace` (from `GET /api/me/workspaces`) and the IP allowlist.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Prefect Cloud's API and UI bases; configurable for other Cloud regions or test gateways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudUrls {
    /// `PREFECT_CLOUD_API_URL`, e.g. `https://api.prefect.cloud/api`.
    pub api: String,
    /// `PREFECT_CLOUD_UI_URL`, e.g. `https://app.prefect.cloud`.
    pub ui: String,
}

impl Default for CloudUrls {
    fn default() -> Self {
        CloudUrls {
            api: "https://api.prefect.cloud/api".to_string(),
            ui: "https://app.prefect.cloud".to_string(),
        }
    }
}

/// A Prefect Cloud workspace the API key can see (`Workspace`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub account_id: Uuid,
    pub account_name: String,
    pub account_handle: String,
    pub workspace_id: Uuid,
    pub workspace_name: String,
    pub workspace_description: String,
    pub workspace_handle: String,
}

impl Workspace {
    /// `account_handle/workspace_handle`.
    pub fn handle(&self) -> String {
        format!("{}/{}", self.account_handle, self.workspace_handle)
    }

    /// The workspace's API base: `{api}/accounts/{account_id}/workspaces/{workspace_id}`.
    pub fn api_url(&self, urls: &CloudUrls) -> String {
        workspace_api_url(&urls.api, self.account_id, self.workspace_id)
    }

    /// The workspace in Prefect's own UI: `{ui}/account/{account_id}/workspace/{workspace_id}`.
    pub fn ui_url(&self, urls: &CloudUrls) -> String {
        format!(
            "{}/account/{}/workspace/{}",
            urls.ui.trim_end_matches('/'),
            self.account_id,
            self.workspace_id
        )
    }
}

/// `Workspace::api_url` from the ids alone (what the dashboard's address carries).
pub fn workspace_api_url(api: &str, account_id: Uuid, workspace_id: Uuid) -> String {
    format!(
        "{}/accounts/{account_id}/workspaces/{workspace_id}",
        api.trim_end_matches('/')
    )
}

impl std::hash::Hash for Workspace {
    /// Prefect hashes a workspace by its handle.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.handle().hash(state);
    }
}

/// One allowed network (`IPAllowlistEntry`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IPAllowlistEntry {
    /// An IP network such as `10.0.0.0/8`.
    pub ip_network: String,
    pub enabled: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// A string on the wire, not a datetime.
    #[serde(default)]
    pub last_seen: Option<String>,
}

/// An account's IP allowlist (`IPAllowlist`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IPAllowlist {
    pub entries: Vec<IPAllowlistEntry>,
}

/// Whether the caller's address is allowed (`IPAllowlistMyAccessResponse`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IPAllowlistMyAccessResponse {
    pub allowed: bool,
    pub detail: String,
}
