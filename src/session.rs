//! Which credentials a target is asked with, and the client for a target in a scope: what
//! the user stored (sessionStorage, or localStorage when they ticked "Remember"), kept per
//! target and per deployment of the dashboard, so one Cloud key serves all its workspaces
//! and two dashboards under different sub-paths of one origin never read each other's.

use crate::api::{auth, Credentials, PrefectClient, ServerFacts};
use crate::config::{scope_api_base, Target, TargetKind, TargetScope};
use crate::platform;
use crate::url::resolve_url;

fn key(base_uri: &str, target: &Target) -> String {
    auth::storage_key(base_uri, &resolve_url(base_uri, &target.api_base))
}

/// Writes (or forgets) a target's credentials.
pub fn store_credentials(
    base_uri: &str,
    target: &Target,
    credentials: Option<&Credentials>,
    remember: bool,
) {
    let key = key(base_uri, target);
    match credentials {
        Some(credentials) => platform::write_secret(&key, &credentials.to_storage(), remember),
        None => platform::forget_secret(&key),
    }
}

/// A target's credentials: what the user stored for it.
pub fn target_credentials(base_uri: &str, target: &Target) -> Option<Credentials> {
    platform::read_secret(&key(base_uri, target)).and_then(|text| Credentials::from_storage(&text))
}

/// A client for a target in a scope (a Cloud workspace or the target itself).
pub fn target_client(base_uri: &str, target: &Target, scope: &TargetScope) -> PrefectClient {
    let root = resolve_url(base_uri, &target.api_base);
    let client = PrefectClient::new(scope_api_base(target, &root, scope));
    client.set_credentials(target_credentials(base_uri, target));
    if target.kind == TargetKind::Cloud {
        // Prefect Cloud has no CSRF tokens, no logs stream and no settings endpoint.
        client.assume_facts(ServerFacts::cloud());
    }
    client
}
