//! The route table: the only place URL paths are spelled.

mod admin;
mod capsule_web;
mod comments;
mod compose;
mod contacts;
mod deletion;
mod email_settings;
mod feeds;
mod file_pages;
mod files;
mod health;
mod held;
mod history;
mod homepage;
mod imports;
mod label_settings;
mod label_sync;
mod labels;
mod merges;
mod message;
mod metrics;
mod search;
mod shares;

use actix_web::web;
use uuid::Uuid;

use crate::auth::{Addon, Needs};
use crate::error::ApiError;
use crate::views::params;

/// Homepage trigger.
pub const HOME: &str = "/addon/home";
/// Gmail contextual (message open) trigger.
pub const MESSAGE: &str = "/addon/message";
/// Gmail compose trigger.
pub const COMPOSE: &str = "/addon/compose";
/// Compose action: insert a label's addresses.
pub const COMPOSE_INSERT: &str = "/addon/compose/insert";
/// Show the "create label" form.
pub const LABEL_NEW: &str = "/addon/labels/new";
/// Create a label from the form.
pub const LABEL_CREATE: &str = "/addon/labels/create";
/// Open a label (a page of its contacts).
pub const LABEL_OPEN: &str = "/addon/labels/open";
/// The owner's settings of a label.
pub const LABEL_SETTINGS: &str = "/addon/labels/settings";
/// Rename a label.
pub const LABEL_RENAME: &str = "/addon/labels/rename";
/// Transfer a label's ownership.
pub const LABEL_TRANSFER: &str = "/addon/labels/transfer";
/// Delete a label.
pub const LABEL_DELETE: &str = "/addon/labels/delete";
/// Recently deleted contacts of a label.
pub const LABEL_DELETED: &str = "/addon/labels/deleted";
/// Switch a label's sync into one's own Google Contacts on or off.
pub const LABEL_SYNC: &str = "/addon/labels/sync";
/// The caller's own Google labels, to share one.
pub const IMPORT_PICK: &str = "/addon/imports/pick";
/// What sharing a Google label does, to confirm.
pub const IMPORT_CONFIRM: &str = "/addon/imports/confirm";
/// Share a Google label.
pub const IMPORT_START: &str = "/addon/imports/start";
/// Ask for the caller's Google Contacts to be read now.
pub const SYNC_NOW: &str = "/addon/sync/now";
/// Approve or dismiss deletions made in Google Contacts that the guard held.
pub const LABEL_HELD: &str = "/addon/labels/held";
/// A label's CRM feed (owner): its state, or the form to connect one.
pub const FEED_OPEN: &str = "/addon/feeds/open";
/// Connect a Capsule account with a personal access token.
pub const FEED_CONNECT: &str = "/addon/feeds/connect";
/// The form to choose which parties a feed takes.
pub const FEED_FILTER: &str = "/addon/feeds/filter";
/// Save which parties a feed takes.
pub const FEED_CHOOSE: &str = "/addon/feeds/choose";
/// Run a feed now.
pub const FEED_SYNC: &str = "/addon/feeds/sync";
/// Disconnect a feed.
pub const FEED_DISCONNECT: &str = "/addon/feeds/disconnect";
/// Where Capsule's OAuth consent sends the owner's browser back (not an add-on route).
pub const CAPSULE_OAUTH_CALLBACK: &str = "/capsule/oauth/callback";
/// Where Capsule's REST hooks deliver, followed by each feed's secret (not an add-on route).
pub const CAPSULE_HOOKS: &str = "/capsule/hooks";
/// The "new contact" form.
pub const CONTACT_NEW: &str = "/addon/contacts/new";
/// Create a contact.
pub const CONTACT_CREATE: &str = "/addon/contacts/create";
/// Open a contact.
pub const CONTACT_OPEN: &str = "/addon/contacts/open";
/// The edit form.
pub const CONTACT_EDIT: &str = "/addon/contacts/edit";
/// Save an edit.
pub const CONTACT_SAVE: &str = "/addon/contacts/save";
/// Delete a contact.
pub const CONTACT_DELETE: &str = "/addon/contacts/delete";
/// Likely duplicates within a label.
pub const LABEL_DUPLICATES: &str = "/addon/labels/duplicates";
/// Merge two contacts of a label (previewed first).
pub const CONTACT_MERGE: &str = "/addon/contacts/merge";
/// Undo a merge.
pub const CONTACT_UNMERGE: &str = "/addon/contacts/unmerge";
/// Restore a deleted contact.
pub const CONTACT_RESTORE: &str = "/addon/contacts/restore";
/// A contact's history.
pub const CONTACT_HISTORY: &str = "/addon/contacts/history";
/// Post a comment.
pub const COMMENT_CREATE: &str = "/addon/comments/create";
/// The author's form to edit a comment.
pub const COMMENT_EDIT: &str = "/addon/comments/edit";
/// Save an edited comment.
pub const COMMENT_UPDATE: &str = "/addon/comments/update";
/// Remove a comment.
pub const COMMENT_REMOVE: &str = "/addon/comments/remove";
/// Search contacts.
pub const SEARCH: &str = "/addon/search";
/// Comments that mention the caller.
pub const MENTIONS: &str = "/addon/mentions";
/// A label's sharing card.
pub const SHARES_OPEN: &str = "/addon/shares/open";
/// Share a label.
pub const SHARE_CREATE: &str = "/addon/shares/create";
/// One share: change its role or revoke it.
pub const SHARE_OPEN: &str = "/addon/shares/one";
/// Change a share's role.
pub const SHARE_UPDATE: &str = "/addon/shares/update";
/// Revoke a share.
pub const SHARE_REVOKE: &str = "/addon/shares/revoke";
/// Send a pending share's invitation again.
pub const SHARE_REINVITE: &str = "/addon/shares/reinvite";
/// Import contacts into a label from a file: the card that opens the upload page.
pub const FILES_IMPORT: &str = "/addon/files/import";
/// An import's preview.
pub const FILES_PREVIEW: &str = "/addon/files/preview";
/// Confirm an import, with the choice for matches.
pub const FILES_CONFIRM: &str = "/addon/files/confirm";
/// Drop a previewed import.
pub const FILES_CANCEL: &str = "/addon/files/cancel";
/// Undo a finished import.
pub const FILES_UNDO: &str = "/addon/files/undo";
/// Export a label: the choice of format, then the download link.
pub const FILES_EXPORT: &str = "/addon/files/export";
/// The upload page (not an add-on route: the user's browser opens it over the add-on).
pub const FILES_UPLOAD_PAGE: &str = "/files/upload";
/// An export's download (not an add-on route).
pub const FILES_DOWNLOAD: &str = "/files/export";
/// The caller's email settings.
pub const EMAIL_SETTINGS: &str = "/addon/settings/email";
/// Save them.
pub const EMAIL_SETTINGS_SAVE: &str = "/addon/settings/email/save";

/// The admin card (admins of a domain only).
pub const ADMIN: &str = "/addon/admin";
/// Save the domain's policies.
pub const ADMIN_POLICIES: &str = "/addon/admin/policies";
/// Revoke the shares the policies forbid.
pub const ADMIN_REVOKE: &str = "/addon/admin/revoke";
/// Approve or dismiss held deletions, as an admin.
pub const ADMIN_HELD: &str = "/addon/admin/held";
/// The audit log.
pub const ADMIN_AUDIT: &str = "/addon/admin/audit";
/// A download link for the audit log.
pub const ADMIN_AUDIT_CSV: &str = "/addon/admin/audit/csv";
/// Where that link leads (not an add-on route: the admin's browser opens it).
pub const ADMIN_AUDIT_DOWNLOAD: &str = "/admin/audit.csv";
/// The domain's users.
pub const ADMIN_PEOPLE: &str = "/addon/admin/people";
/// The domain's labels.
pub const ADMIN_LABELS: &str = "/addon/admin/labels";
/// One user of the domain.
pub const ADMIN_PERSON: &str = "/addon/admin/person";
/// Offboard a user.
pub const ADMIN_OFFBOARD: &str = "/addon/admin/offboard";

/// Every add-on path (under the public URL's prefix); Google POSTs events to each.
pub const ADDON_PATHS: &[&str] = &[
    HOME,
    MESSAGE,
    COMPOSE,
    COMPOSE_INSERT,
    LABEL_NEW,
    LABEL_CREATE,
    LABEL_OPEN,
    LABEL_DELETED,
    LABEL_SYNC,
    LABEL_HELD,
    IMPORT_PICK,
    IMPORT_CONFIRM,
    IMPORT_START,
    SYNC_NOW,
    FEED_OPEN,
    FEED_CONNECT,
    FEED_FILTER,
    FEED_CHOOSE,
    FEED_SYNC,
    FEED_DISCONNECT,
    LABEL_SETTINGS,
    LABEL_RENAME,
    LABEL_TRANSFER,
    LABEL_DELETE,
    CONTACT_NEW,
    CONTACT_CREATE,
    CONTACT_OPEN,
    CONTACT_EDIT,
    CONTACT_SAVE,
    CONTACT_DELETE,
    CONTACT_RESTORE,
    CONTACT_HISTORY,
    LABEL_DUPLICATES,
    CONTACT_MERGE,
    CONTACT_UNMERGE,
    COMMENT_CREATE,
    COMMENT_EDIT,
    COMMENT_UPDATE,
    COMMENT_REMOVE,
    SEARCH,
    MENTIONS,
    SHARES_OPEN,
    SHARE_CREATE,
    SHARE_OPEN,
    SHARE_UPDATE,
    SHARE_REVOKE,
    SHARE_REINVITE,
    EMAIL_SETTINGS,
    EMAIL_SETTINGS_SAVE,
    FILES_IMPORT,
    FILES_PREVIEW,
    FILES_CONFIRM,
    FILES_CANCEL,
    FILES_UNDO,
    FILES_EXPORT,
    ADMIN,
    ADMIN_POLICIES,
    ADMIN_REVOKE,
    ADMIN_HELD,
    ADMIN_AUDIT,
    ADMIN_AUDIT_CSV,
    ADMIN_PEOPLE,
    ADMIN_LABELS,
    ADMIN_PERSON,
    ADMIN_OFFBOARD,
];

/// Registers the operational endpoints: probes and metrics.
pub fn configure_ops(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::metrics));
}

/// Registers every route; add-on routes live under `prefix`, the public URL's path.
pub fn configure(cfg: &mut web::ServiceConfig, prefix: &str) {
    configure_ops(cfg);
    cfg.service(
        web::scope(prefix)
            .route(HOME, web::post().to(homepage::homepage))
            .route(MESSAGE, web::post().to(message::message_open))
            .route(COMPOSE, web::post().to(compose::compose))
            .route(COMPOSE_INSERT, web::post().to(compose::insert_recipients))
            .route(LABEL_NEW, web::post().to(labels::new_label_form))
            .route(LABEL_CREATE, web::post().to(labels::create_label))
            .route(LABEL_OPEN, web::post().to(labels::open_label))
            .route(LABEL_DELETED, web::post().to(deletion::deleted_contacts))
            .route(LABEL_SYNC, web::post().to(label_sync::choose_sync))
            .route(LABEL_HELD, web::post().to(held::review_held))
            .route(IMPORT_PICK, web::post().to(imports::pick))
            .route(IMPORT_CONFIRM, web::post().to(imports::confirm))
            .route(IMPORT_START, web::post().to(imports::start))
            .route(SYNC_NOW, web::post().to(label_sync::sync_now))
            .route(FEED_OPEN, web::post().to(feeds::open))
            .route(FEED_CONNECT, web::post().to(feeds::connect))
            .route(FEED_FILTER, web::post().to(feeds::filter))
            .route(FEED_CHOOSE, web::post().to(feeds::choose))
            .route(FEED_SYNC, web::post().to(feeds::sync_now))
            .route(FEED_DISCONNECT, web::post().to(feeds::disconnect))
            .route(
                CAPSULE_OAUTH_CALLBACK,
                web::get().to(capsule_web::oauth_callback),
            )
            .route(
                &format!("{CAPSULE_HOOKS}/{{secret}}"),
                web::post().to(capsule_web::hook),
            )
            .route(
                LABEL_SETTINGS,
                web::post().to(label_settings::open_settings),
            )
            .route(LABEL_RENAME, web::post().to(label_settings::rename_label))
            .route(
                LABEL_TRANSFER,
                web::post().to(label_settings::transfer_label),
            )
            .route(LABEL_DELETE, web::post().to(label_settings::delete_label))
            .route(CONTACT_NEW, web::post().to(contacts::new_contact_form))
            .route(CONTACT_CREATE, web::post().to(contacts::create_contact))
            .route(CONTACT_OPEN, web::post().to(contacts::open_contact))
            .route(CONTACT_EDIT, web::post().to(contacts::edit_contact_form))
            .route(CONTACT_SAVE, web::post().to(contacts::save_contact))
            .route(CONTACT_DELETE, web::post().to(deletion::delete_contact))
            .route(CONTACT_RESTORE, web::post().to(deletion::restore_contact))
            .route(CONTACT_HISTORY, web::post().to(history::contact_history))
            .route(LABEL_DUPLICATES, web::post().to(merges::duplicates))
            .route(CONTACT_MERGE, web::post().to(merges::merge))
            .route(CONTACT_UNMERGE, web::post().to(merges::unmerge))
            .route(COMMENT_CREATE, web::post().to(comments::create_comment))
            .route(COMMENT_EDIT, web::post().to(comments::edit_comment_form))
            .route(COMMENT_UPDATE, web::post().to(comments::update_comment))
            .route(COMMENT_REMOVE, web::post().to(comments::remove_comment))
            .route(SEARCH, web::post().to(search::search))
            .route(MENTIONS, web::post().to(search::mentions))
            .route(SHARES_OPEN, web::post().to(shares::open_sharing))
            .route(SHARE_CREATE, web::post().to(shares::create_share))
            .route(SHARE_OPEN, web::post().to(shares::open_share))
            .route(SHARE_UPDATE, web::post().to(shares::update_share))
            .route(SHARE_REVOKE, web::post().to(shares::revoke_share))
            .route(SHARE_REINVITE, web::post().to(shares::reinvite))
            .route(FILES_IMPORT, web::post().to(files::import))
            .route(FILES_PREVIEW, web::post().to(files::preview))
            .route(FILES_CONFIRM, web::post().to(files::confirm))
            .route(FILES_CANCEL, web::post().to(files::cancel))
            .route(FILES_UNDO, web::post().to(files::undo))
            .route(FILES_EXPORT, web::post().to(files::export))
            .route(FILES_UPLOAD_PAGE, web::get().to(file_pages::upload_form))
            .route(FILES_UPLOAD_PAGE, web::post().to(file_pages::upload))
            .route(FILES_DOWNLOAD, web::get().to(file_pages::download))
            .route(EMAIL_SETTINGS, web::post().to(email_settings::open))
            .route(EMAIL_SETTINGS_SAVE, web::post().to(email_settings::save))
            .route(ADMIN, web::post().to(admin::open))
            .route(ADMIN_POLICIES, web::post().to(admin::save_policies))
            .route(ADMIN_REVOKE, web::post().to(admin::revoke_forbidden))
            .route(ADMIN_HELD, web::post().to(admin::review_held))
            .route(ADMIN_AUDIT, web::post().to(admin::audit_log))
            .route(ADMIN_AUDIT_CSV, web::post().to(admin::audit_csv_link))
            .route(ADMIN_AUDIT_DOWNLOAD, web::get().to(admin::audit_csv))
            .route(ADMIN_PEOPLE, web::post().to(admin::people))
            .route(ADMIN_LABELS, web::post().to(admin::labels))
            .route(ADMIN_PERSON, web::post().to(admin::person))
            .route(ADMIN_OFFBOARD, web::post().to(admin::offboard)),
    );
}

/// Highest page number a list is opened at: past any real label, and small enough that
/// `page * page size` stays far inside PostgreSQL's `OFFSET` range.
pub const MAX_PAGE: i64 = 100_000;

/// The `page` action parameter, saturated to `0..=MAX_PAGE`: missing, malformed or negative reads
/// as the first page, a number past the end as the last one allowed (which shows an empty page).
fn page_param<N: Needs>(addon: &Addon<N>) -> i64 {
    addon.event.parameter(params::PAGE).map_or(0, parse_page)
}

fn parse_page(raw: &str) -> i64 {
    let raw = raw.trim();
    let digits = raw.strip_prefix('+').unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    // All digits: only the size can be wrong, and too large means "far".
    digits.parse::<i64>().map_or(MAX_PAGE, |p| p.min(MAX_PAGE))
}

/// A UUID action parameter; a missing, malformed or forged one reads as "not found".
fn uuid_param<N: Needs>(addon: &Addon<N>, key: &str) -> Result<Uuid, ApiError> {
    addon
        .event
        .parameter(key)
        .and_then(|s| s.parse().ok())
        .ok_or(ApiError::NotFound)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{MAX_PAGE, parse_page};

    #[test]
    fn pages_saturate() {
        assert_eq!(parse_page("3"), 3);
        assert_eq!(parse_page(" 7 "), 7);
        assert_eq!(parse_page("-1"), 0);
        assert_eq!(parse_page("9223372036854775807"), MAX_PAGE);
        assert_eq!(parse_page(&"9".repeat(400)), MAX_PAGE);
        assert_eq!(parse_page("1e9"), 0);
        assert_eq!(parse_page("NaN"), 0);
        assert_eq!(parse_page(""), 0);
    }

    proptest! {
        #[test]
        fn any_text_gives_a_page_whose_offset_cannot_overflow(raw in ".*") {
            let page = parse_page(&raw);
            prop_assert!((0..=MAX_PAGE).contains(&page));
            prop_assert!(page.checked_mul(1_000).is_some());
        }

        #[test]
        fn any_number_saturates(n in any::<i128>()) {
            prop_assert_eq!(i128::from(parse_page(&n.to_string())), n.clamp(0, i128::from(MAX_PAGE)));
        }
    }
}
