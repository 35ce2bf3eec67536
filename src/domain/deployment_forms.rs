//! A deployment's edit and its copy under a new name: the form's values from the
//! deployment, what a save sends (only what changed) and says, and the copy's body with
//! everything, schedules included.

use super::forms::{
    change, flag, flag_text, json_object, json_text, limit_words, name, optional_text, tag_list,
    text, text_words, whole_number, yes_no, Checked, FieldError, FormValues,
};
use super::parameter_form::{build, fields, initial_values, under, Field, FieldKind};
use crate::schemas::actions::{DeploymentCreate, DeploymentScheduleCreate, DeploymentUpdate};
use crate::schemas::wire::JsonObject;
use crate::schemas::{
    ConcurrencyLimitStrategy, ConcurrencyOptions, Deployment, WorkPool, WorkQueue,
};
use serde_json::Value;
use std::collections::BTreeMap;

pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const VERSION: &str = "version";
pub const TAGS: &str = "tags";
pub const QUEUE: &str = "work_queue";
/// The parameters as one JSON object, where the schema cannot be a form.
pub const PARAMETERS: &str = "parameters";
pub const JOB_VARIABLES: &str = "job_variables";
pub const CONCURRENCY: &str = "concurrency_limit";
pub const COLLISION: &str = "collision_strategy";
pub const ENFORCE: &str = "enforce_parameter_schema";
pub const PAUSED: &str = "paused";

/// The form's own fields (the parameters' come from the schema, under `parameters.`).
pub const DEPLOYMENT_FIELDS: [&str; 10] = [
    DESCRIPTION,
    VERSION,
    TAGS,
    QUEUE,
    PARAMETERS,
    JOB_VARIABLES,
    CONCURRENCY,
    COLLISION,
    ENFORCE,
    PAUSED,
];

/// A pool and queue as one choice: `pool/queue` (Prefect refuses `/` in names, so it
/// cannot be ambiguous).
pub fn queue_choice(pool: &str, queue: &str) -> String {
    format!("{pool}/{queue}")
}

/// Every queue on the server as a choice, "queue (pool)", by pool then priority; the
/// deployment's own pool and queue come first even when the list lacks them.
pub fn queue_choices(queues: &[WorkQueue], deployment: &Deployment) -> Vec<(String, String)> {
    let mut sorted: Vec<&WorkQueue> = queues
        .iter()
        .filter(|q| q.work_pool_name.is_some())
        .collect();
    sorted.sort_by(|a, b| {
        (&a.work_pool_name, a.priority, &a.name).cmp(&(&b.work_pool_name, b.priority, &b.name))
    });
    let mut choices: Vec<(String, String)> = Vec::new();
    if let (Some(pool), Some(queue)) = (&deployment.work_pool_name, &deployment.work_queue_name) {
        choices.push((queue_choice(pool, queue), format!("{queue} ({pool}), now")));
    }
    for q in sorted {
        let pool = q.work_pool_name.as_deref().unwrap_or_default();
        let value = queue_choice(pool, &q.name);
        if !choices.iter().any(|(v, _)| *v == value) {
            choices.push((value, format!("{} ({pool})", q.name)));
        }
    }
    if choices.is_empty() {
        choices.push((String::new(), "No work pool".into()));
    }
    choices
}

/// The parameter fields of the deployment's schema, their paths under `parameters.`; `Err`
/// says why the parameters are edited as JSON instead.
pub fn parameter_fields(deployment: &Deployment) -> Result<Vec<Field>, &'static str> {
    let schema = deployment
        .parameter_openapi_schema
        .as_ref()
        .ok_or("the deployment has no parameter schema")?;
    Ok(under(PARAMETERS, as_defaults(&fields(schema)?)))
}

/// The fields as a deployment's defaults have them: none required (a run may bring the
/// value) and none prefilled with the flow's default (an edit starts from what the
/// deployment sets).
fn as_defaults(fields: &[Field]) -> Vec<Field> {
    fields
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.default = None;
            f.required = false;
            if let FieldKind::Object(children) = &f.kind {
                f.kind = FieldKind::Object(as_defaults(children));
            }
            f
        })
        .collect()
}

/// The deployment's concurrency limit: Prefect 3 keeps it as a global limit of its own
/// (`global_concurrency_limit.limit`; the old field stays null).
pub fn current_limit(deployment: &Deployment) -> Option<i64> {
    deployment
        .global_concurrency_limit
        .as_ref()
        .map(|g| g.limit)
        .or(deployment.concurrency_limit)
}

fn collision_text(options: Option<&ConcurrencyOptions>) -> String {
    options
        .map(|o| o.collision_strategy.as_str().to_string())
        .unwrap_or_else(|| ConcurrencyLimitStrategy::Enqueue.as_str().to_string())
}

/// The edit form's values for `deployment` (`fields`: its parameter fields, or `Err` for
/// the JSON editor).
pub fn edit_values(deployment: &Deployment, parameters: &Result<Vec<Field>, &str>) -> FormValues {
    let mut values = match parameters {
        // What the deployment sets, and nothing else: an empty field is the flow's default.
        Ok(fields) => initial_values(fields, &deployment.parameters),
        Err(_) => FormValues::from([(PARAMETERS.to_string(), json_text(&deployment.parameters))]),
    };
    let queue = match (&deployment.work_pool_name, &deployment.work_queue_name) {
        (Some(pool), Some(queue)) => queue_choice(pool, queue),
        _ => String::new(),
    };
    values.extend([
        (
            DESCRIPTION.to_string(),
            deployment.description.clone().unwrap_or_default(),
        ),
        (
            VERSION.to_string(),
            deployment.version.clone().unwrap_or_default(),
        ),
        (TAGS.to_string(), deployment.tags.join(", ")),
        (QUEUE.to_string(), queue),
        (
            JOB_VARIABLES.to_string(),
            json_text(&deployment.job_variables),
        ),
        (
            CONCURRENCY.to_string(),
            current_limit(deployment)
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        (
            COLLISION.to_string(),
            collision_text(deployment.concurrency_options.as_ref()),
        ),
        (
            ENFORCE.to_string(),
            flag_text(deployment.enforce_parameter_schema),
        ),
        (PAUSED.to_string(), flag_text(deployment.paused)),
    ]);
    values
}

/// Tags typed comma-separated: trimmed, empty ones dropped, each once, in order.
pub fn tags(values: &FormValues) -> Vec<String> {
    tag_list(values, TAGS)
}

/// The deployment's edit: only what differs from `deployment` is sent, each said as a
/// change line (parameters and job variables compared as values, not as text).
pub fn deployment_update(
    deployment: &Deployment,
    parameters: &Result<Vec<Field>, &str>,
    values: &FormValues,
    templates: &Templates,
) -> Result<(DeploymentUpdate, Vec<String>), Vec<FieldError>> {
    let mut checked = Checked::default();
    let built = match parameters {
        Ok(fields) => build(fields, values).map_err(|errors| {
            checked.0.extend(errors);
        }),
        Err(_) => json_object(values, PARAMETERS).map_err(|error| checked.0.push(error)),
    }
    .unwrap_or_default();
    let job_variables = checked.check(json_object(values, JOB_VARIABLES));
    let limit = checked.check(whole_number(values, CONCURRENCY, 1));
    let strategy = ConcurrencyLimitStrategy::from_wire(&text(values, COLLISION));
    checked.into_result(())?;

    let d = deployment;
    let mut body = DeploymentUpdate::default();
    let mut lines = Vec::new();
    let description = optional_text(values, DESCRIPTION);
    if description != d.description.clone().filter(|t| !t.is_empty()) {
        lines.push(change(
            "Description",
            text_words(d.description.as_deref()),
            text_words(description.as_deref()),
        ));
        body.description = Some(description);
    }
    let version = optional_text(values, VERSION);
    if version != d.version.clone().filter(|t| !t.is_empty()) {
        lines.push(change(
            "Version",
            text_words(d.version.as_deref()),
            text_words(version.as_deref()),
        ));
        body.version = Some(version);
    }
    let tags = tags(values);
    if tags != d.tags {
        lines.push(change("Tags", words_or_none(&d.tags), words_or_none(&tags)));
        body.tags = Some(tags);
    }
    let queue = text(values, QUEUE);
    let now = match (&d.work_pool_name, &d.work_queue_name) {
        (Some(pool), Some(queue)) => queue_choice(pool, queue),
        _ => String::new(),
    };
    if let Some((pool, name)) = queue.split_once('/').filter(|_| queue != now) {
        lines.push(format!(
            "Work pool and queue: {} → {name} ({pool})",
            if now.is_empty() {
                "none".to_string()
            } else {
                now.replace('/', " in ")
            }
        ));
        body.work_pool_name = Some(pool.to_string());
        body.work_queue_name = Some(name.to_string());
    }
    if built != d.parameters {
        lines.push("Parameter defaults: changed".to_string());
        body.parameters = Some(built);
    }
    if job_variables != d.job_variables {
        lines.push("Job variables: changed".to_string());
        body.job_variables = Some(job_variables);
    }
    if limit != current_limit(d) {
        lines.push(change(
            "Concurrency limit",
            limit_words(current_limit(d)),
            limit_words(limit),
        ));
        body.concurrency_limit = Some(limit);
    }
    let old_strategy = collision_text(d.concurrency_options.as_ref());
    if limit.is_some() && strategy.as_str() != old_strategy {
        lines.push(change(
            "When the limit is reached",
            old_strategy,
            strategy.as_str().to_string(),
        ));
        body.concurrency_options = Some(Some(ConcurrencyOptions {
            collision_strategy: strategy,
            grace_period_seconds: d
                .concurrency_options
                .as_ref()
                .and_then(|o| o.grace_period_seconds),
        }));
    }
    let enforce = flag(values, ENFORCE);
    if enforce != d.enforce_parameter_schema {
        lines.push(change(
            "Enforce the parameter schema",
            yes_no(d.enforce_parameter_schema),
            yes_no(enforce),
        ));
        body.enforce_parameter_schema = Some(enforce);
    }
    let paused = flag(values, PAUSED);
    if paused != d.paused {
        lines.push(change("Paused", yes_no(d.paused), yes_no(paused)));
        body.paused = Some(paused);
    }
    // The job variables against the template of the pool they will run in, when either
    // changes (as the server checks them).
    if body.job_variables.is_some() || body.work_pool_name.is_some() {
        let pool = body.work_pool_name.as_ref().or(d.work_pool_name.as_ref());
        let variables = body.job_variables.as_ref().unwrap_or(&d.job_variables);
        let problems = pool
            .and_then(|pool| templates.get(pool))
            .map(|template| job_variable_problems(variables, template))
            .unwrap_or_default();
        if !problems.is_empty() {
            return Err(vec![FieldError::new(JOB_VARIABLES, problems.join("; "))]);
        }
    }
    Ok((body, lines))
}

/// Each pool's template variables (`base_job_template.variables`, a JSON schema), by the
/// pool's name: what a deployment's job variables are checked against.
pub type Templates = BTreeMap<String, Value>;

/// The variables schema of each pool's base job template.
pub fn templates(pools: &[WorkPool]) -> Templates {
    pools
        .iter()
        .filter_map(|p| {
            let variables = p.base_job_template.get("variables")?;
            Some((p.name.clone(), variables.clone()))
        })
        .collect()
}

/// The JSON type names a value has, as a JSON schema's `type` names them (an integer is a
/// number too).
fn json_types(value: &Value) -> &'static [&'static str] {
    match value {
        Value::Null => &["null"],
        Value::Bool(_) => &["boolean"],
        Value::Number(n) if n.is_i64() || n.is_u64() => &["integer", "number"],
        Value::Number(_) => &["number"],
        Value::String(_) => &["string"],
        Value::Array(_) => &["array"],
        Value::Object(_) => &["object"],
    }
}

/// The types a property's schema allows (its `type`, a list of them, or those of its
/// `anyOf` branches); `None` when it says no type this check can read.
fn allowed_types(property: &Value) -> Option<Vec<String>> {
    match property.get("type") {
        Some(Value::String(t)) => Some(vec![t.clone()]),
        Some(Value::Array(list)) => Some(
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        _ => {
            let branches = property.get("anyOf")?.as_array()?;
            let mut all = Vec::new();
            for branch in branches.iter().take(16) {
                all.extend(allowed_types(branch)?);
            }
            Some(all)
        }
    }
}

/// What in `job_variables` the pool's template variables (`variables`, a JSON schema of
/// the pool's `base_job_template`) refuse, as the server checks them (required keys
/// ignored): a value of another type, a value outside an `enum`, a key the schema closes
/// out. What the schema says in other ways is left to the server. Work is one look per
/// key typed.
pub fn job_variable_problems(job_variables: &JsonObject, variables: &Value) -> Vec<String> {
    let properties = variables.get("properties").and_then(Value::as_object);
    let closed = variables.get("additionalProperties") == Some(&Value::Bool(false));
    let mut problems = Vec::new();
    for (key, value) in job_variables {
        let Some(property) = properties.and_then(|p| p.get(key)) else {
            if closed {
                problems.push(format!("{key}: the pool's template has no such variable"));
            }
            continue;
        };
        if let Some(allowed) = allowed_types(property) {
            let types = json_types(value);
            if !allowed.is_empty() && !allowed.iter().any(|a| types.contains(&a.as_str())) {
                problems.push(format!(
                    "{key}: the pool's template takes {}, not {}",
                    allowed.join(" or "),
                    types[0]
                ));
                continue;
            }
        }
        if let Some(options) = property.get("enum").and_then(Value::as_array) {
            if !options.contains(value) {
                let shown: Vec<String> = options.iter().take(8).map(Value::to_string).collect();
                problems.push(format!(
                    "{key}: the pool's template takes one of {}",
                    shown.join(", ")
                ));
            }
        }
    }
    problems
}

fn words_or_none(list: &[String]) -> String {
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

/// A copy of `deployment` under the name the form holds: everything it has, its schedules
/// (with their parameters and on/off) included.
pub fn duplicate(
    deployment: &Deployment,
    values: &FormValues,
) -> Result<DeploymentCreate, Vec<FieldError>> {
    let new_name = name(values, NAME).map_err(|e| vec![e])?;
    if new_name == deployment.name {
        return Err(vec![FieldError::new(
            NAME,
            "The copy needs a name of its own.",
        )]);
    }
    let d = deployment.clone();
    let limit = current_limit(&d);
    Ok(DeploymentCreate {
        name: new_name,
        flow_id: d.flow_id,
        paused: d.paused,
        schedules: d
            .schedules
            .into_iter()
            .map(|s| DeploymentScheduleCreate {
                schedule: s.schedule,
                active: s.active,
                max_scheduled_runs: s.max_scheduled_runs,
                parameters: s.parameters,
                slug: s.slug,
            })
            .collect(),
        concurrency_limit: limit,
        concurrency_options: d.concurrency_options,
        enforce_parameter_schema: d.enforce_parameter_schema,
        parameter_openapi_schema: d.parameter_openapi_schema,
        parameters: d.parameters,
        tags: d.tags,
        pull_steps: d.pull_steps,
        work_queue_name: d.work_queue_name,
        work_pool_name: d.work_pool_name,
        storage_document_id: d.storage_document_id,
        infrastructure_document_id: d.infrastructure_document_id,
        description: d.description,
        path: d.path,
        version: d.version,
        entrypoint: d.entrypoint,
        job_variables: d.job_variables,
    })
}

/// What the copy does, in words.
pub fn duplicate_lines(deployment: &Deployment, copy: &DeploymentCreate) -> Vec<String> {
    let schedules = match copy.schedules.len() {
        0 => "no schedules".to_string(),
        1 => "its schedule".to_string(),
        n => format!("its {n} schedules"),
    };
    vec![format!(
        "Creates the deployment \"{}\" of the same flow: a copy of {} with {schedules}, \
         parameters, job variables and settings.",
        copy.name, deployment.name
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::values;
    use serde_json::json;

    fn deployment() -> Deployment {
        serde_json::from_value(json!({
            "id": "6f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
            "flow_id": "7f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
            "name": "nightly", "tags": ["etl"], "description": "old",
            "work_pool_name": "pool-a", "work_queue_name": "default",
            "parameters": {"n": 3},
            "parameter_openapi_schema": {"type": "object", "properties": {
                "n": {"type": "integer", "title": "n"},
                "who": {"type": "string", "title": "who", "default": "world"}}},
            "job_variables": {"env": {"A": "1"}},
            "schedules": [{"id": "8f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
                "schedule": {"cron": "0 9 * * *", "timezone": "Europe/Paris"},
                "active": false, "parameters": {"n": 5}}]
        }))
        .expect("a deployment")
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let d = deployment();
        let fields = parameter_fields(&d);
        assert!(fields
            .as_ref()
            .is_ok_and(|f| f.iter().all(|f| f.path.starts_with("parameters."))));
        let form = edit_values(&d, &fields);
        assert_eq!(form.get("parameters.n").map(String::as_str), Some("3"));
        assert_eq!(form.get(QUEUE).map(String::as_str), Some("pool-a/default"));
        assert_eq!(
            deployment_update(&d, &fields, &form, &Templates::new()),
            Ok((DeploymentUpdate::default(), vec![]))
        );
        // The JSON editor, untouched, the same.
        let raw: Result<Vec<Field>, &str> = Err("no schema");
        let form = edit_values(&d, &raw);
        assert_eq!(
            deployment_update(&d, &raw, &form, &Templates::new()),
            Ok((DeploymentUpdate::default(), vec![]))
        );
    }

    #[test]
    fn an_edit_sends_what_changed_and_says_it() {
        let d = deployment();
        let fields = parameter_fields(&d);
        let mut form = edit_values(&d, &fields);
        form.extend(values(&[
            (TAGS, "etl, nightly ,, etl"),
            (QUEUE, "pool-b/fast"),
            ("parameters.n", "4"),
            ("parameters.who", "you"),
            (CONCURRENCY, "2"),
            (COLLISION, "CANCEL_NEW"),
            (PAUSED, "true"),
            (VERSION, "2.0"),
        ]));
        let (body, lines) =
            deployment_update(&d, &fields, &form, &Templates::new()).unwrap_or_default();
        assert_eq!(
            serde_json::to_value(&body).unwrap_or_default(),
            json!({"version": "2.0", "tags": ["etl", "nightly"], "work_pool_name": "pool-b",
                "work_queue_name": "fast", "parameters": {"n": 4, "who": "you"},
                "concurrency_limit": 2,
                "concurrency_options": {"collision_strategy": "CANCEL_NEW",
                    "grace_period_seconds": null},
                "paused": true})
        );
        assert!(
            lines.contains(&"Work pool and queue: pool-a in default → fast (pool-b)".to_string())
        );
        assert!(lines.contains(&"Tags: etl → etl, nightly".to_string()));
        // Mistakes are named beside their fields, all at once.
        form.extend(values(&[
            ("parameters.n", "x"),
            (JOB_VARIABLES, "[]"),
            (CONCURRENCY, "0"),
        ]));
        let paths: Vec<String> = deployment_update(&d, &fields, &form, &Templates::new())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(paths, ["parameters.n", JOB_VARIABLES, CONCURRENCY]);
    }

    #[test]
    fn a_copy_takes_everything_under_a_new_name() {
        let d = deployment();
        assert!(duplicate(&d, &values(&[(NAME, "nightly")])).is_err());
        assert!(duplicate(&d, &values(&[(NAME, "")])).is_err());
        let copy = duplicate(&d, &values(&[(NAME, "nightly-copy")])).expect("a copy");
        let sent = serde_json::to_value(&copy).unwrap_or_default();
        assert_eq!(sent["name"], "nightly-copy");
        assert_eq!(sent["parameters"], json!({"n": 3}));
        assert_eq!(
            sent["schedules"],
            json!([{"schedule": {"cron": "0 9 * * *", "timezone": "Europe/Paris",
                "day_or": true}, "active": false, "parameters": {"n": 5}}])
        );
        assert_eq!(sent["job_variables"], json!({"env": {"A": "1"}}));
        assert!(duplicate_lines(&d, &copy)[0].contains("with its schedule"));
    }

    #[test]
    fn queue_choices_keep_the_current_one_first() {
        let d = deployment();
        let queue = |pool: &str, name: &str, priority: i64| -> WorkQueue {
            serde_json::from_value(json!({"id": "6f2c1b6e-3a4f-4d2b-9c1e-2f1a0b9c8d7e",
                "name": name, "priority": priority, "is_paused": false,
                "concurrency_limit": null, "work_pool_name": pool}))
            .expect("a queue")
        };
        let choices = queue_choices(
            &[
                queue("pool-b", "slow", 2),
                queue("pool-a", "default", 1),
                queue("pool-b", "fast", 1),
            ],
            &d,
        );
        let values: Vec<&str> = choices.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(values, ["pool-a/default", "pool-b/fast", "pool-b/slow"]);
    }

    #[test]
    fn job_variables_are_checked_against_the_template_of_the_pool_they_run_in() {
        let variables = json!({
            "properties": {
                "working_dir": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "stream_output": {"type": "boolean"},
                "cpu": {"type": "integer"},
                "image_pull_policy": {"type": "string", "enum": ["Always", "Never"]},
            }
        });
        let vars = |v: serde_json::Value| v.as_object().cloned().unwrap_or_default();
        assert!(job_variable_problems(
            &vars(json!({"working_dir": null, "cpu": 2, "env": {"A": "1"}})),
            &variables
        )
        .is_empty());
        assert_eq!(
            job_variable_problems(
                &vars(json!({"working_dir": 5, "cpu": 1.5, "image_pull_policy": "Sometimes"})),
                &variables
            ),
            [
                "cpu: the pool's template takes integer, not number",
                "image_pull_policy: the pool's template takes one of \"Always\", \"Never\"",
                "working_dir: the pool's template takes string or null, not integer",
            ]
        );
        let mut closed = variables.clone();
        closed["additionalProperties"] = json!(false);
        assert_eq!(
            job_variable_problems(&vars(json!({"env": {}})), &closed),
            ["env: the pool's template has no such variable"]
        );
        // In the edit: only when the variables or the pool change, against the new pool's.
        let d = deployment();
        let fields = parameter_fields(&d);
        let templates = Templates::from([("pool-b".to_string(), variables)]);
        let mut form = edit_values(&d, &fields);
        form.insert(JOB_VARIABLES.into(), r#"{"cpu": "two"}"#.into());
        assert!(
            deployment_update(&d, &fields, &form, &templates).is_ok(),
            "pool-a has none"
        );
        form.insert(QUEUE.into(), "pool-b/fast".into());
        let refused = deployment_update(&d, &fields, &form, &templates)
            .err()
            .unwrap_or_default();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].path, JOB_VARIABLES);
    }
}
