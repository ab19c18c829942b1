//! Google Contacts both ways: what members change in their Google copies (through the People API
//! stand-in, as they would on the web or their phone) is taken in or put back by role, and the
//! checker still finds every member's Google Contacts in step with what Sharebook shows them.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{OWNER, TestApp, card_of, param, spawn_app, texts};
use crate::sync::{
    EDITOR, EVERYONE, VIEWER, add_contact, assert_in_step, edit, google_side, is_ours, marker,
    settle, share, shared_label, sync_config,
};

/// Our copy of `contact` in `email`'s Google Contacts: its resource name.
fn copy_of(app: &TestApp, email: &str, contact: &str) -> String {
    app.stand_ins
        .people
        .snapshot(email)
        .people
        .into_iter()
        .find(|p| marker(p, "sharebook.contact").as_deref() == Some(contact))
        .and_then(|p| p["resourceName"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("{email} has no copy of {contact}"))
}

/// Our group in `email`'s Google Contacts (the fixture has one label).
fn our_group(app: &TestApp, email: &str) -> Value {
    app.stand_ins
        .people
        .snapshot(email)
        .groups
        .into_iter()
        .find(is_ours)
        .unwrap_or_else(|| panic!("{email} has no group of ours"))
}

fn person(app: &TestApp, email: &str, resource: &str) -> Option<Value> {
    app.stand_ins
        .people
        .snapshot(email)
        .people
        .into_iter()
        .find(|p| p["resourceName"] == resource)
}

/// Waits until `sql` (one text column) answers `want`.
pub(crate) async fn until(app: &TestApp, sql: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = app.scalar(sql).await;
        if got == want {
            return;
        }
        if Instant::now() >= deadline {
            let why = app
                .scalar(
                    "SELECT coalesce(string_agg(coalesce(last_error, '-'), '; '), 'none') FROM sync_members",
                )
                .await;
            panic!("{sql} answered {got:?}, not {want:?} (sync errors: {why})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Lets every member be read at least twice more, then waits for the sync to settle.
async fn read_twice(app: &TestApp) {
    let reads = app
        .scalar("SELECT coalesce(max(last_read_at), now())::text FROM sync_members")
        .await;
    for _ in 0..2 {
        until(
            app,
            &format!(
                "SELECT (count(*) FILTER (WHERE last_read_at IS NULL OR last_read_at <= '{reads}'))::text
                 FROM sync_members m WHERE EXISTS (SELECT 1 FROM sync_groups g WHERE g.user_id = m.user_id)"
            ),
            "0",
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    settle(app).await;
}

fn set_phone(p: &mut Value, phone: &str) {
    p["phoneNumbers"] = json!([{ "value": phone }]);
}

async fn history(app: &TestApp, contact: &str) -> Vec<(String, String, Option<String>)> {
    let client = app.pool.get().await.unwrap();
    client
        .query(
            "SELECT h.action, u.email, h.via FROM contact_history h JOIN users u ON u.id = h.changed_by
             WHERE h.contact_id = $1::text::uuid ORDER BY h.id",
            &[&contact],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[tokio::test]
async fn an_editors_edit_reaches_everyone_and_a_viewers_is_put_back() {
    let app = spawn_app().await;
    let (_, ids) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let people = &app.stand_ins.people;

    let copy = copy_of(&app, EDITOR, &ids[0]);
    assert!(people.edit_as_user(EDITOR, &copy, |p| set_phone(p, "+44 20 7946 9999")));
    until(
        &app,
        &format!("SELECT phones[1] FROM contacts WHERE id = '{}'", ids[0]),
        "+44 20 7946 9999",
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    let h = history(&app, &ids[0]).await;
    assert_eq!(
        h.last().unwrap(),
        &("edit".into(), EDITOR.into(), Some("google".into())),
        "kept in history as changed in Google Contacts by the editor"
    );

    // The viewer's edit changes nothing in Sharebook and is undone in their copy.
    let copy = copy_of(&app, VIEWER, &ids[1]);
    assert!(people.edit_as_user(VIEWER, &copy, |p| set_phone(p, "+1 000")));
    read_twice(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    let phone = app
        .scalar(&format!(
            "SELECT phones[1] FROM contacts WHERE id = '{}'",
            ids[1]
        ))
        .await;
    assert_ne!(phone, "+1 000");
    assert!(
        history(&app, &ids[1])
            .await
            .iter()
            .all(|(_, by, _)| by != VIEWER)
    );
    worker.abort();
}

#[tokio::test]
async fn a_hidden_field_is_never_taken_in_and_our_own_writes_never_come_back() {
    let app = spawn_app().await;
    let (label, ids) = shared_label(&app).await;
    // The editor may edit but not see notes.
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{EDITOR}'"
        ))
        .await;
    let mut i = param("share_id", &share_id);
    i.form_inputs
        .insert("share_role".into(), vec!["editor".into()]);
    i.form_inputs
        .insert("hidden_fields".into(), vec!["notes".into()]);
    app.invoke("/addon/shares/update", OWNER, i).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    read_twice(&app).await;

    // No echo: reads of our own writes leave no history and cause no writes.
    let history_rows = app
        .scalar("SELECT count(*)::text FROM contact_history")
        .await;
    let writes: Vec<usize> = EVERYONE
        .iter()
        .map(|e| app.stand_ins.people.write_calls(e))
        .collect();
    edit(&app, OWNER, &ids[2], &[("title", "Buyer")]).await;
    read_twice(&app).await;
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contact_history")
            .await,
        (history_rows.parse::<i64>().unwrap() + 1).to_string(),
        "one edit, one history entry: nothing came back as a member's edit"
    );
    for (email, before) in EVERYONE.iter().zip(writes) {
        assert_eq!(
            app.stand_ins.people.write_calls(email),
            before + 1,
            "{email}: one edit, one write, no loop"
        );
    }

    let people = &app.stand_ins.people;
    let copy = copy_of(&app, EDITOR, &ids[0]);
    assert!(people.edit_as_user(EDITOR, &copy, |p| {
        set_phone(p, "+44 1");
        p["biographies"] = json!([{ "value": "typed where hidden", "contentType": "TEXT_PLAIN" }]);
    }));
    until(
        &app,
        &format!("SELECT phones[1] FROM contacts WHERE id = '{}'", ids[0]),
        "+44 1",
    )
    .await;
    read_twice(&app).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT notes FROM contacts WHERE id = '{}'",
            ids[0]
        ))
        .await,
        "Met at the fair"
    );
    let theirs = person(&app, EDITOR, &copy).unwrap();
    assert!(
        theirs.get("biographies").is_none_or(|b| b == &json!([])),
        "{theirs}"
    );
    assert_in_step(&app, &EVERYONE).await;
    let _ = label;
    worker.abort();
}

#[tokio::test]
async fn deletions_and_additions_follow_the_roles() {
    let app = spawn_app().await;
    let (label, ids) = shared_label(&app).await;
    let deleter = "deleter@sharebook.test";
    app.home(deleter).await;
    share(&app, &label, deleter, "user", "deleter").await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let people = &app.stand_ins.people;

    // An editor's deletion is put back.
    let copy = copy_of(&app, EDITOR, &ids[0]);
    assert!(people.delete_as_user(EDITOR, &copy));
    read_twice(&app).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT (deleted_at IS NULL)::text FROM contacts WHERE id = '{}'",
            ids[0]
        ))
        .await,
        "true"
    );
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;

    // A deleter's deletion is a soft delete for everyone, undoable.
    let copy = copy_of(&app, deleter, &ids[1]);
    assert!(people.delete_as_user(deleter, &copy));
    until(
        &app,
        &format!(
            "SELECT (deleted_at IS NOT NULL)::text FROM contacts WHERE id = '{}'",
            ids[1]
        ),
        "true",
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;
    assert_eq!(
        history(&app, &ids[1]).await.last().unwrap(),
        &("delete".into(), deleter.into(), Some("google".into()))
    );

    // Taken out of our group by the deleter: deleted as well.
    let copy = copy_of(&app, deleter, &ids[2]);
    let group = our_group(&app, deleter)["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(people.set_group_as_user(deleter, &copy, &group, false));
    until(
        &app,
        &format!(
            "SELECT (deleted_at IS NOT NULL)::text FROM contacts WHERE id = '{}'",
            ids[2]
        ),
        "true",
    )
    .await;

    // An editor's own contact put into our group joins the label.
    let editor_group = our_group(&app, EDITOR)["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    people
        .create_as_user(
            EDITOR,
            &json!({
                "names": [{ "unstructuredName": "Grace Hopper" }],
                "emailAddresses": [{ "value": "grace@navy.test" }],
                "memberships": [{ "contactGroupMembership": { "contactGroupResourceName": editor_group } }],
            }),
        )
        .unwrap();
    until(
        &app,
        "SELECT count(*)::text FROM contacts WHERE name = 'Grace Hopper' AND deleted_at IS NULL",
        "1",
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;

    // A viewer's is taken out of our group and left in their contacts, untouched otherwise.
    let viewer_group = our_group(&app, VIEWER)["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    let mine = people
        .create_as_user(
            VIEWER,
            &json!({
                "names": [{ "unstructuredName": "My Plumber" }],
                "memberships": [
                    { "contactGroupMembership": { "contactGroupResourceName": viewer_group } },
                    { "contactGroupMembership": { "contactGroupResourceName": "contactGroups/myContacts" } },
                ],
            }),
        )
        .unwrap();
    read_twice(&app).await;
    let plumber = person(&app, VIEWER, &mine).expect("left in their contacts");
    assert!(!plumber.to_string().contains(&viewer_group), "{plumber}");
    assert!(marker(&plumber, "sharebook.contact").is_none());
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contacts WHERE name = 'My Plumber'")
            .await,
        "0"
    );
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;
    worker.abort();
}

#[tokio::test]
async fn a_mass_deletion_is_held_for_the_owner_and_put_back() {
    let app = spawn_app().await;
    let (label, _) = shared_label(&app).await;
    for n in 10..40 {
        add_contact(&app, &label, n).await;
    }
    let deleter = "deleter@sharebook.test";
    app.home(deleter).await;
    share(&app, &label, deleter, "user", "deleter").await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let people = &app.stand_ins.people;
    // A phone reset empties the deleter's copy of the label: 33 contacts at once.
    let theirs: Vec<String> = people
        .snapshot(deleter)
        .people
        .iter()
        .filter(|p| is_ours(p))
        .map(|p| p["resourceName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(theirs.len(), 33);
    for r in &theirs {
        assert!(people.delete_as_user(deleter, r));
    }
    until(&app, "SELECT count(*)::text FROM held_deletions", "1").await;
    read_twice(&app).await;
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contacts WHERE deleted_at IS NOT NULL")
            .await,
        "0",
        "nothing deleted"
    );
    assert_eq!(
        app.scalar("SELECT cardinality(contact_ids)::text FROM held_deletions")
            .await,
        "33"
    );
    // Put back in the deleter's Google Contacts.
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;
    let (_, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &label))
        .await;
    assert!(
        texts(card_of(&body)).contains("33 deletions"),
        "the owner sees the held change: {body}"
    );
    // Only the owner may settle it: anyone else who knows its id learns nothing.
    let held = app.scalar("SELECT id::text FROM held_deletions").await;
    let review = |decision: &str| {
        let mut i = param("held_id", &held);
        i.parameters.insert("decision".into(), decision.into());
        i
    };
    for who in [deleter, EDITOR, VIEWER, "stranger@sharebook.test"] {
        let (_, body) = app
            .invoke("/addon/labels/held", who, review("approve"))
            .await;
        assert_eq!(
            card_of(&body)["header"]["title"],
            "Not available",
            "{who}: {body}"
        );
        let (_, body) = app
            .invoke("/addon/labels/open", who, param("label_id", &label))
            .await;
        assert!(
            !texts(card_of(&body)).contains("deletions made"),
            "{who} sees no held change"
        );
    }
    let (_, body) = app
        .invoke("/addon/labels/held", OWNER, review("approve"))
        .await;
    assert!(texts(&body).contains("Deleted"), "{body}");
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contacts WHERE deleted_at IS NOT NULL")
            .await,
        "33"
    );
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR, VIEWER, deleter]).await;
    worker.abort();
}

#[tokio::test]
async fn group_renames_and_deletions_follow_the_roles() {
    let app = spawn_app().await;
    let (label, _) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let people = &app.stand_ins.people;

    // The editor renames our group: the name is put back.
    let group = our_group(&app, EDITOR)["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(people.rename_group_as_user(EDITOR, &group, "Mine now"));
    read_twice(&app).await;
    assert_eq!(our_group(&app, EDITOR)["name"], "Customers");
    assert_eq!(
        app.scalar(&format!("SELECT name FROM labels WHERE id = '{label}'"))
            .await,
        "Customers"
    );

    // The owner renames it: the label is renamed, for everyone.
    let group = our_group(&app, OWNER)["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(people.rename_group_as_user(OWNER, &group, "Key accounts"));
    until(
        &app,
        &format!("SELECT name FROM labels WHERE id = '{label}'"),
        "Key accounts",
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    assert_eq!(our_group(&app, VIEWER)["name"], "Key accounts");

    // The editor deletes our group: their sync of the label stops, and nothing else changes.
    let group = our_group(&app, EDITOR)["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = app
        .scalar("SELECT count(*)::text FROM contacts WHERE deleted_at IS NULL")
        .await;
    assert!(people.delete_group_as_user(EDITOR, &group));
    until(
        &app,
        "SELECT count(*)::text FROM sync_opt_outs WHERE reason = 'group_deleted'",
        "1",
    )
    .await;
    settle(&app).await;
    assert!(google_side(&app, EDITOR).is_empty());
    assert_eq!(
        app.scalar("SELECT count(*)::text FROM contacts WHERE deleted_at IS NULL")
            .await,
        live
    );
    assert_in_step(&app, &EVERYONE).await;
    let (_, body) = app
        .invoke("/addon/labels/open", EDITOR, param("label_id", &label))
        .await;
    let shown = texts(card_of(&body));
    assert!(
        shown.contains("You deleted this label in Google Contacts"),
        "{body}"
    );
    let mut on = param("label_id", &label);
    on.parameters.insert("sync".into(), "on".into());
    app.invoke("/addon/labels/sync", EDITOR, on).await;
    settle(&app).await;
    assert_eq!(google_side(&app, EDITOR).len(), 1);
    assert_in_step(&app, &EVERYONE).await;
    worker.abort();
}

#[tokio::test]
async fn a_clash_keeps_the_side_panel_value_and_the_members_in_history() {
    let app = spawn_app().await;
    let (_, ids) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    worker.abort();
    // While no worker runs, the editor changes the phone on their phone, and the owner changes
    // it in the side panel.
    let copy = copy_of(&app, EDITOR, &ids[0]);
    assert!(
        app.stand_ins
            .people
            .edit_as_user(EDITOR, &copy, |p| set_phone(p, "+33 1 00 00 00 00"))
    );
    edit(&app, OWNER, &ids[0], &[("phones", "+44 20 0000 0000")]).await;
    let worker = app.start_worker(&sync_config());
    read_twice(&app).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT phones[1] FROM contacts WHERE id = '{}'",
            ids[0]
        ))
        .await,
        "+44 20 0000 0000",
        "the side-panel value stands"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT changes->'phones'->>'new' FROM contact_history
             WHERE contact_id = '{}' AND action = 'clash'",
            ids[0]
        ))
        .await,
        "+33 1 00 00 00 00",
        "the member's value is kept in history"
    );
    let (_, body) = app
        .invoke("/addon/contacts/open", OWNER, param("contact_id", &ids[0]))
        .await;
    assert!(
        texts(card_of(&body)).contains("+33 1 00 00 00 00"),
        "the contact card shows the clash: {body}"
    );
    assert_in_step(&app, &EVERYONE).await;
    worker.abort();
}

#[tokio::test]
async fn lagging_reads_expired_tokens_and_killed_workers_apply_each_change_once() {
    let app = spawn_app().await;
    let (_, ids) = shared_label(&app).await;
    let people = &app.stand_ins.people;
    for email in EVERYONE {
        people.set_sync_lag(email, Duration::from_millis(700));
    }
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    read_twice(&app).await;
    let copy = copy_of(&app, EDITOR, &ids[1]);
    assert!(people.edit_as_user(EDITOR, &copy, |p| {
        p["organizations"] = json!([{ "name": "Analytical Engines", "title": "" }]);
    }));
    // Workers killed while reading and applying; 503s and 429s in the reads.
    worker.abort();
    for email in EVERYONE {
        people.inject_for(email, sharebook_dev::sandbox::people::Fault::Status(503));
        people.inject_for(email, sharebook_dev::sandbox::people::Fault::Status(429));
    }
    for round in 0..5 {
        let w = app.start_worker(&sync_config());
        tokio::time::sleep(Duration::from_millis(150 + 120 * round)).await;
        w.abort();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for email in EVERYONE {
        people.expire_sync_tokens(email);
    }
    // Two workers at once from here on.
    let a = app.start_worker(&sync_config());
    let b = app.start_worker(&sync_config());
    until(
        &app,
        &format!("SELECT organization FROM contacts WHERE id = '{}'", ids[1]),
        "Analytical Engines",
    )
    .await;
    read_twice(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    let edits = history(&app, &ids[1])
        .await
        .into_iter()
        .filter(|(action, by, _)| action == "edit" && by == EDITOR)
        .count();
    assert_eq!(edits, 1, "applied exactly once");
    for email in EVERYONE {
        let snap = people.snapshot(email);
        let mut markers: Vec<String> = snap
            .people
            .iter()
            .filter_map(|p| marker(p, "sharebook.contact"))
            .collect();
        let n = markers.len();
        markers.sort();
        markers.dedup();
        assert_eq!(n, markers.len(), "{email} has a duplicate contact");
    }
    a.abort();
    b.abort();
}

/// A Google contact without what changes when Sharebook adopts it (our marker, etags, times).
fn untouched_part(p: &Value) -> Value {
    let mut p = p.clone();
    if let Some(map) = p.as_object_mut() {
        map.remove("etag");
        map.remove("metadata");
        if let Some(Value::Array(data)) = map.get_mut("clientData") {
            data.retain(|c| !c["key"].as_str().unwrap_or("").starts_with("sharebook."));
            if data.is_empty() {
                map.remove("clientData");
            }
        }
        for (_, v) in map.iter_mut() {
            if let Value::Array(items) = v {
                for item in items {
                    if let Some(o) = item.as_object_mut() {
                        o.remove("metadata");
                    }
                }
            }
        }
    }
    p
}

#[tokio::test]
async fn a_google_label_is_shared_as_it_is_without_duplicating_anything() {
    let app = spawn_app().await;
    for email in [OWNER, EDITOR, "stranger@sharebook.test"] {
        app.home(email).await;
    }
    let people = &app.stand_ins.people;
    let capsule = people
        .create_group_as_user(OWNER, "Capsule Contacts")
        .unwrap();
    let customers = people.create_group_as_user(OWNER, "Customers").unwrap();
    let in_group = |groups: &[&str]| -> Value {
        Value::Array(
            groups
                .iter()
                .map(|g| json!({ "contactGroupMembership": { "contactGroupResourceName": g } }))
                .collect(),
        )
    };
    let ada = people
        .create_as_user(
            OWNER,
            &json!({
                "names": [{ "givenName": "Ada", "familyName": "Lovelace" }],
                "emailAddresses": [{ "value": "ada@engines.test", "type": "work" }],
                "birthdays": [{ "date": { "year": 1815, "month": 12, "day": 10 } }],
                "memberships": in_group(&[&capsule, &customers]),
            }),
        )
        .unwrap();
    people
        .create_as_user(
            OWNER,
            &json!({
                "names": [{ "unstructuredName": "Charles Babbage" }],
                "phoneNumbers": [{ "value": "+44 20 7946 0001", "type": "mobile" }],
                "organizations": [{ "name": "Difference Ltd", "title": "Inventor" }],
                "memberships": in_group(&[&capsule]),
            }),
        )
        .unwrap();
    people
        .create_as_user(
            OWNER,
            &json!({
                "emailAddresses": [{ "value": "nameless@engines.test" }],
                "memberships": in_group(&[&capsule]),
            }),
        )
        .unwrap();
    let before: Vec<Value> = people
        .snapshot(OWNER)
        .people
        .iter()
        .map(untouched_part)
        .collect();
    let worker = app.start_worker(&sync_config());

    // Google Contacts failing: a clear card, nothing made.
    people.inject_for(OWNER, sharebook_dev::sandbox::people::Fault::Status(503));
    let (status, body) = app
        .invoke("/addon/imports/pick", OWNER, Default::default())
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        card_of(&body)["header"]["title"],
        "Google Contacts did not answer",
        "{body}"
    );
    let (_, body) = app
        .invoke("/addon/imports/pick", OWNER, Default::default())
        .await;
    let shown = texts(card_of(&body));
    assert!(shown.contains("Capsule Contacts · 3 contacts"), "{body}");
    assert!(shown.contains("Customers · 1 contact"), "{body}");
    // Someone else's group id is nobody else's to share.
    for path in ["/addon/imports/confirm", "/addon/imports/start"] {
        let (_, body) = app
            .invoke(path, "stranger@sharebook.test", param("group", &capsule))
            .await;
        assert_eq!(card_of(&body)["header"]["title"], "Not available", "{body}");
    }
    let (_, body) = app
        .invoke("/addon/imports/confirm", OWNER, param("group", &capsule))
        .await;
    assert!(
        texts(card_of(&body)).contains("stay exactly as they are"),
        "the owner is told what will happen: {body}"
    );
    let (_, body) = app
        .invoke("/addon/imports/start", OWNER, param("group", &capsule))
        .await;
    assert_eq!(
        card_of(&body)["header"]["title"],
        "Capsule Contacts",
        "{body}"
    );
    until(
        &app,
        "SELECT count(*)::text FROM label_imports WHERE finished_at IS NOT NULL AND failed IS NULL",
        "1",
    )
    .await;
    app.invoke("/addon/imports/start", OWNER, param("group", &customers))
        .await;
    until(
        &app,
        "SELECT count(*)::text FROM label_imports WHERE finished_at IS NOT NULL AND failed IS NULL",
        "2",
    )
    .await;
    settle(&app).await;
    read_twice(&app).await;

    // The owner's Google Contacts hold exactly what they held, plus our marker.
    let after = people.snapshot(OWNER);
    assert_eq!(
        after.people.iter().map(untouched_part).collect::<Vec<_>>(),
        before,
        "nothing duplicated, nothing changed"
    );
    assert!(
        after
            .people
            .iter()
            .all(|p| marker(p, "sharebook.contact").is_some())
    );
    assert_eq!(after.groups.iter().filter(|g| is_ours(g)).count(), 2);
    let names = app
        .scalar(
            "SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM contacts c JOIN labels l ON l.id = c.label_id
             WHERE l.name = 'Capsule Contacts'",
        )
        .await;
    assert_eq!(
        names,
        "Ada Lovelace, Charles Babbage, nameless@engines.test"
    );
    assert_eq!(
        app.scalar(
            "SELECT count(*)::text FROM contacts c JOIN labels l ON l.id = c.label_id
             WHERE l.name = 'Customers'"
        )
        .await,
        "1"
    );
    assert!(
        person(&app, OWNER, &ada)
            .unwrap()
            .to_string()
            .contains(&customers)
    );
    let (_, body) = app
        .invoke("/addon/imports/pick", OWNER, Default::default())
        .await;
    assert!(
        !texts(card_of(&body)).contains("Capsule Contacts ·"),
        "{body}"
    );

    // Shared on: the editor gets it, and the owner's Google Contacts stay in step.
    let label = app
        .scalar("SELECT id::text FROM labels WHERE name = 'Capsule Contacts'")
        .await;
    share(&app, &label, EDITOR, "user", "editor").await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    // The owner edits Ada on their phone: taken in, and it reaches the editor.
    assert!(people.edit_as_user(OWNER, &ada, |p| set_phone(p, "+44 1815")));
    until(
        &app,
        "SELECT count(*)::text FROM contacts WHERE name = 'Ada Lovelace' AND phones = '{+44 1815}'",
        "2",
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &[OWNER, EDITOR]).await;
    worker.abort();
}

#[tokio::test]
async fn a_run_that_fails_between_reading_and_applying_applies_the_change_once_later() {
    let app = spawn_app().await;
    let (_, ids) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    // The first contact write from now on fails, as if the worker died after reading the change
    // and before applying it (a sequence, so the failure's rollback does not undo the count).
    app.pool
        .get()
        .await
        .unwrap()
        .batch_execute(
            "CREATE SEQUENCE writes_seen;
             CREATE FUNCTION fail_first_write() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF nextval('writes_seen') = 1 THEN RAISE EXCEPTION 'injected failure'; END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER fail_first_write BEFORE UPDATE ON contacts
                 FOR EACH ROW EXECUTE FUNCTION fail_first_write();",
        )
        .await
        .unwrap();
    let copy = copy_of(&app, EDITOR, &ids[2]);
    assert!(
        app.stand_ins
            .people
            .edit_as_user(EDITOR, &copy, |p| set_phone(p, "+44 7700 900123"))
    );
    until(
        &app,
        &format!("SELECT phones[1] FROM contacts WHERE id = '{}'", ids[2]),
        "+44 7700 900123",
    )
    .await;
    read_twice(&app).await;
    assert!(
        app.scalar("SELECT last_value::text FROM writes_seen")
            .await
            .parse::<i64>()
            .unwrap()
            >= 2,
        "the first attempt failed and a later one applied it"
    );
    let edits = history(&app, &ids[2])
        .await
        .into_iter()
        .filter(|(action, by, _)| action == "edit" && by == EDITOR)
        .count();
    assert_eq!(edits, 1, "applied exactly once");
    assert_in_step(&app, &EVERYONE).await;
    worker.abort();
}

#[tokio::test]
async fn sync_now_reads_at_once_and_says_so() {
    let app = spawn_app().await;
    let (_, _) = shared_label(&app).await;
    let (_, body) = app
        .invoke(
            "/addon/sync/now",
            "newcomer@sharebook.test",
            Default::default(),
        )
        .await;
    assert!(
        texts(&body).contains("Nothing of Sharebook's is in your Google Contacts yet"),
        "{body}"
    );
    // Reads an hour apart: only "Sync now" reads the editor.
    let mut config = sync_config();
    config.settings.read.active = Duration::from_secs(3600);
    config.settings.read.idle = Duration::from_secs(3600);
    let worker = app.start_worker(&config);
    settle(&app).await;
    let read_at = format!(
        "SELECT coalesce(m.last_read_at::text, 'never') FROM sync_members m
         JOIN users u ON u.id = m.user_id WHERE u.email = '{EDITOR}'"
    );
    assert_eq!(app.scalar(&read_at).await, "never");
    let (_, body) = app
        .invoke("/addon/sync/now", EDITOR, Default::default())
        .await;
    assert!(
        texts(&body).contains("Reading your Google Contacts now"),
        "{body}"
    );
    assert_eq!(card_of(&body)["name"], "home", "{body}");
    until(
        &app,
        &format!(
            "SELECT (m.last_read_at IS NOT NULL)::text FROM sync_members m
             JOIN users u ON u.id = m.user_id WHERE u.email = '{EDITOR}'"
        ),
        "true",
    )
    .await;
    worker.abort();
}
