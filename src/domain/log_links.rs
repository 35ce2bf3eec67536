//! Addresses in log lines as links (PrefectHQ/prefect#22494: Prefect's UI shows them as dead
//! text): bare `http://` and `https://` addresses only, found in the message's text, which
//! stays text; the search's highlights keep their places inside and outside the links.

use std::ops::Range;

/// A piece of a log message: text, or a link, each as runs marked whether they match the
/// search (the runs of [`super::log_search::highlight`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogPiece {
    Text(Vec<(String, bool)>),
    Link {
        href: String,
        runs: Vec<(String, bool)>,
    },
}

/// The byte ranges of the bare http(s) addresses in `message`, in order. An address starts
/// with `http://` or `https://` (any case) not glued to a letter or digit before it, has
/// something after `//`, and runs to whitespace, a quote, `<`, `>` or a control character;
/// trailing sentence punctuation, and closing brackets it did not open, are left out.
pub fn find_links(message: &str) -> Vec<Range<usize>> {
    let lower = message.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower[from..].find("http") {
        let start = from + offset;
        from = start + 4;
        let scheme_len = if lower[start..].starts_with("https://") {
            8
        } else if lower[start..].starts_with("http://") {
            7
        } else {
            continue;
        };
        let glued = message[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if glued {
            continue;
        }
        let rest = &message[start..];
        let mut end = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() || c.is_control() || "\"'<>`".contains(c))
            .map_or(rest.len(), |(at, _)| at);
        end = trim_end(&rest[..end]);
        if end <= scheme_len {
            continue;
        }
        found.push(start..start + end);
        from = start + end;
    }
    found
}

/// The length of `candidate` without trailing punctuation and closing brackets it did
/// not open (counted once: a run of 20,000 `)` is cut in one pass).
fn trim_end(candidate: &str) -> usize {
    let count = |c: char| candidate.chars().filter(|&x| x == c).count() as isize;
    // Per bracket pair: opened minus closed; below zero, a closer is unmatched.
    let mut balance = [('(', ')'), ('[', ']'), ('{', '}')]
        .map(|(open, close)| (close, count(open) - count(close)));
    let mut end = candidate.len();
    while let Some(last) = candidate[..end].chars().next_back() {
        let unmatched = balance
            .iter_mut()
            .find(|(close, open)| *close == last && *open < 0);
        if let Some((_, open)) = unmatched {
            *open += 1;
        } else if !".,;:!?".contains(last) {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

/// `message` as text and links, each carrying its part of `highlighted` (the message cut
/// into runs that match the search or not; joined, they give `message` back).
pub fn log_pieces(message: &str, highlighted: &[(String, bool)]) -> Vec<LogPiece> {
    let links = find_links(message);
    if links.is_empty() {
        return vec![LogPiece::Text(highlighted.to_vec())];
    }
    // Every boundary: the links' ends; the runs are cut at them.
    let mut pieces = Vec::new();
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut link = 0;
    let mut at = 0;
    let close = |pieces: &mut Vec<LogPiece>, runs: &mut Vec<(String, bool)>, href: Option<&str>| {
        if runs.is_empty() {
            return;
        }
        let taken = std::mem::take(runs);
        pieces.push(match href {
            Some(href) => LogPiece::Link {
                href: href.to_string(),
                runs: taken,
            },
            None => LogPiece::Text(taken),
        });
    };
    for (text, matched) in highlighted {
        let mut text = text.as_str();
        while !text.is_empty() {
            let current = links.get(link);
            let inside = current.is_some_and(|r| r.contains(&at));
            // Where the current stretch (text before a link, or the link) ends.
            let stop = match current {
                Some(r) if inside => r.end,
                Some(r) => r.start,
                None => usize::MAX,
            };
            let take = (stop - at).min(text.len());
            // Runs and links both split on char boundaries of `message`.
            let (head, tail) = text.split_at(take);
            runs.push((head.to_string(), *matched));
            at += take;
            text = tail;
            if at == stop {
                let href = current.filter(|_| inside).map(|r| &message[r.clone()]);
                close(&mut pieces, &mut runs, href);
                if inside {
                    link += 1;
                }
            }
        }
    }
    close(&mut pieces, &mut runs, None);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::log_search::{highlight, highlight_terms};

    fn links(message: &str) -> Vec<&str> {
        find_links(message)
            .into_iter()
            .map(|r| &message[r])
            .collect()
    }

    #[test]
    fn bare_addresses_are_found_without_the_sentence_around_them() {
        assert_eq!(
            links("Open https://app.prefect.cloud/runs/1. Then http://x.io/a?b=1&c=2, done"),
            ["https://app.prefect.cloud/runs/1", "http://x.io/a?b=1&c=2"]
        );
        assert_eq!(
            links("(see https://en.wikipedia.org/wiki/Foo_(bar))"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(links("[https://a.io/x]"), ["https://a.io/x"]);
        assert_eq!(
            links("\"https://a.io/q\" and <http://b.io>"),
            ["https://a.io/q", "http://b.io"]
        );
        assert_eq!(links("HTTPS://A.IO/Ü"), ["HTTPS://A.IO/Ü"]);
        assert_eq!(links("at https://a.io\tnext"), ["https://a.io"]);
    }

    #[test]
    fn what_is_not_an_address_stays_text() {
        assert!(links("http:// nothing, https://, ftp://a.io, javascript:alert(1)").is_empty());
        assert!(links("xhttps://a.io and 9http://b.io").is_empty());
        assert!(links("https:/a.io http:a.io").is_empty());
        assert!(links("").is_empty());
        assert!(links("ééé http").is_empty());
    }

    #[test]
    fn pieces_join_back_to_the_message_with_highlights_in_place() {
        let message = "fetched https://api.example.com/v1/items in 3s, see https://x.io";
        let terms = highlight_terms("example items 3s");
        let runs = highlight(message, &terms);
        let pieces = log_pieces(message, &runs);
        let joined: String = pieces
            .iter()
            .flat_map(|p| match p {
                LogPiece::Text(runs) | LogPiece::Link { runs, .. } => runs.clone(),
            })
            .map(|(t, _)| t)
            .collect();
        assert_eq!(joined, message);
        assert_eq!(
            pieces,
            vec![
                LogPiece::Text(vec![("fetched ".into(), false)]),
                LogPiece::Link {
                    href: "https://api.example.com/v1/items".into(),
                    runs: vec![
                        ("https://api.".into(), false),
                        ("example".into(), true),
                        (".com/v1/".into(), false),
                        ("items".into(), true),
                    ],
                },
                LogPiece::Text(vec![
                    (" in ".into(), false),
                    ("3s".into(), true),
                    (", see ".into(), false),
                ]),
                LogPiece::Link {
                    href: "https://x.io".into(),
                    runs: vec![("https://x.io".into(), false)],
                },
            ]
        );
    }

    #[test]
    fn a_match_across_a_links_edge_is_cut_there() {
        let message = "go https://a.io now";
        let runs = highlight(message, &highlight_terms("\"go https\""));
        assert_eq!(
            log_pieces(message, &runs),
            vec![
                LogPiece::Text(vec![("go ".into(), true)]),
                LogPiece::Link {
                    href: "https://a.io".into(),
                    runs: vec![("https".into(), true), ("://a.io".into(), false)],
                },
                LogPiece::Text(vec![(" now".into(), false)]),
            ]
        );
    }

    #[test]
    fn a_message_without_links_is_one_text_piece() {
        let runs = highlight("plain line", &[]);
        assert_eq!(
            log_pieces("plain line", &runs),
            vec![LogPiece::Text(vec![("plain line".into(), false)])]
        );
    }

    #[test]
    fn a_long_line_of_addresses_stays_linear() {
        let message = "https://a.io/x ".repeat(20_000);
        assert_eq!(find_links(&message).len(), 20_000);
        let brackets = format!("https://a.io/{}", ")".repeat(20_000));
        assert_eq!(links(&brackets), ["https://a.io/"]);
    }
}
