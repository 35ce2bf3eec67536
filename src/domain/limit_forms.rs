//! Concurrency limits created, changed, reset and deleted: a global limit's name (Prefect's
//! banned characters refused), limit, slot decay and on/off; a tag limit's tag and limit (a
//! tag that has one already is refused here: Prefect's create would quietly change it);
//! what a reset frees, said before it is confirmed.

use super::forms::{change, flag, flag_text, name, text, whole_number, yes_no, Checked};
use super::forms::{FieldError, FormValues};
use crate::schemas::actions::{
    ConcurrencyLimitCreate, GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate,
};
use crate::schemas::GlobalConcurrencyLimitResponse;

pub const NAME: &str = "name";
pub const LIMIT: &str = "limit";
pub const DECAY: &str = "slot_decay_per_second";
pub const ACTIVE: &str = "active";
pub const TAG: &str = "tag";
pub const TAG_LIMIT: &str = "concurrency_limit";

/// The fields a server's refusal may name (a global limit's, a tag limit's).
pub const LIMIT_FIELDS: [&str; 6] = [NAME, LIMIT, DECAY, ACTIVE, TAG, TAG_LIMIT];

/// A new global limit's first values: on, no decay.
pub fn new_global_values() -> FormValues {
    FormValues::from([
        (ACTIVE.to_string(), flag_text(true)),
        (DECAY.to_string(), "0".to_string()),
    ])
}

/// The form's values for a global limit as it is.
pub fn global_values(l: &GlobalConcurrencyLimitResponse) -> FormValues {
    FormValues::from([
        (NAME.to_string(), l.name.clone()),
        (LIMIT.to_string(), l.limit.to_string()),
        (DECAY.to_string(), decay_text(l.slot_decay_per_second)),
        (ACTIVE.to_string(), flag_text(l.active)),
    ])
}

fn decay_text(per_second: f64) -> String {
    if per_second.fract() == 0.0 && per_second.abs() < 1e15 {
        format!("{}", per_second as i64)
    } else {
        per_second.to_string()
    }
}

/// A limit: a whole number, 0 or more (0 lets nothing through).
fn limit_of(values: &FormValues, path: &str) -> Result<i64, FieldError> {
    whole_number(values, path, 0)?.ok_or_else(|| FieldError::new(path, "A limit is required."))
}

/// Slots freed per second (a rate limit), 0 or more; empty is 0.
fn decay_of(values: &FormValues) -> Result<f64, FieldError> {
    let raw = text(values, DECAY);
    if raw.is_empty() {
        return Ok(0.0);
    }
    match raw.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(FieldError::new(
            DECAY,
            "Slots freed per second: a number, 0 or more (0: slots are freed when released).",
        )),
    }
}

/// The checked name, limit, decay and on/off.
fn checked_global(values: &FormValues) -> Result<(String, i64, f64, bool), Vec<FieldError>> {
    let mut checked = Checked::default();
    let name = checked.check(name(values, NAME));
    let limit = checked.check(limit_of(values, LIMIT));
    let decay = checked.check(decay_of(values));
    checked.into_result(())?;
    Ok((name, limit, decay, flag(values, ACTIVE)))
}

/// A new global limit, said in words.
pub fn global_create(
    values: &FormValues,
) -> Result<(GlobalConcurrencyLimitCreate, Vec<String>), Vec<FieldError>> {
    let (name, limit, decay, active) = checked_global(values)?;
    let mut lines = vec![format!(
        "Creates the global limit {name}: {limit} slot(s){}",
        if active { "" } else { ", off" }
    )];
    if decay > 0.0 {
        lines.push(format!("A rate limit: {decay} slot(s) freed per second"));
    }
    Ok((
        GlobalConcurrencyLimitCreate {
            name,
            limit,
            active,
            slot_decay_per_second: decay,
        },
        lines,
    ))
}

/// A global limit's edit: only what changed is sent, each said.
pub fn global_update(
    current: &GlobalConcurrencyLimitResponse,
    values: &FormValues,
) -> Result<(GlobalConcurrencyLimitUpdate, Vec<String>), Vec<FieldError>> {
    let (name, limit, decay, active) = checked_global(values)?;
    let mut body = GlobalConcurrencyLimitUpdate::default();
    let mut lines = Vec::new();
    if name != current.name {
        lines.push(change("Name", current.name.clone(), name.clone()));
        body.name = Some(name);
    }
    if limit != current.limit {
        lines.push(change(
            "Limit",
            current.limit.to_string(),
            limit.to_string(),
        ));
        body.limit = Some(limit);
    }
    if decay != current.slot_decay_per_second {
        lines.push(change(
            "Slots freed per second",
            decay_text(current.slot_decay_per_second),
            decay_text(decay),
        ));
        body.slot_decay_per_second = Some(decay);
    }
    if active != current.active {
        lines.push(change("On", yes_no(current.active), yes_no(active)));
        body.active = Some(active);
    }
    Ok((body, lines))
}

/// What resetting a global limit does, for its confirmation.
pub fn global_reset_words(l: &GlobalConcurrencyLimitResponse) -> String {
    match l.active_slots {
        n if n <= 0 => "No slot is in use: nothing changes.".into(),
        1 => "Its 1 slot in use is freed: whatever holds it keeps running but no longer counts."
            .into(),
        n => format!(
            "Its {n} slots in use are freed: whatever holds them keeps running but no longer \
             counts."
        ),
    }
}

/// A new tag limit, said in words; a tag in `existing` is refused (Prefect's create would
/// change that limit instead).
pub fn tag_create(
    values: &FormValues,
    existing: &[String],
) -> Result<(ConcurrencyLimitCreate, Vec<String>), Vec<FieldError>> {
    let mut checked = Checked::default();
    let tag = text(values, TAG);
    if tag.is_empty() {
        checked.0.push(FieldError::new(TAG, "A tag is required."));
    } else if existing.contains(&tag) {
        checked.0.push(FieldError::new(
            TAG,
            format!("The tag {tag} has a limit already; delete it first to set another."),
        ));
    }
    let limit = checked.check(limit_of(values, TAG_LIMIT));
    checked.into_result(())?;
    let lines = vec![format!(
        "Task runs tagged {tag} run at most {limit} at a time"
    )];
    Ok((
        ConcurrencyLimitCreate {
            tag,
            concurrency_limit: limit,
        },
        lines,
    ))
}

/// What resetting a tag limit does: the slots it frees and who holds them (`holders`: the
/// task runs' names, as far as they are known).
pub fn tag_reset_words(holders: &[String]) -> String {
    match holders {
        [] => "No slot is held: nothing changes.".into(),
        [one] => format!("Frees the slot {one} holds; the task run keeps running."),
        many => {
            let shown: Vec<&str> = many.iter().take(5).map(String::as_str).collect();
            let more = many.len().saturating_sub(shown.len());
            format!(
                "Frees the {} slots held by {}{}; those task runs keep running.",
                many.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::values;
    use serde_json::json;

    fn limit() -> GlobalConcurrencyLimitResponse {
        serde_json::from_value(json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "name": "db", "limit": 5, "active_slots": 2, "slot_decay_per_second": 0.0,
            "active": true,
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_global_limit_is_checked_created_and_changed_by_field() {
        let mut form = new_global_values();
        form.extend(values(&[(NAME, "db/main"), (LIMIT, "-1"), (DECAY, "fast")]));
        assert_eq!(global_create(&form).err().unwrap_or_default().len(), 3);
        form.extend(values(&[(NAME, "db"), (LIMIT, "5"), (DECAY, "0.5")]));
        let (body, lines) = global_create(&form).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"name": "db", "limit": 5, "active": true, "slot_decay_per_second": 0.5})
        );
        assert_eq!(lines.len(), 2);
        let current = limit();
        let same = global_values(&current);
        assert_eq!(
            global_update(&current, &same),
            Ok((GlobalConcurrencyLimitUpdate::default(), vec![]))
        );
        let mut changed = same.clone();
        changed.extend(values(&[(LIMIT, "8"), (ACTIVE, "false")]));
        let (body, lines) = global_update(&current, &changed).unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"limit": 8, "active": false})
        );
        assert_eq!(lines, ["Limit: 5 → 8", "On: yes → no"]);
        assert!(global_reset_words(&current).contains("2 slots"));
    }

    #[test]
    fn a_tag_that_has_a_limit_is_refused_and_a_reset_names_the_holders() {
        let existing = vec!["db".to_string()];
        let form = values(&[(TAG, "db"), (TAG_LIMIT, "3")]);
        let errors = tag_create(&form, &existing).err().unwrap_or_default();
        assert!(
            errors[0].message.contains("has a limit already"),
            "{errors:?}"
        );
        let form = values(&[(TAG, "api"), (TAG_LIMIT, "3")]);
        let (body, _) = tag_create(&form, &existing).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"tag": "api", "concurrency_limit": 3})
        );
        assert_eq!(tag_reset_words(&[]), "No slot is held: nothing changes.");
        let many: Vec<String> = (0..7).map(|i| format!("load-{i}")).collect();
        let said = tag_reset_words(&many);
        assert!(
            said.starts_with("Frees the 7 slots held by load-0"),
            "{said}"
        );
        assert!(said.contains("and 2 more"), "{said}");
    }
}
