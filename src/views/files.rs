//! Contacts in and out by file: the card that opens the upload page, the import's preview, the
//! export's choice of format and its download link, and what the label card says of imports.

use crate::config::PublicUrl;
use crate::domain::file_import::{OnMatch, may_undo};
use crate::domain::message::Msg;
use crate::files::{Format, MAX_ROWS};
use crate::i18n::{Arg, Ui};
use crate::routes::{FILES_CANCEL, FILES_CONFIRM, FILES_EXPORT, FILES_PREVIEW, FILES_UNDO};
use crate::storage::file_imports::{ImportView, Preview};
use crate::storage::labels::LabelView;
use crate::views::lists::list;
use crate::views::params;
use crate::views::render::{Fragment, RenderError};
use crate::views::widgets;

/// Rejected rows the preview lists by line (the rest are counted).
pub const REJECTIONS_SHOWN: i64 = 20;

/// The card that opens the upload page for `label`.
pub fn import(
    urls: &PublicUrl,
    label: &LabelView,
    upload_url: &str,
    minutes: u64,
    waiting: Option<&ImportView>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let mut rows = vec![
        widgets::note(&ui.tr("file-import-intro", &[("max", MAX_ROWS.into())]))?,
        widgets::link_button(&ui.t("file-import-choose"), upload_url)?,
        widgets::note(&ui.tr(
            "file-link-note",
            &[("minutes", i64::try_from(minutes).unwrap_or(i64::MAX).into())],
        ))?,
    ];
    if let Some(w) = waiting {
        rows.push(widgets::button(
            &ui.tr("file-review", &[("file", (&w.file_name).into())]),
            &urls.url_for(FILES_PREVIEW),
            &[(params::IMPORT_ID, &w.id.to_string())],
        )?);
    }
    let back = [crate::views::label::back_button(urls, label.id, ui)?];
    list(
        "file_import",
        &ui.t("file-import-title"),
        &label.name,
        &rows,
        &back,
    )
}

/// A stored rejection worded: "Line 8 · Email addresses: “x” is not an email address".
fn rejection(line: i32, field: Option<&str>, stored: &serde_json::Value, ui: &Ui) -> String {
    let id = stored
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("file-row-unreadable");
    let mut words: Vec<(String, String)> = Vec::new();
    let mut nums: Vec<(String, i64)> = Vec::new();
    if let Some(args) = stored.get("args").and_then(|a| a.as_object()) {
        for (k, v) in args {
            if let Some(n) = v.as_i64() {
                nums.push((k.clone(), n));
            } else if let Some(s) = v.as_str() {
                words.push((k.clone(), s.to_owned()));
            } else if let Some(inner) = v.get("id").and_then(|i| i.as_str()) {
                words.push((k.clone(), ui.t(inner)));
            }
        }
    }
    let mut args: Vec<(&str, Arg<'_>)> = Vec::new();
    for (k, s) in &words {
        args.push((k.as_str(), s.as_str().into()));
    }
    for (k, n) in &nums {
        args.push((k.as_str(), (*n).into()));
    }
    let why = ui.tr(id, &args);
    match field
        .and_then(crate::domain::contact::Field::from_key)
        .map(|f| ui.t(f.message_id()))
    {
        Some(field) => ui.tr(
            "file-rejected-field",
            &[
                ("line", i64::from(line).into()),
                ("field", field.as_str().into()),
                ("why", why.as_str().into()),
            ],
        ),
        None => ui.tr(
            "file-rejected-row",
            &[
                ("line", i64::from(line).into()),
                ("why", why.as_str().into()),
            ],
        ),
    }
}

/// The preview of an import: what the file holds, what would happen, the choice for matches,
/// and the buttons that confirm or drop it.
pub fn preview(
    urls: &PublicUrl,
    p: &Preview,
    error: Option<&Msg>,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let i = &p.import;
    let id = i.id.to_string();
    let mut rows = vec![
        widgets::field_row(
            &ui.t("file-preview-file"),
            &ui.tr(
                "file-preview-kind",
                &[
                    ("file", (&i.file_name).into()),
                    ("format", ui.t(i.format.message_id()).as_str().into()),
                ],
            ),
        )?,
        widgets::field_row(
            &ui.t("file-preview-rows"),
            &ui.tr(
                "file-preview-counts",
                &[
                    ("total", i.total.into()),
                    ("new", p.new.into()),
                    ("matched", p.matched.into()),
                    ("rejected", p.rejected.into()),
                ],
            ),
        )?,
    ];
    if p.rejected > 0 {
        let mut lines: Vec<String> = p
            .rejections
            .iter()
            .map(|(line, field, stored)| rejection(*line, field.as_deref(), stored, ui))
            .collect();
        let more = p.rejected - i64::try_from(lines.len()).unwrap_or(0);
        if more > 0 {
            lines.push(ui.tr("file-rejected-more", &[("count", more.into())]));
        }
        rows.push(widgets::field_row(
            &ui.t("file-preview-rejected"),
            &lines.join("\n"),
        )?);
    }
    if let Some(e) = error {
        rows.push(widgets::field_error(&ui.msg(e))?);
    }
    let mut actions = Vec::new();
    if i.state != "preview" {
        rows.push(widgets::note(&ui.t("file-preview-gone"))?);
    } else if p.new + p.matched == 0 {
        rows.push(widgets::note(&ui.t("file-preview-nothing"))?);
    } else {
        if p.matched > 0 {
            let choices: Vec<(String, &str, bool)> = OnMatch::ALL
                .iter()
                .map(|m| (ui.t(m.message_id()), m.key(), *m == OnMatch::Skip))
                .collect();
            let items: Vec<(&str, &str, bool)> = choices
                .iter()
                .map(|(t, v, s)| (t.as_str(), *v, *s))
                .collect();
            rows.push(widgets::radio_buttons(
                params::ON_MATCH,
                &ui.t("file-on-match"),
                &items,
            )?);
        }
        actions.push(widgets::button(
            &ui.t("file-confirm"),
            &urls.url_for(FILES_CONFIRM),
            &[(params::IMPORT_ID, &id)],
        )?);
    }
    actions.push(widgets::button(
        &ui.t("file-cancel"),
        &urls.url_for(FILES_CANCEL),
        &[(params::IMPORT_ID, &id)],
    )?);
    list(
        "file_preview",
        &ui.t("file-preview-title"),
        &i.label_name,
        &rows,
        &actions,
    )
}

/// The export's choice of format for `label`.
pub fn export(urls: &PublicUrl, label: &LabelView, ui: &Ui) -> Result<Fragment, RenderError> {
    let id = label.id.to_string();
    let mut rows = vec![widgets::note(&ui.t("file-export-intro"))?];
    for f in Format::ALL {
        rows.push(widgets::button(
            &ui.t(f.message_id()),
            &urls.url_for(FILES_EXPORT),
            &[(params::LABEL_ID, &id), (params::FORMAT, f.key())],
        )?);
    }
    rows.push(widgets::note(&ui.t("file-export-outlook-limits"))?);
    list(
        "file_export",
        &ui.t("file-export-title"),
        &label.name,
        &rows,
        &[],
    )
}

/// The download link of an export.
pub fn download(
    label: &LabelView,
    url: &str,
    minutes: u64,
    ui: &Ui,
) -> Result<Fragment, RenderError> {
    let rows = [
        widgets::note(&ui.tr(
            "file-link-note",
            &[("minutes", i64::try_from(minutes).unwrap_or(i64::MAX).into())],
        ))?,
        widgets::link_button(&ui.t("file-download"), url)?,
    ];
    list(
        "file_download",
        &ui.t("file-export-title"),
        &label.name,
        &rows,
        &[],
    )
}

/// What the label card says of its imports: the caller's waiting preview, progress, and the
/// last results with their undo.
pub fn notices(
    urls: &PublicUrl,
    imports: &[ImportView],
    ui: &Ui,
) -> Result<Vec<Fragment>, RenderError> {
    let mut out = Vec::new();
    for i in imports {
        let id = i.id.to_string();
        let file = (&i.file_name).into();
        match i.state.as_str() {
            "preview" => {
                out.push(widgets::button(
                    &ui.tr("file-review", &[("file", file)]),
                    &urls.url_for(FILES_PREVIEW),
                    &[(params::IMPORT_ID, &id)],
                )?);
            }
            "queued" => out.push(widgets::note(&ui.tr(
                "file-import-progress",
                &[
                    ("file", file),
                    ("done", i.done.into()),
                    ("total", i.total.into()),
                ],
            ))?),
            "failed" => out.push(widgets::field_error(
                &ui.tr(
                    "file-import-failed",
                    &[
                        ("file", file),
                        (
                            "why",
                            ui.stored(i.error.as_deref().unwrap_or_default())
                                .as_str()
                                .into(),
                        ),
                    ],
                ),
            )?),
            _ => {
                out.push(widgets::note(&ui.tr(
                    "file-import-done",
                    &[
                        ("file", file),
                        ("who", (&i.importer).into()),
                        ("created", i.created.into()),
                        ("updated", i.updated.into()),
                        ("skipped", i.skipped.into()),
                    ],
                ))?);
                if may_undo(Some(i.role), i.mine) && i.created + i.updated > 0 {
                    out.push(widgets::button(
                        &ui.t("file-undo"),
                        &urls.url_for(FILES_UNDO),
                        &[(params::IMPORT_ID, &id)],
                    )?);
                }
            }
        }
    }
    Ok(out)
}
