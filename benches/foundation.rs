//! Foundation benchmarks (`cargo bench -p sharebook --bench foundation`):
//! 1. cost of verifying one Google ID token, cold (signature checked) and cached;
//! 2. homepage trigger throughput and latency at 64 connections against the real `sharebook serve`
//!    binary, next to `/readyz` (one indexed query on the same pool) in the same run, plus the
//!    server's peak RSS. The homepage is asked for in Italian (`userLocale` it-IT): localisation on.
//!
//! Uses `DATABASE_URL` when set, otherwise a private PostgreSQL cluster.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::json;
use sharebook::config::PublicUrl;
use sharebook::google::id_token::Verifier;
use sharebook::google::keys::KeyStore;
use sharebook_dev::sandbox::host::{GoogleHost, Interaction};
use sharebook_dev::sandbox::issuer::SandboxUser;
use sharebook_dev::sandbox::{self, SERVICE_ACCOUNT_EMAIL};

mod common;

use common::{cpu_model, database, load, load_with_cpu, num_cpus, peak_rss_kib};
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
    let host = stand_ins.host.clone();
    let issuer = host.issuer.clone();
    let certs = stand_ins.url(sandbox::CERTS_PATH).unwrap().to_string();

    verification(&issuer, &certs, &public_url).await;
    throughput(&host, &certs, &public_url, port).await;
}

async fn verification(issuer: &sandbox::issuer::Issuer, certs: &str, public_url: &PublicUrl) {
    const TOKENS: usize = 2000;
    let audience = public_url.url_for("/addon/home");
    let http = sharebook::google::http_client().unwrap();
    let verifier = Verifier::new(KeyStore::new(
        certs.parse().unwrap(),
        http,
        Duration::from_secs(30),
    ));
    // Distinct tokens (different subjects), so each cold verification checks a signature.
    let tokens: Vec<String> = (0..TOKENS)
        .map(|i| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
            issuer
                .sign(&json!({
                    "iss": "https://accounts.google.com", "aud": audience, "sub": format!("{i}"),
                    "email": SERVICE_ACCOUNT_EMAIL, "email_verified": true, "iat": now, "exp": now + 3600,
                }))
                .unwrap()
        })
        .collect();
    // Fetch the key set once, outside the measurement.
    verifier
        .verify_system(&tokens[0], &audience, SERVICE_ACCOUNT_EMAIL)
        .await
        .unwrap();
    let start = Instant::now();
    for t in &tokens[1..] {
        verifier
            .verify_system(t, &audience, SERVICE_ACCOUNT_EMAIL)
            .await
            .unwrap();
    }
    let cold = start.elapsed().as_secs_f64() * 1e6 / (TOKENS - 1) as f64;
    let rounds = 100_000;
    let start = Instant::now();
    for i in 0..rounds {
        verifier
            .verify_system(&tokens[i % 100], &audience, SERVICE_ACCOUNT_EMAIL)
            .await
            .unwrap();
    }
    let cached = start.elapsed().as_secs_f64() * 1e6 / rounds as f64;
    println!(
        "token verification (RS256, 2048-bit): cold {cold:.1} µs/op, cached {cached:.2} µs/op"
    );
}

async fn throughput(host: &GoogleHost, certs: &str, public_url: &PublicUrl, port: u16) {
    let (database_url, _cluster) = database("sharebook_bench").await;
    sharebook::storage::migrate(&SecretString::from(database_url.clone()))
        .await
        .unwrap();
    seed(&database_url).await;

    let (mut server, client) = common::serve_addon(&database_url, public_url, certs, port).await;
    let ready = format!("{}/readyz", public_url.origin());

    let home_url = public_url.url_for("/addon/home");
    // In Italian: every text from the catalogue, the counts through Fluent's plural rules.
    let event = host
        .event(
            &SandboxUser::workspace("bench@sharebook.test"),
            &Interaction {
                locale: Some("it-IT".into()),
                ..Interaction::default()
            },
        )
        .unwrap();
    let body = serde_json::to_vec(&event).unwrap();
    // Google reuses a token for its lifetime; the server's token cache sees the same token again.
    let token = host
        .issuer
        .system_token(&home_url, SERVICE_ACCOUNT_EMAIL)
        .unwrap();
    let probe = client
        .post(&home_url)
        .bearer_auth(&token)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status().as_u16(), 200);
    let probe: serde_json::Value = probe.json().await.unwrap();
    assert!(
        probe.to_string().contains("Label 0"),
        "the bench user sees their labels"
    );

    let bare = {
        let (client, ready) = (client.clone(), ready.clone());
        move || client.get(&ready)
    };
    let home = {
        let (client, home_url, token, body) = (
            client.clone(),
            home_url.clone(),
            token.clone(),
            body.clone(),
        );
        move || {
            client
                .post(&home_url)
                .bearer_auth(&token)
                .header("Content-Type", "application/json")
                .body(body.clone())
        }
    };
    let mut results = Vec::new();
    for round in 1..=2 {
        results.push(("readyz (1 indexed query)", round, load(bare.clone()).await));
        let (result, cpu) = load_with_cpu(server.id(), home.clone()).await;
        println!(
            "homepage round {round} CPU per request: server {:.0} µs, PostgreSQL {:.0} µs",
            cpu.server_us, cpu.postgres_us
        );
        results.push(("homepage trigger", round, result));
    }
    let rss = peak_rss_kib(server.id());
    for (name, round, r) in &results {
        println!(
            "{name:<26} round {round}: {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests, {} errors)",
            r.rps, r.p50_ms, r.p99_ms, r.requests, r.errors
        );
    }
    let mean = |n: &str| {
        let v: Vec<_> = results
            .iter()
            .filter(|(name, _, _)| *name == n)
            .map(|(_, _, r)| r.rps)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let ratio = mean("homepage trigger") / mean("readyz (1 indexed query)");
    println!("homepage / bare throughput ratio: {ratio:.2} (target >= 0.5)");
    println!(
        "server peak RSS: {:.1} MiB (target < 100 MiB)",
        rss as f64 / 1024.0
    );
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
}

/// 10,000 users with 5 labels each, and the bench user with 20 labels.
async fn seed(url: &str) {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let bench = SandboxUser::workspace("bench@sharebook.test");
    client
        .batch_execute(
            "TRUNCATE users, labels CASCADE;
             INSERT INTO users (id, google_sub, email, hd)
               SELECT gen_random_uuid(), 'seed-' || i, 'user' || i || '@seed.test', 'seed.test'
               FROM generate_series(1, 10000) i;
             INSERT INTO labels (id, owner_id, name)
               SELECT gen_random_uuid(), u.id, 'Seed label ' || n FROM users u, generate_series(1, 5) n;",
        )
        .await
        .unwrap();
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
             SELECT gen_random_uuid(), u.id, 'Label ' || n FROM users u, generate_series(0, 19) n WHERE u.google_sub = $1",
            &[&bench.sub()],
        )
        .await
        .unwrap();
    client.batch_execute("ANALYZE").await.unwrap();
}
