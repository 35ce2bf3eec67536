//! Changing blocks (#38), through the browser against a real server given block types by
//! Prefect's own client (`seed.py --profile blocks`: a `warehouse` nesting a
//! `warehouse-credentials` whose token is a secret), each change read back through the API:
//! created from the catalog with its nested block chosen among the saved ones, edited,
//! a secret kept when left empty and replaced when typed (never on the page), and deleted
//! one and several, the dialog naming the block that refers to one.

use crate::actions::act_until_answered;
use crate::manage::{back_out, beside, field_value, save, set_field, until};
use crate::support::{Browser, Nginx, NginxOptions, PrefectOptions, PrefectServer, Tools};
use serde_json::{json, Value};

/// The saved block of that name, as the server has it (secrets in clear only when asked:
/// the test reads what the dashboard must never show).
fn block_named(server: &PrefectServer, name: &str, secrets: bool) -> Option<Value> {
    let found = server.json(
        "POST",
        "/block_documents/filter",
        Some(json!({"block_documents": {"name": {"any_": [name]}}, "include_secrets": secrets})),
    );
    found.as_array().and_then(|all| all.first().cloned())
}

/// The id of the block a block's field refers to.
fn reference(block: &Value, field: &str) -> String {
    block["block_document_references"][field]["block_document"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Nothing on the page (markup or any input's value) holds `secret`.
async fn nowhere_on_page(browser: &Browser, secret: &str) {
    let found = browser
        .eval(&format!(
            "const s = {}; return document.documentElement.outerHTML.includes(s) || \
             [...document.querySelectorAll('input, textarea')].some(e => e.value.includes(s))",
            serde_json::to_string(secret).unwrap_or_default()
        ))
        .await;
    assert_eq!(found, json!(false), "{secret} is on the page");
}

#[tokio::test(flavor = "multi_thread")]
async fn blocks_are_created_from_the_catalog_edited_and_deleted_with_secrets_write_only() {
    let tools = Tools::locate();
    let server = PrefectServer::start(&tools, PrefectOptions::default());
    let seeded = server.seed(&tools, "blocks");
    let etl = seeded["blocks"]["etl-creds"]
        .as_str()
        .expect("etl-creds")
        .to_string();
    let spare = seeded["blocks"]["spare-creds"]
        .as_str()
        .expect("spare-creds")
        .to_string();
    let nginx = Nginx::start(&tools, NginxOptions::root(&tools, server.api_url()));
    let browser = Browser::start(&tools).await;
    browser.goto(&format!("{}blocks", nginx.url())).await;

    // --- The catalog: searched by name, logos as text, a description's first paragraph.
    browser.click("[data-testid=new-block]").await;
    browser.element("[data-testid=block-catalog]").await;
    assert!(browser.current_url().await.contains("catalog=1"));
    browser
        .fill("[data-testid=catalog-search]", "warehouse")
        .await;
    // Every type whose name or slug holds the search, and no other (Prefect ships a
    // bigquery-warehouse too).
    browser
        .wait_for_eval(
            "const slugs = [...document.querySelectorAll('[data-testid=block-type]')].map(e => e.dataset.slug); \
             return slugs.includes('warehouse') && slugs.includes('warehouse-credentials') && \
               !slugs.includes('secret') && slugs.every(s => s.includes('warehouse'))",
            &json!(true),
        )
        .await;
    assert!(browser.current_url().await.contains("q=warehouse"));
    let card = "[data-testid=block-type][data-slug=warehouse]";
    let text = browser.text(card).await.unwrap_or_default();
    assert!(text.contains("Where the pipelines load to."), "{text}");
    assert!(!text.contains("second paragraph"), "{text}");
    assert_eq!(
        browser.text(&format!("{card} .monogram")).await.as_deref(),
        Some("W")
    );
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('.catalog img').length")
            .await,
        json!(0),
        "no logo is loaded from another origin"
    );

    // --- Create: the form's refusals, the nested block a choice of the saved ones.
    let form = "new-block";
    browser.click(&format!("{card} [data-action=Create]")).await;
    let credentials = "#param-data-credentials";
    browser
        .wait_for_eval(
            &format!(
                "return [...document.querySelectorAll('dialog[open] {credentials} option')].map(o => o.textContent).join()"
            ),
            &json!("(none),etl-creds,spare-creds"),
        )
        .await;
    assert_eq!(
        field_value(&browser, form, "#param-data-port").await,
        "5432"
    );
    assert!(save(&browser, form).await.is_some());
    for path in ["name", "data.host", "data.credentials"] {
        assert!(!beside(&browser, form, path).await.is_empty(), "{path}");
    }
    set_field(&browser, form, "name", "Prod Warehouse").await;
    set_field(&browser, form, "#param-data-host", "db.internal").await;
    set_field(&browser, form, credentials, &etl).await;
    assert!(save(&browser, form).await.is_some());
    assert!(
        beside(&browser, form, "name").await.contains("lowercase"),
        "the name's rule beside it"
    );
    assert_eq!(block_named(&server, "prod-warehouse", false), None);
    set_field(&browser, form, "name", "prod-warehouse").await;
    let said = browser
        .text("dialog[open][data-testid=new-block] [data-testid=form-changes]")
        .await
        .unwrap_or_default();
    assert!(
        said.contains("Create the Warehouse block prod-warehouse")
            && said.contains("credentials refers to the block etl-creds"),
        "{said}"
    );
    assert_eq!(save(&browser, form).await, None);
    until("the block is created", || {
        block_named(&server, "prod-warehouse", false).is_some()
    });
    let made = block_named(&server, "prod-warehouse", false).expect("made");
    let id = made["id"].as_str().expect("id").to_string();
    assert_eq!(made["data"]["host"], json!("db.internal"));
    assert_eq!(made["data"]["port"], json!(5432));
    assert_eq!(reference(&made, "credentials"), etl);
    browser
        .wait_for_text("[data-testid=block-name]", |t| t == "prod-warehouse")
        .await;
    assert!(browser
        .current_url()
        .await
        .ends_with(&format!("blocks/{id}")));

    // --- Edit: backing out changes nothing; then a new port and the other credentials.
    let form = "edit-block";
    browser
        .click("[data-testid=block-actions] [data-action=Edit]")
        .await;
    assert_eq!(field_value(&browser, form, credentials).await, etl);
    set_field(&browser, form, "#param-data-port", "6543").await;
    back_out(&browser, form).await;
    assert_eq!(
        block_named(&server, "prod-warehouse", false).expect("kept")["data"]["port"],
        json!(5432)
    );
    browser
        .click("[data-testid=block-actions] [data-action=Edit]")
        .await;
    assert_eq!(
        field_value(&browser, form, "#param-data-port").await,
        "5432"
    );
    set_field(&browser, form, "#param-data-port", "6543").await;
    set_field(&browser, form, credentials, &spare).await;
    assert_eq!(save(&browser, form).await, None);
    until("the edit is read back", || {
        block_named(&server, "prod-warehouse", false).is_some_and(|b| {
            b["data"]["port"] == json!(6543) && reference(&b, "credentials") == spare
        })
    });

    // --- A secret: never in the form; left empty it stays, typed it is replaced.
    browser.goto(&format!("{}blocks/{etl}", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=block-name]", |t| t == "etl-creds")
        .await;
    browser
        .click("[data-testid=block-actions] [data-action=Edit]")
        .await;
    let token = "#param-data-token";
    assert_eq!(field_value(&browser, form, token).await, "");
    assert_eq!(
        browser
            .attr(&format!("dialog[open] {token}"), "type")
            .await
            .as_deref(),
        Some("password")
    );
    nowhere_on_page(&browser, "tok-etl-in-clear").await;
    set_field(&browser, form, "#param-data-user", "etl-2").await;
    assert_eq!(save(&browser, form).await, None);
    until("the user is changed, the secret kept", || {
        block_named(&server, "etl-creds", true).is_some_and(|b| {
            b["data"]["user"] == json!("etl-2") && b["data"]["token"] == json!("tok-etl-in-clear")
        })
    });
    // The page shows the saved block before its Edit is pressed again (an Edit pressed
    // before the refetch would open the form of the block as it was).
    browser
        .wait_for_eval(
            "return [...document.querySelectorAll('[data-testid=block-field-value]')].some(e => e.textContent === 'etl-2')",
            &json!(true),
        )
        .await;
    browser
        .click("[data-testid=block-actions] [data-action=Edit]")
        .await;
    assert_eq!(
        field_value(&browser, form, "#param-data-user").await,
        "etl-2"
    );
    set_field(&browser, form, token, "tok-new").await;
    assert_eq!(save(&browser, form).await, None);
    until("the secret is replaced", || {
        block_named(&server, "etl-creds", true)
            .is_some_and(|b| b["data"]["token"] == json!("tok-new"))
    });
    nowhere_on_page(&browser, "tok-new").await;

    // --- The server's refusal in its words: a name its type has already (409), beside the
    // name; backing out leaves the stored block as it was.
    browser
        .goto(&format!("{}blocks?catalog=1&q=credentials", nginx.url()))
        .await;
    let form = "new-block";
    browser
        .click("[data-testid=block-type][data-slug=warehouse-credentials] [data-action=Create]")
        .await;
    set_field(&browser, form, "name", "etl-creds").await;
    set_field(&browser, form, "#param-data-user", "someone-else").await;
    set_field(&browser, form, token, "tok-other").await;
    assert!(save(&browser, form).await.is_some());
    let said = beside(&browser, form, "name").await;
    assert!(!said.is_empty(), "the server's 409 beside the name");
    back_out(&browser, form).await;
    assert!(block_named(&server, "etl-creds", true).is_some_and(|b| {
        b["data"]["user"] == json!("etl-2") && b["data"]["token"] == json!("tok-new")
    }));

    // --- Delete several: the dialog names the block that refers to one; backing out keeps
    // them. Then the referring block from its page, then both.
    browser.goto(&format!("{}blocks", nginx.url())).await;
    let tick = |name: &str| {
        format!("[data-testid=block-row]:has([title='{name}']) [data-testid=block-select]")
    };
    browser.click(&tick("spare-creds")).await;
    browser.click(&tick("etl-creds")).await;
    browser
        .click("[data-testid=blocks-bulk] [data-action=Delete]")
        .await;
    let body = browser
        .wait_for_text("dialog[open][data-testid=confirm-dialog] form > p", |t| {
            !t.contains("Checking")
        })
        .await;
    assert!(
        body.contains("Delete etl-creds and spare-creds")
            && body.contains("The block prod-warehouse refers to it in credentials"),
        "{body}"
    );
    browser
        .click("dialog[open] [data-testid=confirm-dialog-back]")
        .await;
    assert!(block_named(&server, "spare-creds", false).is_some());
    browser.goto(&format!("{}blocks/{id}", nginx.url())).await;
    browser
        .wait_for_text("[data-testid=block-name]", |t| t == "prod-warehouse")
        .await;
    browser
        .click("[data-testid=block-actions] [data-action=Delete]")
        .await;
    let body = browser
        .wait_for_text("dialog[open][data-testid=confirm-dialog] form > p", |t| {
            !t.contains("Checking")
        })
        .await;
    assert_eq!(
        body,
        "Delete prod-warehouse. This cannot be undone. No other block and no automation \
         refers to it."
    );
    browser
        .click("dialog[open] [data-testid=confirm-dialog-confirm]")
        .await;
    browser.wait_for_text("h1", |t| t == "Blocks").await;
    until("the block is gone", || {
        block_named(&server, "prod-warehouse", false).is_none()
    });
    assert!(browser.current_url().await.ends_with("/blocks"));
    browser.click(&tick("spare-creds")).await;
    browser.click(&tick("etl-creds")).await;
    let said = act_until_answered(
        &browser,
        "[data-testid=blocks-bulk] [data-action=Delete]",
        "Delete blocks",
        "[data-testid=blocks-bulk-status]",
        |t| t.starts_with("Deleted"),
    )
    .await;
    assert_eq!(said, "Deleted etl-creds and spare-creds");
    until("both are gone", || {
        block_named(&server, "etl-creds", false).is_none()
            && block_named(&server, "spare-creds", false).is_none()
    });
    browser
        .wait_for_eval(
            "return document.querySelectorAll('[data-testid=block-row]').length",
            &json!(0),
        )
        .await;
    // The browser logs the refusal the test asked for (the 409); nothing else but a 503 of
    // a deletion (SQLite's one writer was busy, "database is locked") that the dashboard sent
    // again and that went through: both blocks are gone, as checked above.
    let errors: Vec<String> = browser
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !(e.contains("status of 409") && e.contains("/api/block_documents/ ")))
        .filter(|e| !(e.contains("status of 503") && e.contains("/api/block_documents/")))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
}
