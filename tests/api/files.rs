//! Contacts in and out by file: the upload page behind its single-use link, the preview, the
//! background import as the importer, undo, and exports that round-trip and hide what the
//! member may not see.

use serde_json::Value;
use sharebook_dev::sandbox::host::Interaction;

use crate::capsule::find_link;
use crate::helpers::{OWNER, TestApp, card_of, form, param, spawn_app, texts};
use crate::sharing::{contact, label, share, update_share};

const EDITOR: &str = "editor@sharebook.test";
const OTHER_EDITOR: &str = "editor2@sharebook.test";
const VIEWER: &str = "viewer@sharebook.test";
const DELETER: &str = "deleter@sharebook.test";
const STRANGER: &str = "stranger@sharebook.test";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/files/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The upload page's link, as `who` gets it from the label's import card.
async fn upload_link(app: &TestApp, who: &str, label: &str) -> String {
    let (status, body) = app
        .invoke("/addon/files/import", who, param("label_id", label))
        .await;
    assert_eq!(status, 200, "{body}");
    let link = find_link(card_of(&body)).expect("a link to the upload page");
    assert!(link.contains("/files/upload?t="), "{link}");
    link
}

/// Posts the form as a browser does (multipart), with a file and pasted text.
async fn post_form(
    app: &TestApp,
    url: &str,
    file: Option<(&str, &[u8])>,
    pasted: &str,
) -> (u16, String, reqwest::header::HeaderMap) {
    let boundary = "----sharebookTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"pasted\"\r\n\r\n{pasted}\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    let r = app
        .http
        .post(url)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, r.text().await.unwrap(), headers)
}

async fn upload(app: &TestApp, who: &str, label: &str, name: &str, bytes: &[u8]) -> String {
    let link = upload_link(app, who, label).await;
    let (status, page, headers) = post_form(app, &link, Some((name, bytes)), "").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("window.close()"), "{page}");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-"),
        "{csp}"
    );
    app.scalar(&format!(
        "SELECT id::text FROM file_imports WHERE file_name = '{name}' ORDER BY created_at DESC LIMIT 1"
    ))
    .await
}

fn confirm_with(import: &str, on_match: Option<&str>) -> Interaction {
    let mut i = param("import_id", import);
    if let Some(m) = on_match {
        i.form_inputs.insert("on_match".into(), vec![m.into()]);
    }
    i
}

async fn live_contacts(app: &TestApp) -> i64 {
    app.count("contacts WHERE deleted_at IS NULL").await
}

#[tokio::test]
async fn a_google_csv_is_previewed_imported_in_the_background_and_undone() {
    let app = spawn_app().await;
    let l = label(&app).await;
    // Ada is already in the label, with an address the file also has, and nothing else.
    let ada = contact(
        &app,
        &l,
        &[("name", "Ada L."), ("emails", "ADA@engines.example")],
    )
    .await;
    let import = upload(
        &app,
        OWNER,
        &l,
        "google_contacts.csv",
        &fixture("google_contacts.csv"),
    )
    .await;
    // Nothing is written before the user confirms.
    assert_eq!(live_contacts(&app).await, 1);
    let (status, body) = app
        .invoke("/addon/files/preview", OWNER, param("import_id", &import))
        .await;
    assert_eq!(status, 200, "{body}");
    let text = texts(card_of(&body));
    assert!(
        text.contains("4 rows: 2 new, 1 matching a contact already here, 1 rejected"),
        "{text}"
    );
    assert!(text.contains("Line 8 · Email addresses:"), "{text}");
    assert!(text.contains("Fill only their empty fields"), "{text}");
    // Google reloads the add-on when the page closes: the homepage offers the review, and so
    // does the label card.
    let home = app.home(OWNER).await;
    assert!(
        texts(&home).contains("Review the import of google_contacts.csv"),
        "{home}"
    );
    let (_, card) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &l))
        .await;
    assert!(texts(card_of(&card)).contains("Review the import of google_contacts.csv"));
    let (status, body) = app
        .invoke(
            "/addon/files/confirm",
            OWNER,
            confirm_with(&import, Some("fill")),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        texts(card_of(&body)).contains("Importing google_contacts.csv: 0 of 4"),
        "{body}"
    );
    assert_eq!(app.run_imports().await, 1);
    assert_eq!(live_contacts(&app).await, 3);
    // Ada's empty fields were filled; her name, which she had, was kept.
    assert_eq!(
        app.scalar(&format!(
            "SELECT name || '|' || array_to_string(phones, ',') || '|' || title FROM contacts WHERE id = '{ada}'"
        ))
        .await,
        "Ada L.|+44 20 7946 0018|Programmer"
    );
    // History says where each contact came from.
    let jose = app
        .scalar("SELECT id::text FROM contacts WHERE name LIKE 'José%'")
        .await;
    let (_, history) = app
        .invoke("/addon/contacts/history", OWNER, param("contact_id", &jose))
        .await;
    assert!(
        texts(card_of(&history)).contains("Added from google_contacts.csv by you"),
        "{history}"
    );
    let (_, card) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &l))
        .await;
    let text = texts(card_of(&card));
    assert!(
        text.contains("google_contacts.csv imported by owner@sharebook.test: 2 added, 1 updated, 0 left as they were."),
        "{text}"
    );
    // Undo: the added contacts go (restorable), Ada is as she was.
    let (status, body) = app
        .invoke("/addon/files/undo", OWNER, param("import_id", &import))
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        texts(&body).contains("Import undone: 2 contacts removed, one put back as it was."),
        "{body}"
    );
    assert_eq!(live_contacts(&app).await, 1);
    assert_eq!(
        app.scalar(&format!(
            "SELECT name || '|' || array_to_string(phones, ',') || '|' || title FROM contacts WHERE id = '{ada}'"
        ))
        .await,
        "Ada L.||"
    );
    // Undone once: a second undo finds nothing.
    let (_, body) = app
        .invoke("/addon/files/undo", OWNER, param("import_id", &import))
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
}

#[tokio::test]
async fn an_import_cannot_be_undone_once_someone_edited_its_contacts() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let import = upload(&app, OWNER, &l, "outlook.csv", &fixture("outlook.csv")).await;
    app.invoke("/addon/files/confirm", OWNER, confirm_with(&import, None))
        .await;
    app.run_imports().await;
    assert_eq!(live_contacts(&app).await, 2);
    let bob = app
        .scalar("SELECT id::text FROM contacts WHERE name = 'Bob Smith'")
        .await;
    let mut save = param("contact_id", &bob);
    save.parameters.insert("version".into(), "1".into());
    save.form_inputs
        .insert("contact_name".into(), vec!["Robert Smith".into()]);
    let (status, body) = app.invoke("/addon/contacts/save", OWNER, save).await;
    assert_eq!(status, 200, "{body}");
    let before = app.fingerprint().await;
    let (_, body) = app
        .invoke("/addon/files/undo", OWNER, param("import_id", &import))
        .await;
    assert!(
        texts(&body).contains("can no longer be undone: one of its contacts was changed since"),
        "{body}"
    );
    assert_eq!(app.fingerprint().await, before);
}

#[tokio::test]
async fn malformed_files_get_the_form_back_with_why_and_write_nothing() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let link = upload_link(&app, OWNER, &l).await;
    let garbage: Vec<u8> = (0..10 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    type Case<'a> = (Option<(&'a str, &'a [u8])>, &'a str, &'a str);
    let cases: [Case; 5] = [
        (Some(("noise.bin", &garbage)), "", "This is not a text file"),
        (
            Some(("fruit.csv", b"Fruit,Colour\napple,red\n")),
            "",
            "neither a Google CSV",
        ),
        (
            Some(("empty.csv", b"\xef\xbb\xbf\r\n")),
            "",
            "The file is empty.",
        ),
        (None, "", "Choose a file or paste vCards first."),
        (None, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n", ""),
    ];
    let before = app.fingerprint().await;
    for (file, pasted, says) in cases.iter().take(4) {
        let (status, page, _) = post_form(&app, &link, *file, pasted).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains(says), "{says}: {page}");
        assert!(page.contains("<form"), "the form comes back: {page}");
        assert!(!page.contains("<script"), "{page}");
    }
    // Nothing was staged, and the link still works.
    assert_eq!(app.count("file_imports").await, 0);
    assert_eq!(app.fingerprint().await, before);
    let r = app.http.get(&link).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // Too large: refused before it is all read.
    let huge = vec![b'a'; 20 * 1024 * 1024 + 10];
    let (_, page, _) = post_form(&app, &link, Some(("huge.csv", &huge)), "").await;
    assert!(
        page.contains("larger than 20 MB"),
        "{}",
        &page[..page.len().min(2000)]
    );
    // A pasted card cut short is a rejected row, not a refused file.
    let (_, page, _) = post_form(&app, &link, cases[4].0, cases[4].1).await;
    assert!(page.contains("one contact read, 1 rejected"), "{page}");
    // The link is now used up.
    let r = app.http.get(&link).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let (status, page, _) =
        post_form(&app, &link, None, "BEGIN:VCARD\r\nFN:X\r\nEND:VCARD\r\n").await;
    assert_eq!(status, 404, "{page}");
    assert_eq!(app.count("file_imports").await, 1);
}

#[tokio::test]
async fn a_pasted_vcard_is_imported() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let link = upload_link(&app, OWNER, &l).await;
    let apple = String::from_utf8(fixture("apple_contacts.vcf")).unwrap();
    let (status, page, _) = post_form(&app, &link, None, &apple).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("3 contacts read, 1 rejected"), "{page}");
    let import = app.scalar("SELECT id::text FROM file_imports").await;
    app.invoke("/addon/files/confirm", OWNER, confirm_with(&import, None))
        .await;
    app.run_imports().await;
    assert_eq!(
        app.scalar("SELECT string_agg(name, ',' ORDER BY name) FROM contacts")
            .await,
        "Company Without People,Mr. Johnny Q. Appleseed Jr."
    );
}

#[tokio::test]
async fn who_may_import_review_confirm_and_undo() {
    let app = spawn_app().await;
    let l = label(&app).await;
    for (who, role) in [
        (EDITOR, "editor"),
        (OTHER_EDITOR, "editor"),
        (VIEWER, "viewer"),
        (DELETER, "deleter"),
    ] {
        share(&app, OWNER, &l, who, "user", role).await;
    }
    // A viewer may not import; a stranger who knows the id sees nothing.
    for who in [EDITOR, OTHER_EDITOR, VIEWER, DELETER, STRANGER] {
        app.home(who).await;
    }
    let before = app.fingerprint().await;
    for (who, title) in [(VIEWER, "Not allowed"), (STRANGER, "Not available")] {
        let (status, body) = app
            .invoke("/addon/files/import", who, param("label_id", &l))
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(card_of(&body)["header"]["title"], title, "{who}");
    }
    assert_eq!(app.fingerprint().await, before);
    let import = upload(
        &app,
        EDITOR,
        &l,
        "google_legacy.csv",
        &fixture("google_legacy.csv"),
    )
    .await;
    // Only the editor who uploaded it sees the preview and may confirm or cancel it.
    let before = app.fingerprint().await;
    for who in [OWNER, OTHER_EDITOR, VIEWER, DELETER, STRANGER] {
        for path in ["/addon/files/preview", "/addon/files/cancel"] {
            let (_, body) = app.invoke(path, who, param("import_id", &import)).await;
            assert_eq!(
                card_of(&body)["header"]["title"],
                "Not available",
                "{who} {path}"
            );
        }
        let (_, body) = app
            .invoke(
                "/addon/files/confirm",
                who,
                confirm_with(&import, Some("overwrite")),
            )
            .await;
        assert_eq!(card_of(&body)["header"]["title"], "Not available", "{who}");
    }
    assert_eq!(app.fingerprint().await, before);
    // A forged choice is refused next to the choice, and nothing starts.
    let (_, body) = app
        .invoke(
            "/addon/files/confirm",
            EDITOR,
            confirm_with(&import, Some("everything")),
        )
        .await;
    assert!(
        texts(card_of(&body)).contains("Choose what to do with matching contacts."),
        "{body}"
    );
    assert_eq!(app.fingerprint().await, before);
    app.invoke("/addon/files/confirm", EDITOR, confirm_with(&import, None))
        .await;
    app.run_imports().await;
    assert_eq!(live_contacts(&app).await, 2);
    // The contacts were written as the editor.
    assert_eq!(
        app.scalar("SELECT string_agg(DISTINCT u.email, ',') FROM contacts c JOIN users u ON u.id = c.created_by").await,
        EDITOR
    );
    // Another editor, a viewer and a stranger may not undo it; the card offers them nothing.
    let before = app.fingerprint().await;
    for who in [OTHER_EDITOR, VIEWER, STRANGER] {
        let (_, body) = app
            .invoke("/addon/files/undo", who, param("import_id", &import))
            .await;
        assert_eq!(card_of(&body)["header"]["title"], "Not available", "{who}");
    }
    let (_, card) = app
        .invoke("/addon/labels/open", OTHER_EDITOR, param("label_id", &l))
        .await;
    assert!(!texts(card_of(&card)).contains("Undo this import"));
    assert_eq!(app.fingerprint().await, before);
    // A deleter may (undoing deletes what it added).
    let (_, card) = app
        .invoke("/addon/labels/open", DELETER, param("label_id", &l))
        .await;
    assert!(texts(card_of(&card)).contains("Undo this import"));
    let (_, body) = app
        .invoke("/addon/files/undo", DELETER, param("import_id", &import))
        .await;
    assert!(
        texts(&body).contains("Import undone: 2 contacts removed"),
        "{body}"
    );
    assert_eq!(live_contacts(&app).await, 0);
}

#[tokio::test]
async fn a_link_is_bound_to_its_user_and_dies_with_their_access() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let body = share(&app, OWNER, &l, EDITOR, "user", "editor").await;
    assert!(texts(card_of(&body)).contains(EDITOR));
    let link = upload_link(&app, EDITOR, &l).await;
    // The owner takes the editor down to viewer before the file is sent.
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{EDITOR}'"
        ))
        .await;
    update_share(&app, &share_id, "viewer", &[]).await;
    let (status, page, _) =
        post_form(&app, &link, Some(("o.csv", &fixture("outlook.csv"))), "").await;
    assert_eq!(status, 404, "{page}");
    assert!(page.contains("no longer works"), "{page}");
    assert_eq!(app.count("file_imports").await, 0);
    // A forged or missing secret is the same 404.
    for url in [
        link.replace("?t=", "?t=x"),
        app.public_url.url_for("/files/upload"),
        app.public_url.url_for("/files/export?t=nothing"),
    ] {
        assert_eq!(
            app.http.get(&url).send().await.unwrap().status(),
            404,
            "{url}"
        );
    }
    // An expired link too.
    let link = upload_link(&app, OWNER, &l).await;
    app.exec("UPDATE file_links SET expires_at = now() - interval '1 second'")
        .await;
    assert_eq!(app.http.get(&link).send().await.unwrap().status(), 404);
}

/// Exports `label` as `who` in `format`; the downloaded bytes.
async fn export(
    app: &TestApp,
    who: &str,
    label: &str,
    format: &str,
) -> (Vec<u8>, reqwest::header::HeaderMap) {
    let mut i = param("label_id", label);
    i.parameters.insert("format".into(), format.into());
    let (status, body) = app.invoke("/addon/files/export", who, i).await;
    assert_eq!(status, 200, "{body}");
    let link = find_link(card_of(&body)).expect("a download link");
    let r = app.http.get(&link).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let headers = r.headers().clone();
    let bytes = r.bytes().await.unwrap().to_vec();
    // Used once.
    assert_eq!(app.http.get(&link).send().await.unwrap().status(), 404);
    (bytes, headers)
}

/// Every live contact of `label` as text, in name order.
async fn contents(app: &TestApp, label: &str) -> String {
    app.scalar(&format!(
        "SELECT coalesce(string_agg(concat_ws('|', name, array_to_string(emails, ','), array_to_string(phones, ','),
                organization, title, array_to_string(addresses, ';'), notes, custom::text), E'\\n'
                ORDER BY lower(name)), '')
         FROM contacts WHERE label_id = '{label}' AND deleted_at IS NULL"
    ))
    .await
}

#[tokio::test]
async fn exports_round_trip_in_every_format_and_hide_what_the_member_may_not_see() {
    let app = spawn_app().await;
    let l = label(&app).await;
    contact(
        &app,
        &l,
        &[
            ("name", "Zoë Ärger"),
            ("emails", "zoe@client.test\nz@home.test"),
            ("phones", "+49 30 1234567"),
            ("organization", "Kunde, \"GmbH\""),
            ("title", "Einkauf"),
            ("addresses", "Hauptstraße 1\n10115 Berlin"),
            ("notes", "Line one\nline two; three"),
            ("custom", "Kundennummer: 42"),
        ],
    )
    .await;
    contact(&app, &l, &[("name", "Bo"), ("phones", "555 0100")]).await;
    let original = contents(&app, &l).await;
    for format in ["google", "outlook", "vcard"] {
        let (bytes, headers) = export(&app, OWNER, &l, format).await;
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"Customers."),
            "{disposition}"
        );
        app.invoke("/addon/labels/create", OWNER, form("label_name", format))
            .await;
        let copy = app
            .scalar(&format!(
                "SELECT id::text FROM labels WHERE name = '{format}'"
            ))
            .await;
        let name = format!("export.{format}");
        let import = upload(&app, OWNER, &copy, &name, &bytes).await;
        app.invoke("/addon/files/confirm", OWNER, confirm_with(&import, None))
            .await;
        app.run_imports().await;
        assert_eq!(
            contents(&app, &copy).await,
            original,
            "{format}: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    // A viewer from whom phones are hidden exports no phone number.
    share(&app, OWNER, &l, VIEWER, "user", "viewer").await;
    let share_id = app
        .scalar(&format!(
            "SELECT id::text FROM shares WHERE grantee = '{VIEWER}'"
        ))
        .await;
    update_share(&app, &share_id, "viewer", &["phones"]).await;
    for format in ["google", "outlook", "vcard"] {
        let (bytes, _) = export(&app, VIEWER, &l, format).await;
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("zoe@client.test"), "{text}");
        assert!(
            !text.contains("1234567") && !text.contains("0100"),
            "{format}: {text}"
        );
    }
    // A stranger who knows the label's id gets no link.
    let mut i = param("label_id", &l);
    i.parameters.insert("format".into(), "vcard".into());
    let (_, body) = app.invoke("/addon/files/export", STRANGER, i).await;
    assert_eq!(card_of(&body)["header"]["title"], "Not available");
}

#[tokio::test]
async fn two_workers_apply_each_row_once() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let mut csv = String::from("Name,E-mail 1 - Value\n");
    for i in 0..1_200 {
        csv.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    let import = upload(&app, OWNER, &l, "many.csv", csv.as_bytes()).await;
    app.invoke("/addon/files/confirm", OWNER, confirm_with(&import, None))
        .await;
    let a = sharebook::importer::ImportWorker::new(app.pool.clone());
    let b = sharebook::importer::ImportWorker::new(app.pool.clone());
    let (ra, rb) = tokio::join!(a.run_one(), b.run_one());
    assert!(ra.unwrap() || rb.unwrap());
    // A worker that found it claimed moves on; the claimant finishes it.
    app.run_imports().await;
    assert_eq!(live_contacts(&app).await, 1_200);
    assert_eq!(app.count("contact_history").await, 1_200);
    assert_eq!(
        app.scalar(&format!(
            "SELECT state || ' ' || done || ' ' || created FROM file_imports WHERE id = '{import}'"
        ))
        .await,
        "done 1200 1200"
    );
    let _: Value = Value::Null;
}

/// Phone numbers match by the same rule in Rust (`identity`) and in SQL (`phone_keys`).
#[tokio::test]
async fn phone_keys_in_sql_follow_the_rule_in_rust() {
    let app = spawn_app().await;
    let phones = ["12345", "+44 (20) 7946-0018", "ext 123456", "1-2-3"];
    let data = sharebook::domain::contact::ContactData {
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
        ..Default::default()
    };
    let (_, rust) = data.identity();
    let list: Vec<String> = phones.iter().map(|p| format!("'{p}'")).collect();
    let sql = app
        .scalar(&format!(
            "SELECT array_to_string(phone_keys(ARRAY[{}]), ',')",
            list.join(",")
        ))
        .await;
    assert_eq!(sql, rust.join(","));
}

/// A row that is the same person as an earlier row of the same file fills or updates the
/// contact that row made, instead of making a second one.
#[tokio::test]
async fn a_person_twice_in_one_file_is_one_contact() {
    let app = spawn_app().await;
    let l = label(&app).await;
    let csv = "Name,E-mail 1 - Value,Phone 1 - Value,Organization Name\n\
               Ann Lee,ann@client.test,,\n\
               Bob,bob@client.test,,\n\
               Ann L.,ANN@client.test,+44 20 7946 0018,Acme\n";
    let import = upload(&app, OWNER, &l, "twice.csv", csv.as_bytes()).await;
    let (_, body) = app
        .invoke("/addon/files/preview", OWNER, param("import_id", &import))
        .await;
    let text = texts(card_of(&body));
    assert!(text.contains("3 rows: 2 new, 1 matching"), "{text}");
    app.invoke(
        "/addon/files/confirm",
        OWNER,
        confirm_with(&import, Some("fill")),
    )
    .await;
    app.run_imports().await;
    assert_eq!(
        app.scalar(
            "SELECT string_agg(name || ':' || array_to_string(phones, ',') || ':' || organization, ';' ORDER BY name) FROM contacts"
        )
        .await,
        "Ann Lee:+44 20 7946 0018:Acme;Bob::"
    );
}
