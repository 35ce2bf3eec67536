use crate::domain::markdown::{parse, Align, Kind, Node};
use leptos::prelude::*;

fn nodes_view(nodes: Vec<Node>) -> AnyView {
    nodes.into_iter().map(node_view).collect_view().into_any()
}

fn node_view(node: Node) -> AnyView {
    match node {
        Node::Text(text) => text.into_any(),
        Node::Code(code) => view! { <code>{code}</code> }.into_any(),
        Node::Break => view! { <br /> }.into_any(),
        Node::Rule => view! { <hr /> }.into_any(),
        Node::Element(kind, children) => element_view(kind, nodes_view(children)),
    }
}

fn element_view(kind: Kind, inner: AnyView) -> AnyView {
    match kind {
        Kind::Paragraph => view! { <p>{inner}</p> }.into_any(),
        // Page headings own h1/h2; a document's headings start at h3.
        Kind::Heading(1) => view! { <h3>{inner}</h3> }.into_any(),
        Kind::Heading(2) => view! { <h4>{inner}</h4> }.into_any(),
        Kind::Heading(3) => view! { <h5>{inner}</h5> }.into_any(),
        Kind::Heading(_) => view! { <h6>{inner}</h6> }.into_any(),
        Kind::Quote => view! { <blockquote>{inner}</blockquote> }.into_any(),
        Kind::CodeBlock => view! {
            <pre>
                <code>{inner}</code>
            </pre>
        }
        .into_any(),
        Kind::List { start: None } => view! { <ul>{inner}</ul> }.into_any(),
        Kind::List { start: Some(start) } => {
            view! { <ol start=start.min(u64::from(u32::MAX)).to_string()>{inner}</ol> }.into_any()
        }
        Kind::Item => view! { <li>{inner}</li> }.into_any(),
        Kind::Emphasis => view! { <em>{inner}</em> }.into_any(),
        Kind::Strong => view! { <strong>{inner}</strong> }.into_any(),
        Kind::Strikethrough => view! { <del>{inner}</del> }.into_any(),
        Kind::Link(Some(href)) => view! {
            <a href=href rel="noopener noreferrer nofollow" target="_blank">
                {inner}
            </a>
        }
        .into_any(),
        Kind::Link(None) => inner,
        Kind::Table => view! {
            <div class="table-scroll">
                <table class="markdown-table">{inner}</table>
            </div>
        }
        .into_any(),
        Kind::TableHead => view! {
            <thead>
                <tr>{inner}</tr>
            </thead>
        }
        .into_any(),
        Kind::TableRow => view! { <tr>{inner}</tr> }.into_any(),
        Kind::TableCell { header, align } => {
            let class = match align {
                Align::None | Align::Left => "",
                Align::Center => "align-center",
                Align::Right => "align-right",
            };
            if header {
                view! {
                    <th scope="col" class=class>
                        {inner}
                    </th>
                }
                .into_any()
            } else {
                view! { <td class=class>{inner}</td> }.into_any()
            }
        }
    }
}

/// Markdown from the API, as elements and text nodes only: raw HTML shows as text, tables
/// as tables, links only to http, https and mailto.
#[component]
pub fn Markdown(
    /// The Markdown source.
    source: String,
) -> impl IntoView {
    let document = parse(&source);
    let cut = document.cut;
    view! {
        <div class="markdown" data-testid="markdown">
            {nodes_view(document.nodes)}
            {cut
                .then(|| {
                    view! {
                        <p class="muted">
                            "… the rest of this document is not shown (too long)."
                        </p>
                    }
                })}
        </div>
    }
}
