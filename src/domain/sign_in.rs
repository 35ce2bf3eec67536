//! What the shell must ask of the user before pages can load: a Cloud workspace to pick, or
//! credentials, and which form asks for them.

use super::connection::Connection;
use crate::config::{AuthMode, Target, TargetKind, TargetScope};
use crate::url::{host_of, is_loopback};

/// A Prefect Cloud account in the address without a workspace: only the workspace list and
/// settings can be shown.
pub fn needs_workspace(target: &Target, scope: &TargetScope) -> bool {
    target.kind == TargetKind::Cloud && scope.workspace.is_none()
}

/// The server asked for credentials.
pub fn needs_sign_in(connection: &Connection) -> bool {
    matches!(connection, Connection::Unauthorized { .. })
}

/// Credentials were sent and the server still asked for them: the form says so.
pub fn credentials_rejected(connection: &Connection, has_credentials: bool) -> bool {
    needs_sign_in(connection) && has_credentials
}

/// The sign-in form for a target's auth mode: an API key for bearer targets (Prefect Cloud),
/// a username and password otherwise (a 401 from a server configured as `none` means it has
/// an auth string).
pub fn sign_in_form(auth: AuthMode) -> AuthMode {
    match auth {
        AuthMode::Bearer => AuthMode::Bearer,
        AuthMode::Basic | AuthMode::None => AuthMode::Basic,
    }
}

/// Where a target's credentials go, for the sign-in prompt and Settings: the host of its
/// resolved API base, and a warning when that is plain http to another machine (anyone on
/// the way can read them).
pub fn credentials_destination(resolved_api_base: &str) -> (String, Option<String>) {
    let host = host_of(resolved_api_base).unwrap_or_else(|| resolved_api_base.to_string());
    let plain = resolved_api_base
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    let warning = (plain && !is_loopback(&host)).then(|| {
        format!(
            "Credentials for this target go to {host} over plain http: anyone on the network \
             path can read them. Serve the dashboard and the API over https."
        )
    });
    (host, warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_destination_names_the_host_and_warns_of_plain_http_elsewhere() {
        let (host, warning) = credentials_destination("https://prefect.example/api");
        assert_eq!((host.as_str(), warning), ("prefect.example", None));
        let (host, warning) = credentials_destination("http://127.0.0.1:4200/api");
        assert_eq!((host.as_str(), warning), ("127.0.0.1:4200", None));
        let (host, warning) = credentials_destination("HTTP://prefect.lan:4200/api");
        assert_eq!(host, "prefect.lan:4200");
        assert!(warning.is_some_and(|w| w.contains("prefect.lan:4200") && w.contains("plain http")));
    }
    use crate::config::{scope_from_path, Config};

    #[test]
    fn cloud_without_a_workspace_asks_for_one() {
        let config = Config::parse("http://h/config.json", r#"{"kind": "cloud"}"#).expect("config");
        let cloud = &config.targets()[0];
        assert!(needs_workspace(cloud, &TargetScope::main()));
        let a = "00000000-0000-0000-0000-00000000000a";
        let chosen = scope_from_path(&format!("/@main/{a}/{a}/"));
        assert!(!needs_workspace(cloud, &chosen));
        let server = &Config::default().targets()[0];
        assert!(!needs_workspace(server, &TargetScope::main()));
    }

    #[test]
    fn sign_in_rules() {
        let asked = Connection::Unauthorized {
            detail: "Unauthorized".into(),
        };
        let ok = Connection::Connected {
            version: "3.8.8".into(),
        };
        assert!(needs_sign_in(&asked) && !needs_sign_in(&ok));
        assert!(credentials_rejected(&asked, true));
        assert!(!credentials_rejected(&asked, false) && !credentials_rejected(&ok, true));
        assert_eq!(sign_in_form(AuthMode::Bearer), AuthMode::Bearer);
        assert_eq!(sign_in_form(AuthMode::None), AuthMode::Basic);
        assert_eq!(sign_in_form(AuthMode::Basic), AuthMode::Basic);
    }
}
