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
}

impl NginxOptions {
    /// The release build at the site root, proxying to `api_url`.
    pub fn root(tools: &Tools, api_url: impl Into<String>) -> NginxOptions {
        NginxOptions {
            dist: tools.dist.clone(),
            api_url: api_url.into(),
            base_path: String::new(),
        }
    }
}

/// A running nginx; stopped when dropped.
pub struct Nginx {
    _service: Service,
    pub port: u16,
    pub options: NginxOptions,
    _prefix: TempDir,
}

impl Nginx {
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
            _prefix: prefix,
        }
    }

    /// The dashboard's URL, e.g. `http://127.0.0.1:PORT/dashboard/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}/", self.port, self.options.base_path)
    }
}
