//! `label_access`, the per-user expansion of owners, direct and domain shares that every read
//! decides access with: it must equal what `labels`, `shares` and `users` say after any write,
//! including writes racing each other.

use crate::helpers::{OWNER, TestApp, card_of, form, spawn_app, texts};

/// Up to five rows of `label_access` that differ from a fresh derivation (either side), as text.
/// The derivation is the migration's own view, checked by hand against the old per-row rules and
/// through the routes by the authorization matrix.
async fn drift(app: &TestApp) -> Vec<String> {
    let client = app.pool.get().await.unwrap();
    client
        .query(
            "SELECT 'missing ' || d::text
             FROM (SELECT * FROM label_access_derived EXCEPT SELECT * FROM label_access) d
             UNION ALL
             SELECT 'stale ' || a::text
             FROM (SELECT * FROM label_access EXCEPT SELECT * FROM label_access_derived) a",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .take(5)
        .collect()
}

/// `n` labels of the owner, their ids.
async fn labels(app: &TestApp, n: usize) -> Vec<String> {
    for i in 0..n {
        app.invoke(
            "/addon/labels/create",
            OWNER,
            form("label_name", &format!("Label {i}")),
        )
        .await;
    }
    let client = app.pool.get().await.unwrap();
    client
        .query("SELECT id::text FROM labels", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// A connection of its own (outside the pool), for a transaction racing others.
async fn connect(app: &TestApp) -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::connect(
        secrecy::ExposeSecret::expose_secret(&app.config.common.database_url),
        tokio_postgres::NoTls,
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    client
}

async fn role(app: &TestApp, email: &str, label: &str) -> String {
    app.scalar(&format!(
        "SELECT COALESCE((SELECT a.role_rank::text FROM label_access a JOIN users u ON u.id = a.user_id
                          WHERE u.email = '{email}' AND a.label_id = '{label}'), 'none')"
    ))
    .await
}

#[tokio::test]
async fn label_access_follows_every_kind_of_change() {
    let app = spawn_app().await;
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Customers"),
    )
    .await;
    let l = app.scalar("SELECT id::text FROM labels").await;
    assert_eq!(role(&app, OWNER, &l).await, "5");
    assert!(drift(&app).await.is_empty());

    // A share waiting for its person, then bound on their first request.
    app.exec(&format!(
        "INSERT INTO shares (id, label_id, grantee_kind, grantee, role_rank, hidden_fields, created_by)
         SELECT gen_random_uuid(), '{l}', 'user', 'viewer@sharebook.test', 1, '{{notes}}', owner_id FROM labels"
    ))
    .await;
    assert!(drift(&app).await.is_empty());
    app.home("viewer@sharebook.test").await;
    assert_eq!(role(&app, "viewer@sharebook.test", &l).await, "1");
    assert_eq!(
        app.scalar("SELECT hidden_fields::text FROM label_access WHERE role_rank = 1")
            .await,
        "{notes}"
    );

    // A domain share raises the viewer and reaches someone first seen afterwards.
    app.exec(&format!(
        "INSERT INTO shares (id, label_id, grantee_kind, grantee, role_rank, hidden_fields, created_by)
         SELECT gen_random_uuid(), '{l}', 'domain', 'sharebook.test', 2, '{{phones}}', owner_id FROM labels"
    ))
    .await;
    assert_eq!(role(&app, "viewer@sharebook.test", &l).await, "2");
    let home = app.home("late@sharebook.test").await;
    assert!(texts(card_of(&home)).contains("Customers"), "{home}");
    assert_eq!(role(&app, "late@sharebook.test", &l).await, "2");
    assert!(drift(&app).await.is_empty(), "{:?}", drift(&app).await);

    // Hidden fields, roles, a rename, a move to another domain, a transfer, revokes, deletion.
    for sql in [
        "UPDATE shares SET hidden_fields = '{title,notes}' WHERE grantee_kind = 'user'",
        "UPDATE labels SET name = 'Clients'",
        "UPDATE shares SET role_rank = 3 WHERE grantee_kind = 'user'",
        "UPDATE users SET hd = 'elsewhere.test' WHERE email = 'late@sharebook.test'",
        "UPDATE labels SET owner_id = (SELECT id FROM users WHERE email = 'viewer@sharebook.test')",
        "DELETE FROM shares WHERE grantee_kind = 'domain'",
        "DELETE FROM shares",
    ] {
        app.exec(sql).await;
        assert!(
            drift(&app).await.is_empty(),
            "after {sql}: {:?}",
            drift(&app).await
        );
    }
    assert_eq!(role(&app, "late@sharebook.test", &l).await, "none");
    assert_eq!(role(&app, "viewer@sharebook.test", &l).await, "5");
    assert_eq!(role(&app, OWNER, &l).await, "none");
    app.exec("DELETE FROM labels").await;
    assert_eq!(app.count("label_access").await, 0);
}

/// New users of a domain arriving while the domain is being shared labels, twenty transactions
/// at once (each adds one user and one domain share): without the serialising lock each computes
/// from a snapshot missing the others and someone ends up without access the shares give them.
#[tokio::test]
async fn concurrent_shares_and_first_visits_lose_no_access() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for (i, label) in labels(&app, 20).await.into_iter().enumerate() {
        let client = connect(&app).await;
        tasks.push(tokio::spawn(async move {
            client
                .batch_execute(&format!(
                    "INSERT INTO users (id, google_sub, email, hd)
                     VALUES (gen_random_uuid(), 'race-{i}', 'race{i}@race.test', 'race.test');
                     INSERT INTO shares (id, label_id, grantee_kind, grantee, role_rank, created_by)
                     SELECT gen_random_uuid(), '{label}', 'domain', 'race.test', 1, owner_id
                     FROM labels WHERE id = '{label}'"
                ))
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert!(drift(&app).await.is_empty(), "{:?}", drift(&app).await);
    assert_eq!(app.count("label_access").await, 20 + 20 * 20);
}

/// Ownership transfers (several statements in one transaction, as the route runs them) racing
/// role changes on the same shares: the serialising lock is taken before any row is, so nobody
/// waits for the lock while holding a row the lock's holder needs. Taken after the rows (in the
/// rewrite triggers alone), this deadlocks and PostgreSQL aborts one side.
#[tokio::test]
async fn transfers_racing_share_edits_do_not_deadlock() {
    let app = spawn_app().await;
    let labels = labels(&app, 8).await;
    app.exec(
        "INSERT INTO users (id, google_sub, email, hd)
         VALUES (gen_random_uuid(), 'heir', 'heir@sharebook.test', 'sharebook.test');
         INSERT INTO shares (id, label_id, grantee_kind, grantee, user_id, role_rank, created_by)
         SELECT gen_random_uuid(), l.id, 'user', 'heir@sharebook.test', u.id, 2, l.owner_id
         FROM labels l, users u WHERE u.email = 'heir@sharebook.test'",
    )
    .await;
    let mut tasks = Vec::new();
    for label in labels {
        for editor in [false, true] {
            let client = connect(&app).await;
            let label = label.clone();
            tasks.push(tokio::spawn(async move {
                let sql = if editor {
                    format!(
                        "BEGIN;
                         UPDATE shares SET role_rank = 3 WHERE label_id = '{label}';
                         SELECT pg_sleep(0.05);
                         UPDATE labels SET name = name WHERE id = '{label}';
                         COMMIT;"
                    )
                } else {
                    format!(
                        "BEGIN;
                         UPDATE labels SET owner_id = (SELECT id FROM users WHERE email = 'heir@sharebook.test')
                         WHERE id = '{label}';
                         SELECT pg_sleep(0.05);
                         DELETE FROM shares WHERE label_id = '{label}';
                         COMMIT;"
                    )
                };
                client.batch_execute(&sql).await
            }));
        }
    }
    for t in tasks {
        let outcome = t.await.unwrap();
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    assert!(drift(&app).await.is_empty(), "{:?}", drift(&app).await);
}

/// Each member's row carries its label's size (V16). Contact writes (adds, soft deletes, restores,
/// moves, several labels in one statement) racing share changes, renames and the first visits of
/// new members: every row ends with the size its label has, and nobody deadlocks.
#[tokio::test]
async fn label_sizes_in_label_access_survive_contact_writes_racing_share_changes() {
    let app = spawn_app().await;
    let labels = labels(&app, 6).await;
    let all = labels
        .iter()
        .map(|l| format!("'{l}'::uuid"))
        .collect::<Vec<_>>()
        .join(",");
    let mut tasks = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let (label, all) = (label.clone(), all.clone());
        let client = connect(&app).await;
        tasks.push(tokio::spawn(async move {
            // Contacts: into this label and every label at once, then deleted, restored, moved.
            client
                .batch_execute(&format!(
                    "BEGIN;
                     INSERT INTO contacts (id, label_id, name, created_by, updated_by)
                     SELECT gen_random_uuid(), l, 'C' || n, owner_id, owner_id
                     FROM unnest(ARRAY[{all}]) l, generate_series(1, 3) n,
                          (SELECT owner_id FROM labels WHERE id = '{label}') o;
                     SELECT pg_sleep(0.02);
                     UPDATE contacts SET deleted_at = now()
                     WHERE id IN (SELECT id FROM contacts WHERE label_id = '{label}' LIMIT 4);
                     COMMIT;
                     UPDATE contacts SET deleted_at = NULL
                     WHERE id IN (SELECT id FROM contacts WHERE label_id = '{label}'
                                  AND deleted_at IS NOT NULL LIMIT 2);
                     UPDATE contacts SET label_id = (ARRAY[{all}])[{next}]
                     WHERE id IN (SELECT id FROM contacts WHERE label_id = '{label}' LIMIT 1);",
                    next = (i + 1) % 6 + 1
                ))
                .await
        }));
        let client = connect(&app).await;
        let label = labels[i].clone();
        tasks.push(tokio::spawn(async move {
            // Access: a new member of a domain share, a rename, a role change.
            client
                .batch_execute(&format!(
                    "BEGIN;
                     INSERT INTO users (id, google_sub, email, hd)
                     VALUES (gen_random_uuid(), 'size-{i}', 'size{i}@size.test', 'size.test');
                     INSERT INTO shares (id, label_id, grantee_kind, grantee, role_rank, created_by)
                     SELECT gen_random_uuid(), '{label}', 'domain', 'size.test', 1, owner_id
                     FROM labels WHERE id = '{label}';
                     SELECT pg_sleep(0.02);
                     UPDATE labels SET name = name || ' renamed' WHERE id = '{label}';
                     COMMIT;
                     UPDATE shares SET role_rank = 2 WHERE label_id = '{label}';"
                ))
                .await
        }));
    }
    for t in tasks {
        let outcome = t.await.unwrap();
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    assert!(drift(&app).await.is_empty(), "{:?}", drift(&app).await);
    let wrong = app
        .scalar(
            "SELECT count(*)::text FROM label_access a JOIN labels l ON l.id = a.label_id
             WHERE a.contact_count <> l.contact_count
                OR l.contact_count <> (SELECT count(*) FROM contacts c
                                       WHERE c.label_id = l.id AND c.deleted_at IS NULL)",
        )
        .await;
    assert_eq!(wrong, "0");
    // Every member of every label has a row: the owner and the six new domain members.
    assert_eq!(app.count("label_access").await, 6 + 6 * 6);
}
