//! `PrefectClient`: the typed way to call one Prefect server.

use super::ApiError;
use crate::platform::AbortTimer;
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;

/// Seconds before a request is abandoned.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 15;

/// A client for one Prefect API base (`…/api`). Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrefectClient {
    api_base: String,
    timeout_seconds: u32,
}

impl PrefectClient {
    /// A client for an absolute API base such as `http://host/dashboard/api`.
    pub fn new(api_base: impl Into<String>) -> PrefectClient {
        PrefectClient {
            api_base: api_base.into().trim_end_matches('/').to_string(),
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
        }
    }

    /// The API base this client talks to.
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// The full URL for an endpoint path such as `/admin/version`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.api_base, path)
    }

    /// `GET /health`: true when the server is up (not behind auth).
    pub async fn health(&self) -> Result<bool, ApiError> {
        self.get_json("/health").await
    }

    /// `GET /admin/version`: the server's Prefect version (behind auth when auth is on).
    pub async fn admin_version(&self) -> Result<String, ApiError> {
        self.get_json("/admin/version").await
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send(path, Request::get(&self.url(path))).await?;
        serde_json::from_str(&text).map_err(|e| ApiError::Decode {
            endpoint: path.to_string(),
            message: e.to_string(),
        })
    }

    /// Sends a request with the timeout; returns the body of a 2xx answer.
    async fn send(&self, path: &str, request: RequestBuilder) -> Result<String, ApiError> {
        let timer = AbortTimer::start(self.timeout_seconds.saturating_mul(1000) as i32);
        let signal = timer.as_ref().map(AbortTimer::signal);
        let request = request
            .header("Accept", "application/json")
            .abort_signal(signal.as_ref());
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) if timer.as_ref().is_some_and(AbortTimer::fired) => {
                let _ = e;
                return Err(ApiError::Timeout {
                    endpoint: path.to_string(),
                    seconds: self.timeout_seconds,
                });
            }
            Err(e) => {
                return Err(ApiError::Network {
                    endpoint: path.to_string(),
                    message: e.to_string(),
                })
            }
        };
        let status = response.status();
        let body = response.text().await.map_err(|e| ApiError::Network {
            endpoint: path.to_string(),
            message: e.to_string(),
        })?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(ApiError::from_status(path, status, &body))
        }
    }
}

/// Fetches a same-origin text file (such as `config.json`) without caching.
/// Returns the status and body, or the network error's text.
pub async fn fetch_text(url: &str) -> Result<(u16, String), String> {
    let timer = AbortTimer::start((DEFAULT_TIMEOUT_SECONDS * 1000) as i32);
    let signal = timer.as_ref().map(AbortTimer::signal);
    let response = Request::get(url)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths_without_double_slashes() {
        let client = PrefectClient::new("http://h/dashboard/api/");
        assert_eq!(client.api_base(), "http://h/dashboard/api");
        assert_eq!(
            client.url("/admin/version"),
            "http://h/dashboard/api/admin/version"
        );
    }
}
