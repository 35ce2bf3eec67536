//! What a server's settings (`GET /admin/settings`) say that the client needs: whether it
//! checks CSRF tokens and whether it streams logs. Read once per client and page load, so a
//! plain server is never probed with a request that fails (a red line in the console).

use serde_json::Value;

/// The server's answers; `None` where the settings could not be read (an older server, a
/// proxy that hides them), in which case the client learns from the answers themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerFacts {
    /// `server.api.csrf_protection_enabled`.
    pub csrf: Option<bool>,
    /// `server.logs.stream_out_enabled` and `stream_publishing_enabled` both (Prefect
    /// streams logs on `/api/logs/out` only then; off by default).
    pub logs_streamed: bool,
}

impl ServerFacts {
    /// From the settings JSON; anything unreadable means "not known" (CSRF) or "no" (logs).
    pub fn from_settings(settings: &Value) -> ServerFacts {
        let logs = &settings["server"]["logs"];
        ServerFacts {
            csrf: settings["server"]["api"]["csrf_protection_enabled"].as_bool(),
            logs_streamed: logs["stream_out_enabled"].as_bool() == Some(true)
                && logs["stream_publishing_enabled"].as_bool() == Some(true),
        }
    }

    /// Prefect Cloud: no CSRF tokens, no logs stream, and no settings to read.
    pub fn cloud() -> ServerFacts {
        ServerFacts {
            csrf: Some(false),
            logs_streamed: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csrf_and_logs_are_read_from_the_settings() {
        let settings = |csrf: Value, out: Value, publishing: Value| {
            json!({"server": {
                "api": {"csrf_protection_enabled": csrf},
                "logs": {"stream_out_enabled": out, "stream_publishing_enabled": publishing},
            }})
        };
        let facts = ServerFacts::from_settings(&settings(json!(true), json!(true), json!(true)));
        assert_eq!(facts.csrf, Some(true));
        assert!(facts.logs_streamed);
        let facts = ServerFacts::from_settings(&settings(json!(false), json!(true), json!(false)));
        assert_eq!(facts.csrf, Some(false));
        assert!(!facts.logs_streamed);
        let facts = ServerFacts::from_settings(&settings(json!("yes"), json!("true"), json!(true)));
        assert_eq!(facts.csrf, None);
        assert!(!facts.logs_streamed);
        assert_eq!(
            ServerFacts::from_settings(&json!([1])),
            ServerFacts::default()
        );
        assert_eq!(ServerFacts::cloud().csrf, Some(false));
    }
}
