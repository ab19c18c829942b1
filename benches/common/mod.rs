//! Helpers shared by the benchmarks: the load generator, the database, machine facts.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use sharebook_dev::local_postgres::LocalPostgres;

pub mod people;

pub const CONNECTIONS: usize = 64;
pub const WARMUP: Duration = Duration::from_secs(2);

/// Seconds measured per run; `BENCH_SECONDS` overrides the default of 10.
pub fn measure() -> Duration {
    Duration::from_secs(
        std::env::var("BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(10),
    )
}

pub struct LoadResult {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests: usize,
    pub errors: usize,
    /// Every request answered, warm-up included (for CPU per request).
    pub answered: usize,
}

pub async fn load<F>(request: F) -> LoadResult
where
    F: Fn() -> reqwest::RequestBuilder + Clone + Send + Sync + 'static,
{
    let start = Instant::now();
    let measure_from = start + WARMUP;
    let end = measure_from + measure();
    let request = Arc::new(request);
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut answered = 0;
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let ok = match request().send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                answered += usize::from(ok);
                if sent >= measure_from {
                    if ok {
                        latencies.push(sent.elapsed());
                    } else {
                        errors += 1;
                    }
                }
            }
            (latencies, errors, answered)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    let mut answered = 0;
    for t in tasks {
        let (l, e, a) = t.await.unwrap();
        all.extend(l);
        errors += e;
        answered += a;
    }
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    LoadResult {
        rps: all.len() as f64 / measure().as_secs_f64(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        requests: all.len(),
        errors,
        answered,
    }
}

/// CPU time per answered request during one load, in microseconds.
pub struct CpuPerRequest {
    pub server_us: f64,
    pub postgres_us: f64,
}

/// Runs [`load`] and measures the CPU the server `pid` and PostgreSQL spent on it.
pub async fn load_with_cpu<F>(pid: u32, request: F) -> (LoadResult, CpuPerRequest)
where
    F: Fn() -> reqwest::RequestBuilder + Clone + Send + Sync + 'static,
{
    let before = cpu_seconds(pid);
    let result = load(request).await;
    let after = cpu_seconds(pid);
    let answered = result.answered.max(1) as f64;
    let cpu = CpuPerRequest {
        server_us: (after.0 - before.0) * 1e6 / answered,
        postgres_us: (after.1 - before.1) * 1e6 / answered,
    };
    (result, cpu)
}

/// CPU time (user and system, in seconds) used so far by process `pid` (all its threads) and by
/// every process named `postgres` (the private cluster's server and its backends). CPU time per
/// request is steadier than throughput on a shared virtual machine, whose speed drifts by ±20%.
fn cpu_seconds(pid: u32) -> (f64, f64) {
    // Linux reports these in clock ticks of 1/100 s on every mainstream architecture.
    const TICKS_PER_SECOND: f64 = 100.0;
    let ticks = |stat: &str| -> Option<(String, u64)> {
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let comm = stat.get(open + 1..close)?.to_owned();
        let fields: Vec<&str> = stat.get(close + 2..)?.split(' ').collect();
        let user: u64 = fields.get(11)?.parse().ok()?;
        let system: u64 = fields.get(12)?.parse().ok()?;
        Some((comm, user + system))
    };
    let mut own = 0;
    let mut postgres = 0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((comm, t)) = ticks(&stat) else {
            continue;
        };
        if entry.file_name().to_str() == Some(pid.to_string().as_str()) {
            own += t;
        } else if comm == "postgres" {
            postgres += t;
        }
    }
    (
        own as f64 / TICKS_PER_SECOND,
        postgres as f64 / TICKS_PER_SECOND,
    )
}

pub async fn database(name: &str) -> (String, Option<LocalPostgres>) {
    match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => (url, None),
        None => {
            let cluster = LocalPostgres::start().unwrap();
            sharebook_dev::dev::create_database(&cluster.url("postgres"), name)
                .await
                .unwrap();
            (cluster.url(name), Some(cluster))
        }
    }
}

pub fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

pub fn num_cpus() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// Starts the real `sharebook serve --no-migrate --no-worker` on `port` against the stand-ins'
/// key set (`certs`), and waits until it is ready; the child and an HTTP client sized for the load.
pub async fn serve_addon(
    database_url: &str,
    public_url: &sharebook::config::PublicUrl,
    certs: &str,
    port: u16,
) -> (std::process::Child, reqwest::Client) {
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_sharebook"))
        .args(["serve", "--no-migrate", "--no-worker"])
        .env("DATABASE_URL", database_url)
        .env("PUBLIC_URL", public_url.to_string())
        .env(
            "ADDON_SERVICE_ACCOUNT_EMAIL",
            sharebook_dev::sandbox::SERVICE_ACCOUNT_EMAIL,
        )
        .env(
            "ADDON_OAUTH_CLIENT_ID",
            sharebook_dev::sandbox::OAUTH_CLIENT_ID,
        )
        .env("GOOGLE_CERTS_URL", certs)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
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
    (server, client)
}
