//! The Google clients (delegated tokens, Gmail participants, Directory groups) against the
//! in-repo stand-ins, over real HTTP.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::{App, HttpServer, web};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use sharebook::config::PublicUrl;
use sharebook::google::directory::{DirectoryClient, DirectoryError, MEMBER_READONLY_SCOPE};
use sharebook::google::directory_users::{AccountStatus, DirectoryUsers};
use sharebook::google::gmail::{GmailClient, GmailError, Participant};
use sharebook::google::marketplace::{CustomerLicense, MarketplaceError, MarketplaceLicenses};
use sharebook::google::service_account::{JWT_BEARER_GRANT, TokenError, TokenSource};
use sharebook_dev::sandbox::directory::{DirectoryStandIn, MemberType};
use sharebook_dev::sandbox::gmail::{GmailStandIn, gmail_access_token, user_oauth_token};
use sharebook_dev::sandbox::host::{GoogleHost, Interaction};
use sharebook_dev::sandbox::issuer::SandboxUser;
use sharebook_dev::sandbox::marketplace::MarketplaceStandIn;
use sharebook_dev::sandbox::token::{NewServiceAccountKey, TokenEndpoint};
use sharebook_dev::sandbox::{self, OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL};
use url::Url;

const SA: &str = "sharebook-sync@sharebook-sandbox.iam.gserviceaccount.com";
const ADMIN: &str = "admin@sharebook.test";
const OWNER: &str = "owner@sharebook.test";
const CONTACTS: &str = "https://www.googleapis.com/auth/contacts";
const APP_ID: &str = "424242424242";

/// The three stand-ins on one random port.
struct Google {
    base: Url,
    tokens: Arc<TokenEndpoint>,
    gmail: Arc<GmailStandIn>,
    directory: Arc<DirectoryStandIn>,
    marketplace: Arc<MarketplaceStandIn>,
    http: reqwest::Client,
}

async fn start() -> Google {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base: Url = format!("http://{}/", listener.local_addr().unwrap())
        .parse()
        .unwrap();
    let tokens = Arc::new(TokenEndpoint::new(base.join("token").unwrap()));
    let gmail = Arc::new(GmailStandIn::new());
    let directory = Arc::new(DirectoryStandIn::new(tokens.clone()));
    let marketplace = Arc::new(MarketplaceStandIn::new(tokens.clone(), APP_ID));
    let (t, g, d, m) = (
        web::Data::from(tokens.clone()),
        web::Data::from(gmail.clone()),
        web::Data::from(directory.clone()),
        web::Data::from(marketplace.clone()),
    );
    let server = HttpServer::new(move || {
        App::new()
            .app_data(t.clone())
            .app_data(g.clone())
            .app_data(d.clone())
            .app_data(m.clone())
            .configure(sandbox::token::configure)
            .configure(sandbox::marketplace::configure)
            .configure(sandbox::gmail::configure)
            .configure(sandbox::directory::configure)
    })
    .listen(listener)
    .unwrap()
    .workers(1)
    .shutdown_timeout(1)
    .run();
    tokio::spawn(server);
    Google {
        base,
        tokens,
        gmail,
        directory,
        marketplace,
        http: http_client(Duration::from_secs(5)),
    }
}

fn http_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder().timeout(timeout).build().unwrap()
}

impl Google {
    fn token_url(&self) -> Url {
        self.base.join("token").unwrap()
    }

    /// A token source for a freshly registered service account.
    fn token_source(&self) -> (Arc<TokenSource>, NewServiceAccountKey) {
        let generated = self.tokens.create_service_account(SA).unwrap();
        let source = TokenSource::new(
            generated.key().unwrap(),
            self.token_url(),
            self.http.clone(),
        );
        (Arc::new(source), generated)
    }

    async fn post_assertion(&self, assertion: &str) -> (u16, Value) {
        let response = self
            .http
            .post(self.token_url())
            .form(&[("grant_type", JWT_BEARER_GRANT), ("assertion", assertion)])
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    async fn get(&self, path_and_query: &str, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut request = self.http.get(self.base.join(path_and_query).unwrap());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// An assertion signed with `key`'s private key, with these claims.
fn sign(key: &NewServiceAccountKey, claims: &Value) -> String {
    let file: Value = serde_json::from_str(&key.key_file_json).unwrap();
    let encoding =
        EncodingKey::from_rsa_pem(file["private_key"].as_str().unwrap().as_bytes()).unwrap();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key.key_id.clone());
    jsonwebtoken::encode(&header, claims, &encoding).unwrap()
}

fn assertion_claims(aud: &str, iat: u64, exp: u64) -> Value {
    json!({ "iss": SA, "sub": ADMIN, "scope": CONTACTS, "aud": aud, "iat": iat, "exp": exp })
}

fn rejected(err: &TokenError) -> (u16, &str, &str) {
    match err {
        TokenError::Rejected {
            status,
            error,
            description,
        } => (*status, error.as_str(), description.as_str()),
        other => panic!("expected a rejected grant, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Delegated tokens

#[tokio::test]
async fn delegated_token_is_granted_and_cached_per_subject_and_scopes() {
    let google = start().await;
    let (source, _) = google.token_source();

    let token = source
        .access_token(ADMIN, &[CONTACTS, MEMBER_READONLY_SCOPE])
        .await
        .unwrap();
    assert!(token.expose_secret().starts_with("ya29.sandbox-sa-"));
    assert_eq!(
        google.tokens.check(token.expose_secret(), CONTACTS),
        Some(ADMIN.to_owned())
    );
    assert_eq!(
        google.tokens.check(
            token.expose_secret(),
            "https://www.googleapis.com/auth/drive"
        ),
        None
    );
    assert_eq!(google.tokens.requests(), 1);

    // Same subject and scopes, in another order: from the cache.
    let again = source
        .access_token(ADMIN, &[MEMBER_READONLY_SCOPE, CONTACTS])
        .await
        .unwrap();
    assert_eq!(again.expose_secret(), token.expose_secret());
    assert_eq!(google.tokens.requests(), 1);

    // Another subject or other scopes: a new grant.
    source.access_token(OWNER, &[CONTACTS]).await.unwrap();
    source.access_token(ADMIN, &[CONTACTS]).await.unwrap();
    assert_eq!(google.tokens.requests(), 3);
}

#[tokio::test]
async fn cached_token_is_replaced_a_minute_before_it_expires() {
    let google = start().await;
    let (source, _) = google.token_source();

    google.tokens.set_token_lifetime(61);
    let first = source.access_token(ADMIN, &[CONTACTS]).await.unwrap();
    source.access_token(ADMIN, &[CONTACTS]).await.unwrap();
    assert_eq!(google.tokens.requests(), 1);
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let second = source.access_token(ADMIN, &[CONTACTS]).await.unwrap();
    assert_eq!(google.tokens.requests(), 2);
    assert_ne!(first.expose_secret(), second.expose_secret());

    // A token that lives no longer than the margin is never cached.
    google.tokens.set_token_lifetime(60);
    source.access_token(OWNER, &[CONTACTS]).await.unwrap();
    source.access_token(OWNER, &[CONTACTS]).await.unwrap();
    assert_eq!(google.tokens.requests(), 4);
}

#[tokio::test]
async fn keys_tokens_and_errors_never_show_secrets() {
    let google = start().await;
    let (source, generated) = google.token_source();
    let key = generated.key().unwrap();
    let token = source.access_token(ADMIN, &[CONTACTS]).await.unwrap();
    let shown = format!("{key:?} {source:?} {token:?} {generated:?}");
    assert!(!shown.contains("PRIVATE KEY"), "{shown}");
    assert!(!shown.contains(token.expose_secret()), "{shown}");
    assert!(shown.contains(SA));
}

#[tokio::test]
async fn assertion_with_a_bad_signature_is_an_invalid_grant() {
    let google = start().await;
    let registered = google.tokens.create_service_account(SA).unwrap();
    // A second key whose kid is registered, but with the first key's public half.
    let forged = sandbox::token::new_service_account_key(SA, google.tokens.url()).unwrap();
    google
        .tokens
        .register(SA, &forged.key_id, &registered.public_key_pem)
        .unwrap();
    let source = TokenSource::new(
        forged.key().unwrap(),
        google.token_url(),
        google.http.clone(),
    );

    let err = source.access_token(ADMIN, &[CONTACTS]).await.unwrap_err();
    assert_eq!(
        rejected(&err),
        (400, "invalid_grant", "Invalid JWT Signature.")
    );
    assert!(!err.is_retryable());

    // A kid that was never registered fails the same way.
    let unknown = sandbox::token::new_service_account_key(SA, google.tokens.url()).unwrap();
    let source = TokenSource::new(
        unknown.key().unwrap(),
        google.token_url(),
        google.http.clone(),
    );
    let err = source.access_token(ADMIN, &[CONTACTS]).await.unwrap_err();
    assert_eq!(
        rejected(&err),
        (400, "invalid_grant", "Invalid JWT Signature.")
    );
}

#[tokio::test]
async fn expired_or_long_lived_assertions_are_invalid_grants() {
    let google = start().await;
    let key = google.tokens.create_service_account(SA).unwrap();
    let aud = google.tokens.url().to_owned();
    let now = now();
    let short_lived = "Invalid JWT: Token must be a short-lived token (60 minutes) and in a \
                       reasonable timeframe. Check your iat and exp values in the JWT claim.";

    for (iat, exp) in [
        (now - 7_200, now - 3_600), // expired an hour ago
        (now, now + 7_200),         // asks for two hours
        (now + 600, now + 1_200),   // issued in the future
    ] {
        let (status, body) = google
            .post_assertion(&sign(&key, &assertion_claims(&aud, iat, exp)))
            .await;
        assert_eq!(status, 400, "iat {iat} exp {exp}");
        assert_eq!(
            body,
            json!({ "error": "invalid_grant", "error_description": short_lived })
        );
    }

    // Within the 60 s skew it is accepted.
    let (status, body) = google
        .post_assertion(&sign(&key, &assertion_claims(&aud, now + 30, now + 3_630)))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
}

#[tokio::test]
async fn assertion_for_another_audience_is_an_invalid_grant() {
    let google = start().await;
    let key = google.tokens.create_service_account(SA).unwrap();
    // Same server, but the audience string is not the endpoint's URL.
    let mut elsewhere = google.token_url();
    elsewhere.set_host(Some("localhost")).unwrap();
    let source = TokenSource::new(key.key().unwrap(), elsewhere, google.http.clone());

    let err = source.access_token(ADMIN, &[CONTACTS]).await.unwrap_err();
    let (status, error, description) = rejected(&err);
    assert_eq!((status, error), (400, "invalid_grant"));
    assert!(description.starts_with("Invalid JWT: Failed audience check."));
}

#[tokio::test]
async fn unknown_accounts_missing_scopes_and_bad_forms_are_refused() {
    let google = start().await;
    let stranger = sandbox::token::new_service_account_key(
        "stranger@elsewhere.iam.gserviceaccount.com",
        google.tokens.url(),
    )
    .unwrap();
    let source = TokenSource::new(
        stranger.key().unwrap(),
        google.token_url(),
        google.http.clone(),
    );
    let err = source.access_token(ADMIN, &[CONTACTS]).await.unwrap_err();
    assert_eq!(
        rejected(&err),
        (400, "invalid_grant", "Invalid grant: account not found")
    );

    let (source, _) = google.token_source();
    let err = source.access_token(ADMIN, &[]).await.unwrap_err();
    assert_eq!(rejected(&err).1, "invalid_scope");

    let response = google
        .http
        .post(google.token_url())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_grant_type");

    let (status, body) = google.post_assertion("not.a.jwt").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}

#[tokio::test]
async fn token_endpoint_failures_are_retryable() {
    let google = start().await;
    let (source, _) = google.token_source();
    for status in [503, 429, 500] {
        google.tokens.fail_next(status);
        let err = source.access_token(ADMIN, &[CONTACTS]).await.unwrap_err();
        assert!(
            matches!(err, TokenError::Unavailable(_)) && err.is_retryable(),
            "{status}: {err:?}"
        );
    }
    // Nothing cached from the failures; the next call succeeds.
    source.access_token(ADMIN, &[CONTACTS]).await.unwrap();

    // Nobody listening.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url: Url = format!("http://{}/token", closed.local_addr().unwrap())
        .parse()
        .unwrap();
    drop(closed);
    let key = google.tokens.create_service_account(SA).unwrap();
    let source = TokenSource::new(key.key().unwrap(), url, google.http.clone());
    let err = source.access_token(ADMIN, &[CONTACTS]).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Gmail

const MESSAGE: &str = "msg-f:1790000000000000001";

fn participant(name: Option<&str>, email: &str) -> Participant {
    Participant {
        name: name.map(str::to_owned),
        email: email.to_owned(),
    }
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

fn add_sample_message(google: &Google) {
    google.gmail.add_message(
        OWNER,
        MESSAGE,
        "thread-f:1790000000000000001",
        headers(&[
            ("Received", "from mx.example.com"),
            ("From", r#""Doe, Jane" <Jane@Example.com>"#),
            ("Subject", "Quarterly numbers"),
            (
                "To",
                "Team: Ann <ann@sharebook.test>, bob@sharebook.test;, \
                 =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <JM@example.de>",
            ),
            (
                "CC",
                "jane@example.com, not an address, Cy <cy@sharebook.test>",
            ),
        ]),
    );
}

/// The tokens Gmail's event would carry for `OWNER` opening `message_id`, from the sandbox host.
fn event_tokens(message_id: &str) -> (String, String) {
    let host = GoogleHost::new(
        sandbox::new_issuer().unwrap(),
        PublicUrl::parse("http://127.0.0.1:9").unwrap(),
        SERVICE_ACCOUNT_EMAIL,
        OAUTH_CLIENT_ID,
    );
    let event = host
        .event(
            &SandboxUser::workspace(OWNER),
            &Interaction {
                message_id: Some(message_id.to_owned()),
                ..Default::default()
            },
        )
        .unwrap();
    (
        event["authorizationEventObject"]["userOAuthToken"]
            .as_str()
            .unwrap()
            .to_owned(),
        event["gmail"]["accessToken"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn participants_are_read_with_the_event_tokens() {
    let google = start().await;
    add_sample_message(&google);
    let client = GmailClient::new(google.base.clone(), google.http.clone());
    let (oauth, access) = event_tokens(MESSAGE);
    assert_eq!(oauth, user_oauth_token(OWNER));
    assert_eq!(access, gmail_access_token(MESSAGE));

    let participants = client
        .message_participants(MESSAGE, &oauth, &access)
        .await
        .unwrap();
    assert_eq!(
        participants.from,
        vec![participant(Some("Doe, Jane"), "jane@example.com")]
    );
    assert_eq!(
        participants.to,
        vec![
            participant(Some("Ann"), "ann@sharebook.test"),
            participant(None, "bob@sharebook.test"),
            participant(Some("Jürgen Müller"), "jm@example.de"),
        ]
    );
    assert_eq!(
        participants.cc,
        vec![
            participant(None, "jane@example.com"),
            participant(Some("Cy"), "cy@sharebook.test"),
        ]
    );
    let emails: Vec<String> = participants.all().into_iter().map(|p| p.email).collect();
    assert_eq!(
        emails,
        [
            "jane@example.com",
            "ann@sharebook.test",
            "bob@sharebook.test",
            "jm@example.de",
            "cy@sharebook.test"
        ]
    );
    assert_eq!(google.gmail.requests(), 1);
}

#[tokio::test]
async fn metadata_answers_only_the_requested_headers() {
    let google = start().await;
    add_sample_message(&google);
    let oauth = format!("Bearer {}", user_oauth_token(OWNER));
    let access = gmail_access_token(MESSAGE);
    let auth = [
        ("Authorization", oauth.as_str()),
        ("X-Goog-Gmail-Access-Token", access.as_str()),
    ];
    let path = format!("gmail/v1/users/me/messages/{MESSAGE}");

    let (status, body) = google
        .get(
            &format!("{path}?format=metadata&metadataHeaders=from&metadataHeaders=cc"),
            &auth,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], MESSAGE);
    assert_eq!(body["threadId"], "thread-f:1790000000000000001");
    assert!(body["labelIds"].is_array() && body["sizeEstimate"].is_u64());
    let names: Vec<&str> = body["payload"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["From", "CC"]);

    // The add-on scope reads metadata only.
    let (status, body) = google.get(&path, &auth).await;
    assert_eq!(
        (status, body["error"]["status"].as_str()),
        (403, Some("PERMISSION_DENIED"))
    );
}

#[tokio::test]
async fn gmail_refusals_map_to_errors() {
    let google = start().await;
    add_sample_message(&google);
    let client = GmailClient::new(google.base.clone(), google.http.clone());
    let oauth = user_oauth_token(OWNER);
    let path = format!("gmail/v1/users/me/messages/{MESSAGE}?format=metadata");

    // No or malformed Bearer: 401.
    let access = gmail_access_token(MESSAGE);
    let (status, body) = google
        .get(&path, &[("X-Goog-Gmail-Access-Token", access.as_str())])
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], 401);
    assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Request had invalid authentication credentials")
    );
    let err = client
        .message_participants(MESSAGE, "not-a-google-token", &access)
        .await
        .unwrap_err();
    assert!(matches!(err, GmailError::Forbidden), "{err:?}");
    let err = client
        .message_participants(MESSAGE, "bad\ntoken", &access)
        .await
        .unwrap_err();
    assert!(matches!(err, GmailError::Forbidden), "{err:?}");

    // The Gmail access token of another message: 403.
    let other = gmail_access_token("msg-f:2");
    let bearer = format!("Bearer {oauth}");
    let (status, body) = google
        .get(
            &path,
            &[
                ("Authorization", bearer.as_str()),
                ("X-Goog-Gmail-Access-Token", other.as_str()),
            ],
        )
        .await;
    assert_eq!(
        (status, body["error"]["status"].as_str()),
        (403, Some("PERMISSION_DENIED"))
    );
    let err = client
        .message_participants(MESSAGE, &oauth, &other)
        .await
        .unwrap_err();
    assert!(matches!(err, GmailError::Forbidden), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(&oauth));

    // Unknown message, or someone else's: 404.
    let unknown = "msg-f:404 with space";
    let err = client
        .message_participants(unknown, &oauth, &gmail_access_token(unknown))
        .await
        .unwrap_err();
    assert!(matches!(err, GmailError::NotFound), "{err:?}");
    let (status, body) = google
        .get(
            "gmail/v1/users/me/messages/nope?format=metadata",
            &[
                ("Authorization", bearer.as_str()),
                ("X-Goog-Gmail-Access-Token", "gmail-sandbox-nope"),
            ],
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], 404);
    assert_eq!(body["error"]["message"], "Requested entity was not found.");
    assert_eq!(body["error"]["status"], "NOT_FOUND");
    let err = client
        .message_participants(MESSAGE, &user_oauth_token("other@sharebook.test"), &access)
        .await
        .unwrap_err();
    assert!(matches!(err, GmailError::NotFound), "{err:?}");
}

#[tokio::test]
async fn gmail_outages_and_slowness_are_unavailable() {
    let google = start().await;
    add_sample_message(&google);
    let oauth = user_oauth_token(OWNER);
    let access = gmail_access_token(MESSAGE);
    let client = GmailClient::new(google.base.clone(), google.http.clone());
    for status in [429, 500, 503] {
        google.gmail.fail_next(status);
        let err = client
            .message_participants(MESSAGE, &oauth, &access)
            .await
            .unwrap_err();
        assert!(
            matches!(err, GmailError::Unavailable(_)),
            "{status}: {err:?}"
        );
    }
    google.gmail.fail_next(400);
    let err = client
        .message_participants(MESSAGE, &oauth, &access)
        .await
        .unwrap_err();
    assert!(
        matches!(err, GmailError::Unexpected { status: 400 }),
        "{err:?}"
    );

    google.gmail.set_delay(Duration::from_millis(800));
    let impatient = GmailClient::new(google.base.clone(), http_client(Duration::from_millis(200)));
    let err = impatient
        .message_participants(MESSAGE, &oauth, &access)
        .await
        .unwrap_err();
    assert!(matches!(err, GmailError::Unavailable(Some(_))), "{err:?}");
    // Slow but within the timeout is fine.
    client
        .message_participants(MESSAGE, &oauth, &access)
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Directory

const BIG: &str = "everyone@sharebook.test";
const SUB: &str = "sales@sharebook.test";
const DEEP: &str = "sales-emea@sharebook.test";

/// `BIG` has 450 users and `SUB`; `SUB` has 5 users and `DEEP`; `DEEP` has 2 users and, to make a
/// cycle, `BIG`.
fn add_sample_groups(google: &Google) {
    google.directory.add_admin(ADMIN);
    for i in 0..450 {
        google
            .directory
            .add_member(BIG, &format!("User{i:03}@sharebook.test"), MemberType::User);
    }
    google.directory.add_member(BIG, SUB, MemberType::Group);
    for i in 0..5 {
        google
            .directory
            .add_member(SUB, &format!("seller{i}@sharebook.test"), MemberType::User);
    }
    google.directory.add_member(SUB, DEEP, MemberType::Group);
    google
        .directory
        .add_member(DEEP, "emea1@sharebook.test", MemberType::User);
    google
        .directory
        .add_member(DEEP, "emea2@sharebook.test", MemberType::User);
    google.directory.add_member(DEEP, BIG, MemberType::Group);
    google.directory.add_group("empty@sharebook.test");
}

fn directory_client(
    google: &Google,
    source: Arc<TokenSource>,
    ttl: Option<Duration>,
) -> DirectoryClient {
    match ttl {
        None => DirectoryClient::new(
            google.base.clone(),
            google.http.clone(),
            source,
            ADMIN.to_owned(),
        ),
        Some(ttl) => DirectoryClient::with_cache_ttl(
            google.base.clone(),
            google.http.clone(),
            source,
            ADMIN.to_owned(),
            ttl,
        ),
    }
}

#[tokio::test]
async fn group_members_follow_pages_and_nested_groups_then_come_from_the_cache() {
    let google = start().await;
    add_sample_groups(&google);
    let (source, _) = google.token_source();
    let client = directory_client(&google, source, None);

    let members = client
        .group_members("Everyone@Sharebook.test")
        .await
        .unwrap();
    assert_eq!(members.len(), 457);
    assert!(members.contains("user000@sharebook.test"));
    assert!(members.contains("user449@sharebook.test"));
    assert!(members.contains("seller4@sharebook.test"));
    assert!(members.contains("emea2@sharebook.test"));
    assert!(!members.contains(SUB) && !members.contains(BIG));
    // 460 entries (457 users, 3 groups) in pages of 200.
    assert_eq!(google.directory.requests(), 3);
    assert_eq!(google.tokens.requests(), 1);

    let again = client.group_members(BIG).await.unwrap();
    assert!(Arc::ptr_eq(&members, &again));
    assert_eq!(google.directory.requests(), 3);

    let nested = client.group_members(SUB).await.unwrap();
    assert_eq!(nested.len(), 457, "the cycle back to BIG includes everyone");
    assert!(
        client
            .group_members("empty@sharebook.test")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        google.tokens.requests(),
        1,
        "one delegated token serves every call"
    );
}

#[tokio::test]
async fn group_members_are_fetched_again_after_the_cache_ttl() {
    let google = start().await;
    add_sample_groups(&google);
    let (source, _) = google.token_source();
    let client = directory_client(&google, source, Some(Duration::from_millis(300)));

    assert_eq!(client.group_members(DEEP).await.unwrap().len(), 457);
    let after_first = google.directory.requests();
    client.group_members(DEEP).await.unwrap();
    assert_eq!(google.directory.requests(), after_first);
    tokio::time::sleep(Duration::from_millis(400)).await;
    client.group_members(DEEP).await.unwrap();
    assert_eq!(google.directory.requests(), after_first * 2);
}

#[tokio::test]
async fn unknown_group_is_not_found_and_remembered() {
    let google = start().await;
    add_sample_groups(&google);
    let (source, _) = google.token_source();
    let client = directory_client(&google, source, None);

    for _ in 0..2 {
        let err = client
            .group_members("ghost@sharebook.test")
            .await
            .unwrap_err();
        assert!(matches!(err, DirectoryError::GroupNotFound), "{err:?}");
    }
    assert_eq!(google.directory.requests(), 1);
}

#[tokio::test]
async fn groups_containing_checks_candidates_concurrently() {
    let google = start().await;
    add_sample_groups(&google);
    let (source, _) = google.token_source();
    let client = directory_client(&google, source, None);
    let candidates: Vec<String> = [
        DEEP,
        "ghost@sharebook.test",
        "empty@sharebook.test",
        SUB,
        BIG,
    ]
    .map(str::to_owned)
    .to_vec();

    let found = client
        .groups_containing("Seller2@Sharebook.test", &candidates)
        .await
        .unwrap();
    assert_eq!(found, [DEEP, SUB, BIG]);
    let found = client
        .groups_containing("nobody@sharebook.test", &candidates)
        .await
        .unwrap();
    assert!(found.is_empty());
}

#[tokio::test]
async fn directory_refusals_and_outages_map_to_errors() {
    let google = start().await;
    add_sample_groups(&google);
    let (source, _) = google.token_source();

    // Acting as someone who is not an admin.
    let client = DirectoryClient::new(
        google.base.clone(),
        google.http.clone(),
        source.clone(),
        OWNER.to_owned(),
    );
    let err = client.group_members(BIG).await.unwrap_err();
    assert!(matches!(err, DirectoryError::Forbidden), "{err:?}");

    let client = directory_client(&google, source.clone(), None);
    for status in [429, 503] {
        google.directory.fail_next(status);
        let err = client.group_members(BIG).await.unwrap_err();
        assert!(
            matches!(err, DirectoryError::Unavailable(_)) && err.is_retryable(),
            "{status}: {err:?}"
        );
    }
    // Failures are not cached.
    assert_eq!(client.group_members(BIG).await.unwrap().len(), 457);

    // No delegated token: the token error, retryable or not.
    let (fresh_source, _) = google.token_source();
    let client = directory_client(&google, fresh_source, None);
    google.tokens.fail_next(503);
    let err = client
        .group_members("empty@sharebook.test")
        .await
        .unwrap_err();
    assert!(
        matches!(err, DirectoryError::Token(_)) && err.is_retryable(),
        "{err:?}"
    );
}

#[tokio::test]
async fn members_list_checks_tokens_and_pages_like_google() {
    let google = start().await;
    add_sample_groups(&google);
    let (source, _) = google.token_source();
    let path = format!("admin/directory/v1/groups/{SUB}/members");

    let (status, body) = google.get(&path, &[]).await;
    assert_eq!(
        (status, body["error"]["status"].as_str()),
        (401, Some("UNAUTHENTICATED"))
    );

    // A delegated token without a Directory scope.
    let contacts = source.access_token(ADMIN, &[CONTACTS]).await.unwrap();
    let bearer = format!("Bearer {}", contacts.expose_secret());
    let (status, body) = google
        .get(&path, &[("Authorization", bearer.as_str())])
        .await;
    assert_eq!(
        (status, body["error"]["status"].as_str()),
        (403, Some("PERMISSION_DENIED"))
    );

    let token = source
        .access_token(ADMIN, &[MEMBER_READONLY_SCOPE])
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token.expose_secret());
    let auth = [("Authorization", bearer.as_str())];

    // Direct members only, unless derived membership is asked for.
    let (status, body) = google.get(&path, &auth).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["kind"], "admin#directory#members");
    let members = body["members"].as_array().unwrap();
    assert_eq!(members.len(), 6);
    assert_eq!(members[0]["type"], "USER");
    assert_eq!(members[0]["status"], "ACTIVE");
    assert_eq!(members[5]["email"], DEEP);
    assert_eq!(members[5]["type"], "GROUP");
    assert!(body.get("nextPageToken").is_none());

    let (_, first) = google
        .get(
            &format!("{path}?includeDerivedMembership=true&maxResults=7"),
            &auth,
        )
        .await;
    assert_eq!(first["members"].as_array().unwrap().len(), 7);
    let next = first["nextPageToken"].as_str().unwrap();
    let (_, second) = google
        .get(
            &format!("{path}?includeDerivedMembership=true&maxResults=7&pageToken={next}"),
            &auth,
        )
        .await;
    assert_ne!(first["members"][0], second["members"][0]);

    let (_, default_page) = google
        .get(&format!("admin/directory/v1/groups/{BIG}/members"), &auth)
        .await;
    assert_eq!(default_page["members"].as_array().unwrap().len(), 200);

    for bad in ["maxResults=0", "maxResults=201", "pageToken=garbage"] {
        let (status, body) = google.get(&format!("{path}?{bad}"), &auth).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }

    let (status, body) = google
        .get(
            "admin/directory/v1/groups/ghost@sharebook.test/members",
            &auth,
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["errors"][0]["reason"], "notFound");

    // The empty group has no `members` field at all, as at Google.
    let (status, body) = google
        .get(
            "admin/directory/v1/groups/empty@sharebook.test/members",
            &auth,
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.get("members").is_none());
}

/// Who is a super admin is asked as that user: a non-admin's refusal means no; answers are kept,
/// a failure is not.
#[tokio::test]
async fn super_admins_and_account_states_come_from_users_get() {
    let google = start().await;
    let (tokens, _key) = google.token_source();
    let users = DirectoryUsers::new(google.base.clone(), google.http.clone(), tokens);
    google.directory.add_admin(ADMIN);
    google.directory.add_user(OWNER);
    google.directory.suspend_user("gone@sharebook.test");

    google.directory.fail_next(503);
    let failed = users.is_super_admin(ADMIN).await.unwrap_err();
    assert!(failed.is_retryable(), "{failed:?}");
    assert!(
        users.is_super_admin(ADMIN).await.unwrap(),
        "the failure was not remembered"
    );
    assert!(
        !users.is_super_admin(OWNER).await.unwrap(),
        "a non-admin is refused: no"
    );
    assert!(!users.is_super_admin("nobody@sharebook.test").await.unwrap());
    let asked = google.directory.requests();
    assert!(users.is_super_admin(ADMIN).await.unwrap());
    assert!(!users.is_super_admin(OWNER).await.unwrap());
    assert_eq!(
        google.directory.requests(),
        asked,
        "answered from the cache"
    );

    let emails: Vec<String> = [OWNER, "gone@sharebook.test", "deleted@sharebook.test"]
        .iter()
        .map(|e| (*e).to_owned())
        .collect();
    let states: Vec<AccountStatus> = users
        .account_statuses(ADMIN, &emails)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        states,
        [
            AccountStatus::Active,
            AccountStatus::Suspended,
            AccountStatus::Deleted
        ]
    );
    // A non-admin may not read other accounts.
    let fresh = DirectoryUsers::new(
        google.base.clone(),
        google.http.clone(),
        google.token_source().0,
    );
    assert!(matches!(
        fresh.account_status(OWNER, ADMIN).await,
        Err(DirectoryError::Forbidden)
    ));
}

/// `customerLicense.get` with the service account's own token (no `sub`).
#[tokio::test]
async fn licenses_are_read_as_the_application() {
    let google = start().await;
    let (tokens, _key) = google.token_source();
    google.marketplace.allow(SA);
    google.marketplace.set_license("sharebook.test", true);
    let licenses = MarketplaceLicenses::new(
        google.base.clone(),
        google.http.clone(),
        tokens.clone(),
        APP_ID.to_owned(),
    );
    assert_eq!(
        licenses.customer_license("Sharebook.test").await.unwrap(),
        CustomerLicense::Active
    );
    assert_eq!(
        licenses.customer_license("elsewhere.test").await.unwrap(),
        CustomerLicense::Unlicensed,
        "never installed"
    );
    let other_app = MarketplaceLicenses::new(
        google.base.clone(),
        google.http.clone(),
        tokens,
        "1".to_owned(),
    );
    assert!(matches!(
        other_app.customer_license("sharebook.test").await,
        Err(MarketplaceError::Forbidden)
    ));
}
