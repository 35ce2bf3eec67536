//! The shell's loaders: `config.json`, the connection check in the header, and the active
//! Cloud workspace's handle.

use crate::api::{fetch_text, ApiError, PrefectClient};
use crate::config::{Config, ConfigError};
use crate::domain::connection::Connection;
use crate::platform;
use crate::schemas::Workspace;
use crate::url::resolve_url;
use futures::future::join;
use uuid::Uuid;

/// Fetches and parses `config.json` next to the page (or takes the answer the head script
/// asked for while the app downloaded: one round trip less on a cold load).
pub async fn config(base_uri: String) -> Result<Config, ConfigError> {
    let url = resolve_url(&base_uri, "config.json");
    let (status, text) = match platform::prefetched_text("config", &url).await {
        Some(answer) => answer,
        None => fetch_text(&url)
            .await
            .map_err(|message| ConfigError::Unreachable {
                url: url.clone(),
                message,
            })?,
    };
    if !(200..300).contains(&status) {
        return Err(ConfigError::Status { url, status });
    }
    Config::parse(&url, &text)
}

/// Checks a Cloud account (no workspace chosen): `GET /me/workspaces` with its key.
pub async fn cloud_connection(client: PrefectClient) -> Connection {
    match client.me_workspaces().await {
        Ok(_) => Connection::Connected {
            version: "Cloud".into(),
        },
        Err(error) => Connection::from_checks(&Ok(true), &Err(error)),
    }
}

/// Checks the server: `GET /admin/version` (behind auth). Only when that fails for a reason
/// other than credentials or the network does `GET /health` tell a server that is up from one
/// that is not, so a healthy page load costs one request, not two. The server's settings
/// (which every POST needs first: CSRF) are read beside it, not after it once the page has
/// mounted: one round trip less before a cold page asks for its data.
pub async fn server_connection(client: PrefectClient) -> Connection {
    let (version, _) = join(client.admin_version(), client.server_facts()).await;
    let health = if Connection::needs_health_check(&version) {
        client.health().await
    } else {
        Ok(true)
    };
    Connection::from_checks(&health, &version)
}

/// The handle (`account/workspace`) of a Cloud workspace, from the account's list.
/// The Cloud workspaces an account's API key sees.
pub async fn cloud_workspaces(account_client: PrefectClient) -> Result<Vec<Workspace>, ApiError> {
    account_client.me_workspaces().await
}

/// The server's settings, asked early so a page's first change does not wait for them
/// (`pages::lazy` starts this while a page's code downloads).
pub async fn warm_server_facts(client: PrefectClient) {
    client.server_facts().await;
}

pub async fn workspace_handle(
    account_client: PrefectClient,
    account: Uuid,
    workspace: Uuid,
) -> Option<String> {
    let all = account_client.me_workspaces().await.ok()?;
    all.into_iter()
        .find(|w| w.account_id == account && w.workspace_id == workspace)
        .map(|w| w.handle())
}
