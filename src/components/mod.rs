//! Small reusable views. They render what they are given; rules live in `domain`.

mod api_error;
mod connection_status;
mod error_panel;
mod login_prompt;
mod pending_section;
mod theme_picker;

pub use api_error::ApiErrorPanel;
pub use connection_status::ConnectionStatus;
pub use error_panel::ErrorPanel;
pub use login_prompt::LoginPrompt;
pub use pending_section::PendingSection;
pub use theme_picker::ThemePicker;
