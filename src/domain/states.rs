//! How a state looks: Prefect's colour by type, plus a glyph and the name, so colour is
//! never the only signal.

use crate::schemas::StateType;

/// A glyph for each state type.
pub fn glyph(state_type: &StateType) -> &'static str {
    match state_type {
        StateType::Completed => "✓",
        StateType::Failed => "✕",
        StateType::Crashed => "⚡",
        StateType::Running => "▶",
        StateType::Pending => "…",
        StateType::Scheduled => "◷",
        StateType::Paused => "‖",
        StateType::Cancelled => "⊘",
        StateType::Cancelling => "⊘",
        StateType::Unknown(_) => "?",
    }
}

/// Worst first: what a cell standing for several runs takes its colour from.
pub const WORST_FIRST: [StateType; 9] = [
    StateType::Crashed,
    StateType::Failed,
    StateType::Cancelled,
    StateType::Cancelling,
    StateType::Paused,
    StateType::Running,
    StateType::Pending,
    StateType::Scheduled,
    StateType::Completed,
];

/// Where a state sorts in [`WORST_FIRST`] (an unknown one last).
pub fn worst_rank(state_type: &StateType) -> usize {
    WORST_FIRST
        .iter()
        .position(|s| s == state_type)
        .unwrap_or(WORST_FIRST.len())
}

/// A failure: Failed or Crashed.
pub fn is_failure(state_type: &StateType) -> bool {
    matches!(state_type, StateType::Failed | StateType::Crashed)
}

/// The CSS class carrying the type's colour (`state--completed`, ...).
pub fn css_class(state_type: &StateType) -> String {
    match state_type {
        StateType::Unknown(_) => "state--unknown".to_string(),
        known => format!("state--{}", known.as_str().to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_a_glyph_and_a_class() {
        for state_type in StateType::KNOWN {
            assert!(!glyph(state_type).is_empty());
            assert!(css_class(state_type).starts_with("state--"));
        }
        assert_eq!(css_class(&StateType::Unknown("X".into())), "state--unknown");
        assert_eq!(css_class(&StateType::Cancelling), "state--cancelling");
    }
}
