//! `PrefectClient`: the one place that talks to a Prefect server. It owns URLs, headers,
//! auth, CSRF, timeouts, cancellation, sharing of identical in-flight calls, paging and
//! batching; pages call its typed methods.

use super::auth::Credentials;
use super::csrf::{is_invalid_token_answer, CsrfState};
use super::endpoints::{self, Endpoint};
use super::error::{prefect_detail, retry_after_seconds};
use super::facts::ServerFacts;
use super::inflight::InFlight;
use super::json_path::path_at;
use super::paging::in_batches;
use super::request::{ApiRequest, Method};
use super::ApiError;
use crate::platform::{self, AbortTimer, BodyError, Prefetched};
use crate::schemas::filters::FlowRunRequest;
use crate::schemas::ui::{CountById, NextRunsByFlow};
use crate::schemas::{FlowRun, Timestamp};
use gloo_net::http::RequestBuilder;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use uuid::Uuid;

/// Seconds before a read is abandoned.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 15;

/// Seconds a change (anything but `ApiRequest::is_read`) is given: longer than the shipped
/// proxy's 60 s, so the answer the server gives late is still heard instead of the dashboard
/// giving up while the server goes on (and a second press creating a second run).
pub const CHANGE_TIMEOUT_SECONDS: u32 = 65;

/// The largest body the dashboard sends: the shipped proxy's `client_max_body_size` (10 MB).
/// A larger one is refused here, in words, before anything is sent.
pub const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;

/// The largest answer the dashboard reads (after decompression); a bigger one is refused
/// with a message instead of filling the tab's memory. Prefect's largest pages (200 flow
/// runs with their parameters) are a few MB.
pub const MAX_BODY_BYTES: usize = 50_000_000;

struct ClientState {
    api_base: String,
    timeout_seconds: u32,
    credentials: RefCell<Option<Credentials>>,
    csrf: RefCell<CsrfState>,
    csrf_client: String,
    /// What the server's settings said, once read (or preset for Prefect Cloud).
    facts: RefCell<Option<ServerFacts>>,
    in_flight: RefCell<HashMap<String, Rc<InFlight>>>,
    /// Until when (ms since the epoch) the server asked not to be refreshed (`Retry-After`
    /// on a 429 or 503).
    hold_until_ms: std::cell::Cell<f64>,
}

/// A client for one Prefect API base (`…/api`). Clones share credentials, the CSRF token
/// and in-flight requests.
#[derive(Clone)]
pub struct PrefectClient {
    state: Rc<ClientState>,
}

impl std::fmt::Debug for PrefectClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrefectClient")
            .field("api_base", &self.state.api_base)
            .finish()
    }
}

impl PartialEq for PrefectClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
    }
}

/// A raw answer: status, body text and the `Retry-After` it carried.
struct RawResponse {
    status: u16,
    body: String,
    retry_after: Option<u32>,
}

impl PrefectClient {
    /// A client for an absolute API base such as `http://host/dashboard/api`.
    pub fn new(api_base: impl Into<String>) -> PrefectClient {
        PrefectClient {
            state: Rc::new(ClientState {
                api_base: api_base.into().trim_end_matches('/').to_string(),
                timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
                credentials: RefCell::new(None),
                csrf: RefCell::new(CsrfState::Unknown),
                csrf_client: platform::random_id(),
                facts: RefCell::new(None),
                in_flight: RefCell::new(HashMap::new()),
                hold_until_ms: std::cell::Cell::new(0.0),
            }),
        }
    }

    /// What the events stream's `auth` message carries: the Basic auth string or the API
    /// key; `None` without credentials.
    pub fn stream_token(&self) -> Option<String> {
        self.state.credentials.borrow().as_ref().map(|c| match c {
            Credentials::Basic { auth_string } => auth_string.clone(),
            Credentials::Bearer { api_key } => api_key.clone(),
        })
    }

    /// The API base this client talks to.
    pub fn api_base(&self) -> &str {
        &self.state.api_base
    }

    /// The full URL of a request.
    pub fn url(&self, request: &ApiRequest) -> String {
        format!("{}{}", self.state.api_base, request.path_and_query())
    }

    /// Uses `credentials` from now on (and forgets the CSRF token fetched without them).
    pub fn set_credentials(&self, credentials: Option<Credentials>) {
        *self.state.credentials.borrow_mut() = credentials;
        *self.state.csrf.borrow_mut() = CsrfState::Unknown;
    }

    /// How long the server still wants automatic refreshes to wait (its last `Retry-After`);
    /// zero when it asked for nothing.
    pub fn hold_remaining(&self) -> std::time::Duration {
        let left = self.state.hold_until_ms.get() - platform::now_ms();
        if left > 0.0 {
            std::time::Duration::from_millis(left as u64)
        } else {
            std::time::Duration::ZERO
        }
    }

    /// True when credentials are set.
    pub fn has_credentials(&self) -> bool {
        self.state.credentials.borrow().is_some()
    }

    /// Takes these as the server's facts instead of reading its settings (Prefect Cloud).
    pub fn assume_facts(&self, facts: ServerFacts) {
        *self.state.facts.borrow_mut() = Some(facts);
    }

    /// What the server's settings say (CSRF, logs stream): read once with
    /// `GET /admin/settings` and kept; concurrent callers share the one request. A 401
    /// (credentials may follow) or an unreachable server (it may come back) is not kept; any
    /// other failure is, as "not known".
    pub async fn server_facts(&self) -> ServerFacts {
        if let Some(facts) = *self.state.facts.borrow() {
            return facts;
        }
        let (facts, keep) = match self.call(endpoints::admin_settings()).await {
            Ok(settings) => (ServerFacts::from_settings(&settings), true),
            Err(error) => (
                ServerFacts::default(),
                !error.is_unauthorized() && !error.is_unreachable(),
            ),
        };
        if keep {
            *self.state.facts.borrow_mut() = Some(facts);
        }
        facts
    }

    /// Whether the server turned out to use CSRF protection (None: not known yet).
    pub fn csrf_enabled(&self) -> Option<bool> {
        match &*self.state.csrf.borrow() {
            CsrfState::Unknown | CsrfState::Unavailable { .. } => None,
            CsrfState::Disabled => Some(false),
            CsrfState::Token { .. } => Some(true),
        }
    }

    /// The headers a request carries: JSON, auth, and CSRF for state-changing methods.
    pub fn headers_for(&self, request: &ApiRequest) -> Vec<(&'static str, String)> {
        request_headers(
            request,
            self.state.credentials.borrow().as_ref(),
            &self.state.csrf.borrow(),
        )
    }

    /// Sends an endpoint's request and decodes the answer; identical reads in flight at
    /// the same time share one HTTP request. Dropping the future cancels the request once
    /// no one else waits for it.
    pub async fn call<T: DeserializeOwned>(&self, endpoint: Endpoint<T>) -> Result<T, ApiError> {
        let request = endpoint.request;
        let text = self.shared(request.clone()).await?;
        decode(&request.path, &text)
    }

    async fn shared(&self, request: ApiRequest) -> Result<String, ApiError> {
        let key = request.key();
        let existing = self.state.in_flight.borrow().get(&key).cloned();
        let in_flight = match existing.filter(|f| !f.is_cancelled()) {
            Some(in_flight) => in_flight,
            None => {
                let in_flight = InFlight::new();
                self.state
                    .in_flight
                    .borrow_mut()
                    .insert(key.clone(), in_flight.clone());
                let client = self.clone();
                let driver = in_flight.clone();
                leptos::task::spawn_local(async move {
                    let result = client.exchange(&request, driver.controller()).await;
                    let mut map = client.state.in_flight.borrow_mut();
                    if map.get(&key).is_some_and(|f| Rc::ptr_eq(f, &driver)) {
                        map.remove(&key);
                    }
                    drop(map);
                    driver.finish(result);
                });
                in_flight
            }
        };
        in_flight.wait().await
    }

    /// One logical exchange. A state-changing request carries a CSRF token where the
    /// server's settings say it checks them (fetched first, refreshed at 75 % of its life);
    /// where that is not known, it goes without, and a 403 about the token fetches one and
    /// tries once more. A server without CSRF is never asked for a token.
    async fn exchange(
        &self,
        request: &ApiRequest,
        controller: Option<&web_sys::AbortController>,
    ) -> Result<String, ApiError> {
        let csrf = request.method.needs_csrf();
        if csrf {
            let checks = self.server_facts().await.csrf;
            let due = self.state.csrf.borrow().needs_refresh(platform::now());
            let has_token = self.state.csrf.borrow().has_token();
            if due && (checks == Some(true) || has_token) {
                // A failed fetch is not final: the request itself tells.
                let _ = self.ensure_csrf(false).await;
            }
        }
        let mut answer = match self.prefetched(request).await {
            Some(answer) => answer?,
            None => self.send(request, controller).await?,
        };
        if csrf && is_invalid_token_answer(answer.status, prefect_detail(&answer.body).as_deref()) {
            self.ensure_csrf(true).await?;
            if self.state.csrf.borrow().has_token() {
                answer = self.send(request, controller).await?;
            }
        }
        into_result(&request.path, answer)
    }

    async fn ensure_csrf(&self, force: bool) -> Result<(), ApiError> {
        let now = platform::now();
        let state = self.state.csrf.borrow().clone();
        if !state.may_probe(now) || (!force && !state.needs_refresh(now)) {
            return Ok(());
        }
        let endpoint = endpoints::csrf_token(&self.state.csrf_client);
        // Shared like any identical read: concurrent first requests probe once.
        let state = match self.shared(endpoint.request.clone()).await {
            Ok(text) => CsrfState::from_token(decode(&endpoint.request.path, &text)?, now),
            Err(e) if e.status() == Some(422) => CsrfState::Disabled,
            Err(e) => {
                // Not again for a while (an older server's 404, a 5xx): no probe per request.
                *self.state.csrf.borrow_mut() = CsrfState::Unavailable {
                    since: Timestamp(now),
                };
                return Err(e);
            }
        };
        *self.state.csrf.borrow_mut() = state;
        Ok(())
    }

    /// An answer the head script asked for while the app downloaded, taken once, only
    /// without credentials and for the URL this client would ask: the server's settings (a
    /// cold page's first POSTs wait for them; `platform::prefetched_text`, used when 2xx) and
    /// a page's first read (`build_rules::page_reads`, looked up by
    /// [`ApiRequest::prefetch_key`]; `platform::prefetched_response`): the response itself,
    /// read by [`Self::receive`] under this client's timeout like one it sent. `None`: ask.
    async fn prefetched(&self, request: &ApiRequest) -> Option<Result<RawResponse, ApiError>> {
        if !request.is_read() || self.state.credentials.borrow().is_some() {
            return None;
        }
        let url = self.url(request);
        if *request == endpoints::admin_settings().request {
            let (status, body) = platform::prefetched_text("settings", &url).await?;
            return (200..300).contains(&status).then_some(Ok(RawResponse {
                status,
                body,
                retry_after: None,
            }));
        }
        let seconds = self.state.timeout_seconds;
        let endpoint = request.path.clone();
        let _counted = platform::RequestInFlight::start();
        let key = request.prefetch_key();
        match platform::prefetched_response(&key, &url, millis(seconds)).await {
            Prefetched::NotAsked => None,
            Prefetched::TimedOut => Some(Err(ApiError::Timeout { endpoint, seconds })),
            Prefetched::Answer(response, timer) => Some(
                self.receive(endpoint, response.into(), Some(timer), seconds)
                    .await,
            ),
        }
    }

    /// One HTTP request with the timeout.
    async fn send(
        &self,
        request: &ApiRequest,
        controller: Option<&web_sys::AbortController>,
    ) -> Result<RawResponse, ApiError> {
        let endpoint = request.path.clone();
        let _counted = platform::RequestInFlight::start();
        let seconds = if request.is_read() {
            self.state.timeout_seconds
        } else {
            self.state.timeout_seconds.max(CHANGE_TIMEOUT_SECONDS)
        };
        let body = request.body.as_ref().map(|b| b.to_string());
        if let Some(size) = body
            .as_ref()
            .map(String::len)
            .filter(|&n| n > MAX_REQUEST_BYTES)
        {
            return Err(ApiError::Request {
                endpoint,
                message: format!(
                    "the request is {:.1} MB, more than the {} MB the proxy takes",
                    size as f64 / 1_048_576.0,
                    MAX_REQUEST_BYTES / 1_048_576
                ),
            });
        }
        let timer = controller.and_then(|c| AbortTimer::start(millis(seconds), c));
        // Headers are set here, fallibly: gloo's `header()` throws out of the task on a value
        // the browser refuses, which would leave this request (and every caller sharing it)
        // waiting for good.
        let refused = |name: &str| ApiError::Request {
            endpoint: endpoint.clone(),
            message: format!(
                "the browser refused its {name} header (a character a header cannot hold)"
            ),
        };
        let headers = web_sys::Headers::new().map_err(|_| refused("request"))?;
        for (name, value) in self.headers_for(request) {
            headers.set(name, &value).map_err(|_| refused(name))?;
        }
        let builder = RequestBuilder::new(&self.url(request))
            .method(gloo_method(request.method))
            .headers(gloo_net::http::Headers::from_raw(headers))
            .abort_signal(controller.map(|c| c.signal()).as_ref());
        let sent = match body {
            Some(body) => match builder.body(body) {
                Ok(built) => built.send().await,
                Err(e) => Err(e),
            },
            None => builder.send().await,
        };
        // The timer aborts a request while it waits for the answer or while it reads it.
        let response = match sent {
            Ok(response) => response,
            Err(_) if timer.as_ref().is_some_and(AbortTimer::fired) => {
                return Err(ApiError::Timeout { endpoint, seconds })
            }
            Err(e) => {
                return Err(ApiError::Network {
                    endpoint,
                    message: e.to_string(),
                })
            }
        };
        self.receive(endpoint, response, timer, seconds).await
    }

    /// An answer's status, `Retry-After` (kept as the client's hold) and body (at most
    /// `MAX_BODY_BYTES`), read while `timer` (the request's timeout, `seconds`) has not fired.
    async fn receive(
        &self,
        endpoint: String,
        response: gloo_net::http::Response,
        timer: Option<AbortTimer>,
        seconds: u32,
    ) -> Result<RawResponse, ApiError> {
        let fired = || timer.as_ref().is_some_and(AbortTimer::fired);
        let status = response.status();
        let retry_after = matches!(status, 429 | 503)
            .then(|| response.headers().get("retry-after"))
            .flatten()
            .and_then(|value| retry_after_seconds(&value, platform::now()));
        if let Some(seconds) = retry_after {
            let until = platform::now_ms() + f64::from(seconds) * 1000.0;
            if until > self.state.hold_until_ms.get() {
                self.state.hold_until_ms.set(until);
            }
        }
        let length = response.headers().get("content-length");
        let body = match platform::read_body(response.body(), length, MAX_BODY_BYTES).await {
            Ok(body) => body,
            Err(BodyError::TooLarge) => {
                return Err(ApiError::TooLarge {
                    endpoint,
                    limit: MAX_BODY_BYTES,
                })
            }
            Err(_) if fired() => return Err(ApiError::Timeout { endpoint, seconds }),
            Err(BodyError::Failed(message)) => return Err(ApiError::Network { endpoint, message }),
        };
        Ok(RawResponse {
            status,
            body,
            retry_after,
        })
    }

    /// Flow runs matching `body`, following the server's 200 cap: up to `max` runs from
    /// `body.offset`, fetched page by page.
    pub async fn flow_runs_filter_all(
        &self,
        body: &FlowRunRequest,
        max: u32,
    ) -> Result<Vec<FlowRun>, ApiError> {
        let mut runs = Vec::new();
        for (offset, limit) in super::paging::windows(body.offset.unwrap_or(0), max) {
            let page = FlowRunRequest {
                offset: Some(offset),
                limit: Some(limit),
                page: None,
                ..body.clone()
            };
            let batch = self.call(endpoints::flow_runs_filter(&page)).await?;
            let done = (batch.len() as u32) < limit;
            runs.extend(batch);
            if done {
                break;
            }
        }
        Ok(runs)
    }

    /// Task-run counts for any number of flow runs, 200 ids per call.
    pub async fn count_task_runs(&self, flow_run_ids: &[Uuid]) -> Result<CountById, ApiError> {
        in_batches(flow_run_ids, |batch| {
            self.call(endpoints::ui_flow_runs_count_task_runs(&batch))
        })
        .await
    }

    /// Next scheduled runs for any number of flows, 200 ids per call.
    pub async fn next_runs(&self, flow_ids: &[Uuid]) -> Result<NextRunsByFlow, ApiError> {
        in_batches(flow_ids, |batch| {
            self.call(endpoints::ui_flows_next_runs(&batch))
        })
        .await
    }

    /// Deployment counts for any number of flows, 200 ids per call.
    pub async fn count_deployments(&self, flow_ids: &[Uuid]) -> Result<CountById, ApiError> {
        in_batches(flow_ids, |batch| {
            self.call(endpoints::ui_flows_count_deployments(&batch))
        })
        .await
    }
}

/// The headers for `request` given the credentials and CSRF state (pure, tested natively).
pub fn request_headers(
    request: &ApiRequest,
    credentials: Option<&Credentials>,
    csrf: &CsrfState,
) -> Vec<(&'static str, String)> {
    let mut headers = vec![("Accept", "application/json".to_string())];
    if request.body.is_some() {
        headers.push(("Content-Type", "application/json".to_string()));
    }
    if let Some(credentials) = credentials {
        headers.push(("Authorization", credentials.header()));
    }
    if request.method.needs_csrf() {
        headers.extend(csrf.headers());
    }
    headers
}

/// `seconds` as a browser timer's milliseconds (saturating).
fn millis(seconds: u32) -> i32 {
    seconds.saturating_mul(1000).min(i32::MAX as u32) as i32
}

fn gloo_method(method: Method) -> gloo_net::http::Method {
    match method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Patch => gloo_net::http::Method::PATCH,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Delete => gloo_net::http::Method::DELETE,
    }
}

fn into_result(endpoint: &str, answer: RawResponse) -> Result<String, ApiError> {
    if (200..300).contains(&answer.status) {
        Ok(answer.body)
    } else {
        Err(ApiError::from_status(endpoint, answer.status, &answer.body)
            .with_retry_after(answer.retry_after))
    }
}

/// Decodes `text`, naming the endpoint and what was wrong: not JSON at all (an HTML page
/// from something in front of Prefect), cut off, nested too deep, or the JSON path whose
/// value had the wrong shape.
pub fn decode<T: DeserializeOwned>(endpoint: &str, text: &str) -> Result<T, ApiError> {
    // An empty body (204 No Content) reads as `null`: it decodes to `()`, and to nothing else.
    let text = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| ApiError::Decode {
        endpoint: endpoint.to_string(),
        message: decode_problem(text, &e),
    })
}

/// Why a body did not decode, in words.
fn decode_problem(text: &str, error: &serde_json::Error) -> String {
    if text.trim_start().starts_with('<') {
        return "an HTML page instead of JSON (is something other than Prefect answering \
                at this address?)"
            .to_string();
    }
    if error.is_eof() {
        return format!(
            "the answer was cut off after {} bytes (incomplete JSON)",
            text.len()
        );
    }
    if error.to_string().starts_with("recursion limit exceeded") {
        return "JSON nested more than 128 levels deep".to_string();
    }
    format!(
        "at {}: {error}",
        path_at(text, error.line(), error.column())
    )
}

/// Fetches a same-origin text file (such as `config.json`) without caching.
/// Returns the status and body, or the network error's text.
pub async fn fetch_text(url: &str) -> Result<(u16, String), String> {
    let controller = web_sys::AbortController::new().ok();
    let _timer = controller
        .as_ref()
        .and_then(|c| AbortTimer::start((DEFAULT_TIMEOUT_SECONDS * 1000) as i32, c));
    let response = RequestBuilder::new(url)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok((status, body))
}
