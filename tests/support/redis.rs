//! A Redis server of our own (Debian's redis-server) on a free 127.0.0.1 port with its own
//! directory, for Prefect's messaging across API replicas (prefect-redis). Nothing is saved
//! to disk; stopped and deleted when dropped.

use super::process::{free_port, wait_for_port, Service, TempDir};
use std::process::Command;
use std::time::Duration;

pub struct Redis {
    pub port: u16,
    _service: Service,
    _dir: TempDir,
}

impl Redis {
    pub fn start() -> Redis {
        let dir = TempDir::new("redis");
        let port = free_port();
        let mut command = Command::new("redis-server");
        command
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .arg("--dir")
            .arg(dir.path())
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ]);
        let mut service = Service::spawn("redis-server", command, dir.path().join("redis.log"));
        assert!(
            wait_for_port(port, Duration::from_secs(15)) && service.is_running(),
            "redis-server did not start (scripts/setup.sh installs it):\n{}",
            service.log_tail()
        );
        Redis {
            port,
            _service: service,
            _dir: dir,
        }
    }

    /// Prefect's settings for several replicas on this server (prefect-redis): messaging and
    /// its cache, the events' causal ordering and concurrency leases, as Prefect's docs for
    /// a self-hosted server at scale set them.
    pub fn prefect_env(&self) -> Vec<(String, String)> {
        [
            ("PREFECT_MESSAGING_BROKER", "prefect_redis.messaging"),
            ("PREFECT_MESSAGING_CACHE", "prefect_redis.messaging"),
            (
                "PREFECT_SERVER_EVENTS_CAUSAL_ORDERING",
                "prefect_redis.ordering",
            ),
            (
                "PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE",
                "prefect_redis.lease_storage",
            ),
            ("PREFECT_REDIS_MESSAGING_HOST", "127.0.0.1"),
            ("PREFECT_REDIS_MESSAGING_PORT", &self.port.to_string()),
            ("PREFECT_REDIS_MESSAGING_DB", "0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }
}
