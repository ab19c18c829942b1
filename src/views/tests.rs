//! Every screen rendered straight from data, no HTTP and no database: one snapshot of them all
//! per language, beside the API tests' snapshots of the same cards as served, and a check that a
//! card in Italian holds no English left over.

use chrono::{TimeZone, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::config::PublicUrl;
use crate::domain::contact::{ContactData, ContactForm, Field, FieldErrors, Via};
use crate::domain::message::Msg;
use crate::domain::role::Role;
use crate::google::gmail::Participant;
use crate::i18n::{Lang, Ui};
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

/// A user in Paris reading `lang`.
fn paris(lang: Lang) -> Ui {
    Ui::new(Some(lang.code()), 3_600_000)
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

fn import_view(state: &str, mine: bool) -> crate::storage::file_imports::ImportView {
    crate::storage::file_imports::ImportView {
        id: id(9),
        label_id: id(1),
        label_name: "Customers & Partners".into(),
        mine,
        importer: "editor@sharebook.test".into(),
        file_name: "fair <2026>.csv".into(),
        format: crate::files::Format::Google,
        state: state.into(),
        on_match: None,
        total: 25_000,
        done: 1_500,
        created: 24_000,
        updated: 900,
        skipped: 50,
        error: (state == "failed").then(|| "file-import-no-access".into()),
        role: Role::Editor,
    }
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

fn customers_feed() -> crate::storage::feeds::FeedView {
    crate::storage::feeds::FeedView {
        account_name: "Acme <b>Sales</b>".into(),
        account_url: "https://acme.capsulecrm.com".into(),
        account_user: "ann".into(),
        connected_by: "owner@sharebook.test".into(),
        auth: crate::storage::feeds::AuthKind::Token,
        tags: Some(vec!["Customer".into()]),
        state: crate::storage::feeds::FeedState::Paused,
        paused_reason: Some("feed-pause-refused".into()),
        last_run_at: Some(at(8)),
        last_success_at: Some(at(7)),
        due_at: at(9),
        last_error: None,
        import_pages: 2,
        hooks: false,
        taken: 10,
        removed: 1,
        filtered: 3,
        skipped: vec![crate::storage::feeds::SkippedGroup {
            reason: crate::domain::feed::NO_DETAILS.into(),
            count: 3,
            names: vec!["Nulls Ltd".into()],
        }],
        unreadable: 0,
        unreadable_reason: None,
        requests: 120,
    }
}

fn admin_cards(ui: &Ui) -> serde_json::Map<String, Value> {
    use crate::domain::audit::{AuditAction, Origin};
    use crate::domain::policy::{Policy, PolicyForm};
    use crate::storage::admin::{DomainLabel, DomainShare, Person};
    use crate::views::admin;
    let person = Person {
        id: id(50),
        email: "leaver@sharebook.test".into(),
        last_seen: Some(at(6)),
        offboarded_at: None,
        owned: 2,
        shared: 1,
        member_of: 3,
    };
    let label = DomainLabel {
        id: id(1),
        name: "Customers & Partners".into(),
        owner_email: "owner@sharebook.test".into(),
        size: 2,
        shares: 1,
        members: 4,
    };
    let home = admin::AdminHome {
        domain: "sharebook.test".into(),
        record: Some(crate::storage::policies::DomainRecord {
            domain: "sharebook.test".into(),
            first_seen_at: at(5),
            domain_install: Some(true),
            license_checked_at: Some(at(6)),
        }),
        licensing: true,
        form: PolicyForm::of(&Policy::default()),
        error: Some(crate::domain::policy::PolicyError {
            field: "domains",
            message: Msg::new("policy-error-no-domains"),
        }),
        forbidden: vec![(
            DomainShare {
                id: id(30),
                label_name: "Customers & Partners".into(),
                kind: GranteeKind::User,
                grantee: "eve@other.test".into(),
                role: Role::Editor,
            },
            Msg::new("refusal-outside-never").with("home", "sharebook.test"),
        )],
        held: vec![crate::storage::held::HeldForAdmins {
            held: crate::storage::held::Held {
                id: Uuid::nil(),
                member: "deleter@sharebook.test".into(),
                count: 33,
                held_at: at(8),
                owner_decides: false,
            },
            label_id: id(1),
            label_name: "Customers & Partners".into(),
        }],
        departed: vec![(id(50), "leaver@sharebook.test".into(), "account-suspended")],
        directory_note: Some(Msg::new("admin-directory-failed")),
    };
    let entries = [crate::storage::audit::Logged {
        id: 7,
        at: at(10),
        actor_email: "owner@sharebook.test".into(),
        action: AuditAction::ShareAdded,
        label_name: Some("Customers & Partners".into()),
        label_id: Some(id(1)),
        subject: "viewer@sharebook.test".into(),
        detail: "viewer".into(),
        via: Origin::SidePanel,
    }];
    let mut out = serde_json::Map::new();
    let mut put = |name: &str, card: Fragment| {
        out.insert(name.into(), value(&card));
    };
    put("admin", admin::home(&urls(), &home, ui).expect("card"));
    put(
        "admin_revoke",
        admin::confirm_revoke(&urls(), 3, ui).expect("card"),
    );
    put(
        "admin_audit",
        admin::audit(
            &urls(),
            "sharebook.test",
            &admin::AuditTyped::default(),
            Some(&crate::domain::audit::FilterError {
                field: "until",
                message: Msg::new("filter-error-end-before-start"),
            }),
            &entries,
            Some(7),
            ui,
        )
        .expect("card"),
    );
    put(
        "admin_download",
        admin::download("https://addon.example.com/admin/audit.csv?t=x", 5, ui).expect("card"),
    );
    put(
        "admin_people",
        admin::people(
            &urls(),
            "sharebook.test",
            std::slice::from_ref(&person),
            Some("x"),
            ui,
        )
        .expect("card"),
    );
    put(
        "admin_labels",
        admin::labels(
            &urls(),
            "sharebook.test",
            std::slice::from_ref(&label),
            None,
            ui,
        )
        .expect("card"),
    );
    put(
        "admin_person",
        admin::person(
            &urls(),
            "sharebook.test",
            &person,
            &Msg::new("account-suspended"),
            &[label],
            "someone@else.test",
            Some(&Msg::new("error-offboard-outside-domain").with("domain", "sharebook.test")),
            ui,
        )
        .expect("card"),
    );
    put(
        "admin_offboard",
        admin::confirm_offboard(&urls(), &person, "manager@sharebook.test", ui).expect("card"),
    );
    out
}

/// Every card and answer the add-on shows, rendered for `ui`.
fn every_card(ui: &Ui) -> serde_json::Map<String, Value> {
    use crate::views::{feeds, imports};
    let mut out = serde_json::Map::new();
    let mut put = |name: &str, card: Fragment| {
        out.insert(name.into(), value(&card));
    };
    let home = home::Home {
        email: "owner@sharebook.test".into(),
        labels: vec![customers(Role::Owner)],
        sync: SyncStatus {
            pending: 2,
            last_error: Some("People API answered 503".into()),
            last_synced_at: None,
            stopped: vec![customers(Role::Owner).id],
            feeds_paused: vec![(customers(Role::Owner).id, Some(at(7)))],
            imports_waiting: vec![(id(9), "fair <2026>.csv".into())],
        },
        admin: true,
    };
    put("home", home::card(&home, &urls(), ui).expect("card"));
    let empty = home::Home {
        labels: vec![],
        sync: SyncStatus {
            pending: 0,
            last_error: None,
            last_synced_at: Some(at(9)),
            stopped: vec![],
            feeds_paused: vec![],
            imports_waiting: vec![],
        },
        ..home
    };
    put("home_empty", home::card(&empty, &urls(), ui).expect("card"));
    let page = label::LabelPage {
        label: customers(Role::Owner),
        contacts: summaries(),
        page: 1,
        sync_off: Some(crate::storage::sync::SyncOff::GroupDeleted),
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
        files: vec![
            import_view("preview", true),
            import_view("queued", false),
            import_view("done", true),
        ],
        feed: Some(crate::storage::feeds::FeedBadge {
            account_name: "Acme <b>Sales</b>".into(),
            state: crate::storage::feeds::FeedState::Live,
            import_pages: 3,
            taken: 240,
            last_success_at: Some(at(9)),
        }),
    };
    put("label", label::card(&page, &urls(), ui).expect("card"));
    let editor = label::LabelPage {
        label: customers(Role::Editor),
        contacts: vec![],
        page: 0,
        sync_off: Some(crate::storage::sync::SyncOff::Chosen),
        held: vec![],
        import: None,
        feed: None,
        files: vec![import_view("failed", true)],
    };
    put(
        "label_empty",
        label::card(&editor, &urls(), ui).expect("card"),
    );
    put(
        "file_import",
        crate::views::files::import(
            &urls(),
            &customers(Role::Editor),
            "https://addon.example.com/files/upload?t=secret",
            10,
            Some(&import_view("preview", true)),
            ui,
        )
        .expect("card"),
    );
    let preview = crate::storage::file_imports::Preview {
        import: import_view("preview", true),
        new: 24_000,
        matched: 950,
        rejected: 50,
        rejections: vec![
            (
                8,
                Some("emails".into()),
                serde_json::json!({"field": "emails", "id": "error-not-an-email", "args": {"value": "<b>not</b> an address"}}),
            ),
            (
                31,
                None,
                serde_json::json!({"field": null, "id": "file-card-unterminated", "args": {}}),
            ),
            (
                40,
                Some("phones".into()),
                serde_json::json!({"field": "phones", "id": "error-too-many", "args": {"max": 20}}),
            ),
        ],
    };
    put(
        "file_preview",
        crate::views::files::preview(
            &urls(),
            &preview,
            Some(&Msg::new("file-on-match-invalid")),
            ui,
        )
        .expect("card"),
    );
    let pair = crate::storage::merges::Pair {
        a: (id(10), "Ann <b>Lee</b>".into()),
        b: (id(11), "Ann B. Lee".into()),
        by_email: true,
    };
    put(
        "duplicates",
        crate::views::merges::duplicates(&urls(), &customers(Role::Deleter), &[pair], ui)
            .expect("card"),
    );
    put(
        "duplicates_none",
        crate::views::merges::duplicates(&urls(), &customers(Role::Deleter), &[], ui)
            .expect("card"),
    );
    let kept = ann(Role::Deleter, vec![Field::Notes]);
    let mut other = ann(Role::Deleter, vec![Field::Notes]);
    other.id = id(11);
    other.data.name = "Ann B. Lee".into();
    other.data.emails.push("ann@home.test".into());
    let joined = crate::domain::merge::merge(&kept.data, &other.data, |f| ui.t(f.message_id()));
    put(
        "merge_preview",
        crate::views::merges::preview(&urls(), &kept, &other, &joined, ui).expect("card"),
    );
    let mut refused = crate::domain::contact::FieldErrors::new();
    refused.insert(
        Field::Emails,
        Msg::new("error-too-many").with("max", 20usize),
    );
    put(
        "merge_refused",
        crate::views::merges::preview(&urls(), &kept, &other, &Err(refused), ui).expect("card"),
    );
    put(
        "file_export",
        crate::views::files::export(&urls(), &customers(Role::Viewer), ui).expect("card"),
    );
    put(
        "file_download",
        crate::views::files::download(
            &customers(Role::Viewer),
            "https://addon.example.com/files/export?t=secret",
            10,
            ui,
        )
        .expect("card"),
    );
    let typed = contact::CommentBox {
        typed: "draft".into(),
        error: Some(Msg::new("error-comment-empty")),
    };
    let clash = HistoryEntry {
        version: 3,
        action: "clash".into(),
        changes: vec![(Field::Phones, "+44 1".into(), "+33 1".into())],
        changed_by: "editor@sharebook.test".into(),
        changed_at: at(10),
        via: Via::GoogleContacts,
        file: None,
    };
    put(
        "contact",
        contact::card(
            &urls(),
            "viewer@sharebook.test",
            &ann(Role::Viewer, vec![Field::Phones, Field::Notes]),
            &[],
            &comments(),
            ui,
            &typed,
        )
        .expect("card"),
    );
    let mut deleted = ann(Role::Manager, vec![]);
    deleted.deleted_at = Some(at(11));
    put(
        "contact_deleted_with_clash",
        contact::card(
            &urls(),
            "owner@sharebook.test",
            &deleted,
            std::slice::from_ref(&clash),
            &[],
            ui,
            &contact::CommentBox::default(),
        )
        .expect("card"),
    );
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
    put(
        "message",
        message::card(&urls(), "me@sharebook.test", &people, &found, ui).expect("card"),
    );
    put(
        "message_alone",
        message::card(
            &urls(),
            "me@sharebook.test",
            &[],
            &MessagePeople::default(),
            ui,
        )
        .expect("card"),
    );
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
        ShareView {
            id: id(32),
            label_id: id(1),
            kind: GranteeKind::Group,
            grantee: "sales@sharebook.test".into(),
            role: Role::Deleter,
            pending: false,
        },
    ];
    let typed_share = sharing::Typed {
        grantee: "not an address",
        kind: "user",
        role: "editor",
        error: Some(Msg::new("error-not-an-email").with("value", "not an address")),
    };
    put(
        "sharing",
        sharing::card(&urls(), &customers(Role::Manager), &list, &typed_share, ui).expect("card"),
    );
    let hidden = vec!["notes".to_owned()];
    let why = Msg::new("refusal-outside-above-max")
        .with("home", "sharebook.test")
        .with_id("max", "role-viewer");
    put(
        "share",
        sharing::share_form(
            &urls(),
            &list[0],
            &customers(Role::Owner),
            Some(&hidden),
            Some(("editor", &why)),
            ui,
        )
        .expect("card"),
    );
    put(
        "share_revoke",
        sharing::confirm_revoke(&urls(), &list[2], &customers(Role::Owner), ui).expect("card"),
    );
    let mut typed_form = ContactForm::default();
    typed_form.values.insert(Field::Name, "Ann".into());
    typed_form
        .values
        .insert(Field::Emails, "not-an-address".into());
    let mut errors = FieldErrors::new();
    errors.insert(
        Field::Emails,
        Msg::new("error-not-an-email").with("value", "not-an-address"),
    );
    let mut notes = std::collections::BTreeMap::new();
    notes.insert(
        Field::Name,
        Msg::new("form-changed-meanwhile")
            .with("who", "editor@sharebook.test")
            .with_id("value", "form-empty"),
    );
    let target = forms::create_target(&urls(), "Customers & Partners", id(1), ui);
    put(
        "contact_form",
        forms::contact_form(
            &urls(),
            &target,
            &typed_form,
            &[],
            &forms::Messages {
                errors,
                notes,
                ..Default::default()
            },
            ui,
        )
        .expect("form"),
    );
    let edit = forms::edit_target(&urls(), &ann(Role::Editor, vec![]), 3, ui);
    put(
        "contact_form_duplicate",
        forms::contact_form(
            &urls(),
            &edit,
            &typed_form,
            &[Field::Notes],
            &forms::Messages {
                duplicates: vec![Duplicate {
                    id: id(10),
                    name: "Ann Lee".into(),
                    by_email: true,
                }],
                ..Default::default()
            },
            ui,
        )
        .expect("form"),
    );
    put(
        "label_form",
        forms::label_form(&urls(), "", Some(&Msg::new("error-label-name-empty")), ui)
            .expect("form"),
    );
    put(
        "comment_form",
        forms::comment_form(
            &urls(),
            id(20),
            "typed",
            Some(&Msg::new("error-too-long").with("max", 4000usize)),
            ui,
        )
        .expect("form"),
    );
    let members = [Member {
        user_id: id(40),
        email: "manager@sharebook.test".into(),
    }];
    put(
        "settings",
        forms::settings(
            &urls(),
            &customers(Role::Owner),
            &members,
            "Customers",
            Some(&Msg::new("error-label-name-taken").with("name", "Customers")),
            ui,
        )
        .expect("form"),
    );
    put(
        "settings_alone",
        forms::settings(&urls(), &customers(Role::Owner), &[], "Customers", None, ui)
            .expect("form"),
    );
    put(
        "confirm_delete",
        forms::confirm_delete(&urls(), &customers(Role::Owner), ui).expect("form"),
    );
    put(
        "search",
        lists::search(&urls(), "ann", 1, &lists::Search::Found(summaries()), ui).expect("list"),
    );
    put(
        "search_none",
        lists::search(&urls(), "zz", 0, &lists::Search::Found(vec![]), ui).expect("list"),
    );
    put(
        "search_refused",
        lists::search(
            &urls(),
            "a",
            0,
            &lists::Search::Refused(Msg::new("search-too-short")),
            ui,
        )
        .expect("list"),
    );
    put(
        "mentions",
        lists::mentions(
            &urls(),
            "viewer@sharebook.test",
            &[Mention {
                contact_id: id(10),
                contact_name: "Ann Lee".into(),
                author: "editor@sharebook.test".into(),
                body: "@viewer@sharebook.test can you call?".into(),
                created_at: at(12),
            }],
            ui,
        )
        .expect("list"),
    );
    put(
        "mentions_none",
        lists::mentions(&urls(), "viewer@sharebook.test", &[], ui).expect("list"),
    );
    let history = [
        clash,
        HistoryEntry {
            version: 3,
            action: "edit".into(),
            changes: vec![(Field::Phones, "".into(), "+44 1".into())],
            changed_by: "editor@sharebook.test".into(),
            changed_at: at(10),
            via: Via::GoogleContacts,
            file: None,
        },
        HistoryEntry {
            version: 2,
            action: "edit".into(),
            changes: vec![
                (Field::Organization, "Acme Ltd".into(), "Acme".into()),
                (Field::Title, "Buyer".into(), "".into()),
            ],
            changed_by: "owner@sharebook.test".into(),
            changed_at: at(9),
            via: Via::SidePanel,
            file: None,
        },
        HistoryEntry {
            version: 1,
            action: "create".into(),
            changes: vec![],
            changed_by: "owner@sharebook.test".into(),
            changed_at: at(8),
            via: Via::Capsule,
            file: None,
        },
        HistoryEntry {
            version: 4,
            action: "edit".into(),
            changes: vec![(Field::Notes, "".into(), "From the fair".into())],
            changed_by: "editor@sharebook.test".into(),
            changed_at: at(11),
            via: Via::File(id(9)),
            file: Some("fair <2026>.csv".into()),
        },
    ];
    put(
        "history",
        lists::history(
            &urls(),
            "editor@sharebook.test",
            &ann(Role::Owner, vec![]),
            &history,
            &[lists::MergedHistory {
                merge: crate::storage::merges::MergeView {
                    id: id(12),
                    merged_id: id(13),
                    merged_name: "Ann B. <Lee>".into(),
                    undoable: true,
                },
                entries: vec![HistoryEntry {
                    version: 2,
                    action: "delete".into(),
                    changes: vec![],
                    changed_by: "owner@sharebook.test".into(),
                    changed_at: at(12),
                    via: Via::SidePanel,
                    file: None,
                }],
            }],
            ui,
        )
        .expect("list"),
    );
    put(
        "deleted",
        lists::deleted_contacts(&urls(), &customers(Role::Deleter), &summaries(), ui)
            .expect("list"),
    );
    put(
        "deleted_none",
        lists::deleted_contacts(&urls(), &customers(Role::Deleter), &[], ui).expect("list"),
    );
    put(
        "deleted_notice",
        lists::deleted_notice(&urls(), &ann(Role::Deleter, vec![]), ui).expect("list"),
    );
    put(
        "compose",
        lists::compose(&urls(), &[customers(Role::Viewer)], ui).expect("list"),
    );
    put(
        "compose_none",
        lists::compose(&urls(), &[], ui).expect("list"),
    );
    let google = imports::GoogleLabel {
        resource_name: "contactGroups/1".into(),
        name: "Suppliers".into(),
        count: 12,
    };
    put(
        "import_pick",
        imports::pick(&urls(), std::slice::from_ref(&google), ui).expect("card"),
    );
    put(
        "import_pick_none",
        imports::pick(&urls(), &[], ui).expect("card"),
    );
    put(
        "import_confirm",
        imports::confirm(
            &urls(),
            &google,
            Some(&Msg::new("import-name-taken").with("name", "Suppliers")),
            ui,
        )
        .expect("card"),
    );
    let choices = feeds::ConnectChoices {
        oauth_url: Some("https://capsule.example/oauth"),
        keys: true,
        refused: None,
    };
    put(
        "feed_connect",
        feeds::connect_form(
            &urls(),
            id(1),
            "Customers",
            "bad token",
            Some(&Msg::new("feed-error-not-a-token")),
            &choices,
            ui,
        )
        .expect("card"),
    );
    let refused = Msg::new("refusal-feeds-off");
    put(
        "feed_connect_refused",
        feeds::connect_form(
            &urls(),
            id(1),
            "Customers",
            "",
            None,
            &feeds::ConnectChoices {
                oauth_url: None,
                keys: true,
                refused: Some(&refused),
            },
            ui,
        )
        .expect("card"),
    );
    put(
        "feed_no_keys",
        feeds::connect_form(
            &urls(),
            id(1),
            "Customers",
            "",
            None,
            &feeds::ConnectChoices {
                oauth_url: None,
                keys: false,
                refused: None,
            },
            ui,
        )
        .expect("card"),
    );
    put(
        "feed_choose",
        feeds::choose_form(
            &urls(),
            id(1),
            "Acme",
            &["Customer".into(), "Prospect".into()],
            Some(&[]),
            Some(&Msg::new("feed-error-no-tag")),
            ui,
        )
        .expect("card"),
    );
    put(
        "feed",
        feeds::card(&urls(), id(1), "Customers", &customers_feed(), ui).expect("card"),
    );
    put(
        "feed_disconnect",
        feeds::confirm_disconnect(&urls(), id(1), "Acme", ui).expect("card"),
    );
    for (name, error) in [
        ("error_not_found", crate::error::ApiError::NotFound),
        (
            "error_not_allowed",
            crate::error::ApiError::NotAllowed {
                role: Role::Viewer,
                action: crate::domain::permission::Action::EditContact,
            },
        ),
        (
            "error_google",
            crate::error::ApiError::GoogleUnavailable("503".into()),
        ),
        ("error_sign_in", crate::error::ApiError::NoUserIdentity),
        (
            "error_unexpected",
            crate::error::ApiError::Unexpected(anyhow::anyhow!("boom")),
        ),
    ] {
        out.insert(
            name.into(),
            crate::error::card_json(&error, ui, Some("0123456789ab")),
        );
    }
    out.extend(admin_cards(ui));
    out
}

#[test]
fn every_card_in_every_language() {
    for lang in Lang::ALL {
        insta::assert_json_snapshot!(
            format!("cards_{}", lang.code()),
            Value::Object(every_card(&paris(lang)))
        );
    }
}

/// Every text a user reads in `v` (not URLs, widget names or form values), recursively.
fn texts(v: &Value, out: &mut Vec<String>) {
    const READ: [&str; 8] = [
        "text",
        "title",
        "subtitle",
        "header",
        "label",
        "topLabel",
        "bottomLabel",
        "hintText",
    ];
    match v {
        Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::String(s) if READ.contains(&k.as_str()) => out.push(s.clone()),
                    _ => texts(x, out),
                }
            }
        }
        _ => {}
    }
}

/// Whether `phrase` stands in `text` as words (not inside an address such as "a manager@…").
fn says(text: &str, phrase: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "@._-".contains(c));
    text.match_indices(phrase).any(|(at, _)| {
        !part(text.get(..at).and_then(|s| s.chars().last()))
            && !part(text.get(at + phrase.len()..).and_then(|s| s.chars().next()))
    })
}

#[test]
fn no_english_is_left_in_a_card_in_another_language() {
    // The English catalogue's wording, piece by piece: each text between variables, long enough
    // to be a phrase rather than a name every language shares ("CSV", "Editor").
    let english: Vec<String> = crate::i18n::literal_texts(Lang::En)
        .into_iter()
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 8)
        .collect();
    assert!(english.len() > 200, "{}", english.len());
    for lang in [Lang::It, Lang::Fr, Lang::Es, Lang::De] {
        let theirs = crate::i18n::literal_texts(lang);
        let mut shown = Vec::new();
        texts(&Value::Object(every_card(&paris(lang))), &mut shown);
        let shown = shown.join("\n");
        let left: Vec<&String> = english
            .iter()
            // The same words in both (a product name, say) are not a leftover.
            .filter(|t| !theirs.iter().any(|x| x.contains(t.as_str())))
            .filter(|t| says(&shown, t))
            .collect();
        assert!(left.is_empty(), "{lang:?} cards still say {left:?}");
    }
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
        &message::card(
            &urls(),
            "Me@Sharebook.test",
            &people,
            &found,
            &paris(Lang::En),
        )
        .expect("card"),
    );
    let text = card.to_string();
    let at = |email: &str| text.find(email).expect(email);
    assert!(at("zoe@client.test") < at("al@prospect.test"));
    assert!(at("al@prospect.test") < at("kim@sharebook.test"));
}
