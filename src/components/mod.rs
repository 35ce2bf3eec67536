//! Small reusable views. They render what they are given; rules live in `domain`.

mod connection_status;
mod error_panel;
mod pending_section;
mod theme_picker;

pub use connection_status::ConnectionStatus;
pub use error_panel::ErrorPanel;
pub use pending_section::PendingSection;
pub use theme_picker::ThemePicker;
