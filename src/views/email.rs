//! Notification emails: subject, plain text and simple HTML from what the worker loaded, in the
//! recipient's language. Everything a user typed is escaped in the HTML part, as on cards.

use crate::domain::email::EmailKind;
use crate::domain::role::Role;
use crate::i18n::Ui;
use crate::views::render::escape_html;

/// One piece of news an email lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A label shared with the recipient (or with `group`, which they are in).
    Invitation {
        /// The label's name.
        label: String,
        /// The role given.
        role: Role,
        /// Contacts in it.
        contacts: i64,
        /// The group it was shared with, when it was.
        group: Option<String>,
    },
    /// A public comment that mentions the recipient.
    Mention {
        /// The label's name.
        label: String,
        /// The contact commented on.
        contact: String,
        /// The comment.
        comment: String,
    },
    /// Deletions held on the recipient's label.
    Held {
        /// The label's name.
        label: String,
        /// How many.
        count: i64,
    },
    /// The recipient's CRM feed was paused.
    FeedPaused {
        /// The label's name.
        label: String,
        /// The CRM account.
        account: String,
        /// Why (a catalogue id, or the CRM's words).
        reason: String,
    },
}

/// What one email tells.
#[derive(Debug, Clone)]
pub struct Told {
    /// Its kind (every item is of it).
    pub kind: EmailKind,
    /// Whose action it tells of.
    pub sender: String,
    /// To whom.
    pub recipient: String,
    /// The news, oldest first.
    pub items: Vec<Item>,
    /// Items left out of the list, counted.
    pub more: usize,
}

/// An email ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// The email for `told`, worded for `ui`.
pub fn email(told: &Told, ui: &Ui) -> Email {
    let sender = told.sender.as_str();
    let first_label = told.items.first().map_or("", |i| match i {
        Item::Invitation { label, .. }
        | Item::Mention { label, .. }
        | Item::Held { label, .. }
        | Item::FeedPaused { label, .. } => label.as_str(),
    });
    let count = told.items.len() + told.more;
    let first_contact = match told.items.first() {
        Some(Item::Mention { contact, .. }) => contact.as_str(),
        _ => "",
    };
    let (subject_id, intro_id, outro_id) = match told.kind {
        EmailKind::Invitation => (
            "email-invitation-subject",
            "email-invitation-intro",
            "email-invitation-outro",
        ),
        EmailKind::Mention => (
            "email-mention-subject",
            "email-mention-intro",
            "email-mention-outro",
        ),
        EmailKind::HeldDeletions => ("email-held-subject", "email-held-intro", "email-held-outro"),
        EmailKind::FeedPaused => ("email-feed-subject", "email-feed-intro", "email-feed-outro"),
    };
    let args = [
        ("sender", sender.into()),
        ("label", first_label.into()),
        ("contact", first_contact.into()),
        ("count", count.into()),
    ];
    let subject = ui.tr(subject_id, &args);
    let intro = ui.tr(intro_id, &args);
    let outro = ui.tr(outro_id, &args);
    let lines: Vec<String> = told.items.iter().map(|i| item_line(i, ui)).collect();
    let quotes: Vec<Option<&str>> = told
        .items
        .iter()
        .map(|i| match i {
            Item::Mention { comment, .. } => Some(comment.as_str()),
            _ => None,
        })
        .collect();
    let more = (told.more > 0).then(|| ui.tr("and-more", &[("count", told.more.into())]));
    let why = ui.tr(
        "email-why",
        &[
            ("kind", told.kind.as_str().into()),
            ("recipient", told.recipient.as_str().into()),
        ],
    );
    let stop = ui.tr(
        "email-stop",
        &[("setting", ui.t(told.kind.message_id()).as_str().into())],
    );

    let mut text = format!("{intro}\n\n");
    for (line, quote) in lines.iter().zip(&quotes) {
        text.push_str(&format!("• {line}\n"));
        if let Some(q) = quote {
            for l in q.lines() {
                text.push_str(&format!("    > {l}\n"));
            }
        }
    }
    if let Some(m) = &more {
        text.push_str(&format!("{m}\n"));
    }
    text.push_str(&format!("\n{outro}\n\n-- \n{why}\n{stop}\n"));

    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:Arial,sans-serif;font-size:14px;color:#202124\"><p>{}</p><ul>",
        ui.lang().code(),
        escape_html(&intro)
    );
    for (line, quote) in lines.iter().zip(&quotes) {
        html.push_str(&format!("<li>{}", escape_html(line)));
        if let Some(q) = quote {
            html.push_str(&format!(
                "<blockquote style=\"margin:4px 0 8px 0;padding-left:8px;border-left:3px solid #dadce0;white-space:pre-wrap\">{}</blockquote>",
                escape_html(q)
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    if let Some(m) = &more {
        html.push_str(&format!("<p>{}</p>", escape_html(m)));
    }
    html.push_str(&format!(
        "<p>{}</p><hr style=\"border:none;border-top:1px solid #dadce0\"><p style=\"color:#5f6368;font-size:12px\">{}<br>{}</p></body></html>",
        escape_html(&outro),
        escape_html(&why),
        escape_html(&stop)
    ));
    Email {
        subject: subject.replace(['\r', '\n'], " "),
        text,
        html,
    }
}

fn item_line(item: &Item, ui: &Ui) -> String {
    match item {
        Item::Invitation {
            label,
            role,
            contacts,
            group,
        } => ui.tr(
            "email-invitation-item",
            &[
                ("label", label.as_str().into()),
                ("role", ui.t(role.message_id()).as_str().into()),
                ("count", (*contacts).into()),
                ("group", group.as_deref().unwrap_or("").into()),
                ("via", if group.is_some() { "group" } else { "you" }.into()),
            ],
        ),
        Item::Mention { label, contact, .. } => ui.tr(
            "email-mention-item",
            &[
                ("label", label.as_str().into()),
                ("contact", contact.as_str().into()),
            ],
        ),
        Item::Held { label, count } => ui.tr(
            "email-held-item",
            &[("label", label.as_str().into()), ("count", (*count).into())],
        ),
        Item::FeedPaused {
            label,
            account,
            reason,
        } => ui.tr(
            "email-feed-item",
            &[
                ("label", label.as_str().into()),
                ("account", account.as_str().into()),
                ("reason", ui.stored(reason).as_str().into()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn told(kind: EmailKind) -> Told {
        let label = "Customers <b>&</b> Partners".to_owned();
        let items = match kind {
            EmailKind::Invitation => vec![
                Item::Invitation {
                    label: label.clone(),
                    role: Role::Editor,
                    contacts: 1,
                    group: None,
                },
                Item::Invitation {
                    label: "Suppliers".into(),
                    role: Role::Viewer,
                    contacts: 240,
                    group: Some("sales@acme.test".into()),
                },
            ],
            EmailKind::Mention => vec![Item::Mention {
                label: label.clone(),
                contact: "Ann <i>Lee</i>".into(),
                comment: "Call <script>x</script> before noon\nthen @ann@acme.test".into(),
            }],
            EmailKind::HeldDeletions => vec![Item::Held {
                label: label.clone(),
                count: 33,
            }],
            EmailKind::FeedPaused => vec![Item::FeedPaused {
                label: label.clone(),
                account: "Acme".into(),
                reason: "feed-pause-refused".into(),
            }],
        };
        Told {
            kind,
            sender: "owner@acme.test".into(),
            recipient: "ann@acme.test".into(),
            items,
            more: usize::from(kind == EmailKind::Invitation) * 3,
        }
    }

    #[test]
    fn every_kind_in_every_language() {
        for lang in Lang::ALL {
            let ui = Ui::in_lang(lang);
            let all: Vec<Email> = EmailKind::ALL
                .iter()
                .map(|k| email(&told(*k), &ui))
                .collect();
            for (k, e) in EmailKind::ALL.iter().zip(&all) {
                assert!(!e.subject.is_empty() && !e.subject.contains('\n'), "{k:?}");
                // What users typed is text in the HTML part, never markup.
                assert!(!e.html.contains("<b>&</b>"), "{lang:?} {k:?}: {}", e.html);
                assert!(!e.html.contains("<script>"), "{lang:?} {k:?}");
                assert!(
                    e.html
                        .contains("Customers &lt;b&gt;&amp;&lt;/b&gt; Partners")
                );
                assert!(e.text.contains("Customers <b>&</b> Partners"), "{}", e.text);
            }
            insta::assert_debug_snapshot!(format!("emails_{}", lang.code()), all);
        }
    }
}
