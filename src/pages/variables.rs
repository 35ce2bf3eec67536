//! Variables: name, value (long values folded, as text), tags and when each was last
//! updated; the name search, tags and page in the URL.

use crate::api::invalidation::Topic;
use crate::components::{
    list_pager, ActionFuture, ActionState, ActionStatus, ConfirmAction, FetchedSignal, FilterForm,
    KeyedRow, ListChips, ManagedForm, OnDemandForm, PagedTable, SavedViewsBar, Tags, TagsInput,
    Time,
};
use crate::context::AppContext;
use crate::domain::keyed::Keyed;
use crate::domain::list_query::ListQuery;
use crate::domain::variables::{value_text, ValueText};
use crate::hooks::{use_list_query, use_page_title};
use crate::loaders::manage::delete_variable;
use crate::loaders::variables::variables;
use crate::routes;
use crate::schemas::responses::Paginated;
use crate::schemas::{Timestamp, Variable};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

/// One variable as its row shows it.
#[derive(Clone, Debug, Hash)]
struct VariableRow {
    id: Uuid,
    /// Its value as JSON (what its edit starts from).
    json: String,
    name: String,
    value: ValueText,
    tags: Vec<String>,
    updated: Option<Timestamp>,
}

/// The page's changes to variables, for their rows (none when read-only).
#[derive(Clone, Copy)]
struct VariableActions(ActionState);

/// A row's Edit… and Delete.
fn row_actions(row: &VariableRow, state: ActionState) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let variable = Variable {
        id: row.id,
        created: None,
        updated: row.updated,
        name: row.name.clone(),
        value: serde_json::from_str(&row.json).unwrap_or_default(),
        tags: row.tags.clone(),
    };
    let (id, name) = (row.id, row.name.clone());
    let delete = Callback::new(move |()| {
        Box::pin(delete_variable(context.client(), id, name.clone())) as ActionFuture
    });
    view! {
        <td class="cell-actions">
            <span class="actions">
                <OnDemandForm label="Edit…" form=ManagedForm::EditVariable(variable) state />
                <ConfirmAction
                    state
                    label="Delete"
                    title=format!("Delete the variable {}?", row.name)
                    body="Flows that read it get nothing (or their default) from now on. This \
                    cannot be undone."
                    confirm="Delete variable"
                    act=delete
                    topics=vec![Topic::Variables]
                    danger=true
                />
            </span>
        </td>
    }
}

fn row_view(row: VariableRow) -> impl IntoView {
    let actions =
        use_context::<VariableActions>().map(|VariableActions(state)| row_actions(&row, state));
    let ValueText { short, full, kind } = row.value;
    let value = match full {
        None => view! { <code data-testid="variable-value">{short}</code> }.into_any(),
        Some(full) => view! {
            <details data-testid="variable-folded">
                <summary>
                    <code>{short}</code>
                </summary>
                <pre class="json" data-testid="variable-value">
                    {full}
                </pre>
            </details>
        }
        .into_any(),
    };
    let (title, data_name) = (row.name.clone(), row.name.clone());
    view! {
        <tr data-testid="variable-row" data-name=data_name>
            <td data-testid="variable-name" title=title>
                {row.name}
            </td>
            <td>{value}<div class="muted">{kind}</div></td>
            <td>
                <Tags tags=row.tags />
            </td>
            <td>
                <Time at=row.updated relative=true />
            </td>
            {actions}
        </tr>
    }
}

fn variable_row(v: &Variable) -> VariableRow {
    VariableRow {
        id: v.id,
        json: v.value.to_string(),
        name: v.name.clone(),
        value: value_text(&v.value),
        tags: v.tags.clone(),
        updated: v.updated,
    }
}

/// The variables page (`/variables`).
#[component]
pub fn VariablesPage() -> impl IntoView {
    use_page_title("Variables");
    let context = expect_context::<AppContext>();
    let query = use_list_query();
    // Variables change rarely; the shell's poll refreshes them with everything else.
    let data = context.resource(Topic::Variables, move |client| {
        variables(client, query.get())
    });
    // New, edit and delete, hidden when read-only.
    let state = ActionState::default();
    let actionable = !context.read_only();
    if actionable {
        provide_context(VariableActions(state));
    }
    let headers: &'static [&'static str] = if actionable {
        &["Name", "Value", "Tags", "Updated", "Actions"]
    } else {
        &["Name", "Value", "Tags", "Updated"]
    };
    let list_path = context.href(routes::VARIABLES);
    let render = move |list: Signal<Arc<Paginated<Variable>>>| {
        let rows = Signal::derive(move || {
            list.get()
                .results
                .iter()
                .map(|v| KeyedRow::new(Keyed::new(v.id.to_string(), variable_row(v)), row_view))
                .collect::<Vec<_>>()
        });
        let pager = move || {
            let list = list.get();
            let q = query.get();
            list_pager(q.page, list.pages, list.count, "variables", |page| {
                let view = ListQuery { page, ..q.clone() };
                context.href(&routes::variables(&view.to_query_string()))
            })
        };
        view! {
            <PagedTable
                testid="variables-table"
                headers
                rows
                empty=(
                    "no-variables",
                    "No variables match. Flows and the CLI set them: prefect variable set NAME VALUE.",
                )
                pager
            />
        }
    };
    view! {
        <section class="page">
            <h1>"Variables"</h1>
            {actionable
                .then(|| {
                    view! {
                        <div
                            class="actions"
                            data-testid="variables-actions"
                            role="group"
                            aria-label="Variable actions"
                        >
                            <OnDemandForm
                                label="New variable…"
                                form=ManagedForm::NewVariable
                                state
                            />
                            <ActionStatus state />
                        </div>
                    }
                })}
            <SavedViewsBar path=routes::VARIABLES />
            <FilterForm action=list_path>
                <label>
                    <span class="visually-hidden">"Variable name"</span>
                    <input
                        type="search"
                        placeholder="Variable name"
                        name="q"
                        prop:value=move || query.get().search
                    />
                </label>
                <TagsInput tags=Signal::derive(move || query.get().tags) />
                <ListChips query path=routes::VARIABLES />
            </FilterForm>
            <p class="muted">"Variables with every tag given."</p>
            <FetchedSignal resource=data title="Variables" loading="Loading variables…" render />
        </section>
    }
}
