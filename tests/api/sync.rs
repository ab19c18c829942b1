//! The sync into members' Google Contacts, end to end: the side panel changes things, a real
//! worker syncs them into the People API stand-in, and each member's Google-side state is compared
//! with what Sharebook shows that member (its own read path, hidden fields blanked).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde_json::Value;
use sharebook::domain::principal::Principal;
use sharebook::storage::{contacts, labels};
use sharebook::sync::SyncConfig;
use sharebook_dev::sandbox::directory::MemberType;
use sharebook_dev::sandbox::host::Interaction;
use sharebook_dev::sandbox::people::Fault;
use uuid::Uuid;

use crate::helpers::{OWNER, TestApp, card_of, confirmed, form, param, spawn_app, texts};

pub(crate) const EDITOR: &str = "editor@sharebook.test";
pub(crate) const VIEWER: &str = "viewer@sharebook.test";
pub(crate) const GROUPIE: &str = "groupie@sharebook.test";
pub(crate) const TEAM: &str = "team@sharebook.test";

pub(crate) fn sync_config() -> SyncConfig {
    let mut c = SyncConfig::from_lookup(|_| None).unwrap();
    c.settings.lease = Duration::from_secs(3);
    c.settings.sweep = Duration::from_millis(300);
    c.settings.retry_base = Duration::from_millis(20);
    c.settings.retry_max = Duration::from_millis(200);
    c.settings.concurrency = 4;
    c.settings.read.active = Duration::from_millis(250);
    c.settings.read.idle = Duration::from_millis(250);
    c.people_timeout = Duration::from_secs(2);
    c.quotas.limits.clear();
    c
}

/// One Google contact reduced to what Sharebook writes, for comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Card {
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    organization: String,
    title: String,
    addresses: Vec<String>,
    notes: String,
    custom: Vec<(String, String)>,
}

fn strings(person: &Value, field: &str, key: &str) -> Vec<String> {
    person[field]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v[key].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// What Sharebook holds for a Google contact: its fields, made acceptable as Sharebook takes a
/// contact typed elsewhere (an adopted contact without a name keeps none in Google Contacts).
pub(crate) fn card_from_person(p: &Value) -> Card {
    let card = raw_card(p);
    let data = sharebook::domain::contact::ContactData {
        name: card.name,
        emails: card.emails,
        phones: card.phones,
        organization: card.organization,
        title: card.title,
        addresses: card.addresses,
        notes: card.notes,
        custom: card.custom,
    }
    .acceptable();
    Card {
        name: data.name,
        emails: data.emails,
        phones: data.phones,
        organization: data.organization,
        title: data.title,
        addresses: data.addresses,
        notes: data.notes,
        custom: data.custom,
    }
}

fn raw_card(p: &Value) -> Card {
    Card {
        name: p["names"][0]["unstructuredName"]
            .as_str()
            .or(p["names"][0]["displayName"].as_str())
            .unwrap_or_default()
            .to_owned(),
        emails: strings(p, "emailAddresses", "value"),
        phones: strings(p, "phoneNumbers", "value"),
        organization: p["organizations"][0]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        title: p["organizations"][0]["title"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        addresses: strings(p, "addresses", "formattedValue"),
        notes: p["biographies"][0]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        custom: p["userDefined"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|u| {
                        (
                            u["key"].as_str().unwrap_or_default().to_owned(),
                            u["value"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub(crate) fn is_ours(item: &Value) -> bool {
    item["clientData"].as_array().is_some_and(|a| {
        a.iter().any(|c| {
            c["key"]
                .as_str()
                .is_some_and(|k| k.starts_with("sharebook"))
        })
    })
}

pub(crate) type Side = BTreeMap<String, (String, Vec<Card>)>;

pub(crate) fn marker(item: &Value, key: &str) -> Option<String> {
    item["clientData"]
        .as_array()?
        .iter()
        .find(|c| c["key"] == key)
        .and_then(|c| c["value"].as_str().map(str::to_owned))
}

/// What Google holds for `email`, from Sharebook: label id → (group name, contacts in it).
pub(crate) fn google_side(app: &TestApp, email: &str) -> Side {
    let snap = app.stand_ins.people.snapshot(email);
    // resource name → label id
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    let mut out: Side = BTreeMap::new();
    for g in snap.groups.iter().filter(|g| is_ours(g)) {
        let label = marker(g, "sharebook.label").expect("our group names its label");
        groups.insert(
            g["resourceName"].as_str().unwrap().to_owned(),
            label.clone(),
        );
        let previous = out.insert(label, (g["name"].as_str().unwrap().to_owned(), Vec::new()));
        assert!(previous.is_none(), "{email}: two groups for one label");
    }
    for p in snap.people.iter().filter(|p| is_ours(p)) {
        let memberships: Vec<&str> = p["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["contactGroupMembership"]["contactGroupResourceName"].as_str())
            .collect();
        let mut placed = false;
        for m in memberships {
            if let Some(label) = groups.get(m) {
                out.get_mut(label).unwrap().1.push(card_from_person(p));
                placed = true;
            }
        }
        assert!(
            placed,
            "{email}: one of our contacts is in none of our groups: {p}"
        );
    }
    for (_, cards) in out.values_mut() {
        cards.sort();
    }
    let ours: Vec<Card> = snap
        .people
        .iter()
        .filter(|p| is_ours(p))
        .map(raw_card)
        .collect();
    for (i, a) in ours.iter().enumerate() {
        for b in &ours[i + 1..] {
            assert!(
                !same_person(a, b),
                "{email}: two Google contacts for one person: {a:?} and {b:?}"
            );
        }
    }
    out
}

fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// The sync's rule for one person, written here on its own: an address in common, or a phone
/// number (six digits or more) in common when neither has an address.
fn same_person(a: &Card, b: &Card) -> bool {
    if a.emails.is_empty() && b.emails.is_empty() {
        return a.phones.iter().any(|p| {
            let d = digits(p);
            d.len() >= 6 && b.phones.iter().any(|q| digits(q) == d)
        });
    }
    a.emails
        .iter()
        .any(|e| b.emails.iter().any(|f| e.eq_ignore_ascii_case(f)))
}

/// One person's cards as one: lists joined without repeats, single values from the first card
/// that has one (`cards` from the label the member has had longest).
fn merged_card(cards: &[&Card]) -> Card {
    let mut m = cards[0].clone();
    for c in &cards[1..] {
        for e in &c.emails {
            if !m.emails.iter().any(|x| x.eq_ignore_ascii_case(e)) {
                m.emails.push(e.clone());
            }
        }
        for p in &c.phones {
            if !m.phones.iter().any(|x| digits(x) == digits(p)) {
                m.phones.push(p.clone());
            }
        }
        for a in &c.addresses {
            if !m
                .addresses
                .iter()
                .any(|x| x.to_lowercase() == a.to_lowercase())
            {
                m.addresses.push(a.clone());
            }
        }
        for kv in &c.custom {
            if !m.custom.contains(kv) {
                m.custom.push(kv.clone());
            }
        }
        for (mine, theirs) in [
            (&mut m.name, &c.name),
            (&mut m.organization, &c.organization),
            (&mut m.title, &c.title),
            (&mut m.notes, &c.notes),
        ] {
            if mine.is_empty() {
                mine.clone_from(theirs);
            }
        }
    }
    m
}

/// Where a contact stands for a member: since when they have had its label, the label, the contact.
type Place = (Option<chrono::DateTime<chrono::Utc>>, Uuid, Uuid);

/// What Sharebook shows `email`: every label they see (minus those they stopped syncing), with
/// every live contact as they see it.
pub(crate) async fn sharebook_side(app: &TestApp, email: &str) -> Side {
    let client = app.pool.get().await.unwrap();
    let Some(row) = client
        .query_opt("SELECT id FROM users WHERE email = $1", &[&email])
        .await
        .unwrap()
    else {
        return BTreeMap::new();
    };
    let user_id: Uuid = row.get(0);
    // The fixture's one group share.
    let groups: Vec<String> = if email == GROUPIE {
        vec![TEAM.to_owned()]
    } else {
        Vec::new()
    };
    let who = Principal {
        user_id,
        email: email.to_owned(),
        domain: Some("sharebook.test".into()),
        groups,
    };
    // (since, label, contact) → card; label → (name, contacts).
    let mut all: Vec<(Place, Card)> = Vec::new();
    let mut names: BTreeMap<String, (String, Vec<Uuid>)> = BTreeMap::new();
    for label in labels::list_labels_for_user(&client, &who, 1000)
        .await
        .unwrap()
    {
        let opted_out: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM sync_opt_outs WHERE user_id = $1 AND label_id = $2)",
                &[&user_id, &label.id],
            )
            .await
            .unwrap()
            .get(0);
        if opted_out {
            continue;
        }
        let since: Option<chrono::DateTime<chrono::Utc>> = client
            .query_opt(
                "SELECT since FROM sync_targets WHERE user_id = $1 AND label_id = $2",
                &[&user_id, &label.id],
            )
            .await
            .unwrap()
            .map(|r| r.get(0));
        let mut ids = Vec::new();
        for c in contacts::list_contacts(&client, label.id, &who, 0, 10_000)
            .await
            .unwrap()
        {
            let v = contacts::get_contact(&client, c.id, &who)
                .await
                .unwrap()
                .unwrap();
            let d = v.data;
            all.push((
                (since, label.id, c.id),
                Card {
                    name: d.name,
                    emails: d.emails,
                    phones: d.phones,
                    organization: d.organization,
                    title: d.title,
                    addresses: d.addresses,
                    notes: d.notes,
                    custom: d.custom,
                },
            ));
            ids.push(c.id);
        }
        names.insert(label.id.to_string(), (label.name, ids));
    }
    // One person across the member's labels is one Google contact: group them (transitively)
    // and merge, from the label held longest.
    all.sort_by_key(|(place, _)| (place.0.is_none(), *place));
    let mut person: Vec<usize> = (0..all.len()).collect();
    fn root(person: &mut [usize], mut i: usize) -> usize {
        while person[i] != i {
            i = person[i];
        }
        i
    }
    for i in 0..all.len() {
        for j in i + 1..all.len() {
            if same_person(&all[i].1, &all[j].1) {
                let (a, b) = (root(&mut person, i), root(&mut person, j));
                person[b.max(a)] = a.min(b);
            }
        }
    }
    let roots: Vec<usize> = (0..all.len()).map(|i| root(&mut person, i)).collect();
    let mut people: BTreeMap<usize, Vec<&Card>> = BTreeMap::new();
    for (i, r) in roots.iter().enumerate() {
        people.entry(*r).or_default().push(&all[i].1);
    }
    let merged: BTreeMap<usize, Card> = people
        .iter()
        .map(|(r, cards)| (*r, merged_card(cards)))
        .collect();
    let root_of: BTreeMap<Uuid, usize> = all
        .iter()
        .zip(&roots)
        .map(|(((_, _, c), _), r)| (*c, *r))
        .collect();
    let mut out = BTreeMap::new();
    for (label, (name, ids)) in names {
        let persons: BTreeSet<usize> = ids.iter().map(|c| root_of[c]).collect();
        let mut cards: Vec<Card> = persons.iter().map(|r| merged[r].clone()).collect();
        cards.sort();
        out.insert(label, (name, cards));
    }
    out
}

/// Waits until nothing is left to sync (outbox and queue empty, no lease held).
pub(crate) async fn settle(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let busy: i64 = app
            .scalar(
                "SELECT ((SELECT count(*) FROM sync_outbox) + (SELECT count(*) FROM sync_pending)
                 + (SELECT count(*) FROM sync_members WHERE lease_owner IS NOT NULL))::text",
            )
            .await
            .parse()
            .unwrap();
        if busy == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "sync did not settle: {busy} left"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn assert_in_step(app: &TestApp, members: &[&str]) {
    for email in members {
        let expected = sharebook_side(app, email).await;
        let mut actual = google_side(app, email);
        // A group name the member already used gets a suffix: " (Sharebook)".
        for (label, (name, _)) in actual.iter_mut() {
            if let Some((wanted, _)) = expected.get(label)
                && name.starts_with(&format!("{wanted} (Sharebook"))
            {
                name.clone_from(wanted);
            }
        }
        assert_eq!(
            actual, expected,
            "{email}'s Google Contacts differ from Sharebook"
        );
        assert!(
            app.stand_ins.people.max_concurrent_mutations(email) <= 1,
            "{email}: People API writes overlapped"
        );
    }
}

pub(crate) fn contact_form(mut i: Interaction, pairs: &[(&str, &str)]) -> Interaction {
    for (k, v) in pairs {
        i.form_inputs
            .insert(format!("contact_{k}"), vec![(*v).into()]);
    }
    i
}

pub(crate) async fn create_label(app: &TestApp, name: &str) -> String {
    app.invoke("/addon/labels/create", OWNER, form("label_name", name))
        .await;
    app.scalar(&format!(
        "SELECT id::text FROM labels WHERE name = '{name}'"
    ))
    .await
}

pub(crate) async fn add_contact(app: &TestApp, label: &str, n: usize) -> String {
    let name = format!("Person {n:03}");
    let email = format!("person{n}@client.test");
    let phone = format!("+44 20 7946 {n:04}");
    let (_, body) = app
        .invoke(
            "/addon/contacts/create",
            OWNER,
            contact_form(
                param("label_id", label),
                &[
                    ("name", &name),
                    ("emails", &email),
                    ("phones", &phone),
                    ("organization", "Client Ltd"),
                    ("notes", "Met at the fair"),
                ],
            ),
        )
        .await;
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"], "Contact added",
        "{body}"
    );
    app.scalar(&format!(
        "SELECT id::text FROM contacts WHERE name = '{name}'"
    ))
    .await
}

pub(crate) async fn share(app: &TestApp, label: &str, grantee: &str, kind: &str, role: &str) {
    let mut i = param("label_id", label);
    for (k, v) in [
        ("share_grantee", grantee),
        ("share_kind", kind),
        ("share_role", role),
    ] {
        i.form_inputs.insert(k.into(), vec![v.into()]);
    }
    let (status, body) = app.invoke("/addon/shares/create", OWNER, i).await;
    assert_eq!(status, 200, "{body}");
}

pub(crate) async fn edit(app: &TestApp, as_user: &str, contact: &str, pairs: &[(&str, &str)]) {
    let version = app
        .scalar(&format!(
            "SELECT version::text FROM contacts WHERE id = '{contact}'"
        ))
        .await;
    let name = app
        .scalar(&format!("SELECT name FROM contacts WHERE id = '{contact}'"))
        .await;
    let mut i = param("contact_id", contact);
    i.parameters.insert("version".into(), version);
    let mut all = vec![("name", name.as_str())];
    all.extend_from_slice(pairs);
    let (_, body) = app
        .invoke("/addon/contacts/save", as_user, contact_form(i, &all))
        .await;
    assert!(texts(card_of(&body)).contains(pairs[0].1), "{body}");
}

/// The owner's label with three contacts, shared with an editor directly, a viewer from whom
/// emails are hidden, and a group; every member has used the add-on once.
pub(crate) async fn shared_label(app: &TestApp) -> (String, Vec<String>) {
    for email in [OWNER, EDITOR, VIEWER, GROUPIE] {
        app.home(email).await;
    }
    app.stand_ins
        .directory
        .add_member(TEAM, GROUPIE, MemberType::User);
    let label = create_label(app, "Customers").await;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(add_contact(app, &label, n).await);
    }
    share(app, &label, EDITOR, "user", "editor").await;
    share(app, &label, VIEWER, "user", "viewer").await;
    share(app, &label, TEAM, "group", "viewer").await;
    hide(app, &label, VIEWER, &["emails", "notes"]).await;
    (label, ids)
}

/// Hides `fields` of `label` from `who`, a viewer there.
pub(crate) async fn hide(app: &TestApp, label: &str, who: &str, fields: &[&str]) {
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{who}' AND label_id = '{label}'"
        ))
        .await;
    let mut i = param("share_id", &share_id);
    i.form_inputs
        .insert("share_role".into(), vec!["viewer".into()]);
    i.form_inputs.insert(
        "hidden_fields".into(),
        fields.iter().map(|f| (*f).to_owned()).collect(),
    );
    app.invoke("/addon/shares/update", OWNER, i).await;
}

pub(crate) const EVERYONE: [&str; 4] = [OWNER, EDITOR, VIEWER, GROUPIE];

#[tokio::test]
async fn every_member_gets_the_label_minus_hidden_fields_and_follows_every_change() {
    let app = spawn_app().await;
    // The viewer's own contact and group: Sharebook must never touch them.
    let people = &app.stand_ins.people;
    let own_group = people.create_group_as_user(VIEWER, "Customers").unwrap();
    let own = people
        .create_as_user(
            VIEWER,
            &serde_json::json!({
                "names": [{ "unstructuredName": "My Dentist" }],
                "memberships": [{ "contactGroupMembership": { "contactGroupResourceName": own_group } }],
            }),
        )
        .unwrap();
    let own_before = people.snapshot(VIEWER);
    let (label, ids) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    let viewer = google_side(&app, VIEWER);
    assert_eq!(viewer.len(), 1, "{viewer:?}");
    let (group_name, cards) = viewer.values().next().unwrap();
    // The viewer has a group of their own called Customers: ours is told apart.
    assert_eq!(group_name, "Customers (Sharebook)");
    assert!(
        cards
            .iter()
            .all(|c| c.emails.is_empty() && c.notes.is_empty())
    );
    assert!(cards.iter().all(|c| !c.phones.is_empty()));

    // Edit, delete, restore, rename, add, and a revoke: each lands.
    edit(&app, EDITOR, &ids[0], &[("title", "Buyer")]).await;
    app.invoke(
        "/addon/contacts/delete",
        EDITOR,
        param("contact_id", &ids[1]),
    )
    .await;
    let extra = add_contact(&app, &label, 7).await;
    let mut rename = param("label_id", &label);
    rename
        .form_inputs
        .insert("label_name".into(), vec!["Key customers".into()]);
    app.invoke("/addon/labels/rename", OWNER, rename).await;
    settle(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    assert!(
        google_side(&app, EDITOR)
            .values()
            .any(|(n, _)| n == "Key customers")
    );
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{EDITOR}'"
        ))
        .await;
    app.invoke(
        "/addon/shares/revoke",
        OWNER,
        confirmed(param("share_id", &share_id)),
    )
    .await;
    app.invoke(
        "/addon/contacts/restore",
        OWNER,
        param("contact_id", &ids[1]),
    )
    .await;
    settle(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    assert!(
        google_side(&app, EDITOR).is_empty(),
        "a revoked member keeps nothing of ours"
    );
    assert_eq!(
        app.stand_ins.people.snapshot(EDITOR).people.len(),
        0,
        "and nothing else was created"
    );
    let _ = extra;

    // Deleting the label removes it everywhere; the viewer's own contact and group remain.
    let mut delete = param("label_id", &label);
    delete.parameters.insert("confirm".into(), "yes".into());
    app.invoke("/addon/labels/delete", OWNER, delete).await;
    settle(&app).await;
    for email in EVERYONE {
        assert!(google_side(&app, email).is_empty(), "{email}");
    }
    let after = people.snapshot(VIEWER);
    for (resource, before_list, after_list) in [
        (&own, &own_before.people, &after.people),
        (&own_group, &own_before.groups, &after.groups),
    ] {
        let find = |list: &Vec<Value>| {
            list.iter()
                .find(|x| x["resourceName"] == resource.as_str())
                .map(|x| x["etag"].clone())
        };
        assert!(
            find(after_list).is_some(),
            "the viewer's own {resource} is gone"
        );
        if resource == &own {
            assert_eq!(
                find(before_list),
                find(after_list),
                "the viewer's own contact changed"
            );
        }
    }
    worker.abort();
}

#[tokio::test]
async fn one_edit_is_one_write_per_member() {
    let app = spawn_app().await;
    let (_, ids) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let before: Vec<usize> = EVERYONE
        .iter()
        .map(|e| app.stand_ins.people.write_calls(e))
        .collect();
    edit(&app, OWNER, &ids[2], &[("phones", "+1 555 0100")]).await;
    settle(&app).await;
    for (email, before) in EVERYONE.iter().zip(before) {
        assert_eq!(
            app.stand_ins.people.write_calls(email),
            before + 1,
            "{email}: one edit, one write"
        );
    }
    assert_in_step(&app, &EVERYONE).await;
    worker.abort();
}

#[tokio::test]
async fn faults_and_killed_workers_still_converge_without_duplicates() {
    let app = spawn_app().await;
    let (label, ids) = shared_label(&app).await;
    for n in 10..40 {
        add_contact(&app, &label, n).await;
    }
    let people = &app.stand_ins.people;
    people.set_delay(Duration::from_millis(5));
    for email in EVERYONE {
        people.inject_for(email, Fault::Status(503));
        people.inject_for(
            email,
            Fault::Timeout {
                wait: Duration::from_secs(3),
                after_apply: true,
            },
        );
        people.inject_for(email, Fault::Drop);
        people.inject_for(email, Fault::DropAfterApply);
    }
    // Kill workers mid-flight, again and again, then let one finish.
    for round in 0..6 {
        let worker = app.start_worker(&sync_config());
        tokio::time::sleep(Duration::from_millis(40 + 30 * round)).await;
        worker.abort();
        // A killed worker's lease has to lapse before another takes the member.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let worker = app.start_worker(&sync_config());
    // Someone edits our copy on their phone meanwhile: the next update meets a stale etag.
    settle(&app).await;
    people.inject_for(EDITOR, Fault::StaleEtag);
    edit(&app, OWNER, &ids[0], &[("title", "Chief buyer")]).await;
    settle(&app).await;
    assert_in_step(&app, &EVERYONE).await;
    for email in EVERYONE {
        let snap = people.snapshot(email);
        let markers: Vec<String> =
            snap.people
                .iter()
                .filter_map(|p| {
                    p["clientData"].as_array()?.iter().find_map(|c| {
                        (c["key"] == "sharebook.contact").then(|| c["value"].to_string())
                    })
                })
                .collect();
        let unique: BTreeSet<&String> = markers.iter().collect();
        assert_eq!(
            markers.len(),
            unique.len(),
            "{email} has a duplicate contact"
        );
    }
    worker.abort();
}

#[tokio::test]
async fn a_member_who_stops_syncing_loses_the_label_and_can_have_it_back() {
    let app = spawn_app().await;
    let (label, _) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    let mut off = param("label_id", &label);
    off.parameters.insert("sync".into(), "off".into());
    let (_, body) = app.invoke("/addon/labels/sync", VIEWER, off).await;
    assert!(
        texts(card_of(&body)).contains("Sync to my Google Contacts"),
        "{body}"
    );
    settle(&app).await;
    assert!(google_side(&app, VIEWER).is_empty());
    assert_in_step(&app, &EVERYONE).await;
    let mut on = param("label_id", &label);
    on.parameters.insert("sync".into(), "on".into());
    app.invoke("/addon/labels/sync", VIEWER, on).await;
    settle(&app).await;
    assert_eq!(google_side(&app, VIEWER).len(), 1);
    assert_in_step(&app, &EVERYONE).await;
    worker.abort();
}

#[tokio::test]
async fn quotas_are_respected_and_the_homepage_and_metrics_tell_the_state() {
    let app = spawn_app().await;
    app.home(OWNER).await;
    let label = create_label(&app, "Big").await;
    let client = app.pool.get().await.unwrap();
    // 450 contacts: three batch creates.
    client
        .execute(
            "INSERT INTO contacts (id, label_id, name, emails, created_by, updated_by)
             SELECT gen_random_uuid(), $1::text::uuid, 'Bulk ' || n, ARRAY['bulk' || n || '@x.test'],
                    l.owner_id, l.owner_id
             FROM generate_series(1, 450) n, labels l WHERE l.id = $1::text::uuid",
            &[&label],
        )
        .await
        .unwrap();
    let home = app.home(OWNER).await;
    assert!(texts(&home).contains("changes on their way") || texts(&home).contains("In step"));
    let people = &app.stand_ins.people;
    let window = Duration::from_secs(2);
    people.set_quota_window(window);
    people.set_quota(
        sharebook_dev::sandbox::people::QuotaBucket::CriticalWrite,
        Some(12),
    );
    let mut config = sync_config();
    config.quotas.window = window;
    config
        .quotas
        .limits
        .insert(sharebook::google::people::QuotaBucket::CriticalWrites, 12);
    let started = Instant::now();
    let worker = app.start_worker(&config);
    settle(&app).await;
    // 3 batches of 6 units with 12 per 2 s: the third waits for the window.
    assert!(
        started.elapsed() >= Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    let refused = people
        .calls(OWNER)
        .iter()
        .filter(|c| c.status == 429)
        .count();
    assert_eq!(refused, 0, "the worker paced itself under the quota");
    assert_in_step(&app, &[OWNER]).await;
    let home = app.home(OWNER).await;
    assert!(texts(&home).contains("In step"), "{home}");
    let metrics = reqwest::get(app.public_url.url_for("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("sharebook_sync_pending 0"), "{metrics}");
    worker.abort();
}

#[tokio::test]
async fn group_members_from_another_domain_get_nothing_as_in_the_side_panel() {
    let app = spawn_app().await;
    let partner = "someone@partner.test";
    app.home(partner).await;
    app.stand_ins
        .directory
        .add_member(TEAM, partner, MemberType::User);
    let (label, _) = shared_label(&app).await;
    let worker = app.start_worker(&sync_config());
    settle(&app).await;
    // The side panel does not show them the label (their groups are looked up in their domain)...
    let (_, body) = app
        .invoke("/addon/labels/open", partner, param("label_id", &label))
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available", "{body}");
    // ...and the sync does not put it in their Google Contacts either.
    assert!(google_side(&app, partner).is_empty());
    assert!(app.stand_ins.people.snapshot(partner).people.is_empty());
    assert_in_step(&app, &EVERYONE).await;
    worker.abort();
}
