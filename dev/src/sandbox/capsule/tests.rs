//! The stand-in against what capsule-api.md says Capsule does.

use std::time::Duration;

use actix_web::{App, test, web};
use serde_json::{Value, json};

use super::CapsuleStandIn;

fn capsule() -> (web::Data<CapsuleStandIn>, String) {
    let c = CapsuleStandIn::new();
    c.create_account("acme", "Acme Sales");
    let sam = c.add_user("acme", "Sam Lee", "sam", true);
    let token = c.issue_token("acme", sam);
    (web::Data::new(c), token)
}

async fn get(
    c: &web::Data<CapsuleStandIn>,
    token: &str,
    uri: &str,
) -> (u16, Value, actix_web::http::header::HeaderMap) {
    let app = test::init_service(App::new().app_data(c.clone()).configure(super::configure)).await;
    let req = test::TestRequest::get()
        .uri(uri)
        .insert_header(("Authorization", format!("Bearer {token}")))
        .to_request();
    let res = test::call_service(&app, req).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await;
    (
        status,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
        headers,
    )
}

fn party(n: usize) -> Value {
    json!({"type": "person", "firstName": "P", "lastName": n.to_string(),
           "emailAddresses": [{"address": format!("p{n}@x.example")}]})
}

#[actix_web::test]
async fn pages_link_to_the_next_only_while_more_remain_and_per_page_is_checked() {
    let (c, token) = capsule();
    for n in 0..150 {
        c.add_party("acme", party(n));
    }
    let (status, body, headers) = get(&c, &token, "/api/v2/parties?perPage=100").await;
    assert_eq!(status, 200);
    assert_eq!(body["parties"].as_array().map(Vec::len), Some(100));
    let link = headers
        .get("link")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        link.contains("page=2") && link.contains("rel=\"next\""),
        "{link}"
    );
    let (_, body, headers) = get(&c, &token, "/api/v2/parties?perPage=100&page=2").await;
    assert_eq!(body["parties"].as_array().map(Vec::len), Some(50));
    assert!(headers.get("link").is_none());
    for bad in ["0", "101", "x"] {
        let (status, body, _) = get(&c, &token, &format!("/api/v2/parties?perPage={bad}")).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(body["message"], "Validation Failed");
    }
    // Rate-limit headers on every answer.
    assert_eq!(
        headers
            .get("x-ratelimit-limit")
            .and_then(|v| v.to_str().ok()),
        Some("4000")
    );
    assert!(headers.contains_key("x-ratelimit-reset"));
}

#[actix_web::test]
async fn since_is_strictly_after_and_deletions_need_it() {
    let (c, token) = capsule();
    let old = c.add_party("acme", party(1));
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let cut = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let new = c.add_party("acme", party(2));
    let (_, body, _) = get(&c, &token, &format!("/api/v2/parties?since={cut}")).await;
    let ids: Vec<i64> = body["parties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_i64())
        .collect();
    assert_eq!(ids, [new]);
    let (status, body, _) = get(&c, &token, "/api/v2/parties/deleted").await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["message"], "since is required");
    c.delete_party("acme", old);
    c.restrict_party("acme", new);
    let (_, body, _) = get(&c, &token, &format!("/api/v2/parties/deleted?since={cut}")).await;
    assert_eq!(body["parties"][0]["id"], old);
    assert_eq!(body["restrictedParties"][0]["lastName"], "Private");
    assert_eq!(body["restrictedParties"][0]["isRestricted"], true);
    // Gone from the list and from reads by id.
    let (status, _, _) = get(&c, &token, &format!("/api/v2/parties/{new}")).await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn revoked_tokens_limits_and_faults_answer_as_capsule_does() {
    let (c, token) = capsule();
    c.set_hourly_limit(2);
    assert_eq!(get(&c, &token, "/api/v2/site").await.0, 200);
    let (_, _, headers) = get(&c, &token, "/api/v2/site").await;
    assert_eq!(
        headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("0")
    );
    let (status, body, headers) = get(&c, &token, "/api/v2/site").await;
    assert_eq!(status, 429);
    assert_eq!(body["error"], "rate limit reached");
    assert!(headers.get("retry-after").is_none());
    c.set_hourly_limit(4_000);
    c.fail_next(1, 503);
    assert_eq!(get(&c, &token, "/api/v2/site").await.0, 503);
    c.revoke_token(&token);
    let (status, _, headers) = get(&c, &token, "/api/v2/site").await;
    assert_eq!(status, 401);
    assert!(headers.contains_key("www-authenticate"));
}

#[actix_web::test]
async fn only_a_registered_application_for_an_admin_manages_hooks() {
    let (c, token) = capsule();
    let app = test::init_service(App::new().app_data(c.clone()).configure(super::configure)).await;
    let hook = json!({"restHook": {"event": "party/updated", "targetUrl": "https://x.example/h"}});
    let req = test::TestRequest::post()
        .uri("/api/v2/resthooks")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .set_json(&hook)
        .to_request();
    assert_eq!(test::call_service(&app, req).await.status().as_u16(), 403);
    assert!(c.hooks("acme").is_empty());
}
