//! Targets: the Prefect servers and Cloud accounts one dashboard watches, from `config.json`'s
//! top level and its `targets` list. Pure.

use super::{check_api_base, check_no_key, check_web_url, AuthMode, Config};
use crate::schemas::{CloudUrls, Workspace};
use serde::{Deserialize, Serialize};
use std::fmt;

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
    /// Read only to be refused (see `Config::api_key`).
    #[serde(default)]
    pub api_key: Option<ApiKey>,
    /// Prefect Cloud's UI, for links to a workspace (default `https://app.prefect.cloud`).
    #[serde(default)]
    pub cloud_ui_url: Option<String>,
    /// No action for this target (the top-level `read_only` covers every target).
    #[serde(default)]
    pub read_only: bool,
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
    pub cloud_ui_url: String,
    /// Actions are off for this target.
    pub read_only: bool,
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

/// Every target: the top-level one first (slug `main`), then `targets` in order.
pub(super) fn all(config: &Config) -> Vec<Target> {
    let main = Target {
        slug: MAIN.to_string(),
        name: config.name.clone().unwrap_or_else(|| match config.kind {
            TargetKind::Server => "This server".to_string(),
            TargetKind::Cloud => "Prefect Cloud".to_string(),
        }),
        api_base: config.api_base.clone(),
        auth: config.auth,
        kind: config.kind,
        cloud_ui_url: config
            .cloud_ui_url
            .clone()
            .unwrap_or_else(|| DEFAULT_CLOUD_UI.into()),
        read_only: config.read_only,
    };
    let more = config.targets.iter().map(|t| Target {
        slug: slug(&t.name),
        name: t.name.clone(),
        api_base: t.api_base.clone(),
        auth: t.auth,
        kind: t.kind,
        cloud_ui_url: t
            .cloud_ui_url
            .clone()
            .unwrap_or_else(|| DEFAULT_CLOUD_UI.into()),
        read_only: config.read_only || t.read_only,
    });
    std::iter::once(main).chain(more).collect()
}

/// `targets` rules: a name that makes a slug, unique slugs, a usable API base.
pub(super) fn validate(targets: &[TargetConfig]) -> Result<(), String> {
    let mut seen = vec![MAIN.to_string()];
    for target in targets {
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
        check_api_base(&format!("targets[{s}].api_base"), &target.api_base)?;
        check_no_key(&format!("targets[{s}].api_key"), target.api_key.as_ref())?;
        if let Some(url) = &target.cloud_ui_url {
            check_web_url(&format!("targets[{s}].cloud_ui_url"), url)?;
        }
        seen.push(s);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://h/config.json";

    #[test]
    fn targets_come_from_the_top_level_and_the_list() {
        let config = Config::parse(
            URL,
            r#"{"name": "Acme", "kind": "cloud", "api_base": "api",
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
    }

    #[test]
    fn no_key_and_no_script_url_is_accepted_anywhere() {
        for (text, needle) in [
            (
                r#"{"api_key": "pnu_secret"}"#,
                "api_key must not be in config.json",
            ),
            (
                r#"{"targets": [{"name": "b", "api_base": "b", "api_key": "pnu_secret"}]}"#,
                "targets[b].api_key must not be in config.json",
            ),
            (
                r#"{"cloud_ui_url": "javascript:alert(1)"}"#,
                "cloud_ui_url must be an http",
            ),
            (
                r#"{"cloud_ui_url": "JAVASCRIPT:x"}"#,
                "cloud_ui_url must be an http",
            ),
            (
                r#"{"cloud_ui_url": "https://"}"#,
                "cloud_ui_url must be an http",
            ),
            (
                r#"{"targets": [{"name": "b", "api_base": "b", "cloud_ui_url": "data:text/html,x"}]}"#,
                "targets[b].cloud_ui_url must be an http",
            ),
            (
                r#"{"api_base": "javascript:alert(1)"}"#,
                "api_base must be an http",
            ),
            (r#"{"api_base": "ftp://h/api"}"#, "api_base must be an http"),
        ] {
            let error = Config::parse(URL, text).expect_err(text).to_string();
            assert!(error.contains(needle), "{text}: {error}");
            assert!(
                !error.contains("pnu_secret"),
                "the key is not echoed: {error}"
            );
        }
        for ok in [
            r#"{"cloud_ui_url": "HTTPS://app.example"}"#,
            r#"{"api_base": "/api"}"#,
            r#"{"api_base": "prefect/api"}"#,
            r#"{"api_base": "http://127.0.0.1:4200/api"}"#,
        ] {
            assert!(Config::parse(URL, ok).is_ok(), "{ok}");
        }
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
            let err = Config::parse(URL, text).expect_err(text);
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn read_only_applies_to_every_target_or_to_one() {
        let all = Config::parse(
            URL,
            r#"{"read_only": true, "targets": [{"name": "b", "api_base": "b"}]}"#,
        )
        .expect("parses");
        assert!(all.targets().iter().all(|t| t.read_only));
        let one = Config::parse(
            URL,
            r#"{"targets": [{"name": "b", "api_base": "b", "read_only": true}]}"#,
        )
        .expect("parses");
        let targets = one.targets();
        assert!(!targets[0].read_only && targets[1].read_only);
    }
}
