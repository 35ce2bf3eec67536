//! The rules every form that changes something on the server shares: reading its text
//! fields into typed values (each mistake named beside its field), saying in words what a
//! save will change, and reading the server's refusals back onto the fields they name.

use crate::api::ApiError;
pub use crate::domain::parameter_form::{FieldError, FormValues};
use crate::schemas::wire::BANNED_CHARACTERS;
use serde_json::{Map, Value};

/// Why a save did not happen: mistakes to show beside their fields (the form's own check or
/// the server's 409 / 422), or the call's error for the form's status line.
#[derive(Clone, Debug, PartialEq)]
pub enum FormError {
    Fields(Vec<FieldError>),
    Api(ApiError),
    /// Part of a save of several calls was done, then one failed: what was done, and why
    /// the rest was not.
    Partly(String),
    /// The server answered and did nothing, saying why (an orchestration rule's reason).
    Refused(String),
}

/// A field's text, trimmed ("" when the form has none).
pub fn text(values: &FormValues, path: &str) -> String {
    values
        .get(path)
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

/// A field's text, or `None` when it is empty.
pub fn optional_text(values: &FormValues, path: &str) -> Option<String> {
    Some(text(values, path)).filter(|t| !t.is_empty())
}

/// A checkbox field ("true" when ticked).
pub fn flag(values: &FormValues, path: &str) -> bool {
    text(values, path) == "true"
}

/// The text of a checkbox field.
pub fn flag_text(on: bool) -> String {
    if on { "true" } else { "false" }.to_string()
}

/// A required name: not empty, and without the characters Prefect refuses in names
/// (`BANNED_CHARACTERS`: `/ % & > <`).
pub fn name(values: &FormValues, path: &str) -> Result<String, FieldError> {
    let name = text(values, path);
    if name.is_empty() {
        return Err(FieldError::new(path, "A name is required."));
    }
    if let Some(bad) = name.chars().find(|c| BANNED_CHARACTERS.contains(c)) {
        return Err(FieldError::new(
            path,
            format!("A name cannot contain \"{bad}\"."),
        ));
    }
    Ok(name)
}

/// A whole number of at least `min`, or `None` when the field is empty. Any text is read
/// without overflow: a number too large for the server is refused here.
pub fn whole_number(values: &FormValues, path: &str, min: i64) -> Result<Option<i64>, FieldError> {
    let raw = text(values, path);
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(n) if n >= min => Ok(Some(n)),
        Ok(_) => Err(FieldError::new(
            path,
            format!("Must be {min} or more (empty: none)."),
        )),
        Err(_)
            if raw
                .trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit()) =>
        {
            Err(FieldError::new(path, "Too large."))
        }
        Err(_) => Err(FieldError::new(
            path,
            "Must be a whole number (empty: none).",
        )),
    }
}

/// A JSON object typed into a field ("" reads as `{}`).
pub fn json_object(values: &FormValues, path: &str) -> Result<Map<String, Value>, FieldError> {
    let raw = text(values, path);
    if raw.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(&raw) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(FieldError::new(path, "Must be a JSON object ({…}).")),
        Err(error) => Err(FieldError::new(path, format!("Not valid JSON: {error}."))),
    }
}

/// A JSON object as the form shows it (pretty-printed).
pub fn json_text(object: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(object).unwrap_or_else(|_| "{}".into())
}

/// Moves the item at `index` one place up (`up`) or down in `list`; out of range does
/// nothing.
pub fn move_item<T>(list: &mut [T], index: usize, up: bool) {
    let other = if up {
        index.checked_sub(1)
    } else {
        index.checked_add(1)
    };
    if let Some(other) = other.filter(|o| *o < list.len() && index < list.len()) {
        list.swap(index, other);
    }
}

/// An ordered list as a form holds it: a JSON list of strings ("" or anything else: empty).
pub fn order_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The text of an ordered list.
pub fn order_text(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

/// Collects the mistakes of several fields: `check` keeps a field's value, or its error.
#[derive(Debug, Default)]
pub struct Checked(pub Vec<FieldError>);

impl Checked {
    pub fn check<T: Default>(&mut self, answer: Result<T, FieldError>) -> T {
        answer.unwrap_or_else(|error| {
            self.0.push(error);
            T::default()
        })
    }

    /// The value built from the checked fields, or every mistake found.
    pub fn into_result<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// A limit as the change lines say it: "5", or "none".
pub fn limit_words(limit: Option<i64>) -> String {
    limit.map_or_else(|| "none".to_string(), |n| n.to_string())
}

/// A text as the change lines say it, cut to 60 characters: "\"nightly ETL\"", or "none".
pub fn text_words(text: Option<&str>) -> String {
    match text.filter(|t| !t.is_empty()) {
        None => "none".to_string(),
        Some(t) if t.chars().count() > 60 => {
            format!("\"{}…\"", t.chars().take(59).collect::<String>())
        }
        Some(t) => format!("\"{t}\""),
    }
}

/// Names as a sentence part: "a, b and c"; past five, "a, b, c, d, e and 3 more".
pub fn names_words(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<&str> = names.iter().take(SHOWN).map(String::as_str).collect();
    match (names.len(), shown.split_last()) {
        (_, None) => String::new(),
        (1, Some((only, _))) => (*only).to_string(),
        (n, Some(_)) if n > SHOWN => format!("{} and {} more", shown.join(", "), n - SHOWN),
        (_, Some((last, rest))) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What deleting several deployments takes with them, for the dialog (`runs`: the
/// scheduled runs counted, `None` while counting or when they could not be).
pub fn deployments_delete_words(names: &[String], runs: Option<i64>) -> String {
    let which = match names.len() {
        1 => format!("The deployment {} goes.", names_words(names)),
        _ => format!("The deployments {} go.", names_words(names)),
    };
    let runs = match runs {
        Some(0) => "They have no scheduled run to delete with them; runs that ran stay.".into(),
        Some(1) => {
            "Their 1 scheduled run that has not run goes with them; runs that ran stay.".into()
        }
        Some(n) => {
            format!("Their {n} scheduled runs that have not run go with them; runs that ran stay.")
        }
        None => "Their scheduled runs that have not run go with them (still being counted); \
                 runs that ran stay."
            .into(),
    };
    format!("{which} {runs}")
}

/// One change line: "Concurrency limit: none → 5".
pub fn change(label: &str, from: String, to: String) -> String {
    format!("{label}: {from} → {to}")
}

/// The server's refusal read onto the form: a 422 names its fields (`body.concurrency_limit:
/// …`), a 409 is a taken name; a field this form does not have goes to the status line with
/// the rest (`fields` are the form's paths; `name_field` takes a 409).
pub fn server_errors<F: AsRef<str>>(
    error: ApiError,
    fields: &[F],
    name_field: Option<&str>,
) -> FormError {
    let (status, detail) = match &error {
        ApiError::Http {
            status,
            detail: Some(detail),
            ..
        } => (*status, detail.clone()),
        _ => return FormError::Api(error),
    };
    let found: Vec<FieldError> = match (status, name_field) {
        (409, Some(field)) => vec![FieldError::new(field, detail)],
        (422, _) => detail
            .split("; ")
            .filter_map(|part| {
                let (location, message) = part.split_once(": ")?;
                let location = location.strip_prefix("body.")?;
                // The field the location names, or the closest one holding it.
                let field = fields
                    .iter()
                    .map(AsRef::as_ref)
                    .filter(|f| location == *f || location.starts_with(&format!("{f}.")))
                    .max_by_key(|f| f.len())?;
                Some(FieldError::new(field, message))
            })
            .collect(),
        _ => Vec::new(),
    };
    if found.is_empty() {
        FormError::Api(error)
    } else {
        FormError::Fields(found)
    }
}

/// A many-choice field's chosen values (one per line of its text).
pub fn many_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A many-choice field's text after `choice` is ticked (`on`) or not: the chosen values in
/// the order of `all`, each once (a value no longer offered is kept, last).
pub fn many_toggled(all: &[String], now: &[String], choice: &str, on: bool) -> String {
    let chosen = |c: &str| {
        if c == choice {
            on
        } else {
            now.iter().any(|n| n == c)
        }
    };
    let mut out: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|c| chosen(c))
        .collect();
    out.extend(
        now.iter()
            .map(String::as_str)
            .filter(|n| !all.iter().any(|a| a == n) && *n != choice),
    );
    out.join("\n")
}

/// A form's values from (path, text) pairs, for tests.
/// The comma-separated tags at `path`, trimmed, each once, in order.
pub fn tag_list(values: &FormValues, path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in text(values, path).split(',').map(str::trim) {
        if !tag.is_empty() && !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    out
}

/// "yes" / "no", as change lines say a flag.
pub fn yes_no(on: bool) -> String {
    if on { "yes" } else { "no" }.to_string()
}

#[cfg(test)]
pub(crate) fn values(pairs: &[(&str, &str)]) -> FormValues {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_choices_keep_the_offered_order() {
        let all = ["a".to_string(), "b".into(), "c".into()];
        assert_eq!(many_toggled(&all, &[], "b", true), "b");
        let now = many_list("c\n b \n\n");
        assert_eq!(now, ["c", "b"]);
        assert_eq!(many_toggled(&all, &now, "a", true), "a\nb\nc");
        assert_eq!(many_toggled(&all, &now, "c", false), "b");
        assert_eq!(
            many_toggled(&all, &["gone".to_string()], "a", true),
            "a\ngone",
            "a value no longer offered is kept"
        );
    }

    #[test]
    fn numbers_are_read_whole_and_bounded() {
        let v = values(&[
            ("a", ""),
            ("b", " 7 "),
            ("c", "-1"),
            ("d", "2.5"),
            ("e", "99999999999999999999999"),
            ("f", "0"),
        ]);
        assert_eq!(whole_number(&v, "a", 0), Ok(None));
        assert_eq!(whole_number(&v, "b", 0), Ok(Some(7)));
        assert_eq!(
            whole_number(&v, "c", 0).map_err(|e| e.message),
            Err("Must be 0 or more (empty: none).".to_string())
        );
        assert!(whole_number(&v, "d", 0).is_err());
        assert_eq!(
            whole_number(&v, "e", 0).map_err(|e| e.message),
            Err("Too large.".to_string())
        );
        assert!(whole_number(&v, "f", 1).is_err());
        assert_eq!(whole_number(&v, "missing", 1), Ok(None));
    }

    #[test]
    fn names_and_json_objects_are_checked() {
        let v = values(&[
            ("n", "  "),
            ("m", "a/b"),
            ("o", "ok"),
            ("j", "[1]"),
            ("k", "{"),
        ]);
        assert_eq!(name(&v, "n").map_err(|e| e.path), Err("n".to_string()));
        assert!(name(&v, "m").is_err());
        assert_eq!(name(&v, "o"), Ok("ok".to_string()));
        assert!(json_object(&v, "j").is_err());
        assert!(json_object(&v, "k")
            .map_err(|e| e.message)
            .is_err_and(|m| m.starts_with("Not valid JSON")));
        assert_eq!(json_object(&v, "missing"), Ok(Map::new()));
    }

    #[test]
    fn checked_keeps_every_mistake() {
        let mut checked = Checked::default();
        let a: Option<i64> = checked.check(Err(FieldError::new("a", "bad")));
        let b: String = checked.check(Ok("x".to_string()));
        assert_eq!((a, b.as_str()), (None, "x"));
        assert_eq!(checked.into_result(()).map_err(|e| e.len()), Err(1));
    }

    fn http(status: u16, detail: &str) -> ApiError {
        ApiError::Http {
            endpoint: "/work_pools/".into(),
            status,
            detail: Some(detail.into()),
            retry_after: None,
        }
    }

    #[test]
    fn the_servers_refusals_land_beside_their_fields() {
        let fields = ["name", "concurrency_limit", "base_job_template"];
        let answer = server_errors(
            http(
                422,
                "body.concurrency_limit: Input should be greater than or equal to 0; body.base_job_template.job_configuration: Value error, bad",
            ),
            &fields,
            Some("name"),
        );
        assert_eq!(
            answer,
            FormError::Fields(vec![
                FieldError::new(
                    "concurrency_limit",
                    "Input should be greater than or equal to 0"
                ),
                FieldError::new("base_job_template", "Value error, bad"),
            ])
        );
        assert_eq!(
            server_errors(
                http(409, "A work pool with this name already exists."),
                &fields,
                Some("name")
            ),
            FormError::Fields(vec![FieldError::new(
                "name",
                "A work pool with this name already exists."
            )])
        );
        // A field the form does not have, a 403, no detail: the status line.
        assert!(matches!(
            server_errors(http(422, "body.storage: bad"), &fields, None),
            FormError::Api(_)
        ));
        assert!(matches!(
            server_errors(http(403, "reserved"), &fields, Some("name")),
            FormError::Api(_)
        ));
    }

    #[test]
    fn a_bulk_delete_says_what_goes() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            deployments_delete_words(&names(&["a", "b"]), Some(3)),
            "The deployments a and b go. Their 3 scheduled runs that have not run go with \
             them; runs that ran stay."
        );
        assert!(deployments_delete_words(&names(&["a"]), None).contains("still being counted"));
        assert_eq!(
            names_words(&names(&["a", "b", "c", "d", "e", "f"])),
            "a, b, c, d, e and 1 more"
        );
    }

    #[test]
    fn change_lines_cut_long_text() {
        let long = "x".repeat(200);
        assert_eq!(text_words(Some(&long)).chars().count(), 62);
        assert_eq!(text_words(Some("")), "none");
        assert_eq!(limit_words(Some(5)), "5");
        assert_eq!(
            change("Concurrency limit", limit_words(None), limit_words(Some(5))),
            "Concurrency limit: none → 5"
        );
    }
}
