//! File import benchmark (`cargo bench -p sharebook --bench files`): a 25,000-row Google CSV
//! sent to the real `sharebook serve --no-worker` through its upload page, previewed, then
//! imported by the import worker; then the same file again, every row matching a contact; then
//! the label's likely duplicates. Prints the time to read and stage the file, to build the
//! preview, to import, to list duplicates, and the server's peak RSS.
//!
//! Uses `DATABASE_URL` when set, otherwise a private PostgreSQL cluster.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::net::TcpListener;
use std::time::Instant;

use secrecy::SecretString;
use serde_json::Value;
use sharebook::config::PublicUrl;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::issuer::SandboxUser;
use sharebook_dev::sandbox::{self, SERVICE_ACCOUNT_EMAIL};

mod common;

use common::{cpu_model, database, num_cpus, peak_rss_kib};

const ROWS: usize = 25_000;
const OWNER: &str = "bench@sharebook.test";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

/// A Google CSV export of `ROWS` realistic contacts (two addresses, a phone, a company, a
/// postal address with a quoted line break, notes).
fn google_csv() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "First Name",
        "Last Name",
        "Organization Name",
        "Organization Title",
        "Notes",
        "E-mail 1 - Label",
        "E-mail 1 - Value",
        "E-mail 2 - Label",
        "E-mail 2 - Value",
        "Phone 1 - Label",
        "Phone 1 - Value",
        "Address 1 - Label",
        "Address 1 - Formatted",
    ])
    .unwrap();
    for i in 0..ROWS {
        w.write_record([
            format!("Person{i}"),
            format!("Example-{}", i % 977),
            format!("Company {} Ltd", i % 3_000),
            "Buyer".to_owned(),
            format!("Met at fair {}, asked for the catalogue", i % 40),
            "* Work".to_owned(),
            format!("person{i}@company{}.example", i % 3_000),
            "Home".to_owned(),
            format!("p{i}@home.example"),
            "Mobile".to_owned(),
            format!("+44 20 7{:03} {:04}", i / 10_000, i % 10_000),
            "Work".to_owned(),
            format!("{} High Street\nLondon E{} 1AA", i % 300, i % 20),
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

fn multipart(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----sharebookBenchBoundary".to_owned();
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

fn find_link(v: &Value) -> Option<String> {
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
    let host = stand_ins.host.clone();
    let certs = stand_ins.url(sandbox::CERTS_PATH).unwrap().to_string();
    let (database_url, _cluster) = database("sharebook_bench_files").await;
    sharebook::storage::migrate(&SecretString::from(database_url.clone()))
        .await
        .unwrap();
    let (mut server, client) = common::serve_addon(&database_url, &public_url, &certs, port).await;
    let user = SandboxUser::workspace(OWNER);
    let invoke = |path: &'static str, i: Interaction| {
        let url = public_url.url_for(path);
        let token = host
            .issuer
            .system_token(&url, SERVICE_ACCOUNT_EMAIL)
            .unwrap();
        let event = host.event(&user, &i).unwrap();
        let client = client.clone();
        async move {
            let r = client
                .post(&url)
                .bearer_auth(token)
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&event).unwrap())
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
            r.json::<Value>().await.unwrap()
        }
    };
    let pool = sharebook::storage::pool(&SecretString::from(database_url.clone()), 4).unwrap();
    let db = pool.get().await.unwrap();
    let mut create = Interaction::default();
    create
        .form_inputs
        .insert("label_name".into(), vec!["Fair leads".into()]);
    invoke("/addon/labels/create", create).await;
    let label: String = db
        .query_one("SELECT id::text FROM labels", &[])
        .await
        .unwrap()
        .get(0);
    let file = google_csv();
    println!(
        "file: {ROWS} rows, {:.1} MiB Google CSV",
        file.len() as f64 / 1_048_576.0
    );
    for (pass, on_match) in [("new contacts", "skip"), ("every row matching", "fill")] {
        let mut i = Interaction::default();
        i.parameters.insert("label_id".into(), label.clone());
        let card = invoke("/addon/files/import", i).await;
        let link = find_link(&card).expect("upload link");
        let (boundary, body) = multipart(&file);
        let t = Instant::now();
        let r = client
            .post(&link)
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let staged = t.elapsed();
        let import: String = db
            .query_one(
                "SELECT id::text FROM file_imports ORDER BY created_at DESC LIMIT 1",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        let mut i = Interaction::default();
        i.parameters.insert("import_id".into(), import.clone());
        let t = Instant::now();
        let preview = invoke("/addon/files/preview", i.clone()).await;
        let previewed = t.elapsed();
        let counts = preview.to_string();
        let summary = counts
            .split("rows: ")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("?")
            .to_owned();
        i.form_inputs
            .insert("on_match".into(), vec![on_match.into()]);
        invoke("/addon/files/confirm", i).await;
        let worker = sharebook::importer::ImportWorker::new(pool.clone());
        let t = Instant::now();
        assert!(worker.run_one().await.unwrap());
        let imported = t.elapsed();
        let done: String = db
            .query_one(
                "SELECT state || ': ' || created || ' added, ' || updated || ' updated, ' || skipped || ' skipped' FROM file_imports WHERE id = $1::text::uuid",
                &[&import],
            )
            .await
            .unwrap()
            .get(0);
        println!("{pass} ({on_match}):");
        println!("  upload, read and stage: {:.2} s", staged.as_secs_f64());
        println!(
            "  preview card: {:.0} ms ({summary})",
            previewed.as_secs_f64() * 1e3
        );
        println!(
            "  import by one worker: {:.1} s, {:.0} rows/s ({done})",
            imported.as_secs_f64(),
            ROWS as f64 / imported.as_secs_f64()
        );
    }
    let mut i = Interaction::default();
    i.parameters.insert("label_id".into(), label.clone());
    let t = Instant::now();
    invoke("/addon/labels/duplicates", i).await;
    println!(
        "likely duplicates card over the {ROWS} contacts: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    println!(
        "server peak RSS: {:.1} MiB",
        peak_rss_kib(server.id()) as f64 / 1024.0
    );
    server.kill().unwrap();
}
