use crate::domain::markdown::{parse, Block, Inline};
use leptos::prelude::*;

fn inline_view(pieces: Vec<Inline>) -> AnyView {
    pieces
        .into_iter()
        .map(|piece| match piece {
            Inline::Text(text) => text.into_any(),
            Inline::Code(code) => view! { <code>{code}</code> }.into_any(),
            Inline::Strong(inner) => view! { <strong>{inline_view(inner)}</strong> }.into_any(),
            Inline::Emphasis(inner) => view! { <em>{inline_view(inner)}</em> }.into_any(),
            Inline::Link { text, href } => view! {
                <a href=href rel="noopener noreferrer nofollow" target="_blank">
                    {inline_view(text)}
                </a>
            }
            .into_any(),
        })
        .collect_view()
        .into_any()
}

/// Markdown from the API, as elements and text nodes only: raw HTML shows as text.
#[component]
pub fn Markdown(
    /// The Markdown source.
    source: String,
) -> impl IntoView {
    let blocks = parse(&source)
        .into_iter()
        .map(|block| match block {
            Block::Heading(level, text) => {
                // Page headings own h1/h2; description headings start at h3.
                let text = inline_view(text);
                match level {
                    1 => view! { <h3>{text}</h3> }.into_any(),
                    2 => view! { <h4>{text}</h4> }.into_any(),
                    3 => view! { <h5>{text}</h5> }.into_any(),
                    _ => view! { <h6>{text}</h6> }.into_any(),
                }
            }
            Block::Paragraph(text) => view! { <p>{inline_view(text)}</p> }.into_any(),
            Block::List { ordered, items } => {
                let items = items
                    .into_iter()
                    .map(|item| view! { <li>{inline_view(item)}</li> })
                    .collect_view();
                if ordered {
                    view! { <ol>{items}</ol> }.into_any()
                } else {
                    view! { <ul>{items}</ul> }.into_any()
                }
            }
            Block::Quote(text) => view! { <blockquote>{inline_view(text)}</blockquote> }.into_any(),
            Block::Code(code) => view! {
                <pre>
                    <code>{code}</code>
                </pre>
            }
            .into_any(),
            Block::Rule => view! { <hr /> }.into_any(),
        })
        .collect_view();
    view! {
        <div class="markdown" data-testid="markdown">
            {blocks}
        </div>
    }
}
