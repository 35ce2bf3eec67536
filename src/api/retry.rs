//! When a failed fetch is tried again: later after every failure in a row, and never
//! sooner than the server asked (`Retry-After`).

use std::time::Duration;

/// The first wait before a failed fetch is tried again; it doubles with every failure in a
/// row up to `RETRY_MAX`.
pub const RETRY_FIRST: Duration = Duration::from_secs(3);

/// The longest wait between tries of a fetch that keeps failing.
pub const RETRY_MAX: Duration = Duration::from_secs(60);

/// How long to wait before trying a failed fetch again: 3 s after the first failure, twice
/// as long after each further one, at most a minute; never sooner than the server asked
/// (`server_wait`, from `Retry-After`), however long that is.
pub fn retry_delay(failures: u32, server_wait: Duration) -> Duration {
    let doubled = RETRY_FIRST
        .checked_mul(1u32 << failures.saturating_sub(1).min(16))
        .unwrap_or(RETRY_MAX)
        .min(RETRY_MAX);
    doubled.max(server_wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_fetches_back_off_and_obey_the_server() {
        let s = Duration::from_secs;
        let waits: Vec<Duration> = (1..=7).map(|n| retry_delay(n, Duration::ZERO)).collect();
        assert_eq!(waits, [s(3), s(6), s(12), s(24), s(48), s(60), s(60)]);
        assert_eq!(retry_delay(0, Duration::ZERO), s(3));
        assert_eq!(retry_delay(u32::MAX, Duration::ZERO), s(60));
        assert_eq!(retry_delay(1, s(20)), s(20), "Retry-After wins");
        assert_eq!(
            retry_delay(1, s(600)),
            s(600),
            "even past the usual maximum"
        );
        assert_eq!(retry_delay(6, s(20)), s(60));
    }
}
