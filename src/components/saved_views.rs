//! Saved views: the store (this target's views in local storage), the sidebar's list of
//! them, and the bar on each list page that names, opens, shares and deletes them.

use crate::context::AppContext;
use crate::platform;
use crate::saved_views::{
    default_for, page_label, parse_views, remove, save, set_default, shared_name, storage_key,
    to_storage, view_query, views_of, SavedView, NAME_PARAM,
};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// This target's saved views, provided once by the shell; every change is stored at once.
#[derive(Clone, Copy)]
pub struct SavedViewsStore {
    pub views: RwSignal<Vec<SavedView>>,
}

impl SavedViewsStore {
    /// The views stored for the router base `base` (a target, or a Cloud workspace).
    pub fn load(base: &str) -> SavedViewsStore {
        let key = storage_key(base);
        let views = RwSignal::new(
            platform::preference(&key)
                .map(|text| parse_views(&text))
                .unwrap_or_default(),
        );
        Effect::new(move |first: Option<()>| {
            let text = views.with(|v| to_storage(v));
            // The first run only reads what was just loaded.
            if first.is_some() {
                platform::set_preference(&key, &text);
            }
        });
        SavedViewsStore { views }
    }
}

/// The sidebar's list of saved views, by page; defaults marked. Must render inside
/// `<Router>`, below the sections.
#[component]
pub fn SavedViewsNav() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let store = expect_context::<SavedViewsStore>();
    let here = use_location();
    // The address as a saved view's link reads: path and query.
    let location = Memo::new(move |_| {
        let search = here.search.get();
        let path = here.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    });
    let items = move || {
        let mut views = store.views.get();
        views.sort_by(|a, b| {
            (&a.path, a.name.to_lowercase()).cmp(&(&b.path, b.name.to_lowercase()))
        });
        views
    };
    view! {
        <Show when=move || !store.views.with(Vec::is_empty)>
            <h2 class="sidebar__heading" id="saved-views-heading">
                "Saved views"
            </h2>
            <ul aria-labelledby="saved-views-heading" data-testid="saved-views-nav">
                <For each=items key=|v| v.clone() let:view>
                    <li>
                        <a
                            href=context.href(&view.route())
                            aria-current={
                                let here = context.href(&view.route());
                                move || location.with(|l| *l == here).then_some("page")
                            }
                        >
                            <span class="muted small">
                                {page_label(&view.path).unwrap_or_default()}": "
                            </span>
                            <span class="name" title=view.name.clone()>
                                {view.name.clone()}
                            </span>
                            {view
                                .default
                                .then(|| {
                                    view! {
                                        <span class="muted small" title="Opened by the sidebar">
                                            " (default)"
                                        </span>
                                    }
                                })}
                        </a>
                    </li>
                </For>
            </ul>
        </Show>
    }
}

/// One saved view of the page, with its actions.
#[component]
fn SavedViewItem(
    /// The view.
    view: SavedView,
    /// The page's filters now equal the view's.
    current: Signal<bool>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let store = expect_context::<SavedViewsStore>();
    let sharing = RwSignal::new(false);
    let link_field = NodeRef::<html::Input>::new();
    let share = platform::absolute_url(&context.href(&view.share_route()));
    let (path, name) = (view.path.clone(), view.name.clone());
    let toggle_default = {
        let (path, name) = (path.clone(), name.clone());
        move |_| {
            store.views.update(|views| {
                let is_default = default_for(views, &path).is_some_and(|d| d.name == name);
                *views = set_default(views, &path, (!is_default).then_some(name.as_str()));
            })
        }
    };
    let delete = move |_| {
        store
            .views
            .update(|views| *views = remove(views, &path, &name))
    };
    Effect::new(move |_| {
        if sharing.get() {
            if let Some(input) = link_field.get() {
                input.select();
            }
        }
    });
    view! {
        <li class="saved-view" data-testid="saved-view" data-name=view.name.clone()>
            <a
                href=context.href(&view.route())
                class="name"
                title=view.name.clone()
                aria-current=move || current.get().then_some("true")
            >
                {move || if current.get() { "● " } else { "" }}
                {view.name.clone()}
            </a>
            {view.default.then(|| view! { <span class="muted small">" default"</span> })}
            <button
                type="button"
                class="link-button"
                data-testid="saved-view-default"
                on:click=toggle_default
            >
                {if view.default { "Not default" } else { "Make default" }}
            </button>
            <button
                type="button"
                class="link-button"
                data-testid="saved-view-share"
                aria-expanded=move || sharing.get().to_string()
                on:click=move |_| sharing.update(|s| *s = !*s)
            >
                "Share"
            </button>
            <button
                type="button"
                class="link-button"
                data-testid="saved-view-delete"
                aria-label=format!("Delete the view {}", view.name)
                on:click=delete
            >
                "Delete"
            </button>
            <Show when=move || sharing.get()>
                <label class="small">
                    "Link to this view "
                    <input
                        node_ref=link_field
                        type="text"
                        readonly=true
                        class="share-link"
                        data-testid="saved-view-link"
                        prop:value=share.clone()
                    />
                </label>
            </Show>
        </li>
    }
}

/// The saved views of one list page: save the current filters under a name, and each view
/// of this page to open, make the default (the sidebar opens it), share as a link or
/// delete. A shared link (`view=<name>`) offers to save that view.
#[component]
pub fn SavedViewsBar(
    /// The page (one of `saved_views::VIEW_PAGES`).
    path: &'static str,
) -> impl IntoView {
    let store = expect_context::<SavedViewsStore>();
    let location = use_location();
    let query = use_query_map();
    let search = Memo::new(move |_| location.search.get());
    let shared = Memo::new(move |_| query.with(|q| shared_name(q.get_str(NAME_PARAM))));
    let name_field = NodeRef::<html::Input>::new();
    let message = RwSignal::new(None::<String>);
    let views = Memo::new(move |_| {
        store
            .views
            .with(|v| views_of(v, path).into_iter().cloned().collect::<Vec<_>>())
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name_field
            .get_untracked()
            .map(|f| f.value())
            .unwrap_or_default();
        let current = search.get_untracked();
        let saved = store
            .views
            .with_untracked(|v| save(v, path, &current, &name));
        match saved {
            Ok(views) => {
                store.views.set(views);
                if let Some(field) = name_field.get_untracked() {
                    field.set_value("");
                }
                message.set(Some(format!("Saved \u{201c}{}\u{201d}.", name.trim())));
            }
            Err(error) => message.set(Some(error.to_string())),
        }
    };
    // A shared view's name fills the field, so saving it is one click.
    Effect::new(move |_| {
        let name = shared.get();
        let known = store.views.with_untracked(|v| {
            name.as_ref()
                .is_some_and(|n| v.iter().any(|s| s.path == path && &s.name == n))
        });
        if let (Some(name), Some(field), false) = (name, name_field.get(), known) {
            field.set_value(&name);
        }
    });
    let current_query = Memo::new(move |_| view_query(&search.get()).unwrap_or_default());
    let count = move || views.with(Vec::len);
    view! {
        <details class="saved-views" data-testid="saved-views" open=move || shared.get().is_some()>
            <summary>
                {move || match count() {
                    0 => "Saved views".to_string(),
                    n => format!("Saved views ({n})"),
                }}
            </summary>
            {move || {
                shared
                    .get()
                    .map(|name| {
                        view! {
                            <p class="muted small" data-testid="shared-view">
                                {format!(
                                    "A shared view, \u{201c}{name}\u{201d}: save it below to keep it.",
                                )}
                            </p>
                        }
                    })
            }}
            <form class="filters" on:submit=on_submit>
                <label>
                    "Save these filters as "
                    <input
                        node_ref=name_field
                        type="text"
                        name="view-name"
                        maxlength="80"
                        required=true
                        data-testid="saved-view-name"
                        placeholder="a name"
                    />
                </label>
                <button type="submit" data-testid="saved-view-save">
                    "Save view"
                </button>
                <span role="status" class="muted small" data-testid="saved-view-message">
                    {move || message.get()}
                </span>
            </form>
            <ul class="plain-list saved-views__list">
                <For each=move || views.get() key=|v| v.clone() let:view>
                    {
                        let query = view.query.clone();
                        let current = Signal::derive(move || current_query.with(|q| *q == query));
                        view! { <SavedViewItem view current /> }
                    }
                </For>
            </ul>
        </details>
    }
}
