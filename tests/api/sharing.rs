//! Sharing: pending shares, roles offered and forged, hidden fields, transfer, search and
//! the Gmail triggers as members see them.

use serde_json::json;
use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OTHER, OWNER, TestApp, card_of, form, param, spawn_app, texts};

pub(crate) async fn share(
    app: &TestApp,
    by: &str,
    label: &str,
    grantee: &str,
    kind: &str,
    role: &str,
) -> serde_json::Value {
    let mut i = param("label_id", label);
    for (k, v) in [
        ("share_grantee", grantee),
        ("share_kind", kind),
        ("share_role", role),
    ] {
        i.form_inputs.insert(k.into(), vec![v.into()]);
    }
    app.invoke("/addon/shares/create", by, i).await.1
}

/// The owner sets share `share_id` to `role`, hiding `hidden` from its grantee.
pub(crate) async fn update_share(
    app: &TestApp,
    share_id: &str,
    role: &str,
    hidden: &[&str],
) -> serde_json::Value {
    let mut i = param("share_id", share_id);
    i.form_inputs.insert("share_role".into(), vec![role.into()]);
    i.form_inputs.insert(
        "hidden_fields".into(),
        hidden.iter().map(|f| (*f).to_owned()).collect(),
    );
    app.invoke("/addon/shares/update", OWNER, i).await.1
}

/// The owner renames `label` to `name`.
pub(crate) async fn rename_label(app: &TestApp, label: &str, name: &str) -> serde_json::Value {
    let mut i = param("label_id", label);
    i.form_inputs.insert("label_name".into(), vec![name.into()]);
    app.invoke("/addon/labels/rename", OWNER, i).await.1
}

pub(crate) async fn label(app: &TestApp) -> String {
    app.invoke(
        "/addon/labels/create",
        OWNER,
        form("label_name", "Customers"),
    )
    .await;
    app.scalar("SELECT id::text FROM labels").await
}

pub(crate) async fn contact(app: &TestApp, label: &str, pairs: &[(&str, &str)]) -> String {
    let mut i = param("label_id", label);
    for (k, v) in pairs {
        i.form_inputs
            .insert(format!("contact_{k}"), vec![(*v).into()]);
    }
    app.invoke("/addon/contacts/create", OWNER, i).await;
    app.scalar("SELECT id::text FROM contacts ORDER BY created_at DESC LIMIT 1")
        .await
}

#[tokio::test]
async fn a_share_to_a_newcomer_waits_and_takes_effect_on_their_first_request() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let body = share(
        &app,
        OWNER,
        &l,
        "New.Person@Sharebook.test",
        "user",
        "editor",
    )
    .await;
    assert!(
        texts(card_of(&body)).contains("pending: has not opened Sharebook yet"),
        "{body}"
    );
    let home = app.home("new.person@sharebook.test").await;
    assert!(
        texts(card_of(&home)).contains("Customers") && texts(card_of(&home)).contains("Editor")
    );
    let (_, body) = app
        .invoke("/addon/shares/open", OWNER, param("label_id", &l))
        .await;
    assert!(!texts(card_of(&body)).contains("pending"));
}

#[tokio::test]
async fn managers_are_offered_up_to_manager_and_forged_roles_are_refused() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, "manager@sharebook.test", "user", "manager").await;
    let (_, body) = app
        .invoke(
            "/addon/shares/open",
            "manager@sharebook.test",
            param("label_id", &l),
        )
        .await;
    let card = card_of(&body).to_string();
    assert!(card.contains("\"value\":\"manager\"") && !card.contains("\"value\":\"owner\""));
    let before = app.fingerprint().await;
    for role in ["owner", "admin"] {
        let body = share(
            &app,
            "manager@sharebook.test",
            &l,
            "x@sharebook.test",
            "user",
            role,
        )
        .await;
        assert_eq!(card_of(&body)["header"]["title"], "Not available", "{role}");
    }
    let body = share(
        &app,
        "manager@sharebook.test",
        &l,
        "x@sharebook.test",
        "galaxy",
        "viewer",
    )
    .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
    assert_eq!(app.fingerprint().await, before);
    // A bad address comes back next to the field, typed text kept.
    let body = share(
        &app,
        "manager@sharebook.test",
        &l,
        "not an address",
        "user",
        "viewer",
    )
    .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("“not an address” is not an email address.") && t.contains("not an address")
    );
}

#[tokio::test]
async fn fields_hidden_by_the_owner_never_reach_the_member_by_any_route() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let id = contact(
        &app,
        &l,
        &[
            ("name", "Dee Secret"),
            ("emails", "dee@client.test"),
            ("phones", "+44 20 7946 0001"),
            ("notes", "VIP pricing"),
        ],
    )
    .await;
    share(&app, OWNER, &l, "viewer@sharebook.test", "user", "viewer").await;
    let share_id = app.scalar("SELECT id::text FROM shares").await;
    let body = update_share(&app, &share_id, "viewer", &["phones", "notes"]).await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Role changed",
        "{body}"
    );

    let (_, body) = app
        .invoke(
            "/addon/contacts/open",
            "viewer@sharebook.test",
            param("contact_id", &id),
        )
        .await;
    let t = body.to_string();
    assert!(
        t.contains("dee@client.test") && !t.contains("7946") && !t.contains("VIP"),
        "{t}"
    );
    let (_, body) = app
        .invoke(
            "/addon/contacts/history",
            "viewer@sharebook.test",
            param("contact_id", &id),
        )
        .await;
    assert!(!body.to_string().contains("7946") && !body.to_string().contains("VIP"));
    // Search cannot probe a hidden value either.
    let (_, body) = app
        .invoke(
            "/addon/search",
            "viewer@sharebook.test",
            form("search_query", "7946"),
        )
        .await;
    assert!(texts(card_of(&body)).contains("Nobody found."));
    let (_, body) = app
        .invoke("/addon/search", OWNER, form("search_query", "7946"))
        .await;
    assert!(texts(card_of(&body)).contains("Dee Secret"));
}

#[tokio::test]
async fn search_ignores_case_and_accents_and_finds_phones_by_digits() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[
            ("name", "Zoë Martín"),
            ("phones", "+33 (0)1 23 45 67 89"),
            ("organization", "Société Générale"),
        ],
    )
    .await;
    contact(&app, &l, &[("name", "Bob 100%_done")]).await;
    for q in ["zoe", "MARTIN", "societe gen", "0123", "33 0 1 23"] {
        let (_, body) = app
            .invoke("/addon/search", OWNER, form("search_query", q))
            .await;
        assert!(texts(card_of(&body)).contains("Zoë Martín"), "{q}: {body}");
    }
    let (_, body) = app
        .invoke("/addon/search", OWNER, form("search_query", "%_"))
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("Bob 100%_done") && !t.contains("Zoë"),
        "LIKE wildcards are literal: {t}"
    );
    let (_, body) = app
        .invoke(
            "/addon/search",
            "stranger@elsewhere.test",
            form("search_query", "zoe"),
        )
        .await;
    assert!(texts(card_of(&body)).contains("Nobody found."));
}

#[tokio::test]
async fn the_open_email_shows_known_people_and_offers_to_add_the_others() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let id = contact(
        &app,
        &l,
        &[
            ("name", "Ann Lee"),
            ("emails", "ann@client.test"),
            ("organization", "Acme"),
        ],
    )
    .await;
    let mut i = param("contact_id", &id);
    i.form_inputs
        .insert("comment_body".into(), vec!["Renewal due in May".into()]);
    i.form_inputs
        .insert("comment_visibility".into(), vec!["public".into()]);
    app.invoke("/addon/comments/create", OWNER, i).await;
    share(&app, OWNER, &l, "viewer@sharebook.test", "user", "viewer").await;
    for who in [OWNER, "viewer@sharebook.test"] {
        app.gmail.add_message(
            who,
            "msg-f:1",
            "thread-f:1",
            vec![
                ("From".into(), "\"Lee, Ann\" <Ann@Client.test>".into()),
                ("To".into(), format!("{who}, Carl New <carl@prospect.test>")),
            ],
        );
    }
    let open = Interaction {
        message_id: Some("msg-f:1".into()),
        ..Default::default()
    };
    let (_, body) = app.invoke("/addon/message", OWNER, open.clone()).await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("Ann Lee") && t.contains("Acme") && t.contains("Renewal due in May"),
        "{t}"
    );
    assert!(
        t.contains("Carl New &lt;carl@prospect.test&gt;") && t.contains("Add to a label"),
        "{t}"
    );
    // The viewer may add nowhere, so nothing is offered.
    let (_, body) = app
        .invoke("/addon/message", "viewer@sharebook.test", open.clone())
        .await;
    let t = texts(card_of(&body));
    assert!(
        t.contains("Renewal due in May")
            && t.contains("You have no label you can add contacts to."),
        "{t}"
    );
    // "Add to a label" opens the form prefilled.
    let mut add = Interaction {
        message_id: Some("msg-f:1".into()),
        ..Default::default()
    };
    add.parameters.extend([
        ("label_field".into(), "add_label.0".into()),
        ("name".into(), "Carl New".into()),
        ("emails".into(), "carl@prospect.test".into()),
    ]);
    add.form_inputs
        .insert("add_label.0".into(), vec![l.clone()]);
    let (_, body) = app.invoke("/addon/contacts/new", OWNER, add).await;
    let card = card_of(&body).to_string();
    assert!(
        card.contains("\"value\":\"Carl New\"")
            && card.contains("\"value\":\"carl@prospect.test\""),
        "{card}"
    );
}

#[tokio::test]
async fn compose_inserts_a_labels_addresses() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(&app, &l, &[("name", "Ann"), ("emails", "ann@client.test")]).await;
    contact(
        &app,
        &l,
        &[
            ("name", "Bob"),
            ("emails", "bob@client.test\nbob@home.test"),
        ],
    )
    .await;
    let (_, body) = app
        .invoke("/addon/compose", OWNER, Interaction::default())
        .await;
    assert!(texts(card_of(&body)).contains("Add Customers (2)"));
    let (status, body) = app
        .invoke("/addon/compose/insert", OWNER, param("label_id", &l))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]["updateToRecipients"]
            ["toRecipients"],
        json!(["ann@client.test", "bob@client.test"])
    );
    let (_, body) = app
        .invoke(
            "/addon/compose/insert",
            "stranger@elsewhere.test",
            param("label_id", &l),
        )
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
}

#[tokio::test]
async fn the_owner_renames_transfers_and_deletes() {
    let app = spawn_app().await;
    let l = label(&app).await;
    share(&app, OWNER, &l, "heir@sharebook.test", "user", "editor").await;
    app.home("heir@sharebook.test").await;
    let (_, body) = app
        .invoke("/addon/labels/rename", OWNER, {
            let mut i = param("label_id", &l);
            i.form_inputs.insert("label_name".into(), vec!["  ".into()]);
            i
        })
        .await;
    assert!(texts(card_of(&body)).contains("Enter a name for the label."));
    let body = rename_label(&app, &l, "Clients").await;
    assert_eq!(card_of(&body)["header"]["title"], "Clients");
    let heir = app
        .scalar("SELECT id::text FROM users WHERE email = 'heir@sharebook.test'")
        .await;
    let mut i = param("label_id", &l);
    i.form_inputs.insert("new_owner".into(), vec![heir]);
    let (_, body) = app.invoke("/addon/labels/transfer", OWNER, i).await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"],
        "Ownership transferred"
    );
    let home = app.home(OWNER).await;
    assert!(
        texts(card_of(&home)).contains("Manager"),
        "the old owner stays as manager"
    );
    // The old owner can no longer delete; the new one can.
    let mut confirm = param("label_id", &l);
    confirm.parameters.insert("confirm".into(), "yes".into());
    let (_, body) = app
        .invoke("/addon/labels/delete", OWNER, confirm.clone())
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
    let (_, body) = app
        .invoke("/addon/labels/delete", "heir@sharebook.test", confirm)
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"],
        "Label deleted"
    );
    assert_eq!(app.count("labels").await, 0);
}

#[tokio::test]
async fn group_shares_apply_through_the_directory_and_fail_closed_when_it_is_down() {
    let app = spawn_app().await;
    let l = label(&app).await;
    app.directory.add_member(
        "team@sharebook.test",
        "member@sharebook.test",
        sharebook_dev::sandbox::directory::MemberType::User,
    );
    let body = share(&app, OWNER, &l, "team@sharebook.test", "group", "editor").await;
    assert!(
        texts(card_of(&body)).contains("Group: team@sharebook.test"),
        "{body}"
    );
    // The Directory is down before the member's first look: no access through the group, no error.
    app.directory.fail_next(503);
    let home = app.home("member@sharebook.test").await;
    assert!(
        texts(card_of(&home)).contains("You have no shared labels yet"),
        "{home}"
    );
    // Once it answers, the group share applies (the failure was not cached as membership).
    let home = app.home("member@sharebook.test").await;
    assert!(
        texts(card_of(&home)).contains("Editor · 0 contacts"),
        "{home}"
    );
}

/// Labels named in an order no byte or case order keeps, created by the owner.
const TRICKY_NAMES: [&str; 5] = ["beta", "Alpha", "Éclair", "delta", "Zulu"];

async fn create_labels(app: &TestApp, names: &[&str]) {
    for name in names {
        app.invoke("/addon/labels/create", OWNER, form("label_name", name))
            .await;
    }
}

async fn label_id(app: &TestApp, name: &str) -> String {
    app.scalar(&format!(
        "SELECT id::text FROM labels WHERE name = '{name}'"
    ))
    .await
}

/// The names, as PostgreSQL orders labels everywhere (`lower(name)`, then id), comma-separated.
async fn in_database_order(app: &TestApp, names: &[&str]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    app.scalar(&format!(
        "SELECT string_agg(name, ',' ORDER BY lower(name), id) FROM labels WHERE name IN ({})",
        list.join(", ")
    ))
    .await
}

/// Opens message `id` in `who`'s mailbox.
pub(crate) async fn open_message(app: &TestApp, who: &str, id: &str) -> serde_json::Value {
    let open = Interaction {
        message_id: Some(id.into()),
        ..Default::default()
    };
    let (status, body) = app.invoke("/addon/message", who, open).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The label names a message card offers under "Add to a label" for its first unknown person.
fn offered_labels(body: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        if let Some(sel) = v.get("selectionInput")
            && sel["name"] == "add_label.0"
        {
            for item in sel["items"].as_array().expect("items") {
                out.push(item["text"].as_str().expect("text").to_owned());
            }
        }
        match v {
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(m) => m.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(card_of(body), &mut out);
    out
}

/// The "Add to a label" choices come in the homepage's order, and several contacts for one address
/// by name, both in the database's collation order.
#[tokio::test]
async fn message_card_keeps_the_homepage_label_order_and_contacts_by_name() {
    let app = spawn_app().await;
    create_labels(&app, &TRICKY_NAMES).await;
    contact(
        &app,
        &label_id(&app, "beta").await,
        &[("name", "Zoe Ann"), ("emails", "ann@client.test")],
    )
    .await;
    contact(
        &app,
        &label_id(&app, "Alpha").await,
        &[("name", "ann Lee"), ("emails", "Ann@Client.test")],
    )
    .await;
    app.gmail.add_message(
        OWNER,
        "msg-f:order",
        "thread-f:order",
        vec![
            ("From".into(), "Ann <ann@client.test>".into()),
            (
                "To".into(),
                format!("{OWNER}, Carl New <carl@prospect.test>"),
            ),
        ],
    );
    let body = open_message(&app, OWNER, "msg-f:order").await;
    let home = texts(card_of(&app.home(OWNER).await));
    let mut listed: Vec<&str> = TRICKY_NAMES.to_vec();
    listed.sort_by_key(|n| home.find(n).expect("every label on the homepage"));
    assert_eq!(
        offered_labels(&body),
        listed,
        "message card vs homepage order"
    );

    let t = texts(card_of(&body));
    let (first, second) = (t.find("ann Lee"), t.find("Zoe Ann"));
    assert!(
        first.is_some() && second.is_some() && first < second,
        "contacts of one address by name: {t}"
    );

    // A rename moves the label in both lists (their order comes from a copy of the name kept
    // with each member's access).
    app.exec("UPDATE labels SET name = 'omega' WHERE name = 'beta'")
        .await;
    let body = open_message(&app, OWNER, "msg-f:order").await;
    let home = texts(card_of(&app.home(OWNER).await));
    let mut listed: Vec<&str> = ["omega", "Alpha", "Éclair", "delta", "Zulu"].to_vec();
    listed.sort_by_key(|n| home.find(n).expect("every label on the homepage"));
    assert_eq!(offered_labels(&body), listed, "after a rename");
    let at = |n: &str| listed.iter().position(|x| *x == n).unwrap();
    assert!(
        at("delta") < at("omega") && at("omega") < at("Zulu"),
        "{listed:?}"
    );
}

/// A caller in a group with shares gets their own and their groups' labels merged by name, the
/// higher role where both reach a label, and in the card only labels they may add contacts to.
#[tokio::test]
async fn group_members_labels_merge_by_name_with_the_higher_role() {
    let app = spawn_app().await;
    let member = "member@sharebook.test";
    let team = "team@sharebook.test";
    create_labels(&app, &TRICKY_NAMES).await;
    app.directory.add_member(
        team,
        member,
        sharebook_dev::sandbox::directory::MemberType::User,
    );
    for (name, grantee, kind, role) in [
        ("beta", member, "user", "viewer"),
        ("Alpha", member, "user", "viewer"),
        ("Zulu", member, "user", "viewer"),
        ("Alpha", team, "group", "editor"),
        ("delta", team, "group", "editor"),
    ] {
        let id = label_id(&app, name).await;
        share(&app, OWNER, &id, grantee, kind, role).await;
    }

    let home = app.home(member).await;
    let t = texts(card_of(&home));
    let mut shown: Vec<&str> = TRICKY_NAMES.into_iter().filter(|n| t.contains(n)).collect();
    shown.sort_by_key(|n| t.find(n).unwrap());
    assert_eq!(
        shown.join(","),
        in_database_order(&app, &["beta", "Alpha", "delta", "Zulu"]).await,
        "{t}"
    );
    fn role_of(v: &serde_json::Value, label: &str) -> Option<String> {
        if let Some(row) = v.get("decoratedText")
            && row["text"] == label
        {
            return row["bottomLabel"].as_str().map(str::to_owned);
        }
        match v {
            serde_json::Value::Array(a) => a.iter().find_map(|x| role_of(x, label)),
            serde_json::Value::Object(m) => m.values().find_map(|x| role_of(x, label)),
            _ => None,
        }
    }
    let alpha = role_of(card_of(&home), "Alpha").unwrap_or_default();
    assert!(
        alpha.starts_with("Editor"),
        "the group's editor role beats the direct viewer share: {alpha}"
    );
    let beta = role_of(card_of(&home), "beta").unwrap_or_default();
    assert!(beta.starts_with("Viewer"), "{beta}");

    app.gmail.add_message(
        member,
        "msg-f:group",
        "thread-f:group",
        vec![
            ("From".into(), "Carl New <carl@prospect.test>".into()),
            ("To".into(), member.into()),
        ],
    );
    let body = open_message(&app, member, "msg-f:group").await;
    assert_eq!(
        offered_labels(&body).join(","),
        in_database_order(&app, &["Alpha", "delta"]).await,
        "{body}"
    );
}

/// An address in over a thousand contacts of other people's labels still finds the caller's own:
/// the lookup keeps only reachable contacts before its cap.
#[tokio::test]
async fn a_common_address_does_not_hide_the_callers_own_contact() {
    let app = spawn_app().await;
    // Someone else's label fills up first, so that their contacts come first on disk.
    app.invoke("/addon/labels/create", OTHER, form("label_name", "Theirs"))
        .await;
    app.exec(
        "INSERT INTO contacts (id, label_id, name, emails, email_keys, created_by, updated_by)
         SELECT gen_random_uuid(), l.id, 'Namesake ' || n, ARRAY['ann@client.test'],
                ARRAY['ann@client.test'], l.owner_id, l.owner_id
         FROM labels l, generate_series(1, 1001) n WHERE l.name = 'Theirs'",
    )
    .await;
    create_labels(&app, &["Customers"]).await;
    let l = label_id(&app, "Customers").await;
    contact(
        &app,
        &l,
        &[("name", "Ann Lee"), ("emails", "ann@client.test")],
    )
    .await;
    app.gmail.add_message(
        OWNER,
        "msg-f:common",
        "thread-f:common",
        vec![
            ("From".into(), "Ann Lee <ann@client.test>".into()),
            ("To".into(), OWNER.into()),
        ],
    );
    let t = texts(card_of(&open_message(&app, OWNER, "msg-f:common").await));
    assert!(
        t.contains("In Customers · you are Owner") && !t.contains("Namesake"),
        "{t}"
    );
}
