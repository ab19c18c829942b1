//! Duplicates within a label: the likely pairs, and a merge's preview with its confirmation.

use crate::config::PublicUrl;
use crate::domain::contact::{ContactData, Field, FieldErrors};
use crate::i18n::Ui;
use crate::routes::CONTACT_MERGE;
use crate::storage::contacts::ContactView;
use crate::storage::labels::LabelView;
use crate::storage::merges::Pair;
use crate::views::lists::list;
use crate::views::params;
use crate::views::render::{Fragment, RenderError};
use crate::views::widgets;

/// The likely duplicates of `label`, each with its merge button.
pub fn duplicates(
    urls: &PublicUrl,
    label: &LabelView,
    pairs: &[Pair],
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = Vec::new();
    let merge = urls.url_for(CONTACT_MERGE);
    for p in pairs {
        rows.push(widgets::field_row(
            &ui.t(if p.by_email {
                "duplicates-same-email"
            } else {
                "duplicates-same-phone"
            }),
            &ui.tr(
                "duplicates-pair",
                &[("a", (&p.a.1).into()), ("b", (&p.b.1).into())],
            ),
        )?);
        rows.push(widgets::button(
            &ui.t("duplicates-review"),
            &merge,
            &[
                (params::CONTACT_ID, &p.a.0.to_string()),
                (params::OTHER_ID, &p.b.0.to_string()),
            ],
        )?);
    }
    if pairs.is_empty() {
        rows.push(widgets::note(&ui.t("duplicates-none"))?);
    }
    let back = [crate::views::label::back_button(urls, label.id, ui)?];
    list(
        "duplicates",
        &ui.t("duplicates-title"),
        &label.name,
        &rows,
        &back,
    )
}

/// What merging `other` into `kept` gives, as the caller sees it, with the buttons that merge,
/// or merge the other way round; or why it cannot be merged.
pub fn preview(
    urls: &PublicUrl,
    kept: &ContactView,
    other: &ContactView,
    joined: &Result<ContactData, FieldErrors>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = vec![widgets::note(&ui.tr(
        "merge-intro",
        &[
            ("kept", (&kept.data.name).into()),
            ("other", (&other.data.name).into()),
        ],
    ))?];
    let mut actions = Vec::new();
    let url = urls.url_for(CONTACT_MERGE);
    let (k, o) = (kept.id.to_string(), other.id.to_string());
    match joined {
        Ok(data) => {
            for f in Field::ALL.into_iter().filter(|f| !kept.hidden.contains(f)) {
                let value = data.display(f);
                if !value.is_empty() {
                    rows.push(widgets::field_row(&ui.t(f.message_id()), &value)?);
                }
            }
            actions.push(widgets::button(
                &ui.tr("merge-confirm", &[("kept", (&kept.data.name).into())]),
                &url,
                &[
                    (params::CONTACT_ID, &k),
                    (params::OTHER_ID, &o),
                    (params::CONFIRM, "yes"),
                ],
            )?);
        }
        Err(errors) => {
            for (f, why) in errors {
                rows.push(widgets::field_error(&format!(
                    "{}: {}",
                    ui.t(f.message_id()),
                    ui.msg(why)
                ))?);
            }
            rows.push(widgets::note(&ui.t("merge-refused"))?);
        }
    }
    actions.push(widgets::button(
        &ui.tr("merge-keep-other", &[("other", (&other.data.name).into())]),
        &url,
        &[(params::CONTACT_ID, &o), (params::OTHER_ID, &k)],
    )?);
    list(
        "merge",
        &ui.t("merge-title"),
        &kept.label_name,
        &rows,
        &actions,
    )
}
