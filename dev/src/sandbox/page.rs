//! The sandbox page (dev only): a simulated Gmail with the add-on's side panel, and its JSON API.
//!
//! Button clicks reach the add-on exactly as Google sends them: an event object built by
//! [`GoogleHost`], POSTed to the action's URL with freshly signed tokens.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::gmail::GmailStandIn;
use super::host::{GoogleHost, Interaction};
use super::issuer::SandboxUser;
use super::seed;
use sharebook::manifest;

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");

/// Largest action request accepted from the page (an add-on event is a few KiB).
const MAX_ACTION_BYTES: usize = 256 * 1024;
/// Longest email address accepted as a user.
const MAX_EMAIL: usize = 254;

/// Mounts `/`, `/sandbox/page/*` and `/sandbox/api/*`; needs `web::Data` of [`GoogleHost`] and
/// [`GmailStandIn`], which [`super::server`] provides.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(index))
        .route("/sandbox/page/{file}", web::get().to(asset))
        .route("/sandbox/api/users", web::get().to(users))
        .route("/sandbox/api/addon", web::get().to(addon))
        .route("/sandbox/api/inbox", web::get().to(inbox))
        .service(
            web::resource("/sandbox/api/action")
                .app_data(
                    web::JsonConfig::default()
                        .limit(MAX_ACTION_BYTES)
                        .error_handler(|e, _| {
                            let message = format!("invalid action request: {e}");
                            actix_web::error::InternalError::from_response(e, bad_request(&message))
                                .into()
                        }),
                )
                .route(web::post().to(action)),
        );
}

fn bad_request(message: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({ "error": message }))
}

async fn index() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(("Cache-Control", "no-cache"))
        .body(INDEX_HTML)
}

async fn asset(file: web::Path<String>) -> HttpResponse {
    let (body, kind) = match file.as_str() {
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        _ => return HttpResponse::NotFound().body("no such asset\n"),
    };
    HttpResponse::Ok()
        .content_type(kind)
        .insert_header(("Cache-Control", "no-cache"))
        .body(body)
}

/// `GET /sandbox/api/users`: the demo users, owner first.
async fn users() -> HttpResponse {
    HttpResponse::Ok().json(seed::USERS)
}

/// `GET /sandbox/api/addon`: the entry points as the deployment manifest names them, so the page
/// fires the same URLs Google would.
async fn addon(host: web::Data<GoogleHost>) -> HttpResponse {
    let manifest = match manifest::render(&host.public_url) {
        Ok(m) => m,
        Err(e) => {
            return HttpResponse::InternalServerError()
                .json(json!({ "error": format!("the manifest does not render: {e}") }));
        }
    };
    let text = |pointer: &str| manifest.pointer(pointer).cloned().unwrap_or(Value::Null);
    let homepage = manifest
        .pointer("/addOns/gmail/homepageTrigger/runFunction")
        .or_else(|| manifest.pointer("/addOns/common/homepageTrigger/runFunction"))
        .cloned()
        .unwrap_or(Value::Null);
    let compose: Vec<Value> = manifest
        .pointer("/addOns/gmail/composeTrigger/actions")
        .and_then(Value::as_array)
        .map(|actions| {
            actions
                .iter()
                .map(|a| json!({ "label": a["label"], "url": a["runFunction"] }))
                .collect()
        })
        .unwrap_or_default();
    HttpResponse::Ok().json(json!({
        "name": text("/addOns/common/name"),
        "logoUrl": text("/addOns/common/logoUrl"),
        "primaryColor": text("/addOns/common/layoutProperties/primaryColor"),
        "homepage": homepage,
        "contextual": text("/addOns/gmail/contextualTriggers/0/onTriggerFunction"),
        "compose": compose,
        "publicUrl": host.public_url.to_string(),
    }))
}

#[derive(Debug, Deserialize)]
struct InboxQuery {
    #[serde(rename = "as")]
    user: Option<String>,
}

/// One inbox row as the page shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct InboxRow {
    id: String,
    thread_id: String,
    from: String,
    from_name: String,
    to: String,
    cc: String,
    subject: String,
    date: String,
    snippet: String,
}

/// `GET /sandbox/api/inbox?as=EMAIL`: that user's mailbox in the Gmail stand-in, newest first.
async fn inbox(req: HttpRequest, gmail: web::Data<GmailStandIn>) -> HttpResponse {
    let Ok(query) = web::Query::<InboxQuery>::from_query(req.query_string()) else {
        return bad_request("the query string is malformed");
    };
    let user = match query.user.as_deref().map(check_email) {
        Some(Ok(user)) => user,
        Some(Err(message)) => return bad_request(&message),
        None => return bad_request("name the mailbox: ?as=EMAIL"),
    };
    let rows: Vec<InboxRow> = gmail
        .list_messages(&user)
        .into_iter()
        .map(|m| {
            let header = |name: &str| {
                m.headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let from = header("From");
            InboxRow {
                from_name: display_name(&from),
                id: m.id,
                thread_id: m.thread_id,
                to: header("To"),
                cc: header("Cc"),
                subject: header("Subject"),
                date: header("Date"),
                snippet: m.snippet,
                from,
            }
        })
        .collect();
    HttpResponse::Ok().json(rows)
}

/// The display name of the first address in a header, else the address itself.
fn display_name(header: &str) -> String {
    let first = mailparse::addrparse(header)
        .ok()
        .and_then(|list| list.first().cloned());
    match first {
        Some(mailparse::MailAddr::Single(info)) => info.display_name.unwrap_or(info.addr),
        Some(mailparse::MailAddr::Group(group)) => group.group_name,
        None => header.to_owned(),
    }
}

/// A lower-cased, plausible email address, or why not.
fn check_email(raw: &str) -> Result<String, String> {
    let email = raw.trim().to_lowercase();
    let plausible = email.len() <= MAX_EMAIL
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if plausible {
        Ok(email)
    } else {
        Err(format!("{raw:?} is not an email address"))
    }
}

/// What the page asks Google to do: fire `url` as `user`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ActionRequest {
    /// Who clicks.
    user: String,
    /// The trigger's URL or the action's `function`.
    url: String,
    /// The action's parameters, already as a map.
    #[serde(default)]
    parameters: HashMap<String, String>,
    /// Widget values in Google's shapes.
    #[serde(default)]
    form_inputs: HashMap<String, FormInput>,
    /// The open message, for the contextual trigger and actions of its cards.
    #[serde(default)]
    message_id: Option<String>,
    /// The draft being written, for the compose trigger and actions of its cards.
    #[serde(default)]
    draft: Option<Draft>,
    /// Gmail's language (`userLocale`), chosen on the page.
    #[serde(default)]
    locale: Option<String>,
}

/// One `formInputs` entry: exactly one of Google's value shapes (protocol §1.7).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FormInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    string_inputs: Option<StringInputs>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_time_input: Option<DateTimeInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_input: Option<DateInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time_input: Option<TimeInput>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct StringInputs {
    value: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DateTimeInput {
    ms_since_epoch: i64,
    #[serde(default = "yes")]
    has_date: bool,
    #[serde(default = "yes")]
    has_time: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DateInput {
    ms_since_epoch: i64,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TimeInput {
    hours: u8,
    minutes: u8,
}

/// The draft's recipients, sent with `draftAccess: METADATA`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Draft {
    #[serde(default)]
    to_recipients: Vec<String>,
    #[serde(default)]
    cc_recipients: Vec<String>,
    #[serde(default)]
    bcc_recipients: Vec<String>,
}

impl ActionRequest {
    /// The user and the (normalised) URL to call; refuses what Google would never send, with the
    /// reason, and any URL that is not the add-on's (this endpoint signs tokens for it).
    fn check(&self, host: &GoogleHost) -> Result<(String, url::Url), String> {
        let user = check_email(&self.user)?;
        let base = host.public_url.url_for("/");
        let url = url::Url::parse(&self.url).map_err(|e| format!("url is not a URL ({e})"))?;
        if !url.as_str().starts_with(&base) || url.fragment().is_some() {
            return Err(format!(
                "url must be one of the add-on's endpoints, under {base}"
            ));
        }
        for (name, input) in &self.form_inputs {
            let shapes = usize::from(input.string_inputs.is_some())
                + usize::from(input.date_time_input.is_some())
                + usize::from(input.date_input.is_some())
                + usize::from(input.time_input.is_some());
            if shapes != 1 {
                return Err(format!(
                    "formInputs.{name} must hold exactly one of stringInputs, dateTimeInput, \
                     dateInput, timeInput"
                ));
            }
            if let Some(t) = &input.time_input
                && (t.hours > 23 || t.minutes > 59)
            {
                return Err(format!("formInputs.{name}.timeInput is not a time of day"));
            }
        }
        if self.message_id.as_deref().is_some_and(|m| m.len() > 200) {
            return Err("messageId is too long".into());
        }
        Ok((user, url))
    }

    /// The event object Google would send for this click.
    fn event(&self, host: &GoogleHost, user: &SandboxUser) -> anyhow::Result<Value> {
        let interaction = Interaction {
            parameters: self.parameters.clone(),
            message_id: self.message_id.clone(),
            locale: self.locale.clone(),
            ..Interaction::default()
        };
        let mut event = host.event(user, &interaction)?;
        if !self.form_inputs.is_empty()
            && let Some(common) = event
                .get_mut("commonEventObject")
                .and_then(Value::as_object_mut)
        {
            common.insert(
                "formInputs".into(),
                serde_json::to_value(&self.form_inputs)?,
            );
        }
        if let (Some(draft), Some(map)) = (&self.draft, event.as_object_mut()) {
            map.insert(
                "gmail".into(),
                json!({
                    "accessToken": format!("gmail-sandbox-draft-{}", user.sub()),
                    "toRecipients": draft.to_recipients,
                    "ccRecipients": draft.cc_recipients,
                    "bccRecipients": draft.bcc_recipients,
                }),
            );
        }
        Ok(event)
    }
}

/// `POST /sandbox/api/action`: fires a trigger or a card action as Google does and returns
/// `{status, body}`, the add-on's answer as Google received it (the page shows errors as Gmail
/// would, so a 401 or 500 from the add-on is data here, not a failure of this endpoint).
async fn action(host: web::Data<GoogleHost>, request: web::Json<ActionRequest>) -> HttpResponse {
    let (user, url) = match request.check(&host) {
        Ok((user, url)) => (SandboxUser::workspace(&user), url),
        Err(message) => return bad_request(&message),
    };
    let event = match request.event(&host, &user) {
        Ok(event) => event,
        Err(e) => {
            return HttpResponse::InternalServerError()
                .json(json!({ "error": format!("could not build the event: {e}") }));
        }
    };
    let response = match host.post(url.as_str(), &event).await {
        Ok(r) => r,
        Err(e) => {
            return HttpResponse::BadGateway()
                .json(json!({ "error": format!("the add-on could not be reached: {e}") }));
        }
    };
    let status = response.status().as_u16();
    let text = match response.text().await {
        Ok(t) => t,
        Err(e) => {
            return HttpResponse::BadGateway()
                .json(json!({ "error": format!("the add-on's answer was cut short: {e}") }));
        }
    };
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    HttpResponse::build(StatusCode::OK).json(json!({ "status": status, "body": body }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{App, test};
    use sharebook::config::PublicUrl;

    fn host() -> GoogleHost {
        GoogleHost::new(
            super::super::new_issuer().unwrap(),
            // Nothing listens on port 9: every POST fails to connect.
            PublicUrl::parse("http://127.0.0.1:9").unwrap(),
            super::super::SERVICE_ACCOUNT_EMAIL,
            super::super::OAUTH_CLIENT_ID,
        )
    }

    async fn call(req: test::TestRequest) -> (u16, Value) {
        let gmail = web::Data::new(GmailStandIn::new());
        seed::seed_inboxes(&gmail);
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(host()))
                .app_data(gmail)
                .configure(configure),
        )
        .await;
        let response = test::call_service(&app, req.to_request()).await;
        let status = response.status().as_u16();
        let bytes = test::read_body(response).await;
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, body)
    }

    #[actix_web::test]
    async fn serves_the_page_and_its_assets() {
        let (status, body) = call(test::TestRequest::get().uri("/")).await;
        assert_eq!(status, 200);
        assert!(body.as_str().unwrap().contains("/sandbox/page/app.js"));
        let (status, _) = call(test::TestRequest::get().uri("/sandbox/page/app.js")).await;
        assert_eq!(status, 200);
        let (status, _) = call(test::TestRequest::get().uri("/sandbox/page/../x")).await;
        assert_eq!(status, 404);
    }

    #[actix_web::test]
    async fn lists_an_inbox_newest_first_and_refuses_a_missing_user() {
        let (status, body) =
            call(test::TestRequest::get().uri("/sandbox/api/inbox?as=owner@sharebook.test")).await;
        assert_eq!(status, 200);
        assert_eq!(body[0]["fromName"], "Maria Gonzalez");
        assert_eq!(body[0]["subject"], "Renewal for next year");
        for uri in [
            "/sandbox/api/inbox",
            "/sandbox/api/inbox?as=nobody",
            "/sandbox/api/inbox?as=%ZZ",
        ] {
            let (status, _) = call(test::TestRequest::get().uri(uri)).await;
            assert_eq!(status, 400, "{uri}");
        }
    }

    #[actix_web::test]
    async fn names_the_manifest_entry_points() {
        let (status, body) = call(test::TestRequest::get().uri("/sandbox/api/addon")).await;
        assert_eq!(status, 200);
        assert_eq!(body["homepage"], "http://127.0.0.1:9/addon/home");
        assert_eq!(body["contextual"], "http://127.0.0.1:9/addon/message");
        assert_eq!(
            body["compose"][0]["url"],
            "http://127.0.0.1:9/addon/compose"
        );
    }

    #[actix_web::test]
    async fn refuses_bad_action_requests_with_a_reason() {
        for (payload, expected) in [
            (json!({"user": "owner@sharebook.test"}), "missing field"),
            (
                json!({"user": "x", "url": "http://127.0.0.1:9/addon/home"}),
                "email",
            ),
            (
                json!({"user": "a@b.test", "url": "http://evil.example/addon/home"}),
                "endpoints",
            ),
            (
                json!({"user": "a@b.test", "url": "http://127.0.0.1:9/addon/home",
                       "formInputs": {"f": {}}}),
                "exactly one",
            ),
            (
                json!({"user": "a@b.test", "url": "http://127.0.0.1:9/addon/home",
                       "formInputs": {"f": {"stringInputs": {"value": 3}}}}),
                "invalid action request",
            ),
            (
                json!({"user": "a@b.test", "url": "http://127.0.0.1:9/addon/home", "extra": 1}),
                "unknown field",
            ),
        ] {
            let (status, body) = call(
                test::TestRequest::post()
                    .uri("/sandbox/api/action")
                    .set_json(&payload),
            )
            .await;
            assert_eq!(status, 400, "{payload}");
            assert!(
                body["error"].as_str().unwrap().contains(expected),
                "{payload}: {body}"
            );
        }
        let (status, _) = call(
            test::TestRequest::post()
                .uri("/sandbox/api/action")
                .insert_header(ContentType::json())
                .set_payload("{not json"),
        )
        .await;
        assert_eq!(status, 400);
    }

    #[actix_web::test]
    async fn an_unreachable_add_on_is_a_bad_gateway() {
        let (status, body) = call(
            test::TestRequest::post()
                .uri("/sandbox/api/action")
                .set_json(json!({"user": "a@b.test", "url": "http://127.0.0.1:9/addon/home"})),
        )
        .await;
        assert_eq!(status, 502, "{body}");
    }

    #[actix_web::test]
    async fn builds_the_event_google_sends_with_form_inputs_and_draft() {
        let host = host();
        let request: ActionRequest = serde_json::from_value(json!({
            "user": "owner@sharebook.test",
            "url": "http://127.0.0.1:9/addon/compose/insert",
            "parameters": {"label_id": "l1"},
            "formInputs": {
                "q": {"stringInputs": {"value": ["a", "b"]}},
                "due": {"dateTimeInput": {"msSinceEpoch": 1735689600000i64, "hasDate": true, "hasTime": false}},
                "at": {"timeInput": {"hours": 14, "minutes": 30}}
            },
            "draft": {"toRecipients": ["x@y.test"]}
        }))
        .unwrap();
        let user = SandboxUser::workspace(&request.check(&host).unwrap().0);
        let event = request.event(&host, &user).unwrap();
        let common = &event["commonEventObject"];
        assert_eq!(common["parameters"]["label_id"], "l1");
        assert_eq!(common["formInputs"]["q"]["stringInputs"]["value"][1], "b");
        assert_eq!(
            common["formInputs"]["due"]["dateTimeInput"]["hasTime"],
            false
        );
        assert_eq!(common["formInputs"]["at"]["timeInput"]["minutes"], 30);
        assert_eq!(event["gmail"]["toRecipients"][0], "x@y.test");
        assert!(event["authorizationEventObject"]["userIdToken"].is_string());
    }
}
