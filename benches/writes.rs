//! Write benchmarks (`cargo bench -p sharebook --bench writes`): the side panel's writes at 64
//! connections against the real `sharebook serve --no-worker`, as Google sends them:
//! 1. a public comment posted on a contact (`/addon/comments/create`);
//! 2. a contact edited (`/addon/contacts/save`, each edit based on the contact's current version);
//! 3. a contact deleted or restored (`/addon/contacts/delete|restore`), which the audit log records.
//!
//! Uses `DATABASE_URL` when set, otherwise a private PostgreSQL cluster.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::net::TcpListener;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use secrecy::SecretString;
use sharebook::config::PublicUrl;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::issuer::SandboxUser;
use sharebook_dev::sandbox::{self, SERVICE_ACCOUNT_EMAIL};
use uuid::Uuid;

mod common;

use common::{cpu_model, database, load_with_cpu, num_cpus};

/// Contacts the writes are spread over, so concurrent requests rarely touch the same one.
const CONTACTS: usize = 2_000;
const OWNER: &str = "bench@sharebook.test";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    println!("machine: {} cores, {}", num_cpus(), cpu_model());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let public_url = PublicUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let (stand_ins, server) =
        sandbox::StandIns::start(public_url.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    tokio::spawn(server);
    let host = Arc::new(stand_ins.host.clone());
    let certs = stand_ins.url(sandbox::CERTS_PATH).unwrap().to_string();

    let (database_url, _cluster) = database("sharebook_bench_writes").await;
    sharebook::storage::migrate(&SecretString::from(database_url.clone()))
        .await
        .unwrap();
    let contacts = Arc::new(seed(&database_url).await);

    let (mut server, client) = common::serve_addon(&database_url, &public_url, &certs, port).await;
    let user = Arc::new(SandboxUser::workspace(OWNER));

    // A request to `path` built by `interaction(i)` for the i-th request.
    let writes = |path: &'static str,
                  interaction: Arc<dyn Fn(usize) -> Interaction + Send + Sync>| {
        let url = public_url.url_for(path);
        let token = host
            .issuer
            .system_token(&url, SERVICE_ACCOUNT_EMAIL)
            .unwrap();
        let (client, host, user) = (client.clone(), host.clone(), user.clone());
        let counter = Arc::new(AtomicUsize::new(0));
        move || {
            let i = counter.fetch_add(1, Ordering::Relaxed);
            let event = host.event(&user, &interaction(i)).unwrap();
            client
                .post(&url)
                .bearer_auth(&token)
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&event).unwrap())
        }
    };

    let c = contacts.clone();
    let comment = writes(
        "/addon/comments/create",
        Arc::new(move |i| {
            let mut it = Interaction::default();
            it.parameters
                .insert("contact_id".into(), c[i % CONTACTS].to_string());
            it.form_inputs.insert(
                "comment_body".into(),
                vec![format!("Called them back, {i}")],
            );
            it.form_inputs
                .insert("comment_visibility".into(), vec!["public".into()]);
            it
        }),
    );
    // The k-th edit of a contact is based on version k + 1 (created at 1): edits of one contact
    // are CONTACTS requests apart, so each finds the version it expects.
    let c = contacts.clone();
    let edit = writes(
        "/addon/contacts/save",
        Arc::new(move |i| {
            let mut it = Interaction::default();
            it.parameters
                .insert("contact_id".into(), c[i % CONTACTS].to_string());
            it.parameters
                .insert("version".into(), (i / CONTACTS + 1).to_string());
            it.form_inputs.insert(
                "contact_name".into(),
                vec![format!("Client {}", i % CONTACTS)],
            );
            it.form_inputs
                .insert("contact_title".into(), vec![format!("Buyer {i}")]);
            it
        }),
    );
    let c = contacts.clone();
    let toggle_url = public_url.url_for("/addon/contacts/delete");
    let restore_url = public_url.url_for("/addon/contacts/restore");
    let delete_token = host
        .issuer
        .system_token(&toggle_url, SERVICE_ACCOUNT_EMAIL)
        .unwrap();
    let restore_token = host
        .issuer
        .system_token(&restore_url, SERVICE_ACCOUNT_EMAIL)
        .unwrap();
    let toggle = {
        let (client, host, user) = (client.clone(), host.clone(), user.clone());
        let counter = Arc::new(AtomicUsize::new(0));
        move || {
            let i = counter.fetch_add(1, Ordering::Relaxed);
            let mut it = Interaction::default();
            it.parameters
                .insert("contact_id".into(), c[i % CONTACTS].to_string());
            let event = host.event(&user, &it).unwrap();
            // Even passes over the contacts delete them, odd ones restore them.
            let (url, token) = if (i / CONTACTS).is_multiple_of(2) {
                (&toggle_url, &delete_token)
            } else {
                (&restore_url, &restore_token)
            };
            client
                .post(url)
                .bearer_auth(token)
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&event).unwrap())
        }
    };

    let (db, connection) = tokio_postgres::connect(&database_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let count = |sql: &'static str| {
        let db = &db;
        async move { db.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };

    let before = count("SELECT count(*) FROM comments").await;
    let (r, cpu) = load_with_cpu(server.id(), comment).await;
    let written = count("SELECT count(*) FROM comments").await - before;
    report("comment insert", &r, &cpu, written);

    let before = count("SELECT coalesce(sum(version), 0)::bigint FROM contacts").await;
    let (r, cpu) = load_with_cpu(server.id(), edit).await;
    let written = count("SELECT coalesce(sum(version), 0)::bigint FROM contacts").await - before;
    report("contact update", &r, &cpu, written);

    let before =
        count("SELECT count(*) FROM contact_history WHERE action IN ('delete', 'restore')").await;
    let (r, cpu) = load_with_cpu(server.id(), toggle).await;
    let written =
        count("SELECT count(*) FROM contact_history WHERE action IN ('delete', 'restore')").await
            - before;
    report("contact delete/restore", &r, &cpu, written);

    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}

fn report(name: &str, r: &common::LoadResult, cpu: &common::CpuPerRequest, written: i64) {
    println!(
        "{name:<24} {:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests, {} errors, {written} rows written)  CPU per request: server {:.0} µs, PostgreSQL {:.0} µs",
        r.rps, r.p50_ms, r.p99_ms, r.requests, r.errors, cpu.server_us, cpu.postgres_us
    );
}

/// The bench user, a label with `CONTACTS` contacts shared with nobody.
async fn seed(url: &str) -> Vec<Uuid> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let bench = SandboxUser::workspace(OWNER);
    client
        .execute(
            "INSERT INTO users (id, google_sub, email, hd) VALUES (gen_random_uuid(), $1, $2, 'sharebook.test')",
            &[&bench.sub(), &bench.email],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO labels (id, owner_id, name)
             SELECT gen_random_uuid(), u.id, 'Clients' FROM users u WHERE u.google_sub = $1",
            &[&bench.sub()],
        )
        .await
        .unwrap();
    let ids: Vec<Uuid> = (0..CONTACTS).map(|_| Uuid::new_v4()).collect();
    for (n, id) in ids.iter().enumerate() {
        client
            .execute(
                "INSERT INTO contacts (id, label_id, name, emails, email_keys, search_text, name_key, created_by, updated_by)
                 SELECT $1, l.id, $2, ARRAY[$3], ARRAY[$3], lower($2), lower($2), l.owner_id, l.owner_id FROM labels l",
                &[id, &format!("Client {n}"), &format!("client{n}@example.com")],
            )
            .await
            .unwrap();
    }
    client.batch_execute("ANALYZE").await.unwrap();
    ids
}
