//! One artifact: its key, type, time and description, and its body by type (see
//! `domain::artifact`), every piece of API text rendered as text.

use super::{Markdown, Time};
use crate::context::AppContext;
use crate::domain::artifact::{body, Body};
use crate::routes;
use crate::schemas::Artifact;
use leptos::prelude::*;

/// An artifact as a card: heading, facts and its body.
#[component]
pub fn ArtifactCard(
    /// The artifact to show.
    artifact: Artifact,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let kind = artifact.kind.clone().unwrap_or_else(|| "unknown".into());
    // A keyed artifact's title leads to its key's page (every version).
    let title = match artifact.key.clone().filter(|k| !k.is_empty()) {
        Some(key) => {
            let href = context.href(&routes::artifact_key(&key));
            view! { <a href=href>{key}</a> }.into_any()
        }
        None => format!("Untitled {kind} artifact").into_any(),
    };
    let description = artifact
        .description
        .clone()
        .filter(|d| !d.trim().is_empty());
    let data_type = kind.clone();
    view! {
        <article class="artifact" data-testid="artifact" data-type=data_type>
            <h3 class="artifact__title" data-testid="artifact-key">
                {title}
            </h3>
            <p class="muted">{kind} " · " <Time at=artifact.created relative=true /></p>
            {description
                .map(|source| {
                    view! {
                        <div class="artifact__description">
                            <Markdown source />
                        </div>
                    }
                })}
            <div class="artifact__body">{body_view(body(&artifact))}</div>
        </article>
    }
}

fn body_view(body: Body) -> AnyView {
    match body {
        Body::Markdown(source) => view! { <Markdown source /> }.into_any(),
        Body::Table {
            columns,
            rows,
            more_rows,
            more_columns,
        } => {
            let more = match (more_rows, more_columns) {
                (0, 0) => None,
                (r, 0) => Some(format!("{r} more rows not shown")),
                (0, c) => Some(format!("{c} more columns not shown")),
                (r, c) => Some(format!("{r} more rows and {c} more columns not shown")),
            };
            view! {
                <div class="table-scroll">
                    <table class="table table--compact" data-testid="artifact-table">
                        <thead>
                            <tr>
                                {columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|row| {
                                    view! {
                                        <tr>
                                            {row
                                                .into_iter()
                                                .map(|c| view! { <td>{c}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                {more
                    .map(|text| {
                        view! {
                            <p class="muted" data-testid="artifact-table-more">
                                {text}
                            </p>
                        }
                    })}
            }
            .into_any()
        }
        Body::Progress(percent) => view! {
            <progress
                max="100"
                value=percent.to_string()
                data-testid="artifact-progress"
            ></progress>
            " "
            {format!("{percent:.0}%")}
        }
        .into_any(),
        // Not loaded inline: the page's CSP allows images from this origin only, and loading
        // one would tell its host who looked. Opened by the user, in a new tab.
        Body::Image(href) => {
            let text = href.clone();
            view! {
                <p>
                    "Image: "
                    <a
                        href=href
                        target="_blank"
                        rel="noopener noreferrer"
                        data-testid="artifact-image"
                    >
                        {text}
                    </a>
                </p>
            }
            .into_any()
        }
        Body::UnsafeImage(address) => view! {
            <p class="muted">
                "An image at an address that is not http(s), not loaded: " <code>{address}</code>
            </p>
        }
        .into_any(),
        Body::Raw(text) => view! { <pre class="json">{text}</pre> }.into_any(),
    }
}
