//! The admin card and its actions: policies, shares they forbid, held deletions, people who
//! left, the audit log (and its CSV download), people and labels, offboarding. Every route takes
//! [`Admin`], which answers "Not available" to anyone who does not administer a domain, and every
//! statement is bound to the admin's own domain.

use crate::domain::message::{Explain, Msg};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use futures_util::stream;
use uuid::Uuid;

use super::uuid_param;
use crate::admins::Admin;
use crate::domain::admin::check_recipient;
use crate::domain::audit::{AuditFilter, csv_safe};
use crate::domain::policy::{Policy, PolicyForm, changes};
use crate::error::ApiError;
use crate::google::directory_users::AccountStatus;
use crate::screens::feed::{digest, url_secret};
use crate::startup::AppState;
use crate::storage::admin::{self as store, DomainShare};
use crate::storage::{audit, held, policies};
use crate::views::admin::{
    self as view, ALLOW_DOMAIN_SHARES, ALLOW_FEEDS, AdminHome, AuditTyped, fields,
};
use crate::views::navigation::{self, Navigation};
use crate::views::params;

/// How long a download link works.
const LINK_MINUTES: u64 = 5;
/// Shares examined against a tightened policy.
const CANDIDATES: i64 = 2_000;
/// Label owners whose accounts are checked with the Directory on the admin card.
const OWNERS_CHECKED: i64 = 200;

/// The shares `policy` forbids among the domain's, with why.
fn forbidden(domain: &str, policy: &Policy, shares: Vec<DomainShare>) -> Vec<(DomainShare, Msg)> {
    shares
        .into_iter()
        .filter_map(|s| {
            let refused = policy
                .check_share(Some(domain), s.kind.grantee(&s.grantee), s.role)
                .err()?;
            Some((s, refused.message()))
        })
        .collect()
}

/// Keeps the first `size` of a list read with one row more; whether there were more.
fn keep_page<T>(list: &mut Vec<T>, size: i64) -> bool {
    let size = usize::try_from(size).unwrap_or(0);
    let more = list.len() > size;
    list.truncate(size);
    more
}

/// Loads the admin card; `typed` keeps a refused policy form as typed.
async fn load_home(
    state: &AppState,
    admin: &Admin,
    typed: Option<(PolicyForm, crate::domain::policy::PolicyError)>,
) -> Result<AdminHome, ApiError> {
    let client = state.pool.get().await?;
    let record = policies::domain(&client, &admin.domain).await?;
    let policy = policies::for_domain(&client, Some(&admin.domain)).await?;
    let candidates = store::policy_candidates(&client, &admin.domain, CANDIDATES).await?;
    let held = held::list_for_admins(&client, &admin.domain).await?;
    let owners = store::owners(&client, &admin.domain, OWNERS_CHECKED).await?;
    drop(client);
    let emails: Vec<String> = owners.iter().map(|(_, e)| e.clone()).collect();
    let (departed, directory_note) = match state.admins.directory() {
        None => (Vec::new(), Some(Msg::new("admin-directory-not-configured"))),
        Some(directory) => {
            let statuses = directory
                .account_statuses(&admin.addon.identity.email, &emails)
                .await;
            let mut departed = Vec::new();
            let mut failed = false;
            for ((id, email), status) in owners.into_iter().zip(statuses) {
                match status {
                    Ok(AccountStatus::Active) => {}
                    Ok(s) => departed.push((id, email, s.message_id())),
                    Err(_) => failed = true,
                }
            }
            let note = failed.then(|| Msg::new("admin-directory-failed"));
            (departed, note)
        }
    };
    let (form, error) = match typed {
        Some((form, error)) => (form, Some(error)),
        None => (PolicyForm::of(&policy), None),
    };
    Ok(AdminHome {
        domain: admin.domain.clone(),
        record,
        licensing: state.admins.licensing(),
        form,
        error,
        forbidden: forbidden(&admin.domain, &policy, candidates),
        held,
        departed,
        directory_note,
    })
}

/// How long a domain's Marketplace license is trusted before the admin card asks again.
const LICENSE_FRESH: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// `POST /addon/admin`: the admin card. A license not checked for a day is asked again, off the
/// request (the card shows the last answer; a domain may install domain-wide after its first use).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open(admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let home = load_home(&state, &admin, None).await?;
    let stale = home.record.as_ref().is_none_or(|r| {
        r.license_checked_at
            .is_none_or(|at| chrono::Utc::now() - at > LICENSE_FRESH)
    });
    if stale && state.admins.licensing() {
        let (state, domain) = (state.clone(), admin.domain.clone());
        tokio::spawn(async move { state.admins.check_license(&state.pool, &domain).await });
    }
    let card = view::home(&state.config.public_url, &home, &admin.addon.ui)?;
    Ok(navigation::push(&card))
}

/// `POST /addon/admin/policies`: saves the policies, or brings the form back with the message
/// under the refused field. Nothing already shared changes: shares the new policies forbid are
/// listed on the card.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save_policies(
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let e = &admin.addon.event;
    let allowed = e.form_values(fields::ALLOW);
    let form = PolicyForm {
        outside: e.form_value(fields::OUTSIDE).unwrap_or_default().to_owned(),
        domains: e.form_value(fields::DOMAINS).unwrap_or_default().to_owned(),
        outside_max: e
            .form_value(fields::OUTSIDE_MAX)
            .unwrap_or_default()
            .to_owned(),
        domain_shares: allowed.iter().any(|v| v == ALLOW_DOMAIN_SHARES),
        guard_percent: e
            .form_value(fields::GUARD_PERCENT)
            .unwrap_or_default()
            .to_owned(),
        guard_at_least: e
            .form_value(fields::GUARD_AT_LEAST)
            .unwrap_or_default()
            .to_owned(),
        approver: e
            .form_value(fields::APPROVER)
            .unwrap_or_default()
            .to_owned(),
        feeds: allowed.iter().any(|v| v == ALLOW_FEEDS),
    };
    let policy = match form.parse() {
        Ok(p) => p,
        Err(error) => {
            let home = load_home(&state, &admin, Some((form, error))).await?;
            let card = view::home(&state.config.public_url, &home, &admin.addon.ui)?;
            return Ok(navigation::update(&card, None));
        }
    };
    let mut client = state.pool.get().await?;
    let before = policies::for_domain(&client, Some(&admin.domain)).await?;
    let changed = changes(&before, &policy);
    if !changed.is_empty() {
        let tx = client.transaction().await?;
        policies::record_domain(&tx, &admin.domain).await?;
        policies::save(&tx, &admin.domain, admin.addon.user_id, &policy, &changed).await?;
        tx.commit().await?;
    }
    drop(client);
    let home = load_home(&state, &admin, None).await?;
    let card = view::home(&state.config.public_url, &home, &admin.addon.ui)?;
    let note = admin.addon.ui.t(if changed.is_empty() {
        "done-nothing-changed"
    } else {
        "done-policies-saved"
    });
    Ok(navigation::update(&card, Some(&note)))
}

/// `POST /addon/admin/revoke`: asks, then with `confirm=yes` revokes every share the policies
/// forbid (as listed at that moment), each with its audit entry.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn revoke_forbidden(
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let client = state.pool.get().await?;
    let policy = policies::for_domain(&client, Some(&admin.domain)).await?;
    let candidates = store::policy_candidates(&client, &admin.domain, CANDIDATES).await?;
    let ids: Vec<Uuid> = forbidden(&admin.domain, &policy, candidates)
        .into_iter()
        .map(|(s, _)| s.id)
        .collect();
    if admin.addon.event.parameter(params::CONFIRM) != Some("yes") {
        drop(client);
        let card = view::confirm_revoke(&state.config.public_url, ids.len(), &admin.addon.ui)?;
        return Ok(navigation::push(&card));
    }
    let n = store::revoke(&client, &admin.domain, admin.addon.user_id, &ids, "policy").await?;
    drop(client);
    let home = load_home(&state, &admin, None).await?;
    let card = view::home(&state.config.public_url, &home, &admin.addon.ui)?;
    Ok(navigation::action_response(
        &[Navigation::Pop, Navigation::Update(&card)],
        Some(&format!("{n} shares revoked")),
    ))
}

/// `POST /addon/admin/held`: an admin approves or dismisses held deletions, when the domain's
/// policy leaves them to admins.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn review_held(
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&admin.addon, params::HELD_ID)?;
    let apply = match admin.addon.event.parameter(params::DECISION) {
        Some("approve") => true,
        Some("dismiss") => false,
        _ => return Err(ApiError::NotFound),
    };
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let reviewer = held::Reviewer::Admin {
        user_id: admin.addon.user_id,
        domain: &admin.domain,
    };
    held::settle(&tx, id, reviewer, apply)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    drop(client);
    let home = load_home(&state, &admin, None).await?;
    let card = view::home(&state.config.public_url, &home, &admin.addon.ui)?;
    Ok(navigation::update(
        &card,
        Some(
            &admin
                .addon
                .ui
                .t(if apply { "done-deleted" } else { "done-kept" }),
        ),
    ))
}

fn typed(admin: &Admin) -> AuditTyped<'_> {
    let e = &admin.addon.event;
    let v = |name: &str| {
        e.form_value(name)
            .or_else(|| e.parameter(name))
            .unwrap_or_default()
    };
    AuditTyped {
        user: v(fields::USER),
        label: v(fields::LABEL),
        action: v(fields::ACTION),
        from: v(fields::FROM),
        until: v(fields::UNTIL),
    }
}

fn filter_of(t: &AuditTyped<'_>) -> Result<AuditFilter, crate::domain::audit::FilterError> {
    AuditFilter::parse(t.user, t.label, t.action, t.from, t.until)
}

/// `POST /addon/admin/audit`: the log, filtered, newest first; `before` pages to older entries.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn audit_log(admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let t = typed(&admin);
    let paging = admin.addon.event.parameter(params::BEFORE).is_some();
    let before = admin
        .addon
        .event
        .parameter(params::BEFORE)
        .and_then(|b| b.parse::<i64>().ok())
        .unwrap_or(i64::MAX);
    let urls = &state.config.public_url;
    let card = match filter_of(&t) {
        Err(error) => view::audit(
            urls,
            &admin.domain,
            &t,
            Some(&error),
            &[],
            None,
            &admin.addon.ui,
        )?,
        Ok(filter) => {
            let client = state.pool.get().await?;
            let mut entries = audit::list(
                &client,
                &admin.domain,
                &filter,
                before,
                view::AUDIT_PAGE + 1,
            )
            .await?;
            let older = keep_page(&mut entries, view::AUDIT_PAGE)
                .then(|| entries.last().map(|e| e.id))
                .flatten();
            view::audit(
                urls,
                &admin.domain,
                &t,
                None,
                &entries,
                older,
                &admin.addon.ui,
            )?
        }
    };
    // The first opening pushes the card; filtering and paging replace it.
    let from_card = admin.addon.event.form_value(fields::USER).is_some() || paging;
    Ok(if from_card {
        navigation::update(&card, None)
    } else {
        navigation::push(&card)
    })
}

/// `POST /addon/admin/audit/csv`: a single-use link, valid a few minutes, to the filtered log as
/// CSV, for this admin and domain only.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn audit_csv_link(
    admin: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let t = typed(&admin);
    let filter = match filter_of(&t) {
        Ok(f) => f,
        Err(error) => {
            let card = view::audit(
                &state.config.public_url,
                &admin.domain,
                &t,
                Some(&error),
                &[],
                None,
                &admin.addon.ui,
            )?;
            return Ok(navigation::update(&card, None));
        }
    };
    let secret = url_secret();
    let client = state.pool.get().await?;
    store::create_link(
        &client,
        &digest(&secret),
        admin.addon.user_id,
        &admin.domain,
        &filter,
        (LINK_MINUTES * 60) as f64,
    )
    .await?;
    drop(client);
    let url = format!(
        "{}?t={secret}",
        state.config.public_url.url_for(super::ADMIN_AUDIT_DOWNLOAD)
    );
    let card = view::download(&url, LINK_MINUTES, &admin.addon.ui)?;
    Ok(navigation::push(&card))
}

#[derive(serde::Deserialize)]
pub struct DownloadQuery {
    #[serde(default)]
    t: String,
}

/// Rows read per chunk of the CSV.
const CSV_CHUNK: i64 = 1_000;

/// `GET /admin/audit.csv?t=...`: the log as CSV, streamed in chunks of entries. The link is used
/// up on the first request; a used, expired or unknown link gets 404 and nothing else.
pub async fn audit_csv(
    req: actix_web::HttpRequest,
    query: web::Query<DownloadQuery>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let ui = crate::i18n::Ui::in_lang(crate::i18n::Lang::from_accept_language(
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    ));
    let taken = match state.pool.get().await {
        Ok(client) => store::take_link(&client, &digest(&query.t)).await,
        Err(e) => return internal(&ui, &e),
    };
    let (domain, filter) = match taken {
        Ok(Some(found)) => found,
        Ok(None) => {
            return HttpResponse::NotFound()
                .insert_header(("Cache-Control", "no-store"))
                .body(ui.t("audit-link-used"));
        }
        Err(e) => return internal(&ui, &e),
    };
    let header = csv_line(&[
        "time", "actor", "action", "label", "label id", "subject", "detail", "via",
    ]);
    let state = state.into_inner();
    let body = stream::try_unfold(
        (Some(header), i64::MAX, false),
        move |(first, before, done)| {
            let state = state.clone();
            let domain = domain.clone();
            let filter = filter.clone();
            async move {
                if let Some(h) = first {
                    return Ok(Some((web::Bytes::from(h), (None, before, done))));
                }
                if done {
                    return Ok::<_, actix_web::Error>(None);
                }
                let client = state
                    .pool
                    .get()
                    .await
                    .map_err(actix_web::error::ErrorInternalServerError)?;
                let rows = audit::list(&client, &domain, &filter, before, CSV_CHUNK)
                    .await
                    .map_err(actix_web::error::ErrorInternalServerError)?;
                drop(client);
                let Some(last) = rows.last().map(|r| r.id) else {
                    return Ok(None);
                };
                let done = rows.len() < usize::try_from(CSV_CHUNK).unwrap_or(0);
                let mut out = String::new();
                for r in &rows {
                    out.push_str(&csv_line(&[
                        &r.at.to_rfc3339(),
                        &r.actor_email,
                        r.action.as_str(),
                        r.label_name.as_deref().unwrap_or(""),
                        &r.label_id.map(|i| i.to_string()).unwrap_or_default(),
                        &r.subject,
                        &r.detail,
                        r.via.as_str(),
                    ]));
                }
                Ok(Some((web::Bytes::from(out), (None, last, done))))
            }
        },
    );
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"sharebook-audit-log.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .streaming(body)
}

/// One CSV record (RFC 4180 quoting by the `csv` crate), formula-looking cells defused.
fn csv_line(cells: &[&str]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let safe: Vec<std::borrow::Cow<'_, str>> = cells.iter().map(|c| csv_safe(c)).collect();
    if w.write_record(safe.iter().map(|c| c.as_ref())).is_err() {
        return String::from("\n");
    }
    match w.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::from("\n"),
    }
}

fn internal(ui: &crate::i18n::Ui, e: &dyn std::fmt::Display) -> HttpResponse {
    let reference = Uuid::new_v4().to_string();
    tracing::error!(%reference, error = %e, "Audit log download failed");
    HttpResponse::build(StatusCode::INTERNAL_SERVER_ERROR)
        .insert_header(("Cache-Control", "no-store"))
        .body(ui.tr("page-failed", &[("reference", (&reference).into())]))
}

/// `POST /addon/admin/people`: the domain's users who used Sharebook, by address.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn people(admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let after = admin
        .addon
        .event
        .parameter(params::AFTER)
        .unwrap_or_default()
        .to_lowercase();
    let client = state.pool.get().await?;
    let mut list = store::people(&client, &admin.domain, &after, view::LIST_PAGE + 1).await?;
    drop(client);
    let more = keep_page(&mut list, view::LIST_PAGE);
    let next = more
        .then(|| list.last().map(|p| p.email.to_lowercase()))
        .flatten();
    let card = view::people(
        &state.config.public_url,
        &admin.domain,
        &list,
        next.as_deref(),
        &admin.addon.ui,
    )?;
    Ok(if after.is_empty() {
        navigation::push(&card)
    } else {
        navigation::update(&card, None)
    })
}

/// `POST /addon/admin/labels`: the domain's labels by name, with owner, size and members.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn labels(admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let e = &admin.addon.event;
    let after_name = e
        .parameter(params::AFTER)
        .unwrap_or_default()
        .to_lowercase();
    let after_id = e
        .parameter(params::LABEL_ID)
        .and_then(|i| i.parse().ok())
        .unwrap_or_else(Uuid::nil);
    let client = state.pool.get().await?;
    let mut list = store::labels(
        &client,
        &admin.domain,
        (&after_name, after_id),
        view::LIST_PAGE + 1,
    )
    .await?;
    drop(client);
    let more = keep_page(&mut list, view::LIST_PAGE);
    let next = more
        .then(|| list.last().map(|l| (l.name.to_lowercase(), l.id)))
        .flatten();
    let card = view::labels(
        &state.config.public_url,
        &admin.domain,
        &list,
        next.as_ref().map(|(n, i)| (n.as_str(), *i)),
        &admin.addon.ui,
    )?;
    Ok(if e.parameter(params::AFTER).is_none() {
        navigation::push(&card)
    } else {
        navigation::update(&card, None)
    })
}

/// One user's card, with offboarding; "Not available" for a user of another domain.
async fn person_card(
    state: &AppState,
    admin: &Admin,
    id: Uuid,
    recipient: &str,
    error: Option<&Msg>,
) -> Result<crate::views::render::Fragment, ApiError> {
    let client = state.pool.get().await?;
    let person = store::person_of(&client, &admin.domain, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let owned = store::owned_by(&client, &admin.domain, id).await?;
    drop(client);
    let status = match state.admins.directory() {
        None => Msg::new("admin-status-not-configured"),
        Some(d) => match d
            .account_status(&admin.addon.identity.email, &person.email)
            .await
        {
            Ok(s) => Msg::new(s.message_id()),
            Err(_) => Msg::new("admin-status-failed"),
        },
    };
    Ok(view::person(
        &state.config.public_url,
        &admin.domain,
        &person,
        &status,
        &owned,
        recipient,
        error,
        &admin.addon.ui,
    )?)
}

/// `POST /addon/admin/person` with `user_id`: one user of the domain.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn person(admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&admin.addon, params::USER_ID)?;
    let card = person_card(&state, &admin, id, "", None).await?;
    Ok(navigation::push(&card))
}

/// `POST /addon/admin/offboard` with `user_id` and the new owner: checks the new owner, asks,
/// then with `confirm=yes` hands over the labels, revokes the shares and stops the sync into the
/// departed user's Google Contacts, all in one transaction with its audit entries.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn offboard(admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&admin.addon, params::USER_ID)?;
    let e = &admin.addon.event;
    let typed = e
        .form_value(fields::RECIPIENT)
        .or_else(|| e.parameter(fields::RECIPIENT))
        .unwrap_or_default()
        .to_owned();
    let client = state.pool.get().await?;
    let person = store::person_of(&client, &admin.domain, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let checked = match check_recipient(&admin.domain, &person.email, &typed) {
        Ok(r) => match store::person_by_email(&client, &admin.domain, &r).await? {
            Some(to) => Ok((r, to)),
            None => Err(crate::domain::admin::OffboardError::NotAUser { email: r }.message()),
        },
        Err(err) => Err(err.message()),
    };
    drop(client);
    let (recipient, to) = match checked {
        Ok(found) => found,
        Err(message) => {
            let card = person_card(&state, &admin, id, &typed, Some(&message)).await?;
            return Ok(navigation::update(&card, None));
        }
    };
    if e.parameter(params::CONFIRM) != Some("yes") {
        let card = view::confirm_offboard(
            &state.config.public_url,
            &person,
            &recipient,
            &admin.addon.ui,
        )?;
        return Ok(navigation::push(&card));
    }
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let done = store::offboard(&tx, &admin.domain, admin.addon.user_id, id, to)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    drop(client);
    tracing::info!(user_id = %id, labels = done.labels, shares = done.shares, "User offboarded");
    let card = person_card(&state, &admin, id, "", None).await?;
    Ok(navigation::action_response(
        &[Navigation::Pop, Navigation::Update(&card)],
        Some(&admin.addon.ui.tr(
            "done-offboarded",
            &[
                ("labels", done.labels.into()),
                ("recipient", (&recipient).into()),
                ("shares", done.shares.into()),
            ],
        )),
    ))
}
