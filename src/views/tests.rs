//! Every screen rendered straight from data, no HTTP and no database: one snapshot each, beside
//! the API tests' snapshots of the same cards as served.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::config::PublicUrl;
use crate::domain::contact::{ContactData, ContactForm, Field, FieldErrors, Via};
use crate::domain::role::Role;
use crate::event::Event;
use crate::google::gmail::Participant;
use crate::storage::comments::{CommentView, Mention};
use crate::storage::contacts::{
    ContactSummary, ContactView, Duplicate, HistoryEntry, KnownPerson, LabelChoice, MessagePeople,
};
use crate::storage::labels::{LabelView, Member};
use crate::storage::shares::{GranteeKind, ShareView};
use crate::storage::sync::SyncStatus;
use crate::views::render::Fragment;
use crate::views::{contact, forms, home, label, lists, message, sharing};

fn urls() -> PublicUrl {
    PublicUrl::parse("https://addon.example.com").expect("url")
}

fn paris() -> Event {
    serde_json::from_value(json!({
        "commonEventObject": {"timeZone": {"id": "Europe/Paris", "offset": 3_600_000}}
    }))
    .expect("event")
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn at(hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, hour, 30, 0)
        .single()
        .expect("time")
}

fn value(card: &Fragment) -> Value {
    card.to_value().expect("card JSON")
}

fn customers(role: Role) -> LabelView {
    LabelView {
        id: id(1),
        name: "Customers & Partners".into(),
        role,
        contact_count: 2,
    }
}

fn ann(role: Role, hidden: Vec<Field>) -> ContactView {
    ContactView {
        id: id(10),
        label_id: id(1),
        label_name: "Customers & Partners".into(),
        version: 3,
        data: ContactData {
            name: "Ann <b>Lee</b>".into(),
            emails: vec!["ann@client.test".into()],
            phones: vec!["+44 20 7946 0001".into()],
            organization: "Acme".into(),
            title: String::new(),
            addresses: vec![],
            notes: "Renewal in May".into(),
            custom: vec![],
        },
        hidden,
        role,
        source: Some(("Acme <b>Sales</b>".into(), false)),
        updated_by: "owner@sharebook.test".into(),
        updated_at: at(9),
        deleted_at: None,
    }
}

fn comments() -> Vec<CommentView> {
    vec![
        CommentView {
            id: id(20),
            author: "editor@sharebook.test".into(),
            mine: false,
            is_public: true,
            body: "Call <i>before</i> noon".into(),
            created_at: at(10),
        },
        CommentView {
            id: id(21),
            author: "viewer@sharebook.test".into(),
            mine: true,
            is_public: false,
            body: "Note to self".into(),
            created_at: at(11),
        },
    ]
}

fn summaries() -> Vec<ContactSummary> {
    vec![ContactSummary {
        id: id(10),
        name: "Ann Lee".into(),
        organization: "Acme".into(),
        email: Some("ann@client.test".into()),
    }]
}

#[test]
fn home() {
    let data = home::Home {
        email: "owner@sharebook.test".into(),
        labels: vec![customers(Role::Owner)],
        sync: SyncStatus {
            pending: 2,
            last_error: None,
            last_synced_at: None,
            stopped: vec![customers(Role::Owner).id],
            feeds_paused: vec![(customers(Role::Owner).id, Some(at(7)))],
        },
        admin: true,
    };
    insta::assert_json_snapshot!(value(&home::card(&data, &urls(), &paris()).expect("card")));
}

#[test]
fn label_for_an_editor() {
    let data = label::LabelPage {
        label: customers(Role::Editor),
        contacts: summaries(),
        page: 1,
        sync_off: Some(crate::storage::sync::SyncOff::Chosen),
        held: vec![crate::storage::held::Held {
            id: Uuid::nil(),
            member: "deleter@sharebook.test".into(),
            count: 33,
            held_at: at(8),
            owner_decides: true,
        }],
        import: Some(crate::storage::imports::Progress {
            done: 200,
            total: 25_000,
            finished_at: None,
            failed: None,
        }),
        feed: Some(crate::storage::feeds::FeedBadge {
            account_name: "Acme <b>Sales</b>".into(),
            state: crate::storage::feeds::FeedState::Live,
            import_pages: 3,
            taken: 240,
            last_success_at: Some(at(9)),
        }),
    };
    insta::assert_json_snapshot!(value(&label::card(&data, &urls(), &paris()).expect("card")));
}

#[test]
fn contact_for_a_viewer_with_fields_hidden_and_a_refused_comment() {
    let typed = contact::CommentBox {
        typed: "draft".into(),
        error: Some("Write something first.".into()),
    };
    let card = contact::card(
        &urls(),
        "viewer@sharebook.test",
        &ann(Role::Viewer, vec![Field::Phones, Field::Notes]),
        &[],
        &comments(),
        &paris(),
        &typed,
    )
    .expect("card");
    insta::assert_json_snapshot!(value(&card));
}

#[test]
fn message_with_a_known_and_an_unknown_person() {
    let people = [
        Participant {
            name: Some("Ann Lee".into()),
            email: "ann@client.test".into(),
        },
        Participant {
            name: Some("<a href='https://evil.example'>Bob</a>".into()),
            email: "bob@prospect.test".into(),
        },
    ];
    let found = MessagePeople {
        known: vec![KnownPerson {
            contact: ann(Role::Manager, vec![]),
            comments: comments(),
        }],
        writable: vec![LabelChoice {
            id: id(1),
            name: "Customers & Partners".into(),
            role: Role::Manager,
        }],
        changes: 0,
    };
    let card =
        message::card(&urls(), "me@sharebook.test", &people, &found, &paris()).expect("card");
    insta::assert_json_snapshot!(value(&card));
}

#[test]
fn colleagues_are_offered_after_outside_people() {
    let person = |email: &str| Participant {
        name: None,
        email: email.into(),
    };
    // A colleague first on the email, then two outside people.
    let people = [
        person("kim@sharebook.test"),
        person("zoe@client.test"),
        person("al@prospect.test"),
    ];
    let found = MessagePeople {
        known: vec![],
        writable: vec![LabelChoice {
            id: id(1),
            name: "Customers".into(),
            role: Role::Editor,
        }],
        changes: 0,
    };
    let card = value(
        &message::card(&urls(), "Me@Sharebook.test", &people, &found, &paris()).expect("card"),
    );
    let text = card.to_string();
    let at = |email: &str| text.find(email).expect(email);
    assert!(at("zoe@client.test") < at("al@prospect.test"));
    assert!(at("al@prospect.test") < at("kim@sharebook.test"));
}

#[test]
fn sharing_as_a_manager_with_a_refused_address() {
    let list = vec![
        ShareView {
            id: id(30),
            label_id: id(1),
            kind: GranteeKind::User,
            grantee: "viewer@sharebook.test".into(),
            role: Role::Viewer,
            pending: true,
        },
        ShareView {
            id: id(31),
            label_id: id(1),
            kind: GranteeKind::Domain,
            grantee: "sharebook.test".into(),
            role: Role::Editor,
            pending: false,
        },
    ];
    let typed = sharing::Typed {
        grantee: "not an address",
        kind: "user",
        role: "editor",
        error: Some("“not an address” is not an email address.".into()),
    };
    let card = sharing::card(&urls(), &customers(Role::Manager), &list, &typed).expect("card");
    insta::assert_json_snapshot!(value(&card));
}

#[test]
fn one_share_as_the_owner() {
    let share = ShareView {
        id: id(30),
        label_id: id(1),
        kind: GranteeKind::User,
        grantee: "viewer@sharebook.test".into(),
        role: Role::Viewer,
        pending: false,
    };
    let hidden = vec!["notes".to_owned()];
    let card = sharing::share_form(
        &urls(),
        &share,
        &customers(Role::Owner),
        Some(&hidden),
        None,
    )
    .expect("card");
    insta::assert_json_snapshot!(value(&card));
}

#[test]
fn forms() {
    let mut typed = ContactForm::default();
    typed.values.insert(Field::Name, "Ann".into());
    typed.values.insert(Field::Emails, "not-an-address".into());
    let mut errors = FieldErrors::new();
    errors.insert(
        Field::Emails,
        "“not-an-address” is not an email address.".into(),
    );
    let target = forms::create_target(&urls(), "Customers & Partners", id(1));
    let contact_form = forms::contact_form(
        &urls(),
        &target,
        &typed,
        &[],
        &forms::Messages {
            errors,
            ..Default::default()
        },
    )
    .expect("form");
    let duplicate = forms::contact_form(
        &urls(),
        &target,
        &typed,
        &[],
        &forms::Messages {
            duplicates: vec![Duplicate {
                id: id(10),
                name: "Ann Lee".into(),
                by_email: true,
            }],
            ..Default::default()
        },
    )
    .expect("form");
    let label_form =
        forms::label_form(&urls(), "", Some("Enter a name for the label.")).expect("form");
    let comment_form = forms::comment_form(&urls(), id(20), "typed", None).expect("form");
    let members = [Member {
        user_id: id(40),
        email: "manager@sharebook.test".into(),
    }];
    let settings = forms::settings(
        &urls(),
        &customers(Role::Owner),
        &members,
        "Customers",
        None,
    )
    .expect("form");
    let confirm = forms::confirm_delete(&urls(), &customers(Role::Owner)).expect("form");
    insta::assert_json_snapshot!(json!({
        "contact": value(&contact_form),
        "contact_duplicate": value(&duplicate),
        "label": value(&label_form),
        "comment": value(&comment_form),
        "settings": value(&settings),
        "confirm_delete": value(&confirm),
    }));
}

#[test]
fn lists() {
    let event = paris();
    let search =
        lists::search(&urls(), "ann", 0, &lists::Search::Found(summaries())).expect("list");
    let refused = lists::search(
        &urls(),
        "a",
        0,
        &lists::Search::Refused("Type at least two characters.".into()),
    )
    .expect("list");
    let mentions = lists::mentions(
        &urls(),
        "viewer@sharebook.test",
        &[Mention {
            contact_id: id(10),
            contact_name: "Ann Lee".into(),
            author: "editor@sharebook.test".into(),
            body: "@viewer@sharebook.test can you call?".into(),
            created_at: at(12),
        }],
        &event,
    )
    .expect("list");
    let history = lists::history(
        "editor@sharebook.test",
        &ann(Role::Owner, vec![]),
        &[
            HistoryEntry {
                version: 3,
                action: "clash".into(),
                changes: vec![(Field::Phones, "+44 1".into(), "+33 1".into())],
                changed_by: "editor@sharebook.test".into(),
                changed_at: at(10),
                via: Via::GoogleContacts,
            },
            HistoryEntry {
                version: 3,
                action: "edit".into(),
                changes: vec![(Field::Phones, "".into(), "+44 1".into())],
                changed_by: "editor@sharebook.test".into(),
                changed_at: at(10),
                via: Via::GoogleContacts,
            },
            HistoryEntry {
                version: 2,
                action: "edit".into(),
                changes: vec![(Field::Organization, "Acme Ltd".into(), "Acme".into())],
                changed_by: "owner@sharebook.test".into(),
                changed_at: at(9),
                via: Via::SidePanel,
            },
        ],
        &event,
    )
    .expect("list");
    let deleted =
        lists::deleted_contacts(&urls(), &customers(Role::Deleter), &summaries()).expect("list");
    let notice = lists::deleted_notice(&urls(), &ann(Role::Deleter, vec![])).expect("list");
    let compose = lists::compose(&urls(), &[customers(Role::Viewer)]).expect("list");
    insta::assert_json_snapshot!(json!({
        "search": value(&search),
        "search_refused": value(&refused),
        "mentions": value(&mentions),
        "history": value(&history),
        "deleted": value(&deleted),
        "deleted_notice": value(&notice),
        "compose": value(&compose),
    }));
}
