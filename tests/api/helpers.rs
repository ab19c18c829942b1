//! `spawn_app()`: the server on a random port, a fresh database cloned from a migrated template,
//! and the Google stand-in (key set + event host) from `sharebook_dev::sandbox`.

use std::net::TcpListener;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use deadpool_postgres::Pool;
use secrecy::SecretString;
use serde_json::Value;
use sharebook::config::{Config, LogFormat, PublicUrl};
use sharebook::startup::Application;
use sharebook::storage;
use sharebook::sync::SyncConfig;
use sharebook::sync::Worker;
use sharebook::sync::metrics::SyncMetrics;
use sharebook_dev::local_postgres::LocalPostgres;
use sharebook_dev::sandbox::StandIns;
use sharebook_dev::sandbox::directory::DirectoryStandIn;
use sharebook_dev::sandbox::gmail::GmailStandIn;
use sharebook_dev::sandbox::host::{GoogleHost, Interaction};
use sharebook_dev::sandbox::issuer::{Issuer, SandboxUser};
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::card_check;

/// The server every test database lives on: `DATABASE_URL`, or a private cluster for this run.
/// Failing to get one fails the test run loudly; nothing is skipped.
fn admin_url() -> &'static str {
    static ADMIN: OnceLock<(String, Option<LocalPostgres>)> = OnceLock::new();
    let (url, _cluster) = ADMIN.get_or_init(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            sharebook::telemetry::init(LogFormat::Text);
        }
        match std::env::var("DATABASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
        {
            Some(url) => (url, None),
            None => {
                let cluster = LocalPostgres::start().unwrap_or_else(|e| {
                    panic!("tests need PostgreSQL and none could be started: {e}")
                });
                (cluster.url("postgres"), Some(cluster))
            }
        }
    });
    url
}

/// `url` pointed at another database on the same server.
pub fn url_for_database(url: &str, database: &str) -> String {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let mut parsed = url::Url::parse(url).expect("DATABASE_URL is a URL");
        parsed.set_path(database);
        parsed.to_string()
    } else {
        format!("{url} dbname={database}")
    }
}

async fn admin_client() -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(admin_url(), tokio_postgres::NoTls)
        .await
        .expect("cannot connect to the test PostgreSQL server");
    tokio::spawn(connection);
    client
}

/// Name of the migrated template, which changes whenever a migration file does.
fn template_name() -> String {
    use sha2::{Digest, Sha256};
    let mut files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .expect("migrations directory")
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    let mut h = Sha256::new();
    for f in files {
        h.update(f.file_name().unwrap().as_encoded_bytes());
        h.update(std::fs::read(&f).unwrap());
    }
    let digest = h.finalize();
    format!(
        "sharebook_tpl_{}",
        digest
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

async fn template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = template_name();
            let admin = admin_client().await;
            // Test processes sharing one DATABASE_URL build the template once, one at a time.
            admin
                .execute("SELECT pg_advisory_lock(4242)", &[])
                .await
                .unwrap();
            let exists = admin
                .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
                .await
                .unwrap();
            if exists.is_none() {
                let building = format!("{name}_building");
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{building}\""))
                    .await
                    .unwrap();
                admin
                    .batch_execute(&format!("CREATE DATABASE \"{building}\""))
                    .await
                    .unwrap();
                storage::migrate(&SecretString::from(url_for_database(
                    admin_url(),
                    &building,
                )))
                .await
                .expect("migrations apply to an empty database");
                admin
                    .batch_execute(&format!(
                        "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
                    ))
                    .await
                    .unwrap();
            }
            admin
                .execute("SELECT pg_advisory_unlock(4242)", &[])
                .await
                .unwrap();
            name
        })
        .await
}

/// A new, empty database (no migrations); its connection string.
pub async fn empty_database() -> String {
    let name = format!("test_{}", Uuid::new_v4().simple());
    admin_client()
        .await
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    url_for_database(admin_url(), &name)
}

/// A new database with every migration applied; its connection string.
pub async fn migrated_database() -> String {
    let template = template().await;
    let name = format!("test_{}", Uuid::new_v4().simple());
    admin_client()
        .await
        .batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        ))
        .await
        .unwrap();
    url_for_database(admin_url(), &name)
}

/// A running server with its own database and Google stand-in.
pub struct TestApp {
    pub public_url: PublicUrl,
    pub host: GoogleHost,
    pub issuer: Arc<Issuer>,
    pub pool: Pool,
    pub http: reqwest::Client,
    pub gmail: Arc<GmailStandIn>,
    pub directory: Arc<DirectoryStandIn>,
    pub stand_ins: StandIns,
    pub config: Config,
    /// The test's own database, dropped with the app.
    database: String,
}

impl Drop for TestApp {
    /// Drops the test's database, so a developer's server (DATABASE_URL) does not fill up with
    /// them; the server's own connections are cut (`WITH (FORCE)`).
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.database);
        if !name.starts_with("test_") {
            return;
        }
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let _ = admin_client()
                    .await
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            });
        })
        .join();
    }
}

/// Settings a test may change before the server starts.
pub struct Options {
    pub migrated: bool,
    pub path_prefix: &'static str,
    pub certs_refetch_cooldown: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            migrated: true,
            path_prefix: "",
            certs_refetch_cooldown: Duration::from_secs(30),
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    let database_url = if options.migrated {
        migrated_database().await
    } else {
        empty_database().await
    };
    // "test_" and a UUID's 32 hex digits, whichever form the URL has.
    let database = database_url
        .rfind("test_")
        .and_then(|at| database_url.get(at..at + 37))
        .unwrap_or_default()
        .to_owned();
    let app_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let public_url = PublicUrl::parse(&format!(
        "http://127.0.0.1:{}{}",
        app_listener.local_addr().unwrap().port(),
        options.path_prefix
    ))
    .unwrap();
    let (stand_ins, stand_in_server) =
        StandIns::start(public_url.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    tokio::spawn(stand_in_server);
    let host = stand_ins.host.clone();
    let issuer = host.issuer.clone();

    let database_url = SecretString::from(database_url);
    let mut config = stand_ins
        .config(database_url.clone(), app_listener.local_addr().unwrap())
        .unwrap();
    config.database_pool_size = 4;
    config.certs_refetch_cooldown = options.certs_refetch_cooldown;
    let app = Application::build_with_listener(config.clone(), app_listener).unwrap();
    tokio::spawn(app.run_until_stopped());
    let pool = storage::pool(&database_url, 2).unwrap();
    TestApp {
        public_url,
        host,
        issuer,
        pool,
        http: reqwest::Client::new(),
        gmail: stand_ins.gmail.clone(),
        directory: stand_ins.directory.clone(),
        stand_ins,
        config,
        database,
    }
}

/// Demo accounts: one domain, plus someone from outside it.
pub const OWNER: &str = "owner@sharebook.test";
pub const OTHER: &str = "other@sharebook.test";

pub fn user(email: &str) -> SandboxUser {
    SandboxUser::workspace(email)
}

impl TestApp {
    /// Fires `path` as `email` like Gmail would; every card in a 200 answer is checked.
    pub async fn invoke(&self, path: &str, email: &str, interaction: Interaction) -> (u16, Value) {
        let (status, body) = self
            .host
            .invoke(path, &user(email), &interaction)
            .await
            .unwrap();
        if status == 200 {
            card_check::check_response(&self.public_url, &body);
        }
        (status, body)
    }

    /// Fires `path` as the given account (a personal one, say); every card in a 200 answer is
    /// checked.
    pub async fn invoke_as(
        &self,
        path: &str,
        who: &SandboxUser,
        interaction: Interaction,
    ) -> (u16, Value) {
        let (status, body) = self.host.invoke(path, who, &interaction).await.unwrap();
        if status == 200 {
            card_check::check_response(&self.public_url, &body);
        }
        (status, body)
    }

    pub async fn home(&self, email: &str) -> Value {
        let (status, body) = self
            .invoke("/addon/home", email, Interaction::default())
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// POSTs raw to `path` with the given Authorization header value.
    pub async fn post_raw(
        &self,
        path: &str,
        authorization: Option<&str>,
        body: Vec<u8>,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.public_url.url_for(path))
            .header("Content-Type", "application/json")
            .body(body);
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        request.send().await.unwrap()
    }

    /// One text value from a query written by the test.
    pub async fn scalar(&self, sql: &str) -> String {
        let client = self.pool.get().await.unwrap();
        client.query_one(sql, &[]).await.unwrap().get(0)
    }

    /// A digest of every table a denied action must leave alone.
    pub async fn fingerprint(&self) -> String {
        let client = self.pool.get().await.unwrap();
        let mut out = String::new();
        for table in [
            "users",
            "labels",
            "shares",
            "contacts",
            "contact_history",
            "comments",
            "comment_mentions",
            "sync_opt_outs",
            "label_access",
            "grantee_hidden_fields",
            "held_deletions",
            "crm_feeds",
            "crm_parties",
            "crm_oauth_states",
            "audit_log",
            "domain_policies",
            "workspace_domains",
            "admin_links",
            "email_outbox",
            "email_opt_outs",
            "file_links",
            "file_imports",
            "file_import_rows",
            "contact_merges",
        ] {
            let sql = format!(
                "SELECT COALESCE(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {table} t"
            );
            let digest: String = client.query_one(&sql, &[]).await.unwrap().get(0);
            out.push_str(&digest);
        }
        out
    }

    /// Starts a sync worker in this process with `sync`; abort the handle to kill it.
    pub fn start_worker(&self, sync: &SyncConfig) -> tokio::task::JoinHandle<()> {
        let worker =
            Worker::build(&self.config.common, sync, Arc::new(SyncMetrics::new())).unwrap();
        tokio::spawn(worker.run())
    }

    /// Starts a CRM feed worker in this process, polling every `poll`; abort the handle to kill
    /// it.
    pub fn start_feed_worker(&self, poll: Duration) -> tokio::task::JoinHandle<()> {
        let mut common = self.config.common.clone();
        common.crm.poll = poll;
        common.crm.timeout = Duration::from_secs(2);
        let worker = sharebook::feeds::FeedWorker::build(&common)
            .unwrap()
            .expect("the test config has CRM keys");
        tokio::spawn(worker.run())
    }

    /// Sends every queued email now, as the email worker would once they are due; how many went
    /// out.
    pub async fn send_emails(&self) -> usize {
        self.exec(
            "UPDATE email_outbox SET due_at = now() WHERE sent_at IS NULL AND dropped IS NULL",
        )
        .await;
        let worker = sharebook::notify::EmailWorker::build(&self.config.common)
            .unwrap()
            .expect("the test config has a service account");
        worker.run_once().await.unwrap()
    }

    /// Runs every confirmed file import to its end, as the import worker would; how many ran.
    pub async fn run_imports(&self) -> usize {
        let worker = sharebook::importer::ImportWorker::new(self.pool.clone());
        let mut ran = 0;
        while worker.run_one().await.unwrap() {
            ran += 1;
        }
        ran
    }

    /// Runs SQL written by the test (a change made behind the add-on's back).
    pub async fn exec(&self, sql: &str) {
        let client = self.pool.get().await.unwrap();
        client.batch_execute(sql).await.unwrap();
    }

    pub async fn count(&self, table: &str) -> i64 {
        let client = self.pool.get().await.unwrap();
        // Table names come from the tests themselves, never from input.
        client
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .await
            .unwrap()
            .get(0)
    }
}

/// The card pushed or updated by a response (the last one, when several).
pub fn card_of(body: &Value) -> &Value {
    let action = body
        .get("renderActions")
        .and_then(|r| r.get("action"))
        .or_else(|| body.get("action"))
        .expect("an action");
    action["navigations"]
        .as_array()
        .expect("navigations")
        .iter()
        .rev()
        .find_map(|n| n.get("pushCard").or_else(|| n.get("updateCard")))
        .expect("a card")
}

/// Every text of every widget of a card, joined, for assertions on what the user sees.
pub fn texts(card: &Value) -> String {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(m) => m.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(card, &mut out);
    out.join("\n")
}

pub fn form(name: &str, value: &str) -> Interaction {
    let mut i = Interaction::default();
    i.form_inputs
        .insert(name.to_owned(), vec![value.to_owned()]);
    i
}

pub fn param(key: &str, value: &str) -> Interaction {
    let mut i = Interaction::default();
    i.parameters.insert(key.to_owned(), value.to_owned());
    i
}

/// The interaction after the user confirmed (a revoke asks first).
pub fn confirmed(mut i: Interaction) -> Interaction {
    i.parameters.insert("confirm".into(), "yes".into());
    i
}
