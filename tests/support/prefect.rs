//! A real Prefect server (the pinned 3.x from the venv, SQLite) on a free port.

use super::http::{self, Response};
use super::process::{free_port, Service, TempDir};
use super::tools::Tools;
use std::process::Command;
use std::time::{Duration, Instant};

/// How to start a server.
#[derive(Clone, Debug, Default)]
pub struct PrefectOptions {
    /// `PREFECT_SERVER_API_AUTH_STRING` ("user:password"): Basic auth on the API.
    pub auth_string: Option<String>,
    /// `PREFECT_SERVER_CSRF_PROTECTION_ENABLED`.
    pub csrf: bool,
    /// Any further settings.
    pub env: Vec<(String, String)>,
    /// The API alone (`--no-services`): a replica beside others on one database, the
    /// background services running elsewhere ([`PrefectServices`]).
    pub no_services: bool,
}

impl PrefectOptions {
    /// A server that serves Prefect's own UI as well (the harness turns it off by default),
    /// for comparing it with this dashboard; `env` holds any further settings.
    pub fn with_ui(env: Vec<(String, String)>) -> PrefectOptions {
        let mut all = vec![("PREFECT_SERVER_UI_ENABLED".to_string(), "true".to_string())];
        all.extend(env);
        PrefectOptions {
            env: all,
            ..Default::default()
        }
    }
}

/// A running server; stopped and its PREFECT_HOME deleted when dropped.
pub struct PrefectServer {
    service: Service,
    pub port: u16,
    pub options: PrefectOptions,
    home: TempDir,
}

impl PrefectServer {
    /// Starts a server and waits for `/api/health` (up to 3 minutes on a cold machine).
    pub fn start(tools: &Tools, options: PrefectOptions) -> PrefectServer {
        let home = TempDir::new("prefect-home");
        let port = free_port();
        let service = launch(tools, &options, &home, port);
        PrefectServer {
            service,
            port,
            options,
            home,
        }
    }

    /// Stops the server and starts it again on the same port with the same data (a
    /// restart, as an operator would do).
    pub fn restart(&mut self, tools: &Tools) {
        self.service.stop();
        self.service = launch(tools, &self.options, &self.home, self.port);
    }

    /// `http://127.0.0.1:PORT/api`
    pub fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    fn auth_headers(&self) -> Vec<(&'static str, String)> {
        auth_headers(&self.options)
    }

    /// Calls the API directly (with the server's credentials), for assertions. Like
    /// Prefect's own client, it retries a 503 (SQLite busy while the server's services
    /// start) a few times with a growing pause.
    pub fn call(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> Response {
        let url = format!("{}{}", self.api_url(), path);
        let mut attempt = 0;
        loop {
            let response = http::request(method, &url, &self.auth_headers(), body.as_ref())
                .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
            attempt += 1;
            if response.status != 503 || attempt == 5 {
                return response;
            }
            std::thread::sleep(std::time::Duration::from_millis(250 * attempt));
        }
    }

    /// A successful call's JSON; panics with the status and body otherwise.
    pub fn json(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let response = self.call(method, path, body);
        assert!(
            (200..300).contains(&response.status),
            "{method} {path}: HTTP {} {}",
            response.status,
            response.body
        );
        response.json()
    }

    /// Forces a flow run into a state of `state_type` (`RUNNING`, `FAILED`, ...), as a worker
    /// or an operator would; panics unless the server accepts it.
    pub fn force_run_state(&self, run: &str, state_type: &str) {
        let answer = self.json(
            "POST",
            &format!("/flow_runs/{run}/set_state"),
            Some(serde_json::json!({"state": {"type": state_type}, "force": true})),
        );
        assert_eq!(answer["status"], "ACCEPT", "{state_type}: {answer}");
    }

    /// Fills the server with `scripts/seed.py --profile <profile>` (Prefect's own client and
    /// real flow runs); returns the script's JSON summary.
    pub fn seed(&self, tools: &Tools, profile: &str) -> serde_json::Value {
        let mut command = Command::new(&tools.python);
        command
            .arg(tools.repo_file("scripts/seed.py"))
            .args(["--profile", profile])
            .env("PREFECT_API_URL", self.api_url())
            .env("PREFECT_HOME", self.home.path());
        if let Some(auth) = &self.options.auth_string {
            command.env("PREFECT_API_AUTH_STRING", auth);
        }
        let output = command.output().expect("run scripts/seed.py");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "seed.py failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let last = stdout.lines().last().unwrap_or_default();
        serde_json::from_str(last)
            .unwrap_or_else(|e| panic!("seed summary is not JSON ({e}): {last}"))
    }

    /// A real process worker on `pool`, started in `scripts/` (where the seeded deployments'
    /// entrypoints resolve) and polling every second; stopped with its flow-run processes
    /// when dropped. Waits until the pool has it as a worker.
    pub fn start_worker(&self, tools: &Tools, pool: &str) -> Service {
        let mut command = Command::new(&tools.prefect);
        command
            .args(["worker", "start", "--pool", pool, "--type", "process"])
            .current_dir(tools.repo_file("scripts"))
            .env("PREFECT_API_URL", self.api_url())
            .env("PREFECT_HOME", self.home.path())
            .env("PREFECT_WORKER_QUERY_SECONDS", "1")
            .env("PREFECT_WORKER_HEARTBEAT_SECONDS", "5")
            .env("PREFECT_LOGGING_LEVEL", "INFO");
        if let Some(auth) = &self.options.auth_string {
            command.env("PREFECT_API_AUTH_STRING", auth);
        }
        let log = self.home.path().join(format!("worker-{pool}.log"));
        let mut worker = Service::spawn("prefect worker", command, log);
        let deadline = Instant::now() + Duration::from_secs(90);
        let path = format!("/work_pools/{pool}/workers/filter");
        loop {
            let workers = self.call("POST", &path, Some(serde_json::json!({})));
            if workers.status == 200 && workers.json().as_array().is_some_and(|w| !w.is_empty()) {
                return worker;
            }
            if !worker.is_running() || Instant::now() > deadline {
                panic!("the worker on {pool} did not start:\n{}", worker.log_tail());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    /// Stops the server now (for "the API went down" cases).
    pub fn stop(&mut self) {
        self.service.stop();
    }
}

/// The credentials `options` give the server, as headers.
fn auth_headers(options: &PrefectOptions) -> Vec<(&'static str, String)> {
    match &options.auth_string {
        Some(auth) => vec![(
            "Authorization",
            prefect_dashboard::api::Credentials::Basic {
                auth_string: auth.clone(),
            }
            .header(),
        )],
        None => Vec::new(),
    }
}

/// Spawns `prefect server start` on `port` with `home` and waits for `/api/health`, then
/// checks that the server answering is the one it started.
fn launch(tools: &Tools, options: &PrefectOptions, home: &TempDir, port: u16) -> Service {
    let mut command = Command::new(&tools.prefect);
    command
        .args([
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .env("PREFECT_HOME", home.path())
        .env("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        .env("PREFECT_SERVER_UI_ENABLED", "false")
        .env("PREFECT_API_URL", format!("http://127.0.0.1:{port}/api"))
        .env("PREFECT_LOGGING_LEVEL", "WARNING");
    if let Some(auth) = &options.auth_string {
        command.env("PREFECT_SERVER_API_AUTH_STRING", auth);
    }
    if options.csrf {
        command.env("PREFECT_SERVER_CSRF_PROTECTION_ENABLED", "true");
    }
    for (key, value) in &options.env {
        command.env(key, value);
    }
    if options.no_services {
        command.arg("--no-services");
    }
    let log = home.path().join("server.log");
    let mut service = Service::spawn("prefect server", command, log);
    let deadline = Instant::now() + Duration::from_secs(180);
    let health = format!("http://127.0.0.1:{port}/api/health");
    loop {
        if matches!(http::request("GET", &health, &[], None), Ok(r) if r.status == 200) {
            // Ours, not another server on the same port: a test only ever writes to the
            // server it started.
            let settings = format!("http://127.0.0.1:{port}/api/admin/settings");
            let headers = auth_headers(options);
            let home_of = http::request("GET", &settings, &headers, None)
                .ok()
                .and_then(|r| serde_json::from_str::<serde_json::Value>(&r.body).ok())
                .and_then(|v| v["home"].as_str().map(str::to_string));
            assert_eq!(
                home_of.as_deref(),
                home.path().to_str(),
                "the server on port {port} is not the one started here (PREFECT_HOME)"
            );
            return service;
        }
        if !service.is_running() || Instant::now() > deadline {
            panic!(
                "Prefect did not start on port {port}:\n{}",
                service.log_tail()
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Prefect's background services (scheduler, event persister, triggers, ...) in one process
/// of their own (`prefect server services start`), for API replicas started with
/// `no_services` on the same database and broker; stopped when dropped.
pub struct PrefectServices {
    service: Service,
    _home: TempDir,
}

impl PrefectServices {
    /// Starts them with `env` (the replicas' database and broker, migrated by a replica
    /// started first) and waits until the process says it is starting them.
    pub fn start(tools: &Tools, env: &[(String, String)]) -> PrefectServices {
        let home = TempDir::new("prefect-services");
        let mut command = Command::new(&tools.prefect);
        command
            .args(["server", "services", "start"])
            .env("PREFECT_HOME", home.path())
            .env("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
            .env("PREFECT_LOGGING_LEVEL", "INFO");
        for (key, value) in env {
            command.env(key, value);
        }
        let log = home.path().join("services.log");
        let mut service = Service::spawn("prefect services", command, log.clone());
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            if said.contains("Starting services") {
                return PrefectServices {
                    service,
                    _home: home,
                };
            }
            if !service.is_running() || Instant::now() > deadline {
                panic!("Prefect's services did not start:\n{}", service.log_tail());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Stops them.
    pub fn stop(&mut self) {
        self.service.stop();
    }
}
