//! Sharing a label from Google Contacts: the user's own Google labels to pick from, then what
//! will happen, to confirm.

use crate::config::PublicUrl;
use crate::domain::message::Msg;
use crate::i18n::Ui;
use crate::routes::{IMPORT_CONFIRM, IMPORT_START};
use crate::views::lists::list;
use crate::views::params;
use crate::views::render::{Fragment, RenderError};
use crate::views::widgets;

/// One of the user's own labels in Google Contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleLabel {
    /// `contactGroups/…`.
    pub resource_name: String,
    /// Its name.
    pub name: String,
    /// Contacts in it.
    pub count: i64,
}

/// The user's Google labels not yet shared, each to pick.
pub fn pick(urls: &PublicUrl, labels: &[GoogleLabel], ui: &Ui) -> Result<Fragment, RenderError> {
    let confirm = urls.url_for(IMPORT_CONFIRM);
    let mut rows = Vec::with_capacity(labels.len() + 1);
    rows.push(widgets::note(&ui.t("import-pick-intro"))?);
    for l in labels.iter().take(90) {
        rows.push(widgets::button(
            &ui.tr(
                "import-pick-label",
                &[("label", (&l.name).into()), ("count", l.count.into())],
            ),
            &confirm,
            &[(params::GROUP, &l.resource_name)],
        )?);
    }
    if labels.is_empty() {
        rows.push(widgets::note(&ui.t("import-pick-none"))?);
    }
    list(
        "import_pick",
        &ui.t("home-share-google-label"),
        &ui.t("import-pick-subtitle"),
        &rows,
        &[],
    )
}

/// What sharing `label` does, with the button that does it (and why it could not, after a
/// refusal).
pub fn confirm(
    urls: &PublicUrl,
    label: &GoogleLabel,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let name = (&label.name).into();
    let mut rows = vec![
        widgets::note(&ui.tr(
            "import-confirm-what",
            &[("label", name), ("count", label.count.into())],
        ))?,
        widgets::note(&ui.t("import-confirm-untouched"))?,
    ];
    if let Some(e) = error {
        rows.push(widgets::field_error(&ui.msg(e))?);
    }
    let actions = [widgets::button(
        &ui.tr("import-share", &[("label", name)]),
        &urls.url_for(IMPORT_START),
        &[(params::GROUP, &label.resource_name)],
    )?];
    list(
        "import_confirm",
        &ui.tr("import-confirm-title", &[("label", name)]),
        &ui.t("import-confirm-subtitle"),
        &rows,
        &actions,
    )
}
