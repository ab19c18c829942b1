//! Configuration read from the environment only (Cloud Run style); every error names its variable.

use std::net::SocketAddr;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

// The one crate type config holds: the key file is parsed here so that a bad one stops start-up
// with the variable named; the google layer does not read config.
use crate::domain::admin::AdminList;
use crate::google::service_account::ServiceAccountKey;
// Likewise the CRM's application and the key ring are checked here, once, at start-up.
use crate::capsule::oauth::OAuthApp;
use crate::sealed::KeyRing;

/// Google's JSON Web Key Set for ID tokens.
pub const GOOGLE_CERTS_URL: &str = "https://www.googleapis.com/oauth2/v3/certs";
/// Gmail API base (messages.get for the contextual trigger).
pub const GMAIL_API_URL: &str = "https://gmail.googleapis.com";
/// People API base (sync into members' Google Contacts).
pub const PEOPLE_API_URL: &str = "https://people.googleapis.com";
/// OAuth token endpoint (service-account JWT bearer grant).
pub const GOOGLE_TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
/// Admin SDK Directory API base (group membership).
pub const DIRECTORY_API_URL: &str = "https://admin.googleapis.com";
/// The Google Workspace Marketplace API (`customerLicense.get`).
pub const MARKETPLACE_API_URL: &str = "https://appsmarket.googleapis.com";
/// How long the audit log keeps an entry unless `AUDIT_RETENTION_DAYS` says otherwise.
pub const AUDIT_RETENTION_DAYS: i32 = 400;
/// Capsule CRM's REST API v2.
pub const CAPSULE_API_URL: &str = "https://api.capsulecrm.com/api/v2/";
/// Capsule CRM's OAuth endpoints (`authorise`, `token`).
pub const CAPSULE_OAUTH_URL: &str = "https://api.capsulecrm.com/oauth/";

/// How long news to one person waits for more of the same unless `EMAIL_GATHER_SECONDS` says.
pub const DEFAULT_EMAIL_GATHER: Duration = Duration::from_secs(60);

/// How notification emails leave: through the Gmail API as the user whose action they tell of
/// (domain-wide delegation, `gmail.send`), or through an SMTP server when `SMTP_URL` is set.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    /// The SMTP server, such as `smtps://user:password@smtp.example.com` (lettre's URL form).
    pub smtp_url: Option<SecretString>,
    /// The `From` address of emails sent through SMTP; the acting user is their `Reply-To`.
    pub smtp_from: Option<String>,
    /// How long news waits for more of the same to the same person (one email for a burst).
    pub gather: Duration,
}

impl EmailSettings {
    fn read<F: Fn(&str) -> Option<String>>(v: &Vars<F>) -> Result<Self, ConfigError> {
        let smtp_url = v
            .var("SMTP_URL")
            .map(|u| SecretString::from(u.trim().to_owned()));
        let smtp_from = match v.var("SMTP_FROM") {
            None => None,
            Some(_) => Some(v.email("SMTP_FROM")?),
        };
        if smtp_url.is_some() && smtp_from.is_none() {
            return Err(ConfigError::Missing("SMTP_FROM"));
        }
        let gather = match v.var("EMAIL_GATHER_SECONDS") {
            None => DEFAULT_EMAIL_GATHER,
            Some(raw) => raw
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= 3600)
                .map(Duration::from_secs)
                .ok_or_else(|| ConfigError::Invalid {
                    var: "EMAIL_GATHER_SECONDS",
                    reason: format!("{raw:?} is not a number of seconds from 0 to 3600"),
                })?,
        };
        Ok(Self {
            smtp_url,
            smtp_from,
            gather,
        })
    }
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            smtp_from: None,
            gather: DEFAULT_EMAIL_GATHER,
        }
    }
}

/// What `serve` needs: the add-on's own settings on top of [`Common`]. A plain struct so tests
/// and `dev` build it directly.
#[derive(Debug, Clone)]
pub struct Config {
    /// What the sync worker needs too.
    pub common: Common,
    /// Pool size for request handling (the worker sizes its own from its concurrency).
    pub database_pool_size: usize,
    /// Base under which Google calls us; trigger URLs are this plus a route path.
    pub public_url: PublicUrl,
    /// Email of the deployment's Google-managed add-on service account (from `get-authorization`).
    pub addon_service_account_email: String,
    /// OAuth client id of the deployment: the audience of `userIdToken`.
    pub addon_oauth_client_id: String,
    /// Where Google's signing keys are published.
    pub google_certs_url: Url,
    /// Shortest wait between two key-set fetches caused by an unknown `kid`.
    pub certs_refetch_cooldown: Duration,
}

/// What every long-running command (`serve`, `worker`) needs. The sync worker reads only these:
/// it answers no add-on request, so it needs neither the public URL nor the add-on's identity.
#[derive(Debug, Clone)]
pub struct Common {
    /// Postgres connection string (URL or key/value form).
    pub database_url: SecretString,
    /// People API base URL.
    pub people_api_url: Url,
    /// OAuth token endpoint.
    pub google_token_url: Url,
    /// Directory API base URL.
    pub directory_api_url: Url,
    /// Gmail API base: reading the open message, and sending notifications as their sender.
    pub gmail_api_url: Url,
    /// How notification emails leave.
    pub email: EmailSettings,
    /// Socket address to listen on.
    pub bind_addr: SocketAddr,
    /// Log output format.
    pub log_format: LogFormat,
    /// Sharebook's own service account (domain-wide delegation), from `GOOGLE_SERVICE_ACCOUNT_KEY_FILE`.
    pub service_account_key: Option<ServiceAccountKey>,
    /// A Workspace admin the service account acts as to read group membership
    /// (`DIRECTORY_ADMIN_EMAIL`); group shares need it.
    pub directory_admin_email: Option<String>,
    /// When set (`METRICS_TOKEN`), `/metrics` answers only `Authorization: Bearer <token>`: on
    /// Cloud Run the service is public, and the figures are nobody else's business.
    pub metrics_token: Option<SecretString>,
    /// CRM feeds (Capsule): where, how often, and the keys their tokens are sealed with.
    pub crm: CrmSettings,
    /// Workspace admins: who they are besides the Directory's super admins, the Marketplace, and
    /// how long the audit log keeps entries.
    pub admin: AdminSettings,
}

/// Admins' settings (`SHAREBOOK_ADMINS*`, `MARKETPLACE_*`, `AUDIT_RETENTION_DAYS`).
#[derive(Debug, Clone)]
pub struct AdminSettings {
    /// Admins named by configuration (`SHAREBOOK_ADMINS`, comma-separated), and whether they
    /// replace the Directory's answer (`SHAREBOOK_ADMINS_ONLY=true`).
    pub list: AdminList,
    /// The Marketplace API base.
    pub marketplace_api_url: Url,
    /// The Marketplace listing's application id (`MARKETPLACE_APP_ID`, the Cloud project
    /// number): when set, each new domain's license is asked for.
    pub marketplace_app_id: Option<String>,
    /// Days the audit log keeps an entry (`AUDIT_RETENTION_DAYS`, default 400).
    pub audit_retention_days: i32,
}

/// CRM feeds' settings (`CAPSULE_*`, `CRM_TOKEN_KEYS`).
#[derive(Debug, Clone)]
pub struct CrmSettings {
    /// Capsule's API base (ends with `/`).
    pub capsule_api_url: Url,
    /// Capsule's registered application, when `CAPSULE_CLIENT_ID`/`_SECRET` are set: owners may
    /// then connect with OAuth, and updates arrive instantly through REST hooks.
    pub capsule_oauth: Option<OAuthApp>,
    /// How often a feed asks Capsule what changed (`CAPSULE_POLL_SECONDS`, default 60).
    pub poll: Duration,
    /// Longest wait for one Capsule call (`CAPSULE_TIMEOUT_SECONDS`, default 30).
    pub timeout: Duration,
    /// The keys CRM tokens are sealed with (`CRM_TOKEN_KEYS`); without them no feed can be
    /// connected, and the feed card says why.
    pub keys: Option<std::sync::Arc<KeyRing>>,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable single lines.
    Text,
    /// One JSON object per line (Cloud Logging).
    Json,
}

/// A configuration problem, always naming the variable at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required variable is unset or empty.
    #[error("{0} is required but not set")]
    Missing(&'static str),
    /// A variable is set but unusable.
    #[error("{var} is invalid: {reason}")]
    Invalid {
        /// The variable's name.
        var: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Several problems, every one reported at once so one start-up attempt shows them all.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Several(Vec<ConfigError>),
}

impl ConfigError {
    /// One error for `problems` (none: `Ok`), flattening nested lists.
    pub fn all(problems: Vec<ConfigError>) -> Result<(), ConfigError> {
        let mut flat = Vec::new();
        for p in problems {
            match p {
                ConfigError::Several(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        match flat.len() {
            0 => Ok(()),
            1 => Err(flat.remove(0)),
            _ => Err(ConfigError::Several(flat)),
        }
    }
}

/// Collects configuration problems instead of stopping at the first.
#[derive(Default)]
struct Problems(Vec<ConfigError>);

impl Problems {
    fn take<T>(&mut self, r: Result<T, ConfigError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
}

/// The https base URL Google calls; `http` is accepted for loopback hosts only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    prefix: String,
}

impl PublicUrl {
    /// Parses and checks a public base URL.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw.trim()).map_err(|e| format!("not a URL ({e})"))?;
        let host = url.host().ok_or("it has no host")?;
        let loopback = match host {
            url::Host::Domain(d) => d == "localhost",
            url::Host::Ipv4(ip) => ip.is_loopback(),
            url::Host::Ipv6(ip) => ip.is_loopback(),
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => return Err("plain http is allowed for loopback hosts only".into()),
            other => return Err(format!("scheme {other} is not http(s)")),
        }
        if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
            return Err("it must not carry a query, fragment or credentials".into());
        }
        let origin = url.origin().ascii_serialization();
        let prefix = url.path().trim_end_matches('/').to_owned();
        Ok(Self { origin, prefix })
    }

    /// Scheme, host and port, with no trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Path prefix under which the add-on routes live ("" or "/something").
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The absolute URL Google must call for a route path such as `/addon/home`.
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{}{}", self.origin, self.prefix, path)
    }

    /// The exact URL of a received request, as Google signed it in `aud`.
    pub fn audience_for(&self, path_and_query: &str) -> String {
        format!("{}{}", self.origin, path_and_query)
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.origin, self.prefix)
    }
}

/// Reads variables through `get`, treating blank values as unset.
struct Vars<F>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    fn var(&self, name: &'static str) -> Option<String> {
        self.var_named(name)
    }

    fn var_named(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }

    fn required(&self, name: &'static str) -> Result<String, ConfigError> {
        self.var(name).ok_or(ConfigError::Missing(name))
    }

    fn url_or(&self, name: &'static str, default: &str) -> Result<Url, ConfigError> {
        let raw = self.var(name).unwrap_or_else(|| default.to_owned());
        parse_http_url(&raw).map_err(|reason| ConfigError::Invalid { var: name, reason })
    }

    fn email(&self, name: &'static str) -> Result<String, ConfigError> {
        let e = self.required(name)?.trim().to_owned();
        if e.contains('@') {
            Ok(e)
        } else {
            Err(ConfigError::Invalid {
                var: name,
                reason: "not an email address".into(),
            })
        }
    }
}

impl Config {
    /// Reads `serve`'s configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `get`, so tests need not touch the process environment.
    /// Every problem, the common settings' included, is reported at once.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let v = Vars(get);
        let mut p = Problems::default();
        let common = p.take(Common::read(&v));
        let public_url = p.take(v.required("PUBLIC_URL").and_then(|raw| {
            PublicUrl::parse(&raw).map_err(|reason| ConfigError::Invalid {
                var: "PUBLIC_URL",
                reason,
            })
        }));
        let addon_service_account_email = p.take(v.email("ADDON_SERVICE_ACCOUNT_EMAIL"));
        let addon_oauth_client_id = p.take(v.required("ADDON_OAUTH_CLIENT_ID"));
        let google_certs_url = p.take(v.url_or("GOOGLE_CERTS_URL", GOOGLE_CERTS_URL));
        let database_pool_size = p.take(match v.var("DATABASE_POOL_SIZE") {
            None => Ok(16),
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| ConfigError::Invalid {
                    var: "DATABASE_POOL_SIZE",
                    reason: format!("{raw:?} is not a number from 1 to 1000"),
                }),
        });
        ConfigError::all(p.0)?;
        let (
            Some(common),
            Some(public_url),
            Some(addon_service_account_email),
            Some(addon_oauth_client_id),
            Some(google_certs_url),
            Some(database_pool_size),
        ) = (
            common,
            public_url,
            addon_service_account_email,
            addon_oauth_client_id,
            google_certs_url,
            database_pool_size,
        )
        else {
            // Every `take` above succeeded when no problem was recorded.
            return Err(ConfigError::Several(Vec::new()));
        };
        Ok(Self {
            common,
            public_url,
            addon_service_account_email,
            addon_oauth_client_id: addon_oauth_client_id.trim().to_owned(),
            google_certs_url,
            database_pool_size,
            certs_refetch_cooldown: Duration::from_secs(30),
        })
    }
}

impl Common {
    /// Reads the common settings from the process environment (`worker`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::read(&Vars(|name: &str| std::env::var(name).ok()))
    }

    /// Reads the common settings through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::read(&Vars(get))
    }

    fn read<F: Fn(&str) -> Option<String>>(v: &Vars<F>) -> Result<Self, ConfigError> {
        let mut p = Problems::default();
        let database_url = p.take(v.required("DATABASE_URL")).map(SecretString::from);
        let bind_addr = p.take(bind_addr(v.var("BIND_ADDR"), v.var("PORT")));
        let log_format = p.take(match v.var("LOG_FORMAT").as_deref() {
            None | Some("text") => Ok(LogFormat::Text),
            Some("json") => Ok(LogFormat::Json),
            Some(other) => Err(ConfigError::Invalid {
                var: "LOG_FORMAT",
                reason: format!("{other:?} is neither \"json\" nor \"text\""),
            }),
        });
        let service_account_key = p.take(match v.var("GOOGLE_SERVICE_ACCOUNT_KEY_FILE") {
            None => Ok(None),
            Some(path) => ServiceAccountKey::from_file(path.trim())
                .map(Some)
                .map_err(|e| ConfigError::Invalid {
                    var: "GOOGLE_SERVICE_ACCOUNT_KEY_FILE",
                    reason: e.to_string(),
                }),
        });
        let directory_admin_email = match v.var("DIRECTORY_ADMIN_EMAIL") {
            None => None,
            Some(_) => p
                .take(v.email("DIRECTORY_ADMIN_EMAIL"))
                .map(|e| e.to_lowercase()),
        };
        let people_api_url = p.take(v.url_or("PEOPLE_API_URL", PEOPLE_API_URL));
        let google_token_url = p.take(v.url_or("GOOGLE_TOKEN_URL", GOOGLE_TOKEN_URL));
        let directory_api_url = p.take(v.url_or("DIRECTORY_API_URL", DIRECTORY_API_URL));
        let gmail_api_url = p.take(v.url_or("GMAIL_API_URL", GMAIL_API_URL));
        let email = p.take(EmailSettings::read(v));
        let crm = p.take(CrmSettings::read(v));
        let admin = p.take(AdminSettings::read(v));
        let metrics_token = v
            .var("METRICS_TOKEN")
            .map(|t| SecretString::from(t.trim().to_owned()));
        ConfigError::all(p.0)?;
        let (
            Some(database_url),
            Some(bind_addr),
            Some(log_format),
            Some(service_account_key),
            Some(people_api_url),
            Some(google_token_url),
            Some(directory_api_url),
            Some(gmail_api_url),
            Some(email),
            Some(crm),
            Some(admin),
        ) = (
            database_url,
            bind_addr,
            log_format,
            service_account_key,
            people_api_url,
            google_token_url,
            directory_api_url,
            gmail_api_url,
            email,
            crm,
            admin,
        )
        else {
            // Every `take` above succeeded when no problem was recorded.
            return Err(ConfigError::Several(Vec::new()));
        };
        Ok(Self {
            database_url,
            people_api_url,
            google_token_url,
            directory_api_url,
            gmail_api_url,
            email,
            bind_addr,
            log_format,
            service_account_key,
            directory_admin_email,
            metrics_token,
            crm,
            admin,
        })
    }
}

impl AdminSettings {
    fn read<F: Fn(&str) -> Option<String>>(v: &Vars<F>) -> Result<Self, ConfigError> {
        let mut p = Problems::default();
        let mut emails = Vec::new();
        for raw in v.var("SHAREBOOK_ADMINS").unwrap_or_default().split(',') {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            match crate::domain::contact::normalize_email(raw) {
                Some(e) => emails.push(e.to_lowercase()),
                None => p.0.push(ConfigError::Invalid {
                    var: "SHAREBOOK_ADMINS",
                    reason: format!("{raw:?} is not an email address"),
                }),
            }
        }
        let only = p.take(
            match v.var("SHAREBOOK_ADMINS_ONLY").as_deref().map(str::trim) {
                None | Some("false") => Ok(false),
                Some("true") => Ok(true),
                Some(other) => Err(ConfigError::Invalid {
                    var: "SHAREBOOK_ADMINS_ONLY",
                    reason: format!("{other:?} is neither \"true\" nor \"false\""),
                }),
            },
        );
        let marketplace_api_url = p.take(v.url_or("MARKETPLACE_API_URL", MARKETPLACE_API_URL));
        let days = p.take(match v.var("AUDIT_RETENTION_DAYS") {
            None => Ok(AUDIT_RETENTION_DAYS),
            Some(raw) => raw
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=36_500).contains(n))
                .ok_or_else(|| ConfigError::Invalid {
                    var: "AUDIT_RETENTION_DAYS",
                    reason: format!("{raw:?} is not a number of days from 1 to 36500"),
                }),
        });
        let marketplace_app_id = v.var("MARKETPLACE_APP_ID").map(|s| s.trim().to_owned());
        ConfigError::all(p.0)?;
        let (Some(only), Some(marketplace_api_url), Some(audit_retention_days)) =
            (only, marketplace_api_url, days)
        else {
            return Err(ConfigError::Several(Vec::new()));
        };
        if only && emails.is_empty() {
            return Err(ConfigError::Missing("SHAREBOOK_ADMINS"));
        }
        Ok(Self {
            list: AdminList { emails, only },
            marketplace_api_url,
            marketplace_app_id,
            audit_retention_days,
        })
    }
}

impl CrmSettings {
    fn read<F: Fn(&str) -> Option<String>>(v: &Vars<F>) -> Result<Self, ConfigError> {
        let mut p = Problems::default();
        let base = |name: &'static str, default: &str| {
            v.url_or(name, default).map(|mut u| {
                // Joined with relative paths: without the slash the last segment would be lost.
                if !u.path().ends_with('/') {
                    u.set_path(&format!("{}/", u.path()));
                }
                u
            })
        };
        let capsule_api_url = p.take(base("CAPSULE_API_URL", CAPSULE_API_URL));
        let oauth_url = p.take(base("CAPSULE_OAUTH_URL", CAPSULE_OAUTH_URL));
        let seconds = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match v.var(name) {
                None => Ok(Duration::from_secs(default)),
                Some(raw) => raw
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=86_400).contains(n))
                    .map(Duration::from_secs)
                    .ok_or_else(|| ConfigError::Invalid {
                        var: name,
                        reason: format!("{raw:?} is not a number of seconds from 1 to 86400"),
                    }),
            }
        };
        let poll = p.take(seconds("CAPSULE_POLL_SECONDS", 60));
        let timeout = p.take(seconds("CAPSULE_TIMEOUT_SECONDS", 30));
        let keys = p.take(match v.var("CRM_TOKEN_KEYS") {
            None => Ok(None),
            Some(raw) => KeyRing::parse(&SecretString::from(raw))
                .map(|k| Some(std::sync::Arc::new(k)))
                .map_err(|e| ConfigError::Invalid {
                    var: "CRM_TOKEN_KEYS",
                    reason: e.to_string(),
                }),
        });
        let client = p.take(
            match (v.var("CAPSULE_CLIENT_ID"), v.var("CAPSULE_CLIENT_SECRET")) {
                (Some(id), Some(secret)) => {
                    Ok(Some((id.trim().to_owned(), SecretString::from(secret))))
                }
                (None, None) => Ok(None),
                (Some(_), None) => Err(ConfigError::Missing("CAPSULE_CLIENT_SECRET")),
                (None, Some(_)) => Err(ConfigError::Missing("CAPSULE_CLIENT_ID")),
            },
        );
        ConfigError::all(p.0)?;
        let (
            Some(capsule_api_url),
            Some(oauth_url),
            Some(poll),
            Some(timeout),
            Some(keys),
            Some(client),
        ) = (capsule_api_url, oauth_url, poll, timeout, keys, client)
        else {
            return Err(ConfigError::Several(Vec::new()));
        };
        Ok(Self {
            capsule_api_url,
            capsule_oauth: client.map(|(client_id, client_secret)| OAuthApp {
                base: oauth_url,
                client_id,
                client_secret,
            }),
            poll,
            timeout,
            keys,
        })
    }
}

/// Whether the process environment sets `name` to something other than blanks.
pub fn is_set(name: &str) -> bool {
    Vars(|n: &str| std::env::var(n).ok())
        .var_named(name)
        .is_some()
}

/// Reads only `DATABASE_URL`, for commands (`migrate`) that need nothing else.
pub fn database_url_from_env() -> Result<SecretString, ConfigError> {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(SecretString::from)
        .ok_or(ConfigError::Missing("DATABASE_URL"))
}

/// Reads only `PUBLIC_URL`, for `sharebook manifest`.
pub fn public_url_from_env() -> Result<PublicUrl, ConfigError> {
    let raw = std::env::var("PUBLIC_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or(ConfigError::Missing("PUBLIC_URL"))?;
    PublicUrl::parse(&raw).map_err(|reason| ConfigError::Invalid {
        var: "PUBLIC_URL",
        reason,
    })
}

fn parse_http_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw.trim()).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!("scheme {other} is not http(s)")),
    }
}

fn bind_addr(bind: Option<String>, port: Option<String>) -> Result<SocketAddr, ConfigError> {
    if let Some(raw) = bind {
        return raw.trim().parse().map_err(|_| ConfigError::Invalid {
            var: "BIND_ADDR",
            reason: format!("{raw:?} is not an address such as 127.0.0.1:8080"),
        });
    }
    if let Some(raw) = port {
        // Cloud Run sets PORT and expects the container to listen on every interface.
        let port: u16 = raw.trim().parse().map_err(|_| ConfigError::Invalid {
            var: "PORT",
            reason: format!("{raw:?} is not a port number"),
        })?;
        return Ok(SocketAddr::from(([0, 0, 0, 0], port)));
    }
    Ok(SocketAddr::from(([127, 0, 0, 1], 8080)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn base() -> HashMap<&'static str, &'static str> {
        HashMap::from([
            ("DATABASE_URL", "postgres://localhost/sharebook"),
            ("PUBLIC_URL", "https://addon.example.com"),
            (
                "ADDON_SERVICE_ACCOUNT_EMAIL",
                "service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
            ),
            ("ADDON_OAUTH_CLIENT_ID", "1234.apps.googleusercontent.com"),
        ])
    }

    fn load(env: &HashMap<&'static str, &'static str>) -> Result<Config, ConfigError> {
        Config::from_lookup(|k| env.get(k).map(|v| (*v).to_owned()))
    }

    #[test]
    fn defaults_apply() {
        let c = load(&base()).unwrap();
        assert_eq!(c.common.bind_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.google_certs_url.as_str(), GOOGLE_CERTS_URL);
        assert_eq!(
            c.public_url.url_for("/addon/home"),
            "https://addon.example.com/addon/home"
        );
        assert_eq!(c.common.log_format, LogFormat::Text);
    }

    #[test]
    fn each_missing_variable_is_named() {
        for var in [
            "DATABASE_URL",
            "PUBLIC_URL",
            "ADDON_SERVICE_ACCOUNT_EMAIL",
            "ADDON_OAUTH_CLIENT_ID",
        ] {
            let mut env = base();
            env.remove(var);
            let err = load(&env).unwrap_err().to_string();
            assert!(err.contains(var), "{err}");
        }
    }

    #[test]
    fn plain_http_only_for_loopback() {
        let mut env = base();
        env.insert("PUBLIC_URL", "http://addon.example.com");
        assert!(load(&env).unwrap_err().to_string().contains("PUBLIC_URL"));
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:9000/",
            "http://[::1]:8080",
        ] {
            env.insert("PUBLIC_URL", ok);
            assert!(load(&env).is_ok(), "{ok}");
        }
    }

    #[test]
    fn port_is_honoured_for_cloud_run_and_bind_addr_wins() {
        let mut env = base();
        env.insert("PORT", "9090");
        assert_eq!(
            load(&env).unwrap().common.bind_addr.to_string(),
            "0.0.0.0:9090"
        );
        env.insert("BIND_ADDR", "127.0.0.1:7000");
        assert_eq!(
            load(&env).unwrap().common.bind_addr.to_string(),
            "127.0.0.1:7000"
        );
        env.insert("BIND_ADDR", "nonsense");
        assert!(load(&env).unwrap_err().to_string().contains("BIND_ADDR"));
    }

    #[test]
    fn malformed_values_name_their_variable() {
        for (var, value) in [
            ("GOOGLE_CERTS_URL", "ftp://x"),
            ("LOG_FORMAT", "xml"),
            ("ADDON_SERVICE_ACCOUNT_EMAIL", "nobody"),
            ("PORT", "eighty"),
            ("DATABASE_POOL_SIZE", "0"),
        ] {
            let mut env = base();
            env.insert(var, value);
            let err = load(&env).unwrap_err().to_string();
            assert!(err.contains(var), "{var}: {err}");
        }
    }

    #[test]
    fn the_worker_needs_none_of_the_addons_settings() {
        let env = HashMap::from([("DATABASE_URL", "postgres://localhost/sharebook")]);
        let common = Common::from_lookup(|k| env.get(k).map(|v| (*v).to_owned())).unwrap();
        assert_eq!(common.bind_addr.to_string(), "127.0.0.1:8080");
        assert!(common.service_account_key.is_none());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let env = HashMap::from([
            ("LOG_FORMAT", "xml"),
            ("DIRECTORY_ADMIN_EMAIL", "admin"),
            ("PEOPLE_API_URL", "ftp://x"),
        ]);
        let err = load(&env).unwrap_err().to_string();
        for var in [
            "DATABASE_URL",
            "PUBLIC_URL",
            "ADDON_SERVICE_ACCOUNT_EMAIL",
            "ADDON_OAUTH_CLIENT_ID",
            "LOG_FORMAT",
            "DIRECTORY_ADMIN_EMAIL",
            "PEOPLE_API_URL",
        ] {
            assert!(err.contains(var), "{var} missing from: {err}");
        }
    }

    #[test]
    fn public_url_keeps_a_path_prefix() {
        let u = PublicUrl::parse("https://x.example.com/sharebook/").unwrap();
        assert_eq!(u.prefix(), "/sharebook");
        assert_eq!(
            u.url_for("/addon/home"),
            "https://x.example.com/sharebook/addon/home"
        );
        assert_eq!(
            u.audience_for("/sharebook/addon/home?x=1"),
            "https://x.example.com/sharebook/addon/home?x=1"
        );
    }
}
