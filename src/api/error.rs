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
    /// An HTTP error status, with Prefect's own `detail` message when it sent one.
    #[error("{endpoint} answered HTTP {status} ({}){}", status_reason(*status), detail_suffix(detail))]
    Http {
        endpoint: String,
        status: u16,
        detail: Option<String>,
    },
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
        }
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

    /// The endpoint the failed call was for.
    pub fn endpoint(&self) -> &str {
        match self {
            ApiError::Network { endpoint, .. }
            | ApiError::Timeout { endpoint, .. }
            | ApiError::Http { endpoint, .. }
            | ApiError::Request { endpoint, .. }
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

/// Words for the statuses a dashboard meets.
pub fn status_reason(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        409 => "conflict",
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
