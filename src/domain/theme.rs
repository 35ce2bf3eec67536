//! The colour theme preference: follow the system, or force light or dark.

/// The user's theme choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Every choice, in the order offered.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored word (also the `data-theme` value, none for System).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Reads a stored word; anything unknown means System.
    pub fn parse(value: &str) -> Theme {
        match value {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The `data-theme` attribute for `<html>`: none lets CSS follow the system.
    pub fn root_attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            other => Some(other.as_str()),
        }
    }

    /// The next choice of the header's theme button: System, Light, Dark, System…
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_button_cycles_through_every_choice() {
        let mut seen = vec![Theme::default()];
        for _ in 0..3 {
            seen.push(seen[seen.len() - 1].next());
        }
        assert_eq!(
            seen,
            [Theme::System, Theme::Light, Theme::Dark, Theme::System]
        );
    }

    #[test]
    fn round_trips_and_defaults() {
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(theme.as_str()), theme);
        }
        assert_eq!(Theme::parse("purple"), Theme::System);
        assert_eq!(Theme::System.root_attribute(), None);
        assert_eq!(Theme::Dark.root_attribute(), Some("dark"));
    }
}
