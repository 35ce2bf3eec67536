//! One error type for everything that can go wrong between the page and the server.

/// A failed API call. Every variant names the endpoint so the panel showing it can say
/// which data is missing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an HTTP answer (DNS, refused connection, CORS, offline).
    #[error("Could not reach the server for {endpoint}: {message}")]
    Network { endpoint: String, message: String },
    /// No answer within the client's timeout.
    #[error("{endpoint} did not answer within {seconds} s")]
    Timeout { endpoint: String, seconds: u32 },
    /// An HTTP error status, with Prefect's own `detail` message when it sent one, and how
    /// long the server asked to wait (`Retry-After`) when it did.
    #[error("{endpoint} answered HTTP {status} ({}){}{}", status_reason(*status), detail_suffix(detail), wait_suffix(*retry_after))]
    Http {
        endpoint: String,
        status: u16,
        detail: Option<String>,
        retry_after: Option<u32>,
    },
    /// The answer was larger than the dashboard reads (`MAX_BODY_BYTES`); reading stopped.
    #[error("{endpoint} sent more than {} MB; the dashboard stopped reading it", megabytes(*limit))]
    TooLarge { endpoint: String, limit: usize },
    /// The request could not be sent as it stands (a credential or token the browser refuses
    /// as a header value).
    #[error("The dashboard could not send {endpoint}: {message}")]
    Request { endpoint: String, message: String },
    /// The body was not the JSON shape we expect.
    #[error("{endpoint} sent data the dashboard cannot read: {message}")]
    Decode { endpoint: String, message: String },
}

impl ApiError {
    /// Builds the error for a non-2xx answer, reading Prefect's detail from `body`.
    pub fn from_status(endpoint: &str, status: u16, body: &str) -> ApiError {
        ApiError::Http {
            endpoint: endpoint.to_string(),
            status,
            detail: prefect_detail(body),
            retry_after: None,
        }
    }

    /// The same, with the seconds the server's `Retry-After` asked for.
    pub fn with_retry_after(self, seconds: Option<u32>) -> ApiError {
        match self {
            ApiError::Http {
                endpoint,
                status,
                detail,
                ..
            } => ApiError::Http {
                endpoint,
                status,
                detail,
                retry_after: seconds,
            },
            other => other,
        }
    }

    /// The seconds the server asked to wait before the next request, if it said.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether fetching the same thing again later may succeed: not for a 401 (the sign-in
    /// prompt takes over) nor for a request the browser would refuse again.
    pub fn is_retryable(&self) -> bool {
        !self.is_unauthorized() && !matches!(self, ApiError::Request { .. })
    }

    /// The HTTP status, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True when the server asked for credentials.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// True when Prefect itself could not be reached: no answer, or a proxy saying so
    /// (502 Bad Gateway, 503, 504).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ApiError::Network { .. } | ApiError::Timeout { .. })
            || matches!(self.status(), Some(502..=504))
    }

    /// True when a change may or may not have happened: the request went out and no answer
    /// came back (a dropped connection, the client's timeout, the proxy's 502 when Prefect
    /// closed the connection mid-request, its 504).
    pub fn outcome_unknown(&self) -> bool {
        // Unreachable, but for a 503: that is Prefect itself saying it did nothing.
        self.is_unreachable() && self.status() != Some(503)
    }

    /// The endpoint the failed call was for.
    pub fn endpoint(&self) -> &str {
        match self {
            ApiError::Network { endpoint, .. }
            | ApiError::Timeout { endpoint, .. }
            | ApiError::Http { endpoint, .. }
            | ApiError::Request { endpoint, .. }
            | ApiError::TooLarge { endpoint, .. }
            | ApiError::Decode { endpoint, .. } => endpoint,
        }
    }
}

/// `: detail` after an HTTP error, when Prefect sent one.
fn detail_suffix(detail: &Option<String>) -> String {
    detail
        .as_ref()
        .map(|d| format!(": {d}"))
        .unwrap_or_default()
}

/// `; it asked to wait N s` after an HTTP error with `Retry-After`.
fn wait_suffix(retry_after: Option<u32>) -> String {
    retry_after
        .map(|s| format!("; it asked to wait {s} s"))
        .unwrap_or_default()
}

fn megabytes(bytes: usize) -> usize {
    bytes / 1_000_000
}

/// The most a `Retry-After` is obeyed for: a server asking for a day gets ten minutes.
pub const MAX_RETRY_AFTER_SECONDS: u32 = 600;

/// Seconds from a `Retry-After` value: delay-seconds or an HTTP date (RFC 9110), capped
/// at `MAX_RETRY_AFTER_SECONDS`; None for anything else.
pub fn retry_after_seconds(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<u32> {
    let value = value.trim();
    let seconds = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Any number of digits: too many for u64 is simply "long".
        value.parse::<u64>().unwrap_or(u64::MAX)
    } else {
        let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
        u64::try_from((at.with_timezone(&chrono::Utc) - now).num_seconds().max(0)).unwrap_or(0)
    };
    Some(seconds.min(u64::from(MAX_RETRY_AFTER_SECONDS)) as u32)
}

/// Words for the statuses a dashboard meets.
pub fn status_reason(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        409 => "conflict",
        413 => "too large for the proxy",
        422 => "invalid request",
        429 => "too many requests",
        500 => "server error",
        502 => "bad gateway: the proxy could not reach Prefect",
        503 => "service unavailable",
        504 => "gateway timeout: Prefect did not answer the proxy",
        _ => "error",
    }
}

/// Extracts Prefect's explanation from an error body: FastAPI's `detail` (a string or a list
/// of validation errors) or the auth middleware's `exception_message`.
pub fn prefect_detail(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let object = value.as_object()?;
    if let Some(detail) = object.get("detail") {
        return match detail {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Array(items) => {
                let parts: Vec<String> = items.iter().filter_map(validation_message).collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            other => Some(other.to_string()),
        };
    }
    // Prefect's own 422 handler: `exception_detail` holds FastAPI's list.
    if let Some(serde_json::Value::Array(items)) = object.get("exception_detail") {
        let parts: Vec<String> = items.iter().filter_map(validation_message).collect();
        if !parts.is_empty() {
            return Some(parts.join("; "));
        }
    }
    // Prefect's template check (`/templates/validate`): `{"error": {"line", "message"}}`.
    if let Some(error) = object.get("error").and_then(|e| e.as_object()) {
        if let Some(message) = error.get("message").and_then(|m| m.as_str()) {
            return Some(match error.get("line").and_then(|l| l.as_i64()) {
                Some(line) => format!("line {line}: {message}"),
                None => message.to_string(),
            });
        }
    }
    object
        .get("exception_message")
        .and_then(|m| m.as_str())
        .map(str::to_string)
}

fn validation_message(item: &serde_json::Value) -> Option<String> {
    let msg = item.get("msg")?.as_str()?;
    let loc: Vec<String> = item
        .get("loc")
        .and_then(|l| l.as_array())
        .map(|parts| {
            parts
                .iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Some(if loc.is_empty() {
        msg.to_string()
    } else {
        format!("{}: {msg}", loc.join("."))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prefect_detail_shapes() {
        assert_eq!(
            prefect_detail(r#"{"detail":"Flow run not found"}"#).as_deref(),
            Some("Flow run not found")
        );
        assert_eq!(
            prefect_detail(r#"{"exception_message":"Unauthorized"}"#).as_deref(),
            Some("Unauthorized")
        );
        let validation = r#"{"detail":[{"loc":["body","limit"],"msg":"Input should be less than or equal to 200","type":"x"}]}"#;
        assert_eq!(
            prefect_detail(validation).as_deref(),
            Some("body.limit: Input should be less than or equal to 200")
        );
        let prefect_422 = r#"{"exception_message":"Invalid request received.","exception_detail":[{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":5}],"request_body":{}}"#;
        assert_eq!(
            prefect_detail(prefect_422).as_deref(),
            Some("body.name: Input should be a valid string")
        );
        let template = r#"{"error":{"line":1,"message":"unexpected '}'","source":"{{ x }}}"}}"#;
        assert_eq!(
            prefect_detail(template).as_deref(),
            Some("line 1: unexpected '}'")
        );
        assert_eq!(prefect_detail("<html>502</html>"), None);
        assert_eq!(prefect_detail("[]"), None);
    }

    #[test]
    fn classifies_unreachable_and_unauthorized() {
        let gateway = ApiError::from_status("/admin/version", 502, "<html/>");
        assert!(gateway.is_unreachable());
        assert!(!gateway.is_unauthorized());
        let unauthorized = ApiError::from_status(
            "/admin/version",
            401,
            r#"{"exception_message":"Unauthorized"}"#,
        );
        assert!(unauthorized.is_unauthorized());
        assert!(!unauthorized.is_unreachable());
        let network = ApiError::Network {
            endpoint: "/health".into(),
            message: "refused".into(),
        };
        assert!(network.is_unreachable());
        assert!(!ApiError::from_status("/x", 500, "").is_unreachable());
    }

    #[test]
    fn reads_retry_after_both_ways() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T08:00:00Z")
            .expect("now")
            .with_timezone(&chrono::Utc);
        assert_eq!(retry_after_seconds("20", now), Some(20));
        assert_eq!(retry_after_seconds(" 0 ", now), Some(0));
        assert_eq!(
            retry_after_seconds("99999999999999999999999", now),
            Some(MAX_RETRY_AFTER_SECONDS)
        );
        assert_eq!(
            retry_after_seconds("Wed, 02 Dec 2026 08:00:30 GMT", now),
            Some(30)
        );
        assert_eq!(
            retry_after_seconds("Wed, 02 Dec 2026 07:00:00 GMT", now),
            Some(0)
        );
        for odd in ["", "-5", "1.5", "soon", "20 s"] {
            assert_eq!(retry_after_seconds(odd, now), None, "{odd}");
        }
        let e = ApiError::from_status("/work_pools/filter", 429, "").with_retry_after(Some(20));
        assert_eq!(
            e.to_string(),
            "/work_pools/filter answered HTTP 429 (too many requests); it asked to wait 20 s"
        );
        assert_eq!(e.retry_after(), Some(20));
        assert!(e.is_retryable());
        assert!(!ApiError::from_status("/x", 401, "").is_retryable());
    }

    #[test]
    fn messages_name_the_endpoint_and_reason() {
        let e = ApiError::from_status("/flow_runs/filter", 422, r#"{"detail":"bad sort"}"#);
        assert_eq!(
            e.to_string(),
            "/flow_runs/filter answered HTTP 422 (invalid request): bad sort"
        );
        let e = ApiError::Timeout {
            endpoint: "/health".into(),
            seconds: 15,
        };
        assert_eq!(e.to_string(), "/health did not answer within 15 s");
        assert_eq!(e.endpoint(), "/health");
    }
}
