//! What could not be loaded of the evidence pools are judged by, said once above the pools
//! (the dashboard's card, the pools list).

use super::{api_error_of, ApiErrorPanel};
use crate::api::resource::FollowUp;
use crate::loaders::work_pools::PoolsEvidence;
use leptos::prelude::*;

/// The first part of the pools' evidence that failed, as an error panel; nothing while it is
/// on its way or when all of it came.
#[component]
pub fn PoolEvidenceErrors(
    /// The evidence follow-up (`loaders::work_pools::pools_evidence`).
    evidence: Memo<FollowUp<PoolsEvidence>>,
) -> impl IntoView {
    move || match evidence.get() {
        FollowUp::Failed(error) => {
            Some(view! { <ApiErrorPanel title="Workers, queues and late runs" error /> }.into_any())
        }
        FollowUp::Found(found) => found.as_ref().as_ref().and_then(|found| {
            api_error_of("Late runs", &found.late)
                .or_else(|| api_error_of("Work queues", &found.queues))
        }),
        FollowUp::Pending => None,
    }
}
