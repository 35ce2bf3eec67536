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
