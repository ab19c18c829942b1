//! Dev-only stand-ins for Google (used by `sharebook dev`, the tests and the benchmarks; never by
//! `serve`): the ID-token issuer with its key set, and a host that fires add-on events.

pub mod host;
pub mod issuer;

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};

use self::host::{GoogleHost, Interaction};
use self::issuer::{Issuer, SandboxUser};

/// The sandbox deployment's add-on service account.
pub const SERVICE_ACCOUNT_EMAIL: &str =
    "service-100000000001@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";
/// The sandbox deployment's OAuth client id.
pub const OAUTH_CLIENT_ID: &str = "100000000001-sandbox.apps.googleusercontent.com";
/// Path of the published key set, as at Google.
pub const CERTS_PATH: &str = "/oauth2/v3/certs";
/// The demo user when none is named.
pub const DEFAULT_USER: &str = "owner@sharebook.test";

/// Starts the stand-in server: the key set, and `/sandbox/invoke/...` to fire add-on events.
pub fn server(listener: TcpListener, host: GoogleHost) -> std::io::Result<Server> {
    let host = web::Data::new(host);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(host.clone())
            .route(CERTS_PATH, web::get().to(certs))
            .route("/sandbox/invoke/{path:.*}", web::get().to(invoke))
            .route("/sandbox/invoke/{path:.*}", web::post().to(invoke))
    })
    .listen(listener)?
    .workers(1)
    .shutdown_timeout(1)
    .run())
}

async fn certs(host: web::Data<GoogleHost>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            "Cache-Control",
            "public, max-age=3600, must-revalidate, no-transform",
        ))
        .json(host.issuer.key_set())
}

/// `/sandbox/invoke/addon/home?as=someone@x&param.label_id=..&form.label_name=..`: fires the
/// add-on route as Gmail would and returns the add-on's answer.
async fn invoke(
    host: web::Data<GoogleHost>,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let user = SandboxUser::workspace(query.get("as").map_or(DEFAULT_USER, String::as_str));
    let mut interaction = Interaction {
        message_id: query.get("message").cloned(),
        ..Default::default()
    };
    for (key, value) in query.iter() {
        if let Some(name) = key.strip_prefix("param.") {
            interaction
                .parameters
                .insert(name.to_owned(), value.clone());
        } else if let Some(name) = key.strip_prefix("form.") {
            interaction
                .form_inputs
                .insert(name.to_owned(), vec![value.clone()]);
        }
    }
    match host.invoke(&format!("/{path}"), &user, &interaction).await {
        Ok((status, body)) => HttpResponse::build(
            actix_web::http::StatusCode::from_u16(status)
                .unwrap_or(actix_web::http::StatusCode::BAD_GATEWAY),
        )
        .json(body),
        Err(e) => {
            HttpResponse::BadGateway().body(format!("the add-on could not be reached: {e}\n"))
        }
    }
}

/// A fresh issuer, shared by the stand-in server and whoever mints tokens in-process.
pub fn new_issuer() -> anyhow::Result<Arc<Issuer>> {
    Ok(Arc::new(Issuer::new()?))
}
