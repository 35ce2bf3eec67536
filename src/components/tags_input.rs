use leptos::prelude::*;

/// The `tag` field of a GET filter form: comma-separated tags, any of which must match (a
/// compact box: its label is for screen readers, its placeholder says the rest).
#[component]
pub fn TagsInput(
    /// The tags now in the URL.
    #[prop(into)]
    tags: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <label>
            <span class="visually-hidden">"Tags"</span>
            <input
                type="text"
                name="tag"
                placeholder="Tags, comma-separated"
                prop:value=move || tags.get().join(",")
            />
        </label>
    }
}
