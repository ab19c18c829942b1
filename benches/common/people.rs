//! What the People API benches share: the add-on, the Google stand-ins and a database in this
//! process, a worker on demand, and the quota arithmetic their figures are compared with.
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::Value;
use sharebook::config::{Config, PublicUrl};
use sharebook::startup::Application;
use sharebook::sync::metrics::SyncMetrics;
use sharebook::sync::{SyncConfig, Worker};
use sharebook_dev::local_postgres::LocalPostgres;
use sharebook_dev::sandbox::StandIns;
use sharebook_dev::sandbox::host::{GoogleHost, Interaction};
use sharebook_dev::sandbox::issuer::SandboxUser;
use sharebook_dev::sandbox::people::QuotaBucket;

/// The running pieces.
pub struct Bench {
    /// Signs and sends add-on requests as Google would.
    pub host: GoogleHost,
    /// The stand-ins (the People API's counts and knobs).
    pub stand_ins: StandIns,
    /// A database connection for the bench's own queries.
    pub client: tokio_postgres::Client,
    /// The deployment's configuration (workers are built from it).
    pub config: Config,
    _cluster: Option<LocalPostgres>,
}

impl Bench {
    /// Starts everything on database `name` (emptied), the People stand-in answering after
    /// `delay` with per-user `quotas` per `window`.
    pub async fn start(
        name: &str,
        delay: Duration,
        window: Duration,
        quotas: &[(QuotaBucket, u32)],
    ) -> Self {
        let (database_url, cluster) = super::database(name).await;
        let database_url = SecretString::from(database_url);
        sharebook::storage::migrate(&database_url).await.unwrap();
        let (client, connection) = tokio_postgres::connect(
            secrecy::ExposeSecret::expose_secret(&database_url),
            tokio_postgres::NoTls,
        )
        .await
        .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute(
                "TRUNCATE users, labels, shares, contacts, sync_outbox, sync_pending, sync_members,
                          sync_targets, sync_groups, sync_contacts, label_imports CASCADE",
            )
            .await
            .unwrap();
        let app_listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let public_url =
            PublicUrl::parse(&format!("http://{}", app_listener.local_addr().unwrap())).unwrap();
        let (stand_ins, stand_in_server) =
            StandIns::start(public_url, "127.0.0.1:0".parse().unwrap()).unwrap();
        tokio::spawn(stand_in_server);
        let mut config = stand_ins
            .config(database_url, app_listener.local_addr().unwrap())
            .unwrap();
        config.database_pool_size = 8;
        let app = Application::build_with_listener(config.clone(), app_listener).unwrap();
        tokio::spawn(app.run_until_stopped());
        stand_ins.people.set_delay(delay);
        stand_ins.people.set_quota_window(window);
        for (bucket, limit) in quotas {
            stand_ins.people.set_quota(*bucket, Some(*limit));
        }
        Self {
            host: stand_ins.host.clone(),
            stand_ins,
            client,
            config,
            _cluster: cluster,
        }
    }

    /// One add-on request as `email`; its answer, which must be a 200.
    pub async fn invoke(&self, path: &str, email: &str, i: Interaction) -> Value {
        let (status, body) = self
            .host
            .invoke(path, &SandboxUser::workspace(email), &i)
            .await
            .unwrap();
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// The one text value `sql` answers.
    pub async fn scalar(&self, sql: &str) -> String {
        self.client.query_one(sql, &[]).await.unwrap().get(0)
    }

    /// Waits until `sql` answers `want` (polled every 50 ms, for at most `limit`).
    pub async fn until(&self, sql: &str, want: &str, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            if self.scalar(sql).await == want {
                return;
            }
            assert!(Instant::now() < deadline, "{sql} never answered {want}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until nothing is left to sync (outbox and queue empty, no lease held).
    pub async fn settle(&self) {
        self.until(
            "SELECT ((SELECT count(*) FROM sync_outbox) + (SELECT count(*) FROM sync_pending)
              + (SELECT count(*) FROM sync_members WHERE lease_owner IS NOT NULL))::text",
            "0",
            Duration::from_secs(900),
        )
        .await;
    }

    /// A sync worker with `sync`, running until the handle is aborted.
    pub fn worker(&self, sync: &SyncConfig) -> tokio::task::JoinHandle<()> {
        let worker =
            Worker::build(&self.config.common, sync, Arc::new(SyncMetrics::new())).unwrap();
        tokio::spawn(worker.run())
    }
}

/// `owner`'s label "Team" with 20 contacts, shared by domain (editor) with `members` users of
/// bench.test who have each used the add-on once; the members' addresses.
pub async fn team_label(b: &Bench, owner: &str, members: usize) -> Vec<String> {
    b.invoke("/addon/home", owner, Interaction::default()).await;
    let members: Vec<String> = (0..members)
        .map(|n| format!("member{n:03}@bench.test"))
        .collect();
    for m in &members {
        b.invoke("/addon/home", m, Interaction::default()).await;
    }
    b.invoke(
        "/addon/labels/create",
        owner,
        form(&[("label_name", "Team")]),
    )
    .await;
    let label = b
        .scalar("SELECT id::text FROM labels WHERE name = 'Team'")
        .await;
    for n in 0..20 {
        b.invoke(
            "/addon/contacts/create",
            owner,
            form(&[
                ("param.label_id", &label),
                ("contact_name", &format!("Client {n:02}")),
                ("contact_emails", &format!("client{n}@client.test")),
            ]),
        )
        .await;
    }
    b.invoke(
        "/addon/shares/create",
        owner,
        form(&[
            ("param.label_id", &label),
            ("share_grantee", "bench.test"),
            ("share_kind", "domain"),
            ("share_role", "editor"),
        ]),
    )
    .await;
    members
}

/// An interaction: `param.x` pairs are action parameters, the others form inputs.
pub fn form(pairs: &[(&str, &str)]) -> Interaction {
    let mut i = Interaction::default();
    for (k, v) in pairs {
        if let Some(p) = k.strip_prefix("param.") {
            i.parameters.insert(p.into(), (*v).into());
        } else {
            i.form_inputs.insert((*k).into(), vec![(*v).into()]);
        }
    }
    i
}

/// The `p` quantile of sorted samples (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The shortest time `calls` calls can take one after another, each answered after `delay`, when
/// each costs `cost` of `limit` units per sliding `window` counted from its answer.
pub fn minimum_time(
    calls: usize,
    cost: u32,
    delay: Duration,
    limit: u32,
    window: Duration,
) -> Duration {
    let per_window = (limit / cost) as usize;
    let mut answered: Vec<Duration> = Vec::new();
    let mut now = Duration::ZERO;
    for i in 0..calls {
        if i >= per_window {
            now = now.max(answered[i - per_window] + window);
        }
        now += delay;
        answered.push(now);
    }
    now
}
