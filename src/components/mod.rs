//! Small reusable views. They render what they are given; rules live in `domain`.

mod api_error;
mod connection_status;
mod error_panel;
mod fetched;
mod flow_run_table;
mod gantt;
mod history_chart;
mod login_prompt;
mod logs;
mod pending_section;
mod runs_filters;
mod state_badge;
mod state_timeline;
mod theme_picker;
mod time;
mod time_zone_picker;

pub use api_error::ApiErrorPanel;
pub use connection_status::ConnectionStatus;
pub use error_panel::ErrorPanel;
pub use fetched::{Fetched, LastGood};
pub use flow_run_table::{FlowRunRow, FlowRunTable, WINDOW_THRESHOLD};
pub use gantt::Gantt;
pub use history_chart::HistoryChart;
pub use login_prompt::LoginPrompt;
pub use logs::{level_name, log_table, LogControls};
pub use pending_section::PendingSection;
pub use runs_filters::{load_filter_options, FilterOptions, RunsFilters};
pub use state_badge::StateBadge;
pub use state_timeline::StateTimeline;
pub use theme_picker::ThemePicker;
pub use time::Time;
pub use time_zone_picker::TimeZonePicker;
