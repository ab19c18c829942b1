//! Capsule feed benchmark (`cargo bench -p sharebook --bench capsule`), with the Capsule stand-in
//! answering every call after 100 ms and the People API stand-in likewise:
//! 1. the first import of 10,000 parties: time until the label is complete, and requests used,
//!    against Capsule's 4,000 an hour;
//! 2. a party edited in Capsule reaching every member of a 100-member label (time from the edit
//!    to each member's Google copy being written): p50, p95, max with REST hooks, then with polling
//!    only (against the poll interval);
//! 3. requests an idle feed makes per hour.
//!
//! The add-on, the sync worker and the feed worker run in this process against a real PostgreSQL
//! (`DATABASE_URL`, or a private cluster).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::people::{Bench, form, percentile, team_label};
use common::{cpu_model, num_cpus};
use serde_json::{Value, json};
use sharebook::google::people::QuotaBucket;
use sharebook::sync::SyncConfig;
use sharebook_dev::sandbox::capsule::CapsuleStandIn;
use sharebook_dev::sandbox::people::QuotaBucket as StandInBucket;

const OWNER: &str = "owner@bench.test";
/// Owns the 10,000-party label, which is deleted before part 2 (its sync is not measured); of
/// another domain, so the Team label shared with bench.test does not reach them.
const IMPORTER: &str = "importer@import.test";
const MEMBERS: usize = 100;
const PARTIES: usize = 10_000;
const EDITS: usize = 8;
const CALL_DELAY: Duration = Duration::from_millis(100);
const POLL: Duration = Duration::from_secs(15);
const PER_WINDOW: u32 = 60;
const WINDOW: Duration = Duration::from_secs(10);
const BIG: &str = "big";
const TEAM: &str = "team";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

fn sync_config() -> SyncConfig {
    let mut sync = SyncConfig::from_env().unwrap();
    sync.settings.concurrency = 32;
    sync.quotas.window = WINDOW;
    sync.quotas.limits.clear();
    sync.quotas
        .limits
        .insert(QuotaBucket::CriticalWrites, PER_WINDOW);
    sync.quotas
        .limits
        .insert(QuotaBucket::CriticalReads, PER_WINDOW);
    sync
}

fn person(n: usize, tag: &str) -> Value {
    json!({
        "type": "person", "firstName": "Party", "lastName": format!("{n:05}"), "jobTitle": "Buyer",
        "emailAddresses": [{"type": "Work", "address": format!("party{n}@crm.test")}],
        "phoneNumbers": [{"number": format!("+44 20 7946 {:04}", n % 10_000)}],
        "addresses": [], "websites": [], "tags": [{"name": tag}],
    })
}

/// A feed worker polling every `poll`.
fn feed_worker(b: &Bench, poll: Duration) -> tokio::task::JoinHandle<()> {
    let mut common = b.config.common.clone();
    common.crm.poll = poll;
    let worker = sharebook::feeds::FeedWorker::build(&common)
        .unwrap()
        .unwrap();
    tokio::spawn(worker.run())
}

async fn run() {
    println!("machine: {} cores, {}", num_cpus(), cpu_model());
    let b = Bench::start(
        "sharebook_bench_capsule",
        CALL_DELAY,
        WINDOW,
        &[
            (StandInBucket::CriticalWrite, PER_WINDOW),
            (StandInBucket::CriticalRead, PER_WINDOW),
        ],
    )
    .await;
    b.client
        .batch_execute("TRUNCATE crm_feeds, crm_parties, crm_oauth_states CASCADE")
        .await
        .unwrap();
    let capsule = &*b.stand_ins.capsule;
    capsule.set_latency(CALL_DELAY);
    println!(
        "Capsule and People API stand-ins: {} ms per call",
        CALL_DELAY.as_millis()
    );
    first_import(&b, capsule).await;
    // CAPSULE_BENCH_EDITS=0 stops after the import and the idle feed.
    if std::env::var("CAPSULE_BENCH_EDITS").as_deref() != Ok("0") {
        let worker = b.worker(&sync_config());
        edits(&b, capsule).await;
        worker.abort();
    }
}

/// Part 1: 10,000 parties into a new label.
async fn first_import(b: &Bench, capsule: &CapsuleStandIn) {
    capsule.create_account(BIG, "Big Account");
    let sam = capsule.add_user(BIG, "Sam Lee", "sam", true);
    let token = capsule.issue_token(BIG, sam);
    for n in 0..PARTIES {
        capsule.add_party(BIG, person(n, "Customer"));
    }
    b.invoke("/addon/home", IMPORTER, Default::default()).await;
    b.invoke(
        "/addon/labels/create",
        IMPORTER,
        form(&[("label_name", "From Capsule")]),
    )
    .await;
    let label = b
        .scalar("SELECT id::text FROM labels WHERE name = 'From Capsule'")
        .await;
    b.invoke(
        "/addon/feeds/connect",
        IMPORTER,
        form(&[("param.label_id", &label), ("capsule_token", &token)]),
    )
    .await;
    let feeds = feed_worker(b, Duration::from_secs(3600));
    let before = capsule.requests(BIG);
    let started = Instant::now();
    b.invoke(
        "/addon/feeds/choose",
        IMPORTER,
        form(&[("param.label_id", &label), ("feed_scope", "all")]),
    )
    .await;
    b.until(
        "SELECT coalesce((SELECT state FROM crm_feeds WHERE last_success_at IS NOT NULL), 'none')",
        "live",
        Duration::from_secs(900),
    )
    .await;
    let took = started.elapsed().as_secs_f64();
    let used = capsule.requests(BIG) - before;
    let taken = b
        .scalar(&format!(
            "SELECT count(*)::text FROM contacts WHERE label_id = '{label}' AND deleted_at IS NULL"
        ))
        .await;
    println!(
        "first import of {PARTIES} parties: {taken} contacts in {took:.1} s; {used} Capsule requests \
         ({:.1}% of the 4,000 an hour; the minimum is {} pages + 1 deletions call, {:.1} s of calls)",
        used as f64 / 40.0,
        PARTIES.div_ceil(100),
        (PARTIES.div_ceil(100) + 1) as f64 * CALL_DELAY.as_secs_f64()
    );
    feeds.abort();
    // Idle cost: the same feed at the default poll (60 s), five minutes with nothing changing.
    let idle = Duration::from_secs(300);
    let feeds = feed_worker(b, Duration::from_secs(60));
    // The import's worker scheduled the next run an hour away: from now on, every 60 s.
    b.client
        .batch_execute("UPDATE crm_feeds SET due_at = now()")
        .await
        .unwrap();
    let before = capsule.requests(BIG);
    // The first minutes still re-read the import's 10,000 parties (changed within the overlap);
    // after that the feed is idle.
    let settled = Duration::from_secs(180);
    tokio::time::sleep(settled).await;
    let after_burst = capsule.requests(BIG) - before;
    tokio::time::sleep(idle).await;
    let used = capsule.requests(BIG) - before - after_burst;
    feeds.abort();
    let per_hour = used as f64 * 3600.0 / idle.as_secs_f64();
    println!(
        "feed polled every 60 s, first {} s after the import: {after_burst} requests (the \
         10,000 new parties read again while within the {} s overlap)",
        settled.as_secs(),
        sharebook::domain::feed::OVERLAP.as_secs()
    );
    println!(
        "idle feed polled every 60 s: {used} requests in the next {} s: {per_hour:.0} an hour \
         ({:.1}% of the 4,000)",
        idle.as_secs(),
        per_hour / 40.0
    );
    b.client
        .batch_execute(&format!(
            "DELETE FROM labels WHERE id = '{label}'; TRUNCATE sync_outbox, sync_pending"
        ))
        .await
        .unwrap();
}

/// Part 2: edits in Capsule reaching 100 members, with hooks and then by polling.
async fn edits(b: &Bench, capsule: &CapsuleStandIn) {
    capsule.create_account(TEAM, "Team Account");
    let sam = capsule.add_user(TEAM, "Sam Lee", "sam", true);
    capsule.register_client("sharebook-sandbox", "sandbox-secret");
    let parties: Vec<i64> = (0..20)
        .map(|n| capsule.add_party(TEAM, person(n, "Team")))
        .collect();
    let members = team_label(b, OWNER, MEMBERS).await;
    let label = b
        .scalar("SELECT id::text FROM labels WHERE name = 'Team'")
        .await;
    let feeds = feed_worker(b, Duration::from_secs(3600));
    oauth_connect(b, &label, sam).await;
    b.invoke(
        "/addon/feeds/choose",
        OWNER,
        form(&[("param.label_id", &label), ("feed_scope", "all")]),
    )
    .await;
    b.until(
        &format!(
            "SELECT (count(*) = 40)::text FROM contacts WHERE label_id = '{label}' AND deleted_at IS NULL"
        ),
        "true",
        Duration::from_secs(120),
    )
    .await;
    let started = Instant::now();
    b.until(
        "SELECT (count(DISTINCT user_id) = 101 AND count(*) >= 101 * 40)::text
         FROM sync_contacts WHERE resource_name IS NOT NULL",
        "true",
        Duration::from_secs(900),
    )
    .await;
    b.settle().await;
    println!(
        "initial sync of the 40-contact label to {} members: {:.1} s",
        MEMBERS + 1,
        started.elapsed().as_secs_f64()
    );
    let everyone: Vec<String> = std::iter::once(OWNER.to_owned())
        .chain(members.iter().cloned())
        .collect();
    let hooked = measure(b, capsule, &parties, &everyone, "hook").await;
    report("with REST hooks (polling every hour)", &hooked, None);
    // Polling only: the hooks are forgotten (their deliveries now find no feed).
    feeds.abort();
    b.client
        // The hooked worker scheduled the next poll an hour away: from now on, every POLL.
        .batch_execute(
            "UPDATE crm_feeds SET hook_secret_hash = NULL, hook_ids = '{}', due_at = now()",
        )
        .await
        .unwrap();
    let feeds = feed_worker(b, POLL);
    let polled = measure(b, capsule, &parties, &everyone, "poll").await;
    report(
        &format!("polling only, every {} s", POLL.as_secs()),
        &polled,
        Some(POLL),
    );
    feeds.abort();
}

fn report(how: &str, samples: &[f64], poll: Option<Duration>) {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    let target = poll.map_or(String::new(), |p| {
        format!(" (poll interval {} s)", p.as_secs())
    });
    println!(
        "a party edited in Capsule reaching {MEMBERS} members + the owner, {how}: {} samples, \
         p50 {:.2} s, p95 {:.2} s, max {:.2} s{target}",
        s.len(),
        percentile(&s, 0.5),
        percentile(&s, 0.95),
        s.last().copied().unwrap_or_default(),
    );
}

/// `EDITS` edits of a party's job title; for each member, the time until their copy is written.
async fn measure(
    b: &Bench,
    capsule: &CapsuleStandIn,
    parties: &[i64],
    everyone: &[String],
    what: &str,
) -> Vec<f64> {
    let mut latencies = Vec::new();
    for edit in 0..EDITS {
        // Edits land anywhere in the poll cycle.
        tokio::time::sleep(Duration::from_millis(700 + 2_300 * edit as u64 % 13_000)).await;
        let party = parties[edit % parties.len()];
        let before: BTreeMap<&String, usize> = everyone
            .iter()
            .map(|m| (m, b.stand_ins.people.calls(m).len()))
            .collect();
        let title = format!("{what} {edit}");
        let t0 = Instant::now();
        assert!(capsule.update_party(TEAM, party, json!({ "jobTitle": title })));
        for m in everyone {
            let deadline = Instant::now() + Duration::from_secs(180);
            let write = loop {
                let calls = b.stand_ins.people.calls(m);
                if let Some(c) = calls
                    .iter()
                    .skip(before[m])
                    .find(|c| c.status == 200 && c.method.contains("pdateContact"))
                {
                    break c.at;
                }
                assert!(Instant::now() < deadline, "the edit never reached {m}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            latencies.push((write + CALL_DELAY).duration_since(t0).as_secs_f64());
        }
    }
    latencies
}

/// The owner signs in with Capsule from the feed card, as in the browser.
async fn oauth_connect(b: &Bench, label: &str, user: i64) {
    let body = b
        .invoke(
            "/addon/feeds/open",
            OWNER,
            form(&[("param.label_id", label)]),
        )
        .await;
    let link = find_link(&body).expect("a Sign in with Capsule link");
    let url = url::Url::parse(&link).unwrap();
    let mut allow: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    allow.push(("user_id".into(), user.to_string()));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = http
        .post(link.split('?').next().unwrap())
        .form(&allow)
        .send()
        .await
        .unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_owned();
    let page = http
        .get(&callback)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("instant updates"), "{page}");
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
