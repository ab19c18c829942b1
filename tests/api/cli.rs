//! The `sharebook` binary: configuration errors, the manifest, logs free of secrets, SIGTERM,
//! `serve` with its worker and `worker` alone.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sharebook::config::PublicUrl;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::{self, OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL};

use crate::helpers::{OWNER, form, migrated_database, user};

pub(crate) fn sharebook() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sharebook"));
    for var in [
        "DATABASE_URL",
        "PUBLIC_URL",
        "ADDON_SERVICE_ACCOUNT_EMAIL",
        "ADDON_OAUTH_CLIENT_ID",
        "PORT",
        "BIND_ADDR",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn serve_refuses_to_start_and_names_the_variable_at_fault() {
    let out = sharebook().arg("serve").output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL is required"),
        "{out:?}"
    );

    let out = sharebook()
        .arg("serve")
        .env("DATABASE_URL", "postgres://localhost/x")
        .env("PUBLIC_URL", "http://addon.example.com")
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", SERVICE_ACCOUNT_EMAIL)
        .env("ADDON_OAUTH_CLIENT_ID", OAUTH_CLIENT_ID)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("PUBLIC_URL is invalid") && stderr.contains("loopback"),
        "{stderr}"
    );
}

#[test]
fn every_configuration_problem_is_reported_at_once_before_the_database_is_touched() {
    // Nothing listens on port 1: touching the database would fail with a connection error.
    let out = sharebook()
        .args(["serve"])
        .env("DATABASE_URL", "postgres://sharebook@127.0.0.1:1/none")
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", "not-an-address")
        .env("LOG_FORMAT", "yaml")
        .env("RUST_LOG", "sharebook=loud")
        .env_remove("GOOGLE_SERVICE_ACCOUNT_KEY_FILE")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "PUBLIC_URL is required",
        "ADDON_SERVICE_ACCOUNT_EMAIL is invalid",
        "ADDON_OAUTH_CLIENT_ID is required",
        "LOG_FORMAT is invalid",
        "RUST_LOG is invalid",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    assert!(!stderr.to_lowercase().contains("connect"), "{stderr}");

    // With the add-on configured, the worker's missing key is found before any migration.
    let out = sharebook()
        .args(["serve"])
        .env("DATABASE_URL", "postgres://sharebook@127.0.0.1:1/none")
        .env("PUBLIC_URL", "https://addon.example.com")
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", SERVICE_ACCOUNT_EMAIL)
        .env("ADDON_OAUTH_CLIENT_ID", OAUTH_CLIENT_ID)
        .env_remove("GOOGLE_SERVICE_ACCOUNT_KEY_FILE")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("GOOGLE_SERVICE_ACCOUNT_KEY_FILE is invalid: required for the sync worker"),
        "{stderr}"
    );
    assert!(!stderr.to_lowercase().contains("connect"), "{stderr}");

    // `worker` asks for what it uses, and nothing of the add-on's.
    let out = sharebook()
        .args(["worker"])
        .env_remove("GOOGLE_SERVICE_ACCOUNT_KEY_FILE")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DATABASE_URL is required"), "{stderr}");
    assert!(
        stderr.contains("GOOGLE_SERVICE_ACCOUNT_KEY_FILE is invalid: required for the sync worker"),
        "{stderr}"
    );
    for unused in [
        "PUBLIC_URL",
        "ADDON_SERVICE_ACCOUNT_EMAIL",
        "ADDON_OAUTH_CLIENT_ID",
    ] {
        assert!(!stderr.contains(unused), "{unused}: {stderr}");
    }
}

#[test]
fn manifest_prints_the_deployment_for_the_public_url() {
    let out = sharebook()
        .arg("manifest")
        .env("PUBLIC_URL", "https://addon.example.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        manifest["addOns"]["common"]["homepageTrigger"]["runFunction"],
        "https://addon.example.com/addon/home"
    );
}

#[test]
fn help_explains_each_command() {
    let out = sharebook().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "worker", "migrate", "manifest"] {
        assert!(help.contains(command), "{help}");
    }
    // The sandbox is `sharebook-dev dev`, never the product binary's.
    let out = sharebook().arg("dev").output().unwrap();
    assert!(!out.status.success(), "{out:?}");
}

#[tokio::test]
async fn serve_syncs_logs_no_token_and_drains_on_sigterm() {
    let database_url = migrated_database().await;
    let port = free_port();
    let (public_url, stand_ins, key_file) = google_for(port);
    let host = stand_ins.host.clone();
    let issuer = host.issuer.clone();
    let certs = stand_ins.url(sandbox::CERTS_PATH).unwrap().to_string();

    // The default `serve`: the add-on and the sync worker in one process.
    let mut child = sharebook()
        .args(["serve", "--no-migrate"])
        .env("GOOGLE_SERVICE_ACCOUNT_KEY_FILE", &key_file)
        .env("GOOGLE_TOKEN_URL", stand_ins.tokens.url())
        .env("PEOPLE_API_URL", stand_ins.base.as_str())
        .env("DIRECTORY_API_URL", stand_ins.base.as_str())
        .env("DIRECTORY_ADMIN_EMAIL", sandbox::DIRECTORY_ADMIN)
        .env("METRICS_TOKEN", "scrape-secret")
        .env("DATABASE_URL", &database_url)
        .env("PUBLIC_URL", public_url.to_string())
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", SERVICE_ACCOUNT_EMAIL)
        .env("ADDON_OAUTH_CLIENT_ID", OAUTH_CLIENT_ID)
        .env("GOOGLE_CERTS_URL", &certs)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "debug")
        .env("LOG_FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Debug logs are read as they come: a full pipe would stall the server.
    let mut stderr = child.stderr.take().unwrap();
    let log_reader = std::thread::spawn(move || {
        let mut logs = String::new();
        stderr.read_to_string(&mut logs).unwrap();
        logs
    });

    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while http
        .get(format!("{}/readyz", public_url.origin()))
        .send()
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let event = host.event(&user(OWNER), &Interaction::default()).unwrap();
    let user_token = event["authorizationEventObject"]["userIdToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = public_url.url_for("/addon/home");
    let system_token = issuer.system_token(&url, SERVICE_ACCOUNT_EMAIL).unwrap();
    let ok = http
        .post(&url)
        .bearer_auth(&system_token)
        .json(&event)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    let rejected = http
        .post(&url)
        .bearer_auth(format!("{system_token}x"))
        .json(&event)
        .send()
        .await
        .unwrap();
    assert_eq!(rejected.status().as_u16(), 401);

    // The metrics need the scrape token.
    let metrics = format!("{}/metrics", public_url.origin());
    let denied = http.get(&metrics).send().await.unwrap();
    assert_eq!(denied.status().as_u16(), 401);
    let scraped = http
        .get(&metrics)
        .bearer_auth("scrape-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status().as_u16(), 200);
    assert!(
        scraped
            .text()
            .await
            .unwrap()
            .contains("sharebook_sync_outbox")
    );

    // A label created through the add-on reaches the owner's Google Contacts.
    let (status, _) = host
        .invoke(
            "/addon/labels/create",
            &user(OWNER),
            &form("label_name", "Customers"),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    wait_for_group(&stand_ins, "Customers", "the worker in `serve`").await;

    stop_with_sigterm(&mut child, "serve");
    let _ = std::fs::remove_file(&key_file);
    let logs = log_reader.join().unwrap();
    assert!(logs.contains("Rejected add-on request"), "{logs}");
    for secret in [
        system_token.as_str(),
        user_token.as_str(),
        "ya29.sandbox",
        "gmail-sandbox",
    ] {
        let fragment = &secret[secret.len().saturating_sub(24)..];
        assert!(!logs.contains(fragment), "a token reached the logs");
    }
    assert!(
        !logs.contains("authorizationEventObject"),
        "an event body reached the logs"
    );
}

#[tokio::test]
async fn worker_alone_syncs_and_serves_only_probes_and_metrics() {
    let database_url = migrated_database().await;
    let port = free_port();
    let (public_url, stand_ins, key_file) = google_for(port);
    // The worker answers no add-on request: none of the add-on's variables is set.
    let mut child = sharebook()
        .args(["worker", "--no-migrate"])
        .env("DATABASE_URL", &database_url)
        .env("GOOGLE_SERVICE_ACCOUNT_KEY_FILE", &key_file)
        .env("GOOGLE_TOKEN_URL", stand_ins.tokens.url())
        .env("PEOPLE_API_URL", stand_ins.base.as_str())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let http = reqwest::Client::new();
    let origin = public_url.origin();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !http
        .get(format!("{origin}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "worker did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let metrics = http.get(format!("{origin}/metrics")).send().await.unwrap();
    assert_eq!(metrics.status().as_u16(), 200);
    let addon = http
        .post(public_url.url_for("/addon/home"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        addon.status().as_u16(),
        404,
        "the worker serves no add-on route"
    );

    // A label committed by anyone (here straight into the database) reaches its owner's account.
    let (client, connection) = tokio_postgres::connect(&database_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "INSERT INTO users (id, google_sub, email, hd)
             VALUES ('00000000-0000-4000-8000-000000000001', 'sub-1', 'owner@sharebook.test', 'sharebook.test');
             INSERT INTO labels (id, owner_id, name)
             VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'Partners');",
        )
        .await
        .unwrap();
    wait_for_group(&stand_ins, "Partners", "`sharebook worker`").await;
    stop_with_sigterm(&mut child, "worker");
    let _ = std::fs::remove_file(&key_file);
}

/// Waits until the owner's Google Contacts hold a group called `name`, synced by `who`.
async fn wait_for_group(stand_ins: &sandbox::StandIns, name: &str, who: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !stand_ins
        .people
        .snapshot(OWNER)
        .groups
        .iter()
        .any(|g| g["name"] == name)
    {
        assert!(Instant::now() < deadline, "{who} did not sync");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sends SIGTERM and expects a clean exit within 15 s.
fn stop_with_sigterm(child: &mut std::process::Child, what: &str) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "{what} did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{what}: {exit:?}");
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Google's stand-ins for an add-on served on `port`, running, and a sync service account key
/// written where the child process can read it.
fn google_for(port: u16) -> (PublicUrl, sandbox::StandIns, std::path::PathBuf) {
    let public_url = PublicUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let (stand_ins, server) =
        sandbox::StandIns::start(public_url.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
    tokio::spawn(server);
    let key = stand_ins
        .tokens
        .create_service_account(sandbox::SYNC_SERVICE_ACCOUNT)
        .unwrap();
    let key_file =
        std::env::temp_dir().join(format!("sharebook-key-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&key_file, &key.key_file_json).unwrap();
    (public_url, stand_ins, key_file)
}

/// What `deploy/gcp/env.sh` gives each service, for these inputs: plain variables, and the names
/// of those that come from Secret Manager (file mounts are checked against the key file path).
struct Deployed {
    env: Vec<(String, String)>,
    secrets: Vec<String>,
}

fn deployed(service: &str, key_file: &str) -> Deployed {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -eu; . deploy/gcp/env.sh; printf '%s\\n%s\\n' \"${service}_ENV\" \"${service}_SECRETS\""
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PUBLIC_URL", "https://sharebook-123456789012.europe-west1.run.app")
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", SERVICE_ACCOUNT_EMAIL)
        .env("ADDON_OAUTH_CLIENT_ID", OAUTH_CLIENT_ID)
        .env("DIRECTORY_ADMIN", "admin@example.com")
        .env("MARKETPLACE_APP_ID", "123456789012")
        .env("SHAREBOOK_ADMINS", "")
        .env("KEY_FILE", key_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let env = lines
        .next()
        .unwrap()
        .split(',')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();
    let mut secrets = Vec::new();
    for entry in lines.next().unwrap().split(',') {
        let (name, _secret) = entry.split_once('=').unwrap();
        if name.starts_with('/') {
            assert_eq!(
                name, key_file,
                "the key file is mounted where the service reads it"
            );
        } else {
            secrets.push(name.to_owned());
        }
    }
    Deployed { env, secrets }
}

/// Starts `args` with exactly what `deploy/gcp/env.sh` gives `service` (secrets filled in as
/// Secret Manager would), and `PORT` from Cloud Run; waits until it is ready.
async fn start_as_deployed(
    args: &[&str],
    service: &str,
    key_file: &str,
    database_url: &str,
    port: u16,
) -> std::process::Child {
    use base64::Engine as _;
    let d = deployed(service, key_file);
    let mut command = sharebook();
    command
        .args(args)
        .env("PORT", port.to_string())
        .env_remove("RUST_LOG");
    for (k, v) in &d.env {
        command.env(k, v);
    }
    for name in &d.secrets {
        let value = match name.as_str() {
            "DATABASE_URL" => database_url.to_owned(),
            "CRM_TOKEN_KEYS" => format!(
                "k1:{}",
                base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>())
            ),
            "METRICS_TOKEN" => "a-scrape-token".to_owned(),
            other => panic!("no test value for the secret {other}"),
        };
        command.env(name, value);
    }
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !http
        .get(format!("http://127.0.0.1:{port}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        if let Ok(Some(exit)) = child.try_wait() {
            panic!("{args:?} exited with {exit:?}");
        }
        assert!(Instant::now() < deadline, "{args:?} did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child
}

/// `deploy/gcp/deploy.sh`'s two services, as the container runs them: `serve --no-worker` and
/// `worker`, with exactly the variables `deploy/gcp/env.sh` gives each (Google's own addresses,
/// the key file mounted read-only, `PORT` from Cloud Run). Both start and are ready, and
/// `/metrics` answers only the token holder.
#[tokio::test]
async fn the_deploy_configuration_starts() {
    let database_url = migrated_database().await;
    let (_, _stand_ins, key_file) = google_for(free_port());
    let mut permissions = std::fs::metadata(&key_file).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o444);
    std::fs::set_permissions(&key_file, permissions).unwrap();
    let key = key_file.to_str().unwrap();
    let port = free_port();
    let mut serve =
        start_as_deployed(&["serve", "--no-worker"], "SERVE", key, &database_url, port).await;
    let http = reqwest::Client::new();
    let metrics = |token: Option<&str>| {
        let request = http.get(format!("http://127.0.0.1:{port}/metrics"));
        match token {
            Some(t) => request.bearer_auth(t),
            None => request,
        }
        .send()
    };
    assert_eq!(metrics(None).await.unwrap().status().as_u16(), 401);
    assert_eq!(
        metrics(Some("a-scrape-token"))
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let mut worker =
        start_as_deployed(&["worker"], "WORKER", key, &database_url, free_port()).await;
    stop_with_sigterm(&mut worker, "worker");
    stop_with_sigterm(&mut serve, "serve");
    let _ = std::fs::remove_file(&key_file);
}

/// Every variable the configuration reads (the add-on's, the worker's and the sync's) is in the
/// README's configuration table, and everything the deployment sets is one of them.
#[test]
fn every_variable_is_documented_and_the_deployment_sets_no_unknown_one() {
    use std::cell::RefCell;
    let read = RefCell::new(std::collections::BTreeSet::<String>::new());
    let record = |name: &str| {
        read.borrow_mut().insert(name.to_owned());
        None
    };
    let _ = sharebook::config::Config::from_lookup(record);
    let _ = sharebook::config::Common::from_lookup(record);
    let _ = sharebook::sync::config::SyncConfig::from_lookup(record);
    let read = read.into_inner();
    assert!(read.len() > 30, "{read:?}");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: String = readme
        .lines()
        .skip_while(|l| !l.starts_with("## Configuration"))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n");
    for name in &read {
        assert!(
            table.contains(&format!("`{name}`")),
            "{name} is not in the README's configuration table"
        );
    }
    let syntax = Command::new("bash")
        .args(["-n", "deploy/gcp/deploy.sh"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(syntax.success(), "deploy/gcp/deploy.sh does not parse");
    for service in ["SERVE", "WORKER"] {
        let d = deployed(service, "/secrets/sync/key.json");
        for name in d.env.iter().map(|(k, _)| k).chain(d.secrets.iter()) {
            assert!(
                read.contains(name),
                "{service} sets {name}, which nothing reads"
            );
        }
    }
}
