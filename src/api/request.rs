//! A request as data: what the client will send, built by pure functions so every
//! endpoint's method, path, query and body is tested natively.

use crate::url::encode_component;
use serde::Serialize;

/// HTTP methods the dashboard uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Prefect's CSRF protection covers every method that can change state.
    pub fn needs_csrf(self) -> bool {
        !matches!(self, Method::Get)
    }
}

/// One API call, relative to the API base.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    /// Starts with `/`, path segments already escaped.
    pub path: String,
    /// Query pairs, unescaped.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<serde_json::Value>,
}

impl ApiRequest {
    pub fn get(path: impl Into<String>) -> ApiRequest {
        ApiRequest {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    /// A POST with a JSON body. Serialising our own request types cannot fail; if it ever
    /// did, the server gets `{}` and answers with a clear 422.
    pub fn post(path: impl Into<String>, body: &impl Serialize) -> ApiRequest {
        ApiRequest {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            body: Some(serde_json::to_value(body).unwrap_or_else(|_| serde_json::json!({}))),
        }
    }

    /// A PATCH with a JSON body (see `post`).
    pub fn patch(path: impl Into<String>, body: &impl Serialize) -> ApiRequest {
        ApiRequest {
            method: Method::Patch,
            ..ApiRequest::post(path, body)
        }
    }

    /// A PUT with a JSON body: the whole object again (see `post`).
    pub fn put(path: impl Into<String>, body: &impl Serialize) -> ApiRequest {
        ApiRequest {
            method: Method::Put,
            ..ApiRequest::post(path, body)
        }
    }

    pub fn delete(path: impl Into<String>) -> ApiRequest {
        ApiRequest {
            method: Method::Delete,
            ..ApiRequest::get(path)
        }
    }

    pub fn with_query(mut self, key: &str, value: impl Into<String>) -> ApiRequest {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// How the head script names an answer it asked for ahead of the app (scripts/split-wasm.py,
    /// `build_rules::page_reads`): method, path and query, and the body as sent, e.g.
    /// `GET /flow_runs/…` or `POST /flows/paginate {"limit":50,…}`.
    pub fn prefetch_key(&self) -> String {
        let mut key = format!("{} {}", self.method.as_str(), self.path_and_query());
        if let Some(body) = &self.body {
            key.push(' ');
            key.push_str(&body.to_string());
        }
        key
    }

    /// Path and query as sent, e.g. `/flow_run_states/?flow_run_id=…`.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }

    /// True for a request that only reads: any GET, and the POSTs Prefect uses for queries
    /// (`…/filter`, `…/count`, `…/paginate`, `…/history`, everything under `/ui/`,
    /// `/events/filter…` and `/events/count-by/…`). The shipped proxy's read-only mode passes
    /// exactly these (`$prefect_dashboard_refused_write` in deploy/nginx); the client gives
    /// the others the proxy's time to answer.
    pub fn is_read(&self) -> bool {
        match self.method {
            Method::Get => true,
            Method::Patch | Method::Put | Method::Delete => false,
            Method::Post => {
                let path = self.path.trim_end_matches('/');
                let last = path.rsplit('/').next().unwrap_or_default();
                matches!(last, "filter" | "count" | "paginate" | "history")
                    || path.starts_with("/ui/")
                    || path.starts_with("/events/filter")
                    || path.starts_with("/events/count-by/")
            }
        }
    }

    /// Identical requests share one key (used to share in-flight calls).
    pub fn key(&self) -> String {
        let body = self
            .body
            .as_ref()
            .map(|b| b.to_string())
            .unwrap_or_default();
        format!(
            "{} {} {}",
            self.method.as_str(),
            self.path_and_query(),
            body
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_segments_and_queries() {
        let request = ApiRequest::get("/flow_run_states/").with_query("flow_run_id", "a b");
        assert_eq!(
            request.path_and_query(),
            "/flow_run_states/?flow_run_id=a%20b"
        );
        assert!(
            Method::Post.needs_csrf() && Method::Delete.needs_csrf() && !Method::Get.needs_csrf()
        );
    }

    #[test]
    fn reads_are_the_gets_and_the_query_posts_the_read_only_proxy_passes() {
        let post = |path: &str| ApiRequest::post(path, &serde_json::json!({}));
        for read in [
            ApiRequest::get("/flow_runs/1"),
            post("/flow_runs/filter"),
            post("/flow_runs/filter/"),
            post("/task_runs/count"),
            post("/deployments/paginate"),
            post("/flow_runs/history"),
            post("/ui/schemas/validate"),
            post("/ui/flow_runs/count-task-runs"),
            post("/events/filter"),
            post("/events/count-by/time"),
        ] {
            assert!(read.is_read(), "{}", read.path);
        }
        for change in [
            post("/flow_runs/1/set_state"),
            post("/deployments/1/create_flow_run"),
            post("/admin/database/clear"),
            post("/filterx"),
            post("/events"),
            ApiRequest::delete("/flow_runs/1"),
            ApiRequest::patch("/work_pools/filter", &serde_json::json!({})),
        ] {
            assert!(!change.is_read(), "{}", change.path);
        }
    }

    #[test]
    fn identical_requests_share_a_key() {
        let a = ApiRequest::post("/flow_runs/count", &serde_json::json!({"a": 1}));
        let b = ApiRequest::post("/flow_runs/count", &serde_json::json!({"a": 1}));
        let c = ApiRequest::post("/flow_runs/count", &serde_json::json!({"a": 2}));
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
    }
}
