//! Dev-only stand-ins for Google (used by `sharebook dev`, the tests and the benchmarks; never by
//! `serve`): the ID-token issuer with its key set, and a host that fires add-on events.

pub mod capsule;
pub mod directory;
pub mod gmail;
pub mod host;
pub mod issuer;
pub mod marketplace;
pub mod page;
pub mod people;
pub mod seed;
pub mod smtp;
pub mod token;

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use secrecy::SecretString;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};

use self::host::{GoogleHost, Interaction};
use self::issuer::{Issuer, SandboxUser};
use sharebook::config::{Common, Config, LogFormat, PublicUrl};

/// The sandbox deployment's add-on service account.
pub const SERVICE_ACCOUNT_EMAIL: &str =
    "service-100000000001@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";
/// The sandbox deployment's OAuth client id.
pub const OAUTH_CLIENT_ID: &str = "100000000001-sandbox.apps.googleusercontent.com";
/// Path of the published key set, as at Google.
pub const CERTS_PATH: &str = "/oauth2/v3/certs";
/// The demo user when none is named.
pub const DEFAULT_USER: &str = "owner@sharebook.test";

/// Sharebook's own (sync) service account in the sandbox.
pub const SYNC_SERVICE_ACCOUNT: &str = "sharebook-sync@sharebook-sandbox.iam.gserviceaccount.com";
/// The Workspace admin the service account acts as to read groups in the sandbox.
pub const DIRECTORY_ADMIN: &str = "admin@sharebook.test";
/// The Marketplace application id the sandbox configures (the Cloud project number).
pub const SANDBOX_MARKETPLACE_APP_ID: &str = "424242424242";

/// Every Google stand-in of one sandbox, sharing one base URL.
#[derive(Clone)]
pub struct StandIns {
    /// Base URL of the stand-in server (`http://127.0.0.1:port/`).
    pub base: url::Url,
    /// Gmail's side of the add-on protocol.
    pub host: GoogleHost,
    /// OAuth token endpoint (JWT bearer grant).
    pub tokens: Arc<token::TokenEndpoint>,
    /// Gmail API.
    pub gmail: Arc<gmail::GmailStandIn>,
    /// Directory API.
    pub directory: Arc<directory::DirectoryStandIn>,
    /// People API (contacts and contact groups), with its fault and quota knobs.
    pub people: Arc<people::PeopleStandIn>,
    /// Capsule CRM's API and OAuth, with its fault and rate-limit knobs.
    pub capsule: Arc<capsule::CapsuleStandIn>,
    /// The Marketplace's license API (the demo domain installed Sharebook domain-wide).
    pub marketplace: Arc<marketplace::MarketplaceStandIn>,
}

impl StandIns {
    /// Stand-ins to be served on `listener`, for an add-on deployed at `host.public_url`.
    pub fn new(listener: &TcpListener, host: GoogleHost) -> anyhow::Result<Self> {
        let base: url::Url = format!("http://{}/", listener.local_addr()?).parse()?;
        let tokens = Arc::new(token::TokenEndpoint::new(
            base.join(token::TOKEN_PATH.trim_start_matches('/'))?,
        ));
        let directory = Arc::new(directory::DirectoryStandIn::new(tokens.clone()));
        directory.add_admin(DIRECTORY_ADMIN);
        let people = Arc::new(people::PeopleStandIn::new(tokens.clone()));
        let marketplace = Arc::new(marketplace::MarketplaceStandIn::new(
            tokens.clone(),
            SANDBOX_MARKETPLACE_APP_ID,
        ));
        marketplace.allow(SYNC_SERVICE_ACCOUNT);
        marketplace.set_license(seed::DOMAIN, true);
        Ok(Self {
            base,
            host,
            tokens,
            gmail: Arc::new(gmail::GmailStandIn::new()),
            directory,
            people,
            capsule: Arc::new(capsule::CapsuleStandIn::new()),
            marketplace,
        })
    }

    /// Binds `addr` and sets up every stand-in for an add-on deployed at `public_url`, with a
    /// fresh issuer; the server is returned ready to run (requests wait in the backlog).
    pub fn start(public_url: PublicUrl, addr: SocketAddr) -> anyhow::Result<(Self, Server)> {
        let listener = TcpListener::bind(addr)
            .with_context(|| format!("Failed to bind the Google stand-in on {addr}"))?;
        let host = GoogleHost::new(
            new_issuer()?,
            public_url,
            SERVICE_ACCOUNT_EMAIL,
            OAUTH_CLIENT_ID,
        );
        let stand_ins = Self::new(&listener, host)?;
        let server = server(listener, &stand_ins)?;
        Ok((stand_ins, server))
    }

    /// The add-on's configuration with every Google endpoint at these stand-ins, a new sync
    /// service account (domain-wide delegation) and the sandbox admin for group membership.
    pub fn config(
        &self,
        database_url: SecretString,
        bind_addr: SocketAddr,
    ) -> anyhow::Result<Config> {
        let sync_key = self
            .tokens
            .create_service_account(SYNC_SERVICE_ACCOUNT)?
            .key()?;
        Ok(Config {
            common: Common {
                database_url,
                people_api_url: self.base.clone(),
                google_token_url: self.tokens.url().parse()?,
                directory_api_url: self.base.clone(),
                gmail_api_url: self.base.clone(),
                // Short, so that an invitation reaches the sandbox's inbox within seconds.
                email: sharebook::config::EmailSettings {
                    gather: Duration::from_secs(2),
                    ..Default::default()
                },
                bind_addr,
                log_format: LogFormat::Text,
                service_account_key: Some(sync_key),
                directory_admin_email: Some(DIRECTORY_ADMIN.into()),
                metrics_token: None,
                crm: sharebook::config::CrmSettings {
                    capsule_api_url: self.url("api/v2/")?,
                    capsule_oauth: Some(sharebook::capsule::oauth::OAuthApp {
                        base: self.url("oauth/")?,
                        client_id: capsule::SANDBOX_CLIENT_ID.into(),
                        client_secret: SecretString::from(capsule::SANDBOX_CLIENT_SECRET),
                    }),
                    // The sandbox shows a Capsule edit reaching the label within seconds.
                    poll: Duration::from_secs(3),
                    timeout: Duration::from_secs(10),
                    keys: Some(Arc::new(sharebook::sealed::KeyRing::generate("sandbox")?)),
                },
                admin: sharebook::config::AdminSettings {
                    list: Default::default(),
                    marketplace_api_url: self.base.clone(),
                    marketplace_app_id: Some(SANDBOX_MARKETPLACE_APP_ID.into()),
                    audit_retention_days: sharebook::config::AUDIT_RETENTION_DAYS,
                },
            },
            database_pool_size: 16,
            public_url: self.host.public_url.clone(),
            addon_service_account_email: SERVICE_ACCOUNT_EMAIL.into(),
            addon_oauth_client_id: OAUTH_CLIENT_ID.into(),
            google_certs_url: self.url(CERTS_PATH)?,
            certs_refetch_cooldown: Duration::from_secs(30),
        })
    }

    /// The URL of `path` on the stand-in server.
    pub fn url(&self, path: &str) -> anyhow::Result<url::Url> {
        Ok(self.base.join(path.trim_start_matches('/'))?)
    }
}

/// Starts the stand-in server: key set, token endpoint, Gmail, Directory and People APIs, and
/// `/sandbox/invoke/...` to fire add-on events.
pub fn server(listener: TcpListener, stand_ins: &StandIns) -> std::io::Result<Server> {
    let host = web::Data::new(stand_ins.host.clone());
    let tokens = web::Data::from(stand_ins.tokens.clone());
    let gmail_data = web::Data::from(stand_ins.gmail.clone());
    let directory_data = web::Data::from(stand_ins.directory.clone());
    let people_data = web::Data::from(stand_ins.people.clone());
    let capsule_data = web::Data::from(stand_ins.capsule.clone());
    let marketplace_data = web::Data::from(stand_ins.marketplace.clone());
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(host.clone())
            .app_data(tokens.clone())
            .app_data(gmail_data.clone())
            .app_data(directory_data.clone())
            .app_data(people_data.clone())
            .app_data(capsule_data.clone())
            .app_data(marketplace_data.clone())
            .route(CERTS_PATH, web::get().to(certs))
            .route("/sandbox/invoke/{path:.*}", web::get().to(invoke))
            .route("/sandbox/invoke/{path:.*}", web::post().to(invoke))
            .configure(token::configure)
            .configure(gmail::configure)
            .configure(directory::configure)
            .configure(page::configure)
            .configure(people::configure)
            .configure(capsule::configure)
            .configure(marketplace::configure)
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
    let route = format!("/{path}");
    if !sharebook::routes::ADDON_PATHS.contains(&route.as_str()) {
        return HttpResponse::NotFound().body(format!(
            "{route} is no add-on route. The routes are:\n{}\n",
            sharebook::routes::ADDON_PATHS.join("\n")
        ));
    }
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
        } else if key != "as" && key != "message" {
            return HttpResponse::BadRequest().body(format!(
                "unknown query key {key:?}: use as=EMAIL, message=ID, param.NAME=VALUE for an action \
                 parameter (param.{key}=…) or form.NAME=VALUE for a form input\n"
            ));
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
