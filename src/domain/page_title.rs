//! The browser tab's title: what the page shows first (a run's name and state), then what
//! kind of page it is, then where (a named target), then the app. Several tabs, the history
//! menu and bookmarks tell pages apart by it.

/// The app's name, last in every title (as `index.html` has it before the app starts).
pub const APP: &str = "Prefect dashboard";

/// The longest part kept whole, in characters; a longer name is cut with "…" (names can be
/// hundreds of characters, and a tab shows a few dozen).
pub const PART_MAX: usize = 60;

/// `parts` (most specific first), then `target` when there is one to name, then `APP`,
/// joined by " · ". Each part has its whitespace runs and control characters made one
/// space, is trimmed and cut to `PART_MAX`; empty parts are left out.
pub fn page_title<S: AsRef<str>>(parts: &[S], target: Option<&str>) -> String {
    parts
        .iter()
        .map(AsRef::as_ref)
        .chain(target)
        .map(clean)
        .filter(|part| !part.is_empty())
        .chain([APP.to_string()])
        .collect::<Vec<_>>()
        .join(" · ")
}

fn clean(part: &str) -> String {
    let words = part
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if words.chars().count() <= PART_MAX {
        return words;
    }
    let mut cut: String = words.chars().take(PART_MAX - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_first_then_the_target_then_the_app() {
        assert_eq!(
            page_title(&["crimson-fox", "Failed", "Flow run"], Some("Staging")),
            "crimson-fox · Failed · Flow run · Staging · Prefect dashboard"
        );
        assert_eq!(
            page_title(&["Flow runs"], None),
            "Flow runs · Prefect dashboard"
        );
        assert_eq!(page_title::<&str>(&[], None), "Prefect dashboard");
    }

    #[test]
    fn empty_parts_and_blank_targets_are_left_out() {
        assert_eq!(
            page_title(&["", "  ", "Flow run"], Some(" ")),
            "Flow run · Prefect dashboard"
        );
    }

    #[test]
    fn whitespace_and_control_characters_become_one_space() {
        assert_eq!(
            page_title(&["  a\n\tb\u{0}c  ", "Flow"], None),
            "a b c · Flow · Prefect dashboard"
        );
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let long = "é".repeat(200);
        let title = page_title(&[long.as_str(), "Flow"], None);
        let first = title.split(" · ").next().unwrap_or_default();
        assert_eq!(first.chars().count(), PART_MAX);
        assert!(first.ends_with('…'));
        assert!(first.starts_with("éé"));
        // Exactly the limit stays whole.
        let exact = "x".repeat(PART_MAX);
        assert_eq!(
            page_title(&[exact.as_str()], None),
            format!("{exact} · Prefect dashboard")
        );
        // A cut that ends in a space drops it before the ellipsis.
        let spaced = format!("{} {}", "a".repeat(PART_MAX - 2), "b".repeat(10));
        let cut = page_title(&[spaced.as_str()], None);
        assert!(
            cut.starts_with(&format!("{}…", "a".repeat(PART_MAX - 2))),
            "{cut}"
        );
    }
}
