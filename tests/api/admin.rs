//! Workspace admins: who gets the admin card, each policy applied at the moment of the action,
//! shares a tighter policy forbids revoked in one step, the append-only audit log (written with
//! its action, filtered, downloaded once), offboarding, and an admin of one domain reaching
//! nothing of another.

use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, TestApp, card_of, confirmed, form, param, spawn_app, texts};
use crate::sharing::{label, share};
use crate::sync::{
    EDITOR, GROUPIE, VIEWER, add_contact, assert_in_step, contact_form, google_side, is_ours,
    settle, shared_label, sync_config,
};
use crate::two_way::until;

const ADMIN: &str = "boss@sharebook.test";
const OTHER_ADMIN: &str = "boss@elsewhere.test";
const COLLEAGUE: &str = "colleague@sharebook.test";

fn title(body: &serde_json::Value) -> String {
    card_of(body)["header"]["title"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn admin_app() -> TestApp {
    let app = spawn_app().await;
    app.directory.add_admin(ADMIN);
    app.directory.add_admin(OTHER_ADMIN);
    for u in [OWNER, COLLEAGUE] {
        app.directory.add_user(u);
    }
    app
}

fn policies(
    outside: &str,
    domains: &str,
    max: &str,
    allow: &[&str],
    approver: &str,
) -> Interaction {
    let mut i = Interaction::default();
    for (k, v) in [
        ("policy_outside", outside),
        ("policy_domains", domains),
        ("policy_outside_max", max),
        ("policy_guard_percent", "10"),
        ("policy_guard_at_least", "10"),
        ("policy_approver", approver),
    ] {
        i.form_inputs.insert(k.into(), vec![v.into()]);
    }
    i.form_inputs.insert(
        "policy_allow".into(),
        allow.iter().map(|a| (*a).to_owned()).collect(),
    );
    i
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!(
        "SELECT count(*)::text FROM audit_log WHERE action = '{action}'"
    ))
    .await
    .parse()
    .unwrap()
}

#[tokio::test]
async fn only_admins_get_the_admin_card_and_only_their_domain() {
    let app = admin_app().await;
    let home = app.home(OWNER).await;
    assert!(
        !texts(card_of(&home)).contains("Admin"),
        "no button for a user"
    );
    let (_, body) = app
        .invoke("/addon/admin", OWNER, Interaction::default())
        .await;
    assert_eq!(title(&body), "Not available", "{body}");

    let home = app.home(ADMIN).await;
    assert!(texts(card_of(&home)).contains("Admin"));
    // The domain's first request asked the Marketplace, off the request.
    for _ in 0..100 {
        let state = app
            .scalar("SELECT coalesce(license_state, '') FROM workspace_domains WHERE domain = 'sharebook.test'")
            .await;
        if state == "ACTIVE" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, body) = app
        .invoke("/addon/admin", ADMIN, Interaction::default())
        .await;
    assert_eq!(status, 200);
    assert_eq!(title(&body), "Admin", "{body}");
    let t = texts(card_of(&body));
    assert!(t.contains("sharebook.test"));
    assert!(
        t.contains("Installed for the whole domain"),
        "the sandbox domain has a license: {t}"
    );

    // A user of sharebook.test, known by id to an admin of another domain: nothing.
    app.home(COLLEAGUE).await;
    app.home(OTHER_ADMIN).await;
    let id = app
        .scalar(&format!(
            "SELECT id::text FROM users WHERE email = '{COLLEAGUE}'"
        ))
        .await;
    let before = app.fingerprint().await;
    for path in ["/addon/admin/person", "/addon/admin/offboard"] {
        let mut i = param("user_id", &id);
        i.form_inputs
            .insert("offboard_to".into(), vec![OTHER_ADMIN.into()]);
        let (_, body) = app.invoke(path, OTHER_ADMIN, confirmed(i)).await;
        assert_eq!(title(&body), "Not available", "{path}: {body}");
    }
    let (_, body) = app
        .invoke("/addon/admin/people", OTHER_ADMIN, Interaction::default())
        .await;
    assert!(!texts(card_of(&body)).contains(COLLEAGUE));
    assert_eq!(app.fingerprint().await, before);
    // Every admin route refuses a non-admin and changes nothing.
    for path in [
        "/addon/admin",
        "/addon/admin/policies",
        "/addon/admin/revoke",
        "/addon/admin/held",
        "/addon/admin/audit",
        "/addon/admin/audit/csv",
        "/addon/admin/people",
        "/addon/admin/labels",
        "/addon/admin/person",
        "/addon/admin/offboard",
    ] {
        let (_, body) = app
            .invoke(path, OWNER, confirmed(param("user_id", &id)))
            .await;
        assert_eq!(title(&body), "Not available", "{path}: {body}");
    }
    assert_eq!(app.fingerprint().await, before);
    assert_eq!(audit_count(&app, "policy_changed").await, 0);
}

#[tokio::test]
async fn a_directory_outage_withholds_admin_rights_until_it_answers() {
    let app = admin_app().await;
    // The Directory failing: no admin rights for this request, no error for the user.
    app.directory.fail_next(503);
    let home = app.home(ADMIN).await;
    assert!(!texts(card_of(&home)).contains("Admin"));
    let home = app.home(ADMIN).await;
    assert!(
        texts(card_of(&home)).contains("Admin"),
        "asked again, and cached"
    );
}

#[tokio::test]
async fn each_sharing_policy_applies_when_sharing_and_keeps_the_form() {
    let app = admin_app().await;
    let label = label(&app).await;
    // Outside sharing only with partner.test, at most editor; no whole-domain shares.
    let (_, body) = app
        .invoke(
            "/addon/admin/policies",
            ADMIN,
            policies("listed", "partner.test", "editor", &["feeds"], "owner"),
        )
        .await;
    assert!(
        texts(card_of(&body)).contains("Policies saved")
            || body.to_string().contains("Policies saved"),
        "{body}"
    );
    assert_eq!(audit_count(&app, "policy_changed").await, 1);

    let refused = share(&app, OWNER, &label, "eve@other.test", "user", "viewer").await;
    let t = texts(card_of(&refused));
    assert!(t.contains("only with partner.test"), "{t}");
    assert!(t.contains("eve@other.test"), "typed value kept: {t}");
    let refused = share(&app, OWNER, &label, "bob@partner.test", "user", "manager").await;
    assert!(texts(card_of(&refused)).contains("at most the Editor role"));
    let refused = share(&app, OWNER, &label, "sharebook.test", "domain", "viewer").await;
    assert!(texts(card_of(&refused)).contains("with all of sharebook.test"));
    assert_eq!(app.count("shares").await, 0);
    assert_eq!(
        audit_count(&app, "share_added").await,
        0,
        "no entry without its action"
    );

    share(&app, OWNER, &label, "bob@partner.test", "user", "editor").await;
    share(&app, OWNER, &label, COLLEAGUE, "user", "manager").await;
    assert_eq!(app.count("shares").await, 2);
    assert_eq!(audit_count(&app, "share_added").await, 2);
    // A manager is held to the same policy, for people and groups alike.
    for (grantee, kind) in [("eve@other.test", "user"), ("all@other.test", "group")] {
        let refused = share(&app, COLLEAGUE, &label, grantee, kind, "viewer").await;
        assert!(
            texts(card_of(&refused)).contains("only with partner.test"),
            "{kind}: {refused}"
        );
    }
    let refused = share(
        &app,
        COLLEAGUE,
        &label,
        "all@partner.test",
        "group",
        "deleter",
    )
    .await;
    assert!(texts(card_of(&refused)).contains("at most the Editor role"));
    assert_eq!(app.count("shares").await, 2);

    // Raising the outside share above the policy is refused on the share's form too.
    let id = app
        .scalar("SELECT id::text FROM shares WHERE grantee = 'bob@partner.test'")
        .await;
    let mut i = param("share_id", &id);
    i.form_inputs
        .insert("share_role".into(), vec!["manager".into()]);
    let (_, body) = app.invoke("/addon/shares/update", OWNER, i).await;
    assert!(
        texts(card_of(&body)).contains("at most the Editor role"),
        "{body}"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT role_rank::text FROM shares WHERE id = '{id}'"
        ))
        .await,
        "2"
    );

    // Another domain's admin sees none of these shares and revokes none of them.
    let (_, body) = app
        .invoke("/addon/admin/labels", OTHER_ADMIN, Interaction::default())
        .await;
    assert!(!texts(card_of(&body)).contains("Customers"));
    app.invoke(
        "/addon/admin/policies",
        OTHER_ADMIN,
        policies("never", "", "viewer", &[], "owner"),
    )
    .await;
    app.invoke(
        "/addon/admin/revoke",
        OTHER_ADMIN,
        confirmed(Interaction::default()),
    )
    .await;
    assert_eq!(app.count("shares").await, 2);
    // Never outside: the existing outside share is listed, not revoked, until the admin says so.
    app.invoke(
        "/addon/admin/policies",
        ADMIN,
        policies("never", "", "viewer", &[], "owner"),
    )
    .await;
    assert_eq!(
        app.count("shares").await,
        2,
        "a policy deletes nothing by itself"
    );
    let (_, body) = app
        .invoke("/addon/admin", ADMIN, Interaction::default())
        .await;
    let t = texts(card_of(&body));
    assert!(t.contains("bob@partner.test"), "{t}");
    assert!(
        !t.contains(&format!("{COLLEAGUE} (")),
        "inside shares are fine: {t}"
    );
    let (_, body) = app
        .invoke("/addon/admin/revoke", ADMIN, Interaction::default())
        .await;
    assert!(texts(card_of(&body)).contains("Revoke 1 share?"));
    assert_eq!(app.count("shares").await, 2, "asked first");
    app.invoke(
        "/addon/admin/revoke",
        ADMIN,
        confirmed(Interaction::default()),
    )
    .await;
    assert_eq!(app.count("shares").await, 1);
    assert_eq!(
        app.scalar("SELECT via || ' ' || subject FROM audit_log WHERE action = 'access_revoked'")
            .await,
        "admin_card bob@partner.test"
    );
}

#[tokio::test]
async fn a_refused_policy_value_comes_back_next_to_its_field() {
    let app = admin_app().await;
    let (_, body) = app
        .invoke(
            "/addon/admin/policies",
            ADMIN,
            policies("listed", "not a domain!", "editor", &[], "owner"),
        )
        .await;
    let t = texts(card_of(&body));
    assert!(t.contains("is not a domain"), "{t}");
    assert!(t.contains("not a domain!"), "typed value kept");
    assert_eq!(app.count("domain_policies").await, 0);
    assert_eq!(audit_count(&app, "policy_changed").await, 0);
}

#[tokio::test]
async fn feeds_can_be_switched_off_for_the_domain() {
    let app = admin_app().await;
    let label = label(&app).await;
    let (_, body) = app
        .invoke("/addon/feeds/open", OWNER, param("label_id", &label))
        .await;
    assert!(texts(card_of(&body)).contains("Capsule personal access token"));
    app.invoke(
        "/addon/admin/policies",
        ADMIN,
        policies("allowed", "", "manager", &["domain_shares"], "owner"),
    )
    .await;
    let (_, body) = app
        .invoke("/addon/feeds/open", OWNER, param("label_id", &label))
        .await;
    assert!(
        texts(card_of(&body)).contains("does not allow connecting CRM feeds"),
        "{body}"
    );
    let mut i = param("label_id", &label);
    i.form_inputs
        .insert("capsule_token".into(), vec!["x".repeat(40)]);
    let (_, body) = app.invoke("/addon/feeds/connect", OWNER, i).await;
    assert!(texts(card_of(&body)).contains("does not allow"), "{body}");
    assert_eq!(app.count("crm_feeds").await, 0);
}

#[tokio::test]
async fn the_audit_log_is_append_only_and_follows_its_actions() {
    let app = admin_app().await;
    let label = label(&app).await;
    app.invoke("/addon/labels/rename", OWNER, {
        let mut i = param("label_id", &label);
        i.form_inputs
            .insert("label_name".into(), vec!["Clients".into()]);
        i
    })
    .await;
    assert_eq!(audit_count(&app, "label_created").await, 1);
    assert_eq!(
        app.scalar("SELECT detail FROM audit_log WHERE action = 'label_renamed'")
            .await,
        "Customers → Clients"
    );
    // The same name again is no rename and leaves no entry.
    app.invoke("/addon/labels/create", OWNER, form("label_name", "Clients"))
        .await;
    assert_eq!(
        audit_count(&app, "label_created").await,
        1,
        "a refused creation has no entry"
    );

    let client = app.pool.get().await.unwrap();
    for sql in [
        "UPDATE audit_log SET actor_email = 'someone@else.test'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = client.batch_execute(sql).await.unwrap_err();
        let message = err.as_db_error().unwrap().message().to_owned();
        assert!(message.contains("append-only"), "{sql}: {message}");
    }
    // Retention removes old entries, and only those.
    client
        .batch_execute(
            "INSERT INTO audit_log (at, domain, actor_email, action, via)
             VALUES (now() - interval '500 days', 'sharebook.test', 'old@sharebook.test', 'label_created', 'side_panel')",
        )
        .await
        .unwrap();
    client
        .batch_execute(&format!(
            "INSERT INTO admin_links (token_hash, user_id, domain, filters, expires_at)
             SELECT '\\x00', id, 'sharebook.test', '{{}}', now() - interval '1 minute' FROM users WHERE email = '{OWNER}'"
        ))
        .await
        .unwrap();
    let removed = sharebook::retention::once(&app.pool, 400).await.unwrap();
    assert_eq!(removed, 1);
    assert_eq!(
        app.count("admin_links").await,
        0,
        "expired links are forgotten"
    );
    assert_eq!(audit_count(&app, "label_created").await, 1);
    let err = client
        .query_one("SELECT prune_audit_log(0)", &[])
        .await
        .unwrap_err();
    assert!(
        err.as_db_error()
            .unwrap()
            .message()
            .contains("at least one day")
    );
}

#[tokio::test]
async fn admins_filter_the_log_and_download_it_once() {
    let app = admin_app().await;
    let label = label(&app).await;
    share(&app, OWNER, &label, "=cmd@partner.test", "user", "viewer").await;
    share(&app, OWNER, &label, COLLEAGUE, "user", "viewer").await;
    let mut i = form("audit_user", "owner@");
    i.form_inputs
        .insert("audit_action".into(), vec!["share_added".into()]);
    let (_, body) = app.invoke("/addon/admin/audit", ADMIN, i.clone()).await;
    let t = texts(card_of(&body));
    assert!(t.contains(COLLEAGUE), "{t}");
    assert!(
        !t.contains("Label created · Customers"),
        "filtered by action: {t}"
    );
    let (_, body) = app
        .invoke("/addon/admin/audit", ADMIN, form("audit_from", "yesterday"))
        .await;
    assert!(texts(card_of(&body)).contains("is not a date"));

    // The other domain's admin sees none of it.
    let (_, body) = app
        .invoke("/addon/admin/audit", OTHER_ADMIN, Interaction::default())
        .await;
    assert!(texts(card_of(&body)).contains("Nothing matches"));

    let (_, body) = app.invoke("/addon/admin/audit/csv", ADMIN, i).await;
    let url = body
        .to_string()
        .split('"')
        .find(|s| s.contains("/admin/audit.csv?t="))
        .unwrap()
        .to_owned();
    let response = reqwest::get(&url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "time,actor,action,label,label id,subject,detail,via"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        csv.contains("'=cmd@partner.test"),
        "formulas defused: {csv}"
    );
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 404, "used once");
    assert_eq!(
        reqwest::get(&url.replace("?t=", "?t=x"))
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn offboarding_hands_over_every_label_and_revokes_access() {
    let app = admin_app().await;
    // The colleague owns two labels, one named like one of the owner's; the owner shares one of
    // theirs with the colleague.
    for name in ["Suppliers", "Customers"] {
        app.invoke("/addon/labels/create", COLLEAGUE, form("label_name", name))
            .await;
    }
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Customers"),
    )
    .await;
    let mine = app
        .scalar(&format!(
            "SELECT id::text FROM labels WHERE owner_id = (SELECT id FROM users WHERE email = '{OWNER}')"
        ))
        .await;
    share(&app, OWNER, &mine, COLLEAGUE, "user", "editor").await;
    let theirs = app
        .scalar("SELECT id::text FROM labels WHERE name = 'Suppliers'")
        .await;
    share(
        &app,
        COLLEAGUE,
        &theirs,
        "viewer@sharebook.test",
        "user",
        "viewer",
    )
    .await;
    app.directory.suspend_user(COLLEAGUE);

    let (_, body) = app
        .invoke("/addon/admin", ADMIN, Interaction::default())
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains(&format!(
            "{COLLEAGUE} owns labels but their account is suspended"
        )),
        "{t}"
    );
    let id = app
        .scalar(&format!(
            "SELECT id::text FROM users WHERE email = '{COLLEAGUE}'"
        ))
        .await;
    let (_, body) = app
        .invoke("/addon/admin/person", ADMIN, param("user_id", &id))
        .await;
    assert!(texts(card_of(&body)).contains("suspended"));

    // A recipient outside the domain, or unknown, is refused next to the field.
    let mut i = param("user_id", &id);
    i.form_inputs
        .insert("offboard_to".into(), vec!["x@elsewhere.test".into()]);
    let (_, body) = app.invoke("/addon/admin/offboard", ADMIN, i).await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("must be in sharebook.test") && t.contains("x@elsewhere.test"),
        "{t}"
    );

    let mut i = param("user_id", &id);
    i.form_inputs
        .insert("offboard_to".into(), vec![OWNER.into()]);
    let (_, body) = app.invoke("/addon/admin/offboard", ADMIN, i).await;
    assert_eq!(title(&body), "Offboard", "asked first: {body}");
    let mut i = param("user_id", &id);
    i.parameters.insert("offboard_to".into(), OWNER.into());
    let (status, body) = app
        .invoke("/addon/admin/offboard", ADMIN, confirmed(i))
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.to_string().contains("2 labels handed to"), "{body}");

    // Nobody is left without an owner; the colleague keeps nothing.
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*)::text FROM labels l JOIN users u ON u.id = l.owner_id WHERE u.email = '{COLLEAGUE}'"
        ))
        .await,
        "0"
    );
    assert_eq!(
        app.scalar("SELECT string_agg(name, ', ' ORDER BY name) FROM labels")
            .await,
        "Customers, Customers (from colleague@sharebook.test), Suppliers"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT count(*)::text FROM label_access a JOIN users u ON u.id = a.user_id WHERE u.email = '{COLLEAGUE}'"
        ))
        .await,
        "0",
        "no label reaches them any more"
    );
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM shares WHERE grantee = 'viewer@sharebook.test'")
            .await,
        "1",
        "their shares to others stay with the label"
    );
    assert_eq!(audit_count(&app, "ownership_transferred").await, 2);
    assert_eq!(audit_count(&app, "access_revoked").await, 1);
    assert_eq!(audit_count(&app, "user_offboarded").await, 1);
}

#[tokio::test]
async fn a_domain_guard_holds_deletions_for_its_admins() {
    let app = admin_app().await;
    let (label, _) = shared_label(&app).await;
    for n in 10..14 {
        add_contact(&app, &label, n).await;
    }
    // Seven contacts: the default guard (at least ten) would let five deletions through; this
    // domain holds from three, and its admins decide.
    app.invoke("/addon/admin/policies", ADMIN, {
        let mut i = policies(
            "allowed",
            "",
            "manager",
            &["domain_shares", "feeds"],
            "admins",
        );
        i.form_inputs
            .insert("policy_guard_at_least".into(), vec!["3".into()]);
        i
    })
    .await;
    let deleter = "deleter@sharebook.test";
    app.home(deleter).await;
    crate::sync::share(&app, &label, deleter, "user", "deleter").await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let people = &app.stand_ins.people;
    let theirs: Vec<String> = people
        .snapshot(deleter)
        .people
        .iter()
        .filter(|p| is_ours(p))
        .map(|p| p["resourceName"].as_str().unwrap().to_owned())
        .take(5)
        .collect();
    for r in &theirs {
        assert!(people.delete_as_user(deleter, r));
    }
    until(&app, "SELECT count(*)::text FROM held_deletions", "1").await;
    assert_eq!(
        app.scalar("SELECT via || ' ' || detail FROM audit_log WHERE action = 'deletions_held'")
            .await,
        "google_contacts 5 contacts"
    );
    let held = app.scalar("SELECT id::text FROM held_deletions").await;
    let review = |decision: &str| {
        let mut i = param("held_id", &held);
        i.parameters.insert("decision".into(), decision.into());
        i
    };
    // The owner is told their admins decide, and cannot settle it; nor can another domain's admin.
    let (_, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &label))
        .await;
    assert!(texts(card_of(&body)).contains("Your administrator reviews held deletions"));
    let (_, body) = app
        .invoke("/addon/labels/held", OWNER, review("approve"))
        .await;
    assert_eq!(title(&body), "Not available");
    let (_, body) = app
        .invoke("/addon/admin/held", OTHER_ADMIN, review("approve"))
        .await;
    assert_eq!(title(&body), "Not available");
    assert_eq!(app.count("held_deletions").await, 1);

    let (_, body) = app
        .invoke("/addon/admin", ADMIN, Interaction::default())
        .await;
    assert!(
        texts(card_of(&body))
            .contains("5 deletions made in Google Contacts by deleter@sharebook.test")
    );
    let (_, body) = app
        .invoke("/addon/admin/held", ADMIN, review("approve"))
        .await;
    assert!(body.to_string().contains("Deleted"), "{body}");
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contacts WHERE deleted_at IS NOT NULL")
            .await,
        "5"
    );
    assert_eq!(
        app.scalar(
            "SELECT actor_email || ' ' || via FROM audit_log WHERE action = 'held_approved'"
        )
        .await,
        format!("{ADMIN} admin_card")
    );
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM audit_log WHERE action = 'contact_deleted' AND via = 'google_contacts'")
            .await,
        "5"
    );
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;
    worker.abort();
}

#[tokio::test]
async fn offboarding_leaves_nothing_in_the_departed_users_google_contacts() {
    let app = admin_app().await;
    let (label, _) = shared_label(&app).await;
    // The editor also reaches the label through a domain share, and owns a label of their own.
    crate::sync::share(&app, &label, "sharebook.test", "domain", "viewer").await;
    app.invoke(
        "/addon/labels/create",
        EDITOR,
        form("label_name", "Suppliers"),
    )
    .await;
    let theirs = app
        .scalar("SELECT id::text FROM labels WHERE name = 'Suppliers'")
        .await;
    let (_, body) = app
        .invoke(
            "/addon/contacts/create",
            EDITOR,
            contact_form(
                param("label_id", &theirs),
                &[("name", "Sam Supplier"), ("emails", "sam@supplier.test")],
            ),
        )
        .await;
    assert_eq!(title(&body), "Sam Supplier", "{body}");
    share(&app, EDITOR, &theirs, VIEWER, "user", "viewer").await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    assert_eq!(
        google_side(&app, EDITOR).len(),
        2,
        "both labels reached the editor"
    );

    let id = app
        .scalar(&format!(
            "SELECT id::text FROM users WHERE email = '{EDITOR}'"
        ))
        .await;
    let mut i = param("user_id", &id);
    i.parameters.insert("offboard_to".into(), OWNER.into());
    let (status, body) = app
        .invoke("/addon/admin/offboard", ADMIN, confirmed(i))
        .await;
    assert_eq!(status, 200, "{body}");
    settle(&app).await;
    let left = google_side(&app, EDITOR);
    assert!(left.is_empty(), "nothing of ours left: {left:?}");
    assert!(
        !app.stand_ins
            .people
            .snapshot(EDITOR)
            .people
            .iter()
            .any(is_ours),
        "no copy of ours left"
    );
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM labels l JOIN users u ON u.id = l.owner_id WHERE u.email = 'editor@sharebook.test'")
            .await,
        "0",
        "no label left without an owner who can use it"
    );
    assert_in_step(&app, &[OWNER, VIEWER, GROUPIE]).await;
    worker.abort();
}
