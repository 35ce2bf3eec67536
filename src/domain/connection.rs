//! What the header says about the server: reachable, which version, or why not.

use crate::api::ApiError;

/// The dashboard's connection to one Prefect server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    /// The first checks have not answered yet.
    Checking,
    /// Health and version answered.
    Connected { version: String },
    /// The server wants credentials (HTTP 401).
    Unauthorized { detail: String },
    /// No answer from Prefect: network failure, timeout, or the proxy's 502/503/504.
    Unreachable { reason: String },
    /// The server answered, but with an error the dashboard cannot work around.
    Failed { reason: String },
}

impl Connection {
    /// Combines `GET /health` and `GET /admin/version`. The version call decides, because
    /// it is the one behind auth; health only refines an unreachable verdict.
    pub fn from_checks(
        health: &Result<bool, ApiError>,
        version: &Result<String, ApiError>,
    ) -> Connection {
        match version {
            Ok(version) => Connection::Connected {
                version: version.clone(),
            },
            Err(e) => Connection::from_failure(e).unwrap_or_else(|| match health {
                Err(h) if h.is_unreachable() => Connection::Unreachable {
                    reason: h.to_string(),
                },
                _ => Connection::Failed {
                    reason: e.to_string(),
                },
            }),
        }
    }

    /// What a failed call says about the connection on its own: the server wants
    /// credentials (401), or it cannot be reached. Other errors say nothing by themselves.
    pub fn from_failure(e: &ApiError) -> Option<Connection> {
        if e.is_unauthorized() {
            Some(Connection::Unauthorized {
                detail: match e {
                    ApiError::Http {
                        detail: Some(d), ..
                    } => d.clone(),
                    _ => "Unauthorized".to_string(),
                },
            })
        } else if e.is_unreachable() {
            Some(Connection::Unreachable {
                reason: e.to_string(),
            })
        } else {
            None
        }
    }

    /// Whether `GET /health` can change the verdict for this version answer: only when the
    /// version call failed with an error that is neither 401 nor "unreachable".
    pub fn needs_health_check(version: &Result<String, ApiError>) -> bool {
        matches!(version, Err(e) if !e.is_unauthorized() && !e.is_unreachable())
    }

    /// A glyph that carries the state without colour.
    pub fn glyph(&self) -> &'static str {
        match self {
            Connection::Checking => "…",
            Connection::Connected { .. } => "✓",
            Connection::Unauthorized { .. } => "🔒",
            Connection::Unreachable { .. } => "✕",
            Connection::Failed { .. } => "⚠",
        }
    }

    /// The short text next to the glyph.
    pub fn label(&self) -> String {
        match self {
            Connection::Checking => "Connecting…".to_string(),
            Connection::Connected { version } => format!("Connected · Prefect {version}"),
            Connection::Unauthorized { .. } => "Sign-in required (HTTP 401)".to_string(),
            Connection::Unreachable { .. } => "Server unreachable".to_string(),
            Connection::Failed { .. } => "Server error".to_string(),
        }
    }

    /// The longer explanation (tooltip and detail line), if any.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Connection::Unauthorized { detail } => Some(detail),
            Connection::Unreachable { reason } | Connection::Failed { reason } => Some(reason),
            _ => None,
        }
    }

    /// A stable machine word for CSS classes and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Connection::Checking => "checking",
            Connection::Connected { .. } => "connected",
            Connection::Unauthorized { .. } => "unauthorized",
            Connection::Unreachable { .. } => "unreachable",
            Connection::Failed { .. } => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, body: &str) -> ApiError {
        ApiError::from_status("/admin/version", status, body)
    }

    #[test]
    fn connected_when_version_answers() {
        let c = Connection::from_checks(&Ok(true), &Ok("3.8.8".into()));
        assert_eq!(
            c,
            Connection::Connected {
                version: "3.8.8".into()
            }
        );
        assert_eq!(c.label(), "Connected · Prefect 3.8.8");
        assert_eq!(c.glyph(), "✓");
    }

    #[test]
    fn unauthorized_when_version_is_401_even_if_health_is_fine() {
        let c = Connection::from_checks(
            &Ok(true),
            &Err(http(401, r#"{"exception_message":"Unauthorized"}"#)),
        );
        assert_eq!(c.kind(), "unauthorized");
        assert_eq!(c.reason(), Some("Unauthorized"));
    }

    #[test]
    fn unreachable_on_gateway_errors_and_network_failures() {
        let down = http(502, "<html>Bad Gateway</html>");
        let c = Connection::from_checks(&Err(down.clone()), &Err(down));
        assert_eq!(c.kind(), "unreachable");
        assert!(c.reason().unwrap_or_default().contains("502"));
        let network = ApiError::Network {
            endpoint: "/admin/version".into(),
            message: "refused".into(),
        };
        assert_eq!(
            Connection::from_checks(&Ok(true), &Err(network)).kind(),
            "unreachable"
        );
    }

    #[test]
    fn failed_on_other_errors_unless_health_says_unreachable() {
        let c = Connection::from_checks(&Ok(true), &Err(http(500, r#"{"detail":"boom"}"#)));
        assert_eq!(c.kind(), "failed");
        assert!(c.reason().unwrap_or_default().contains("boom"));
        let health_down = Err(ApiError::Timeout {
            endpoint: "/health".into(),
            seconds: 15,
        });
        let c = Connection::from_checks(&health_down, &Err(http(404, "")));
        assert_eq!(c.kind(), "unreachable");
    }

    #[test]
    fn health_is_asked_only_when_it_can_change_the_verdict() {
        assert!(!Connection::needs_health_check(&Ok("3.8.8".into())));
        assert!(!Connection::needs_health_check(&Err(http(401, ""))));
        assert!(!Connection::needs_health_check(&Err(http(502, ""))));
        assert!(Connection::needs_health_check(&Err(http(500, ""))));
        assert!(Connection::needs_health_check(&Err(http(404, ""))));
    }

    #[test]
    fn every_state_has_a_glyph_and_a_label() {
        for c in [
            Connection::Checking,
            Connection::Connected {
                version: "3".into(),
            },
            Connection::Unauthorized { detail: "x".into() },
            Connection::Unreachable { reason: "x".into() },
            Connection::Failed { reason: "x".into() },
        ] {
            assert!(!c.glyph().is_empty());
            assert!(!c.label().is_empty());
        }
    }
}
