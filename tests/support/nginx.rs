//! nginx serving a dist/ with the repo's own config (deploy/nginx), rendered by
//! scripts/render-nginx.sh exactly as `make run` does.

use super::process::{free_port, is_root, wait_for_port, Service, TempDir};
use super::tools::Tools;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// What nginx serves and where it proxies.
#[derive(Clone, Debug)]
pub struct NginxOptions {
    /// The directory with index.html and the bundle.
    pub dist: PathBuf,
    /// The Prefect API to proxy `/api` to, e.g. `http://127.0.0.1:4200/api`.
    pub api_url: String,
    /// Empty for the root, or a sub-path such as `/dashboard`.
    pub base_path: String,
    /// Drop the config's WebSocket upgrade headers (a proxy that does not pass them).
    pub without_websocket: bool,
    /// Other origins the page may call (targets in config.json served elsewhere), for the
    /// CSP's connect-src (`PREFECT_DASHBOARD_CONNECT_SRC`).
    pub connect_src: Vec<String>,
    /// CA certificates for an https API (`PREFECT_DASHBOARD_CA_BUNDLE`); None: the system's.
    pub ca_bundle: Option<PathBuf>,
    /// The proxy passes reads only (`render-nginx.sh --read-only`).
    pub read_only: bool,
    /// Other origins allowed to call the API (`render-nginx.sh --allow-origin`).
    pub allowed_origins: Vec<String>,
    /// The render script to run (an unpacked release's); None: the repo's.
    pub render: Option<PathBuf>,
}

impl NginxOptions {
    /// The release build at the site root, proxying to `api_url`.
    pub fn root(tools: &Tools, api_url: impl Into<String>) -> NginxOptions {
        NginxOptions {
            dist: tools.dist.clone(),
            api_url: api_url.into(),
            base_path: String::new(),
            without_websocket: false,
            connect_src: Vec::new(),
            ca_bundle: None,
            read_only: false,
            allowed_origins: Vec::new(),
            render: None,
        }
    }
}

impl NginxOptions {
    /// The same, serving `dist` (e.g. one with its own config.json) instead.
    pub fn with_dist(self, dist: &TempDir) -> NginxOptions {
        NginxOptions {
            dist: dist.path().to_path_buf(),
            ..self
        }
    }
}

/// A running nginx; stopped when dropped.
pub struct Nginx {
    _service: Service,
    pub port: u16,
    pub options: NginxOptions,
    prefix: TempDir,
    /// CSP reports a test caused on purpose (not counted against it).
    acknowledged: std::sync::atomic::AtomicUsize,
}

impl Nginx {
    /// Serves the dashboard with the repo's own config (deploy/nginx).
    pub fn start(tools: &Tools, options: NginxOptions) -> Nginx {
        let prefix = TempDir::new("nginx");
        let port = free_port();
        let script = options
            .render
            .clone()
            .unwrap_or_else(|| tools.repo_file("scripts/render-nginx.sh"));
        let mut render = Command::new(script);
        if let Some(ca) = &options.ca_bundle {
            render.env("PREFECT_DASHBOARD_CA_BUNDLE", ca);
        }
        if options.read_only {
            render.arg("--read-only");
        }
        for origin in &options.allowed_origins {
            render.arg("--allow-origin").arg(origin);
        }
        let status = render
            .arg(prefix.path())
            .arg(format!("127.0.0.1:{port}"))
            .arg(&options.dist)
            .arg(&options.api_url)
            .arg(&options.base_path)
            .env(
                "PREFECT_DASHBOARD_CONNECT_SRC",
                options.connect_src.join(" "),
            )
            .status()
            .expect("run scripts/render-nginx.sh");
        assert!(status.success(), "render-nginx.sh failed");
        if options.without_websocket {
            let site = prefix.path().join("site.conf");
            let text = std::fs::read_to_string(&site).expect("read site.conf");
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| {
                    !l.contains("proxy_set_header Upgrade")
                        && !l.contains("proxy_set_header Connection")
                })
                .collect();
            assert!(
                kept.len() < text.lines().count(),
                "site.conf had upgrade headers"
            );
            std::fs::write(&site, kept.join("\n")).expect("write site.conf");
        }
        Nginx::run(tools, prefix, port, options)
    }

    /// Runs nginx with any `server {}` config (e.g. a Cloud-shaped gateway in front of
    /// several Prefect servers); `@LISTEN@` in `site` is replaced by the chosen port.
    pub fn start_site(tools: &Tools, site: &str) -> Nginx {
        let prefix = TempDir::new("nginx-site");
        let port = free_port();
        let site_path = prefix.path().join("site.conf");
        std::fs::write(
            &site_path,
            site.replace("@LISTEN@", &format!("127.0.0.1:{port}")),
        )
        .expect("write site config");
        std::fs::create_dir_all(prefix.path().join("logs")).expect("logs dir");
        std::fs::create_dir_all(prefix.path().join("tmp")).expect("tmp dir");
        let user = if is_root() { "user root;" } else { "" };
        let standalone =
            std::fs::read_to_string(tools.repo_file("deploy/nginx/standalone.conf.template"))
                .expect("read standalone template")
                .replace("@USER_DIRECTIVE@", user)
                .replace("@LOAD_MODULES@", "")
                .replace("@SITE_CONF@", &site_path.display().to_string());
        std::fs::write(prefix.path().join("nginx.conf"), standalone).expect("write nginx.conf");
        let options = NginxOptions {
            dist: PathBuf::new(),
            api_url: String::new(),
            base_path: String::new(),
            without_websocket: false,
            connect_src: Vec::new(),
            ca_bundle: None,
            read_only: false,
            allowed_origins: Vec::new(),
            render: None,
        };
        Nginx::run(tools, prefix, port, options)
    }

    fn run(tools: &Tools, prefix: TempDir, port: u16, options: NginxOptions) -> Nginx {
        let mut command = Command::new(&tools.nginx);
        command
            .arg("-p")
            .arg(prefix.path())
            .args(["-c", "nginx.conf"]);
        let log = prefix.path().join("stdout.log");
        let mut service = Service::spawn("nginx", command, log);
        if !wait_for_port(port, Duration::from_secs(15)) || !service.is_running() {
            let errors =
                std::fs::read_to_string(prefix.path().join("logs/error.log")).unwrap_or_default();
            panic!("nginx did not start:\n{}\n{errors}", service.log_tail());
        }
        Nginx {
            _service: service,
            port,
            options,
            prefix,
            acknowledged: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The access log so far: `addr "METHOD /path HTTP/1.1" status csrf=present|-` per line.
    pub fn access_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.prefix.path().join("logs/access.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The CSP violations browsers reported to the config's `csp-report` location so far.
    pub fn csp_reports(&self) -> Vec<String> {
        self.access_log()
            .into_iter()
            .filter(|line| line.contains("/csp-report"))
            .collect()
    }

    /// Marks the reports so far as caused on purpose (a test of the reporting itself).
    pub fn acknowledge_csp_reports(&self) {
        self.acknowledged.store(
            self.csp_reports().len(),
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    /// The dashboard's URL, e.g. `http://127.0.0.1:PORT/dashboard/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}/", self.port, self.options.base_path)
    }
}

/// Every end-to-end test runs under the shipped CSP: a violation any page reported fails the
/// test that served it (unless it already failed).
impl Drop for Nginx {
    fn drop(&mut self) {
        if std::thread::panicking() || self.options.dist.as_os_str().is_empty() {
            return;
        }
        // Reports are sent a moment after the violation.
        std::thread::sleep(Duration::from_millis(300));
        let skip = self.acknowledged.load(std::sync::atomic::Ordering::SeqCst);
        let reports: Vec<String> = self.csp_reports().into_iter().skip(skip).collect();
        assert!(
            reports.is_empty(),
            "the browser reported Content-Security-Policy violations (its console names them):\n{}",
            reports.join("\n")
        );
    }
}

/// A copy of the release build with its own `config.json` text.
pub fn dist_with_config(tools: &Tools, config: &str) -> TempDir {
    let dist = TempDir::new("dist");
    for entry in std::fs::read_dir(&tools.dist).expect("read dist").flatten() {
        std::fs::copy(entry.path(), dist.path().join(entry.file_name())).expect("copy dist file");
    }
    std::fs::write(dist.path().join("config.json"), config).expect("write config.json");
    dist
}
