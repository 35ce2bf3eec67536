//! A PostgreSQL cluster of our own (Debian's postgresql package) in a temp dir on a free
//! 127.0.0.1 port, for Prefect's database at scale (the browser benchmark). Trust auth on
//! loopback only; stopped and deleted when dropped. Run as the `postgres` system user when
//! this process is root (initdb refuses root).

use super::process::{free_port, is_root, wait_for_port, Service, TempDir};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub struct Postgres {
    pub port: u16,
    bin: PathBuf,
    _service: Service,
    _dir: TempDir,
}

/// Debian's server binaries: /usr/lib/postgresql/<major>/bin (highest major).
fn server_bin() -> PathBuf {
    let mut majors: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    majors.sort();
    majors.pop().unwrap_or_else(|| {
        panic!("PostgreSQL's server is missing (scripts/setup.sh installs the postgresql package)")
    })
}

/// `program args...`, as the postgres user when we are root.
fn as_owner(program: PathBuf) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl Postgres {
    pub fn start() -> Postgres {
        let bin = server_bin();
        let dir = TempDir::new("postgres");
        let data = dir.path().join("data");
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown the cluster dir");
            assert!(status.success(), "chown the cluster dir to postgres");
        }
        let output = as_owner(bin.join("initdb"))
            .args(["-D"])
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"])
            .output()
            .expect("run initdb");
        assert!(
            output.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let port = free_port();
        let mut command = as_owner(bin.join("postgres"));
        command
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-h", "127.0.0.1", "-k"])
            .arg(dir.path())
            // A benchmark database: durability off, enough connections for Prefect's pool.
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
            .args(["-c", "shared_buffers=512MB"]);
        let mut service = Service::spawn("postgres", command, dir.path().join("postgres.log"));
        assert!(
            wait_for_port(port, Duration::from_secs(30)) && service.is_running(),
            "postgres did not start:\n{}",
            service.log_tail()
        );
        let postgres = Postgres {
            port,
            bin,
            _service: service,
            _dir: dir,
        };
        postgres.psql("CREATE DATABASE prefect");
        postgres
    }

    /// Prefect's setting for this database.
    pub fn prefect_url(&self) -> String {
        format!(
            "postgresql+asyncpg://postgres@127.0.0.1:{}/prefect",
            self.port
        )
    }

    /// Runs SQL in the `prefect` database (or `postgres` for CREATE DATABASE); panics on error.
    pub fn psql(&self, sql: &str) -> String {
        let database = if sql.starts_with("CREATE DATABASE") {
            "postgres"
        } else {
            "prefect"
        };
        let output = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .args(["-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql])
            .output()
            .expect("run psql");
        assert!(
            output.status.success(),
            "psql failed: {}\n{sql}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }
}
