//! `sharebook serve` is production: neither the sandbox page nor any Google stand-in is mounted.

use std::process::Stdio;
use std::time::{Duration, Instant};

use sharebook::sandbox::{OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL};

use crate::support::{ChildGuard, free_port, sharebook};

#[tokio::test]
async fn serve_answers_404_on_the_page_and_every_stand_in_path() {
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    // Nothing listens on port 1: `serve --no-migrate --no-worker` starts without touching the
    // database, and none of the paths below may reach it.
    let child = sharebook()
        .args(["serve", "--no-migrate", "--no-worker"])
        .env("DATABASE_URL", "postgres://sharebook@127.0.0.1:1/none")
        .env("PUBLIC_URL", &origin)
        .env("ADDON_SERVICE_ACCOUNT_EMAIL", SERVICE_ACCOUNT_EMAIL)
        .env("ADDON_OAUTH_CLIENT_ID", OAUTH_CLIENT_ID)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _guard = ChildGuard::new("sharebook serve", child);

    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = http.get(format!("{origin}/healthz")).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(Instant::now() < deadline, "serve did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for path in [
        "/",
        "/index.html",
        "/sandbox/page/app.js",
        "/sandbox/page/style.css",
        "/sandbox/api/users",
        "/sandbox/api/addon",
        "/sandbox/api/inbox?as=owner@sharebook.test",
        "/sandbox/invoke/addon/home",
        "/sandbox/people/owner@sharebook.test",
        "/oauth2/v3/certs",
        "/gmail/v1/users/me/messages/msg-f:1",
        "/v1/contactGroups",
        "/v1/people/me/connections",
    ] {
        let status = http
            .get(format!("{origin}{path}"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 404, "GET {path}");
    }
    for path in [
        "/sandbox/api/action",
        "/sandbox/invoke/addon/home",
        "/token",
    ] {
        let status = http
            .post(format!("{origin}{path}"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 404, "POST {path}");
    }
}
