//! The server caps `limit` at 200: a caller asking for more gets consecutive windows.

use super::endpoints::MAX_LIMIT;

/// `(offset, limit)` windows covering `wanted` items from `offset`, none over the cap.
pub fn windows(offset: u32, wanted: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut done = 0;
    while done < wanted {
        let limit = (wanted - done).min(MAX_LIMIT);
        out.push((offset + done, limit));
        done += limit;
    }
    out
}

/// How many pages of `size` a count of `count` fills: at least one (something may come
/// between a count and its pages), at most `max_pages`; any count the server sends is safe.
pub fn pages_for(count: i64, size: u32, max_pages: u32) -> u32 {
    let size = i64::from(size.max(1));
    let pages = (count.max(1) - 1) / size + 1;
    pages.clamp(1, i64::from(max_pages.max(1))) as u32
}

/// Asks `ask` for each batch of at most 200 of `ids` (the server's cap), one batch after the
/// other, and gathers the answers: the one batching helper every id lookup goes through.
pub async fn in_batches<C, A, Fut>(
    ids: &[uuid::Uuid],
    mut ask: impl FnMut(Vec<uuid::Uuid>) -> Fut,
) -> Result<C, super::ApiError>
where
    C: Default + Extend<A::Item>,
    A: IntoIterator,
    Fut: std::future::Future<Output = Result<A, super::ApiError>>,
{
    let mut all = C::default();
    for batch in ids.chunks(MAX_LIMIT as usize) {
        all.extend(ask(batch.to_vec()).await?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_server_cap() {
        assert_eq!(windows(0, 0), vec![]);
        assert_eq!(windows(0, 150), vec![(0, 150)]);
        assert_eq!(windows(0, 200), vec![(0, 200)]);
        assert_eq!(windows(10, 450), vec![(10, 200), (210, 200), (410, 50)]);
    }
}
