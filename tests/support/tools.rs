//! Finds the tools the harness needs, failing loudly with what to run when one is missing.

use std::path::{Path, PathBuf};

/// Paths of everything the end-to-end tests run.
#[derive(Clone, Debug)]
pub struct Tools {
    pub root: PathBuf,
    pub python: PathBuf,
    pub prefect: PathBuf,
    pub nginx: PathBuf,
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    pub dist: PathBuf,
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn require(what: &str, path: Option<PathBuf>) -> PathBuf {
    match path {
        Some(p) if p.exists() => p,
        _ => {
            panic!("end-to-end tests need {what}; run `make setup` (or `make test`, which runs it)")
        }
    }
}

impl Tools {
    /// Locates every tool and the release build; panics naming the first one missing.
    pub fn locate() -> Tools {
        let tools = Tools::locate_without_dist();
        assert!(
            tools.dist.join("index.html").is_file() && has_wasm(&tools.dist),
            "end-to-end tests need the release build in dist/; run `scripts/release-build.sh` (or `make build`)"
        );
        tools
    }

    /// Locates the tools without requiring dist/ (for capturing fixtures).
    pub fn locate_without_dist() -> Tools {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let venv = root.join(".tools/venv/bin");
        let dist = root.join("dist");
        Tools {
            python: require("the Prefect venv (.tools/venv)", Some(venv.join("python"))),
            prefect: require("prefect in .tools/venv", Some(venv.join("prefect"))),
            nginx: require(
                "nginx",
                which("nginx").or_else(|| Some("/usr/sbin/nginx".into())),
            ),
            chromium: require("chromium", which("chromium")),
            chromedriver: require("chromedriver", which("chromedriver")),
            dist,
            root,
        }
    }

    /// A file under the repository root.
    pub fn repo_file(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
}

fn has_wasm(dist: &Path) -> bool {
    std::fs::read_dir(dist)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "wasm"))
        })
        .unwrap_or(false)
}
