//! Addresses: resolving the API base and `config.json` against the page, the router base,
//! in-app links, and percent-encoding for paths and query strings. Pure.

/// Resolves `reference` against the document's base URI the way a browser resolves a link:
/// absolute URLs stay, `/x` keeps the origin, `x` is relative to the base's directory.
/// The result never ends in `/`.
pub fn resolve_url(base_uri: &str, reference: &str) -> String {
    let reference = reference.trim();
    let joined = if reference.contains("://") {
        reference.to_string()
    } else {
        let (origin, path) = split_origin(base_uri);
        if let Some(rooted) = reference.strip_prefix('/') {
            format!("{origin}/{rooted}")
        } else {
            let path = path.split(['?', '#']).next().unwrap_or_default();
            let dir = match path.rfind('/') {
                Some(i) => &path[..=i],
                None => "/",
            };
            let reference = reference.strip_prefix("./").unwrap_or(reference);
            format!("{origin}{dir}{reference}")
        }
    };
    joined.trim_end_matches('/').to_string()
}

/// The path part of a base URI without its trailing slash: the router's base
/// (`http://h/dashboard/` -> `/dashboard`, `http://h/` -> ``).
pub fn base_path(base_uri: &str) -> String {
    let (_, path) = split_origin(base_uri);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let dir = match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    };
    dir.to_string()
}

/// An in-app link under the router base: `app_path("/dashboard", "/flow-runs")`.
pub fn app_path(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}

/// The host (with its port) of an absolute URL, without any `user@`: what the user is told
/// their credentials go to. None for a URL without `scheme://host`.
pub fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A host on this machine (`localhost`, `127.x.x.x`, `[::1]`), with or without a port.
pub fn is_loopback(host: &str) -> bool {
    let name = if host.starts_with('[') {
        host.split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default().to_string()
    };
    name == "localhost" || name == "[::1]" || name.starts_with("127.")
}

fn split_origin(uri: &str) -> (&str, &str) {
    match uri.find("://") {
        Some(scheme_end) => {
            let after = scheme_end + 3;
            match uri[after..].find('/') {
                Some(i) => uri.split_at(after + i),
                None => (uri, "/"),
            }
        }
        None => ("", uri),
    }
}

/// `?a=1&b=x%20y` for a page link from decoded pairs; empty when there are none.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect();
    format!("?{}", encoded.join("&"))
}

/// Percent-encodes a path segment or query component (RFC 3986 unreserved stay as is).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_without_credentials_and_loopback_is_known() {
        assert_eq!(
            host_of("https://Prefect.Example.com:8443/api").as_deref(),
            Some("prefect.example.com:8443")
        );
        assert_eq!(
            host_of("http://u:p@evil.example/api").as_deref(),
            Some("evil.example")
        );
        assert_eq!(host_of("api"), None);
        assert_eq!(host_of("http:///x"), None);
        for host in [
            "localhost:4200",
            "127.0.0.1",
            "127.1.2.3:80",
            "[::1]:4200",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "prefect.example",
            "128.0.0.1",
            "localhost.evil.example",
            "[::2]",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn resolves_like_a_browser() {
        let base = "http://h:8080/dashboard/";
        assert_eq!(resolve_url(base, "api"), "http://h:8080/dashboard/api");
        assert_eq!(resolve_url(base, "./api/"), "http://h:8080/dashboard/api");
        assert_eq!(resolve_url(base, "/api"), "http://h:8080/api");
        assert_eq!(resolve_url(base, "https://x.io/api/"), "https://x.io/api");
        assert_eq!(
            resolve_url("http://h/", "config.json"),
            "http://h/config.json"
        );
        assert_eq!(resolve_url("http://h", "api"), "http://h/api");
        assert_eq!(
            resolve_url("http://h/dashboard/index.html?x=1", "api"),
            "http://h/dashboard/api"
        );
    }

    #[test]
    fn router_base_from_base_uri() {
        assert_eq!(base_path("http://h/"), "");
        assert_eq!(base_path("http://h"), "");
        assert_eq!(base_path("http://h/dashboard/"), "/dashboard");
        assert_eq!(base_path("http://h/a/b/index.html"), "/a/b");
        assert_eq!(app_path("", "/flow-runs"), "/flow-runs");
        assert_eq!(app_path("/dashboard", "/flow-runs"), "/dashboard/flow-runs");
    }

    #[test]
    fn encodes_components_and_query_strings() {
        assert_eq!(encode_component("my pool/é"), "my%20pool%2F%C3%A9");
        assert_eq!(query_string(&[]), "");
        assert_eq!(
            query_string(&[("q", "a b".into()), ("tag", "x,y".into())]),
            "?q=a%20b&tag=x%2Cy"
        );
    }
}
