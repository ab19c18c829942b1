//! Capsule CRM feeds a label one way: connecting (token and OAuth), the first import, what changes
//! in Capsule reaching the label, edits on both sides, and every fault Capsule documents, all
//! against the Capsule stand-in.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sharebook_dev::sandbox::capsule::CapsuleStandIn;

use crate::helpers::{OWNER, TestApp, card_of, confirmed, param, spawn_app, texts};
use crate::sync::{EDITOR, VIEWER, contact_form, create_label, share};

const ACCOUNT: &str = "acme";

/// The Capsule account: Sam (an administrator) and his personal token.
fn account(app: &TestApp) -> (&CapsuleStandIn, String) {
    let capsule = &*app.stand_ins.capsule;
    capsule.create_account(ACCOUNT, "Acme Sales");
    let sam = capsule.add_user(ACCOUNT, "Sam Lee", "sam", true);
    let token = capsule.issue_token(ACCOUNT, sam);
    (capsule, token)
}

fn person(first: &str, last: &str, email: Option<&str>, tags: &[&str]) -> Value {
    json!({
        "type": "person", "firstName": first, "lastName": last, "jobTitle": "Buyer",
        "emailAddresses": email.map(|e| vec![json!({"type": "Work", "address": e})]).unwrap_or_default(),
        "phoneNumbers": [], "addresses": [], "websites": [],
        "tags": tags.iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
    })
}

/// Waits until `sql` (one text column) answers `want`.
async fn until(app: &TestApp, sql: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    // One row whatever `sql` finds (no feed yet reads as "none").
    let wrapped = format!("SELECT coalesce(({sql}), 'none')");
    loop {
        let got = app.scalar(&wrapped).await;
        if got == want {
            return;
        }
        if Instant::now() >= deadline {
            let why = app
                .scalar("SELECT coalesce(string_agg(state || ': ' || coalesce(last_error, '-'), '; '), 'no feed') FROM crm_feeds")
                .await;
            panic!("{sql} answered {got:?}, not {want:?} (feeds: {why})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Live contacts of the label, by name.
async fn names(app: &TestApp, label: &str) -> String {
    app.scalar(&format!(
        "SELECT coalesce(string_agg(name, ', ' ORDER BY name), '') FROM contacts
         WHERE label_id = '{label}' AND deleted_at IS NULL"
    ))
    .await
}

async fn connect(app: &TestApp, label: &str, token: &str) -> Value {
    let mut i = param("label_id", label);
    i.form_inputs
        .insert("capsule_token".into(), vec![token.into()]);
    let (status, body) = app.invoke("/addon/feeds/connect", OWNER, i).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn choose(app: &TestApp, label: &str, tags: Option<&[&str]>) -> Value {
    let mut i = param("label_id", label);
    i.form_inputs.insert(
        "feed_scope".into(),
        vec![if tags.is_some() { "tagged" } else { "all" }.into()],
    );
    if let Some(tags) = tags {
        i.form_inputs.insert(
            "feed_tags".into(),
            tags.iter().map(|t| (*t).to_owned()).collect(),
        );
    }
    let (status, body) = app.invoke("/addon/feeds/choose", OWNER, i).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A label connected to the account, taking every party, after the first import.
async fn fed_label(app: &TestApp, token: &str) -> String {
    let label = create_label(app, "Capsule contacts").await;
    connect(app, &label, token).await;
    choose(app, &label, None).await;
    until(
        app,
        "SELECT state FROM crm_feeds WHERE last_success_at IS NOT NULL",
        "live",
    )
    .await;
    label
}

async fn feed_card(app: &TestApp, label: &str) -> String {
    let (_, body) = app
        .invoke("/addon/feeds/open", OWNER, param("label_id", label))
        .await;
    texts(card_of(&body))
}

async fn sync_now(app: &TestApp, label: &str) {
    let runs = app
        .scalar("SELECT coalesce(max(last_run_at), 'epoch')::text FROM crm_feeds")
        .await;
    app.invoke("/addon/feeds/sync", OWNER, param("label_id", label))
        .await;
    until(
        app,
        &format!("SELECT (last_run_at > '{runs}' AND lease_owner IS NULL)::text FROM crm_feeds"),
        "true",
    )
    .await;
}

#[tokio::test]
async fn the_owner_connects_with_a_token_and_chosen_tags_reach_the_label() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    capsule.add_party(
        ACCOUNT,
        person("Ada", "Byron", Some("ada@engines.example"), &["Customer"]),
    );
    capsule.add_party(
        ACCOUNT,
        person("Bob", "Prospect", Some("bob@x.example"), &["Prospect"]),
    );
    capsule.add_party(ACCOUNT, person("Cy", "Nodetails", None, &["Customer"]));
    capsule.add_party(
        ACCOUNT,
        json!({"type": "organisation", "name": "Engines Ltd", "phoneNumbers": [{"number": "+44 20 7946 0000"}],
               "tags": [{"name": "Customer"}]}),
    );
    let _worker = app.start_feed_worker(Duration::from_millis(500));
    let label = create_label(&app, "Customers from Capsule").await;

    // The label card offers to connect; the form explains where the token comes from.
    let (_, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &label))
        .await;
    assert!(
        texts(card_of(&body)).contains("Connect Capsule CRM"),
        "{body}"
    );
    let shown = feed_card(&app, &label).await;
    assert!(shown.contains("API Authentication Tokens"), "{shown}");

    // A wrong token: the form again, the message next to it, what was typed kept, nothing saved.
    let body = connect(&app, &label, "wrong-token").await;
    let shown = texts(card_of(&body));
    assert!(
        shown.contains("Capsule did not accept this token"),
        "{shown}"
    );
    assert!(shown.contains("wrong-token"), "{shown}");
    assert_eq!(app.count("crm_feeds").await, 0);
    let body = connect(&app, &label, "").await;
    assert!(
        texts(card_of(&body)).contains("Paste the token here"),
        "{body}"
    );
    // Capsule down: the same form, a message saying so, nothing stored.
    capsule.fail_next(1, 503);
    let body = connect(&app, &label, &token).await;
    let shown = texts(card_of(&body));
    assert!(shown.contains("Capsule could not be reached"), "{shown}");
    assert_eq!(app.count("crm_feeds").await, 0);

    // The right one: the account's name and its tags to choose from.
    let body = connect(&app, &label, &token).await;
    let shown = texts(card_of(&body));
    assert!(shown.contains("Connected to Acme Sales"), "{shown}");
    assert!(
        shown.contains("Customer") && shown.contains("Prospect"),
        "{shown}"
    );
    // Sealed: the token is nowhere in the database in clear.
    let stored = app
        .scalar("SELECT encode(secret, 'escape') || secret_key_id FROM crm_feeds")
        .await;
    assert!(!stored.contains(&token), "the token is stored in clear");

    // Tagged "Customer" but no tag ticked: the form says so and saves nothing.
    let body = choose(&app, &label, Some(&[])).await;
    assert!(
        texts(card_of(&body)).contains("Tick at least one tag"),
        "{body}"
    );
    assert_eq!(app.scalar("SELECT state FROM crm_feeds").await, "setup");

    choose(&app, &label, Some(&["Customer"])).await;
    until(&app, "SELECT state FROM crm_feeds", "live").await;
    assert_eq!(names(&app, &label).await, "Ada Byron, Engines Ltd");
    // Attributed to Capsule in history.
    assert_eq!(
        app.scalar("SELECT string_agg(DISTINCT via, ',') FROM contact_history")
            .await,
        "capsule"
    );

    // The feed card: account, what it took, what it skipped and why.
    let shown = feed_card(&app, &label).await;
    for expected in [
        "Acme Sales",
        "Sam Lee (sam)",
        "parties tagged Customer",
        "2 parties taken",
        "1 party skipped: no email, phone or address",
        "Cy Nodetails",
        "1 party outside the chosen tags",
    ] {
        assert!(
            shown.contains(expected),
            "{expected:?} missing from {shown}"
        );
    }
    // Every member sees where the label comes from.
    share(&app, &label, VIEWER, "user", "viewer").await;
    let (_, body) = app
        .invoke("/addon/labels/open", VIEWER, param("label_id", &label))
        .await;
    let shown = texts(card_of(&body));
    assert!(
        shown.contains("Fed from Capsule CRM (Acme Sales)"),
        "{shown}"
    );
    assert!(
        !shown.contains("Capsule CRM feed"),
        "a viewer is offered the feed: {shown}"
    );
}

#[tokio::test]
async fn changes_deletions_and_restrictions_in_capsule_reach_the_label_and_members_edits_stay() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    let ada = capsule.add_party(
        ACCOUNT,
        person("Ada", "Byron", Some("ada@engines.example"), &[]),
    );
    let bob = capsule.add_party(ACCOUNT, person("Bob", "Roe", Some("bob@x.example"), &[]));
    let cy = capsule.add_party(ACCOUNT, person("Cy", "Doe", Some("cy@x.example"), &[]));
    let dee = capsule.add_party(ACCOUNT, person("Dee", "Late", None, &[]));
    let _worker = app.start_feed_worker(Duration::from_secs(3600));
    let label = fed_label(&app, &token).await;
    assert_eq!(names(&app, &label).await, "Ada Byron, Bob Roe, Cy Doe");
    share(&app, &label, EDITOR, "user", "editor").await;

    // An editor changes Ada's job title and notes in Sharebook.
    let ada_id = app
        .scalar("SELECT id::text FROM contacts WHERE name = 'Ada Byron'")
        .await;
    let mut i = param("contact_id", &ada_id);
    i.parameters.insert(
        "version".into(),
        app.scalar(&format!(
            "SELECT version::text FROM contacts WHERE id = '{ada_id}'"
        ))
        .await,
    );
    let (_, body) = app
        .invoke(
            "/addon/contacts/save",
            EDITOR,
            contact_form(
                i,
                &[
                    ("name", "Ada Byron"),
                    ("emails", "ada@engines.example"),
                    ("title", "Head buyer"),
                    ("notes", "Prefers phone calls"),
                ],
            ),
        )
        .await;
    assert!(texts(card_of(&body)).contains("Head buyer"), "{body}");

    // Capsule changes Ada's job title and email; her notes it leaves alone.
    capsule.update_party(
        ACCOUNT,
        ada,
        json!({"jobTitle": "Purchasing director",
               "emailAddresses": [{"type": "Work", "address": "ada@newco.example"}]}),
    );
    capsule.delete_party(ACCOUNT, bob);
    capsule.restrict_party(ACCOUNT, cy);
    // Dee gains an email: added now.
    capsule.update_party(
        ACCOUNT,
        dee,
        json!({"emailAddresses": [{"address": "dee@x.example"}]}),
    );
    sync_now(&app, &label).await;

    let ada_now = app
        .scalar(&format!(
            "SELECT title || ' | ' || array_to_string(emails, ',') || ' | ' || notes FROM contacts WHERE id = '{ada_id}'"
        ))
        .await;
    assert_eq!(
        ada_now,
        "Purchasing director | ada@newco.example | Prefers phone calls"
    );
    // Both values of the overwritten field are in history, the change attributed to Capsule.
    let (_, body) = app
        .invoke(
            "/addon/contacts/history",
            OWNER,
            param("contact_id", &ada_id),
        )
        .await;
    let shown = texts(card_of(&body));
    assert!(
        shown.contains("Head buyer → Purchasing director"),
        "{shown}"
    );
    assert!(
        shown.contains("in Capsule CRM (feed connected by you)"),
        "{shown}"
    );

    assert_eq!(names(&app, &label).await, "Ada Byron, Dee Late");
    // Soft deletions: undoable, in history as Capsule's.
    let removed = app
        .scalar(&format!(
            "SELECT string_agg(c.name || ':' || h.via, ', ' ORDER BY c.name) FROM contacts c
             JOIN contact_history h ON h.contact_id = c.id AND h.action = 'delete'
             WHERE c.label_id = '{label}' AND c.deleted_at IS NOT NULL"
        ))
        .await;
    assert_eq!(removed, "Bob Roe:capsule, Cy Doe:capsule");

    // Dee loses her last detail: removed; Bob's deletion is listed with its reason.
    capsule.update_party(ACCOUNT, dee, json!({"emailAddresses": []}));
    sync_now(&app, &label).await;
    assert_eq!(names(&app, &label).await, "Ada Byron");
    let shown = feed_card(&app, &label).await;
    assert!(shown.contains("3 parties removed"), "{shown}");

    // A contact added by hand stays, and says it is not from Capsule.
    let (_, body) = app
        .invoke(
            "/addon/contacts/create",
            EDITOR,
            contact_form(param("label_id", &label), &[("name", "Hand Made")]),
        )
        .await;
    let shown = texts(card_of(&body));
    assert!(
        shown.contains("Added by hand: not from Capsule CRM"),
        "{shown}"
    );
    sync_now(&app, &label).await;
    assert_eq!(names(&app, &label).await, "Ada Byron, Hand Made");
    let (_, body) = app
        .invoke("/addon/contacts/open", VIEWER, param("contact_id", &ada_id))
        .await;
    // A viewer without access learns nothing; the owner sees the source.
    assert!(texts(card_of(&body)).contains("Not available"), "{body}");
    let (_, body) = app
        .invoke("/addon/contacts/open", OWNER, param("contact_id", &ada_id))
        .await;
    assert!(
        texts(card_of(&body)).contains("Capsule CRM (Acme Sales): changes made there"),
        "{body}"
    );

    // An incremental run writes nothing when nothing changed: no new history.
    let history = app.count("contact_history").await;
    sync_now(&app, &label).await;
    assert_eq!(app.count("contact_history").await, history);
}

#[tokio::test]
async fn the_first_import_follows_every_page_and_bad_parties_are_skipped_one_by_one() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    for n in 0..250 {
        capsule.add_party(
            ACCOUNT,
            person(
                "Person",
                &format!("{n:03}"),
                Some(&format!("p{n}@x.example")),
                &[],
            ),
        );
    }
    // Bad data, as client authors found it: numbers as strings, nulls, an unknown type, no id.
    capsule.add_raw_party(
        ACCOUNT,
        json!({"type": "robot", "name": "R2", "phoneNumbers": [{"number": "123456"}]}),
    );
    capsule.add_raw_party(
        ACCOUNT,
        json!({"type": "person", "firstName": null, "lastName": "Strings",
               "phoneNumbers": [{"number": 442079460000_i64}], "emailAddresses": null}),
    );
    let _worker = app.start_feed_worker(Duration::from_secs(3600));
    let before = capsule.requests(ACCOUNT);
    let label = fed_label(&app, &token).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*)::text FROM contacts WHERE label_id = '{label}' AND deleted_at IS NULL"
        ))
        .await,
        "251"
    );
    // 252 parties: three pages, then deletions; no page read twice.
    let used = capsule.requests(ACCOUNT) - before;
    assert!(
        (4..=9).contains(&used),
        "{used} requests for the connect checks and a 3-page import"
    );
    let shown = feed_card(&app, &label).await;
    assert!(
        shown.contains("1 party skipped: unreadable: unknown party type “robot”"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_revoked_token_pauses_the_feed_and_tells_the_owner_until_they_connect_again() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    capsule.add_party(ACCOUNT, person("Ada", "Byron", Some("ada@x.example"), &[]));
    let _worker = app.start_feed_worker(Duration::from_secs(3600));
    let label = fed_label(&app, &token).await;
    capsule.revoke_token(&token);
    app.invoke("/addon/feeds/sync", OWNER, param("label_id", &label))
        .await;
    until(&app, "SELECT state FROM crm_feeds", "paused").await;

    let shown = feed_card(&app, &label).await;
    assert!(shown.contains("revoked or lost access"), "{shown}");
    assert!(shown.contains("Last successful run"), "{shown}");
    let home = texts(&app.home(OWNER).await);
    assert!(home.contains("Capsule feed paused"), "{home}");
    let (_, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &label))
        .await;
    assert!(texts(card_of(&body)).contains("is paused"), "{body}");
    // Nothing was removed from the label.
    assert_eq!(names(&app, &label).await, "Ada Byron");

    // A new token: the feed resumes where it was.
    let sam2 = capsule.add_user(ACCOUNT, "Sam Two", "sam2", false);
    let fresh = capsule.issue_token(ACCOUNT, sam2);
    capsule.add_party(ACCOUNT, person("Bo", "New", Some("bo@x.example"), &[]));
    connect(&app, &label, &fresh).await;
    until(
        &app,
        "SELECT state || (last_success_at > now() - interval '20 seconds')::text FROM crm_feeds",
        "livetrue",
    )
    .await;
    until(
        &app,
        &format!(
            "SELECT count(*)::text FROM contacts WHERE label_id = '{label}' AND deleted_at IS NULL"
        ),
        "2",
    )
    .await;
    assert!(!texts(&app.home(OWNER).await).contains("Capsule feed paused"));
}

#[tokio::test]
async fn the_feed_paces_itself_on_capsules_limit_and_backs_off_when_capsule_fails() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    for n in 0..5 {
        capsule.add_party(
            ACCOUNT,
            person("P", &n.to_string(), Some(&format!("p{n}@x.example")), &[]),
        );
    }
    let _worker = app.start_feed_worker(Duration::from_secs(3600));
    let label = fed_label(&app, &token).await;

    // Capsule fails: the run backs off (failures counted, the error on the card), then recovers.
    capsule.fail_next(1, 503);
    sync_now(&app, &label).await;
    assert_eq!(
        app.scalar("SELECT failures::text FROM crm_feeds").await,
        "1"
    );
    assert_eq!(
        app.scalar("SELECT (due_at > now() + interval '50 minutes')::text FROM crm_feeds")
            .await,
        "true",
        "a failure is retried after the backoff, not at once"
    );
    assert!(
        feed_card(&app, &label)
            .await
            .contains("Last error: Capsule is unavailable")
    );
    sync_now(&app, &label).await;
    assert_eq!(
        app.scalar("SELECT failures::text FROM crm_feeds").await,
        "0"
    );

    // A call that hangs past the client's timeout (2 s in tests) backs off the same way.
    capsule.stall_next(1, Duration::from_secs(4));
    sync_now(&app, &label).await;
    assert_eq!(
        app.scalar("SELECT failures::text FROM crm_feeds").await,
        "1"
    );
    assert!(feed_card(&app, &label).await.contains("timed out"));
    sync_now(&app, &label).await;
    assert_eq!(
        app.scalar("SELECT failures::text FROM crm_feeds").await,
        "0"
    );

    // A 429: no failure, the feed waits for the window's reset.
    capsule.fail_next(1, 429);
    sync_now(&app, &label).await;
    assert_eq!(
        app.scalar("SELECT failures::text FROM crm_feeds").await,
        "0"
    );
    let waits = app
        .scalar("SELECT (due_at > now())::text || coalesce(last_error, '') FROM crm_feeds")
        .await;
    assert!(
        waits.starts_with("true") && waits.contains("limit"),
        "{waits}"
    );
}

#[tokio::test]
async fn the_feed_never_spends_the_last_requests_of_the_hour() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    // 30 an hour: the feed keeps 10 back for the user's other tools, so it stops at 20.
    capsule.set_hourly_limit(30);
    capsule.add_party(ACCOUNT, person("Ada", "Byron", Some("ada@x.example"), &[]));
    let _worker = app.start_feed_worker(Duration::from_secs(3600));
    let label = fed_label(&app, &token).await;
    for _ in 0..15 {
        app.invoke("/addon/feeds/sync", OWNER, param("label_id", &label))
            .await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    until(
        &app,
        "SELECT (coalesce(last_error, '') LIKE '%limit is reached%')::text FROM crm_feeds",
        "true",
    )
    .await;
    let used = capsule.requests(ACCOUNT);
    assert!(used <= 20, "{used} requests: the reserve was spent");
    assert_eq!(
        app.scalar("SELECT (due_at > now() + interval '10 minutes')::text FROM crm_feeds")
            .await,
        "true",
        "the feed waits for the window's reset"
    );
}

#[tokio::test]
async fn two_workers_never_run_one_feed_at_once() {
    let app = spawn_app().await;
    let (capsule, token) = account(&app);
    let ids: Vec<i64> = (0..300)
        .map(|n| {
            capsule.add_party(
                ACCOUNT,
                person(
                    "Person",
                    &format!("{n:03}"),
                    Some(&format!("p{n}@x.example")),
                    &[],
                ),
            )
        })
        .collect();
    capsule.set_latency(Duration::from_millis(30));
    let _a = app.start_feed_worker(Duration::from_millis(200));
    let _b = app.start_feed_worker(Duration::from_millis(200));
    let label = fed_label(&app, &token).await;
    for (n, id) in ids.iter().take(20).enumerate() {
        capsule.update_party(ACCOUNT, *id, json!({"jobTitle": format!("v{n}")}));
        app.invoke("/addon/feeds/sync", OWNER, param("label_id", &label))
            .await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Every party exactly once, created once.
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*)::text || '/' || count(DISTINCT name)::text FROM contacts WHERE label_id = '{label}'"
        ))
        .await,
        "300/300"
    );
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contact_history WHERE action = 'create'")
            .await,
        "300"
    );
}

#[tokio::test]
async fn oauth_connects_subscribes_hooks_and_a_delivery_makes_the_feed_read_at_once() {
    let app = spawn_app().await;
    let capsule = &*app.stand_ins.capsule;
    capsule.create_account(ACCOUNT, "Acme Sales");
    let sam = capsule.add_user(ACCOUNT, "Sam Lee", "sam", true);
    capsule.register_client("sharebook-sandbox", "sandbox-secret");
    let ada = capsule.add_party(ACCOUNT, person("Ada", "Byron", Some("ada@x.example"), &[]));
    // Polling once an hour: only a hook can explain a quick update.
    let _worker = app.start_feed_worker(Duration::from_secs(3600));
    let label = create_label(&app, "Hooked").await;

    let callback = sign_in(&app, &label, sam).await;
    let page = reqwest::get(&callback).await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(page.text().await.unwrap().contains("with instant updates"));
    assert_eq!(capsule.hooks(ACCOUNT).len(), 3);
    // The state is single use.
    let again = reqwest::get(&callback).await.unwrap();
    assert_eq!(again.status(), 400);

    choose(&app, &label, None).await;
    until(&app, "SELECT state FROM crm_feeds", "live").await;
    assert_eq!(names(&app, &label).await, "Ada Byron");
    capsule.update_party(ACCOUNT, ada, json!({"lastName": "Lovelace"}));
    until(
        &app,
        &format!(
            "SELECT coalesce(string_agg(name, ','), '') FROM contacts WHERE label_id = '{label}'"
        ),
        "Ada Lovelace",
    )
    .await;
    assert!(
        capsule
            .deliveries()
            .iter()
            .any(|(_, _, status)| *status == 200),
        "a delivery reached us"
    );

    // A delivery to a made-up URL changes nothing.
    let forged = reqwest::Client::new()
        .post(app.public_url.url_for("/capsule/hooks/made-up"))
        .json(&json!({"event": "party/deleted", "payload": [{"id": ada}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);

    // Disconnecting removes the hooks and the token; the contacts stay.
    let (_, body) = app
        .invoke(
            "/addon/feeds/disconnect",
            OWNER,
            confirmed(param("label_id", &label)),
        )
        .await;
    assert!(
        texts(card_of(&body)).contains("Connect Capsule CRM"),
        "{body}"
    );
    assert_eq!(app.count("crm_feeds").await, 0);
    assert!(capsule.hooks(ACCOUNT).is_empty());
    assert_eq!(names(&app, &label).await, "Ada Lovelace");
}

/// The owner signs in with Capsule from the feed card as `user`; the URL Capsule sends the browser
/// back to (not yet followed).
async fn sign_in(app: &TestApp, label: &str, user: i64) -> String {
    let (_, body) = app
        .invoke("/addon/feeds/open", OWNER, param("label_id", label))
        .await;
    let link = find_link(card_of(&body)).expect("a Sign in with Capsule link");
    // The owner allows Sharebook in Capsule; Capsule sends the browser back to us.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let consent = no_redirects.get(&link).send().await.unwrap();
    assert_eq!(consent.status(), 200);
    let url = url::Url::parse(&link).unwrap();
    let mut allow: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    allow.push(("user_id".into(), user.to_string()));
    let back = no_redirects
        .post(url.as_str().split('?').next().unwrap())
        .form(&allow)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 302);
    back.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn deleting_a_label_removes_its_feed_and_its_hooks_in_capsule() {
    let app = spawn_app().await;
    let capsule = &*app.stand_ins.capsule;
    capsule.create_account(ACCOUNT, "Acme Sales");
    let sam = capsule.add_user(ACCOUNT, "Sam Lee", "sam", true);
    capsule.register_client("sharebook-sandbox", "sandbox-secret");
    let label = create_label(&app, "Short lived").await;
    let callback = sign_in(&app, &label, sam).await;
    assert_eq!(reqwest::get(&callback).await.unwrap().status(), 200);
    assert_eq!(capsule.hooks(ACCOUNT).len(), 3);
    let (_, body) = app
        .invoke(
            "/addon/labels/delete",
            OWNER,
            confirmed(param("label_id", &label)),
        )
        .await;
    assert!(texts(&body).contains("Label deleted"), "{body}");
    assert_eq!(app.count("crm_feeds").await, 0);
    // Capsule holds at most 20 hooks an account: none may be left behind.
    assert!(capsule.hooks(ACCOUNT).is_empty());
}

/// The first `openLink` URL in a card.
pub(crate) fn find_link(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) => m
            .get("openLink")
            .and_then(|l| l["url"].as_str())
            .map(str::to_owned)
            .or_else(|| m.values().find_map(find_link)),
        Value::Array(a) => a.iter().find_map(find_link),
        _ => None,
    }
}

#[tokio::test]
async fn only_the_owner_manages_the_feed() {
    let app = spawn_app().await;
    let (_, token) = account(&app);
    let label = create_label(&app, "Owned").await;
    share(&app, &label, EDITOR, "user", "manager").await;
    // A manager and an outsider who knows the id: refused, nothing stored.
    for (who, title) in [
        (EDITOR, "Not allowed"),
        ("stranger@sharebook.test", "Not available"),
    ] {
        let mut i = param("label_id", &label);
        i.form_inputs
            .insert("capsule_token".into(), vec![token.clone()]);
        let (_, body) = app.invoke("/addon/feeds/connect", who, i).await;
        assert_eq!(card_of(&body)["header"]["title"], title, "{body}");
    }
    assert_eq!(app.count("crm_feeds").await, 0);
}
