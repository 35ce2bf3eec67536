//! Runtime configuration: `config.json`, read next to `index.html` at start-up, so one build
//! serves any server and any sub-path. `Config::parse` is the one entry: it validates every
//! value, the `targets` list included. Pure.

pub mod scope;
mod targets;

pub use scope::{scope_api_base, scope_from_path, TargetScope};
use serde::{Deserialize, Serialize};
pub use targets::{slug, ApiKey, Target, TargetConfig, TargetKind, MAIN};

/// API base used when `config.json` does not set one: relative, so it follows the page's
/// sub-path (`/dashboard/` -> `/dashboard/api`).
pub const DEFAULT_API_BASE: &str = "api";
/// Seconds between refreshes when `config.json` does not set it (Prefect's own UI: 30 s).
pub const DEFAULT_REFRESH_INTERVAL_SECONDS: u32 = 30;
/// Bounds for `refresh_interval_seconds`; below 2 s a dashboard floods the server.
pub const REFRESH_INTERVAL_RANGE: (u32, u32) = (2, 3600);

/// How the dashboard authenticates to the Prefect API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// No credentials (a self-hosted server without an auth string, or a proxy that adds them).
    #[default]
    None,
    /// HTTP Basic, for servers started with `PREFECT_SERVER_API_AUTH_STRING`.
    Basic,
    /// A Prefect Cloud API key sent as a bearer token.
    Bearer,
}

impl AuthMode {
    /// The word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            AuthMode::None => "none",
            AuthMode::Basic => "basic",
            AuthMode::Bearer => "bearer",
        }
    }
}

/// The parsed `config.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Prefect API base: absolute (`https://prefect.example.com/api`), root-relative
    /// (`/api`) or relative to the page (`api`).
    #[serde(default = "default_api_base")]
    pub api_base: String,
    /// How to authenticate.
    #[serde(default)]
    pub auth: AuthMode,
    /// Seconds between automatic refreshes of lists and cards.
    #[serde(default = "default_refresh_interval_seconds")]
    pub refresh_interval_seconds: u32,
    /// Display name of this target in the fleet view (default "This server").
    #[serde(default)]
    pub name: Option<String>,
    /// `server` (default) or `cloud` (a Prefect Cloud API base; pick a workspace).
    #[serde(default)]
    pub kind: TargetKind,
    /// Read only to be refused: `config.json` is served to anyone who can load the page, so
    /// a key in it is a key for everyone (enter it in Settings, or let the proxy add the
    /// `Authorization` header).
    #[serde(default)]
    pub api_key: Option<ApiKey>,
    /// Prefect Cloud's UI for workspace links (default `https://app.prefect.cloud`).
    #[serde(default)]
    pub cloud_ui_url: Option<String>,
    /// More Prefect servers and Cloud accounts for the fleet view.
    #[serde(default)]
    pub targets: Vec<TargetConfig>,
    /// No action anywhere (wall screens, viewers); a target can also set its own.
    #[serde(default)]
    pub read_only: bool,
    /// Live updates from the events stream (default on); off, the page polls.
    #[serde(default = "yes")]
    pub live_updates: bool,
}

fn yes() -> bool {
    true
}

fn default_api_base() -> String {
    DEFAULT_API_BASE.to_string()
}

fn default_refresh_interval_seconds() -> u32 {
    DEFAULT_REFRESH_INTERVAL_SECONDS
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: default_api_base(),
            auth: AuthMode::None,
            refresh_interval_seconds: DEFAULT_REFRESH_INTERVAL_SECONDS,
            name: None,
            kind: TargetKind::Server,
            api_key: None,
            cloud_ui_url: None,
            targets: Vec::new(),
            read_only: false,
            live_updates: true,
        }
    }
}

/// Why the configuration could not be used; every variant reads as a sentence for the page.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be fetched at all.
    #[error("Could not fetch the configuration file {url}: {message}")]
    Unreachable { url: String, message: String },
    /// The server answered with an HTTP error (404 when the file is missing).
    #[error("{}", status_sentence(url, *status))]
    Status { url: String, status: u16 },
    /// The file is not valid JSON or has fields of the wrong kind.
    #[error("The configuration file {url} is not valid: {message}")]
    Malformed { url: String, message: String },
    /// The JSON parsed but a value is not acceptable.
    #[error("The configuration file {url} has a bad value: {message}")]
    Invalid { url: String, message: String },
}

fn status_sentence(url: &str, status: u16) -> String {
    match status {
        404 => format!(
            "The configuration file {url} is missing (HTTP 404). Put a config.json next to index.html."
        ),
        _ => format!("The configuration file {url} could not be read (HTTP {status})."),
    }
}

impl Config {
    /// Parses and validates the text of `config.json` fetched from `url`.
    pub fn parse(url: &str, text: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(text).map_err(|e| ConfigError::Malformed {
            url: url.to_string(),
            message: e.to_string(),
        })?;
        config.validate().map_err(|message| ConfigError::Invalid {
            url: url.to_string(),
            message,
        })?;
        Ok(config)
    }

    /// Checks values serde cannot: an empty base, credentials in the URL, a silly interval,
    /// and the `targets` rules (names that make unique slugs, usable API bases).
    pub fn validate(&self) -> Result<(), String> {
        check_api_base("api_base", &self.api_base)?;
        check_no_key("api_key", self.api_key.as_ref())?;
        if let Some(url) = &self.cloud_ui_url {
            check_web_url("cloud_ui_url", url)?;
        }
        let (low, high) = REFRESH_INTERVAL_RANGE;
        if !(low..=high).contains(&self.refresh_interval_seconds) {
            return Err(format!(
                "refresh_interval_seconds is {}; it must be between {low} and {high}",
                self.refresh_interval_seconds
            ));
        }
        targets::validate(&self.targets)
    }

    /// Every target: the top-level one first (slug `main`), then `targets` in order.
    pub fn targets(&self) -> Vec<Target> {
        targets::all(self)
    }
}

/// An API base must be set, must be http(s) or a path, and must not carry credentials.
fn check_api_base(field: &str, base: &str) -> Result<(), String> {
    let base = base.trim();
    if base.is_empty() {
        return Err(format!(
            "{field} is empty; use \"api\" to talk to the proxied server"
        ));
    }
    if has_scheme(base) && !is_web_url(base) {
        return Err(format!(
            "{field} must be an http:// or https:// address, or a path such as \"api\""
        ));
    }
    if url_has_credentials(base) {
        return Err(format!(
            "{field} must not carry credentials (user:password@); set \"auth\" instead"
        ));
    }
    Ok(())
}

/// A link the page will show (`cloud_ui_url`): only http or https, never `javascript:`.
fn check_web_url(field: &str, url: &str) -> Result<(), String> {
    if is_web_url(url.trim()) {
        Ok(())
    } else {
        Err(format!(
            "{field} must be an http:// or https:// address (it becomes a link)"
        ))
    }
}

/// No API key in the file: it is served to anyone who can load the page.
fn check_no_key(field: &str, key: Option<&ApiKey>) -> Result<(), String> {
    match key {
        None => Ok(()),
        Some(_) => Err(format!(
            "{field} must not be in config.json: anyone who can load the dashboard can read \
             this file. Enter the key in Settings, or have the proxy add the Authorization \
             header for this target (docs/security.md)"
        )),
    }
}

/// `scheme:` before any `/`, `?` or `#` (so `javascript:x` has one, `api/x:y` has not).
fn has_scheme(url: &str) -> bool {
    let head = url.split(['/', '?', '#']).next().unwrap_or_default();
    head.contains(':')
}

fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") && url.len() > 7)
        || (lower.starts_with("https://") && url.len() > 8)
}

fn url_has_credentials(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://h/config.json";

    #[test]
    fn empty_object_gives_defaults() {
        let config = Config::parse(URL, "{}").expect("defaults");
        assert_eq!(config, Config::default());
        assert_eq!(config.api_base, "api");
        assert_eq!(config.refresh_interval_seconds, 30);
    }

    #[test]
    fn full_config_parses() {
        let text = r#"{"api_base": "https://p.example.com/api", "auth": "bearer", "refresh_interval_seconds": 10}"#;
        let config = Config::parse(URL, text).expect("parses");
        assert_eq!(config.auth, AuthMode::Bearer);
        assert_eq!(config.refresh_interval_seconds, 10);
    }

    #[test]
    fn malformed_json_is_a_clear_error() {
        let err = Config::parse(URL, "{ api_base: ").unwrap_err();
        assert!(matches!(err, ConfigError::Malformed { .. }));
        assert!(err
            .to_string()
            .contains("http://h/config.json is not valid"));
    }

    #[test]
    fn unknown_field_and_bad_auth_are_rejected() {
        let err = Config::parse(URL, r#"{"api_url": "x"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `api_url`"), "{err}");
        let err = Config::parse(URL, r#"{"auth": "digest"}"#).unwrap_err();
        assert!(err.to_string().contains("digest"), "{err}");
    }

    #[test]
    fn validation_rules() {
        for (text, needle) in [
            (r#"{"api_base": "  "}"#, "api_base is empty"),
            (r#"{"api_base": "https://u:p@h/api"}"#, "credentials"),
            (r#"{"refresh_interval_seconds": 1}"#, "between 2 and 3600"),
            (
                r#"{"refresh_interval_seconds": 3601}"#,
                "between 2 and 3600",
            ),
        ] {
            let err = Config::parse(URL, text).unwrap_err();
            assert!(matches!(err, ConfigError::Invalid { .. }), "{text}");
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
        assert!(Config::parse(URL, r#"{"api_base": "https://h/api?x=a@b"}"#).is_ok());
        assert!(Config::parse(URL, r#"{"refresh_interval_seconds": 2}"#).is_ok());
    }

    #[test]
    fn missing_file_message_says_what_to_do() {
        let err = ConfigError::Status {
            url: URL.into(),
            status: 404,
        };
        assert!(err.to_string().contains("missing"));
        assert!(err.to_string().contains("next to index.html"));
    }
}
