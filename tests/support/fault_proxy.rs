//! A fault-injecting HTTP proxy between nginx and Prefect: it passes everything through
//! (websockets included) until a test tells it to answer a path badly: cut-off JSON, an
//! HTML page, the wrong shape, JSON nested 10,000 deep, an enormous body, a slow answer, a
//! connection reset, 429 with `Retry-After`, 503. Every request it sees is logged with
//! what it did, so a test can check when the page asked again.

use super::process::free_port;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Rewrites a real answer's body (e.g. a number Prefect never sends).
pub type Rewrite = Arc<dyn Fn(&str) -> String + Send + Sync>;

/// What the proxy does instead of passing a request on.
#[derive(Clone)]
pub enum Fault {
    /// The real answer, cut in half (with a matching Content-Length: valid HTTP, broken JSON).
    TruncatedJson,
    /// An HTML page (a maintenance or login page) with this status.
    Html(u16),
    /// Valid JSON of the wrong shape: an object where Prefect sends a list.
    WrongShape,
    /// A JSON list nested this many levels deep.
    Deep(usize),
    /// The real answer followed by whitespace up to this many bytes (still valid JSON).
    Padded(usize),
    /// The real answer, after this long.
    Slow(Duration),
    /// The connection is reset (RST) without an answer.
    Reset,
    /// 429 Too Many Requests with `Retry-After: seconds`.
    TooMany { retry_after: u32 },
    /// 503 Service Unavailable.
    Unavailable,
    /// A websocket passes until the server accepts it (`auth_success`), then closes this
    /// long after (a proxy or load balancer that drops streams).
    CloseAfterAuth(Duration),
    /// The request reaches Prefect (which does what it asks), and its answer is lost: the
    /// connection closes without a reply (nginx answers 502).
    Lost,
    /// The real answer with its body rewritten.
    Rewrite(Rewrite),
}

impl Fault {
    /// A short name for the log.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::TruncatedJson => "truncated",
            Fault::Html(_) => "html",
            Fault::WrongShape => "wrong-shape",
            Fault::Deep(_) => "deep",
            Fault::Padded(_) => "padded",
            Fault::Slow(_) => "slow",
            Fault::Reset => "reset",
            Fault::TooMany { .. } => "429",
            Fault::Unavailable => "503",
            Fault::Lost => "lost",
            Fault::CloseAfterAuth(_) => "close-after-auth",
            Fault::Rewrite(_) => "rewritten",
        }
    }
}

struct Rule {
    method: String,
    path: String,
    fault: Fault,
    /// How many more requests get the fault (None: until cleared).
    remaining: Option<usize>,
}

/// One request the proxy saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// "pass" or the fault's name.
    pub outcome: &'static str,
}

struct Shared {
    upstream: u16,
    rules: Mutex<Vec<Rule>>,
    seen: Mutex<Vec<Seen>>,
    stopping: AtomicBool,
}

/// A running proxy; stopped when dropped.
pub struct FaultProxy {
    pub port: u16,
    shared: Arc<Shared>,
}

impl FaultProxy {
    /// Proxies `127.0.0.1:port` to Prefect at `127.0.0.1:upstream`.
    pub fn start(upstream: u16) -> FaultProxy {
        let port = free_port();
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the fault proxy");
        let shared = Arc::new(Shared {
            upstream,
            rules: Mutex::new(Vec::new()),
            seen: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
        });
        let accepting = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accepting.stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = accepting.clone();
                std::thread::spawn(move || handle(stream, &shared));
            }
        });
        FaultProxy { port, shared }
    }

    /// The API URL to give nginx: `http://127.0.0.1:PORT/api`.
    pub fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    /// `method path` (path without query, e.g. `/api/work_pools/filter`) gets `fault`,
    /// for the next `times` requests (None: until `clear`).
    pub fn inject(&self, method: &str, path: &str, fault: Fault, times: Option<usize>) {
        self.shared.rules.lock().expect("rules").push(Rule {
            method: method.to_string(),
            path: path.to_string(),
            fault,
            remaining: times,
        });
    }

    /// Everything passes through again.
    pub fn clear(&self) {
        self.shared.rules.lock().expect("rules").clear();
    }

    /// Every request seen from `at` on.
    pub fn seen_since(&self, at: Instant) -> Vec<Seen> {
        self.shared
            .seen
            .lock()
            .expect("log")
            .iter()
            .filter(|s| s.at >= at)
            .cloned()
            .collect()
    }

    /// The requests seen so far for `path`.
    pub fn seen(&self, path: &str) -> Vec<Seen> {
        self.shared
            .seen
            .lock()
            .expect("log")
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// The request head as bytes and its parts.
struct Head {
    bytes: Vec<u8>,
    method: String,
    path: String,
    content_length: usize,
    upgrade: bool,
}

fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?;
    let path = target.split('?').next().unwrap_or(target).to_string();
    let mut content_length = 0;
    let mut upgrade = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => content_length = value.trim().parse().unwrap_or(0),
            "upgrade" => upgrade = true,
            _ => {}
        }
    }
    Some(Head {
        bytes: bytes.to_vec(),
        method,
        path,
        content_length,
        upgrade,
    })
}

/// Looks at the request head without consuming it (a reset must leave it unread).
fn peek_head(stream: &TcpStream) -> Option<Head> {
    let mut buffer = vec![0u8; 64 * 1024];
    let start = Instant::now();
    loop {
        let n = stream.peek(&mut buffer).ok()?;
        if let Some(end) = buffer[..n].windows(4).position(|w| w == b"\r\n\r\n") {
            return parse_head(&buffer[..end + 4]);
        }
        if n == 0 || n == buffer.len() || start.elapsed() > Duration::from_secs(10) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn take_fault(shared: &Shared, head: &Head) -> Option<Fault> {
    let mut rules = shared.rules.lock().ok()?;
    let rule = rules
        .iter_mut()
        .find(|r| r.method == head.method && r.path == head.path)?;
    let fault = rule.fault.clone();
    if let Some(remaining) = &mut rule.remaining {
        *remaining = remaining.saturating_sub(1);
    }
    rules.retain(|r| r.remaining != Some(0));
    Some(fault)
}

fn handle(mut client: TcpStream, shared: &Shared) {
    let Some(head) = peek_head(&client) else {
        return;
    };
    let fault = take_fault(shared, &head);
    if let Ok(mut seen) = shared.seen.lock() {
        seen.push(Seen {
            at: Instant::now(),
            method: head.method.clone(),
            path: head.path.clone(),
            outcome: fault.as_ref().map_or("pass", Fault::name),
        });
    }
    if let Some(Fault::Reset) = fault {
        // Closing a socket with unread data makes the kernel send a reset.
        drop(client);
        return;
    }
    let mut request = vec![0u8; head.bytes.len()];
    if client.read_exact(&mut request).is_err() {
        return;
    }
    let mut body = vec![0u8; head.content_length];
    if client.read_exact(&mut body).is_err() {
        return;
    }
    let answer = match fault {
        None if head.upgrade => return tunnel(client, shared.upstream, &request, &body, None),
        Some(Fault::CloseAfterAuth(after)) if head.upgrade => {
            // Uncompressed frames, so the server's `auth_success` can be seen going by.
            let plain = without_header(&request, "sec-websocket-extensions");
            return tunnel(client, shared.upstream, &plain, &body, Some(after));
        }
        None => return pass(client, shared.upstream, &head, &body),
        Some(Fault::Slow(wait)) => {
            std::thread::sleep(wait);
            return pass(client, shared.upstream, &head, &body);
        }
        Some(Fault::Lost) => {
            let _ = fetch(shared.upstream, &head, &body);
            return;
        }
        Some(Fault::Html(status)) => respond(
            status,
            "text/html",
            b"<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>\
              <body><h1>Down for maintenance</h1><p>Back soon.</p></body></html>\n",
        ),
        Some(Fault::WrongShape) => respond(
            200,
            "application/json",
            br#"{"items": [], "note": "not the list Prefect sends"}"#,
        ),
        Some(Fault::Deep(levels)) => {
            let text = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
            respond(200, "application/json", text.as_bytes())
        }
        Some(Fault::TooMany { retry_after }) => respond_with(
            429,
            "application/json",
            &format!("Retry-After: {retry_after}\r\n"),
            br#"{"detail": "Too many requests"}"#,
        ),
        Some(Fault::Unavailable) => respond(
            503,
            "application/json",
            br#"{"detail": "Service Unavailable"}"#,
        ),
        Some(Fault::TruncatedJson) => {
            let Some((status, real)) = fetch(shared.upstream, &head, &body) else {
                return;
            };
            respond(status, "application/json", &real[..real.len() / 2])
        }
        Some(Fault::Padded(size)) => {
            let Some((status, mut real)) = fetch(shared.upstream, &head, &body) else {
                return;
            };
            real.resize(size.max(real.len()), b' ');
            respond(status, "application/json", &real)
        }
        Some(Fault::Rewrite(rewrite)) => {
            let Some((status, real)) = fetch(shared.upstream, &head, &body) else {
                return;
            };
            let text = rewrite(&String::from_utf8_lossy(&real));
            respond(status, "application/json", text.as_bytes())
        }
        // Only a websocket (handled above) can be closed after its auth: anything else passes.
        Some(Fault::Reset | Fault::CloseAfterAuth(_)) => {
            return pass(client, shared.upstream, &head, &body)
        }
    };
    let _ = client.write_all(&answer);
    let _ = client.shutdown(Shutdown::Both);
}

/// The request head without the header `name` (lower case).
fn without_header(head: &[u8], name: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(head);
    let mut out = String::new();
    for line in text.split_inclusive("\r\n") {
        if !line.to_ascii_lowercase().starts_with(&format!("{name}:")) {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// A whole HTTP/1.1 answer.
fn respond(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    respond_with(status, content_type, "", body)
}

/// The same with `extra` header lines (each ending in CRLF).
fn respond_with(status: u16, content_type: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 {status} Fault\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {extra}Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

/// The request head with `Connection: close`, so one exchange per connection; `plain`
/// also drops `Accept-Encoding`, so an answer to be rewritten comes uncompressed (Prefect
/// gzips answers over 1 KB).
fn closing_head(head: &Head, plain: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(&head.bytes);
    let mut out = String::new();
    for line in text.split("\r\n") {
        let lower = line.to_ascii_lowercase();
        if line.is_empty()
            || lower.starts_with("connection:")
            || (plain && lower.starts_with("accept-encoding:"))
        {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    out.into_bytes()
}

/// Passes one exchange through unchanged.
fn pass(mut client: TcpStream, upstream: u16, head: &Head, body: &[u8]) {
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if server.write_all(&closing_head(head, false)).is_err() || server.write_all(body).is_err() {
        return;
    }
    let _ = std::io::copy(&mut server, &mut client);
    let _ = client.shutdown(Shutdown::Both);
}

/// A websocket: both directions copied until either side closes, or (`close_after_auth`)
/// until that long after the server's `auth_success` went by. Server frames are unmasked, so
/// the message's text is in the bytes as sent.
fn tunnel(
    client: TcpStream,
    upstream: u16,
    request: &[u8],
    body: &[u8],
    close_after_auth: Option<Duration>,
) {
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    if server.write_all(request).is_err() || server.write_all(body).is_err() {
        return;
    }
    let (Ok(mut client_in), Ok(mut server_out)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let upward = std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut server_out);
        let _ = server_out.shutdown(Shutdown::Both);
    });
    let mut client_out = client;
    match close_after_auth {
        None => {
            let _ = std::io::copy(&mut server, &mut client_out);
        }
        Some(after) => {
            let mut buffer = vec![0u8; 16 * 1024];
            let mut tail: Vec<u8> = Vec::new();
            while let Ok(n) = server.read(&mut buffer) {
                if n == 0 || client_out.write_all(&buffer[..n]).is_err() {
                    break;
                }
                tail.extend_from_slice(&buffer[..n]);
                if tail.windows(12).any(|w| w == b"auth_success") {
                    std::thread::sleep(after);
                    break;
                }
                let keep = tail.len().saturating_sub(16);
                tail.drain(..keep);
            }
            let _ = server.shutdown(Shutdown::Both);
        }
    }
    let _ = client_out.shutdown(Shutdown::Both);
    let _ = upward.join();
}

/// The real answer's status and body (chunked bodies joined).
fn fetch(upstream: u16, head: &Head, body: &[u8]) -> Option<(u16, Vec<u8>)> {
    let mut server = TcpStream::connect(("127.0.0.1", upstream)).ok()?;
    server.write_all(&closing_head(head, true)).ok()?;
    server.write_all(body).ok()?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).ok()?;
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head_text = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let status = head_text.split(' ').nth(1)?.parse().ok()?;
    let raw = answer[end + 4..].to_vec();
    if head_text.contains("transfer-encoding: chunked") {
        Some((status, dechunk(&raw)))
    } else {
        Some((status, raw))
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        let Some(chunk) = raw.get(start..start + size) else {
            break;
        };
        out.extend_from_slice(chunk);
        raw = raw.get(start + size + 2..).unwrap_or_default();
    }
    out
}
