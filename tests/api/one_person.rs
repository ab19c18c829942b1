//! One Google contact per person: a person in several labels a member sees is one contact in
//! their Google Contacts, in each label's group, merged; it leaves with the last label holding
//! it; an edit made to it reaches each label as the member's role there allows; and members who
//! had two copies from before get one, without a moment where the person is missing.

use serde_json::{Value, json};

use crate::helpers::{OWNER, TestApp, confirmed, param, spawn_app};
use crate::sync::{
    EDITOR, VIEWER, assert_in_step, contact_form, create_label, google_side, hide, is_ours, marker,
    settle, share, sync_config,
};
use crate::two_way::until;

async fn add(app: &TestApp, label: &str, fields: &[(&str, &str)]) -> String {
    let (_, body) = app
        .invoke(
            "/addon/contacts/create",
            OWNER,
            contact_form(param("label_id", label), fields),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Contact added",
        "{body}"
    );
    app.scalar("SELECT id::text FROM contacts ORDER BY created_at DESC, id LIMIT 1")
        .await
}

/// `email`'s Google contacts made by Sharebook.
fn ours(app: &TestApp, email: &str) -> Vec<Value> {
    app.stand_ins
        .people
        .snapshot(email)
        .people
        .into_iter()
        .filter(is_ours)
        .collect()
}

fn groups_of(p: &Value) -> Vec<String> {
    p["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["contactGroupMembership"]["contactGroupResourceName"].as_str())
        .map(str::to_owned)
        .collect()
}

fn values(p: &Value, field: &str) -> Vec<String> {
    p[field]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v["value"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn is_ada(p: &Value) -> bool {
    values(p, "emailAddresses")
        .iter()
        .any(|e| e.eq_ignore_ascii_case("ada@engines.test"))
}

/// Two labels holding Ada: "Clients" (shared first) and "Suppliers", with Bob in Suppliers only.
async fn two_labels(app: &TestApp, clients_role: &str) -> (String, String, String, String) {
    for email in [OWNER, EDITOR, VIEWER] {
        app.home(email).await;
    }
    let clients = create_label(app, "Clients").await;
    let suppliers = create_label(app, "Suppliers").await;
    let in_clients = add(
        app,
        &clients,
        &[
            ("name", "Ada L."),
            ("emails", "ada@engines.test"),
            ("phones", "+44 20 7946 0001"),
            ("organization", "Analytical"),
        ],
    )
    .await;
    let in_suppliers = add(
        app,
        &suppliers,
        &[
            ("name", "Ada Lovelace"),
            ("emails", "ADA@engines.test\nada@home.test"),
            ("phones", "+44 (20) 7946-0001\n+44 20 7946 0002"),
            ("notes", "Supplies punch cards"),
        ],
    )
    .await;
    add(
        app,
        &suppliers,
        &[("name", "Bob Babbage"), ("emails", "bob@engines.test")],
    )
    .await;
    share(app, &clients, EDITOR, "user", clients_role).await;
    share(app, &suppliers, EDITOR, "user", "viewer").await;
    (clients, suppliers, in_clients, in_suppliers)
}

#[tokio::test]
async fn a_person_in_two_labels_is_one_google_contact_until_the_last_label_lets_go() {
    let app = spawn_app().await;
    let (clients, suppliers, _, in_suppliers) = two_labels(&app, "editor").await;
    // The viewer sees Suppliers without its phone numbers, and Clients in full.
    share(&app, &clients, VIEWER, "user", "viewer").await;
    share(&app, &suppliers, VIEWER, "user", "viewer").await;
    hide(&app, &suppliers, VIEWER, &["phones"]).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER]).await;

    let people = ours(&app, EDITOR);
    assert_eq!(people.len(), 2, "Ada once, Bob once: {people:?}");
    let ada = people.iter().find(|p| is_ada(p)).unwrap();
    assert_eq!(groups_of(ada).len(), 3, "both our groups and My Contacts");
    assert_eq!(
        ada["names"][0]["unstructuredName"], "Ada L.",
        "single values come from the label shared first"
    );
    assert_eq!(
        values(ada, "emailAddresses"),
        ["ada@engines.test", "ada@home.test"]
    );
    assert_eq!(
        values(ada, "phoneNumbers"),
        ["+44 20 7946 0001", "+44 20 7946 0002"]
    );
    assert_eq!(ada["biographies"][0]["value"], "Supplies punch cards");
    let marked = marker(ada, "sharebook.contact").unwrap();
    assert_eq!(
        marked.split(' ').count(),
        2,
        "the marker names both contacts"
    );
    // A field hidden in one label is not shown through the other: the viewer gets the phone
    // number Clients shows, not the one only Suppliers has.
    let viewer_ada: Vec<Value> = ours(&app, VIEWER).into_iter().filter(is_ada).collect();
    assert_eq!(viewer_ada.len(), 1);
    assert_eq!(values(&viewer_ada[0], "phoneNumbers"), ["+44 20 7946 0001"]);

    // Ada leaves Suppliers: the editor keeps her, out of its group and without its values.
    app.invoke(
        "/addon/contacts/delete",
        OWNER,
        param("contact_id", &in_suppliers),
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER]).await;
    let people = ours(&app, EDITOR);
    assert_eq!(people.len(), 2);
    let ada = people.iter().find(|p| is_ada(p)).unwrap();
    assert_eq!(values(ada, "emailAddresses"), ["ada@engines.test"]);
    assert_eq!(groups_of(ada).len(), 2, "Clients and My Contacts");

    // Back in Suppliers, then Clients is revoked: the one contact stays, for Suppliers.
    app.invoke(
        "/addon/contacts/restore",
        OWNER,
        param("contact_id", &in_suppliers),
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER]).await;
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{EDITOR}' AND label_id = '{clients}'"
        ))
        .await;
    app.invoke(
        "/addon/shares/revoke",
        OWNER,
        confirmed(param("share_id", &share_id)),
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER]).await;
    let people = ours(&app, EDITOR);
    assert_eq!(people.len(), 2);
    let ada = people.iter().find(|p| is_ada(p)).unwrap();
    assert_eq!(ada["names"][0]["unstructuredName"], "Ada Lovelace");

    // Suppliers revoked too: nothing of ours is left.
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{EDITOR}' AND label_id = '{suppliers}'"
        ))
        .await;
    app.invoke(
        "/addon/shares/revoke",
        OWNER,
        confirmed(param("share_id", &share_id)),
    )
    .await;
    settle(&app).await;
    assert!(google_side(&app, EDITOR).is_empty());
    assert_eq!(app.stand_ins.people.snapshot(EDITOR).people.len(), 0);
    worker.abort();
}

#[tokio::test]
async fn an_edit_of_the_merged_contact_reaches_each_label_as_the_role_allows() {
    let app = spawn_app().await;
    let (_, _, in_clients, in_suppliers) = two_labels(&app, "deleter").await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    let ada = ours(&app, EDITOR).into_iter().find(is_ada).unwrap();
    let resource = ada["resourceName"].as_str().unwrap().to_owned();

    // The editor, a deleter in Clients and a viewer in Suppliers, renames Ada, drops her home
    // address and adds a phone number on their phone.
    assert!(app.stand_ins.people.edit_as_user(EDITOR, &resource, |p| {
        p["names"] = json!([{ "unstructuredName": "Ada King" }]);
        p["emailAddresses"] = json!([{ "value": "ada@engines.test" }]);
        p["phoneNumbers"] = json!([
            { "value": "+44 20 7946 0001" }, { "value": "+44 20 7946 0002" }, { "value": "+39 06 1234 5678" }
        ]);
    }));
    until(
        &app,
        &format!("SELECT name FROM contacts WHERE id = '{in_clients}'"),
        "Ada King",
    )
    .await;
    settle(&app).await;
    let clients_phones = app
        .scalar(&format!(
            "SELECT array_to_string(phones, ',') FROM contacts WHERE id = '{in_clients}'"
        ))
        .await;
    assert_eq!(clients_phones, "+44 20 7946 0001,+39 06 1234 5678");
    // Suppliers is not theirs to change: it keeps its values, and they come back.
    assert_eq!(
        app.scalar(&format!(
            "SELECT name || ' ' || array_to_string(emails, ',') FROM contacts WHERE id = '{in_suppliers}'"
        ))
        .await,
        "Ada Lovelace ADA@engines.test,ada@home.test"
    );
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    let now = ours(&app, EDITOR);
    let ada = now
        .iter()
        .find(|p| p["resourceName"] == resource.as_str())
        .unwrap_or_else(|| panic!("{resource} gone: {now:#?}"))
        .clone();
    assert_eq!(ada["names"][0]["unstructuredName"], "Ada King");
    assert!(values(&ada, "emailAddresses").contains(&"ada@home.test".to_owned()));

    // They delete her: deleted in Clients, where they may; put back for Suppliers.
    assert!(app.stand_ins.people.delete_as_user(EDITOR, &resource));
    until(
        &app,
        &format!("SELECT (deleted_at IS NOT NULL)::text FROM contacts WHERE id = '{in_clients}'"),
        "true",
    )
    .await;
    settle(&app).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT (deleted_at IS NULL)::text FROM contacts WHERE id = '{in_suppliers}'"
        ))
        .await,
        "true"
    );
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    worker.abort();
}

/// The editor synced with two Google contacts of Ada, as before one contact per person: Suppliers'
/// Ada with an address of her own; her contacts in Clients and Suppliers. No worker runs after.
async fn two_copies(app: &TestApp) -> (String, String) {
    let (_, _, in_clients, in_suppliers) = two_labels(app, "editor").await;
    app.pool
        .get()
        .await
        .unwrap()
        .batch_execute(&format!(
            "UPDATE contacts SET emails = '{{ada@elsewhere.test}}', email_keys = '{{ada@elsewhere.test}}'
             WHERE id = '{in_suppliers}'"
        ))
        .await
        .unwrap();
    let worker = app.start_worker(&sync_config());
    settle(app).await;
    worker.abort();
    assert_eq!(ours(app, EDITOR).len(), 3, "two Adas and Bob");
    (in_clients, in_suppliers)
}

#[tokio::test]
async fn two_copies_from_before_become_one_without_the_person_missing() {
    let app = spawn_app().await;
    let (_, in_suppliers) = two_copies(&app).await;
    // Her address is set as it is in Clients without telling the sync, as if the copies came
    // from before; then the migration's whole-label pass runs.
    let client = app.pool.get().await.unwrap();
    client
        .batch_execute(&format!(
            "SET session_replication_role = replica;
             UPDATE contacts SET emails = '{{ada@engines.test}}', email_keys = '{{ada@engines.test}}'
             WHERE id = '{in_suppliers}';
             SET session_replication_role = DEFAULT;
             INSERT INTO sync_outbox (label_id) SELECT id FROM labels;"
        ))
        .await
        .unwrap();
    drop(client);
    let before = app.stand_ins.people.calls(EDITOR).len();
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    let people = ours(&app, EDITOR);
    assert_eq!(people.len(), 2, "one Ada, one Bob: {people:?}");
    // The kept contact was put in both groups before the other was deleted.
    let calls: Vec<&'static str> = app.stand_ins.people.calls(EDITOR)[before..]
        .iter()
        .filter(|c| c.status == 200)
        .map(|c| c.method)
        .collect();
    let regrouped = calls
        .iter()
        .position(|m| m.contains("pdateContact"))
        .expect("the kept contact rewritten");
    let deleted = calls
        .iter()
        .position(|m| m.contains("elete"))
        .expect("the other deleted");
    assert!(regrouped < deleted, "{calls:?}");
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM sync_discards").await,
        "0"
    );
    worker.abort();
}

#[tokio::test]
async fn a_merge_stopped_half_way_is_finished_by_the_next_run() {
    let app = spawn_app().await;
    let (in_clients, in_suppliers) = two_copies(&app).await;
    // The run stopped right after recording the merge: Suppliers' Ada already points at the kept
    // Google contact, which holds nothing of her yet, and her old one waits to be deleted.
    let client = app.pool.get().await.unwrap();
    client
        .batch_execute(&format!(
            "SET session_replication_role = replica;
             UPDATE contacts SET emails = '{{ada@engines.test}}', email_keys = '{{ada@engines.test}}'
             WHERE id = '{in_suppliers}';
             SET session_replication_role = DEFAULT;
             INSERT INTO sync_discards (user_id, resource_name, keeper)
             SELECT s.user_id, s.resource_name, k.resource_name
             FROM sync_contacts s JOIN users u ON u.id = s.user_id
             JOIN sync_contacts k ON k.user_id = s.user_id AND k.contact_id = '{in_clients}'
             WHERE u.email = '{EDITOR}' AND s.contact_id = '{in_suppliers}';
             UPDATE sync_contacts s SET resource_name = d.keeper, etag = NULL, digest = NULL,
                    written = NULL, google_updated = NULL
             FROM sync_discards d WHERE d.user_id = s.user_id AND d.resource_name = s.resource_name;
             INSERT INTO sync_outbox (label_id) SELECT id FROM labels;"
        ))
        .await
        .unwrap();
    drop(client);
    assert_eq!(ours(&app, EDITOR).len(), 3, "nobody is missing meanwhile");
    let worker = app.start_worker(&sync_config());
    until(&app, "SELECT count(*)::text FROM sync_discards", "0").await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    assert_eq!(ours(&app, EDITOR).len(), 2, "one Ada, one Bob");
    worker.abort();
}

#[tokio::test]
async fn an_address_hidden_from_the_member_never_makes_two_contacts_one() {
    let app = spawn_app().await;
    let (clients, suppliers, _, _) = two_labels(&app, "editor").await;
    share(&app, &clients, VIEWER, "user", "viewer").await;
    share(&app, &suppliers, VIEWER, "user", "viewer").await;
    hide(&app, &suppliers, VIEWER, &["emails"]).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER]).await;
    assert_eq!(ours(&app, EDITOR).len(), 2, "one Ada, one Bob");
    // Suppliers' Ada has no address the viewer may see, and phone numbers join only contacts
    // without one: two Adas, as the side panel shows them.
    assert_eq!(ours(&app, VIEWER).len(), 3);
    worker.abort();
}
