//! `make run` (scripts/run.sh) never writes to a server it did not start: a port asked for
//! that something else holds stops it with a message, before it builds, starts or seeds
//! anything, and the other server sees no request at all.

use crate::support::process::{Service, TempDir};
use crate::support::Tools;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Something that looks like a Prefect server to a health check (any request: 200 `true`),
/// counting the requests it gets.
fn impostor() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0u8; 4096];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            if stream.read(&mut buffer).unwrap_or(0) > 0 {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\ntrue",
            );
        }
    });
    (port, seen)
}

#[test]
fn make_run_never_uses_a_port_someone_else_holds() {
    let tools = Tools::locate();
    let (port, seen) = impostor();
    let logs = TempDir::new("run-script");
    for (variable, api) in [("PREFECT_PORT", None), ("DASHBOARD_PORT", Some(port))] {
        let mut command = Command::new(tools.repo_file("scripts/run.sh"));
        command
            .env(variable, port.to_string())
            .env_remove("PREFECT_API_URL");
        if let Some(api) = api {
            command.env("PREFECT_API_URL", format!("http://127.0.0.1:{api}/api"));
        }
        let log = logs.path().join(format!("{variable}.log"));
        let mut run = Service::spawn("run.sh", command, log.clone());
        let deadline = Instant::now() + Duration::from_secs(60);
        while run.is_running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
        }
        let stopped = !run.is_running();
        let output = std::fs::read_to_string(&log).unwrap_or_default();
        drop(run);
        assert!(stopped, "{variable} taken: run.sh kept going:\n{output}");
        assert!(
            output.contains(&format!("port {port} ({variable}) is already in use")),
            "{variable}: {output}"
        );
        assert!(
            !output.contains("building the dashboard"),
            "{variable}: nothing was built: {output}"
        );
    }
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "the other server got no request"
    );
}
