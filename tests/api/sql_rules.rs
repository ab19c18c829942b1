//! Rules spelled both in Rust and in SQL, checked against each other on a migrated database.

use sharebook::domain::contact::Field;
use sharebook::storage::changes::{CONTACT_PREFIX, EMAIL_PREFIX, GROUP_PREFIX, USER_PREFIX};
use sharebook_dev::sandbox::directory::MemberType;

use crate::helpers::{OWNER, param, spawn_app};
use crate::sharing::{contact, label, share};

#[tokio::test]
async fn the_database_knows_the_same_hideable_fields_and_refuses_others() {
    let app = spawn_app().await;
    let sql: String = app
        .scalar("SELECT array_to_string(hideable_fields(), ',')")
        .await;
    let rust: Vec<&str> = Field::HIDEABLE.iter().map(|f| f.key()).collect();
    assert_eq!(sql, rust.join(","));
    let l = label(&app).await;
    share(&app, OWNER, &l, "viewer@sharebook.test", "user", "viewer").await;
    let client = app.pool.get().await.unwrap();
    for table_update in [
        "UPDATE shares SET hidden_fields = '{password}'",
        "UPDATE shares SET hidden_fields = '{name}'",
    ] {
        let err = client.execute(table_update, &[]).await.unwrap_err();
        assert_eq!(
            err.as_db_error().and_then(|e| e.constraint()),
            Some("shares_hidden_fields_hideable"),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn every_change_counter_key_is_one_rust_reads() {
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
        .insert("comment_body".into(), vec!["hello".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    app.directory.add_member(
        "team@sharebook.test",
        "member@sharebook.test",
        MemberType::User,
    );
    share(&app, OWNER, &l, "team@sharebook.test", "group", "viewer").await;
    let keys: String = app
        .scalar("SELECT string_agg(key, ' ' ORDER BY key) FROM change_counters")
        .await;
    let prefixes = [EMAIL_PREFIX, CONTACT_PREFIX, USER_PREFIX, GROUP_PREFIX];
    for key in keys.split(' ') {
        assert!(
            prefixes.iter().any(|p| key.starts_with(p)),
            "{key} is bumped by SQL but read by no Rust key"
        );
    }
    for (prefix, expected) in [
        (EMAIL_PREFIX, "ann@client.test".to_owned()),
        (CONTACT_PREFIX, c.clone()),
        (GROUP_PREFIX, "team@sharebook.test".to_owned()),
    ] {
        assert!(
            keys.split(' ').any(|k| k == format!("{prefix}{expected}")),
            "{prefix}{expected} not bumped: {keys}"
        );
    }
    assert!(
        keys.split(' ').any(|k| k.starts_with(USER_PREFIX)),
        "{keys}"
    );
}

#[tokio::test]
async fn the_owner_sees_every_field_whatever_is_hidden_from_their_address() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(
        &app,
        &l,
        &[
            ("name", "Dee"),
            ("emails", "dee@client.test"),
            ("notes", "VIP pricing"),
        ],
    )
    .await;
    app.exec(&format!(
        "INSERT INTO grantee_hidden_fields (label_id, grantee_kind, grantee, fields)
         VALUES ('{l}', 'user', '{OWNER}', '{{notes,emails}}')"
    ))
    .await;
    let hidden: String = app
        .scalar("SELECT array_to_string(hidden_fields, ',') FROM label_access")
        .await;
    assert_eq!(hidden, "");
    let (_, body) = app
        .invoke("/addon/contacts/open", OWNER, param("contact_id", &c))
        .await;
    let t = body.to_string();
    assert!(
        t.contains("VIP pricing") && t.contains("dee@client.test"),
        "{t}"
    );
}

/// Every function, trigger and view of the migrated database as PostgreSQL holds it now, so that
/// today's definition of anything is read in one place rather than pieced together from the
/// migrations that redefined it; the snapshot fails on any drift.
#[tokio::test]
async fn the_live_database_rules() {
    let app = spawn_app().await;
    let client = app.pool.get().await.unwrap();
    let mut out = String::new();
    for (title, sql) in [
        (
            "functions",
            "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                    pg_get_functiondef(p.oid)
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' ORDER BY 1",
        ),
        (
            "triggers",
            "SELECT c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid, true)
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1",
        ),
        (
            "views",
            "SELECT c.relname, pg_get_viewdef(c.oid, true)
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'v' ORDER BY 1",
        ),
    ] {
        out.push_str(&format!("==== {title}\n\n"));
        for row in client.query(sql, &[]).await.unwrap() {
            let name: String = row.get(0);
            let def: String = row.get(1);
            let def: Vec<&str> = def.lines().map(str::trim_end).collect();
            out.push_str(&format!("-- {name}\n{}\n\n", def.join("\n").trim()));
        }
    }
    insta::assert_snapshot!(out);
}
