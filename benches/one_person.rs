//! One Google contact per person (`cargo bench -p sharebook --bench one_person`): People API
//! writes into one member's account for a person who is in five labels shared with them.
//!
//! 1. The five labels, each holding only Ada, are shared with the member one after another:
//!    their writes by method, and how many Google contacts Ada becomes.
//! 2. One edit of Ada in one label: the member's writes.
//! 3. Ada deleted from one label: the member's writes.
//! 4. The same five labels with 200 other contacts each, shared with a second member at once:
//!    time until settled and their writes.
//!
//! The add-on and one worker run in this process against a real PostgreSQL (`DATABASE_URL`, or a
//! private cluster), the People API stand-in answering after 20 ms, quotas off.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::people::{Bench, form};
use common::{cpu_model, num_cpus};
use sharebook::sync::SyncConfig;
use sharebook_dev::sandbox::host::Interaction;

const OWNER: &str = "owner@bench.test";
const MEMBER: &str = "member@bench.test";
const SECOND: &str = "second@bench.test";
const LABELS: usize = 5;
const OTHERS: usize = 200;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

/// `email`'s successful writes since call `from`, by method.
fn writes(b: &Bench, email: &str, from: usize) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for c in b.stand_ins.people.calls(email).iter().skip(from) {
        if c.status == 200 && !is_read(c.method) {
            *out.entry(c.method).or_default() += 1;
        }
    }
    out
}

/// `email`'s successful reads since call `from`.
fn reads(b: &Bench, email: &str, from: usize) -> usize {
    b.stand_ins
        .people
        .calls(email)
        .iter()
        .skip(from)
        .filter(|c| c.status == 200 && is_read(c.method))
        .count()
}

fn is_read(method: &str) -> bool {
    method.contains(".get") || method.contains(".list") || method.contains("batchGet")
}

fn ada_copies(b: &Bench, email: &str) -> usize {
    b.stand_ins
        .people
        .snapshot(email)
        .people
        .iter()
        .filter(|p| p.to_string().contains("ada@bench.test"))
        .count()
}

fn total(w: &BTreeMap<&'static str, usize>) -> usize {
    w.values().sum()
}

async fn share(b: &Bench, label: &str, who: &str) {
    b.invoke(
        "/addon/shares/create",
        OWNER,
        form(&[
            ("param.label_id", label),
            ("share_grantee", who),
            ("share_kind", "user"),
            ("share_role", "editor"),
        ]),
    )
    .await;
}

async fn run() {
    println!("machine: {} cores, {}", num_cpus(), cpu_model());
    let bench = Bench::start(
        "sharebook_bench_one_person",
        Duration::from_millis(20),
        Duration::from_secs(60),
        &[],
    )
    .await;
    let mut sync = SyncConfig::from_env().unwrap();
    sync.quotas.limits.clear();
    for who in [OWNER, MEMBER, SECOND] {
        bench
            .invoke("/addon/home", who, Interaction::default())
            .await;
    }
    let mut labels = Vec::new();
    for n in 1..=LABELS {
        let name = format!("Label {n}");
        bench
            .invoke(
                "/addon/labels/create",
                OWNER,
                form(&[("label_name", &name)]),
            )
            .await;
        let label = bench
            .scalar(&format!(
                "SELECT id::text FROM labels WHERE name = '{name}'"
            ))
            .await;
        bench
            .invoke(
                "/addon/contacts/create",
                OWNER,
                form(&[
                    ("param.label_id", &label),
                    ("contact_name", "Ada Lovelace"),
                    ("contact_emails", "ada@bench.test"),
                    ("contact_phones", &format!("+44 20 7946 000{n}")),
                    ("contact_notes", &format!("Noted in label {n}")),
                ]),
            )
            .await;
        labels.push(label);
    }
    let _worker = bench.worker(&sync);
    bench.settle().await;

    // 1. Shared one after another.
    let from = bench.stand_ins.people.calls(MEMBER).len();
    for label in &labels {
        share(&bench, label, MEMBER).await;
        bench.settle().await;
    }
    let w = writes(&bench, MEMBER, from);
    println!(
        "1. five labels holding Ada shared one by one: {} writes {w:?}, {} reads; Ada is {} Google contact(s)",
        total(&w),
        reads(&bench, MEMBER, from),
        ada_copies(&bench, MEMBER)
    );

    // 2. One edit.
    let contact = bench
        .scalar(&format!(
            "SELECT id::text FROM contacts WHERE label_id = '{}'",
            labels[2]
        ))
        .await;
    let version = bench
        .scalar(&format!(
            "SELECT version::text FROM contacts WHERE id = '{contact}'"
        ))
        .await;
    let from = bench.stand_ins.people.calls(MEMBER).len();
    bench
        .invoke(
            "/addon/contacts/save",
            OWNER,
            form(&[
                ("param.contact_id", &contact),
                ("param.version", &version),
                ("contact_name", "Ada Lovelace"),
                ("contact_emails", "ada@bench.test"),
                ("contact_title", "Countess"),
            ]),
        )
        .await;
    bench.settle().await;
    let w = writes(&bench, MEMBER, from);
    println!(
        "2. one edit of Ada in one label: {} writes {w:?}, {} reads",
        total(&w),
        reads(&bench, MEMBER, from)
    );

    // 3. Deleted from one label.
    let from = bench.stand_ins.people.calls(MEMBER).len();
    bench
        .invoke(
            "/addon/contacts/delete",
            OWNER,
            form(&[("param.contact_id", &contact)]),
        )
        .await;
    bench.settle().await;
    let w = writes(&bench, MEMBER, from);
    println!(
        "3. Ada deleted from one label: {} writes {w:?}, {} reads; Ada is {} Google contact(s)",
        total(&w),
        reads(&bench, MEMBER, from),
        ada_copies(&bench, MEMBER)
    );
    bench
        .invoke(
            "/addon/contacts/restore",
            OWNER,
            form(&[("param.contact_id", &contact)]),
        )
        .await;
    bench.settle().await;

    // 4. Bigger labels, shared with someone new at once.
    for (i, label) in labels.iter().enumerate() {
        bench
            .client
            .execute(
                "INSERT INTO contacts (id, label_id, name, emails, created_by, updated_by)
                 SELECT gen_random_uuid(), l.id, 'Other ' || $2::int || '-' || n,
                        ARRAY['other' || $2::int || '-' || n || '@client.test'], l.owner_id, l.owner_id
                 FROM labels l, generate_series(1, $3::int) n WHERE l.id = $1::text::uuid",
                &[
                    label,
                    &i32::try_from(i).unwrap(),
                    &i32::try_from(OTHERS).unwrap(),
                ],
            )
            .await
            .unwrap();
    }
    bench.settle().await;
    let from = bench.stand_ins.people.calls(SECOND).len();
    let t0 = Instant::now();
    for label in &labels {
        share(&bench, label, SECOND).await;
    }
    bench.settle().await;
    let elapsed = t0.elapsed();
    let w = writes(&bench, SECOND, from);
    println!(
        "4. five labels of {} contacts (Ada in each) shared at once: settled in {:.2} s, {} writes {w:?}; Ada is {} Google contact(s), {} of ours in all",
        OTHERS + 1,
        elapsed.as_secs_f64(),
        total(&w),
        ada_copies(&bench, SECOND),
        bench.stand_ins.people.snapshot(SECOND).people.len()
    );
}
