//! Helpers for the request-building tests.

use prefect_dashboard::api::{ApiRequest, Method};
use serde_json::Value;
use uuid::Uuid;

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub fn check(request: &ApiRequest, method: Method, path_and_query: &str, body: Option<Value>) {
    assert_eq!(request.method, method, "{path_and_query}");
    assert_eq!(request.path_and_query(), path_and_query);
    assert_eq!(request.body, body, "{path_and_query}");
}
