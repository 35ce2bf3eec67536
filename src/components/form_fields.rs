//! The inputs of `FormDialog`: one per kind of field (text, whole number, lines, Markdown
//! with its preview, choice, checkbox, an ordered list, a schema's parameters), each with its
//! label, hint and the mistakes found in it.

use super::parameter_fields::{errors_view, field_view as parameter_view, FormState};
use super::Markdown;
use crate::domain::forms::{
    flag_text, many_list, many_toggled, move_item, order_list, order_text, FieldError, FormValues,
};
use crate::domain::parameter_form::messages_for;
use leptos::prelude::*;

/// How a field is typed in.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldInput {
    Text,
    /// A whole number (typed as text, so any input is read and explained).
    Number,
    /// Several lines (JSON, Markdown), this many rows.
    Lines(u32),
    /// One of these (value, label).
    Choice(Vec<(String, String)>),
    /// Items put in order, each moved up or down by a button (the value is
    /// `forms::order_text`).
    Order,
    /// A checkbox ("true" / "false").
    Check,
    /// Any of these (value, label), a checkbox each (the value is `forms::many_text`).
    Many(Vec<(String, String)>),
    /// Markdown, this many rows, with its preview under it.
    Markdown(u32),
    /// A flow's parameters, one input per field of its schema (the custom run's fields;
    /// their paths carry their own prefix).
    Parameters(Vec<crate::domain::parameter_form::Field>),
}

/// One field of the form.
#[derive(Clone, Debug)]
pub struct FormField {
    /// The field's path, as the form's values and the server's refusals name it.
    pub path: &'static str,
    pub label: &'static str,
    pub input: FieldInput,
    /// A line under the label ("Empty: no limit").
    pub hint: Option<&'static str>,
    /// Shown only while this holds of the form's values (a trigger's fields, for its kind).
    pub shown: Option<fn(&FormValues) -> bool>,
}

impl FormField {
    pub fn new(path: &'static str, label: &'static str, input: FieldInput) -> Self {
        FormField {
            path,
            label,
            input,
            hint: None,
            shown: None,
        }
    }

    /// Shown only while `shown` holds of the form's values.
    pub fn shown_if(mut self, shown: fn(&FormValues) -> bool) -> Self {
        self.shown = Some(shown);
        self
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// A field's hint, in the element its input's `aria-describedby` names.
fn hint_view(hint: Option<&'static str>, id: String) -> Option<impl IntoView> {
    hint.map(|hint| {
        view! {
            <span class="field-help" id=id>
                {hint}
            </span>
        }
    })
}

/// One field: its label, hint, input and the mistakes found in it.
pub(super) fn field_view(
    form: &'static str,
    field: FormField,
    values: RwSignal<FormValues>,
    errors: RwSignal<Vec<FieldError>>,
    on_input: impl Fn(&'static str, String) + Copy + Send + Sync + 'static,
) -> AnyView {
    let path = field.path;
    let id = format!("{form}-{}", path.replace('.', "-"));
    let errors_id = format!("{id}-errors");
    let hint_id = format!("{id}-hint");
    let value = move || values.with(|v| v.get(path).cloned().unwrap_or_default());
    let invalid = move || errors.with(|e| !messages_for(e, path).is_empty());
    let described = if field.hint.is_some() {
        format!("{hint_id} {errors_id}")
    } else {
        errors_id.clone()
    };
    let input = match field.input {
        FieldInput::Parameters(parameters) => {
            let form = FormState { values, errors };
            let inputs = parameters
                .into_iter()
                .map(|f| parameter_view(f, form))
                .collect_view();
            return view! {
                <fieldset class="field-group" data-testid=format!("field-{path}")>
                    <legend>{field.label}</legend>
                    {field.hint.map(|hint| view! { <span class="field-help">{hint}</span> })}
                    {inputs}
                    // What is wrong with the group as a whole (a schema that is no form).
                    {errors_view(FormState { values, errors }, path.to_string(), errors_id)}
                </fieldset>
            }
            .into_any();
        }
        FieldInput::Check => view! {
            <input
                type="checkbox"
                id=id.clone()
                data-testid=format!("field-{path}")
                aria-describedby=described
                prop:checked=move || value() == "true"
                on:change:target=move |ev| on_input(path, flag_text(ev.target().checked()))
            />
        }
        .into_any(),
        FieldInput::Markdown(rows) => view! {
            <textarea
                id=id.clone()
                data-testid=format!("field-{path}")
                rows=rows
                aria-describedby=described
                aria-invalid=move || invalid().to_string()
                prop:value=value
                on:input:target=move |ev| on_input(path, ev.target().value())
            ></textarea>
            <div class="markdown-preview" data-testid="markdown-preview" aria-label="Preview">
                {move || {
                    let source = value();
                    (!source.trim().is_empty()).then(|| view! { <Markdown source /> })
                }}
            </div>
        }
        .into_any(),
        FieldInput::Text | FieldInput::Number => view! {
            <input
                type="text"
                id=id.clone()
                data-testid=format!("field-{path}")
                inputmode=(field.input == FieldInput::Number).then_some("numeric")
                aria-describedby=described
                aria-invalid=move || invalid().to_string()
                prop:value=value
                on:input:target=move |ev| on_input(path, ev.target().value())
            />
        }
        .into_any(),
        FieldInput::Lines(rows) => view! {
            <textarea
                id=id.clone()
                data-testid=format!("field-{path}")
                rows=rows
                spellcheck="false"
                aria-describedby=described
                aria-invalid=move || invalid().to_string()
                prop:value=value
                on:input:target=move |ev| on_input(path, ev.target().value())
            ></textarea>
        }
        .into_any(),
        FieldInput::Order => {
            let items = move || order_list(&value());
            // Rows are keyed by name, so a moved row keeps its node (and the focus on its
            // button); its place is read afresh.
            let place = move |name: &str| {
                let list = order_list(&value());
                (list.iter().position(|n| n == name), list.len())
            };
            let shift = move |name: &str, up: bool| {
                let mut list = order_list(&value());
                if let Some(index) = list.iter().position(|n| n == name) {
                    move_item(&mut list, index, up);
                    on_input(path, order_text(&list));
                }
            };
            view! {
                <ol
                    class="order-list"
                    id=id.clone()
                    data-testid=format!("field-{path}")
                    aria-describedby=described
                >
                    <For each=items key=String::clone let(name)>
                        <li data-testid="order-item" data-name=name.clone()>
                            <span class="order-list__name">{name.clone()}</span>
                            {
                                let (up, down) = (name.clone(), name.clone());
                                let (first, last) = (name.clone(), name.clone());
                                view! {
                                    <button
                                        type="button"
                                        data-testid="order-up"
                                        aria-label=format!("Move {name} up")
                                        disabled=move || place(&first).0 == Some(0)
                                        on:click=move |_| shift(&up, true)
                                    >
                                        "↑"
                                    </button>
                                    <button
                                        type="button"
                                        data-testid="order-down"
                                        aria-label=format!("Move {name} down")
                                        disabled=move || {
                                            let (at, len) = place(&last);
                                            at.is_some_and(|i| i + 1 >= len)
                                        }
                                        on:click=move |_| shift(&down, false)
                                    >
                                        "↓"
                                    </button>
                                }
                            }
                        </li>
                    </For>
                </ol>
            }
            .into_any()
        }
        FieldInput::Many(choices) => {
            let all: Vec<String> = choices.iter().map(|(choice, _)| choice.clone()).collect();
            let boxes = choices
                .into_iter()
                .map(|(choice, label)| {
                    let (this, all) = (choice.clone(), all.clone());
                    let checked = {
                        let choice = choice.clone();
                        move || many_list(&value()).contains(&choice)
                    };
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="many-choice"
                                value=choice
                                prop:checked=checked
                                on:change:target=move |ev| {
                                    let on = ev.target().checked();
                                    let now = many_list(&value());
                                    on_input(path, many_toggled(&all, &now, &this, on));
                                }
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view();
            return view! {
                <fieldset
                    class="field-group many"
                    id=id
                    data-testid=format!("field-{path}")
                    aria-describedby=described
                >
                    <legend>{field.label}</legend>
                    {hint_view(field.hint, hint_id)}
                    {boxes}
                    {errors_view(FormState { values, errors }, path.to_string(), errors_id)}
                </fieldset>
            }
            .into_any();
        }
        FieldInput::Choice(choices) => view! {
            <select
                id=id.clone()
                data-testid=format!("field-{path}")
                aria-describedby=described
                aria-invalid=move || invalid().to_string()
                prop:value=value
                on:change:target=move |ev| on_input(path, ev.target().value())
            >
                {choices
                    .into_iter()
                    .map(|(choice, label)| {
                        let chosen = choice.clone();
                        view! {
                            <option value=choice prop:selected=move || value() == chosen>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{field.label}</label>
            {hint_view(field.hint, hint_id)}
            {input}
            {errors_view(FormState { values, errors }, path.to_string(), errors_id)}
        </div>
    }
    .into_any()
}
