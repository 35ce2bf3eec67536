//! nginx serving a dist/ with the repo's own config (deploy/nginx), rendered by
//! scripts/render-nginx.sh exactly as `make run` does.

use super::process::{free_port, wait_for_port, Service, TempDir};
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
}

impl NginxOptions {
    /// The release build at the site root, proxying to `api_url`.
    pub fn root(tools: &Tools, api_url: impl Into<String>) -> NginxOptions {
        NginxOptions {
            dist: tools.dist.clone(),
            api_url: api_url.into(),
            base_path: String::new(),
            without_websocket: false,
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
}

impl Nginx {
    /// Serves the dashboard with the repo's own config (deploy/nginx).
    pub fn start(tools: &Tools, options: NginxOptions) -> Nginx {
        let prefix = TempDir::new("nginx");
        let port = free_port();
        let status = Command::new(tools.repo_file("scripts/render-nginx.sh"))
            .arg(prefix.path())
            .arg(format!("127.0.0.1:{port}"))
            .arg(&options.dist)
            .arg(&options.api_url)
            .arg(&options.base_path)
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

    /// The dashboard's URL, e.g. `http://127.0.0.1:PORT/dashboard/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}/", self.port, self.options.base_path)
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
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
