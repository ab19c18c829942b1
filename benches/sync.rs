//! Sync benchmark (`cargo bench -p sharebook --bench sync`), with the People API stand-in answering every call
//! after 100 ms:
//! 1. one edit in a label shared with 100 members: time until it is in all 100 Google accounts
//!    (p50, p95, max over several edits), and People API writes per member per edit;
//! 2. a 10,000-contact label shared with a new member: time until all of it is in their Google
//!    Contacts, next to the minimum the batch size and the configured per-user quota allow, and
//!    how many calls were refused with 429.
//!
//! The add-on and one worker run in this process against a real PostgreSQL (`DATABASE_URL`, or a
//! private cluster). `SYNC_CONCURRENCY` sets the worker's member parallelism (default 32 here).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::time::{Duration, Instant};

use common::people::{Bench, form, minimum_time, percentile, team_label};
use common::{cpu_model, num_cpus};
use sharebook::google::people::QuotaBucket;
use sharebook::sync::SyncConfig;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::people::QuotaBucket as StandInBucket;

const OWNER: &str = "owner@bench.test";
const MEMBERS: usize = 100;
const EDITS: usize = 10;
const BIG: i64 = 10_000;
const CALL_DELAY: Duration = Duration::from_millis(100);
/// The quota of the second part: critical writes per window (a 200-contact batch costs 6).
const WRITES_PER_WINDOW: u32 = 60;
const WINDOW: Duration = Duration::from_secs(10);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    println!("machine: {} cores, {}", num_cpus(), cpu_model());
    let bench = Bench::start(
        "sharebook_bench_sync",
        CALL_DELAY,
        WINDOW,
        &[(StandInBucket::CriticalWrite, WRITES_PER_WINDOW)],
    )
    .await;
    let mut sync = SyncConfig::from_env().unwrap();
    if std::env::var("SYNC_CONCURRENCY").is_err() {
        sync.settings.concurrency = 32;
    }
    sync.quotas.window = WINDOW;
    sync.quotas
        .limits
        .insert(QuotaBucket::CriticalWrites, WRITES_PER_WINDOW);
    for bucket in [
        QuotaBucket::CriticalReads,
        QuotaBucket::DeletesAndGroupWrites,
        QuotaBucket::GroupReads,
    ] {
        sync.quotas.limits.remove(&bucket);
    }
    println!(
        "People API stand-in: {} ms per call; per-user quota {WRITES_PER_WINDOW} critical writes per {} s; worker concurrency {}",
        CALL_DELAY.as_millis(),
        WINDOW.as_secs(),
        sync.settings.concurrency
    );
    let _worker = bench.worker(&sync);
    fan_out(&bench).await;
    big_label(&bench).await;
}

/// Part 1: one edit, 100 members.
async fn fan_out(b: &Bench) {
    let members = team_label(b, OWNER, MEMBERS).await;
    let started = Instant::now();
    b.settle().await;
    println!(
        "initial sync of a 20-contact label to {} members: {:.2} s",
        MEMBERS + 1,
        started.elapsed().as_secs_f64()
    );
    let contact = b
        .scalar("SELECT id::text FROM contacts WHERE name = 'Client 00'")
        .await;
    let everyone: Vec<String> = std::iter::once(OWNER.to_owned()).chain(members).collect();
    let mut latencies = Vec::new();
    let mut writes_per_member = Vec::new();
    for edit in 0..EDITS {
        let before: Vec<usize> = everyone
            .iter()
            .map(|m| b.stand_ins.people.calls(m).len())
            .collect();
        let writes_before: Vec<usize> = everyone
            .iter()
            .map(|m| b.stand_ins.people.write_calls(m))
            .collect();
        let version = b
            .scalar(&format!(
                "SELECT version::text FROM contacts WHERE id = '{contact}'"
            ))
            .await;
        let t0 = Instant::now();
        b.invoke(
            "/addon/contacts/save",
            OWNER,
            form(&[
                ("param.contact_id", &contact),
                ("param.version", &version),
                ("contact_name", "Client 00"),
                ("contact_title", &format!("Buyer {edit}")),
            ]),
        )
        .await;
        b.settle().await;
        for (m, skip) in everyone.iter().zip(&before) {
            let calls = b.stand_ins.people.calls(m);
            let write = calls
                .iter()
                .skip(*skip)
                .find(|c| c.status == 200 && c.method.contains("Contact"))
                .expect("the edit reached this member");
            // Applied when answered: arrival plus the stand-in's delay.
            latencies.push((write.at + CALL_DELAY).duration_since(t0).as_secs_f64() * 1000.0);
        }
        for (m, before) in everyone.iter().zip(&writes_before) {
            writes_per_member.push(b.stand_ins.people.write_calls(m) - before);
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "one edit to {} members ({EDITS} edits, {} samples): p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms (target p95 < 1000 ms)",
        everyone.len(),
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        latencies.last().copied().unwrap_or_default()
    );
    let min = writes_per_member.iter().min().copied().unwrap_or_default();
    let max = writes_per_member.iter().max().copied().unwrap_or_default();
    println!("People API writes per member per edit: min {min}, max {max} (target exactly 1)");
}

/// Part 2: a 10,000-contact label shared with someone new.
async fn big_label(b: &Bench) {
    let newcomer = "newcomer@bench.test";
    b.invoke("/addon/home", newcomer, Interaction::default())
        .await;
    b.invoke(
        "/addon/labels/create",
        OWNER,
        form(&[("label_name", "Big")]),
    )
    .await;
    let label = b
        .scalar("SELECT id::text FROM labels WHERE name = 'Big'")
        .await;
    // Only the newcomer's run is measured: the owner does not sync this label.
    b.client
        .execute(
            "INSERT INTO sync_opt_outs (user_id, label_id)
             SELECT owner_id, id FROM labels WHERE id = $1::text::uuid",
            &[&label],
        )
        .await
        .unwrap();
    b.client
        .execute(
            "INSERT INTO contacts (id, label_id, name, emails, phones, organization, created_by, updated_by)
             SELECT gen_random_uuid(), l.id, 'Big ' || n, ARRAY['big' || n || '@client.test'],
                    ARRAY['+44 20 7946 ' || n], 'Client Ltd', l.owner_id, l.owner_id
             FROM labels l, generate_series(1, $2::bigint) n WHERE l.id = $1::text::uuid",
            &[&label, &BIG],
        )
        .await
        .unwrap();
    b.settle().await;
    // The newcomer's first visit synced the team label into their account moments ago: let that
    // use of their quota leave the window, so the minimum below is the one a fresh quota allows.
    tokio::time::sleep(WINDOW).await;
    let t0 = Instant::now();
    b.invoke(
        "/addon/shares/create",
        OWNER,
        form(&[
            ("param.label_id", &label),
            ("share_grantee", newcomer),
            ("share_kind", "user"),
            ("share_role", "viewer"),
        ]),
    )
    .await;
    b.settle().await;
    let elapsed = t0.elapsed();
    let snapshot = b.stand_ins.people.snapshot(newcomer);
    let ours = snapshot
        .people
        .iter()
        .filter(|p| {
            p["clientData"]
                .as_array()
                .is_some_and(|c| c.iter().any(|e| e["value"] == label.as_str()))
        })
        .count();
    assert_eq!(ours as i64, BIG, "every contact arrived");
    let calls: Vec<_> = b
        .stand_ins
        .people
        .calls(newcomer)
        .into_iter()
        .filter(|c| c.at >= t0)
        .collect();
    let refused = calls.iter().filter(|c| c.status == 429).count();
    let mut by_method: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in &calls {
        *by_method.entry(c.method).or_default() += 1;
    }
    if let (Some(first), Some(last)) = (calls.first(), calls.last()) {
        println!(
            "  calls {by_method:?}; first arrived {:.2} s after the share, last {:.2} s",
            first.at.duration_since(t0).as_secs_f64(),
            last.at.duration_since(t0).as_secs_f64()
        );
    }
    let batches = (BIG as usize).div_ceil(200);
    // The group is created first (another bucket), then the batches.
    let minimum = CALL_DELAY + minimum_time(batches, 6, CALL_DELAY, WRITES_PER_WINDOW, WINDOW);
    println!(
        "10,000-contact label to a new member: {:.2} s; minimum the quota allows {:.2} s; ratio {:.3} (target <= 1.1); {} calls, {refused} refused with 429",
        elapsed.as_secs_f64(),
        minimum.as_secs_f64(),
        elapsed.as_secs_f64() / minimum.as_secs_f64(),
        calls.len(),
    );
}
