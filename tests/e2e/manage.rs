//! Changing what runs (#37), through the browser against a real server, each change read back
//! through the API: a quiet worker and a spare work queue are deleted from their pool's page,
//! and a deployment from its own page (its dialog counts the scheduled runs that go with it;
//! runs that ran stay). Backing out of a dialog changes nothing.

use crate::actions::{act_until_answered, now};
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::json;
use std::time::{Duration, Instant};

const POOL: &str = "doomed-pool";

/// Polls `ok` until it holds, up to 30 s (the server answers at once; a loaded machine may
/// take a moment), then says what was waited for.
pub(crate) fn until(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ok() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// What the pool's `kind` filter lists ("workers", "queues"), read back from the server.
fn in_pool(server: &PrefectServer, pool: &str, kind: &str) -> Vec<serde_json::Value> {
    server
        .json(
            "POST",
            &format!("/work_pools/{pool}/{kind}/filter"),
            Some(json!({})),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The names of what the pool's `kind` filter lists.
fn names_in_pool(server: &PrefectServer, kind: &str) -> Vec<String> {
    in_pool(server, POOL, kind)
        .iter()
        .filter_map(|o| o["name"].as_str().map(str::to_string))
        .collect()
}

fn worker_names(server: &PrefectServer) -> Vec<String> {
    names_in_pool(server, "workers")
}

fn queue_names(server: &PrefectServer) -> Vec<String> {
    names_in_pool(server, "queues")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_a_queue_and_a_deployment_are_deleted_from_their_pages() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": POOL, "type": "process"})),
    );
    server.json(
        "POST",
        &format!("/work_pools/{POOL}/queues"),
        Some(json!({"name": "spare"})),
    );
    let beat = server.call(
        "POST",
        &format!("/work_pools/{POOL}/workers/heartbeat"),
        Some(json!({"name": "quiet-worker", "heartbeat_interval_seconds": 30})),
    );
    assert!((200..300).contains(&beat.status), "{}", beat.body);
    let flow = server.json("POST", "/flows/", Some(json!({"name": "doomed-flow"})));
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "doomed", "flow_id": flow["id"], "work_pool_name": POOL})),
    );
    let id = deployment["id"]
        .as_str()
        .expect("the deployment's id")
        .to_string();
    // Three runs scheduled for tomorrow go with it; one that ran stays.
    let tomorrow = (now() + chrono::Duration::days(1)).to_rfc3339();
    for _ in 0..3 {
        server.json(
            "POST",
            &format!("/deployments/{id}/create_flow_run"),
            Some(json!({"state": {"type": "SCHEDULED",
                "state_details": {"scheduled_time": tomorrow}}})),
        );
    }
    let ran = server.json(
        "POST",
        "/flow_runs/",
        Some(
            json!({"flow_id": flow["id"], "deployment_id": id, "name": "it-ran",
            "state": {"type": "COMPLETED"}}),
        ),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;

    // --- A worker, from the pool's page; Back first changes nothing.
    browser
        .goto(&format!("{}work-pools/{POOL}", nginx.url()))
        .await;
    let worker_delete = "[data-testid=worker-row][data-name=quiet-worker] [data-action=Delete]";
    browser.element(worker_delete).await;
    browser.click(worker_delete).await;
    browser
        .wait_for_text("dialog[open] h2", |t| {
            t == "Delete the worker quiet-worker?"
        })
        .await;
    browser
        .click("dialog[open] [data-testid=confirm-dialog-back]")
        .await;
    browser.wait_settled().await;
    assert_eq!(
        worker_names(&server),
        ["quiet-worker"],
        "Back deleted nothing"
    );
    let said = act_until_answered(
        &browser,
        worker_delete,
        "Delete",
        "[data-testid=workers-status]",
        |t| t.contains("Deleted the worker quiet-worker"),
    )
    .await;
    assert!(said.contains("Deleted the worker quiet-worker"), "{said}");
    until("the worker is gone", || worker_names(&server).is_empty());
    browser.element("[data-testid=no-workers]").await;

    // --- A queue, from its row.
    let spare_delete = "[data-testid=queue-row][data-name=spare] [data-action=Delete]";
    let said = act_until_answered(
        &browser,
        spare_delete,
        "Delete",
        "[data-testid=queues-status]",
        |t| t.contains("Deleted the work queue spare"),
    )
    .await;
    assert!(said.contains("Deleted the work queue spare"), "{said}");
    until("the queue is gone", || queue_names(&server) == ["default"]);
    // --- The deployment, from its page: the dialog counts what goes with it.
    browser
        .goto(&format!("{}deployments/{id}", nginx.url()))
        .await;
    let delete = "[data-testid=deployment-actions] [data-action=Delete]";
    browser.element(delete).await;
    browser.click(delete).await;
    let body = browser
        .wait_for_text("dialog[open] p", |t| t.contains("scheduled run"))
        .await;
    assert!(body.contains("Its 3 scheduled runs"), "{body}");
    browser
        .wait_for_text("dialog[open] [data-testid=confirm-dialog-confirm]", |t| {
            t == "Delete deployment"
        })
        .await;
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    // Its page is gone: the deployments list is where the user lands.
    browser.wait_for_text("h1", |t| t == "Deployments").await;
    until("the deployment is gone", || {
        server
            .call("GET", &format!("/deployments/{id}"), None)
            .status
            == 404
    });
    let left = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flows": {"id": {"any_": [flow["id"]]}}})),
    );
    let left: Vec<&str> = left
        .as_array()
        .expect("runs")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        left,
        [ran["id"].as_str().unwrap_or_default()],
        "only the run that ran stays"
    );
    browser.close().await;
}

const NEW_POOL: &str = "etl-pool";

/// The open form's field at `path` (`#id` names a schema-built parameter input by its id).
fn field_css(form: &str, path: &str) -> String {
    if path.starts_with('#') {
        format!("dialog[open][data-testid={form}] {path}")
    } else {
        format!("dialog[open][data-testid={form}] [data-testid=field-{path}]")
    }
}

/// Sets a form field's value as typing (or choosing) would: the `input` event for text,
/// `change` for a menu.
pub(crate) async fn set_field(browser: &Browser, form: &str, path: &str, value: &str) {
    let css = field_css(form, path);
    browser.element(&css).await;
    let script = format!(
        "const e = document.querySelector({css}); e.value = {value}; \
         e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input', {{bubbles: true}})); \
         return e.value",
        css = serde_json::to_string(&css).unwrap_or_default(),
        value = serde_json::to_string(value).unwrap_or_default(),
    );
    assert_eq!(browser.eval(&script).await, json!(value), "{css}");
}

/// Presses the open form's save and waits for its answer: the dialog closes (`None`), or
/// the form says why not (`Some(what it says)`). A busy SQLite (503) did nothing: tried
/// again.
pub(crate) async fn save(browser: &Browser, form: &str) -> Option<String> {
    let open = format!("dialog[open][data-testid={form}]");
    for _ in 0..3 {
        browser
            .click(&format!("{open} [data-testid=form-save]"))
            .await;
        let script = format!(
            "const d = document.querySelector({open}); \
             if (!d) return 'closed'; \
             const said = d.querySelector('[data-testid=form-error]').textContent; \
             const saving = d.querySelector('[data-testid=form-save]').disabled; \
             return said && !saving ? said : 'waiting'",
            open = serde_json::to_string(&open).unwrap_or_default(),
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        let said = loop {
            let now = browser.eval(&script).await;
            let now = now.as_str().unwrap_or_default().to_string();
            if now != "waiting" {
                break now;
            }
            assert!(Instant::now() < deadline, "{form} never answered");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        if said == "closed" {
            return None;
        }
        if !said.contains("HTTP 503") {
            return Some(said);
        }
    }
    panic!("{form}: the server stayed busy");
}

/// Backs out of the open form (its Back) and waits until no dialog is open.
pub(crate) async fn back_out(browser: &Browser, form: &str) {
    browser
        .click(&format!(
            "dialog[open][data-testid={form}] [data-testid=form-back]"
        ))
        .await;
    browser
        .wait_for_eval(
            "return document.querySelector('dialog[open]') === null",
            &json!(true),
        )
        .await;
}

/// What the open form's field at `path` holds.
pub(crate) async fn field_value(browser: &Browser, form: &str, path: &str) -> String {
    let css = field_css(form, path);
    browser.element(&css).await;
    let script = format!(
        "return document.querySelector({}).value",
        serde_json::to_string(&css).unwrap_or_default()
    );
    browser
        .eval(&script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The text beside the open form's field at `path`.
pub(crate) async fn beside(browser: &Browser, form: &str, path: &str) -> String {
    browser
        .text(&format!(
            "dialog[open][data-testid={form}] [data-testid=field-error][data-path='{path}']"
        ))
        .await
        .unwrap_or_default()
}

/// The pool's queues as (name, priority), first served first.
fn queue_order(server: &PrefectServer) -> Vec<(String, i64)> {
    let mut queues: Vec<(String, i64)> = in_pool(server, NEW_POOL, "queues")
        .iter()
        .map(|q| {
            (
                q["name"].as_str().unwrap_or_default().to_string(),
                q["priority"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    queues.sort_by_key(|q| q.1);
    queues
}

#[tokio::test(flavor = "multi_thread")]
async fn a_work_pool_and_its_queues_are_created_edited_ordered_and_deleted() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/work_pools/",
        Some(json!({"name": "taken", "type": "process"})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    let form = "new-work-pool";

    // --- Create: the types come from the server's registry, each with its template.
    browser.goto(&format!("{}work-pools", nginx.url())).await;
    browser
        .click("[data-testid=pools-actions] [data-action='New work pool']")
        .await;
    browser
        .wait_for_text(&format!("dialog[open][data-testid={form}] h2"), |t| {
            t == "New work pool"
        })
        .await;
    let process = field_value(&browser, form, "base_job_template").await;
    assert!(process.contains("\"job_configuration\""), "{process}");
    set_field(&browser, form, "type", "docker").await;
    let docker = field_value(&browser, form, "base_job_template").await;
    assert!(
        docker.contains("\"image\""),
        "the docker template: {docker}"
    );
    set_field(&browser, form, "type", "process").await;
    assert_eq!(
        field_value(&browser, form, "base_job_template").await,
        process
    );

    // The form's own check: beside the field, nothing sent.
    set_field(&browser, form, "name", "taken").await;
    set_field(&browser, form, "concurrency_limit", "-1").await;
    let said = save(&browser, form).await.unwrap_or_default();
    assert!(said.contains("need fixing"), "{said}");
    assert_eq!(
        beside(&browser, form, "concurrency_limit").await,
        "Must be 0 or more (empty: none)."
    );
    // The server's refusals, in its words, beside the fields they name.
    set_field(&browser, form, "concurrency_limit", "3").await;
    let changes = browser
        .text(&format!(
            "dialog[open][data-testid={form}] [data-testid=form-changes]"
        ))
        .await
        .unwrap_or_default();
    assert!(
        changes.contains("Creates the work pool \"taken\" of type process"),
        "{changes}"
    );
    assert!(save(&browser, form).await.is_some());
    assert!(
        beside(&browser, form, "name")
            .await
            .contains("already exists"),
        "409 beside the name"
    );
    set_field(&browser, form, "name", NEW_POOL).await;
    set_field(
        &browser,
        form,
        "base_job_template",
        r#"{"job_configuration": {"command": "{{ nope }}"}, "variables": {"properties": {}}}"#,
    )
    .await;
    assert!(save(&browser, form).await.is_some());
    let refused = beside(&browser, form, "base_job_template").await;
    assert!(
        refused.contains("nope"),
        "422 beside the template: {refused}"
    );
    assert_eq!(
        server
            .call("GET", &format!("/work_pools/{NEW_POOL}"), None)
            .status,
        404,
        "nothing was created"
    );
    set_field(&browser, form, "type", "process").await;
    assert_eq!(save(&browser, form).await, None);
    // The new pool's page is where the user lands.
    browser
        .wait_for_text("[data-testid=pool-name]", |t| t == NEW_POOL)
        .await;
    let pool = server.json("GET", &format!("/work_pools/{NEW_POOL}"), None);
    assert_eq!(pool["type"], "process");
    assert_eq!(pool["concurrency_limit"], 3);
    assert_eq!(
        serde_json::to_string_pretty(&pool["base_job_template"]).unwrap_or_default(),
        process,
        "the type's default template"
    );

    // --- Edit: Back changes nothing; a save sends what changed.
    let form = "edit-work-pool";
    browser
        .click("[data-testid=pool-actions] [data-action=Edit]")
        .await;
    set_field(&browser, form, "description", "Nightly ETL").await;
    set_field(&browser, form, "concurrency_limit", "").await;
    let changes = browser
        .text(&format!(
            "dialog[open][data-testid={form}] [data-testid=form-changes]"
        ))
        .await
        .unwrap_or_default();
    assert!(
        changes.contains("Description: none → \"Nightly ETL\"")
            && changes.contains("Concurrency limit: 3 → none"),
        "{changes}"
    );
    back_out(&browser, form).await;
    browser.wait_settled().await;
    let pool = server.json("GET", &format!("/work_pools/{NEW_POOL}"), None);
    assert_eq!(
        (
            pool["description"].clone(),
            pool["concurrency_limit"].clone()
        ),
        (json!(null), json!(3)),
        "Back changed nothing"
    );
    browser
        .click("[data-testid=pool-actions] [data-action=Edit]")
        .await;
    // Each opening starts from the pool as it is.
    browser
        .wait_for_eval(
            &format!(
                "return document.querySelector('dialog[open][data-testid={form}] \
                 [data-testid=field-concurrency_limit]').value"
            ),
            &json!("3"),
        )
        .await;
    set_field(&browser, form, "description", "Nightly ETL").await;
    set_field(&browser, form, "concurrency_limit", "").await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text(
            "[data-testid=pool-actions] [data-testid=action-status]",
            |t| t == format!("Saved the work pool {NEW_POOL}"),
        )
        .await;
    until("the edit is read back", || {
        let pool = server.json("GET", &format!("/work_pools/{NEW_POOL}"), None);
        pool["description"] == "Nightly ETL" && pool["concurrency_limit"].is_null()
    });

    // --- Queues: two new ones, then a new order.
    let form = "new-work-queue";
    browser.click("[data-action='New work queue']").await;
    set_field(&browser, form, "name", "fast").await;
    set_field(&browser, form, "priority", "1").await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text("[data-testid=queues-status]", |t| {
            t == "Created the work queue fast (priority 1)"
        })
        .await;
    browser.click("[data-action='New work queue']").await;
    set_field(&browser, form, "name", "slow").await;
    assert_eq!(save(&browser, form).await, None);
    until("the queues are read back", || {
        queue_order(&server)
            == [
                ("fast".to_string(), 1),
                ("default".to_string(), 2),
                ("slow".to_string(), 3),
            ]
    });
    // The default queue cannot be deleted: its row offers no Delete.
    browser
        .element("[data-testid=queue-row][data-name=slow] [data-action=Delete]")
        .await;
    assert!(browser
        .text("[data-testid=queue-row][data-name=default] [data-action=Delete]")
        .await
        .is_none());
    let form = "queue-priorities";
    browser.click("[data-action='Change priorities']").await;
    let items = format!("dialog[open][data-testid={form}] [data-testid=order-item]");
    browser
        .wait_for_eval(
            &format!(
                "return [...document.querySelectorAll({})].map(e => e.dataset.name).join(',')",
                serde_json::to_string(&items).unwrap_or_default()
            ),
            &json!("fast,default,slow"),
        )
        .await;
    for _ in 0..2 {
        browser
            .click(&format!(
                "dialog[open][data-testid={form}] [data-name=slow] [data-testid=order-up]"
            ))
            .await;
    }
    let changes = browser
        .text(&format!(
            "dialog[open][data-testid={form}] [data-testid=form-changes]"
        ))
        .await
        .unwrap_or_default();
    assert!(changes.contains("slow: priority 3 → 1"), "{changes}");
    assert_eq!(save(&browser, form).await, None);
    until("the new order is read back", || {
        let names: Vec<String> = queue_order(&server).into_iter().map(|q| q.0).collect();
        names == ["slow", "fast", "default"]
    });

    // --- A queue's edit, from its page.
    browser
        .goto(&format!("{}work-pools/{NEW_POOL}/queues/fast", nginx.url()))
        .await;
    let form = "edit-work-queue";
    browser
        .click("[data-testid=queue-actions] [data-action=Edit]")
        .await;
    set_field(&browser, form, "concurrency_limit", "2").await;
    set_field(&browser, form, "description", "Quick jobs").await;
    assert_eq!(save(&browser, form).await, None);
    until("the queue's edit is read back", || {
        let queue = server.json("GET", &format!("/work_pools/{NEW_POOL}/queues/fast"), None);
        queue["concurrency_limit"] == 2 && queue["description"] == "Quick jobs"
    });

    // --- Delete the pool: the dialog names what goes with it and what stays.
    let flow = server.json("POST", "/flows/", Some(json!({"name": "pooled-flow"})));
    server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "uses-pool", "flow_id": flow["id"], "work_pool_name": NEW_POOL})),
    );
    browser
        .goto(&format!("{}work-pools/{NEW_POOL}", nginx.url()))
        .await;
    browser
        .wait_for_text("[data-testid=pool-deployments]", |t| {
            t.contains("uses-pool")
        })
        .await;
    browser
        .click("[data-testid=pool-actions] [data-action=Delete]")
        .await;
    let body = browser
        .wait_for_text("dialog[open] p", |t| t.contains("go with it"))
        .await;
    assert_eq!(
        body,
        "Its work queues slow, fast and default go with it. The deployment uses-pool uses it: \
         it keeps its name, and its runs wait for a pool of that name."
    );
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    browser.wait_for_text("h1", |t| t == "Work pools").await;
    until("the pool is gone", || {
        server
            .call("GET", &format!("/work_pools/{NEW_POOL}"), None)
            .status
            == 404
    });
    // The browser logs the two refusals the test asked for; nothing else (the deleted pool's
    // page asks for nothing while it goes, though the server's events about it arrive).
    let errors = browser.console_errors().await;
    let unexpected: Vec<&String> = errors
        .iter()
        .filter(|e| {
            !(e.contains("/api/work_pools/ - ")
                && (e.contains("status of 409") || e.contains("status of 422")))
        })
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    browser.close().await;
}

/// The deployment of the flow named `name`, read back from the server.
fn deployment_named(server: &PrefectServer, flow: &str, name: &str) -> serde_json::Value {
    server.json("GET", &format!("/deployments/name/{flow}/{name}"), None)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deployment_is_edited_and_duplicated_from_its_page() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    for pool in ["pool-a", "pool-b"] {
        server.json(
            "POST",
            "/work_pools/",
            Some(json!({"name": pool, "type": "process"})),
        );
    }
    // The pools take the process type's template, so job variables are checked against it.
    let template = server.json("GET", "/collections/views/aggregate-worker-metadata", None)
        ["prefect"]["process"]["default_base_job_configuration"]
        .clone();
    for pool in ["pool-a", "pool-b"] {
        let patched = server.call(
            "PATCH",
            &format!("/work_pools/{pool}"),
            Some(json!({"base_job_template": template})),
        );
        assert!((200..300).contains(&patched.status), "{}", patched.body);
    }
    server.json(
        "POST",
        "/work_pools/pool-b/queues",
        Some(json!({"name": "fast"})),
    );
    let flow = server.json("POST", "/flows/", Some(json!({"name": "edited-flow"})));
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({
            "name": "nightly", "flow_id": flow["id"], "work_pool_name": "pool-a",
            "tags": ["etl"], "parameters": {"n": 3},
            "parameter_openapi_schema": {"type": "object", "properties": {
                "n": {"type": "integer", "title": "n"},
                "who": {"type": "string", "title": "who", "default": "world"}}},
            "schedules": [
                {"schedule": {"cron": "0 9 * * *", "timezone": "Europe/Paris"}, "active": false},
                {"schedule": {"interval": 3600}, "active": true}
            ]
        })),
    );
    let id = deployment["id"].as_str().expect("its id").to_string();
    server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "taken-copy", "flow_id": flow["id"]})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}deployments/{id}", nginx.url()))
        .await;
    let form = "edit-deployment";
    let edit = "[data-testid=deployment-actions] [data-action=Edit]";

    // --- Back changes nothing.
    browser.click(edit).await;
    assert_eq!(
        field_value(&browser, form, "#param-parameters-n").await,
        "3"
    );
    assert_eq!(
        field_value(&browser, form, "work_queue").await,
        "pool-a/default"
    );
    set_field(&browser, form, "version", "9").await;
    back_out(&browser, form).await;
    browser.wait_settled().await;
    assert!(
        deployment_named(&server, "edited-flow", "nightly")["version"].is_null(),
        "Back changed nothing"
    );

    // --- The form's checks and the server's, then a save read back.
    browser.click(edit).await;
    set_field(&browser, form, "description", "**Nightly** load").await;
    browser
        .wait_for_text(
            &format!("dialog[open][data-testid={form}] [data-testid=markdown-preview] strong"),
            |t| t == "Nightly",
        )
        .await;
    set_field(&browser, form, "tags", "etl, nightly").await;
    set_field(&browser, form, "work_queue", "pool-b/fast").await;
    set_field(&browser, form, "#param-parameters-n", "2.5").await;
    let said = save(&browser, form).await.unwrap_or_default();
    assert!(said.contains("need fixing"), "{said}");
    assert!(!beside(&browser, form, "parameters.n").await.is_empty());
    set_field(&browser, form, "#param-parameters-n", "4").await;
    set_field(&browser, form, "job_variables", r#"{"working_dir": 5}"#).await;
    assert!(save(&browser, form).await.is_some());
    // Checked in the form against the chosen pool's template variables, before sending.
    let refused = beside(&browser, form, "job_variables").await;
    assert!(
        refused.contains("working_dir: the pool's template takes"),
        "the template's refusal beside the job variables: {refused}"
    );
    set_field(&browser, form, "job_variables", r#"{"env": {"A": "1"}}"#).await;
    set_field(&browser, form, "concurrency_limit", "2").await;
    set_field(&browser, form, "collision_strategy", "CANCEL_NEW").await;
    browser
        .click(&format!(
            "dialog[open][data-testid={form}] [data-testid=field-paused]"
        ))
        .await;
    let changes = browser
        .text(&format!(
            "dialog[open][data-testid={form}] [data-testid=form-changes]"
        ))
        .await
        .unwrap_or_default();
    assert!(
        changes.contains("Work pool and queue: pool-a in default → fast (pool-b)")
            && changes.contains("Paused: no → yes"),
        "{changes}"
    );
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text(
            "[data-testid=deployment-actions] [data-testid=action-status]",
            |t| t == "Saved the deployment nightly",
        )
        .await;
    let saved = deployment_named(&server, "edited-flow", "nightly");
    assert_eq!(saved["description"], "**Nightly** load");
    assert_eq!(saved["tags"], json!(["etl", "nightly"]));
    assert_eq!(
        (
            saved["work_pool_name"].clone(),
            saved["work_queue_name"].clone()
        ),
        (json!("pool-b"), json!("fast"))
    );
    assert_eq!(saved["parameters"]["n"], 4);
    assert_eq!(saved["job_variables"], json!({"env": {"A": "1"}}));
    assert_eq!(saved["global_concurrency_limit"]["limit"], 2);
    assert_eq!(
        saved["concurrency_options"]["collision_strategy"],
        "CANCEL_NEW"
    );
    assert_eq!(saved["paused"], true);
    assert_eq!(
        saved["schedules"].as_array().map(Vec::len),
        Some(2),
        "schedules untouched"
    );

    // --- Duplicate: a name of its own, not one the flow has; everything copied.
    let form = "duplicate-deployment";
    browser
        .click("[data-testid=deployment-actions] [data-action=Duplicate]")
        .await;
    assert_eq!(field_value(&browser, form, "name").await, "nightly-copy");
    set_field(&browser, form, "name", "taken-copy").await;
    assert!(save(&browser, form).await.is_some());
    assert!(
        beside(&browser, form, "name")
            .await
            .contains("already has a deployment named taken-copy"),
        "the upsert is refused"
    );
    set_field(&browser, form, "name", "nightly-2").await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text("[data-testid=deployment-name]", |t| {
            t.ends_with("› nightly-2")
        })
        .await;
    let copy = deployment_named(&server, "edited-flow", "nightly-2");
    for key in [
        "description",
        "tags",
        "parameters",
        "job_variables",
        "work_pool_name",
        "work_queue_name",
        "paused",
        "parameter_openapi_schema",
    ] {
        assert_eq!(copy[key], saved[key], "{key} copied");
    }
    assert_eq!(
        copy["global_concurrency_limit"]["limit"], 2,
        "the concurrency limit copied"
    );
    let schedules = |d: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
        let mut s: Vec<_> = d["schedules"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s["schedule"].clone(), s["active"].clone()))
            .collect();
        s.sort_by_key(|(s, _)| s.to_string());
        s
    };
    assert_eq!(schedules(&copy), schedules(&saved), "schedules copied");
    assert_eq!(
        deployment_named(&server, "edited-flow", "taken-copy")["description"],
        json!(null),
        "the taken name's deployment is untouched"
    );

    // --- Copy to new run: the custom run, from this run's parameters, tags and job variables.
    let run = server.json(
        "POST",
        &format!("/deployments/{id}/create_flow_run"),
        Some(json!({"parameters": {"n": 7}, "tags": ["copy-me"],
            "job_variables": {"env": {"B": "2"}}})),
    );
    let run_id = run["id"].as_str().expect("the run's id").to_string();
    browser
        .goto(&format!("{}flow-runs/{run_id}", nginx.url()))
        .await;
    browser
        .click("[data-testid=copy-run] [data-action='Copy to new run']")
        .await;
    let form = "custom-run";
    browser
        .wait_for_text(&format!("dialog[open][data-testid={form}] h2"), |t| {
            t.starts_with("Copy ") && t.ends_with(" to a new run of nightly")
        })
        .await;
    assert_eq!(
        browser
            .eval(&format!(
                "return document.querySelector('dialog[open][data-testid={form}] #param-n').value"
            ))
            .await,
        json!("7")
    );
    browser.click("[data-testid=custom-run-submit]").await;
    browser
        .wait_for_text("[data-testid=copy-run] [data-testid=action-status]", |t| {
            t.starts_with("Created flow run")
        })
        .await;
    let copies = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({"flow_runs": {"tags": {"all_": ["copy-me"]}}})),
    );
    let copy = copies
        .as_array()
        .and_then(|runs| runs.iter().find(|r| r["id"] != run["id"]))
        .cloned()
        .expect("the copy, tagged as the run was");
    assert_eq!(copy["parameters"]["n"], 7);
    assert_eq!(copy["job_variables"], json!({"env": {"B": "2"}}));
    assert_eq!(copy["deployment_id"], run["deployment_id"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_paused_for_input_resumes_with_the_values_of_its_form() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "asks-flow"})));
    let run = server.json(
        "POST",
        "/flow_runs/",
        Some(json!({"flow_id": flow["id"], "name": "waits-for-input",
            "state": {"type": "RUNNING"}})),
    );
    let id = run["id"].as_str().expect("the run's id").to_string();
    // What `pause_flow_run(wait_for_input=Approval)` stores: the schema and the description
    // under the run's input keyset, then the PAUSED state naming them.
    let keys = json!({"schema": "approval-schema", "description": "approval-description",
        "response": "approval-response"});
    let schema = json!({"title": "Approval", "type": "object", "properties": {
        "approved": {"title": "Approved", "type": "boolean"},
        "count": {"title": "Count", "type": "integer", "minimum": 1},
        "note": {"title": "Note", "type": "string"}},
        "required": ["approved", "count"]});
    for (key, value) in [
        ("approval-schema", schema.to_string()),
        (
            "approval-description",
            json!("**Approve** the load").to_string(),
        ),
    ] {
        let stored = server.call(
            "POST",
            &format!("/flow_runs/{id}/input"),
            Some(json!({"key": key, "value": value})),
        );
        assert!((200..300).contains(&stored.status), "{}", stored.body);
    }
    let until_later = (now() + chrono::Duration::hours(1)).to_rfc3339();
    let paused = server.json(
        "POST",
        &format!("/flow_runs/{id}/set_state"),
        Some(
            json!({"force": true, "state": {"type": "PAUSED", "name": "Suspended",
            "state_details": {"pause_key": "1", "pause_reschedule": false,
                "pause_timeout": until_later, "run_input_keyset": keys}}}),
        ),
    );
    assert_eq!(paused["status"], "ACCEPT", "{paused}");
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}flow-runs/{id}", nginx.url()))
        .await;
    let open = "[data-testid=flow-run-actions] [data-action='Resume with input']";
    browser.element(open).await;
    assert!(
        browser
            .text("[data-testid=flow-run-actions] [data-action=Resume]")
            .await
            .is_none(),
        "no bare Resume for a run that waits for input"
    );
    let form = "resume-input";
    let state_of = |server: &PrefectServer| {
        server.json("GET", &format!("/flow_runs/{id}"), None)["state_type"].clone()
    };

    // --- The form from its schema, the description above it; Back changes nothing.
    browser.click(open).await;
    browser
        .wait_for_text(
            &format!("dialog[open][data-testid={form}] [data-testid=form-intro] strong"),
            |t| t == "Approve",
        )
        .await;
    back_out(&browser, form).await;
    browser.wait_settled().await;
    assert_eq!(state_of(&server), "PAUSED", "Back resumed nothing");

    // --- Checked as the custom run checks, then sent and read back.
    browser.click(open).await;
    set_field(&browser, form, "#param-input-count", "0").await;
    let said = save(&browser, form).await.unwrap_or_default();
    assert!(said.contains("need fixing"), "{said}");
    assert!(!beside(&browser, form, "input.count").await.is_empty());
    set_field(&browser, form, "#param-input-count", "3").await;
    browser
        .click(&format!(
            "dialog[open][data-testid={form}] #param-input-approved"
        ))
        .await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text(
            "[data-testid=flow-run-actions] [data-testid=action-status]",
            |t| t.starts_with("Now Running"),
        )
        .await;
    until("the run runs again", || state_of(&server) == "RUNNING");
    let response = server.json(
        "GET",
        &format!("/flow_runs/{id}/input/approval-response"),
        None,
    );
    assert_eq!(response, json!({"approved": true, "count": 3}));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_deployments_are_deleted_from_the_list() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "bulk-flow"})));
    let mut ids = Vec::new();
    for name in ["bulk-a", "bulk-b", "bulk-c"] {
        let d = server.json(
            "POST",
            "/deployments/",
            Some(json!({"name": name, "flow_id": flow["id"]})),
        );
        ids.push(d["id"].as_str().expect("an id").to_string());
    }
    let tomorrow = (now() + chrono::Duration::days(1)).to_rfc3339();
    for id in &ids[..2] {
        server.json(
            "POST",
            &format!("/deployments/{id}/create_flow_run"),
            Some(json!({"state": {"type": "SCHEDULED",
                "state_details": {"scheduled_time": tomorrow}}})),
        );
    }
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}deployments", nginx.url())).await;
    for name in ["bulk-a", "bulk-b"] {
        browser
            .click(&format!(
                "[data-testid=deployment-row][data-name={name}] [data-testid=deployment-select]"
            ))
            .await;
    }
    browser
        .wait_for_text("[data-testid=deployments-selected]", |t| t == "2 selected")
        .await;
    browser
        .click("[data-testid=deployments-bulk] [data-action=Delete]")
        .await;
    let body = browser
        .wait_for_text("dialog[open] p", |t| {
            t.contains("scheduled runs that have not run")
        })
        .await;
    assert_eq!(
        body,
        "The deployments bulk-a and bulk-b go. Their 2 scheduled runs that have not run go \
         with them; runs that ran stay."
    );
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    browser
        .wait_for_text("[data-testid=deployments-bulk-status]", |t| {
            t == "Deleted deployments: 2 of 2 done"
        })
        .await;
    let left = server.json(
        "POST",
        "/deployments/filter",
        Some(json!({"flows": {"id": {"any_": [flow["id"]]}}})),
    );
    let left: Vec<&str> = left
        .as_array()
        .expect("deployments")
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(left, ["bulk-c"]);
    let runs = server.json(
        "POST",
        "/flow_runs/count",
        Some(json!({"flows": {"id": {"any_": [flow["id"]]}}})),
    );
    assert_eq!(runs, json!(0), "their scheduled runs went with them");
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=deployment-row]').length",
            &json!(1),
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deployments_schedules_are_added_edited_and_deleted() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let flow = server.json("POST", "/flows/", Some(json!({"name": "scheduled-flow"})));
    let deployment = server.json(
        "POST",
        "/deployments/",
        Some(json!({"name": "scheduled", "flow_id": flow["id"]})),
    );
    let id = deployment["id"].as_str().expect("its id").to_string();
    let schedules = |server: &PrefectServer| -> Vec<serde_json::Value> {
        server
            .json("GET", &format!("/deployments/{id}/schedules"), None)
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}deployments/{id}", nginx.url()))
        .await;
    browser
        .click("[data-testid=schedule-changes] summary")
        .await;
    let form = "add-schedule";
    browser
        .click("[data-testid=schedule-changes] [data-action='Add schedule']")
        .await;
    // Six fields: explained beside the rule, nothing sent.
    set_field(&browser, form, "rule", "0 9 * * * *").await;
    assert!(save(&browser, form).await.is_some());
    assert!(
        beside(&browser, form, "rule").await.contains("this has 6"),
        "a cron with six fields"
    );
    // An RRULE the server refuses: its words beside the rule.
    set_field(&browser, form, "kind", "rrule").await;
    set_field(&browser, form, "rule", "NOT AN RRULE").await;
    assert!(save(&browser, form).await.is_some());
    let refused = beside(&browser, form, "rule").await;
    assert!(!refused.is_empty(), "the server's refusal beside the rule");
    assert!(schedules(&server).is_empty(), "nothing was added");
    set_field(&browser, form, "kind", "cron").await;
    set_field(&browser, form, "rule", "0 9 * * *").await;
    set_field(&browser, form, "timezone", "Europe/Paris").await;
    let changes = browser
        .text(&format!(
            "dialog[open][data-testid={form}] [data-testid=form-changes]"
        ))
        .await
        .unwrap_or_default();
    assert!(
        changes.contains("Adds the schedule: Daily at 09:00"),
        "{changes}"
    );
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text("[data-testid=schedule-status]", |t| {
            t == "Added the schedule"
        })
        .await;
    let added = schedules(&server);
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["schedule"]["cron"], "0 9 * * *");
    assert_eq!(added[0]["schedule"]["timezone"], "Europe/Paris");
    assert_eq!(added[0]["active"], true);
    // The next runs said before saving are the ones the server schedules (shown in UTC, the
    // browser's zone here; a run that came due between the two reads shifts them by one).
    server.json(
        "POST",
        &format!("/deployments/{id}/schedule"),
        Some(json!({"min_runs": 6, "max_runs": 6})),
    );
    let scheduled = server.json(
        "POST",
        "/flow_runs/filter",
        Some(json!({
            "deployments": {"id": {"any_": [id]}},
            "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
            "sort": "EXPECTED_START_TIME_ASC",
            "limit": 6,
        })),
    );
    let times: Vec<String> = scheduled
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|r| r["expected_start_time"].as_str())
        .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%a %Y-%m-%d %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(times.len(), 6, "{scheduled}");
    let said = |first: usize| {
        format!(
            "The same in your time (UTC): {}",
            times[first..first + 5].join(" · ")
        )
    };
    assert!(
        changes.contains("Next runs (Europe/Paris): ")
            && (changes.contains(&said(0)) || changes.contains(&said(1))),
        "{changes} / {times:?}"
    );

    // --- Edit it into an interval; read back.
    let form = "edit-schedule";
    browser
        .click("[data-testid=schedule-form-row] [data-action=Edit]")
        .await;
    assert_eq!(field_value(&browser, form, "rule").await, "0 9 * * *");
    set_field(&browser, form, "kind", "interval").await;
    set_field(&browser, form, "rule", "3600").await;
    assert_eq!(save(&browser, form).await, None);
    until("the edit is read back", || {
        schedules(&server)
            .first()
            .is_some_and(|s| s["schedule"]["interval"] == 3600.0)
    });

    // --- Delete it.
    let said = act_until_answered(
        &browser,
        "[data-testid=schedule-form-row] [data-action=Delete]",
        "Delete schedule",
        "[data-testid=schedule-status]",
        |t| t == "Deleted the schedule",
    )
    .await;
    assert_eq!(said, "Deleted the schedule");
    until("the schedule is gone", || schedules(&server).is_empty());
    browser.close().await;
}

/// The variable of that name on the server, if there is one.
fn variable_named(server: &PrefectServer, name: &str) -> Option<serde_json::Value> {
    let answer = server.call("GET", &format!("/variables/name/{name}"), None);
    match answer.status {
        404 => None,
        200 => Some(answer.json()),
        other => panic!("GET /variables/name/{name}: HTTP {other} {}", answer.body),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn variables_are_created_edited_and_deleted_from_their_page() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/variables/",
        Some(json!({"name": "taken", "value": "already here"})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}variables", nginx.url())).await;

    // --- New: the form's own refusals, the server's, then a text value kept as typed.
    let form = "new-variable";
    browser
        .click("[data-testid=variables-actions] [data-action='New variable']")
        .await;
    set_field(&browser, form, "name", "Bad Name").await;
    set_field(&browser, form, "value", &"x".repeat(5001)).await;
    assert!(save(&browser, form).await.is_some());
    assert!(
        beside(&browser, form, "name")
            .await
            .contains("lowercase letters"),
        "the name's rule beside it"
    );
    assert!(
        beside(&browser, form, "value")
            .await
            .contains("at most 5000"),
        "the size limit named beside the value"
    );
    set_field(&browser, form, "name", "taken").await;
    set_field(&browser, form, "value", "eu-west-1").await;
    assert!(save(&browser, form).await.is_some());
    assert!(
        !beside(&browser, form, "name").await.is_empty(),
        "the server's 409 beside the name"
    );
    assert_eq!(
        variable_named(&server, "taken").map(|v| v["value"].clone()),
        Some(json!("already here")),
        "the taken name's variable is untouched"
    );
    set_field(&browser, form, "name", "region").await;
    set_field(&browser, form, "tags", "infra, eu").await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text(
            "[data-testid=variables-actions] [data-testid=action-status]",
            |t| t == "Created the variable region",
        )
        .await;
    let made = variable_named(&server, "region").expect("created");
    assert_eq!(made["value"], json!("eu-west-1"));
    assert_eq!(made["tags"], json!(["infra", "eu"]));

    // --- Edit: backing out changes nothing; then a JSON value and a new name.
    let row = "[data-testid=variable-row][data-name=region]";
    let form = "edit-variable";
    browser.click(&format!("{row} [data-action=Edit]")).await;
    assert_eq!(field_value(&browser, form, "value").await, "eu-west-1");
    set_field(&browser, form, "value", "changed my mind").await;
    back_out(&browser, form).await;
    assert_eq!(
        variable_named(&server, "region").expect("kept")["value"],
        json!("eu-west-1")
    );
    browser.click(&format!("{row} [data-action=Edit]")).await;
    assert_eq!(
        field_value(&browser, form, "value").await,
        "eu-west-1",
        "each opening starts from the variable as it is"
    );
    set_field(&browser, form, "kind", "json").await;
    set_field(&browser, form, "value", r#"{"zones": [1, 2]}"#).await;
    set_field(&browser, form, "name", "regions").await;
    assert_eq!(save(&browser, form).await, None);
    until("the edit is read back", || {
        variable_named(&server, "regions").is_some_and(|v| v["value"] == json!({"zones": [1, 2]}))
    });
    assert_eq!(
        variable_named(&server, "region"),
        None,
        "renamed, not copied"
    );

    // --- Delete: gone.
    let said = act_until_answered(
        &browser,
        "[data-testid=variable-row][data-name=regions] [data-action=Delete]",
        "Delete variable",
        "[data-testid=variables-actions] [data-testid=action-status]",
        |t| t == "Deleted the variable regions",
    )
    .await;
    assert_eq!(said, "Deleted the variable regions");
    until("the variable is gone", || {
        variable_named(&server, "regions").is_none()
    });
    browser
        .wait_for_eval(
            "return document.querySelector('[data-testid=variable-row][data-name=regions]') === null",
            &json!(true),
        )
        .await;
    browser.close().await;
}

/// The global limit of that name on the server, if there is one.
fn global_limit(server: &PrefectServer, name: &str) -> Option<serde_json::Value> {
    let answer = server.call("GET", &format!("/v2/concurrency_limits/{name}"), None);
    match answer.status {
        404 => None,
        200 => Some(answer.json()),
        other => panic!(
            "GET /v2/concurrency_limits/{name}: HTTP {other} {}",
            answer.body
        ),
    }
}

/// The tag limit of that tag on the server, if there is one.
fn tag_limit(server: &PrefectServer, tag: &str) -> Option<serde_json::Value> {
    let answer = server.call("GET", &format!("/concurrency_limits/tag/{tag}"), None);
    match answer.status {
        404 => None,
        200 => Some(answer.json()),
        other => panic!(
            "GET /concurrency_limits/tag/{tag}: HTTP {other} {}",
            answer.body
        ),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrency_limits_are_created_edited_reset_and_deleted() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    server.json(
        "POST",
        "/v2/concurrency_limits/",
        Some(json!({"name": "taken", "limit": 1})),
    );
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser
        .goto(&format!("{}concurrency-limits", nginx.url()))
        .await;
    let status = "[data-testid=limits-status] [data-testid=action-status]";

    // --- A global limit: the form's refusals, the server's, then created.
    let form = "new-global-limit";
    browser
        .click("[data-testid=global-limits-actions] [data-action='New global limit']")
        .await;
    set_field(&browser, form, "name", "db/main").await;
    set_field(&browser, form, "limit", "-1").await;
    assert!(save(&browser, form).await.is_some());
    assert!(beside(&browser, form, "name").await.contains("\"/\""));
    assert!(!beside(&browser, form, "limit").await.is_empty());
    set_field(&browser, form, "name", "taken").await;
    set_field(&browser, form, "limit", "5").await;
    assert!(save(&browser, form).await.is_some());
    assert!(
        !beside(&browser, form, "name").await.is_empty(),
        "the server's refusal of a taken name beside it"
    );
    assert_eq!(
        global_limit(&server, "taken").map(|l| l["limit"].clone()),
        Some(json!(1))
    );
    set_field(&browser, form, "name", "db").await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text(status, |t| t == "Created the global limit db")
        .await;
    assert_eq!(
        global_limit(&server, "db").map(|l| l["limit"].clone()),
        Some(json!(5))
    );

    // --- Edited: a new limit and a slot decay.
    let row = "[data-testid=global-limit-row][data-name=db]";
    let form = "edit-global-limit";
    browser.click(&format!("{row} [data-action=Edit]")).await;
    assert_eq!(field_value(&browser, form, "limit").await, "5");
    set_field(&browser, form, "limit", "8").await;
    set_field(&browser, form, "slot_decay_per_second", "0.5").await;
    assert_eq!(save(&browser, form).await, None);
    until("the edit is read back", || {
        global_limit(&server, "db")
            .is_some_and(|l| l["limit"] == 8 && l["slot_decay_per_second"] == 0.5)
    });

    // --- Reset: the slots someone holds are freed; the dialog says how many first.
    let id = global_limit(&server, "db").expect("db")["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    server.call(
        "PATCH",
        &format!("/v2/concurrency_limits/{id}"),
        // Held slots that stay put while the test looks (no decay).
        Some(json!({"active_slots": 3, "slot_decay_per_second": 0.0})),
    );
    browser
        .goto(&format!("{}concurrency-limits", nginx.url()))
        .await;
    browser
        .wait_for_text(&format!("{row} [data-testid=limit-slots]"), |t| {
            t == "3 / 8"
        })
        .await;
    browser.click(&format!("{row} [data-action=Reset]")).await;
    let said = browser
        .wait_for_text("dialog[open] h2 + p", |t| !t.is_empty())
        .await;
    assert!(said.contains("3 slots in use are freed"), "{said}");
    browser
        .click("dialog[open] [data-testid=confirm-dialog-back]")
        .await;
    let said = act_until_answered(
        &browser,
        &format!("{row} [data-action=Reset]"),
        "Reset limit",
        status,
        |t| t.starts_with("Reset the global limit db"),
    )
    .await;
    assert!(said.starts_with("Reset the global limit db"), "{said}");
    until("no slot is in use", || {
        global_limit(&server, "db").is_some_and(|l| l["active_slots"] == 0)
    });

    // --- Deleted.
    act_until_answered(
        &browser,
        &format!("{row} [data-action=Delete]"),
        "Delete limit",
        status,
        |t| t == "Deleted the global limit db",
    )
    .await;
    until("the global limit is gone", || {
        global_limit(&server, "db").is_none()
    });

    // --- A tag limit: created, a second for its tag refused, reset, deleted.
    let form = "new-tag-limit";
    browser
        .click("[data-testid=tag-limits-actions] [data-action='New tag limit']")
        .await;
    set_field(&browser, form, "tag", "warehouse").await;
    set_field(&browser, form, "concurrency_limit", "2").await;
    assert_eq!(save(&browser, form).await, None);
    browser
        .wait_for_text(status, |t| t == "Created the limit of the tag warehouse")
        .await;
    assert_eq!(
        tag_limit(&server, "warehouse").map(|l| l["concurrency_limit"].clone()),
        Some(json!(2))
    );
    let row = "[data-testid=tag-limit-row][data-tag=warehouse]";
    browser.wait_for_text(row, |t| !t.is_empty()).await;
    browser
        .click("[data-testid=tag-limits-actions] [data-action='New tag limit']")
        .await;
    set_field(&browser, form, "tag", "warehouse").await;
    set_field(&browser, form, "concurrency_limit", "9").await;
    assert!(save(&browser, form).await.is_some());
    assert!(beside(&browser, form, "tag")
        .await
        .contains("has a limit already"));
    back_out(&browser, form).await;
    assert_eq!(
        tag_limit(&server, "warehouse").map(|l| l["concurrency_limit"].clone()),
        Some(json!(2)),
        "unchanged"
    );
    let said = act_until_answered(
        &browser,
        &format!("{row} [data-action=Reset]"),
        "Reset limit",
        status,
        |t| t.starts_with("Reset the limit of the tag warehouse"),
    )
    .await;
    assert!(
        said.starts_with("Reset the limit of the tag warehouse"),
        "{said}"
    );
    act_until_answered(
        &browser,
        &format!("{row} [data-action=Delete]"),
        "Delete limit",
        status,
        |t| t == "Deleted the limit of the tag warehouse",
    )
    .await;
    until("the tag limit is gone", || {
        tag_limit(&server, "warehouse").is_none()
    });
    browser.close().await;
}
