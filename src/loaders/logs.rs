//! A run's logs: a page of them (searched over the whole log when asked), every line for a
//! download, and whether the server streams them. For flow runs and task runs alike. A
//! whole-log read stops at `log_book`'s cap, and a search of an unfinished run keeps what it
//! read (`LogCache`) and reads only the newer lines on each refresh.

use super::requests::{run_logs, run_logs_after};
use crate::api::{ApiError, PrefectClient};
use crate::domain::log_book::LogBook;
use crate::domain::log_search::{matches, LogOwner};
use crate::schemas::{Log, MAX_LIMIT};
use std::cell::RefCell;
use std::rc::Rc;

/// Logs per page on a run's page.
pub const LOGS_PER_PAGE: u32 = 50;

/// A page of log lines, and when a search looked at only part of a long log, what it says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogsPage {
    pub lines: Vec<Log>,
    pub note: Option<String>,
}

/// What a run's page has read of its whole log for searching, kept across refreshes.
pub type LogCache = Rc<RefCell<LogBook>>;

/// One page (1-based) of the run's logs at `min_level` or above, only those matching
/// `search` when there is one (searched here over the log `cache` holds, read up to now).
pub async fn logs(
    client: PrefectClient,
    owner: LogOwner,
    cache: LogCache,
    min_level: i64,
    search: Option<String>,
    page: u32,
) -> Result<LogsPage, ApiError> {
    let Some(search) = search else {
        let lines = client
            .logs_filter(&run_logs(owner, min_level, None, page, LOGS_PER_PAGE))
            .await?;
        return Ok(LogsPage { lines, note: None });
    };
    read_on(&client, owner, &cache, |_| {}).await?;
    let book = cache.borrow();
    let per_page = LOGS_PER_PAGE as usize;
    let skip = (page.max(1) as usize - 1).saturating_mul(per_page);
    let lines = book
        .lines()
        .iter()
        .filter(|log| log.level >= min_level && matches(log, &search))
        .skip(skip)
        .take(per_page)
        .cloned()
        .collect();
    Ok(LogsPage {
        lines,
        note: book.cut_note(),
    })
}

/// Reads into `book` the lines it lacks: the whole log the first time, then what came
/// from a little before its newest line; stops at the book's cap. `progress` hears the
/// lines read so far.
async fn read_on(
    client: &PrefectClient,
    owner: LogOwner,
    book: &RefCell<LogBook>,
    progress: impl Fn(usize),
) -> Result<(), ApiError> {
    if book.borrow().is_full() {
        return Ok(());
    }
    let after = book.borrow().resume_after();
    for page in 1..=u32::MAX {
        let lines = client
            .logs_filter(&run_logs_after(owner, after, page, MAX_LIMIT))
            .await?;
        let short = (lines.len() as u64) < u64::from(MAX_LIMIT);
        let room = book.borrow_mut().take(lines);
        progress(book.borrow().lines().len());
        if short || !room {
            break;
        }
    }
    Ok(())
}

/// Every log line of the run, oldest first, up to the cap (`LogBook::cut_note` says when it
/// stopped short): pages of the server's largest size until a short one.
pub async fn whole_log(
    client: PrefectClient,
    owner: LogOwner,
    progress: impl Fn(usize),
) -> Result<LogBook, ApiError> {
    let book = RefCell::new(LogBook::default());
    read_on(&client, owner, &book, progress).await?;
    Ok(book.into_inner())
}

/// Whether the server pushes logs on `/api/logs/out` (from its settings, read once per
/// page load and shared with the CSRF check; a server that does not say, such as Prefect
/// Cloud, is taken not to).
pub async fn logs_streamed(client: PrefectClient) -> Result<bool, ApiError> {
    Ok(client.server_facts().await.logs_streamed)
}
