//! Sharing a label from Google Contacts: the user's own Google labels to pick from, then what
//! will happen, to confirm.

use crate::config::PublicUrl;
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

fn contacts(n: i64) -> String {
    match n {
        1 => "1 contact".to_owned(),
        n => format!("{n} contacts"),
    }
}

/// The user's Google labels not yet shared, each to pick.
pub fn pick(urls: &PublicUrl, labels: &[GoogleLabel]) -> Result<Fragment, RenderError> {
    let confirm = urls.url_for(IMPORT_CONFIRM);
    let mut rows = Vec::with_capacity(labels.len() + 1);
    rows.push(widgets::note(
        "Pick a label you already have in Google Contacts to share it with your team.",
    )?);
    for l in labels.iter().take(90) {
        rows.push(widgets::button(
            &format!("{} · {}", l.name, contacts(l.count)),
            &confirm,
            &[(params::GROUP, &l.resource_name)],
        )?);
    }
    if labels.is_empty() {
        rows.push(widgets::note(
            "Every label you have in Google Contacts is already shared, or you have none yet.",
        )?);
    }
    list(
        "import_pick",
        "Share a label from Google Contacts",
        "Your labels in Google Contacts",
        &rows,
        &[],
    )
}

/// What sharing `label` does, with the button that does it (and why it could not, after a
/// refusal).
pub fn confirm(
    urls: &PublicUrl,
    label: &GoogleLabel,
    error: Option<&str>,
) -> Result<Fragment, RenderError> {
    let mut rows = vec![
        widgets::note(&format!(
            "Sharebook makes a shared label “{}”, owned by you, with its {}. You can then share it \
             like a Google Doc: each person gets it in their own Google Contacts.",
            label.name,
            contacts(label.count)
        ))?,
        widgets::note(
            "Your own Google Contacts stay exactly as they are: the same contacts, in the same \
             label, with nothing duplicated. Sharebook only marks them as shared.",
        )?,
    ];
    if let Some(e) = error {
        rows.push(widgets::field_error(e)?);
    }
    let actions = [widgets::button(
        &format!("Share “{}”", label.name),
        &urls.url_for(IMPORT_START),
        &[(params::GROUP, &label.resource_name)],
    )?];
    list(
        "import_confirm",
        &format!("Share “{}”?", label.name),
        "From your Google Contacts",
        &rows,
        &actions,
    )
}
