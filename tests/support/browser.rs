//! Headless Debian Chromium driven through chromedriver with fantoccini.

use super::process::{free_port, wait_for_port, Service, TempDir};
use super::tools::Tools;
use fantoccini::{Client, ClientBuilder, Locator};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long to wait for the page to show something before failing.
pub const WAIT: Duration = Duration::from_secs(30);

/// A fresh browser profile; chromedriver (and its Chromium) stop when dropped.
/// How long without an API request counts as settled ([`Browser::wait_settled`]).
pub const SETTLED_QUIET_MS: u64 = 500;

pub struct Browser {
    pub client: Client,
    driver_port: u16,
    _driver: Service,
    _profile: TempDir,
}

impl Browser {
    pub async fn start(tools: &Tools) -> Browser {
        Browser::start_with(tools, &[]).await
    }

    /// A browser with further command-line switches (the benchmarks' memory probes). A
    /// driver that takes no session (its free port taken meanwhile by another test's
    /// process, or a start that fails) is replaced by a new one on another port, twice at
    /// most; the third failure fails the test with the driver's log.
    pub async fn start_with(tools: &Tools, extra: &[&str]) -> Browser {
        let mut attempt = 1;
        loop {
            match Browser::try_start(tools, extra).await {
                Ok(browser) => return browser,
                Err(why) if attempt < 3 => {
                    eprintln!("browser start {attempt} failed, trying again: {why}");
                    attempt += 1;
                }
                Err(why) => panic!("{why}"),
            }
        }
    }

    async fn try_start(tools: &Tools, extra: &[&str]) -> Result<Browser, String> {
        let profile = TempDir::new("chromium");
        let port = free_port();
        let mut command = Command::new(&tools.chromedriver);
        command.arg(format!("--port={port}"));
        let mut driver = Service::spawn(
            "chromedriver",
            command,
            profile.path().join("chromedriver.log"),
        );
        if !(wait_for_port(port, Duration::from_secs(20)) && driver.is_running()) {
            return Err(format!(
                "chromedriver did not start:\n{}",
                driver.log_tail()
            ));
        }
        let user_data = profile.path().join("profile");
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=1280,900",
        ]
        .iter()
        .chain(extra)
        .map(|a| a.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", user_data.display()));
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {"binary": tools.chromium, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("WebDriver session failed: {e}\n{}", driver.log_tail()))?;
        Ok(Browser {
            client,
            driver_port: port,
            _driver: driver,
            _profile: profile,
        })
    }

    /// Resident memory of this browser's renderer processes in MB (from /proc): the JS heap,
    /// the WebAssembly memory and the DOM together.
    pub fn renderer_rss_mb(&self) -> f64 {
        let profile = self._profile.path().display().to_string();
        let mut kb = 0u64;
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let dir = entry.path();
            let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            if !cmdline.contains("--type=renderer") || !cmdline.contains(&profile) {
                continue;
            }
            let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
            kb += status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0);
        }
        kb as f64 / 1024.0
    }

    /// The WebDriver session's id, for chromedriver's own endpoints.
    async fn session(&self) -> String {
        self.client
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a WebDriver session")
    }

    /// The console's errors since the last call (chromedriver's browser log, level SEVERE):
    /// failed requests, CSP violations, uncaught exceptions and panics.
    pub async fn console_errors(&self) -> Vec<String> {
        let session = self.session().await;
        let entries = driver_post(
            self.driver_port,
            &format!("/session/{session}/se/log"),
            r#"{"type":"browser"}"#,
        );
        entries["value"]
            .as_array()
            .expect("chromedriver answers a list of log entries")
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    /// The text of the first element matching `css`, if there is one.
    pub async fn text(&self, css: &str) -> Option<String> {
        let element = self.client.find(Locator::Css(css)).await.ok()?;
        element.text().await.ok()
    }

    /// The text content of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let css = serde_json::to_string(css).unwrap_or_default();
        let found = self
            .eval(&format!(
                "return [...document.querySelectorAll({css})].map(e => e.textContent)"
            ))
            .await;
        found
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An attribute of the first element matching `css`, read in one script: a keyed list
    /// that re-renders a row between finding it and reading it cannot make it stale.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.getAttribute({}) : null;",
            serde_json::Value::from(css),
            serde_json::Value::from(name)
        );
        self.eval(&script).await.as_str().map(str::to_string)
    }

    /// Waits until the element's text satisfies `ok`; panics with what was there instead.
    pub async fn wait_for_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = None;
        while start.elapsed() < WAIT {
            last = self.text(css).await;
            if let Some(text) = &last {
                if ok(text) {
                    return text.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let body = self.text("body").await.unwrap_or_default();
        panic!("timed out waiting on `{css}`; last text: {last:?}\npage text:\n{body}");
    }

    /// Waits until the header says the page is live: the events stream has subscribed, so a
    /// change made from now on is pushed (one made before may predate the subscription and
    /// not yet be stored for its backfill).
    /// "Live" shows once the filter is sent; the server subscribes when it has read it (a
    /// moment later on a loaded machine), so this waits a second more.
    pub async fn wait_live(&self) {
        self.wait_for_text("[data-testid=live-status] .live__label", |t| t == "Live")
            .await;
        // The filter went out with "Live": live for a moment, and what the page asked for on
        // the way has landed.
        let held = format!(
            "const s = document.querySelector('[data-testid=live-status]'); \
             return s.dataset.mode === 'live' && Date.now() - Number(s.dataset.since) >= {SETTLED_QUIET_MS}"
        );
        self.wait_for_eval(&held, &serde_json::Value::Bool(true))
            .await;
        self.wait_settled().await;
    }

    /// Waits until the page has settled: no API request in flight, and none for
    /// [`SETTLED_QUIET_MS`] (the client counts them on `<html>`: `data-api-in-flight`,
    /// `data-api-idle-since`). Use it before asserting that something did not happen.
    pub async fn wait_settled(&self) {
        let script = format!(
            "const e = document.documentElement; \
             return (e.dataset.apiInFlight || '0') === '0' && \
             Date.now() - Number(e.dataset.apiIdleSince || 0) >= {SETTLED_QUIET_MS}"
        );
        self.wait_for_eval(&script, &serde_json::Value::Bool(true))
            .await;
    }

    /// Waits until `script` returns `expected`; panics with what it last returned.
    pub async fn wait_for_eval(&self, script: &str, expected: &serde_json::Value) {
        let start = Instant::now();
        let mut last = serde_json::Value::Null;
        while start.elapsed() < WAIT {
            last = self.eval(script).await;
            if &last == expected {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("timed out waiting for {expected} from `{script}`; last: {last}");
    }

    /// The first element matching `css`, waiting for it to appear; panics naming the
    /// selector when it never does.
    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        let start = Instant::now();
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => return element,
                Err(e) if start.elapsed() > WAIT => panic!("no element `{css}`: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }

    /// Clicks the first element matching `css`; an element replaced between finding and
    /// clicking it (a re-render) is found again, up to three times.
    pub async fn click(&self, css: &str) {
        let mut attempt = 0;
        loop {
            let element = self.element(css).await;
            match element.click().await {
                Ok(()) => return,
                Err(e) if attempt < 3 && e.to_string().contains("stale element") => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click `{css}`: {e}"),
            }
        }
    }

    /// Replaces the value of the input matching `css` with `text`, as typing would.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.element(css).await;
        element
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// Sends keys to whatever has focus, as a keyboard would.
    pub async fn press(&self, keys: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .unwrap_or_else(|e| panic!("no focused element: {e}"));
        focused
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("press keys: {e}"));
    }

    /// Types `keys` as a keyboard would, into whatever has focus (the page itself when
    /// nothing does): each character pressed and released, a modifier (`Key::Control`,
    /// `Key::Shift`, `Key::Meta`, `Key::Alt`) held until `Key::Null` or the end.
    pub async fn keys(&self, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let modifiers: Vec<char> = [Key::Control, Key::Shift, Key::Meta, Key::Alt]
            .into_iter()
            .map(char::from)
            .collect();
        let mut held: Vec<char> = Vec::new();
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            if key == char::from(Key::Null) {
                for value in held.drain(..) {
                    actions = actions.then(KeyAction::Up { value });
                }
            } else if modifiers.contains(&key) {
                held.push(key);
                actions = actions.then(KeyAction::Down { value: key });
            } else {
                actions = actions
                    .then(KeyAction::Down { value: key })
                    .then(KeyAction::Up { value: key });
            }
        }
        for value in held {
            actions = actions.then(KeyAction::Up { value });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("keys {keys:?}: {e}"));
    }

    /// `None` when the page fits the window's width; else the page's width and the elements
    /// past the right edge that no scrolling box of theirs clips (an element positioned
    /// outside its scrolling box counts), so a failure names what to fix.
    pub async fn wider_than_window(&self) -> Option<String> {
        let found = self
            .eval(
                "const width = document.documentElement.scrollWidth;
                 if (width <= innerWidth) return null;
                 const clipped = e => {
                   for (let a = e.parentElement; a; a = a.parentElement) {
                     if (getComputedStyle(a).overflowX !== 'visible') {
                       return a.getBoundingClientRect().right <= innerWidth + 1; } }
                   return false; };
                 const wide = [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !clipped(e))
                   .slice(0, 6)
                   .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
                     (e.dataset.testid ? '[' + e.dataset.testid + ']' : '') + ' to ' +
                     Math.round(e.getBoundingClientRect().right) + ' px');
                 return 'the page is ' + width + ' px wide in a ' + innerWidth + ' px window: ' +
                   wide.join(', ');",
            )
            .await;
        found.as_str().map(str::to_string)
    }

    /// The current URL.
    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// How many wasm files the page has fetched so far (a part fetched on demand adds one).
    pub async fn wasm_files(&self) -> u64 {
        self.eval(
            "return performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname.endsWith('.wasm')).length",
        )
        .await
        .as_u64()
        .unwrap_or_default()
    }

    /// Runs a script in the page and returns its JSON result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// A Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`), e.g.
    /// `Page.addScriptToEvaluateOnNewDocument` for a probe that must run before the page's
    /// own scripts; its result.
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> serde_json::Value {
        let session = self.session().await;
        let body = serde_json::json!({"cmd": command, "params": params}).to_string();
        driver_post(
            self.driver_port,
            &format!("/session/{session}/goog/cdp/execute"),
            &body,
        )
    }

    /// A directory of this browser's profile that downloads now go to, without asking.
    pub async fn download_dir(&self) -> std::path::PathBuf {
        let dir = self._profile.path().join("downloads");
        std::fs::create_dir_all(&dir).expect("downloads directory");
        let answer = self
            .cdp(
                "Page.setDownloadBehavior",
                serde_json::json!({"behavior": "allow", "downloadPath": dir.display().to_string()}),
            )
            .await;
        assert!(
            answer.get("value").is_some() && answer["value"].get("error").is_none(),
            "setDownloadBehavior: {answer}"
        );
        dir
    }

    /// Ends the WebDriver session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A POST to chromedriver over HTTP/1.1 (it answers 1.0 requests with nothing), its JSON:
/// the head, then exactly Content-Length bytes (it keeps the connection open).
fn driver_post(port: u16, path: &str, body: &str) -> serde_json::Value {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("chromedriver");
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .expect("send to chromedriver");
    let mut reader = BufReader::new(stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut json = vec![0u8; length];
    reader.read_exact(&mut json).expect("chromedriver's answer");
    serde_json::from_slice(&json).unwrap_or_else(|e| {
        panic!(
            "chromedriver's answer {:?}: {e}",
            String::from_utf8_lossy(&json)
        )
    })
}
