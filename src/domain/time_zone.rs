//! Which time zone times are shown in: the browser's (default), UTC, or a named IANA zone.

/// The user's choice, stored as a preference and applied on every page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TimeZoneChoice {
    #[default]
    Browser,
    Utc,
    /// An IANA zone such as `Europe/Berlin`.
    Named(String),
}

impl TimeZoneChoice {
    pub fn parse(text: &str) -> TimeZoneChoice {
        match text.trim() {
            "" | "browser" => TimeZoneChoice::Browser,
            "UTC" | "utc" => TimeZoneChoice::Utc,
            zone => TimeZoneChoice::Named(zone.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            TimeZoneChoice::Browser => "browser",
            TimeZoneChoice::Utc => "UTC",
            TimeZoneChoice::Named(zone) => zone,
        }
    }

    /// The `timeZone` option for `Intl.DateTimeFormat` (none: the browser's own).
    pub fn intl_zone(&self) -> Option<&str> {
        match self {
            TimeZoneChoice::Browser => None,
            TimeZoneChoice::Utc => Some("UTC"),
            TimeZoneChoice::Named(zone) => Some(zone),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        for text in ["browser", "UTC", "Europe/Berlin"] {
            assert_eq!(TimeZoneChoice::parse(text).as_str(), text);
        }
        assert_eq!(TimeZoneChoice::parse(""), TimeZoneChoice::Browser);
        assert_eq!(TimeZoneChoice::Utc.intl_zone(), Some("UTC"));
        assert_eq!(TimeZoneChoice::Browser.intl_zone(), None);
    }
}
