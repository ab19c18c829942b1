//! The stand-in's OAuth 2 code flow for registered applications: `GET /oauth/authorise` (a consent
//! page listing the accounts' users to sign in as), `POST /oauth/authorise` (back to the
//! application with a single-use code), `POST /oauth/token` (code or refresh token for tokens).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine as _;
use serde_json::json;

use super::{CapsuleStandIn, Code, Grant, token};

pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/oauth/authorise", web::get().to(consent))
        .route("/oauth/authorise", web::post().to(allow))
        .route("/oauth/token", web::post().to(exchange));
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /oauth/authorise`: "Allow Sharebook to read your Capsule account?", one button per
/// user of each account (the sandbox signs in by choosing).
async fn consent(
    state: web::Data<CapsuleStandIn>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let client = query.get("client_id").cloned().unwrap_or_default();
    if !state.with(|s| s.clients.contains_key(&client)) {
        return HttpResponse::BadRequest()
            .content_type(ContentType::html())
            .body("<!doctype html><p>Unknown application.</p>");
    }
    let hidden: String = query
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let users: Vec<(String, String, i64, bool)> = state.with(|s| {
        let mut all: Vec<_> = s
            .accounts
            .iter()
            .flat_map(|(sub, a)| {
                a.users
                    .iter()
                    .map(move |u| (a.name.clone(), format!("{} ({sub})", u.name), u.id, u.admin))
            })
            .collect();
        all.sort();
        all
    });
    let buttons: String = users
        .iter()
        .map(|(account, user, id, admin)| {
            format!(
                "<form method=\"post\">{hidden}<input type=\"hidden\" name=\"user_id\" value=\"{id}\">\
                 <button type=\"submit\" id=\"capsule-allow-{id}\">Allow as {} · {}{}</button></form>",
                escape(user),
                escape(account),
                if *admin { " (administrator)" } else { "" }
            )
        })
        .collect();
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"))
        .body(format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Capsule</title></head>\
             <body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\">\
             <h1>Capsule (stand-in)</h1><p>Allow <b>{}</b> to read your Capsule account?</p>{buttons}</body></html>",
            escape(&client)
        ))
}

/// `POST /oauth/authorise`: back to `redirect_uri` with a code for the chosen user.
async fn allow(
    state: web::Data<CapsuleStandIn>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let client = field("client_id");
    let redirect = field("redirect_uri");
    let user: i64 = field("user_id").parse().unwrap_or(-1);
    let Ok(mut back) = url::Url::parse(&redirect) else {
        return HttpResponse::BadRequest().body("invalid redirect_uri");
    };
    let code = token();
    let issued = state.with(|s| {
        if !s.clients.contains_key(&client) {
            return false;
        }
        let Some(subdomain) = s
            .accounts
            .iter()
            .find(|(_, a)| a.users.iter().any(|u| u.id == user))
            .map(|(sub, _)| sub.clone())
        else {
            return false;
        };
        s.codes.insert(
            code.clone(),
            Code {
                grant: Grant {
                    subdomain,
                    user,
                    client: Some(client.clone()),
                    revoked: false,
                },
                redirect: redirect.clone(),
                expires: Instant::now() + Duration::from_secs(600),
            },
        );
        true
    });
    if !issued {
        return HttpResponse::BadRequest().body("unknown application or user");
    }
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &field("state"));
    HttpResponse::Found()
        .insert_header(("Location", back.to_string()))
        .finish()
}

/// `POST /oauth/token`: `authorization_code` (single use, ten minutes, same redirect) or
/// `refresh_token`; the client authenticates in the form or with HTTP Basic.
async fn exchange(
    state: web::Data<CapsuleStandIn>,
    req: HttpRequest,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (mut id, mut secret) = (field("client_id"), field("client_secret"));
    if let Some(basic) = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        && let Some((i, s)) = basic.split_once(':')
    {
        (id, secret) = (i.to_owned(), s.to_owned());
    }
    let answer = state.with(|s| {
        if s.clients.get(&id) != Some(&secret) {
            return Err((StatusCode::UNAUTHORIZED, "invalid_client"));
        }
        let grant = match field("grant_type").as_str() {
            "authorization_code" => match s.codes.remove(&field("code")) {
                Some(c)
                    if c.expires > Instant::now()
                        && c.redirect == field("redirect_uri")
                        && c.grant.client.as_deref() == Some(id.as_str()) =>
                {
                    c.grant
                }
                _ => {
                    return Err((StatusCode::BAD_REQUEST, "invalid_grant"));
                }
            },
            "refresh_token" => match s.refresh.get(&field("refresh_token")) {
                Some(g) if !g.revoked && g.client.as_deref() == Some(id.as_str()) => g.clone(),
                _ => {
                    return Err((StatusCode::BAD_REQUEST, "invalid_grant"));
                }
            },
            _ => {
                return Err((StatusCode::BAD_REQUEST, "unsupported_grant_type"));
            }
        };
        let access = token();
        s.tokens.insert(access.clone(), grant.clone());
        let refresh = if field("grant_type") == "refresh_token" {
            field("refresh_token")
        } else {
            let r = token();
            s.refresh.insert(r.clone(), grant.clone());
            r
        };
        Ok(json!({
            "access_token": access, "token_type": "bearer", "expires_in": 604_800,
            "refresh_token": refresh, "scope": "read", "subdomain": grant.subdomain,
        }))
    });
    match answer {
        Ok(body) => HttpResponse::Ok().json(body),
        Err((status, error)) => HttpResponse::build(status).json(json!({ "error": error })),
    }
}
