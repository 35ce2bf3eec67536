//! The work pool and work queue forms: a new pool of a worker type from the server's
//! registry, a pool's or a queue's edit (only what changed is sent, and said), a new queue,
//! and the queues' priorities in a new order.

use super::forms::{
    change, json_object, json_text, limit_words, name, names_words, optional_text, text_words,
    whole_number, Checked, FieldError, FormValues,
};
use crate::schemas::actions::{WorkPoolCreate, WorkPoolUpdate, WorkQueueCreate, WorkQueueUpdate};
use crate::schemas::wire::JsonObject;
use crate::schemas::{WorkPool, WorkQueue, WorkerTypeMetadata};

pub const TYPE: &str = "type";
pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const CONCURRENCY: &str = "concurrency_limit";
pub const TEMPLATE: &str = "base_job_template";
pub const PRIORITY: &str = "priority";

/// The fields of the pool forms, as the server names them in its refusals.
pub const POOL_FIELDS: [&str; 5] = [TYPE, NAME, DESCRIPTION, CONCURRENCY, TEMPLATE];
/// The fields of the queue forms.
pub const QUEUE_FIELDS: [&str; 4] = [NAME, DESCRIPTION, CONCURRENCY, PRIORITY];

/// The worker types of the registry's answer (`{collection: {type: metadata}}`), by display
/// name; an entry of another shape is left out, not fatal. The type `process` (Prefect's own,
/// needing no integration) comes first.
pub fn worker_types(registry: &JsonObject) -> Vec<WorkerTypeMetadata> {
    let mut types: Vec<WorkerTypeMetadata> = registry
        .values()
        .filter_map(|collection| collection.as_object())
        .flat_map(|collection| collection.values())
        .filter_map(|entry| serde_json::from_value::<WorkerTypeMetadata>(entry.clone()).ok())
        .filter(|t| !t.worker_type.is_empty())
        .collect();
    types.sort_by(|a, b| {
        (a.worker_type != "process", label(a)).cmp(&(b.worker_type != "process", label(b)))
    });
    types.dedup_by(|a, b| a.worker_type == b.worker_type);
    types
}

/// A worker type as the type menu shows it: "Docker (docker)", "beta" said.
pub fn label(t: &WorkerTypeMetadata) -> String {
    let shown = if t.display_name.is_empty() {
        t.worker_type.clone()
    } else {
        format!("{} ({})", t.display_name, t.worker_type)
    };
    if t.is_beta {
        format!("{shown}, beta")
    } else {
        shown
    }
}

/// The new-pool form's first values: the first type and its default base job template.
pub fn new_pool_values(types: &[WorkerTypeMetadata]) -> FormValues {
    let mut values = FormValues::new();
    if let Some(first) = types.first() {
        values.insert(TYPE.into(), first.worker_type.clone());
        values.insert(
            TEMPLATE.into(),
            json_text(&first.default_base_job_configuration),
        );
    }
    values
}

/// A new type was chosen: the template becomes that type's default (what was typed into
/// the template goes: it was written for the other type).
pub fn type_chosen(values: &mut FormValues, types: &[WorkerTypeMetadata]) {
    let chosen = values.get(TYPE).cloned().unwrap_or_default();
    let template = types
        .iter()
        .find(|t| t.worker_type == chosen)
        .map(|t| json_text(&t.default_base_job_configuration))
        .unwrap_or_else(|| "{}".into());
    values.insert(TEMPLATE.into(), template);
}

/// The new pool the form describes, or every mistake in it.
pub fn pool_create(values: &FormValues) -> Result<WorkPoolCreate, Vec<FieldError>> {
    let mut checked = Checked::default();
    let pool_type = optional_text(values, TYPE);
    if pool_type.is_none() {
        checked.0.push(FieldError::new(TYPE, "Choose a type."));
    }
    let body = WorkPoolCreate {
        name: checked.check(name(values, NAME)),
        description: optional_text(values, DESCRIPTION),
        pool_type: pool_type.unwrap_or_default(),
        base_job_template: checked.check(json_object(values, TEMPLATE)),
        is_paused: false,
        concurrency_limit: checked.check(whole_number(values, CONCURRENCY, 0)),
    };
    checked.into_result(body)
}

/// What creating the pool does, in words.
pub fn pool_create_lines(body: &WorkPoolCreate) -> Vec<String> {
    vec![
        format!(
            "Creates the work pool \"{}\" of type {}, with a default queue.",
            body.name, body.pool_type
        ),
        format!(
            "Concurrency limit: {}.",
            limit_words(body.concurrency_limit)
        ),
    ]
}

/// The edit form's values for a pool.
pub fn pool_values(pool: &WorkPool) -> FormValues {
    FormValues::from([
        (
            DESCRIPTION.to_string(),
            pool.description.clone().unwrap_or_default(),
        ),
        (
            CONCURRENCY.to_string(),
            pool.concurrency_limit
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        (TEMPLATE.to_string(), json_text(&pool.base_job_template)),
    ])
}

/// The description and concurrency limit of an edit, as the update body sets them (`None`:
/// unchanged; an emptied description is sent as ""), each change said in `lines`.
#[allow(clippy::type_complexity)]
fn shared_changes(
    (old_description, old_limit): (Option<&str>, Option<i64>),
    (description, limit): (Option<String>, Option<i64>),
    lines: &mut Vec<String>,
) -> (Option<Option<String>>, Option<Option<i64>>) {
    let old_description = old_description.filter(|d| !d.is_empty());
    let description = (description.as_deref() != old_description).then(|| {
        lines.push(change(
            "Description",
            text_words(old_description),
            text_words(description.as_deref()),
        ));
        Some(description.unwrap_or_default())
    });
    let limit = (limit != old_limit).then(|| {
        lines.push(change(
            "Concurrency limit",
            limit_words(old_limit),
            limit_words(limit),
        ));
        limit
    });
    (description, limit)
}

/// The pool's edit: only the fields that differ from `pool` are sent, each said as a change
/// line; nothing to send is an empty body and no lines.
pub fn pool_update(
    pool: &WorkPool,
    values: &FormValues,
) -> Result<(WorkPoolUpdate, Vec<String>), Vec<FieldError>> {
    let mut checked = Checked::default();
    let description = optional_text(values, DESCRIPTION);
    let limit = checked.check(whole_number(values, CONCURRENCY, 0));
    let template = checked.check(json_object(values, TEMPLATE));
    checked.into_result(())?;
    let mut lines = Vec::new();
    let (description, concurrency_limit) = shared_changes(
        (pool.description.as_deref(), pool.concurrency_limit),
        (description, limit),
        &mut lines,
    );
    let mut body = WorkPoolUpdate {
        description,
        concurrency_limit,
        ..WorkPoolUpdate::default()
    };
    if template != pool.base_job_template {
        lines.push("Base job template: changed".to_string());
        body.base_job_template = Some(template);
    }
    Ok((body, lines))
}

/// The new queue the form describes.
pub fn queue_create(values: &FormValues) -> Result<WorkQueueCreate, Vec<FieldError>> {
    let mut checked = Checked::default();
    let body = WorkQueueCreate {
        name: checked.check(name(values, NAME)),
        description: optional_text(values, DESCRIPTION),
        is_paused: false,
        concurrency_limit: checked.check(whole_number(values, CONCURRENCY, 0)),
        priority: checked.check(whole_number(values, PRIORITY, 1)),
    };
    checked.into_result(body)
}

/// What creating the queue does, in words.
pub fn queue_create_lines(pool: &str, body: &WorkQueueCreate) -> Vec<String> {
    vec![
        format!(
            "Creates the work queue \"{}\" in the work pool {pool}.",
            body.name
        ),
        match body.priority {
            Some(p) => format!("Priority {p}: queues at {p} and below it move down one."),
            None => "Priority: the first free one.".to_string(),
        },
        format!(
            "Concurrency limit: {}.",
            limit_words(body.concurrency_limit)
        ),
    ]
}

/// The edit form's values for a queue.
pub fn queue_values(queue: &WorkQueue) -> FormValues {
    FormValues::from([
        (
            DESCRIPTION.to_string(),
            queue.description.clone().unwrap_or_default(),
        ),
        (
            CONCURRENCY.to_string(),
            queue
                .concurrency_limit
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        (PRIORITY.to_string(), queue.priority.to_string()),
    ])
}

/// The queue's edit: only what differs from `queue`, each said as a change line. The
/// priority cannot be emptied (every queue has one).
pub fn queue_update(
    queue: &WorkQueue,
    values: &FormValues,
) -> Result<(WorkQueueUpdate, Vec<String>), Vec<FieldError>> {
    let mut checked = Checked::default();
    let description = optional_text(values, DESCRIPTION);
    let limit = checked.check(whole_number(values, CONCURRENCY, 0));
    let priority = checked.check(whole_number(values, PRIORITY, 1));
    if priority.is_none() {
        checked.0.push(FieldError::new(
            PRIORITY,
            "Every queue has a priority (1 is first).",
        ));
    }
    checked.into_result(())?;
    let mut lines = Vec::new();
    let (description, concurrency_limit) = shared_changes(
        (queue.description.as_deref(), queue.concurrency_limit),
        (description, limit),
        &mut lines,
    );
    let mut body = WorkQueueUpdate {
        description,
        concurrency_limit,
        ..WorkQueueUpdate::default()
    };
    if let Some(p) = priority.filter(|p| *p != queue.priority) {
        lines.push(format!(
            "Priority: {} → {p} (queues at {p} and below it move down one)",
            queue.priority
        ));
        body.priority = Some(p);
    }
    Ok((body, lines))
}

/// A queue in the priorities form: its name and priority now.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ranked {
    pub name: String,
    pub priority: i64,
}

/// The pool's queues by priority, first first (ties by name).
pub fn by_priority(queues: &[WorkQueue]) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = queues
        .iter()
        .map(|q| Ranked {
            name: q.name.clone(),
            priority: q.priority,
        })
        .collect();
    ranked.sort_by(|a, b| (a.priority, &a.name).cmp(&(b.priority, &b.name)));
    ranked
}

/// The priorities to set, in this order, so the queues run in `order`: the queues before the
/// first one moved keep theirs; from there each gets one more than the one before it (the
/// server moves a queue holding that number down, and a later set puts it in place). Sent in
/// this order, one at a time, the pool ends in `order`.
pub fn priority_changes(order: &[Ranked]) -> Vec<(String, i64)> {
    let mut current: Vec<&Ranked> = order.iter().collect();
    current.sort_by(|a, b| (a.priority, &a.name).cmp(&(b.priority, &b.name)));
    let Some(first_moved) = order
        .iter()
        .zip(&current)
        .position(|(a, b)| a.name != b.name)
    else {
        return Vec::new();
    };
    let mut next = first_moved
        .checked_sub(1)
        .map_or(1, |i| order[i].priority.saturating_add(1));
    order[first_moved..]
        .iter()
        .map(|queue| {
            let set = (queue.name.clone(), next);
            next = next.saturating_add(1);
            set
        })
        .collect()
}

/// What deleting a pool takes with it, for its dialog: its queues, and the deployments
/// that name it (`None`: they could not be listed).
pub fn pool_delete_words(queues: &[String], deployments: Option<&[String]>) -> String {
    let queues = match queues.len() {
        0 => "It has no work queues.".to_string(),
        1 => format!("Its work queue {} goes with it.", names_words(queues)),
        _ => format!("Its work queues {} go with it.", names_words(queues)),
    };
    let deployments = match deployments {
        None => "Its deployments could not be listed: any that use it keep its name, and \
                 their runs wait for a pool of that name."
            .to_string(),
        Some([]) => "No deployment uses it.".to_string(),
        Some(names) => format!(
            "{} {} {} it: {} its name, and {} runs wait for a pool of that name.",
            if names.len() == 1 {
                "The deployment"
            } else {
                "The deployments"
            },
            names_words(names),
            if names.len() == 1 { "uses" } else { "use" },
            if names.len() == 1 {
                "it keeps"
            } else {
                "they keep"
            },
            if names.len() == 1 { "its" } else { "their" },
        ),
    };
    format!("{queues} {deployments}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::{move_item, values};
    use serde_json::json;

    #[test]
    fn a_pool_delete_names_what_goes_and_what_stays() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            pool_delete_words(&names(&["default"]), Some(&[])),
            "Its work queue default goes with it. No deployment uses it."
        );
        let many = names(&["a", "b", "c", "d", "e", "f", "g"]);
        let words = pool_delete_words(&names(&["default", "spare"]), Some(&many));
        assert_eq!(
            words,
            "Its work queues default and spare go with it. The deployments a, b, c, d, e and 2 \
             more use it: they keep its name, and their runs wait for a pool of that name."
        );
        assert!(pool_delete_words(&[], None)
            .starts_with("It has no work queues. Its deployments could not"));
        assert!(pool_delete_words(&[], Some(&names(&["x"])))
            .contains("The deployment x uses it: it keeps its name"));
    }

    #[test]
    fn worker_types_come_from_any_registry_shape() {
        let registry = json!({
            "prefect-docker": {"docker": {"type": "docker", "display_name": "Docker",
                "default_base_job_configuration": {"variables": {}}}},
            "prefect": {"process": {"type": "process", "display_name": "Process",
                "is_beta": null}},
            "odd": {"x": 5, "y": {"display_name": "no type"}},
            "not-an-object": [1, 2],
            "prefect-beta": {"b": {"type": "beta-thing", "display_name": "Beta", "is_beta": true}},
        });
        let types = worker_types(registry.as_object().unwrap_or(&JsonObject::new()));
        let names: Vec<String> = types.iter().map(label).collect();
        assert_eq!(
            names,
            [
                "Process (process)",
                "Beta (beta-thing), beta",
                "Docker (docker)"
            ]
        );
        let mut form = new_pool_values(&types);
        assert_eq!(form.get(TYPE).map(String::as_str), Some("process"));
        form.insert(TYPE.into(), "docker".into());
        type_chosen(&mut form, &types);
        assert!(form
            .get(TEMPLATE)
            .is_some_and(|t| t.contains("\"variables\"")));
    }

    #[test]
    fn a_new_pool_is_checked_field_by_field() {
        let errors = pool_create(&values(&[
            (NAME, ""),
            (CONCURRENCY, "-3"),
            (TEMPLATE, "[]"),
        ]))
        .err()
        .unwrap_or_default();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, [TYPE, NAME, TEMPLATE, CONCURRENCY]);
        let body = pool_create(&values(&[
            (TYPE, "process"),
            (NAME, " etl "),
            (CONCURRENCY, "4"),
            (TEMPLATE, "{\"variables\": {}}"),
        ]));
        let body = body.unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"name": "etl", "type": "process", "is_paused": false,
                "concurrency_limit": 4, "base_job_template": {"variables": {}}})
        );
        assert_eq!(
            pool_create_lines(&body)[0],
            "Creates the work pool \"etl\" of type process, with a default queue."
        );
    }

    fn pool() -> WorkPool {
        serde_json::from_value(json!({
            "id": "6f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e", "name": "etl", "type": "process",
            "description": "old", "concurrency_limit": null,
            "base_job_template": {"variables": {"a": 1}}
        }))
        .expect("a pool")
    }

    #[test]
    fn a_pool_edit_sends_and_says_only_what_changed() {
        let pool = pool();
        let same = pool_values(&pool);
        assert_eq!(
            pool_update(&pool, &same),
            Ok((WorkPoolUpdate::default(), vec![]))
        );
        // The template re-spaced is the same template.
        let mut respaced = same.clone();
        respaced.insert(TEMPLATE.into(), "{\"variables\":{\"a\":1}}".into());
        assert_eq!(pool_update(&pool, &respaced).map(|(_, l)| l), Ok(vec![]));
        let mut edited = same.clone();
        edited.insert(DESCRIPTION.into(), "".into());
        edited.insert(CONCURRENCY.into(), "5".into());
        let (body, lines) = pool_update(&pool, &edited).unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"description": "", "concurrency_limit": 5})
        );
        assert_eq!(
            lines,
            ["Description: \"old\" → none", "Concurrency limit: none → 5"]
        );
        // Emptying a limit sends null: no limit.
        let mut limited = pool.clone();
        limited.concurrency_limit = Some(2);
        let (body, _) = pool_update(&limited, &same).unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"concurrency_limit": null})
        );
        edited.insert(TEMPLATE.into(), "{".into());
        assert!(pool_update(&pool, &edited).is_err());
    }

    fn queue(name: &str, priority: i64) -> WorkQueue {
        serde_json::from_value(json!({
            "id": "6f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e", "name": name, "priority": priority,
            "concurrency_limit": null, "is_paused": false
        }))
        .expect("a queue")
    }

    #[test]
    fn queues_are_created_and_edited_with_their_rules() {
        let body = queue_create(&values(&[(NAME, "fast"), (PRIORITY, "1")]));
        assert_eq!(body.as_ref().map(|b| b.priority), Ok(Some(1)), "{body:?}");
        assert!(queue_create(&values(&[(NAME, "fast"), (PRIORITY, "0")])).is_err());
        let q = queue("fast", 3);
        let mut form = queue_values(&q);
        assert_eq!(queue_update(&q, &form).map(|(_, l)| l), Ok(vec![]));
        form.insert(PRIORITY.into(), "".into());
        assert!(queue_update(&q, &form).is_err());
        form.insert(PRIORITY.into(), "1".into());
        form.insert(CONCURRENCY.into(), "0".into());
        let (body, lines) = queue_update(&q, &form).unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"concurrency_limit": 0, "priority": 1})
        );
        assert_eq!(lines.len(), 2);
    }

    fn ranked(pairs: &[(&str, i64)]) -> Vec<Ranked> {
        pairs
            .iter()
            .map(|(n, p)| Ranked {
                name: n.to_string(),
                priority: *p,
            })
            .collect()
    }

    /// The server's rule for one set priority (`bulk_update_work_queue_priorities`): the
    /// queue takes it, queues at or after it that collide move down one by one.
    fn server_sets(queues: &mut Vec<Ranked>, name: &str, priority: i64) {
        let Some(i) = queues.iter().position(|q| q.name == name) else {
            return;
        };
        let mut moved = queues.remove(i);
        moved.priority = priority;
        queues.sort_by_key(|q| q.priority);
        let at = queues
            .iter()
            .position(|q| q.priority >= priority)
            .unwrap_or(queues.len());
        queues.insert(at, moved);
        for i in 1..queues.len() {
            if queues[i].priority <= queues[i - 1].priority {
                queues[i].priority = queues[i - 1].priority + 1;
            }
        }
    }

    #[test]
    fn a_new_order_is_reached_by_setting_priorities_in_turn() {
        let start = ranked(&[("a", 1), ("b", 5), ("c", 10), ("d", 11)]);
        assert_eq!(priority_changes(&start), vec![]);
        for (from, to) in [(3, true), (1, true), (0, false), (2, false)] {
            let mut order = start.clone();
            move_item(&mut order, from, to);
            let mut server = start.clone();
            for (name, p) in priority_changes(&order) {
                server_sets(&mut server, &name, p);
            }
            server.sort_by_key(|q| q.priority);
            let got: Vec<&str> = server.iter().map(|q| q.name.as_str()).collect();
            let want: Vec<&str> = order.iter().map(|q| q.name.as_str()).collect();
            assert_eq!(got, want);
        }
        // Moving the second up keeps nothing before it: it starts at 1.
        let mut order = start.clone();
        move_item(&mut order, 1, true);
        assert_eq!(
            priority_changes(&order),
            vec![
                ("b".into(), 1),
                ("a".into(), 2),
                ("c".into(), 3),
                ("d".into(), 4)
            ]
        );
        // Out of range moves nothing.
        let mut order = start.clone();
        move_item(&mut order, 0, true);
        move_item(&mut order, 3, false);
        move_item(&mut order, usize::MAX, false);
        assert_eq!(order, start);
    }
}
