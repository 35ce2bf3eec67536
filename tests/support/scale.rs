//! Prefect as its docs run it at scale: PostgreSQL, Redis for messaging (prefect-redis), two
//! API replicas started with `--no-services` and one process with the background services,
//! every one a process of the test's own on free 127.0.0.1 ports.

use super::{Postgres, PrefectOptions, PrefectServer, PrefectServices, Redis, Tools};

/// Two replicas on one database (and broker), the services beside them. Dropped in this
/// order: the replicas and services before what they stand on.
pub struct ScaleBed {
    pub a: PrefectServer,
    pub b: PrefectServer,
    _services: PrefectServices,
    _redis: Option<Redis>,
    _postgres: Postgres,
}

impl ScaleBed {
    /// The bed, with the Redis broker or without it (each replica's own in-memory one);
    /// `env` holds further settings for every process (Prefect's own UI on, say).
    pub fn start(tools: &Tools, broker: bool, env: Vec<(String, String)>) -> ScaleBed {
        let postgres = Postgres::start();
        let redis = broker.then(Redis::start);
        let mut env = env;
        env.push((
            "PREFECT_API_DATABASE_CONNECTION_URL".to_string(),
            postgres.prefect_url(),
        ));
        if let Some(redis) = &redis {
            env.extend(redis.prefect_env());
        }
        let replica = |env: Vec<(String, String)>| PrefectOptions {
            env,
            no_services: true,
            ..PrefectOptions::default()
        };
        // The first replica migrates the database; the services and the second start on it.
        let a = PrefectServer::start(tools, replica(env.clone()));
        let services = PrefectServices::start(tools, &env);
        let b = PrefectServer::start(tools, replica(env));
        ScaleBed {
            a,
            b,
            _services: services,
            _redis: redis,
            _postgres: postgres,
        }
    }

    /// Both replicas' API addresses, space-separated (render-nginx.sh's upstream group).
    pub fn api_urls(&self) -> String {
        format!("{} {}", self.a.api_url(), self.b.api_url())
    }
}
