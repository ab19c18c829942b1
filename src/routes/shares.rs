//! Sharing a label: list who has access, add people, groups or domains, change roles, revoke.
//! Choices above the caller's rights are never offered, and refused when forged.

use crate::domain::message::{Explain, Msg};
use crate::i18n::Ui;
use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::uuid_param;
use crate::domain::contact::{Field, normalize_email};
use crate::domain::permission::{Action, allows};
use crate::domain::principal::Principal;
use crate::domain::role::Role;
use crate::domain::share::{self};
use crate::error::ApiError;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage::labels::LabelView;
use crate::storage::shares::{self, GranteeKind, ShareView};
use crate::storage::{labels, policies};
use crate::views::navigation::{self, Navigation};
use crate::views::params;
use crate::views::render::Fragment;
use crate::views::sharing::{self, GRANTEE_FIELD, HIDDEN_FIELD, KIND_FIELD, ROLE_FIELD, Typed};

async fn sharing_card(
    state: &AppState,
    label_id: Uuid,
    who: &Principal,
    typed: &Typed<'_>,
    ui: &Ui,
) -> Result<Fragment, ApiError> {
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !allows(Some(label.role), Action::ManageShares) {
        return Err(ApiError::NotAllowed {
            role: label.role,
            action: Action::ManageShares,
        });
    }
    let list = shares::list_shares(&client, label_id, who).await?;
    drop(client);
    Ok(sharing::card(
        &state.config.public_url,
        &label,
        &list,
        typed,
        ui,
    )?)
}

/// A share and its label, as a manager or the owner of that label may load them; not found for
/// anyone else.
async fn share_and_label(
    client: &deadpool_postgres::Client,
    id: Uuid,
    who: &Principal,
) -> Result<(ShareView, LabelView), ApiError> {
    let share = shares::get_share(client, id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    let label = labels::get_label_for_user(client, share.label_id, who)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((share, label))
}

/// `POST /addon/shares/open`: the sharing card of a label (managers and the owner).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open_sharing(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, params::LABEL_ID)?;
    let typed = Typed::blank();
    let card = sharing_card(&state, label_id, &who, &typed, &addon.ui).await?;
    Ok(navigation::push(&card))
}

/// `POST /addon/shares/create`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_share(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let label_id = uuid_param(&addon, params::LABEL_ID)?;
    let raw = addon.event.form_value(GRANTEE_FIELD).unwrap_or_default();
    let kind_raw = addon.event.form_value(KIND_FIELD).unwrap_or("user");
    let role_raw = addon.event.form_value(ROLE_FIELD).unwrap_or("viewer");
    let client = state.pool.get().await?;
    let label = labels::get_label_for_user(&client, label_id, &who)
        .await?
        .ok_or(ApiError::NotFound)?;
    drop(client);
    // Forged values are refused outright: the form never offers them.
    let kind = GranteeKind::parse(kind_raw).ok_or(ApiError::NotFound)?;
    let role: Role = role_raw.parse().map_err(|_| ApiError::NotFound)?;
    if !allows(Some(label.role), Action::ManageShares)
        || share::check_grant(label.role, role).is_err()
    {
        return Err(ApiError::NotFound);
    }
    let checked = match grantee(kind, raw, &state) {
        Ok(g) => allowed_by_policy(&state, label_id, kind, &g, role)
            .await?
            .map(|()| g),
        Err(message) => Err(message),
    };
    let grantee = match checked {
        Ok(g) => g,
        Err(message) => {
            let typed = Typed {
                grantee: raw,
                kind: kind_raw,
                role: role_raw,
                error: Some(message),
            };
            let card = sharing_card(&state, label_id, &who, &typed, &addon.ui).await?;
            return Ok(navigation::update(&card, None));
        }
    };
    let client = state.pool.get().await?;
    let invitation = (
        addon.ui.lang().code(),
        state.config.common.email.gather.as_secs_f64(),
    );
    let created =
        shares::upsert_share(&client, label_id, &who, kind, &grantee, role, invitation).await?;
    drop(client);
    if kind == GranteeKind::Group {
        state.group_candidates.invalidate();
    }
    let Some(_) = created else {
        let typed = Typed {
            grantee: raw,
            kind: kind_raw,
            role: role_raw,
            error: Some(Msg::new("error-share-owner-has-all")),
        };
        let card = sharing_card(&state, label_id, &who, &typed, &addon.ui).await?;
        return Ok(navigation::update(&card, None));
    };
    tracing::info!(label_id = %label_id, kind = kind.as_str(), "Label shared");
    let typed = Typed::blank();
    let card = sharing_card(&state, label_id, &who, &typed, &addon.ui).await?;
    Ok(navigation::action_response(
        &[Navigation::Update(&card)],
        Some(&addon.ui.tr(
            "done-shared",
            &[
                ("grantee", (&grantee).into()),
                ("role", (&addon.ui.t(role.message_id())).into()),
            ],
        )),
    ))
}

fn grantee(kind: GranteeKind, raw: &str, state: &AppState) -> Result<String, Msg> {
    let raw = raw.trim();
    match kind {
        GranteeKind::User | GranteeKind::Group => {
            let email = normalize_email(raw)
                .ok_or_else(|| Msg::new("error-not-an-email").with("value", raw))?;
            if kind == GranteeKind::Group && state.directory.is_none() {
                return Err(Msg::new("error-share-groups-need-directory"));
            }
            Ok(email.to_lowercase())
        }
        GranteeKind::Domain => {
            let domain = raw.trim_start_matches('@').to_lowercase();
            normalize_email(&format!("x@{domain}"))
                .map(|_| domain)
                .ok_or_else(|| Msg::new("error-not-a-domain").with("value", raw))
        }
    }
}

/// Whether the label owner's domain policy allows sharing with `grantee` as `role`, at this
/// moment; the refusal is the message for the form.
async fn allowed_by_policy(
    state: &AppState,
    label: Uuid,
    kind: GranteeKind,
    grantee: &str,
    role: Role,
) -> Result<Result<(), Msg>, ApiError> {
    let client = state.pool.get().await?;
    let (home, policy) = policies::for_label(&client, label).await?;
    Ok(policy
        .check_share(home.as_deref(), kind.grantee(grantee), role)
        .map_err(|refusal| refusal.message()))
}

/// `POST /addon/shares/one`: change the role of, or revoke, one share.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open_share(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::SHARE_ID)?;
    let client = state.pool.get().await?;
    let (share, label) = share_and_label(&client, id, &who).await?;
    // Only the owner hides fields, and sees what is hidden.
    let hidden = if label.role == Role::Owner {
        shares::hidden_fields(&client, id, who.user_id).await?
    } else {
        None
    };
    drop(client);
    if share::check_revoke(label.role, share.role).is_err() {
        return Err(ApiError::NotFound);
    }
    let card = sharing::share_form(
        &state.config.public_url,
        &share,
        &label,
        hidden.as_deref(),
        None,
        &addon.ui,
    )?;
    Ok(navigation::push(&card))
}

/// `POST /addon/shares/update`: every value is checked before anything is written, and the role
/// and the hidden fields change together or not at all.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_share(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::SHARE_ID)?;
    let role: Role = addon
        .event
        .form_value(ROLE_FIELD)
        .and_then(|r| r.parse().ok())
        .ok_or(ApiError::NotFound)?;
    let picked = addon.event.form_values(HIDDEN_FIELD);
    // Forged field names are refused, not ignored: the form offers only hideable fields.
    if picked
        .iter()
        .any(|p| !Field::HIDEABLE.iter().any(|f| f.key() == p))
    {
        return Err(ApiError::NotFound);
    }
    let mut client = state.pool.get().await?;
    let (share, label) = share_and_label(&client, id, &who).await?;
    share::check_change(label.role, share.role, role).map_err(|_| ApiError::NotFound)?;
    if role != share.role
        && let Err(why) =
            allowed_by_policy(&state, share.label_id, share.kind, &share.grantee, role).await?
    {
        let typed_hidden: Vec<String> = picked.iter().map(ToString::to_string).collect();
        let card = sharing::share_form(
            &state.config.public_url,
            &share,
            &label,
            (label.role == Role::Owner).then_some(typed_hidden.as_slice()),
            Some((role.as_str(), &why)),
            &addon.ui,
        )?;
        return Ok(navigation::update(&card, None));
    }
    let tx = client.transaction().await?;
    if !shares::update_share(&tx, id, &who, role).await? {
        return Err(ApiError::NotFound);
    }
    // Only the owner hides fields; a manager's form has no such box.
    if label.role == Role::Owner && !shares::set_hidden_fields(&tx, id, who.user_id, picked).await?
    {
        return Err(ApiError::NotFound);
    }
    tx.commit().await?;
    drop(client);
    let typed = Typed::blank();
    let card = sharing_card(&state, share.label_id, &who, &typed, &addon.ui).await?;
    Ok(navigation::back_to(
        &card,
        Some(&addon.ui.t("done-role-changed")),
    ))
}

/// `POST /addon/shares/revoke`: asks first, then with `confirm=yes` revokes. Revoking twice
/// changes nothing more: the second finds no share.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn revoke_share(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::SHARE_ID)?;
    let client = state.pool.get().await?;
    let (share, label) = share_and_label(&client, id, &who).await?;
    share::check_revoke(label.role, share.role).map_err(|_| ApiError::NotFound)?;
    // Revoking removes the label's contacts from someone's Google Contacts: asked first.
    if addon.event.parameter(params::CONFIRM) != Some("yes") {
        let card = sharing::confirm_revoke(&state.config.public_url, &share, &label, &addon.ui)?;
        return Ok(navigation::push(&card));
    }
    if !shares::delete_share(&client, id, &who).await? {
        return Err(ApiError::NotFound);
    }
    drop(client);
    tracing::info!(share_id = %id, "Access revoked");
    let typed = Typed::blank();
    let card = sharing_card(&state, share.label_id, &who, &typed, &addon.ui).await?;
    // Back past the confirmation and the share's card, to the sharing card refreshed.
    Ok(navigation::action_response(
        &[Navigation::Pop, Navigation::Pop, Navigation::Update(&card)],
        Some(&addon.ui.t("done-access-revoked")),
    ))
}

/// `POST /addon/shares/reinvite` with `share_id`: the invitation of someone who has not opened
/// Sharebook yet, sent again now.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn reinvite(
    Caller { addon, who }: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid_param(&addon, params::SHARE_ID)?;
    let client = state.pool.get().await?;
    let (share, _) = share_and_label(&client, id, &who).await?;
    if !shares::reinvite(&client, id, &who, addon.ui.lang().code()).await? {
        return Err(ApiError::NotFound);
    }
    drop(client);
    let typed = Typed::blank();
    let card = sharing_card(&state, share.label_id, &who, &typed, &addon.ui).await?;
    Ok(navigation::update(
        &card,
        Some(
            &addon
                .ui
                .tr("done-reinvited", &[("grantee", (&share.grantee).into())]),
        ),
    ))
}
