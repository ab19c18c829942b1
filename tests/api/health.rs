//! Probes.

use crate::helpers::{Options, spawn_app, spawn_app_with};

#[tokio::test]
async fn healthz_and_readyz_answer_on_a_migrated_database() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let r = app
            .http
            .get(format!("{}{path}", app.public_url.origin()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
    }
}

#[tokio::test]
async fn readyz_is_503_until_the_database_is_migrated() {
    let app = spawn_app_with(Options {
        migrated: false,
        ..Default::default()
    })
    .await;
    let r = app
        .http
        .get(format!("{}/readyz", app.public_url.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let r = app
        .http
        .get(format!("{}/healthz", app.public_url.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn unknown_paths_and_get_on_triggers_are_not_served() {
    let app = spawn_app().await;
    let r = app
        .http
        .get(app.public_url.url_for("/addon/home"))
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 404 | 405), "{}", r.status());
    let r = app
        .http
        .post(app.public_url.url_for("/addon/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}
