//! Credentials: Basic for self-hosted servers with `PREFECT_SERVER_API_AUTH_STRING`, Bearer
//! for a Prefect Cloud API key. They never go into URLs or logs (`Debug` is redacted).

use std::fmt;

/// What the client authenticates with.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `user:password`, sent as `Authorization: Basic base64(user:password)`.
    Basic { auth_string: String },
    /// A Prefect Cloud API key, sent as `Authorization: Bearer <key>`.
    Bearer { api_key: String },
}

impl Credentials {
    /// Basic credentials from the two form fields.
    pub fn basic(user: &str, password: &str) -> Credentials {
        Credentials::Basic {
            auth_string: format!("{user}:{password}"),
        }
    }

    /// The `Authorization` header value.
    pub fn header(&self) -> String {
        match self {
            Credentials::Basic { auth_string } => {
                format!("Basic {}", base64(auth_string.as_bytes()))
            }
            Credentials::Bearer { api_key } => format!("Bearer {api_key}"),
        }
    }

    /// Why these credentials cannot be sent, in words for the form (None: they can). An API
    /// key becomes a header value, which browsers refuse with a line break, a control
    /// character or a character beyond Latin-1 (a pasted "…" or a non-breaking space's
    /// cousins); Basic credentials are base64-encoded, so any text goes.
    pub fn problem(&self) -> Option<String> {
        match self {
            Credentials::Basic { .. } => None,
            Credentials::Bearer { api_key } if api_key.trim().is_empty() => {
                Some("The API key is empty.".into())
            }
            Credentials::Bearer { api_key } => header_value_problem(api_key)
                .map(|why| format!("This API key {why}; check what was pasted. Nothing was sent.")),
        }
    }

    /// The stored form (storage is per server and never logged).
    pub fn to_storage(&self) -> String {
        match self {
            Credentials::Basic { auth_string } => format!("basic:{auth_string}"),
            Credentials::Bearer { api_key } => format!("bearer:{api_key}"),
        }
    }

    /// Reads the stored form; anything else, or credentials that could not be sent, is
    /// ignored.
    pub fn from_storage(text: &str) -> Option<Credentials> {
        Credentials::parse_stored(text).filter(|c| c.problem().is_none())
    }

    fn parse_stored(text: &str) -> Option<Credentials> {
        if let Some(auth_string) = text.strip_prefix("basic:") {
            return Some(Credentials::Basic {
                auth_string: auth_string.to_string(),
            });
        }
        text.strip_prefix("bearer:")
            .filter(|key| !key.is_empty())
            .map(|key| Credentials::Bearer {
                api_key: key.to_string(),
            })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Basic { .. } => f.write_str("Credentials::Basic(<redacted>)"),
            Credentials::Bearer { .. } => f.write_str("Credentials::Bearer(<redacted>)"),
        }
    }
}

/// Why `value` cannot be a request header value (browsers throw on it), if it cannot.
pub fn header_value_problem(value: &str) -> Option<&'static str> {
    if value.contains(['\r', '\n']) {
        Some("holds a line break")
    } else if value.chars().any(char::is_control) {
        Some("holds a control character")
    } else if value.chars().any(|c| u32::from(c) > 0xFF) {
        Some("holds a character a request header cannot carry (beyond Latin-1)")
    } else {
        None
    }
}

/// The storage key for one server's credentials in one deployment of the dashboard
/// (`deployment`: the page's base URI): two dashboards under different sub-paths of one
/// origin keep their keys apart.
pub fn storage_key(deployment: &str, api_base: &str) -> String {
    format!("{CREDENTIALS_KEY_PREFIX}{deployment}|{api_base}")
}

/// What every credentials key starts with ([`storage_key`]; the preload script looks for it).
pub const CREDENTIALS_KEY_PREFIX: &str = "prefect-dashboard.credentials.";

/// Standard base64 with padding. Hand-written: the `base64` crate adds 1,369 B gzip (3,921 B
/// raw) to the release wasm for this one call (measured with `trunk build --release`).
pub fn base64(input: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_a_header_cannot_carry_are_refused_with_a_reason() {
        let bearer = |k: &str| Credentials::Bearer { api_key: k.into() };
        assert_eq!(bearer("pnu_abc123").problem(), None);
        assert_eq!(bearer("pnu_äöü").problem(), None, "Latin-1 is fine");
        for (key, why) in [
            ("pnu_a\nb", "line break"),
            ("pnu_a\r", "line break"),
            ("pnu_a\u{0}b", "control character"),
            ("pnu_abc…", "beyond Latin-1"),
            ("pnu_ключ", "beyond Latin-1"),
            ("  ", "empty"),
        ] {
            let problem = bearer(key).problem().unwrap_or_default();
            assert!(problem.contains(why), "{key:?}: {problem}");
        }
        assert_eq!(
            Credentials::basic("ü…", "\n").problem(),
            None,
            "base64-encoded"
        );
        assert_eq!(Credentials::from_storage("bearer:pnu_a\nb"), None);
        assert!(Credentials::from_storage("bearer:pnu_ok").is_some());
        assert_ne!(
            storage_key("http://h/a/", "http://p/api"),
            storage_key("http://h/b/", "http://p/api")
        );
    }

    use super::*;

    #[test]
    fn headers_and_storage() {
        let basic = Credentials::basic("admin", "pä:ss");
        assert_eq!(
            basic.header(),
            format!("Basic {}", base64("admin:pä:ss".as_bytes()))
        );
        assert_eq!(
            Credentials::from_storage(&basic.to_storage()),
            Some(basic.clone())
        );
        let bearer = Credentials::Bearer {
            api_key: "pnu_123".into(),
        };
        assert_eq!(bearer.header(), "Bearer pnu_123");
        assert_eq!(
            Credentials::from_storage(&bearer.to_storage()),
            Some(bearer.clone())
        );
        assert_eq!(Credentials::from_storage("bearer:"), None);
        assert_eq!(Credentials::from_storage("garbage"), None);
    }

    #[test]
    fn debug_never_shows_secrets() {
        let text = format!(
            "{:?} {:?}",
            Credentials::basic("u", "hunter2"),
            Credentials::Bearer {
                api_key: "pnu_secret".into()
            }
        );
        assert!(
            !text.contains("hunter2") && !text.contains("pnu_secret"),
            "{text}"
        );
    }

    #[test]
    fn base64_matches_the_standard() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("admin:s3cret", "YWRtaW46czNjcmV0"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
