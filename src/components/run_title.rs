//! The head of a run's page (a flow run's, a task run's): its name, then its state with the
//! state's message, on one line.

use super::StateBadge;
use crate::schemas::StateType;
use leptos::prelude::*;

/// A run's name and state. `kind` prefixes the test ids (`flow-run-name`, `task-run-state`).
#[component]
pub fn RunTitle(
    /// "flow-run" or "task-run".
    kind: &'static str,
    /// The run's name.
    name: String,
    /// The type its state is shown as (a "Late" run is Scheduled).
    state_type: StateType,
    /// The state's name ("Late"); the type's name when None.
    state_name: Option<String>,
    /// The state's message, if it has one worth showing.
    message: Option<String>,
) -> impl IntoView {
    view! {
        <div class="page-header">
            <h1 data-testid=format!("{kind}-name")>{name}</h1>
            <p data-testid=format!("{kind}-state") class="page-header__state">
                <StateBadge state_type name=state_name />
                {message
                    .map(|m| {
                        view! {
                            <span class="state-message" data-testid="state-message">
                                " "
                                {m}
                            </span>
                        }
                    })}
            </p>
        </div>
    }
}
