//! The production binary: neither the sandbox page nor any Google stand-in is mounted, and none
//! of their code is in it (they live in the `sharebook-dev` crate, a dev-dependency only).

use std::process::Stdio;
use std::time::{Duration, Instant};

use sharebook_dev::sandbox::{OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL};

use crate::cli::{free_port, sharebook};

/// Kills the child when dropped, also when an assertion fails.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_product_binary_holds_no_stand_in_code() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_sharebook")).unwrap();
    // Texts only the stand-ins hold: the sandbox page, the People API stand-in's own errors, the
    // token endpoint's grant check, the demo seed.
    let markers: [&[u8]; 3] = [
        b"<title>Sharebook sandbox</title>",
        b"SANDBOX_ADDR",
        b"Press & Partners",
    ];
    // The markers are real: each is in the stand-ins' sources.
    let stand_ins = [
        include_str!("../../dev/src/sandbox/page/index.html"),
        include_str!("../../dev/src/dev.rs"),
        include_str!("../../dev/src/sandbox/seed.rs"),
    ];
    for (marker, source) in markers.iter().zip(stand_ins) {
        assert!(source.contains(std::str::from_utf8(marker).unwrap()));
    }
    for marker in markers {
        assert!(
            !binary.windows(marker.len()).any(|w| w == marker),
            "the product binary contains {:?}",
            String::from_utf8_lossy(marker)
        );
    }
}

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
    let _guard = Killed(child);

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
