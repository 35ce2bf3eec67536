//! Wire-format building blocks shared by every schema: tolerant timestamps, forward-
//! compatible enums, labels, validation errors.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An enum's wire value in words, as Prefect's `display_name` says them: `NOT_READY` reads
/// "Not ready", `ONLINE` "Online" (raw values are never shown).
pub fn enum_words(value: &str) -> String {
    let words = value.replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A point in time from Prefect, always UTC. Accepts `Z`, any offset, and (as Prefect
/// sometimes sends) no offset at all, which means UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// Parses Prefect's datetime strings; `None` when it is not a datetime.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        // Prefect's other spellings are RFC 3339 with a space for the `T`, no offset
        // (UTC) or no seconds; mend them and parse once (no strftime machinery in wasm).
        let mut rfc = text.to_string();
        if rfc.as_bytes().get(10) == Some(&b' ') {
            rfc.replace_range(10..11, "T");
        }
        if let Some(dt) = Timestamp::rfc3339(&rfc) {
            return Some(dt);
        }
        if rfc.len() == "2024-01-01T00:00".len() {
            rfc.push_str(":00");
        }
        rfc.push('Z');
        Timestamp::rfc3339(&rfc)
    }

    fn rfc3339(text: &str) -> Option<Timestamp> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|dt| Timestamp(dt.with_timezone(&Utc)))
    }

    /// The instant as chrono UTC.
    pub fn utc(self) -> DateTime<Utc> {
        self.0
    }

    /// Prefect's own rendering: RFC 3339 with `Z` and microseconds.
    pub fn to_wire(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Micros, true)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(dt: DateTime<Utc>) -> Self {
        Timestamp(dt)
    }
}

impl std::ops::Deref for Timestamp {
    type Target = DateTime<Utc>;
    fn deref(&self) -> &DateTime<Utc> {
        &self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a datetime: {text:?}")))
    }
}

/// Defines a Prefect string enum that keeps values it does not know in `Unknown`, so a
/// newer server never breaks a page.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the dashboard does not know (from a newer server).
            Unknown(String),
        }

        impl $name {
            /// Every value this version knows, in Prefect's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(other) => other,
                }
            }

            /// Reads a wire string; unknown strings are kept.
            pub fn from_wire(text: &str) -> $name {
                match text {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::from_wire(&text))
            }
        }
    };
}

/// Prefect's key-value labels (`dict[str, bool | int | float | str]`); `null` reads as empty.
pub type KeyValueLabels = std::collections::BTreeMap<String, serde_json::Value>;

/// A JSON object (`dict[str, Any]`), kept as sent.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Reads `null` as the type's default (Prefect coerces some `None`s to empty collections).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Who created or last updated an object (`CreatedBy` / `UpdatedBy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatedBy {
    #[serde(default)]
    pub id: Option<uuid::Uuid>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub display_value: Option<String>,
}

/// `UpdatedBy` has the same shape as `CreatedBy`.
pub type UpdatedBy = CreatedBy;

/// A value Prefect's validators would reject: which field and why, in Prefect's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// Characters Prefect forbids in names (`prefect.types.names.BANNED_CHARACTERS`).
pub const BANNED_CHARACTERS: [char; 5] = ['/', '%', '&', '>', '<'];

/// Prefect's `Name` rule: non-empty, none of the banned characters.
pub fn validate_name(field: &'static str, name: &str) -> Result<(), ValidationError> {
    if name.is_empty() || name.contains(BANNED_CHARACTERS) {
        return Err(ValidationError {
            field,
            message: format!(
                "must be non-empty and must not contain any of {}",
                BANNED_CHARACTERS.iter().collect::<String>()
            ),
        });
    }
    Ok(())
}

/// `raise_on_name_alphanumeric_dashes_only`: lowercase letters, digits and dashes.
pub fn validate_lowercase_dashes(
    field: &'static str,
    label: &str,
    value: &str,
) -> Result<(), ValidationError> {
    if value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Ok(())
    } else {
        Err(ValidationError {
            field,
            message: format!("{label} must only contain lowercase letters, numbers, and dashes."),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_accept_prefects_forms() {
        let z = Timestamp::parse("2026-11-24T03:24:05.465072Z").expect("Z");
        let offset = Timestamp::parse("2026-11-24T04:24:05.465072+01:00").expect("offset");
        let naive = Timestamp::parse("2026-11-24T03:24:05.465072").expect("naive is UTC");
        let spaced = Timestamp::parse("2026-11-24 03:24:05.465072").expect("space");
        assert_eq!(z, offset);
        assert_eq!(z, naive);
        let spaced_offset =
            Timestamp::parse("2026-11-24 04:24:05.465072+01:00").expect("space and offset");
        assert_eq!(z, spaced);
        assert_eq!(z, spaced_offset);
        assert_eq!(z.to_wire(), "2026-11-24T03:24:05.465072Z");
        let minutes = Timestamp::parse("2026-11-24T03:24").expect("minutes");
        assert_eq!(minutes.to_wire(), "2026-11-24T03:24:00.000000Z");
        let whole = Timestamp::parse(" 2026-11-24 03:24:05 ").expect("whole seconds");
        assert_eq!(whole.to_wire(), "2026-11-24T03:24:05.000000Z");
        for bad in [
            "yesterday",
            "",
            "2026-11-24",
            "2026-11-24T03",
            "2026-13-24T03:24",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
        let err = serde_json::from_str::<Timestamp>("\"nope\"").unwrap_err();
        assert!(err.to_string().contains("not a datetime"));
    }

    #[test]
    fn names_follow_prefects_rules() {
        assert!(validate_name("name", "etl-hourly").is_ok());
        assert!(validate_name("name", "a/b").is_err());
        assert!(validate_name("name", "").is_err());
        assert!(validate_lowercase_dashes("key", "Key", "abc-1").is_ok());
        let err = validate_lowercase_dashes("key", "Key", "Abc").unwrap_err();
        assert_eq!(
            err.message,
            "Key must only contain lowercase letters, numbers, and dashes."
        );
    }
}
