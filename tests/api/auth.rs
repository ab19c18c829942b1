//! Token verification: every way a request can fail to prove it comes from Google for us.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::issuer::Issuer;
use sharebook_dev::sandbox::{OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL};

use crate::helpers::{OWNER, Options, TestApp, card_of, spawn_app, spawn_app_with, texts, user};

const HOME: &str = "/addon/home";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn system_claims(aud: &str) -> Value {
    let now = now();
    json!({
        "iss": "https://accounts.google.com", "aud": aud, "sub": "100000000000000000042",
        "email": SERVICE_ACCOUNT_EMAIL, "email_verified": true, "iat": now, "exp": now + 3600,
    })
}

fn user_claims() -> Value {
    let now = now();
    let u = user(OWNER);
    json!({
        "iss": "accounts.google.com", "aud": OAUTH_CLIENT_ID, "sub": u.sub(), "email": OWNER,
        "email_verified": true, "hd": "sharebook.test", "iat": now, "exp": now + 3600,
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn unsigned(claims: &Value, alg: &str, kid: &str) -> String {
    let header =
        URL_SAFE_NO_PAD.encode(json!({ "alg": alg, "typ": "JWT", "kid": kid }).to_string());
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}

/// An event whose user token is `user_token` (or none).
fn event(app: &TestApp, user_token: Option<String>) -> Value {
    let mut e = app
        .host
        .event(&user(OWNER), &Interaction::default())
        .unwrap();
    match user_token {
        Some(t) => e["authorizationEventObject"]["userIdToken"] = json!(t),
        None => {
            e["authorizationEventObject"]
                .as_object_mut()
                .unwrap()
                .remove("userIdToken");
        }
    }
    e
}

struct Case {
    name: &'static str,
    authorization: Option<String>,
    user_token: Option<String>,
}

#[tokio::test]
async fn every_forged_or_misdirected_token_gets_401_and_touches_nothing() {
    let app = spawn_app().await;
    let url = app.public_url.url_for(HOME);
    let issuer = &app.issuer;
    let stranger = Issuer::new().unwrap();
    let sign = |claims: &Value| issuer.sign(claims).unwrap();
    let good_system = format!("Bearer {}", sign(&system_claims(&url)));
    let good_user = Some(sign(&user_claims()));
    let kid = issuer.current_kid();
    let now = now();

    let tampered = {
        let token = sign(&system_claims(&url));
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = URL_SAFE_NO_PAD
            .encode(with(system_claims(&url), "email", json!("attacker@evil.test")).to_string());
        parts.join(".")
    };
    let hs256 = {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(kid.clone());
        jsonwebtoken::encode(
            &header,
            &system_claims(&url),
            &EncodingKey::from_secret(issuer.public_key_pem().as_bytes()),
        )
        .unwrap()
    };

    let system = |authorization: String| Case {
        name: "",
        authorization: Some(authorization),
        user_token: good_user.clone(),
    };
    let cases = vec![
        Case {
            name: "no Authorization header",
            authorization: None,
            user_token: good_user.clone(),
        },
        Case {
            name: "malformed token",
            ..system("Bearer not.a.jwt".into())
        },
        Case {
            name: "not a bearer token",
            ..system(format!("Basic {}", sign(&system_claims(&url))))
        },
        Case {
            name: "alg none",
            ..system(format!(
                "Bearer {}",
                unsigned(&system_claims(&url), "none", &kid)
            ))
        },
        Case {
            name: "HS256 signed with the public key",
            ..system(format!("Bearer {hs256}"))
        },
        Case {
            name: "unknown kid",
            ..system(format!(
                "Bearer {}",
                stranger.sign(&system_claims(&url)).unwrap()
            ))
        },
        Case {
            name: "bad signature",
            ..system(format!("Bearer {tampered}"))
        },
        Case {
            name: "expired",
            ..system(format!(
                "Bearer {}",
                sign(&with(
                    with(system_claims(&url), "exp", json!(now - 120)),
                    "iat",
                    json!(now - 3720)
                ))
            ))
        },
        Case {
            name: "issued in the future",
            ..system(format!(
                "Bearer {}",
                sign(&with(
                    with(system_claims(&url), "iat", json!(now + 600)),
                    "exp",
                    json!(now + 4200)
                ))
            ))
        },
        Case {
            name: "wrong issuer",
            ..system(format!(
                "Bearer {}",
                sign(&with(
                    system_claims(&url),
                    "iss",
                    json!("https://evil.example.com")
                ))
            ))
        },
        Case {
            name: "no issuer",
            ..system(format!(
                "Bearer {}",
                sign(&{
                    let mut c = system_claims(&url);
                    c.as_object_mut().unwrap().remove("iss");
                    c
                })
            ))
        },
        Case {
            name: "audience of another path",
            ..system(format!(
                "Bearer {}",
                sign(&system_claims(
                    &app.public_url.url_for("/addon/labels/create")
                ))
            ))
        },
        Case {
            name: "audience with another query",
            ..system(format!(
                "Bearer {}",
                sign(&system_claims(&format!("{url}?x=1")))
            ))
        },
        Case {
            name: "audience of another host",
            ..system(format!(
                "Bearer {}",
                sign(&system_claims("https://other.example.com/addon/home"))
            ))
        },
        Case {
            name: "wrong service account",
            ..system(format!(
                "Bearer {}",
                sign(&with(
                    system_claims(&url),
                    "email",
                    json!("service-9@gcp-sa-gsuiteaddons.iam.gserviceaccount.com")
                ))
            ))
        },
        Case {
            name: "service account email not verified",
            ..system(format!(
                "Bearer {}",
                sign(&with(system_claims(&url), "email_verified", json!(false)))
            ))
        },
        Case {
            name: "exp given as a string",
            ..system(format!(
                "Bearer {}",
                sign(&with(
                    system_claims(&url),
                    "exp",
                    json!((now + 3600).to_string())
                ))
            ))
        },
        Case {
            name: "a user token as the system token",
            ..system(format!("Bearer {}", sign(&user_claims())))
        },
        Case {
            name: "user token for another client id",
            user_token: Some(sign(&with(
                user_claims(),
                "aud",
                json!("999-other.apps.googleusercontent.com"),
            ))),
            ..system(good_system.clone())
        },
        Case {
            name: "user token signed by an unknown key",
            user_token: Some(stranger.sign(&user_claims()).unwrap()),
            ..system(good_system.clone())
        },
        Case {
            name: "user token expired",
            user_token: Some(sign(&with(
                with(user_claims(), "exp", json!(now - 120)),
                "iat",
                json!(now - 3720),
            ))),
            ..system(good_system.clone())
        },
        Case {
            name: "user email not verified",
            user_token: Some(sign(&with(user_claims(), "email_verified", json!(false)))),
            ..system(good_system.clone())
        },
        Case {
            name: "the system token as the user token",
            user_token: Some(sign(&system_claims(&url))),
            ..system(good_system.clone())
        },
        Case {
            name: "header over 16 KiB",
            ..system(format!("Bearer {}", "a".repeat(16 * 1024 + 1)))
        },
    ];

    for case in &cases {
        let body = serde_json::to_vec(&event(&app, case.user_token.clone())).unwrap();
        let response = app
            .post_raw(HOME, case.authorization.as_deref(), body)
            .await;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(status, 401, "{}: got {status} {text}", case.name);
        assert!(text.len() < 100, "{}: short body, got {text}", case.name);
    }
    assert_eq!(
        app.count("users").await,
        0,
        "no rejected request may create a user"
    );

    // And the valid case is accepted.
    let body = serde_json::to_vec(&event(&app, good_user.clone())).unwrap();
    let response = app.post_raw(HOME, Some(&good_system), body).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn a_missing_user_token_asks_for_the_scope_and_creates_no_user() {
    let app = spawn_app().await;
    let mut e = event(&app, None);
    e["authorizationEventObject"]["authorizedScopes"] =
        json!(["https://www.googleapis.com/auth/gmail.addons.execute"]);
    let (status, body) = post_event(&app, HOME, &e).await;
    assert_eq!(status, 200);
    let scopes = body["requesting_google_scopes"]["scopes"]
        .as_array()
        .expect("scope request");
    assert!(
        scopes.contains(&json!("https://www.googleapis.com/auth/userinfo.email")),
        "{body}"
    );
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn a_missing_user_token_despite_the_scope_gets_a_clear_card() {
    let app = spawn_app().await;
    let (status, body) = post_event(&app, HOME, &event(&app, None)).await;
    assert_eq!(status, 200);
    crate::card_check::check_response(&app.public_url, &body);
    assert!(
        texts(card_of(&body)).contains("did not tell Sharebook who you are"),
        "{body}"
    );
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn a_scope_withdrawn_under_granular_consent_is_requested_again() {
    let app = spawn_app().await;
    let mut e = app
        .host
        .event(
            &user(OWNER),
            &Interaction {
                message_id: Some("msg-f:1".into()),
                ..Default::default()
            },
        )
        .unwrap();
    e["authorizationEventObject"]["authorizedScopes"] = json!([
        "https://www.googleapis.com/auth/gmail.addons.execute",
        "https://www.googleapis.com/auth/userinfo.email"
    ]);
    let (status, body) = post_event(&app, "/addon/message", &e).await;
    assert_eq!(status, 200);
    let scopes = body["requesting_google_scopes"]["scopes"]
        .as_array()
        .expect("scope request");
    assert!(scopes.contains(&json!(
        "https://www.googleapis.com/auth/gmail.addons.current.message.metadata"
    )));
    assert_eq!(
        app.count("users").await,
        0,
        "asked before anything was read or written"
    );
}

async fn post_event(app: &TestApp, path: &str, event: &Value) -> (u16, Value) {
    let response = app
        .host
        .post(&app.public_url.url_for(path), event)
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn bodies_over_256_kib_get_413_and_garbage_gets_400() {
    let app = spawn_app().await;
    let url = app.public_url.url_for(HOME);
    let auth = format!(
        "Bearer {}",
        app.issuer
            .system_token(&url, SERVICE_ACCOUNT_EMAIL)
            .unwrap()
    );
    let mut big = event(
        &app,
        Some(
            app.issuer
                .user_token(OAUTH_CLIENT_ID, &user(OWNER))
                .unwrap(),
        ),
    );
    big["padding"] = json!("x".repeat(256 * 1024));
    let response = app
        .post_raw(HOME, Some(&auth), serde_json::to_vec(&big).unwrap())
        .await;
    assert_eq!(response.status().as_u16(), 413);
    let response = app.post_raw(HOME, Some(&auth), b"{not json".to_vec()).await;
    assert_eq!(response.status().as_u16(), 400);
    // Without a valid token even an oversized body is just unauthenticated.
    let response = app
        .post_raw(HOME, None, serde_json::to_vec(&big).unwrap())
        .await;
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn the_key_set_is_cached_and_unknown_kids_cannot_force_refetches() {
    let app = spawn_app().await;
    for _ in 0..5 {
        app.home(OWNER).await;
    }
    assert_eq!(
        app.issuer.key_set_fetches(),
        1,
        "one fetch serves every request while fresh"
    );
    let stranger = Issuer::new().unwrap();
    for _ in 0..5 {
        let url = app.public_url.url_for(HOME);
        let token = stranger.sign(&system_claims(&url)).unwrap();
        let body = serde_json::to_vec(&event(&app, None)).unwrap();
        let response = app
            .post_raw(HOME, Some(&format!("Bearer {token}")), body)
            .await;
        assert_eq!(response.status().as_u16(), 401);
    }
    assert_eq!(
        app.issuer.key_set_fetches(),
        1,
        "unknown kids within the cooldown fetch nothing"
    );
}

#[tokio::test]
async fn a_rotated_key_is_picked_up_by_refetching_once() {
    let app = spawn_app_with(Options {
        certs_refetch_cooldown: Duration::ZERO,
        ..Default::default()
    })
    .await;
    app.home(OWNER).await;
    assert_eq!(app.issuer.key_set_fetches(), 1);
    app.issuer.rotate().unwrap();
    app.home(OWNER).await;
    app.home(OWNER).await;
    assert_eq!(
        app.issuer.key_set_fetches(),
        2,
        "the new kid triggers exactly one refetch"
    );
}

#[tokio::test]
async fn the_audience_includes_the_public_url_path_prefix() {
    let app = spawn_app_with(Options {
        path_prefix: "/sharebook",
        ..Default::default()
    })
    .await;
    let body = app.home(OWNER).await;
    assert!(
        card_of(&body)
            .to_string()
            .contains("/sharebook/addon/labels/new")
    );
    // A token minted for the path without the prefix is refused.
    let wrong = app
        .issuer
        .system_token(
            &format!("{}/addon/home", app.public_url.origin()),
            SERVICE_ACCOUNT_EMAIL,
        )
        .unwrap();
    let response = app
        .post_raw(HOME, Some(&format!("Bearer {wrong}")), b"{}".to_vec())
        .await;
    assert_eq!(response.status().as_u16(), 401);
}
