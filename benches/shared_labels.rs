//! Shared-labels benchmark (`cargo bench -p sharebook --bench shared_labels`): the Gmail message-open card for
//! a message with 3 participants, at 64 connections against the real `sharebook serve`, next to
//! `/readyz` (one indexed query) in the same run, in alternating rounds; first on a database with
//! 10,000 contacts, then grown to 10,000 users, 50,000 labels, 1,000,000 contacts and 1,000,000
//! comments.
//!
//! The card is measured twice: the one message opened over and over (the server reuses what it
//! read, after checking the change counters), and a different message each time, each with an
//! unknown person of its own, so that every open reads the database in full.
//!
//! Uses `DATABASE_URL` when set, otherwise a private PostgreSQL cluster.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{
    CpuPerRequest, LoadResult, cpu_model, database, load, load_with_cpu, num_cpus, peak_rss_kib,
};
use secrecy::SecretString;
use sharebook::config::PublicUrl;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::issuer::SandboxUser;
use sharebook_dev::sandbox::{self, OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL, StandIns};

const BENCH_USER: &str = "bench@sharebook.test";
/// Messages opened in turn for the load where every open is new to the server: more than its
/// caches hold (2,048 cards, 10,000 messages' people), so that each is evicted, least recently
/// used, before its turn comes again.
const DISTINCT_MESSAGES: usize = 16_384;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    println!("machine: {} cores, {}", num_cpus(), cpu_model());
    let (database_url, _cluster) = database("sharebook_bench_labels").await;
    sharebook::storage::migrate(&SecretString::from(database_url.clone()))
        .await
        .unwrap();
    let (client, connection) = tokio_postgres::connect(&database_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);

    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let public_url = PublicUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let (stand_ins, server) =
        StandIns::start(public_url.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    tokio::spawn(server);
    // The message opened over and over, then as many others of the same shape, each with an
    // unknown person of its own: opened in turn, each is new to the server's cache.
    let headers = |carl: &str| {
        vec![
            ("From".into(), "Ann Known <ann@known.test>".into()),
            (
                "To".into(),
                format!("{BENCH_USER}, Bob Known <bob@known.test>"),
            ),
            ("Cc".into(), format!("Carl Unknown <{carl}@unknown.test>")),
        ]
    };
    stand_ins
        .gmail
        .add_message(BENCH_USER, "msg-f:bench", "thread-f:bench", headers("carl"));
    for i in 0..DISTINCT_MESSAGES {
        stand_ins.gmail.add_message(
            BENCH_USER,
            &format!("msg-f:bench-{i}"),
            &format!("thread-f:bench-{i}"),
            headers(&format!("carl{i}")),
        );
    }

    let started = Instant::now();
    seed_bench_user(&client).await;
    seed_bulk(&client, 500, 20).await;
    println!(
        "seeded 10,000 contacts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let small = measure(&stand_ins, &database_url, &public_url, port).await;

    let started = Instant::now();
    seed_bulk(&client, 50_000, 20).await;
    let counts: (i64, i64, i64, i64) = {
        let row = client
            .query_one(
                "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM labels), (SELECT count(*) FROM contacts), (SELECT count(*) FROM comments)",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1), row.get(2), row.get(3))
    };
    println!(
        "grew to {} users, {} labels, {} contacts, {} comments in {:.1} s",
        counts.0,
        counts.1,
        counts.2,
        counts.3,
        started.elapsed().as_secs_f64()
    );
    let large = measure(&stand_ins, &database_url, &public_url, port).await;

    for (size, phase) in [("10,000 contacts", &small), ("1,000,000 contacts", &large)] {
        println!("{size}:");
        for (i, round) in phase.rounds.iter().enumerate() {
            println!("  round {}:", i + 1);
            report("    readyz (1 indexed query)", &round.bare);
            report("    message-open card", &round.open);
            report("    message-open, each new", &round.fresh);
            println!(
                "    message-open / bare: {:.2}; each new / bare: {:.2}",
                round.open.rps / round.bare.rps,
                round.fresh.rps / round.bare.rps
            );
        }
        let median = phase.median(|r| &r.open);
        println!(
            "  median round: message-open / bare throughput ratio {:.2} (target >= 0.4), card p99 {:.2} ms (target < 25 ms)",
            median.open.rps / median.bare.rps,
            median.open.p99_ms
        );
        let fresh = phase.median(|r| &r.fresh);
        println!(
            "  median round, each message new to the cache: ratio {:.2}, p99 {:.2} ms",
            fresh.fresh.rps / fresh.bare.rps,
            fresh.fresh.p99_ms
        );
        println!(
            "  message-open CPU per card: server {:.0} µs, PostgreSQL {:.0} µs; each new: server {:.0} µs, PostgreSQL {:.0} µs",
            phase.cpu.server_us,
            phase.cpu.postgres_us,
            phase.fresh_cpu.server_us,
            phase.fresh_cpu.postgres_us
        );
        println!(
            "  server peak RSS: {:.1} MiB",
            phase.rss_kib as f64 / 1024.0
        );
    }
    println!(
        "message-open p50 at 1,000,000 contacts / at 10,000 contacts (median rounds): {:.2} (target <= 1.3)",
        large.median(|r| &r.open).open.p50_ms / small.median(|r| &r.open).open.p50_ms
    );
    println!(
        "each message new, p50 at 1,000,000 contacts / at 10,000 contacts (median rounds): {:.2}",
        large.median(|r| &r.fresh).fresh.p50_ms / small.median(|r| &r.fresh).fresh.p50_ms
    );
}

fn report(name: &str, r: &LoadResult) {
    println!(
        "{name:<34} {:>8.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests, {} errors)",
        r.rps, r.p50_ms, r.p99_ms, r.requests, r.errors
    );
}

/// Rounds of the bare load then the card load; `BENCH_ROUNDS` overrides the default of 3.
fn rounds() -> usize {
    std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3)
}

/// One round's loads, run one after the other.
struct Round {
    /// The bare endpoint.
    bare: LoadResult,
    /// The same message opened over and over.
    open: LoadResult,
    /// A different message each time, each new to the server's cache.
    fresh: LoadResult,
}

/// One database size's figures.
struct Phase {
    rounds: Vec<Round>,
    /// CPU per card over every round, for each card load.
    cpu: CpuPerRequest,
    fresh_cpu: CpuPerRequest,
    rss_kib: u64,
}

impl Phase {
    /// The round with the median ratio of `card`'s load to the bare one: a disturbance of the
    /// shared machine during one load (a neighbour, autovacuum after the seed) moves one round, not
    /// the figure.
    fn median(&self, card: impl Fn(&Round) -> &LoadResult) -> &Round {
        let mut by_ratio: Vec<&Round> = self.rounds.iter().collect();
        by_ratio.sort_by(|a, b| (card(a).rps / a.bare.rps).total_cmp(&(card(b).rps / b.bare.rps)));
        by_ratio[by_ratio.len() / 2]
    }
}

/// Sums CPU per request weighted by requests answered.
#[derive(Default)]
struct CpuSum {
    server_us: f64,
    postgres_us: f64,
    answered: f64,
}

impl CpuSum {
    fn add(&mut self, result: &LoadResult, cpu: &CpuPerRequest) {
        let n = result.answered as f64;
        self.server_us += cpu.server_us * n;
        self.postgres_us += cpu.postgres_us * n;
        self.answered += n;
    }

    fn per_request(&self) -> CpuPerRequest {
        let answered = self.answered.max(1.0);
        CpuPerRequest {
            server_us: self.server_us / answered,
            postgres_us: self.postgres_us / answered,
        }
    }
}

/// Starts the server, runs alternating rounds of the two loads, stops the server.
async fn measure(
    stand_ins: &StandIns,
    database_url: &str,
    public_url: &PublicUrl,
    port: u16,
) -> Phase {
    let key_file =
        std::env::temp_dir().join(format!("sharebook-bench-key-{}.json", std::process::id()));
    let key = stand_ins
        .tokens
        .create_service_account(sandbox::SYNC_SERVICE_ACCOUNT)
        .unwrap();
    std::fs::write(&key_file, &key.key_file_json).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_sharebook"))
        .args(["serve", "--no-migrate", "--no-worker"])
        .env("DATABASE_URL", database_url)
        .env("PUBLIC_URL", public_url.to_string())
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", SERVICE_ACCOUNT_EMAIL)
        .env("ADDON_OAUTH_CLIENT_ID", OAUTH_CLIENT_ID)
        .env(
            "GOOGLE_CERTS_URL",
            stand_ins.url(sandbox::CERTS_PATH).unwrap().as_str(),
        )
        .env("GMAIL_API_URL", stand_ins.base.as_str())
        .env("DIRECTORY_API_URL", stand_ins.base.as_str())
        .env("GOOGLE_TOKEN_URL", stand_ins.tokens.url())
        .env("GOOGLE_SERVICE_ACCOUNT_KEY_FILE", &key_file)
        .env("DIRECTORY_ADMIN_EMAIL", sandbox::DIRECTORY_ADMIN)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(common::CONNECTIONS)
        .build()
        .unwrap();
    let ready = format!("{}/readyz", public_url.origin());
    let deadline = Instant::now() + Duration::from_secs(30);
    while !client
        .get(&ready)
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url = public_url.url_for("/addon/message");
    let event_for = |message: &str| {
        let open = Interaction {
            message_id: Some(message.into()),
            ..Default::default()
        };
        let event = stand_ins
            .host
            .event(&SandboxUser::workspace(BENCH_USER), &open)
            .unwrap();
        serde_json::to_vec(&event).unwrap()
    };
    let body = event_for("msg-f:bench");
    let fresh_bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..DISTINCT_MESSAGES)
            .map(|i| event_for(&format!("msg-f:bench-{i}")))
            .collect(),
    );
    let token = stand_ins
        .host
        .issuer
        .system_token(&url, SERVICE_ACCOUNT_EMAIL)
        .unwrap();
    let probe: serde_json::Value = client
        .post(&url)
        .bearer_auth(&token)
        .body(body.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = probe.to_string();
    assert!(
        text.contains("Ann Known") && text.contains("Bob Known") && text.contains("Add to a label"),
        "{text}"
    );

    let bare = {
        let (client, ready) = (client.clone(), ready.clone());
        move || client.get(&ready)
    };
    let message = {
        let (client, url, token, body) = (client.clone(), url.clone(), token.clone(), body.clone());
        move || {
            client
                .post(&url)
                .bearer_auth(&token)
                .header("Content-Type", "application/json")
                .body(body.clone())
        }
    };
    let fresh = {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        let next = Arc::new(AtomicUsize::new(0));
        move || {
            let i = next.fetch_add(1, Ordering::Relaxed) % fresh_bodies.len();
            client
                .post(&url)
                .bearer_auth(&token)
                .header("Content-Type", "application/json")
                .body(fresh_bodies[i].clone())
        }
    };
    // Alternating rounds, so that the loads see the machine in the same state on average.
    let mut rounds = Vec::new();
    let (mut open_cpu, mut fresh_cpu) = (CpuSum::default(), CpuSum::default());
    for _ in 0..self::rounds() {
        let bare = load(bare.clone()).await;
        let (open, cpu) = load_with_cpu(server.id(), message.clone()).await;
        open_cpu.add(&open, &cpu);
        let (fresh, cpu) = load_with_cpu(server.id(), fresh.clone()).await;
        fresh_cpu.add(&fresh, &cpu);
        rounds.push(Round { bare, open, fresh });
    }
    let rss_kib = peak_rss_kib(server.id());
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    let _ = std::fs::remove_file(&key_file);
    Phase {
        rounds,
        cpu: open_cpu.per_request(),
        fresh_cpu: fresh_cpu.per_request(),
        rss_kib,
    }
}

/// The bench user owns a label with the two known participants, each with a few comments, and
/// is shared a few other labels.
async fn seed_bench_user(client: &tokio_postgres::Client) {
    let bench = SandboxUser::workspace(BENCH_USER);
    client
        .execute(
            "INSERT INTO users (id, google_sub, email, hd) VALUES (gen_random_uuid(), $1, $2, 'sharebook.test')",
            &[&bench.sub(), &bench.email],
        )
        .await
        .unwrap();
    client
        .batch_execute(&format!(
            "INSERT INTO labels (id, owner_id, name) SELECT gen_random_uuid(), id, 'Known people' FROM users WHERE email = '{BENCH_USER}';
             INSERT INTO contacts (id, label_id, name, emails, email_keys, organization, search_text, name_key, created_by, updated_by)
             SELECT gen_random_uuid(), l.id, p.name, ARRAY[p.email], ARRAY[p.email], 'Known Corp', lower(p.name), lower(p.name), l.owner_id, l.owner_id
             FROM labels l, (VALUES ('Ann Known', 'ann@known.test'), ('Bob Known', 'bob@known.test')) p (name, email)
             WHERE l.name = 'Known people';
             INSERT INTO comments (id, contact_id, author_id, is_public, body, created_at)
             SELECT gen_random_uuid(), c.id, c.created_by, true, 'Note ' || n || ' about ' || c.name, now() - n * interval '1 hour'
             FROM contacts c, generate_series(1, 8) n;"
        ))
        .await
        .unwrap();
}

/// Adds `labels` labels of `per_label` contacts, each with one public comment; users are created
/// as needed (5 labels each, up to 10,000), and each label is shared with two other users.
async fn seed_bulk(client: &tokio_postgres::Client, labels: i64, per_label: i64) {
    let have: i64 = client
        .query_one("SELECT count(*) FROM labels WHERE name LIKE 'Seed %'", &[])
        .await
        .unwrap()
        .get(0);
    let users = (labels / 5).max(1);
    client
        .execute(
            "INSERT INTO users (id, google_sub, email, hd)
             SELECT gen_random_uuid(), 'seed-' || i, 'user' || i || '@seed.test', 'seed.test' FROM generate_series(1, $1::bigint) i
             ON CONFLICT (google_sub) DO NOTHING",
            &[&users],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO labels (id, owner_id, name)
             SELECT gen_random_uuid(), u.id, 'Seed ' || n
             FROM generate_series($1::bigint + 1, $2::bigint) n JOIN users u ON u.google_sub = 'seed-' || ((n - 1) / 5 + 1)",
            &[&have, &labels],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO shares (id, label_id, grantee_kind, grantee, user_id, role_rank, created_by)
             SELECT gen_random_uuid(), l.id, 'user', u.email, u.id, 1 + (k % 2), l.owner_id
             FROM labels l CROSS JOIN generate_series(1, 2) k
             JOIN users u ON u.google_sub = 'seed-' || (1 + (abs(hashtext(l.id::text || k)) % $1::bigint))
             WHERE l.name LIKE 'Seed %' AND u.id <> l.owner_id AND l.created_at >= now() - interval '1 hour'
             ON CONFLICT DO NOTHING",
            &[&users],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO contacts (id, label_id, name, emails, email_keys, organization, notes, search_text, name_key, created_by, updated_by)
             SELECT gen_random_uuid(), l.id, 'Person ' || l.n || '-' || k,
                    ARRAY['p' || l.n || '-' || k || '@client' || (l.n % 1000) || '.test'],
                    ARRAY['p' || l.n || '-' || k || '@client' || (l.n % 1000) || '.test'],
                    'Company ' || (l.n % 5000), 'Seeded for the benchmark',
                    'person ' || l.n || '-' || k || ' company ' || (l.n % 5000), 'person ' || l.n || '-' || k,
                    l.owner_id, l.owner_id
             FROM (SELECT id, owner_id, substr(name, 6)::bigint AS n FROM labels
                   WHERE name LIKE 'Seed %' AND substr(name, 6)::bigint > $1::bigint) l
             CROSS JOIN generate_series(1, $2::bigint) k",
            &[&have, &per_label],
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO comments (id, contact_id, author_id, is_public, body)
             SELECT gen_random_uuid(), c.id, c.created_by, true, 'Called about the renewal'
             FROM contacts c LEFT JOIN comments m ON m.contact_id = c.id
             WHERE m.id IS NULL AND c.name LIKE 'Person %'",
            &[],
        )
        .await
        .unwrap();
    // The seed is not a change anyone made: nothing to sync (the server runs without a worker).
    client
        .batch_execute("TRUNCATE sync_outbox; ANALYZE")
        .await
        .unwrap();
}
