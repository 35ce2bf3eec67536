//! The end-to-end harness: real Prefect servers, the repo's nginx config and Chromium,
//! each started on free 127.0.0.1 ports and stopped (by process group) when dropped.
//! Later tests start several servers at once with different settings.

#![allow(dead_code, unused_imports)]

pub mod browser;
pub mod fault_proxy;
pub mod hostile;
pub mod http;
pub mod nginx;
pub mod pages;
pub mod postgres;
pub mod prefect;
pub mod process;
pub mod redis;
pub mod rows;
pub mod scale;
pub mod tools;

pub use browser::Browser;
pub use fault_proxy::{Fault, FaultProxy};
pub use nginx::{Nginx, NginxOptions};
pub use postgres::Postgres;
pub use prefect::{PrefectOptions, PrefectServer, PrefectServices};
pub use redis::Redis;
pub use scale::ScaleBed;
pub use tools::Tools;
