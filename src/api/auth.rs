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

    /// The stored form (storage is per server and never logged).
    pub fn to_storage(&self) -> String {
        match self {
            Credentials::Basic { auth_string } => format!("basic:{auth_string}"),
            Credentials::Bearer { api_key } => format!("bearer:{api_key}"),
        }
    }

    /// Reads the stored form; anything else is ignored.
    pub fn from_storage(text: &str) -> Option<Credentials> {
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

/// The storage key for one server's credentials.
pub fn storage_key(api_base: &str) -> String {
    format!("prefect-dashboard.credentials.{api_base}")
}

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
