//! Prefect's CSRF protection: detected with `GET /csrf-token` (422 means off), then every
//! state-changing request (filters included) carries the token and client id. The token is
//! refreshed at 75 % of its lifetime, and once more after an "invalid token" answer.

use crate::schemas::{CsrfToken, Timestamp};
use chrono::{DateTime, Utc};

/// What the client knows about the server's CSRF protection.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum CsrfState {
    /// Not asked yet.
    #[default]
    Unknown,
    /// The server answered 422: protection is off.
    Disabled,
    /// The token endpoint failed (not 422) at `since`; not asked again for a minute.
    Unavailable { since: Timestamp },
    /// A token, when it was fetched, and until when it is valid.
    Token {
        token: String,
        client: String,
        fetched: Timestamp,
        expiration: Timestamp,
    },
}

/// Seconds before a failed token endpoint is asked again.
pub const PROBE_PAUSE_SECONDS: i64 = 60;

/// Header names Prefect expects.
pub const TOKEN_HEADER: &str = "Prefect-Csrf-Token";
pub const CLIENT_HEADER: &str = "Prefect-Csrf-Client";

impl CsrfState {
    /// The state after fetching `token` at `now`.
    pub fn from_token(token: CsrfToken, now: DateTime<Utc>) -> CsrfState {
        CsrfState::Token {
            token: token.token,
            client: token.client,
            fetched: Timestamp(now),
            expiration: token.expiration,
        }
    }

    /// True when a token must be (re)fetched before a state-changing request at `now`:
    /// never fetched, or 75 % of its lifetime gone.
    pub fn needs_refresh(&self, now: DateTime<Utc>) -> bool {
        match self {
            CsrfState::Unknown => true,
            CsrfState::Disabled => false,
            CsrfState::Unavailable { .. } => self.may_probe(now),
            CsrfState::Token {
                fetched,
                expiration,
                ..
            } => {
                let lifetime = (expiration.0 - fetched.0).num_milliseconds();
                let used = (now - fetched.0).num_milliseconds();
                lifetime <= 0 || used * 4 >= lifetime * 3
            }
        }
    }

    /// False for a minute after the token endpoint failed.
    pub fn may_probe(&self, now: DateTime<Utc>) -> bool {
        match self {
            CsrfState::Unavailable { since } => {
                (now - since.0).num_seconds() >= PROBE_PAUSE_SECONDS
            }
            _ => true,
        }
    }

    /// A token is held.
    pub fn has_token(&self) -> bool {
        matches!(self, CsrfState::Token { .. })
    }

    /// The headers for a state-changing request.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            CsrfState::Token { token, client, .. } => {
                vec![
                    (TOKEN_HEADER, token.clone()),
                    (CLIENT_HEADER, client.clone()),
                ]
            }
            _ => Vec::new(),
        }
    }
}

/// True for the 403 that means "fetch a new token and try once more".
pub fn is_invalid_token_answer(status: u16, detail: Option<&str>) -> bool {
    status == 403
        && detail.is_some_and(|d| {
            let d = d.to_lowercase();
            d.contains("csrf") || d.contains("client identifier")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0)
            .single()
            .expect("time")
    }

    fn token_state() -> CsrfState {
        CsrfState::Token {
            token: "t".into(),
            client: "c".into(),
            fetched: Timestamp(at(0)),
            expiration: Timestamp(at(3600)),
        }
    }

    #[test]
    fn refreshes_at_three_quarters_of_the_lifetime() {
        assert!(CsrfState::Unknown.needs_refresh(at(0)));
        assert!(!CsrfState::Disabled.needs_refresh(at(0)));
        let state = token_state();
        assert!(!state.needs_refresh(at(2699)));
        assert!(state.needs_refresh(at(2700)));
        assert!(state.needs_refresh(at(4000)));
    }

    #[test]
    fn a_failed_probe_waits_a_minute() {
        let failed = CsrfState::Unavailable {
            since: Timestamp(at(0)),
        };
        assert!(!failed.may_probe(at(59)));
        assert!(!failed.needs_refresh(at(59)));
        assert!(failed.may_probe(at(60)));
        assert!(failed.needs_refresh(at(61)));
        assert!(!failed.has_token());
        assert!(token_state().has_token());
        assert!(failed.headers().is_empty());
    }

    #[test]
    fn headers_only_with_a_token() {
        assert!(CsrfState::Disabled.headers().is_empty());
        let headers = token_state().headers();
        assert_eq!(
            headers,
            vec![
                (TOKEN_HEADER, "t".to_string()),
                (CLIENT_HEADER, "c".to_string())
            ]
        );
    }

    #[test]
    fn recognises_prefects_csrf_rejections() {
        assert!(is_invalid_token_answer(
            403,
            Some("Invalid CSRF token or client identifier.")
        ));
        assert!(is_invalid_token_answer(403, Some("Missing CSRF token.")));
        assert!(!is_invalid_token_answer(403, Some("Forbidden")));
        assert!(!is_invalid_token_answer(401, Some("Invalid CSRF token")));
    }
}
