use crate::domain::theme::Theme;
use leptos::prelude::*;

/// A radio group to choose the colour theme.
#[component]
pub fn ThemePicker(
    /// The current theme; the picker writes the user's choice into it.
    theme: RwSignal<Theme>,
) -> impl IntoView {
    view! {
        <fieldset class="theme-picker">
            <legend>"Theme"</legend>
            {Theme::ALL
                .into_iter()
                .map(|choice| {
                    view! {
                        <label>
                            <input
                                type="radio"
                                name="theme"
                                value=choice.as_str()
                                prop:checked=move || theme.get() == choice
                                on:change=move |_| theme.set(choice)
                            />
                            {choice.label()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
