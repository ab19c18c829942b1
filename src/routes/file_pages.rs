//! What the user's browser opens from the add-on for files: the page that takes a contacts file
//! (or a pasted vCard) for a label, and an export's download. Neither carries a Google token:
//! each is bound by its short-lived, single-use link to the user and label it was made for, and
//! the user's role is checked again in SQL when it is used.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use futures_util::{StreamExt as _, stream};

use crate::domain::message::Msg;
use crate::domain::principal::Principal;
use crate::files::{self, Format, GoogleShape, MAX_FILE_BYTES};
use crate::i18n::{Lang, Ui};
use crate::screens::feed::digest;
use crate::startup::AppState;
use crate::storage::file_imports::{self as store, Link, Purpose};
use crate::storage::{contacts, labels};
use crate::views::pages;
use crate::views::render::escape_html;

/// The link's secret.
#[derive(serde::Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    t: String,
}

fn internal(ui: &Ui, e: &dyn std::fmt::Display) -> HttpResponse {
    let reference = uuid::Uuid::new_v4().to_string();
    tracing::error!(%reference, error = %e, "File page failed");
    pages::message(
        ui,
        StatusCode::INTERNAL_SERVER_ERROR,
        "file-page-failed-title",
        &ui.tr("page-failed", &[("reference", (&reference).into())]),
    )
}

fn link_gone(ui: &Ui) -> HttpResponse {
    pages::message(
        ui,
        StatusCode::NOT_FOUND,
        "file-page-link-gone-title",
        &ui.t("file-page-link-gone"),
    )
}

/// The live link, or the page to answer with.
async fn live_link(state: &AppState, secret: &str, purpose: Purpose) -> Result<Link, HttpResponse> {
    let ui = Ui::in_lang(Lang::En);
    if secret.is_empty() || secret.len() > 100 {
        return Err(link_gone(&ui));
    }
    let client = state.pool.get().await.map_err(|e| internal(&ui, &e))?;
    match store::peek_link(&client, &digest(secret), purpose).await {
        Ok(Some(link)) => Ok(link),
        Ok(None) => Err(link_gone(&ui)),
        Err(e) => Err(internal(&ui, &e)),
    }
}

/// The label's name, if the link's user may still add contacts to it (or see it, to export).
async fn label_name(
    state: &AppState,
    link: &Link,
    action: crate::domain::permission::Action,
) -> Result<Option<String>, crate::storage::StorageError> {
    let client = state
        .pool
        .get()
        .await
        .map_err(|e| crate::storage::StorageError::Corrupt(e.to_string()))?;
    Ok(
        labels::get_label_for_user(&client, link.label_id, &link.who)
            .await?
            .filter(|l| crate::domain::permission::allows(Some(l.role), action))
            .map(|l| l.name),
    )
}

/// The upload form, with what went wrong last time above it.
fn form(ui: &Ui, label: &str, secret: &str, error: Option<&str>) -> HttpResponse {
    let error = error.map_or(String::new(), |e| {
        format!(
            "<p role=\"alert\" style=\"color:#b3261e\"><strong>{}</strong></p>",
            escape_html(e)
        )
    });
    let body = format!(
        "<p>{intro}</p>{error}\
         <form method=\"post\" enctype=\"multipart/form-data\" action=\"?t={secret}\">\
         <p><label>{file}<br><input type=\"file\" name=\"file\" \
         accept=\".csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard\"></label></p>\
         <p><label>{paste}<br><textarea name=\"pasted\" rows=\"8\" cols=\"60\"></textarea></label></p>\
         <p><button type=\"submit\">{send}</button></p></form>",
        intro = escape_html(&ui.tr(
            "file-page-intro",
            &[("label", label.into()), ("max", files::MAX_ROWS.into())]
        )),
        file = escape_html(&ui.t("file-page-file")),
        paste = escape_html(&ui.t("file-page-paste")),
        send = escape_html(&ui.t("file-page-send")),
        secret = escape_html(secret),
    );
    pages::html(ui, StatusCode::OK, "file-page-title", &body, false)
}

/// `GET /files/upload?t=…`: the form, while the link is live and its user may add contacts.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn upload_form(query: web::Query<LinkQuery>, state: web::Data<AppState>) -> HttpResponse {
    let link = match live_link(&state, &query.t, Purpose::Upload).await {
        Ok(l) => l,
        Err(page) => return page,
    };
    let ui = Ui::in_lang(Lang::from_code(&link.lang));
    match label_name(&state, &link, crate::domain::permission::Action::AddContact).await {
        Ok(Some(name)) => form(&ui, &name, &query.t, None),
        Ok(None) => link_gone(&ui),
        Err(e) => internal(&ui, &e),
    }
}

/// A file as it came: its name and bytes (at most one byte past the limit).
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

/// Reads the form: the file, or else the pasted text. Stops reading past the size limit.
async fn read_form(mut payload: Multipart) -> Result<Option<Upload>, Msg> {
    let mut file: Option<Upload> = None;
    let mut pasted = Vec::new();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| Msg::new("file-page-unreadable"))?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| Msg::new("file-page-unreadable"))?;
            if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                return Err(Msg::new("file-too-large").with("max", MAX_FILE_BYTES / (1024 * 1024)));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if !bytes.is_empty() => {
                file = Some(Upload {
                    name: clean_name(file_name.as_deref().unwrap_or("contacts")),
                    bytes,
                });
            }
            "pasted" => pasted = bytes,
            _ => {}
        }
    }
    if file.is_none() && !String::from_utf8_lossy(&pasted).trim().is_empty() {
        return Ok(Some(Upload {
            name: "pasted.vcf".to_owned(),
            bytes: pasted,
        }));
    }
    Ok(file)
}

/// A file's name as the card shows it: its last path part, without control characters, at most
/// 255 characters.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    if clean.trim().is_empty() {
        "contacts".to_owned()
    } else {
        clean.trim().to_owned()
    }
}

/// `POST /files/upload?t=…`: reads the file, and stages it for the user's preview. A file that
/// cannot be read gets the form back with why, and the link stays usable; a staged file uses it
/// up, and the page closes so the add-on reloads.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn upload(
    query: web::Query<LinkQuery>,
    payload: Multipart,
    state: web::Data<AppState>,
) -> HttpResponse {
    let link = match live_link(&state, &query.t, Purpose::Upload).await {
        Ok(l) => l,
        Err(page) => return page,
    };
    let ui = Ui::in_lang(Lang::from_code(&link.lang));
    let label = match label_name(&state, &link, crate::domain::permission::Action::AddContact).await
    {
        Ok(Some(name)) => name,
        Ok(None) => return link_gone(&ui),
        Err(e) => return internal(&ui, &e),
    };
    let upload = match read_form(payload).await {
        Ok(Some(u)) => u,
        Ok(None) => return form(&ui, &label, &query.t, Some(&ui.t("file-page-none"))),
        Err(why) => return form(&ui, &label, &query.t, Some(&ui.msg(&why))),
    };
    // Reading 25,000 contacts is CPU work: off the request threads.
    let read = match web::block(move || (files::read(&upload.bytes), upload.name)).await {
        Ok((Ok(read), name)) => (read, name),
        Ok((Err(why), _)) => return form(&ui, &label, &query.t, Some(&ui.msg(&why))),
        Err(e) => return internal(&ui, &e),
    };
    let (read, name) = read;
    match stage(&state, &query.t, &link.who, link.label_id, &name, &read).await {
        Ok(Some(())) => {}
        Ok(None) => return link_gone(&ui),
        Err(e) => return internal(&ui, &e),
    }
    let rejected = read.rows.iter().filter(|r| r.outcome.is_err()).count();
    let body = format!(
        "<p>{}</p><p>{}</p>",
        escape_html(&ui.tr(
            "file-page-received",
            &[
                ("file", name.as_str().into()),
                ("count", read.rows.len().into()),
                ("rejected", rejected.into()),
            ],
        )),
        escape_html(&ui.t("file-page-close")),
    );
    pages::html(&ui, StatusCode::OK, "file-page-received-title", &body, true)
}

/// Uses the link up and stages the file in one transaction: `None` if the link was used
/// meanwhile or its user may no longer add contacts.
async fn stage(
    state: &AppState,
    secret: &str,
    who: &Principal,
    label: uuid::Uuid,
    name: &str,
    read: &files::Read,
) -> anyhow::Result<Option<()>> {
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    if store::take_link(&tx, &digest(secret), Purpose::Upload)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    if store::stage(&tx, label, who, name, read.format, &read.rows)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    tx.commit().await?;
    Ok(Some(()))
}

/// Contacts read per page of an export.
const EXPORT_CHUNK: i64 = 1_000;

/// `GET /files/export?t=…`: the label's contacts as the user sees them, streamed in the chosen
/// format. The link is used up; the user's role is checked again on every page read.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn download(query: web::Query<LinkQuery>, state: web::Data<AppState>) -> HttpResponse {
    let ui = Ui::in_lang(Lang::En);
    if query.t.is_empty() || query.t.len() > 100 {
        return link_gone(&ui);
    }
    let taken = match state.pool.get().await {
        Ok(client) => store::take_link(&client, &digest(&query.t), Purpose::Export).await,
        Err(e) => return internal(&ui, &e),
    };
    let link = match taken {
        Ok(Some(l)) => l,
        Ok(None) => return link_gone(&ui),
        Err(e) => return internal(&ui, &e),
    };
    let ui = Ui::in_lang(Lang::from_code(&link.lang));
    let (Some(format), Ok(Some(label))) = (
        link.format,
        label_name(&state, &link, crate::domain::permission::Action::View).await,
    ) else {
        return link_gone(&ui);
    };
    let shape = match state.pool.get().await {
        Ok(client) => contacts::export_shape(&client, link.label_id, &link.who).await,
        Err(e) => return internal(&ui, &e),
    };
    let shape = match shape {
        Ok(s) => s,
        Err(e) => return internal(&ui, &e),
    };
    let header = match format {
        Format::Google => files::google_header(shape),
        Format::Outlook => files::outlook_header(),
        Format::Vcard => Vec::new(),
    };
    let state = state.into_inner();
    let start = (String::new(), uuid::Uuid::nil());
    let body = stream::try_unfold((Some(header), Some(start)), move |(first, after)| {
        let state = state.clone();
        let who = link.who.clone();
        let label = link.label_id;
        async move {
            if let Some(h) = first {
                return Ok(Some((web::Bytes::from(h), (None, after))));
            }
            let Some(after) = after else {
                return Ok::<_, actix_web::Error>(None);
            };
            let client = state
                .pool
                .get()
                .await
                .map_err(actix_web::error::ErrorInternalServerError)?;
            let page = contacts::export_page(&client, label, &who, &after, EXPORT_CHUNK)
                .await
                .map_err(actix_web::error::ErrorInternalServerError)?;
            drop(client);
            let Some(last) = page.last() else {
                return Ok(None);
            };
            let next = (page.len() == usize::try_from(EXPORT_CHUNK).unwrap_or(0))
                .then(|| (last.data.name.to_lowercase(), last.id));
            let mut out = Vec::new();
            for c in &page {
                out.extend(encode(format, &c.data, shape));
            }
            Ok(Some((web::Bytes::from(out), (None, next))))
        }
    });
    HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            "Content-Disposition",
            attachment(&label, format.extension()),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .streaming(body)
}

fn encode(format: Format, c: &crate::domain::contact::ContactData, shape: GoogleShape) -> Vec<u8> {
    match format {
        Format::Google => files::google_row(c, shape),
        Format::Outlook => files::outlook_row(c),
        Format::Vcard => files::write_vcard(c).into_bytes(),
    }
}

/// `attachment; filename="Clients.csv"; filename*=UTF-8''Cli%C3%A9nts.csv` (RFC 6266): an
/// ASCII stand-in for old browsers, the real name for the others.
fn attachment(label: &str, extension: &str) -> String {
    let ascii: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " -_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let ascii = if ascii.trim().is_empty() {
        "contacts".to_owned()
    } else {
        ascii.trim().to_owned()
    };
    let encoded = url::form_urlencoded::byte_serialize(format!("{label}.{extension}").as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("attachment; filename=\"{ascii}.{extension}\"; filename*=UTF-8''{encoded}")
}
