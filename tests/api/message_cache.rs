//! The message card's cache: reused while nothing it shows has changed, never after.

use serde_json::json;
use sharebook_dev::sandbox::directory::MemberType;
use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, TestApp, card_of, confirmed, form, param, spawn_app, texts, user};
use crate::sharing::{contact, label, open_message, rename_label, share, update_share};

const MEMBER: &str = "member@sharebook.test";

/// This process's cache lookups with `outcome`, from `/metrics`.
async fn lookups(app: &TestApp, outcome: &str) -> u64 {
    let metrics = reqwest::get(app.public_url.url_for("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = format!("sharebook_message_cache_lookups_total{{outcome=\"{outcome}\"}} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .unwrap_or_else(|| panic!("no {outcome} count in {metrics}"))
        .parse()
        .unwrap()
}

/// Opens the message as `who`, expecting the cache to have been checked and found `outcome`.
async fn open_expecting(app: &TestApp, who: &str, outcome: &str) -> String {
    let before = lookups(app, outcome).await;
    let body = open_message(app, who, "msg-f:cache").await;
    assert_eq!(
        lookups(app, outcome).await,
        before + 1,
        "expected a {outcome} lookup"
    );
    texts(card_of(&body))
}

fn message_for(app: &TestApp, who: &str) {
    app.gmail.add_message(
        who,
        "msg-f:cache",
        "thread-f:cache",
        vec![
            ("From".into(), "Ann Lee <ann@client.test>".into()),
            ("To".into(), format!("{who}, Carl New <carl@prospect.test>")),
            ("Cc".into(), "Dan New <dan@prospect.test>".into()),
        ],
    );
}

/// Every kind of change the card shows, made by someone else (or by nobody through the app),
/// is on the member's very next open; unchanged, the data is reused.
#[tokio::test]
async fn the_card_is_reused_until_anything_it_shows_changes() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let ann = contact(
        &app,
        &l,
        &[
            ("name", "Ann Lee"),
            ("emails", "ann@client.test"),
            ("organization", "Acme"),
        ],
    )
    .await;
    share(&app, OWNER, &l, MEMBER, "user", "editor").await;
    message_for(&app, MEMBER);

    let first = open_expecting(&app, MEMBER, "missing").await;
    assert!(
        first.contains("Ann Lee") && first.contains("Acme") && first.contains("Add to a label"),
        "{first}"
    );
    let again = open_expecting(&app, MEMBER, "reused").await;
    assert_eq!(again, first);

    // Someone else edits the contact.
    app.exec(&format!(
        "UPDATE contacts SET organization = 'Globex' WHERE id = '{ann}'"
    ))
    .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Globex") && !t.contains("Acme"), "{t}");
    open_expecting(&app, MEMBER, "reused").await;

    // The owner comments.
    let mut i = param("contact_id", &ann);
    i.form_inputs
        .insert("comment_body".into(), vec!["Renewal due in May".into()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Renewal due in May"), "{t}");

    // Someone adds one of the unknown people.
    contact(
        &app,
        &l,
        &[("name", "Carl New"), ("emails", "carl@prospect.test")],
    )
    .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(
        t.contains("Carl New") && !t.contains("Carl New &lt;carl@prospect.test&gt;"),
        "{t}"
    );

    // The owner hides the company from the member and makes them a viewer.
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{MEMBER}'"
        ))
        .await;
    update_share(&app, &share_id, "viewer", &["organization"]).await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(
        !t.contains("Globex") && t.contains("You have no label you can add contacts to."),
        "{t}"
    );

    // The owner renames the label.
    rename_label(&app, &l, "Clients").await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("In Clients · you are Viewer"), "{t}");

    // The owner deletes Carl.
    let carl = app
        .scalar("SELECT id::text FROM contacts WHERE name = 'Carl New'")
        .await;
    app.invoke("/addon/contacts/delete", OWNER, param("contact_id", &carl))
        .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(
        t.contains("Carl New &lt;carl@prospect.test&gt;")
            && t.contains("Not in any label you can see."),
        "{t}"
    );

    // The owner revokes the share: nothing of the label reaches the member any more.
    app.invoke(
        "/addon/shares/revoke",
        OWNER,
        confirmed(param("share_id", &share_id)),
    )
    .await;
    assert_eq!(app.count("shares").await, 0);
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(
        t.contains("Ann Lee &lt;ann@client.test&gt;")
            && !t.contains("Renewal")
            && !t.contains("Clients"),
        "{t}"
    );
    open_expecting(&app, MEMBER, "reused").await;
    // A Gmail message never changes: its headers were read from the Gmail API once.
    assert_eq!(app.gmail.requests(), 1);
}

/// A member reaching the label through a group sees group share changes and renames at once.
#[tokio::test]
async fn group_members_cards_follow_their_groups_shares() {
    let app = spawn_app().await;
    let team = "team@sharebook.test";
    app.directory.add_member(team, MEMBER, MemberType::User);
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[
            ("name", "Ann Lee"),
            ("emails", "ann@client.test"),
            ("organization", "Acme"),
        ],
    )
    .await;
    share(&app, OWNER, &l, team, "group", "viewer").await;
    message_for(&app, MEMBER);
    let t = open_expecting(&app, MEMBER, "missing").await;
    assert!(t.contains("Acme"), "{t}");
    open_expecting(&app, MEMBER, "reused").await;

    let share_id = app.scalar("SELECT id::text FROM shares").await;
    update_share(&app, &share_id, "viewer", &["organization"]).await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Ann Lee") && !t.contains("Acme"), "{t}");

    rename_label(&app, &l, "Clients").await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("In Clients"), "{t}");

    // A label of the member's own is no change to what the group reaches, but it is to the
    // member's access: it is offered at once.
    app.invoke("/addon/labels/create", MEMBER, form("label_name", "Mine"))
        .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Add to a label"), "{t}");
}

/// Times are shown in the event's time zone: a card rendered for one zone is not reused for
/// another.
#[tokio::test]
async fn a_card_is_reused_only_in_the_time_zone_it_was_rendered_for() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    share(&app, OWNER, &l, MEMBER, "user", "viewer").await;
    message_for(&app, MEMBER);
    let changed_at = |t: &str| {
        let at = t.find("Last changed by").expect("last change shown");
        t[at..].lines().next().unwrap().to_owned()
    };
    let london = changed_at(&open_expecting(&app, MEMBER, "missing").await);

    let open = Interaction {
        message_id: Some("msg-f:cache".into()),
        ..Default::default()
    };
    let mut event = app.host.event(&user(MEMBER), &open).unwrap();
    event["commonEventObject"]["timeZone"] = json!({ "id": "Asia/Kolkata", "offset": 19_800_000 });
    let before = lookups(&app, "missing").await;
    let response = app
        .host
        .post(&app.public_url.url_for("/addon/message"), &event)
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(lookups(&app, "missing").await, before + 1);
    let kolkata = changed_at(&texts(card_of(&body)));
    assert_ne!(kolkata, london, "5h30 apart");

    assert_eq!(
        changed_at(&open_expecting(&app, MEMBER, "reused").await),
        london
    );
}

/// Message ids are per mailbox: what one user's message holds never answers another's.
#[tokio::test]
async fn message_headers_are_kept_per_mailbox() {
    let app = spawn_app().await;
    for (who, from) in [
        (OWNER, "Ann Lee <ann@client.test>"),
        (MEMBER, "Bob Roe <bob@client.test>"),
    ] {
        app.gmail.add_message(
            who,
            "msg-f:same",
            "thread-f:same",
            vec![("From".into(), from.into()), ("To".into(), who.into())],
        );
    }
    for _ in 0..2 {
        let owner = texts(card_of(&open_message(&app, OWNER, "msg-f:same").await));
        let member = texts(card_of(&open_message(&app, MEMBER, "msg-f:same").await));
        assert!(
            owner.contains("Ann Lee") && !owner.contains("Bob Roe"),
            "{owner}"
        );
        assert!(
            member.contains("Bob Roe") && !member.contains("Ann Lee"),
            "{member}"
        );
    }
    assert_eq!(app.gmail.requests(), 2, "once per mailbox");
}

/// The other ways what the card shows can change: comments edited and removed, a member's own
/// private comment, deletion and restore, a transfer, the label deleted.
#[tokio::test]
async fn comments_deletions_transfers_and_label_deletion_show_on_the_next_open() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let ann = contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    share(&app, OWNER, &l, MEMBER, "user", "deleter").await;
    message_for(&app, MEMBER);
    let t = open_expecting(&app, MEMBER, "missing").await;
    assert!(t.contains("you are Deleter"), "{t}");

    let comment = |body: &str, visibility: &str| {
        let mut i = param("contact_id", &ann);
        i.form_inputs
            .insert("comment_body".into(), vec![body.into()]);
        i.form_inputs
            .insert("comment_visibility".into(), vec![visibility.into()]);
        i
    };
    app.invoke(
        "/addon/comments/create",
        MEMBER,
        comment("secret note", "private"),
    )
    .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("secret note"), "{t}");
    let id = app.scalar("SELECT id::text FROM comments").await;
    let mut i = param("comment_id", &id);
    i.form_inputs
        .insert("comment_body".into(), vec!["edited note".into()]);
    app.invoke("/addon/comments/update", MEMBER, i).await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(
        t.contains("edited note") && !t.contains("secret note"),
        "{t}"
    );
    app.invoke("/addon/comments/remove", MEMBER, param("comment_id", &id))
        .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(!t.contains("edited note"), "{t}");

    // Someone else's comment edited behind the card: the contact's own key moves.
    app.invoke(
        "/addon/comments/create",
        OWNER,
        comment("Renewal due", "public"),
    )
    .await;
    open_expecting(&app, MEMBER, "stale").await;
    app.exec("UPDATE comments SET body = 'Renewal signed'")
        .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Renewal signed"), "{t}");

    app.invoke("/addon/contacts/delete", MEMBER, param("contact_id", &ann))
        .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Not in any label you can see."), "{t}");
    app.invoke("/addon/contacts/restore", MEMBER, param("contact_id", &ann))
        .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("you are Deleter"), "{t}");

    let member_id = app
        .scalar(&format!(
            "SELECT id::text FROM users WHERE email = '{MEMBER}'"
        ))
        .await;
    let mut i = param("label_id", &l);
    i.form_inputs.insert("new_owner".into(), vec![member_id]);
    app.invoke("/addon/labels/transfer", OWNER, i).await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("you are Owner"), "{t}");

    message_for(&app, OWNER);
    let t = open_expecting(&app, OWNER, "missing").await;
    assert!(t.contains("you are Manager"), "{t}");
    let mut confirm = param("label_id", &l);
    confirm.parameters.insert("confirm".into(), "yes".into());
    app.invoke("/addon/labels/delete", MEMBER, confirm).await;
    assert_eq!(app.count("labels").await, 0);
    for who in [OWNER, MEMBER] {
        let t = open_expecting(&app, who, "stale").await;
        assert!(t.contains("Not in any label you can see."), "{who}: {t}");
    }
}

/// Access through a domain share, and its loss when the user's domain changes.
#[tokio::test]
async fn domain_shares_and_domain_changes_show_on_the_next_open() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    message_for(&app, MEMBER);
    let t = open_expecting(&app, MEMBER, "missing").await;
    assert!(t.contains("Not in any label you can see."), "{t}");
    share(&app, OWNER, &l, "sharebook.test", "domain", "viewer").await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("you are Viewer"), "{t}");
    // As the user upsert writes a changed `hd`.
    app.exec(&format!(
        "UPDATE users SET hd = 'elsewhere.test' WHERE email = '{MEMBER}'"
    ))
    .await;
    let t = open_expecting(&app, MEMBER, "stale").await;
    assert!(t.contains("Not in any label you can see."), "{t}");
}
