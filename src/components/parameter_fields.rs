//! The custom-run form's fields (`custom_run.rs`): one input per parameter of the
//! deployment's schema (a fieldset for an object), the run's own options, and each field's
//! errors beside it. Part of the `custom_run` chunk.

use crate::domain::parameter_form::{
    messages_for, Field, FieldError, FieldKind, FormValues, TextFormat,
};
use leptos::prelude::*;
use serde_json::Value;

/// The saved blocks a nested block can be, by block type slug (provided by the block
/// forms; without it a nested block is typed as an id).
#[derive(Clone)]
pub(super) struct BlockChoices(pub(super) std::sync::Arc<crate::domain::block_forms::Choices>);

/// The form's live state, shared by its fields.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    pub(super) values: RwSignal<FormValues>,
    pub(super) errors: RwSignal<Vec<FieldError>>,
}

impl FormState {
    fn text(&self, path: &str) -> String {
        self.values
            .with(|v| v.get(path).cloned())
            .unwrap_or_default()
    }

    fn set(&self, path: &str, text: String) {
        self.values.update(|v| {
            v.insert(path.to_string(), text);
        });
    }

    fn messages(&self, path: &str) -> Vec<String> {
        self.errors.with(|e| messages_for(e, path))
    }
}

pub(super) fn error_list(form: FormState, path: String) -> impl IntoView {
    let id = format!("{}-errors", input_id(&path));
    errors_view(form, path, id)
}

/// The mistakes found in the field at `path`, in an element of id `id` (what its input's
/// `aria-describedby` names).
pub(super) fn errors_view(form: FormState, path: String, id: String) -> impl IntoView {
    view! {
        <span class="field-errors" id=id>
            {move || {
                form.messages(&path)
                    .into_iter()
                    .map(|message| {
                        view! {
                            <span
                                class="field-error"
                                data-testid="field-error"
                                data-path=path.clone()
                            >
                                {message}
                            </span>
                        }
                    })
                    .collect_view()
            }}
        </span>
    }
}

pub(super) fn input_id(path: &str) -> String {
    format!("param-{}", path.replace('.', "-"))
}

fn choice_label(option: &Value) -> String {
    match option {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One field's input (a fieldset of inputs for an object).
pub(super) fn field_view(field: Field, form: FormState) -> AnyView {
    let path = field.path.clone();
    let id = input_id(&path);
    let described = format!("{id}-errors");
    let invalid = {
        let path = path.clone();
        move || (!form.messages(&path).is_empty()).then_some("true")
    };
    let title = if field.required {
        format!("{} *", field.title)
    } else {
        field.title.clone()
    };
    let description = field
        .description
        .clone()
        .map(|d| view! { <span class="field-help">{d}</span> });
    let value = {
        let path = path.clone();
        move || form.text(&path)
    };
    let on_text = {
        let path = path.clone();
        move |text: String| form.set(&path, text)
    };
    let input = match &field.kind {
        FieldKind::Object(children) => {
            let children = children
                .iter()
                .cloned()
                .map(|child| field_view(child, form))
                .collect_view();
            return view! {
                <fieldset class="field-group" data-testid="param-object" data-path=path.clone()>
                    <legend>{title}</legend>
                    {description}
                    {children}
                </fieldset>
            }
            .into_any();
        }
        FieldKind::Boolean => view! {
            <input
                type="checkbox"
                id=id.clone()
                data-testid="param"
                data-path=path.clone()
                aria-describedby=described.clone()
                aria-invalid=invalid
                prop:checked=move || value() == "true"
                on:change:target=move |ev| on_text(ev.target().checked().to_string())
            />
        }
        .into_any(),
        FieldKind::Choice(options) => {
            let blank = (!field.required || field.nullable).then(|| {
                view! { <option value="">"(default)"</option> }
            });
            let options = options
                .iter()
                .map(|option| {
                    let wire = serde_json::to_string(option).unwrap_or_default();
                    view! { <option value=wire>{choice_label(option)}</option> }
                })
                .collect_view();
            view! {
                <select
                    id=id.clone()
                    data-testid="param"
                    data-path=path.clone()
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=value
                    on:change:target=move |ev| on_text(ev.target().value())
                >
                    {blank}
                    {options}
                </select>
            }
            .into_any()
        }
        FieldKind::List(_) | FieldKind::Json(_) => {
            let note = match &field.kind {
                FieldKind::Json(why) => format!("JSON ({why})"),
                _ => "One per line".to_string(),
            };
            view! {
                <span class="field-help">{note}</span>
                <textarea
                    id=id.clone()
                    data-testid="param"
                    data-path=path.clone()
                    rows="3"
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=value
                    on:input:target=move |ev| on_text(ev.target().value())
                ></textarea>
            }
            .into_any()
        }
        FieldKind::Block(slug) => {
            let options = use_context::<BlockChoices>()
                .and_then(|BlockChoices(choices)| choices.get(slug).cloned())
                .unwrap_or_default();
            let none = if options.is_empty() {
                format!("(no saved {slug} block)")
            } else {
                "(none)".to_string()
            };
            let options = options
                .into_iter()
                .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                .collect_view();
            view! {
                <select
                    id=id.clone()
                    data-testid="param"
                    data-path=path.clone()
                    data-block-type=slug.clone()
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=value
                    on:change:target=move |ev| on_text(ev.target().value())
                >
                    <option value="">{none}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FieldKind::Number { integer, .. } => {
            let step = if *integer { "1" } else { "any" };
            view! {
                <input
                    type="number"
                    step=step
                    id=id.clone()
                    data-testid="param"
                    data-path=path.clone()
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=value
                    on:input:target=move |ev| on_text(ev.target().value())
                />
            }
            .into_any()
        }
        FieldKind::Text { format, .. } => {
            let (kind, placeholder) = match format {
                TextFormat::Date => ("date", ""),
                TextFormat::DateTime => ("text", "2026-12-02T09:30:00Z"),
                TextFormat::Plain => ("text", ""),
                TextFormat::Password => ("password", ""),
            };
            // A secret is never offered to the browser's password store as a login.
            let autocomplete = (*format == TextFormat::Password).then_some("new-password");
            view! {
                <input
                    type=kind
                    autocomplete=autocomplete
                    placeholder=placeholder
                    id=id.clone()
                    data-testid="param"
                    data-path=path.clone()
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=value
                    on:input:target=move |ev| on_text(ev.target().value())
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{title}</label>
            {description}
            {input}
            {error_list(form, path)}
        </div>
    }
    .into_any()
}

/// One of the run's own options: a labelled text input with its errors.
pub(super) fn option_input(
    label: &'static str,
    testid: &'static str,
    placeholder: &'static str,
    form: FormState,
    value: Signal<String>,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let path = format!(
        "run.{}",
        testid.trim_start_matches("run-").replace('-', "_")
    );
    let id = input_id(&path);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                type="text"
                id=id
                data-testid=testid
                placeholder=placeholder
                prop:value=move || value.get()
                on:input:target=move |ev| set(ev.target().value())
            />
            {error_list(form, path)}
        </div>
    }
}
