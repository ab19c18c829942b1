//! The demo, clicked through in headless Chromium: comment as the owner, read it as a viewer who
//! cannot edit, share with the outsider and compose, then edit a contact as the outsider; share a
//! label the owner already has in Google Contacts; an editor's edit in their Google Contacts pane
//! reaching the owner, and a viewer's put back; the owner connecting Capsule CRM to a label, and
//! an edit and a deletion made in Capsule reaching it.
//!
//! Screenshots of every step go to `target/browser-screenshots/`.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::{ChromeDriver, DevServer, output_dir};

const OWNER: &str = "owner@sharebook.test";
const VIEWER: &str = "viewer@sharebook.test";
const EDITOR: &str = "editor@sharebook.test";
const OUTSIDER: &str = "outsider@sharebook.test";
/// Maria Gonzalez writes to the owner (Customers contact, Cc the editor).
const OWNER_MESSAGE: &str = "msg-f:1800000000000000101";
/// Maria Gonzalez writes to the viewer.
const VIEWER_MESSAGE: &str = "msg-f:1800000000000000301";
/// Lucas Schmidt (Customers) writes to the outsider.
const OUTSIDER_MESSAGE: &str = "msg-f:1800000000000000401";
const WAIT: Duration = Duration::from_secs(30);

/// A Chromium profile folder, deleted when dropped (also when the test fails).
struct ProfileDir(std::path::PathBuf);

impl ProfileDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("sharebook-browser-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for ProfileDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn the_demo_works_end_to_end_in_a_browser() {
    let started = Instant::now();
    let driver = ChromeDriver::start();
    let dev = DevServer::start();
    eprintln!("dev server seeded after {:?}", started.elapsed());
    // A profile of our own, removed when the test ends: left to chromedriver, each run would
    // leave an org.chromium.Chromium.* folder in /tmp.
    let profile = ProfileDir::new();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": driver.chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1440,960", "--lang=en-GB",
                     format!("--user-data-dir={}", profile.0.display())],
        }),
    );
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("chromedriver refused a session (is chromium the version chromedriver drives?)");
    let outcome = AssertUnwindSafe(walk_through(&client, &dev.page_url))
        .catch_unwind()
        .await;
    if outcome.is_err() {
        shoot(&client, "failure").await;
        if let Ok(panel) = client.find(Locator::Id("panel")).await
            && let Ok(text) = panel.text().await
        {
            eprintln!("side panel at the failure:\n{text}");
        }
    }
    let _ = client.close().await;
    eprintln!(
        "browser walk-through took {:?}; screenshots in {}",
        started.elapsed(),
        output_dir().display()
    );
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

async fn walk_through(c: &Client, page_url: &str) {
    c.goto(&format!("{page_url}?as={OWNER}")).await.unwrap();
    // The homepage trigger fires on load.
    wait_panel_text(c, "Customers").await;
    let sharebook_title =
        panel_xpath("//div[contains(@class,'card-title') and normalize-space()='Sharebook']");
    wait(c, &sharebook_title).await;
    assert_google_contacts_panel(c).await;
    assert_html_subset_is_enforced(c).await;
    shoot(c, "01-owner-homepage").await;
    assert_failures_show_as_in_gmail(c).await;

    // Owner: open Maria's email (contextual trigger) and comment on her.
    open_message(c, OWNER_MESSAGE).await;
    let maria = section(c, "Maria Gonzalez").await;
    expand(&maria).await;
    let comment = format!(
        "Called Maria from the browser test ({}); quote sent.",
        std::process::id()
    );
    let body = maria
        .find(Locator::XPath(
            ".//textarea[starts-with(@name,'comment_body.')]",
        ))
        .await
        .unwrap();
    body.send_keys(&comment).await.unwrap();
    click_in(&maria, "Post comment").await;
    wait_toast(c, "Comment added").await;
    let maria = section(c, "Maria Gonzalez").await;
    expand(&maria).await;
    assert!(maria.text().await.unwrap().contains(&comment));
    shoot(c, "02-owner-commented-on-message").await;

    // Viewer: sees the comment on their own email from Maria, and may not edit her.
    switch_user(c, VIEWER).await;
    open_message(c, VIEWER_MESSAGE).await;
    let maria = section(c, "Maria Gonzalez").await;
    expand(&maria).await;
    let text = maria.text().await.unwrap();
    assert!(text.contains(&comment), "viewer sees the comment: {text}");
    assert!(text.contains("you are Viewer"), "{text}");
    click_in(&maria, "Open contact").await;
    wait(c, &panel_xpath("//div[@data-card-name='contact']")).await;
    let card = c.find(Locator::Id("card")).await.unwrap();
    let card_text = card.text().await.unwrap();
    assert!(card_text.contains(&comment), "{card_text}");
    assert!(card_text.contains("your role: Viewer"), "{card_text}");
    let edit = c
        .find_all(Locator::XPath(&panel_xpath(
            "//button[normalize-space()='Edit']",
        )))
        .await
        .unwrap();
    assert!(edit.is_empty(), "a viewer is offered no Edit button");
    assert!(
        c.find(Locator::Id("panel-back"))
            .await
            .unwrap()
            .attr("hidden")
            .await
            .unwrap()
            .is_none(),
        "the pushed card can be left with the back arrow"
    );
    shoot(c, "03-viewer-sees-comment-no-edit").await;

    // Owner: share Customers with the outsider as editor.
    switch_user(c, OWNER).await;
    click_row(c, "Customers").await;
    wait(c, &panel_xpath("//div[@data-card-name='label']")).await;
    click_button(c, "Sharing").await;
    wait(c, &panel_xpath("//div[@data-card-name='sharing']")).await;
    let grantee = c
        .find(Locator::XPath(&panel_xpath(
            "//input[@name='share_grantee']",
        )))
        .await
        .unwrap();
    grantee.send_keys(OUTSIDER).await.unwrap();
    c.find(Locator::XPath(&panel_xpath("//select[@name='share_role']")))
        .await
        .unwrap()
        .select_by_value("editor")
        .await
        .unwrap();
    click_button(c, "Share").await;
    wait_toast(c, &format!("Shared with {OUTSIDER} as Editor")).await;
    wait_panel_text(c, OUTSIDER).await;
    shoot(c, "04-owner-shared-with-outsider").await;

    // Owner: compose, and let the compose action insert a label's addresses into the draft.
    c.find(Locator::Id("compose-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait(c, "//button[contains(@class,'addon-compose-button')]")
        .await
        .click()
        .await
        .unwrap();
    wait(c, &panel_xpath("//div[@data-card-name='compose']")).await;
    // What the user typed in To stays: the label's addresses are added after it.
    c.find(Locator::Id("draft-to"))
        .await
        .unwrap()
        .send_keys("boss@sharebook.test")
        .await
        .unwrap();
    click_button(c, "Add Press & Partners (6)").await;
    wait_toast(c, "Added 6 recipients to To").await;
    let to = c
        .find(Locator::Id("draft-to"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        to.starts_with("boss@sharebook.test")
            && to.contains("rachel.adams@dailytech.example")
            && to.matches('@').count() == 7,
        "the draft's To keeps what was typed and adds the label's addresses: {to}"
    );
    shoot(c, "05-owner-compose-inserted-recipients").await;

    // Outsider: the shared label arrives in their Google Contacts (the sync, through the People
    // stand-in), then they edit Lucas Schmidt in the side panel and see the change.
    switch_user(c, OUTSIDER).await;
    // The invitation email, from the owner, arrives in the outsider's inbox (the email worker,
    // through the Gmail stand-in's messages.send). A send that failed is tried again after a
    // minute, so this waits longer than a card.
    let invitation = format!(
        "//ul[@id='inbox']/li[div[@class='subject' and contains(., {})]]",
        literal("shared “Customers” with you")
    );
    c.wait()
        .at_most(Duration::from_secs(90))
        .for_element(Locator::XPath(&invitation))
        .await
        .unwrap_or_else(|e| panic!("the invitation never reached the outsider's inbox: {e}"));
    shoot(c, "05a-outsider-got-the-invitation").await;
    wait_google_contacts(c, &["Customers", "Lucas Schmidt"]).await;
    shoot(c, "05b-outsider-google-contacts-synced").await;
    click_row(c, "Customers").await;
    wait(c, &panel_xpath("//div[@data-card-name='label']")).await;
    click_row(c, "Lucas Schmidt").await;
    wait(c, &panel_xpath("//div[@data-card-name='contact']")).await;
    click_button(c, "Edit").await;
    wait(c, &panel_xpath("//div[@data-card-name='contact_form']")).await;
    let title = c
        .find(Locator::XPath(&panel_xpath(
            "//input[@name='contact_title']",
        )))
        .await
        .unwrap();
    title.clear().await.unwrap();
    title.send_keys("Managing Director").await.unwrap();
    shoot(c, "06-outsider-edits").await;
    click_button(c, "Save").await;
    wait_toast(c, "Saved").await;
    wait(c, &panel_xpath("//div[@data-card-name='contact']")).await;
    wait_panel_text(c, "Managing Director").await;
    shoot(c, "07-outsider-saw-the-change").await;

    // And the email from Lucas now shows what the team knows about him.
    open_message(c, OUTSIDER_MESSAGE).await;
    let lucas = section(c, "Lucas Schmidt").await;
    expand(&lucas).await;
    assert!(lucas.text().await.unwrap().contains("Managing Director"));
    shoot(c, "08-outsider-message").await;

    // Owner: share the label they already have in Google Contacts.
    switch_user(c, OWNER).await;
    click_button(c, "Share a label from Google Contacts").await;
    wait(c, &panel_xpath("//div[@data-card-name='import_pick']")).await;
    click_button(c, "Trade Show Leads · 3 contacts").await;
    wait(c, &panel_xpath("//div[@data-card-name='import_confirm']")).await;
    shoot(c, "09-owner-confirms-sharing-a-google-label").await;
    click_button(c, "Share “Trade Show Leads”").await;
    wait(c, &panel_xpath("//div[@data-card-name='label']")).await;
    reopen_until(c, &["Trade Show Leads"], "Hannah Okafor").await;
    wait_google_contacts(c, &["Trade Show Leads", "Hannah Okafor", "by Sharebook"]).await;
    shoot(c, "10-owner-shared-a-google-label").await;

    // Editor: changes Maria's phone in their Google Contacts; the owner sees it in the side panel.
    switch_user(c, EDITOR).await;
    wait_google_contacts(c, &["Maria Gonzalez"]).await;
    edit_in_google_contacts(c, "Maria Gonzalez", "phone", "+44 20 7946 0999").await;
    shoot(c, "11-editor-edits-in-google-contacts").await;
    switch_user(c, OWNER).await;
    reopen_until(c, &["Customers", "Maria Gonzalez"], "+44 20 7946 0999").await;
    shoot(c, "12-owner-sees-the-editors-google-edit").await;

    // Viewer: a change in their Google Contacts is put back, and Sharebook keeps its value.
    switch_user(c, VIEWER).await;
    wait_google_contacts(c, &["Lucas Schmidt"]).await;
    edit_in_google_contacts(c, "Lucas Schmidt", "organization", "Viewer Was Here").await;
    // The next read of the viewer (every 3 s in `dev`) puts it back.
    wait_google_contacts_without(c, "Viewer Was Here").await;
    reopen_until(c, &["Customers", "Lucas Schmidt"], "Managing Director").await;
    shoot(c, "13-viewer-edit-put-back").await;

    // Owner: connects the demo Capsule account to Customers with its token.
    switch_user(c, OWNER).await;
    reopen_until(c, &["Customers"], "Connect Capsule CRM").await;
    click_button(c, "Connect Capsule CRM").await;
    wait(c, &panel_xpath("//div[@data-card-name='feed_connect']")).await;
    let token = wait(c, "//span[@id='capsule-token']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        token.len() > 20,
        "the Capsule pane shows the token: {token:?}"
    );
    let input = wait(c, &panel_xpath("//input[@name='capsule_token']")).await;
    input.send_keys(&token).await.unwrap();
    click_button(c, "Connect").await;
    wait(c, &panel_xpath("//div[@data-card-name='feed_choose']")).await;
    wait_panel_text(c, "Connected to Acme Sales").await;
    shoot(c, "14-owner-connects-capsule").await;
    click_button(c, "Save and sync").await;
    wait(c, &panel_xpath("//div[@data-card-name='label']")).await;
    reopen_until(c, &["Customers"], "Olivia Bennett").await;
    reopen_until(c, &["Customers"], "Fed from Capsule CRM (Acme Sales)").await;
    shoot(c, "15-capsule-parties-in-the-label").await;

    // An edit in Capsule reaches the label; so does a deletion.
    edit_in_capsule(c, "Olivia Bennett", "title", "Chief Procurement Officer").await;
    reopen_until(
        c,
        &["Customers", "Olivia Bennett"],
        "Chief Procurement Officer",
    )
    .await;
    shoot(c, "16-capsule-edit-reached-the-label").await;
    delete_in_capsule(c, "Tomás Rivera").await;
    reopen_until_shown(c, &["Customers"], "Tomás Rivera", false).await;
    shoot(c, "17-capsule-deletion-reached-the-label").await;

    // Gmail in Italian: the homepage speaks it, dates included.
    wait_idle(c).await;
    c.find(Locator::Id("locale-switcher"))
        .await
        .unwrap()
        .select_by_value("it-IT")
        .await
        .unwrap();
    wait_panel_text(c, "Le tue etichette").await;
    wait_panel_text(c, "Crea etichetta").await;
    shoot(c, "18-owner-in-italian").await;
}

/// Finds `party` in the Capsule pane and clicks its `action` button (edit, delete), in one
/// script: the pane re-renders every 2 s.
async fn click_in_capsule(c: &Client, party: &str, action: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let clicked = c
            .execute(
                "const row = [...document.querySelectorAll('#capsule .cp-party')]
                     .find((r) => r.querySelector('.gc-name')?.textContent.trim() === arguments[0]);
                 if (!row) return false;
                 row.querySelector(`[id^='capsule-${arguments[1]}-']`).click();
                 return true;",
                vec![json!(party), json!(action)],
            )
            .await
            .unwrap();
        if clicked == json!(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no {party:?} in the Capsule pane"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Edits `field` (first, last, email, title) of `party` in the Capsule pane.
async fn edit_in_capsule(c: &Client, party: &str, field: &str, value: &str) {
    click_in_capsule(c, party, "edit").await;
    // The open form stops the pane's refresh, so its elements stay.
    let input = wait(c, &format!("//input[@id='capsule-edit-{field}']")).await;
    input.clear().await.unwrap();
    input.send_keys(value).await.unwrap();
    wait(c, "//button[@id='capsule-edit-save']")
        .await
        .click()
        .await
        .unwrap();
    wait(c, "//div[@id='capsule'][not(.//form)]").await;
}

async fn delete_in_capsule(c: &Client, party: &str) {
    click_in_capsule(c, party, "delete").await;
    let deadline = Instant::now() + WAIT;
    loop {
        let text = wait(c, "//div[@id='capsule']").await.text().await.unwrap();
        if !text.contains(party) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{party} still in the Capsule pane"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Opens the rows `path` from the homepage again and again until the card shows `text` (the
/// sync brings it in the background).
async fn reopen_until(c: &Client, path: &[&str], text: &str) {
    reopen_until_shown(c, path, text, true).await;
}

/// Like [`reopen_until`], until `text` is shown (`shown`) or gone (`!shown`).
async fn reopen_until_shown(c: &Client, path: &[&str], text: &str, shown: bool) {
    let deadline = Instant::now() + WAIT * 2;
    loop {
        wait_idle(c).await;
        c.find(Locator::Id("panel-home"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_panel_text(c, path[0]).await;
        for row in path {
            click_row(c, row).await;
            wait_idle(c).await;
        }
        let shown_text = c
            .find(Locator::Id("card"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let card = shown_text;
        if card.contains(text) == shown {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path:?} never {} {text:?}: {card}",
            if shown { "showed" } else { "lost" }
        );
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
}

/// Edits `field` (name, email, phone, organization) of `person` in the Google Contacts pane, as
/// the user would in Google Contacts.
async fn edit_in_google_contacts(c: &Client, person: &str, field: &str, value: &str) {
    // Found and clicked in one script: the pane re-renders every 2 s, so an element found by one
    // WebDriver call may be gone by the next.
    let deadline = Instant::now() + WAIT;
    loop {
        let opened = c
            .execute(
                "const row = [...document.querySelectorAll('#google-contacts .gc-person')]
                     .find((r) => r.querySelector('.gc-name')?.textContent.trim() === arguments[0]);
                 if (!row) return false;
                 row.querySelector('.gc-edit').click();
                 return true;",
                vec![json!(person)],
            )
            .await
            .unwrap();
        if opened == json!(true) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no {person:?} in Google Contacts"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The open form stops the pane's refresh, so its elements stay.
    let input = wait(
        c,
        &format!("//form[contains(@class,'gc-edit-form')]//input[@name='gc-{field}']"),
    )
    .await;
    input.clear().await.unwrap();
    input.send_keys(value).await.unwrap();
    wait(
        c,
        "//form[contains(@class,'gc-edit-form')]//button[contains(@class,'gc-save')]",
    )
    .await
    .click()
    .await
    .unwrap();
    // The stand-in took it (a refusal shows as a notice).
    wait(c, "//div[@id='google-contacts'][not(.//form)]").await;
    let notice = c
        .find(Locator::Id("panel-toast"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default();
    assert!(!notice.contains("Google Contacts:"), "{notice}");
}

fn panel_xpath(inner: &str) -> String {
    format!("//div[@id='card']{inner}")
}

async fn wait(c: &Client, xpath: &str) -> Element {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("waited {WAIT:?} for {xpath}: {e}"))
}

/// Waits until the side panel's card shows `text` and no request is in flight.
async fn wait_panel_text(c: &Client, text: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let shown = c
            .execute(
                "const card = document.getElementById('card');
                 const busy = document.getElementById('panel').getAttribute('aria-busy') === 'true';
                 return !busy && card.innerText.includes(arguments[0]);",
                vec![json!(text)],
            )
            .await
            .unwrap();
        if shown == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "the panel never showed {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_toast(c: &Client, text: &str) {
    wait(
        c,
        &format!(
            "//div[@id='panel-toast' and contains(normalize-space(), {})]",
            literal(text)
        ),
    )
    .await;
    wait_idle(c).await;
}

async fn wait_idle(c: &Client) {
    wait(c, "//aside[@id='panel' and @aria-busy='false']").await;
}

/// An XPath string literal for `text` (which holds no double quote).
fn literal(text: &str) -> String {
    assert!(!text.contains('"'));
    format!("\"{text}\"")
}

async fn open_message(c: &Client, id: &str) {
    let row = wait(c, &format!("//ul[@id='inbox']/li[@data-message-id='{id}']")).await;
    row.click().await.unwrap();
    wait(
        c,
        &panel_xpath("//div[@data-card-name='message']//div[contains(@class,'card-subtitle') and contains(., 'on this email')]"),
    )
    .await;
    wait_idle(c).await;
}

/// The section of the message card about `name`.
async fn section(c: &Client, name: &str) -> Element {
    wait(
        c,
        &panel_xpath(&format!(
            "//div[contains(@class,'card-section')][div[@class='section-header' and normalize-space()={}]]",
            literal(name)
        )),
    )
    .await
}

/// Opens a collapsible section, as a user clicks "Show more".
async fn expand(section: &Element) {
    if let Ok(toggle) = section
        .find(Locator::XPath(
            ".//button[contains(@class,'collapse-toggle') and @aria-expanded='false']",
        ))
        .await
    {
        toggle.click().await.unwrap();
    }
}

async fn click_in(scope: &Element, text: &str) {
    scope
        .find(Locator::XPath(&format!(
            ".//button[normalize-space()={}]",
            literal(text)
        )))
        .await
        .unwrap_or_else(|e| panic!("no {text:?} button: {e}"))
        .click()
        .await
        .unwrap();
}

async fn click_button(c: &Client, text: &str) {
    wait_idle(c).await;
    wait(
        c,
        &panel_xpath(&format!("//button[normalize-space()={}]", literal(text))),
    )
    .await
    .click()
    .await
    .unwrap();
}

/// Clicks a clickable decoratedText row (a label or a contact) by its main text.
async fn click_row(c: &Client, text: &str) {
    wait_idle(c).await;
    wait(
        c,
        &panel_xpath(&format!(
            "//div[contains(@class,'decorated') and contains(@class,'clickable')][.//div[@class='main-text' and normalize-space()={}]]",
            literal(text)
        )),
    )
    .await
    .click()
    .await
    .unwrap();
}

async fn switch_user(c: &Client, email: &str) {
    wait_idle(c).await;
    c.find(Locator::Id("user-switcher"))
        .await
        .unwrap()
        .select_by_value(email)
        .await
        .unwrap();
    // The homepage card of that user, whose email is its subtitle.
    wait(
        c,
        &panel_xpath(&format!(
            "//div[@data-card-name='home']//div[contains(@class,'card-subtitle') and normalize-space()={}]",
            literal(email)
        )),
    )
    .await;
    wait_idle(c).await;
}

/// Waits until the Google Contacts panel shows every one of `texts` (the sync is asynchronous).
async fn wait_google_contacts(c: &Client, texts: &[&str]) {
    wait_google_contacts_text(c, &format!("{texts:?}"), |shown| {
        texts.iter().all(|t| shown.contains(t))
    })
    .await;
}

/// Waits until the Google Contacts panel no longer shows `text`.
async fn wait_google_contacts_without(c: &Client, text: &str) {
    wait_google_contacts_text(c, &format!("no {text:?}"), |shown| !shown.contains(text)).await;
}

/// Waits until the Google Contacts panel's text passes `done` (`what` names it for the failure).
async fn wait_google_contacts_text(c: &Client, what: &str, done: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + WAIT * 2;
    loop {
        let shown = c
            .find(Locator::Id("google-contacts"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if done(&shown) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "Google Contacts never showed {what}: {shown}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The Google Contacts panel shows the stand-in's contacts (never the "not available" note).
async fn assert_google_contacts_panel(c: &Client) {
    let deadline = Instant::now() + WAIT;
    loop {
        let text = c
            .find(Locator::Id("google-contacts"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!text.contains("not available"), "{text}");
        if !text.trim().is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the Google Contacts panel stayed empty"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Card text keeps Google's tags and shows every other tag as typed.
async fn assert_html_subset_is_enforced(c: &Client) {
    let html = c
        .execute(
            "return window.sharebookSandbox.richText(arguments[0]);",
            vec![json!(
                "<b>bold</b> <script>alert(1)</script><img src=x onerror=alert(1)> \
                 <a href=\"javascript:alert(1)\">js</a> <a href=\"https://example.com\">ok</a> \
                 <font color=\"#d93025\">red</font><br>&lt;i&gt; &amp;"
            )],
        )
        .await
        .unwrap();
    let html = html.as_str().unwrap();
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(
        html.contains("<a>js</a>"),
        "javascript: links are dropped: {html}"
    );
    assert!(html.contains("href=\"https://example.com\""), "{html}");
    assert!(html.contains("color: rgb(217, 48, 37)"), "{html}");
    assert!(html.contains("<br>&lt;i&gt; &amp;"), "{html}");
}

/// A failed action keeps the card and shows a notice with the developer details; a failed
/// trigger leaves only the notice.
async fn assert_failures_show_as_in_gmail(c: &Client) {
    c.execute(
        "window.sharebookSandbox.showAnswer(500, 'internal error', false);",
        vec![],
    )
    .await
    .unwrap();
    let notice = wait(c, "//div[@id='panel-error' and not(@hidden)]").await;
    let text = notice.html(true).await.unwrap();
    assert!(text.contains("could not complete this action"), "{text}");
    assert!(text.contains("HTTP 500"), "{text}");
    wait_panel_text(c, "Customers").await;
    c.execute(
        "window.sharebookSandbox.showAnswer(401, 'unauthenticated', true);",
        vec![],
    )
    .await
    .unwrap();
    let text = notice.html(true).await.unwrap();
    assert!(
        text.contains("could not be loaded") && text.contains("HTTP 401"),
        "{text}"
    );
    let card = c
        .find(Locator::Id("card"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(card.trim().is_empty(), "{card}");
    shoot(c, "01b-failed-trigger").await;
    // Back to the homepage, as the panel's home button does.
    c.find(Locator::Id("panel-home"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_panel_text(c, "Customers").await;
    assert!(
        c.find(Locator::Id("panel-error"))
            .await
            .unwrap()
            .attr("hidden")
            .await
            .unwrap()
            .is_some(),
        "a new answer clears the notice"
    );
}

async fn shoot(c: &Client, name: &str) {
    match c.screenshot().await {
        Ok(png) => {
            let path = output_dir().join(format!("{name}.png"));
            std::fs::write(&path, png).unwrap();
        }
        Err(e) => eprintln!("screenshot {name} failed: {e}"),
    }
}
