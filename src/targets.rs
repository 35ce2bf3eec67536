//! Targets: the Prefect servers and Cloud accounts one dashboard watches, from `config.json`,
//! and which one a page talks to, read from the address (`/@<target>/…` for a configured
//! target, `/@<target>/<account_id>/<workspace_id>/…` for a Cloud workspace). Pure.

use crate::config::{AuthMode, Config, ConfigError};
use crate::schemas::cloud::workspace_api_url;
use crate::schemas::{CloudUrls, Workspace};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What a target is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// A Prefect server (self-hosted): its API base is a workspace already.
    #[default]
    Server,
    /// A Prefect Cloud API base: workspaces are listed by `GET /me/workspaces`.
    Cloud,
}

/// A Prefect Cloud API key from `config.json`; never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(pub String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(redacted)")
    }
}

/// One more server or Cloud account in `config.json`'s `targets`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// Display name, e.g. "Staging" or "Acme Cloud".
    pub name: String,
    /// Prefect API base (absolute, root-relative or page-relative, as `api_base`).
    pub api_base: String,
    #[serde(default)]
    pub auth: AuthMode,
    #[serde(default)]
    pub kind: TargetKind,
    /// A Cloud API key in the file (only if the operator wants it there).
    #[serde(default)]
    pub api_key: Option<ApiKey>,
    /// Prefect Cloud's UI, for links to a workspace (default `https://app.prefect.cloud`).
    #[serde(default)]
    pub cloud_ui_url: Option<String>,
}

/// A target with its address slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `main` for the top-level target; a slug of the name for the others.
    pub slug: String,
    pub name: String,
    pub api_base: String,
    pub auth: AuthMode,
    pub kind: TargetKind,
    pub api_key: Option<ApiKey>,
    pub cloud_ui_url: String,
}

/// The slug of the top-level target.
pub const MAIN: &str = "main";
const DEFAULT_CLOUD_UI: &str = "https://app.prefect.cloud";

/// `Acme Cloud (EU)` -> `acme-cloud-eu`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Target {
    /// Bearer for Cloud whatever `auth` says: Cloud only takes API keys.
    pub fn auth_mode(&self) -> AuthMode {
        match self.kind {
            TargetKind::Cloud => AuthMode::Bearer,
            TargetKind::Server => self.auth,
        }
    }

    /// The Cloud URLs for `Workspace::api_url` / `ui_url`, from the resolved API base.
    pub fn cloud_urls(&self, resolved_api_base: &str) -> CloudUrls {
        CloudUrls {
            api: resolved_api_base.to_string(),
            ui: self.cloud_ui_url.clone(),
        }
    }

    /// The app path of this target (or one of its workspaces) under the deploy base.
    pub fn path(&self, workspace: Option<&Workspace>) -> String {
        match (self.slug.as_str(), workspace) {
            (MAIN, None) => "/".to_string(),
            (slug, None) => format!("/@{slug}/"),
            (slug, Some(w)) => format!("/@{slug}/{}/{}/", w.account_id, w.workspace_id),
        }
    }
}

impl Config {
    /// Every target: the top-level one first (slug `main`), then `targets` in order.
    pub fn targets(&self) -> Vec<Target> {
        let main = Target {
            slug: MAIN.to_string(),
            name: self.name.clone().unwrap_or_else(|| match self.kind {
                TargetKind::Server => "This server".to_string(),
                TargetKind::Cloud => "Prefect Cloud".to_string(),
            }),
            api_base: self.api_base.clone(),
            auth: self.auth,
            kind: self.kind,
            api_key: self.api_key.clone(),
            cloud_ui_url: self
                .cloud_ui_url
                .clone()
                .unwrap_or_else(|| DEFAULT_CLOUD_UI.into()),
        };
        let more = self.targets.iter().map(|t| Target {
            slug: slug(&t.name),
            name: t.name.clone(),
            api_base: t.api_base.clone(),
            auth: t.auth,
            kind: t.kind,
            api_key: t.api_key.clone(),
            cloud_ui_url: t
                .cloud_ui_url
                .clone()
                .unwrap_or_else(|| DEFAULT_CLOUD_UI.into()),
        });
        std::iter::once(main).chain(more).collect()
    }

    /// `targets` rules: a name that makes a slug, unique slugs, a usable API base.
    pub fn validate_targets(&self) -> Result<(), String> {
        let mut seen = vec![MAIN.to_string()];
        for target in &self.targets {
            let s = slug(&target.name);
            if s.is_empty() {
                return Err(format!(
                    "target name {:?} needs a letter or digit",
                    target.name
                ));
            }
            if seen.contains(&s) {
                return Err(format!(
                    "two targets are both called {s:?} in the address; rename one"
                ));
            }
            crate::config::check_api_base(&format!("targets[{s}].api_base"), &target.api_base)?;
            seen.push(s);
        }
        Ok(())
    }
}

/// Which target (and Cloud workspace) the address names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub slug: String,
    pub workspace: Option<(Uuid, Uuid)>,
}

impl Scope {
    pub fn main() -> Scope {
        Scope {
            slug: MAIN.to_string(),
            workspace: None,
        }
    }

    /// The part of the address this scope takes, e.g. `/@acme/<account>/<workspace>`.
    pub fn prefix(&self) -> String {
        match (&self.slug[..], self.workspace) {
            (MAIN, None) => String::new(),
            (MAIN, Some((a, w))) => format!("/@{MAIN}/{a}/{w}"),
            (slug, None) => format!("/@{slug}"),
            (slug, Some((a, w))) => format!("/@{slug}/{a}/{w}"),
        }
    }
}

/// Reads the scope from a path below the deploy base (`/@acme/<a>/<w>/flow-runs` ->
/// acme's workspace). Anything else is the main target.
pub fn scope_from_path(path: &str) -> Scope {
    let mut parts = path.trim_start_matches('/').split('/');
    let Some(slug) = parts.next().and_then(|p| p.strip_prefix('@')) else {
        return Scope::main();
    };
    if slug.is_empty() {
        return Scope::main();
    }
    let account = parts.next().and_then(|p| Uuid::parse_str(p).ok());
    let workspace = parts.next().and_then(|p| Uuid::parse_str(p).ok());
    Scope {
        slug: slug.to_string(),
        workspace: account.zip(workspace),
    }
}

/// The API base a scope talks to: a server's own base, or a Cloud workspace's.
pub fn scope_api_base(target: &Target, resolved_api_base: &str, scope: &Scope) -> String {
    match (target.kind, scope.workspace) {
        (TargetKind::Cloud, Some((account, workspace))) => {
            workspace_api_url(resolved_api_base, account, workspace)
        }
        _ => resolved_api_base.to_string(),
    }
}

/// Parses `config.json` with its targets (the one entry point the shell uses).
pub fn parse_config(url: &str, text: &str) -> Result<Config, ConfigError> {
    let config = Config::parse(url, text)?;
    config
        .validate_targets()
        .map_err(|message| ConfigError::Invalid {
            url: url.to_string(),
            message,
        })?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://h/config.json";

    #[test]
    fn targets_come_from_the_top_level_and_the_list() {
        let config = parse_config(
            URL,
            r#"{"name": "Acme", "kind": "cloud", "api_base": "api", "api_key": "pnu_secret",
                "targets": [{"name": "Staging (EU)", "api_base": "https://s.example/api", "auth": "basic"}]}"#,
        )
        .expect("parses");
        let targets = config.targets();
        assert_eq!(targets.len(), 2);
        assert_eq!(targets[0].slug, "main");
        assert_eq!(targets[0].kind, TargetKind::Cloud);
        assert_eq!(targets[0].auth_mode(), AuthMode::Bearer);
        assert_eq!(targets[0].cloud_ui_url, "https://app.prefect.cloud");
        assert_eq!(targets[1].slug, "staging-eu");
        assert_eq!(targets[1].auth_mode(), AuthMode::Basic);
        assert!(
            !format!("{config:?}").contains("pnu_secret"),
            "keys never print"
        );
    }

    #[test]
    fn bad_targets_are_clear_errors() {
        for (text, needle) in [
            (
                r#"{"targets": [{"name": "!!", "api_base": "x"}]}"#,
                "needs a letter",
            ),
            (
                r#"{"targets": [{"name": "A b", "api_base": "x"}, {"name": "a-B", "api_base": "y"}]}"#,
                "both called \"a-b\"",
            ),
            (
                r#"{"targets": [{"name": "Main", "api_base": "x"}]}"#,
                "both called",
            ),
            (r#"{"targets": [{"name": "x", "api_base": " "}]}"#, "empty"),
            (
                r#"{"targets": [{"name": "x", "api_base": "https://u:p@h/api"}]}"#,
                "credentials",
            ),
            (r#"{"targets": [{"name": "x"}]}"#, "api_base"),
        ] {
            let err = parse_config(URL, text).expect_err(text);
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn scopes_read_from_the_address() {
        assert_eq!(scope_from_path("/"), Scope::main());
        assert_eq!(scope_from_path("/flow-runs"), Scope::main());
        assert_eq!(scope_from_path("/@/x"), Scope::main());
        let a = "00000000-0000-0000-0000-00000000000a";
        let w = "00000000-0000-0000-0000-00000000000b";
        let scope = scope_from_path(&format!("/@acme/{a}/{w}/flow-runs"));
        assert_eq!(scope.slug, "acme");
        assert_eq!(
            scope.workspace.map(|(a, w)| (a.to_string(), w.to_string())),
            Some((a.to_string(), w.to_string()))
        );
        assert_eq!(scope.prefix(), format!("/@acme/{a}/{w}"));
        let staging = scope_from_path("/@staging/deployments");
        assert_eq!(staging.workspace, None);
        assert_eq!(staging.prefix(), "/@staging");
        assert_eq!(Scope::main().prefix(), "");
    }

    #[test]
    fn a_cloud_workspace_scope_talks_to_its_workspace() {
        let config = parse_config(URL, r#"{"kind": "cloud"}"#).expect("parses");
        let target = &config.targets()[0];
        let scope = scope_from_path(
            "/@main/00000000-0000-0000-0000-00000000000a/00000000-0000-0000-0000-00000000000b/",
        );
        assert_eq!(
            scope_api_base(target, "http://h/api/", &scope),
            "http://h/api/accounts/00000000-0000-0000-0000-00000000000a/workspaces/00000000-0000-0000-0000-00000000000b"
        );
        assert_eq!(
            scope_api_base(target, "http://h/api", &Scope::main()),
            "http://h/api"
        );
        assert_eq!(slug("Acme Cloud (EU)"), "acme-cloud-eu");
    }
}
