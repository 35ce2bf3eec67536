//! One page per file; each reads the shared `AppContext` and its own URL state.

mod artifact;
mod artifacts;
mod concurrency_limits;
mod dashboard;
mod deployment;
mod deployments;
mod flow;
mod flow_run;
mod flow_runs;
mod flows;
pub mod lazy;
mod not_found;
mod settings;
mod task_run;
mod variables;
mod work_pool;
mod work_pools;
mod workspaces;

pub use artifact::ArtifactPage;
pub use artifacts::ArtifactsPage;
pub use concurrency_limits::ConcurrencyLimitsPage;
pub use dashboard::DashboardPage;
pub use deployment::DeploymentPage;
pub use deployments::DeploymentsPage;
pub use flow::FlowPage;
pub use flow_run::FlowRunPage;
pub use flow_runs::FlowRunsPage;
pub use flows::FlowsPage;
pub use not_found::NotFoundPage;
pub use settings::SettingsPage;
pub use task_run::TaskRunPage;
pub use variables::VariablesPage;
pub use work_pool::WorkPoolPage;
pub use work_pools::WorkPoolsPage;
pub use workspaces::WorkspacesPage;
