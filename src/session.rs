//! Which credentials a target is asked with, and the client for a target in a scope: the
//! API key from `config.json`, else what the user stored (sessionStorage, or localStorage when
//! they ticked "Remember"), kept per target so one Cloud key serves all its workspaces.

use crate::api::{auth, Credentials, PrefectClient};
use crate::config::{scope_api_base, Target, TargetScope};
use crate::platform;
use crate::url::resolve_url;

/// Writes (or forgets) a target's credentials, kept by its resolved root API base.
pub fn store_credentials(root_api_base: &str, credentials: Option<&Credentials>, remember: bool) {
    let key = auth::storage_key(root_api_base);
    match credentials {
        Some(credentials) => platform::write_secret(&key, &credentials.to_storage(), remember),
        None => platform::forget_secret(&key),
    }
}

/// A target's credentials: its key from config.json, else what the user stored.
pub fn target_credentials(root_api_base: &str, target: &Target) -> Option<Credentials> {
    match &target.api_key {
        Some(key) => Some(Credentials::Bearer {
            api_key: key.0.clone(),
        }),
        None => platform::read_secret(&auth::storage_key(root_api_base))
            .and_then(|text| Credentials::from_storage(&text)),
    }
}

/// A client for a target in a scope (a Cloud workspace or the target itself).
pub fn target_client(base_uri: &str, target: &Target, scope: &TargetScope) -> PrefectClient {
    let root = resolve_url(base_uri, &target.api_base);
    let client = PrefectClient::new(scope_api_base(target, &root, scope));
    client.set_credentials(target_credentials(&root, target));
    client
}
