//! The holes an outside attack found (issue 12), each with the test that would have caught it:
//! markup from email headers, hidden fields lifted by re-sharing, shares claimed by accounts Google
//! does not vouch for, half-applied refused updates, control characters and extreme numbers.

use serde_json::Value;
use sharebook_dev::sandbox::directory::MemberType;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::issuer::SandboxUser;

use crate::helpers::{OWNER, TestApp, card_of, confirmed, form, param, spawn_app, texts, user};
use crate::sharing::{contact, label, share, update_share};

const VIEWER: &str = "viewer@sharebook.test";
const MANAGER: &str = "manager@sharebook.test";

fn is_internal_error(body: &Value) -> bool {
    body.to_string().contains("Something went wrong")
}

fn denied(body: &Value) -> bool {
    card_of(body)["header"]["title"] == "Not available"
}

async fn open_contact(app: &TestApp, who: &str, id: &str) -> String {
    let (status, body) = app
        .invoke("/addon/contacts/open", who, param("contact_id", id))
        .await;
    assert_eq!(status, 200);
    body.to_string()
}

// F1 ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn markup_in_an_email_header_is_shown_as_text_and_stored_as_text() {
    let app = spawn_app().await;
    let l = label(&app).await;
    app.gmail.add_message(
        OWNER,
        "msg-f:evil",
        "thread-f:evil",
        vec![
            (
                "From".into(),
                "\"<a href='https://evil.example/p'>Verify your account</a>\" <x@evil.example>"
                    .into(),
            ),
            // The same trick RFC 2047 encoded: "<b>Urgent</b> Bank".
            (
                "To".into(),
                format!("{OWNER}, =?UTF-8?B?PGI+VXJnZW50PC9iPiBCYW5r?= <y@evil.example>"),
            ),
        ],
    );
    let open = Interaction {
        message_id: Some("msg-f:evil".into()),
        ..Default::default()
    };
    // `invoke` checks every HTML field of every card for markup that is not ours.
    let (status, body) = app.invoke("/addon/message", OWNER, open).await;
    assert_eq!(status, 200);
    let t = texts(card_of(&body));
    assert!(
        t.contains(
            "&lt;a href=&#39;https://evil.example/p&#39;&gt;Verify your account&lt;/a&gt; &lt;x@evil.example&gt;"
        ),
        "{t}"
    );
    assert!(
        t.contains("&lt;b&gt;Urgent&lt;/b&gt; Bank &lt;y@evil.example&gt;"),
        "{t}"
    );

    // "Add to a label" stores the name as the text it is; every card showing it escapes it.
    let mut i = param("label_id", &l);
    i.form_inputs.insert(
        "contact_name".into(),
        vec!["<a href='https://evil.example/p'>Verify your account</a>".into()],
    );
    i.form_inputs
        .insert("contact_emails".into(), vec!["x@evil.example".into()]);
    let (_, body) = app.invoke("/addon/contacts/create", OWNER, i).await;
    assert!(!denied(&body) && !is_internal_error(&body), "{body}");
    let stored = app.scalar("SELECT name FROM contacts").await;
    assert_eq!(
        stored,
        "<a href='https://evil.example/p'>Verify your account</a>"
    );
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let (_, body) = app
        .invoke("/addon/labels/open", VIEWER, param("label_id", &l))
        .await;
    assert!(
        texts(card_of(&body)).contains("&lt;a href=&#39;https://evil.example/p&#39;&gt;"),
        "{body}"
    );
    let (_, body) = app
        .invoke("/addon/search", VIEWER, form("search_query", "verify"))
        .await;
    assert!(texts(card_of(&body)).contains("Verify your account&lt;/a&gt;"));
}

// F2 ---------------------------------------------------------------------------------------------

async fn secret_contact(app: &TestApp, l: &str) -> String {
    contact(
        app,
        l,
        &[
            ("name", "Dee Secret"),
            ("emails", "dee@client.test"),
            ("phones", "+44 20 7946 0001"),
            ("notes", "VIP pricing"),
        ],
    )
    .await
}

async fn share_id(app: &TestApp, grantee: &str) -> String {
    app.scalar(&format!(
        "SELECT id::text FROM shares WHERE grantee = '{grantee}'"
    ))
    .await
}

#[tokio::test]
async fn what_the_owner_hid_stays_hidden_through_revoke_and_reshare_by_a_manager() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let id = secret_contact(&app, &l).await;
    share(&app, OWNER, &l, MANAGER, "user", "manager").await;
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let viewer_share = share_id(&app, VIEWER).await;
    let body = update_share(&app, &viewer_share, "viewer", &["phones", "notes"]).await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Role changed",
        "{body}"
    );
    app.home(MANAGER).await;
    app.home(VIEWER).await;
    let seen = open_contact(&app, VIEWER, &id).await;
    assert!(!seen.contains("7946") && !seen.contains("VIP"), "{seen}");

    // The manager revokes and shares again.
    let (_, body) = app
        .invoke(
            "/addon/shares/revoke",
            MANAGER,
            confirmed(param("share_id", &viewer_share)),
        )
        .await;
    assert!(!denied(&body), "{body}");
    share(&app, MANAGER, &l, VIEWER, "user", "editor").await;
    let seen = open_contact(&app, VIEWER, &id).await;
    assert!(
        seen.contains("dee@client.test") && !seen.contains("7946") && !seen.contains("VIP"),
        "{seen}"
    );

    // Revoked again, the person reached only through their domain keeps what the owner hid.
    let again = share_id(&app, VIEWER).await;
    app.invoke(
        "/addon/shares/revoke",
        MANAGER,
        confirmed(param("share_id", &again)),
    )
    .await;
    share(&app, MANAGER, &l, "sharebook.test", "domain", "viewer").await;
    let seen = open_contact(&app, VIEWER, &id).await;
    assert!(
        seen.contains("dee@client.test") && !seen.contains("7946") && !seen.contains("VIP"),
        "{seen}"
    );
    // ...and through a group share too, read at query time rather than from `label_access`.
    let domain_share = share_id(&app, "sharebook.test").await;
    app.invoke(
        "/addon/shares/revoke",
        MANAGER,
        confirmed(param("share_id", &domain_share)),
    )
    .await;
    app.directory
        .add_member("team@sharebook.test", VIEWER, MemberType::User);
    share(&app, MANAGER, &l, "team@sharebook.test", "group", "viewer").await;
    let seen = open_contact(&app, VIEWER, &id).await;
    assert!(
        seen.contains("dee@client.test") && !seen.contains("7946") && !seen.contains("VIP"),
        "{seen}"
    );

    // Until the owner shows them again.
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let direct = share_id(&app, VIEWER).await;
    update_share(&app, &direct, "viewer", &[]).await;
    let seen = open_contact(&app, VIEWER, &id).await;
    assert!(seen.contains("7946") && seen.contains("VIP"), "{seen}");
}

#[tokio::test]
async fn a_member_can_give_nobody_a_wider_view_than_their_own() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let id = secret_contact(&app, &l).await;
    share(&app, OWNER, &l, MANAGER, "user", "manager").await;
    let manager_share = share_id(&app, MANAGER).await;
    update_share(&app, &manager_share, "manager", &["notes"]).await;
    app.home(MANAGER).await;
    // The manager shares with a second account of his own, as a person and as a domain.
    share(&app, MANAGER, &l, "alt@sharebook.test", "user", "editor").await;
    let seen = open_contact(&app, "alt@sharebook.test", &id).await;
    assert!(seen.contains("7946") && !seen.contains("VIP"), "{seen}");
    share(&app, MANAGER, &l, "elsewhere.test", "domain", "viewer").await;
    let seen = open_contact(&app, "me@elsewhere.test", &id).await;
    assert!(seen.contains("7946") && !seen.contains("VIP"), "{seen}");
    // Re-sharing an existing grantee (here by the owner, who hides nothing) removes nothing.
    share(&app, OWNER, &l, "alt@sharebook.test", "user", "viewer").await;
    let carried: String = app
        .scalar("SELECT array_to_string(hidden_fields, ',') FROM shares WHERE grantee = 'alt@sharebook.test'")
        .await;
    assert_eq!(carried, "notes");
    // The owner decides: showing the field to the second account shows it.
    let alt = share_id(&app, "alt@sharebook.test").await;
    update_share(&app, &alt, "editor", &[]).await;
    let seen = open_contact(&app, "alt@sharebook.test", &id).await;
    assert!(seen.contains("VIP"), "{seen}");
}

// F3 ---------------------------------------------------------------------------------------------

async fn can_open_label(app: &TestApp, who: &SandboxUser, l: &str) -> bool {
    let (status, body) = app
        .invoke_as("/addon/labels/open", who, param("label_id", l))
        .await;
    assert_eq!(status, 200);
    !denied(&body)
}

#[tokio::test]
async fn a_personal_account_with_a_company_address_claims_nothing_meant_for_the_colleague() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let personal = SandboxUser::personal("newbie@sharebook.test");
    let workspace = user("newbie@sharebook.test");
    assert_ne!(personal.sub(), workspace.sub());

    // A pending share is not claimed by the personal account...
    share(&app, OWNER, &l, "newbie@sharebook.test", "user", "editor").await;
    assert!(!can_open_label(&app, &personal, &l).await);
    let pending: String = app
        .scalar("SELECT (user_id IS NULL)::text FROM shares")
        .await;
    assert_eq!(pending, "true");
    // ...and the real Workspace account gets it.
    assert!(can_open_label(&app, &workspace, &l).await);
    assert!(!can_open_label(&app, &personal, &l).await);

    // Both accounts known: a new share to the address goes to the Workspace one, whichever was
    // seen last.
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Suppliers"),
    )
    .await;
    let second = app
        .scalar("SELECT id::text FROM labels WHERE name = 'Suppliers'")
        .await;
    app.invoke_as("/addon/home", &personal, Interaction::default())
        .await;
    share(
        &app,
        OWNER,
        &second,
        "newbie@sharebook.test",
        "user",
        "viewer",
    )
    .await;
    assert!(can_open_label(&app, &workspace, &second).await);
    assert!(!can_open_label(&app, &personal, &second).await);
}

#[tokio::test]
async fn the_workspace_account_takes_over_what_a_personal_one_held() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let personal = SandboxUser::personal("late@sharebook.test");
    app.invoke_as("/addon/home", &personal, Interaction::default())
        .await;
    // Held before this rule (a database migrated from an older release).
    share(&app, OWNER, &l, "late@sharebook.test", "user", "viewer").await;
    let personal_id = app
        .scalar("SELECT id::text FROM users WHERE email = 'late@sharebook.test'")
        .await;
    app.exec(&format!(
        "UPDATE shares SET user_id = '{personal_id}' WHERE grantee = 'late@sharebook.test'"
    ))
    .await;
    assert!(can_open_label(&app, &personal, &l).await);
    // The Workspace account's first request moves it: two accounts, the vouched one wins.
    assert!(can_open_label(&app, &user("late@sharebook.test"), &l).await);
    assert!(!can_open_label(&app, &personal, &l).await);
}

#[tokio::test]
async fn a_personal_account_with_a_group_members_address_is_no_member() {
    let app = spawn_app().await;
    let l = label(&app).await;
    app.directory.add_member(
        "team@sharebook.test",
        "member@sharebook.test",
        MemberType::User,
    );
    share(&app, OWNER, &l, "team@sharebook.test", "group", "editor").await;
    let personal = SandboxUser::personal("member@sharebook.test");
    assert!(!can_open_label(&app, &personal, &l).await);
    let (_, body) = app
        .invoke_as("/addon/home", &personal, Interaction::default())
        .await;
    assert!(!texts(card_of(&body)).contains("Customers"), "{body}");
    assert!(can_open_label(&app, &user("member@sharebook.test"), &l).await);
}

#[tokio::test]
async fn partners_without_workspace_join_until_their_domain_has_workspace_accounts() {
    let app = spawn_app().await;
    let l = label(&app).await;
    // A partner domain where no Workspace account was ever seen: the verified email may claim.
    let partner = SandboxUser::personal("pat@partner.test");
    share(&app, OWNER, &l, "pat@partner.test", "user", "viewer").await;
    assert!(can_open_label(&app, &partner, &l).await);
    // A Gmail address is always vouched for.
    share(&app, OWNER, &l, "gus@gmail.com", "user", "viewer").await;
    assert!(can_open_label(&app, &SandboxUser::personal("gus@gmail.com"), &l).await);
    // Never for the sharer's own domain.
    share(&app, OWNER, &l, "own@sharebook.test", "user", "viewer").await;
    assert!(!can_open_label(&app, &SandboxUser::personal("own@sharebook.test"), &l).await);
    // Once a Workspace account of partner.test shows up, the exception ends there.
    app.home("admin@partner.test").await;
    assert!(!can_open_label(&app, &partner, &l).await);
    let pending: String = app
        .scalar("SELECT (user_id IS NULL)::text FROM shares WHERE grantee = 'pat@partner.test'")
        .await;
    assert_eq!(pending, "true");
    assert!(can_open_label(&app, &user("pat@partner.test"), &l).await);
}

#[tokio::test]
async fn the_vouching_rule_is_the_same_in_rust_and_sql() {
    use sharebook::domain::principal::vouched;
    let app = spawn_app().await;
    for (email, hd) in [
        ("ann@gmail.com", None),
        ("Ann@GMAIL.com", None),
        ("ann@acme.test", Some("acme.test")),
        ("ann@Acme.test", Some("ACME.test")),
        ("ann@acme.test", None),
        ("ann@acme.test", Some("other.test")),
        ("ann@sub.acme.test", Some("acme.test")),
        ("ann@gmail.com.evil.test", None),
        ("no-at-sign", Some("acme.test")),
    ] {
        let hd_sql = hd.map_or("NULL".to_owned(), |h| format!("'{h}'"));
        let sql: String = app
            .scalar(&format!("SELECT email_vouched('{email}', {hd_sql})::text"))
            .await;
        assert_eq!(sql == "true", vouched(email, hd), "{email} {hd:?}");
    }
}

// F4 ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_refused_share_update_changes_nothing() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let id = share_id(&app, VIEWER).await;
    let before = app.fingerprint().await;
    let body = update_share(&app, &id, "editor", &["phones", "password"]).await;
    assert!(denied(&body), "{body}");
    assert_eq!(app.fingerprint().await, before, "the role changed anyway");
    let role: String = app.scalar("SELECT role_rank::text FROM shares").await;
    assert_eq!(role, "1");
}

// Robustness ---------------------------------------------------------------------------------------

/// Every text field of every write route, with what each needs besides the field.
fn text_fields(l: &str, contact: &str, comment: &str) -> Vec<(&'static str, Interaction, String)> {
    let mut out = Vec::new();
    let contact_fields = [
        "name",
        "emails",
        "phones",
        "organization",
        "title",
        "addresses",
        "notes",
        "custom",
    ];
    for f in contact_fields {
        let mut i = param("label_id", l);
        if f != "name" {
            i.form_inputs
                .insert("contact_name".into(), vec!["Ok Name".into()]);
        }
        out.push(("/addon/contacts/create", i, format!("contact_{f}")));
        let mut i = param("contact_id", contact);
        i.parameters.insert("version".into(), "1".into());
        if f != "name" {
            i.form_inputs
                .insert("contact_name".into(), vec!["Ann Lee".into()]);
        }
        out.push(("/addon/contacts/save", i, format!("contact_{f}")));
    }
    let mut i = param("contact_id", contact);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    out.push(("/addon/comments/create", i, "comment_body".into()));
    out.push((
        "/addon/comments/update",
        param("comment_id", comment),
        "comment_body".into(),
    ));
    out.push((
        "/addon/labels/create",
        Interaction::default(),
        "label_name".into(),
    ));
    out.push((
        "/addon/labels/rename",
        param("label_id", l),
        "label_name".into(),
    ));
    out.push((
        "/addon/search",
        Interaction::default(),
        "search_query".into(),
    ));
    out
}

#[tokio::test]
async fn control_characters_in_any_text_field_get_a_message_next_to_it_and_write_nothing() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    let mut i = param("contact_id", &c);
    i.form_inputs
        .insert("comment_body".into(), vec!["first".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    let comment = app.scalar("SELECT id::text FROM comments").await;
    let mut checked = 0;
    for bad in ["a\u{0}b", "x\u{1b}[31my", "p\u{7f}q"] {
        for (path, mut i, field) in text_fields(&l, &c, &comment) {
            i.form_inputs.insert(field.clone(), vec![bad.into()]);
            let before = app.fingerprint().await;
            let (status, body) = app.invoke(path, OWNER, i).await;
            assert_eq!(status, 200, "{path} {field}");
            assert!(
                !is_internal_error(&body) && !denied(&body),
                "{path} {field}: {body}"
            );
            assert!(
                texts(card_of(&body)).contains("Remove the invisible control characters"),
                "{path} {field}: {body}"
            );
            assert_eq!(app.fingerprint().await, before, "{path} {field} wrote");
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 21);
}

/// Extreme values for a number taken from a request, drawn by proptest, plus the classic edges.
fn extreme_numbers() -> Vec<String> {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let strategy = proptest::prop_oneof![
        proptest::num::i64::ANY.prop_map(|n| n.to_string()),
        proptest::num::f64::ANY.prop_map(|n| n.to_string()),
        "[0-9]{19,60}",
        "-[0-9]{1,40}",
        "[0-9]{1,3}(e|E)[0-9]{1,4}",
    ];
    let mut runner = TestRunner::deterministic();
    let mut out: Vec<String> = [
        "0",
        "-1",
        "-0",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "1e308",
        "NaN",
        "inf",
        "",
        " 7 ",
        "0x10",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for _ in 0..24 {
        out.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    out
}

#[tokio::test]
async fn extreme_numbers_in_any_numeric_parameter_never_fail_inside() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    for n in extreme_numbers() {
        // Page numbers.
        let mut i = param("label_id", &l);
        i.parameters.insert("page".into(), n.clone());
        let (status, body) = app.invoke("/addon/labels/open", OWNER, i).await;
        assert!(
            status == 200 && !is_internal_error(&body),
            "page {n}: {body}"
        );
        let mut i = form("search_query", "ann");
        i.parameters.insert("page".into(), n.clone());
        let (status, body) = app.invoke("/addon/search", OWNER, i).await;
        assert!(
            status == 200 && !is_internal_error(&body),
            "search page {n}: {body}"
        );
        // A contact's version: anything but the current one is refused or conflicts, never fails.
        let mut i = param("contact_id", &c);
        i.parameters.insert("version".into(), n.clone());
        i.form_inputs
            .insert("contact_name".into(), vec!["Ann Lee".into()]);
        let (status, body) = app.invoke("/addon/contacts/save", OWNER, i).await;
        assert!(
            status == 200 && !is_internal_error(&body),
            "version {n}: {body}"
        );
        // The time zone offset every card reads.
        for path in ["/addon/home", "/addon/contacts/open"] {
            let mut event = app
                .host
                .event(&user(OWNER), &param("contact_id", &c))
                .unwrap();
            event["commonEventObject"]["timeZone"]["offset"] = Value::String(n.clone());
            let response = app
                .host
                .post(&app.public_url.url_for(path), &event)
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path} offset {n}");
            let body: Value = response.json().await.unwrap();
            assert!(!is_internal_error(&body), "{path} offset {n}: {body}");
        }
    }
}
