//! Emails: invitations, mentions, held deletions and paused feeds go through the outbox and the
//! Gmail stand-in (`users.messages.send` as the acting user) into the recipients' inboxes, in
//! their language, grouped, once, and not to those who switched them off.

use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, TestApp, card_of, param, spawn_app, texts};
use crate::sharing::{contact, label, share};

const ANN: &str = "ann@sharebook.test";

fn in_locale(mut i: Interaction, locale: &str) -> Interaction {
    i.locale = Some(locale.into());
    i
}

async fn new_label(app: &TestApp, name: &str) -> String {
    app.invoke(
        "/addon/labels/create",
        OWNER,
        crate::helpers::form("label_name", name),
    )
    .await;
    app.scalar(&format!(
        "SELECT id::text FROM labels WHERE name = '{name}'"
    ))
    .await
}

#[tokio::test]
async fn a_share_invites_the_person_by_email_from_the_sharer() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(&app, &l, &[("name", "Zoë"), ("emails", "zoe@client.test")]).await;
    share(&app, OWNER, &l, "Ann@Sharebook.test", "user", "editor").await;
    // Nothing leaves inside the request: the row waits for the worker.
    assert!(app.gmail.sent().is_empty());
    assert_eq!(app.count("email_outbox WHERE sent_at IS NULL").await, 1);
    assert_eq!(app.send_emails().await, 1);
    let sent = app.gmail.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let mail = &sent[0];
    assert_eq!(mail.from, OWNER, "sent as the colleague who shared");
    assert_eq!(mail.to, [ANN]);
    assert!(mail.subject.contains("Customers"), "{}", mail.subject);
    assert!(mail.text.contains("as Editor, 1 contact"), "{}", mail.text);
    assert!(mail.text.contains("Google Contacts"), "{}", mail.text);
    assert!(
        mail.text.contains("Email notifications"),
        "says how to stop: {}",
        mail.text
    );
    assert!(mail.html.contains("<li>"), "{}", mail.html);
    // Delivered into Ann's stand-in inbox.
    let inbox = app.gmail.list_messages(ANN);
    assert_eq!(inbox.len(), 1);
    // Sent once: another pass finds nothing to send.
    assert_eq!(app.send_emails().await, 0);
    assert_eq!(app.gmail.sent().len(), 1);
    // Changing the role is not a new invitation; a domain share emails nobody.
    share(&app, OWNER, &l, ANN, "user", "viewer").await;
    share(&app, OWNER, &l, "sharebook.test", "domain", "viewer").await;
    assert_eq!(app.count("email_outbox").await, 1);
}

#[tokio::test]
async fn a_burst_of_shares_is_one_email_in_the_recipients_language() {
    let app = spawn_app().await;
    // Ann used Sharebook in Italian: her emails are in Italian.
    app.invoke(
        "/addon/home",
        ANN,
        in_locale(Interaction::default(), "it-IT"),
    )
    .await;
    for name in ["Clienti", "Fornitori", "Partner"] {
        let l = new_label(&app, name).await;
        share(&app, OWNER, &l, ANN, "user", "viewer").await;
    }
    assert_eq!(app.send_emails().await, 1);
    let sent = app.gmail.sent();
    assert_eq!(sent.len(), 1, "three shares in a burst make one email");
    let mail = &sent[0];
    for name in ["Clienti", "Fornitori", "Partner"] {
        assert!(mail.text.contains(name), "{}", mail.text);
    }
    // The Italian catalogue's words, not the English ones.
    assert!(!mail.text.contains("shared"), "{}", mail.text);
    assert!(mail.subject.contains('3'), "{}", mail.subject);
}

#[tokio::test]
async fn emails_switched_off_are_not_sent() {
    let app = spawn_app().await;
    app.home(ANN).await;
    // Ann unticks invitations, keeps mentions.
    let mut i = Interaction::default();
    i.form_inputs
        .insert("email_kinds".into(), vec!["mention".into()]);
    let (_, body) = app.invoke("/addon/settings/email/save", ANN, i).await;
    assert!(texts(card_of(&body)).contains("Email notifications"));
    let l = label(&app).await;
    share(&app, OWNER, &l, ANN, "user", "viewer").await;
    assert_eq!(app.send_emails().await, 0);
    assert!(app.gmail.sent().is_empty());
    assert_eq!(
        app.scalar("SELECT dropped FROM email_outbox").await,
        "opted_out"
    );
    // A kind the form never offers is refused, and changes nothing.
    let before = app.fingerprint().await;
    let mut i = Interaction::default();
    i.form_inputs
        .insert("email_kinds".into(), vec!["spam".into()]);
    let (_, body) = app.invoke("/addon/settings/email/save", ANN, i).await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
    assert_eq!(app.fingerprint().await, before);
}

#[tokio::test]
async fn a_mention_emails_the_member_and_one_of_an_outsider_is_refused() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(&app, &l, &[("name", "Cy")]).await;
    share(&app, OWNER, &l, ANN, "user", "editor").await;
    app.send_emails().await;
    let comment = |body: &str| {
        let mut i = param("contact_id", &c);
        i.form_inputs
            .insert("comment_body".into(), vec![body.into()]);
        i.form_inputs
            .insert("comment_visibility".into(), vec!["public".into()]);
        i
    };
    // Eve cannot see the label: refused before posting, with the reason, the text kept.
    let before = app.count("comments").await;
    let (_, body) = app
        .invoke(
            "/addon/comments/create",
            OWNER,
            comment("Ask @eve@elsewhere.test and @ann@sharebook.test"),
        )
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("eve@elsewhere.test cannot see this label"),
        "{t}"
    );
    assert!(!t.contains("ann@sharebook.test cannot"), "{t}");
    assert!(
        t.contains("Ask @eve@elsewhere.test"),
        "typed text kept: {t}"
    );
    assert_eq!(app.count("comments").await, before);
    // Ann can (her share is pending: she has not opened Sharebook yet).
    app.invoke(
        "/addon/comments/create",
        OWNER,
        comment("Call <b>now</b>, @ann@sharebook.test"),
    )
    .await;
    assert_eq!(app.count("comments").await, before + 1);
    assert_eq!(app.send_emails().await, 1);
    let sent = app.gmail.sent();
    let mail = sent.last().expect("a mention email");
    assert_eq!(mail.to, [ANN]);
    assert!(mail.subject.contains("Cy"), "{}", mail.subject);
    assert!(mail.text.contains("Call <b>now</b>"), "{}", mail.text);
    assert!(
        mail.html.contains("Call &lt;b&gt;now&lt;/b&gt;"),
        "escaped: {}",
        mail.html
    );
    // Mentioning oneself tells nobody.
    app.invoke(
        "/addon/comments/create",
        OWNER,
        comment("Note to @owner@sharebook.test"),
    )
    .await;
    assert_eq!(app.send_emails().await, 0);
}

#[tokio::test]
async fn a_pending_invitation_can_be_sent_again_by_a_manager_only() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, ANN, "user", "viewer").await;
    share(&app, OWNER, &l, "bob@sharebook.test", "user", "viewer").await;
    app.send_emails().await;
    let ann_share = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{ANN}'"
        ))
        .await;
    // The sharing card offers it for a pending share.
    let (_, body) = app
        .invoke("/addon/shares/open", OWNER, param("label_id", &l))
        .await;
    assert!(texts(card_of(&body)).contains("Send the invitation to ann@sharebook.test again"));
    // Bob (a viewer) knows the id but may not.
    app.home("bob@sharebook.test").await;
    let before = app.fingerprint().await;
    let (_, body) = app
        .invoke(
            "/addon/shares/reinvite",
            "bob@sharebook.test",
            param("share_id", &ann_share),
        )
        .await;
    let title = card_of(&body)["header"]["title"].clone();
    assert!(title == "Not allowed" || title == "Not available", "{body}");
    assert_eq!(app.fingerprint().await, before);
    let (_, body) = app
        .invoke(
            "/addon/shares/reinvite",
            OWNER,
            param("share_id", &ann_share),
        )
        .await;
    assert!(body.to_string().contains("Invitation sent again"), "{body}");
    assert_eq!(app.send_emails().await, 1);
    assert_eq!(app.gmail.sent().len(), 3);
    // Once Ann has used Sharebook, her share is no longer pending: nothing to send again.
    app.home(ANN).await;
    let (_, body) = app
        .invoke(
            "/addon/shares/reinvite",
            OWNER,
            param("share_id", &ann_share),
        )
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
}

#[tokio::test]
async fn held_deletions_and_a_paused_feed_email_the_owner() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let c = contact(&app, &l, &[("name", "Cy")]).await;
    share(&app, OWNER, &l, ANN, "user", "deleter").await;
    app.home(ANN).await;
    app.send_emails().await;
    // As the sync records a mass deletion: the trigger queues the owner's email with it.
    app.exec(&format!(
        "INSERT INTO held_deletions (id, label_id, member_id, contact_ids)
         SELECT gen_random_uuid(), '{l}', u.id, ARRAY['{c}'::uuid]
         FROM users u WHERE u.email = '{ANN}'"
    ))
    .await;
    app.exec(&format!(
        "INSERT INTO crm_feeds (label_id, connected_by, account_name, account_url, account_user,
                                auth_kind, secret_key_id, secret, state)
         SELECT '{l}', owner_id, 'Acme', 'https://acme.capsulecrm.com', 'ann', 'token', 'k',
                '\\x00', 'live' FROM labels WHERE id = '{l}';
         UPDATE crm_feeds SET state = 'paused', paused_reason = 'feed-pause-refused'
         WHERE label_id = '{l}';"
    ))
    .await;
    assert_eq!(app.send_emails().await, 2);
    let sent = app.gmail.sent();
    let held = sent
        .iter()
        .find(|m| m.subject.contains("Deletions held"))
        .expect("held deletions email");
    assert_eq!(held.from, ANN, "from the member who deleted");
    assert_eq!(held.to, [OWNER]);
    let paused = sent
        .iter()
        .find(|m| m.subject.contains("CRM feed"))
        .expect("paused feed email");
    assert_eq!(paused.to, [OWNER]);
    assert!(
        paused.text.contains("Capsule refused the connection"),
        "the reason, worded: {}",
        paused.text
    );
}

#[tokio::test]
async fn a_failed_send_is_retried_later_and_sent_once() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, ANN, "user", "viewer").await;
    app.gmail.fail_next(503);
    assert_eq!(app.send_emails().await, 0);
    assert!(app.gmail.sent().is_empty());
    assert_eq!(
        app.scalar("SELECT attempts::text || ' ' || (last_error IS NOT NULL)::text || ' ' || (due_at > now())::text FROM email_outbox")
            .await,
        "1 true true",
        "kept with its error, due again later"
    );
    // Two workers at once (as two instances would): one email.
    app.exec("UPDATE email_outbox SET due_at = now()").await;
    let worker = || {
        sharebook::notify::EmailWorker::build(&app.config.common)
            .unwrap()
            .unwrap()
    };
    let (a, b) = (worker(), worker());
    let (x, y) = tokio::join!(a.run_once(), b.run_once());
    assert_eq!(x.unwrap() + y.unwrap(), 1);
    assert_eq!(app.gmail.sent().len(), 1);
}

#[tokio::test]
async fn error_cards_speak_the_users_language() {
    let app = spawn_app().await;
    let (_, body) = app
        .invoke(
            "/addon/labels/open",
            OWNER,
            in_locale(
                param("label_id", "00000000-0000-0000-0000-000000000000"),
                "it-IT",
            ),
        )
        .await;
    let title = card_of(&body)["header"]["title"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!title.is_empty() && title != "Not available", "{body}");
    let (_, body) = app
        .invoke(
            "/addon/labels/open",
            OWNER,
            in_locale(
                param("label_id", "00000000-0000-0000-0000-000000000000"),
                "en-US",
            ),
        )
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
}

#[tokio::test]
async fn with_smtp_url_emails_go_through_the_smtp_server_from_the_configured_address() {
    let app = spawn_app().await;
    let smtp = sharebook_dev::sandbox::smtp::SmtpStandIn::default();
    let url = smtp.start().await.unwrap();
    let mut common = app.config.common.clone();
    common.email.smtp_url = Some(secrecy::SecretString::from(url));
    common.email.smtp_from = Some("sharebook@acme.test".into());
    let l = label(&app).await;
    share(&app, OWNER, &l, ANN, "user", "viewer").await;
    app.exec("UPDATE email_outbox SET due_at = now()").await;
    let worker = sharebook::notify::EmailWorker::build(&common)
        .unwrap()
        .unwrap();
    assert_eq!(worker.run_once().await.unwrap(), 1);
    assert!(app.gmail.sent().is_empty(), "not through Gmail");
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.envelope_from, "sharebook@acme.test");
    assert_eq!(mail.envelope_to, [ANN]);
    let headers = mail.data.split("\r\n\r\n").next().unwrap_or_default();
    assert!(
        headers.contains("Reply-To: owner@sharebook.test"),
        "{headers}"
    );
    assert!(headers.contains("sharebook@acme.test"), "{headers}");
    assert!(
        headers.contains("Auto-Submitted: auto-generated"),
        "{headers}"
    );
    assert!(mail.data.contains("text/plain") && mail.data.contains("text/html"));
}
