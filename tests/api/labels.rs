//! Creating and opening labels: validation keeps what was typed, ids from others reveal nothing.

use sharebook::domain::label::MAX_NAME_CHARS;

use crate::helpers::{OTHER, OWNER, card_of, form, param, spawn_app, texts};

const CREATE: &str = "/addon/labels/create";

#[tokio::test]
async fn the_create_button_opens_the_form() {
    let app = spawn_app().await;
    let (status, body) = app
        .invoke("/addon/labels/new", OWNER, Default::default())
        .await;
    assert_eq!(status, 200);
    let card = card_of(&body);
    assert_eq!(card["name"], "label_form");
    assert_eq!(
        card["sections"][0]["widgets"][0]["textInput"]["name"],
        "label_name"
    );
}

#[tokio::test]
async fn creating_a_label_shows_it_and_lists_it_on_the_homepage() {
    let app = spawn_app().await;
    let (status, body) = app
        .invoke(CREATE, OWNER, form("label_name", "  Customers  "))
        .await;
    assert_eq!(status, 200);
    let navs = body["renderActions"]["action"]["navigations"]
        .as_array()
        .unwrap();
    assert_eq!(navs[0]["popToRoot"], true);
    assert!(
        texts(&navs[1]["updateCard"]).contains("Customers"),
        "the homepage below is refreshed"
    );
    assert_eq!(navs[2]["pushCard"]["header"]["title"], "Customers");
    assert_eq!(
        body["renderActions"]["action"]["notification"]["text"],
        "Label created"
    );
    let client = app.pool.get().await.unwrap();
    let row = client
        .query_one(
            "SELECT l.name, u.email FROM labels l JOIN users u ON u.id = l.owner_id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "Customers");
    assert_eq!(row.get::<_, String>(1), OWNER);
}

#[tokio::test]
async fn a_bad_name_returns_the_form_with_the_message_and_the_typed_text() {
    let app = spawn_app().await;
    let too_long = "x".repeat(MAX_NAME_CHARS + 1);
    for (typed, message) in [
        ("   ", "Enter a name for the label."),
        (too_long.as_str(), "Use at most 100 characters."),
        ("two\nlines", "Use a single line."),
        (
            "nul\u{0}inside",
            "Remove the invisible control characters (such as NUL) from this text.",
        ),
    ] {
        let (status, body) = app.invoke(CREATE, OWNER, form("label_name", typed)).await;
        assert_eq!(status, 200);
        let navs = body["renderActions"]["action"]["navigations"]
            .as_array()
            .unwrap();
        assert_eq!(navs.len(), 1);
        let widgets = &navs[0]["updateCard"]["sections"][0]["widgets"];
        assert_eq!(widgets[0]["textInput"]["value"], typed, "typed value kept");
        assert!(
            widgets[1]["textParagraph"]["text"]
                .as_str()
                .unwrap()
                .contains(message),
            "{widgets}"
        );
    }
    assert_eq!(app.count("labels").await, 0);
}

#[tokio::test]
async fn a_name_already_used_in_any_case_is_refused_next_to_the_field() {
    let app = spawn_app().await;
    app.invoke(CREATE, OWNER, form("label_name", "Customers"))
        .await;
    let (_, body) = app
        .invoke(CREATE, OWNER, form("label_name", "customers"))
        .await;
    let card = card_of(&body);
    assert_eq!(
        card["sections"][0]["widgets"][0]["textInput"]["value"],
        "customers"
    );
    assert!(
        texts(card).contains("You already have a label named “customers”."),
        "{card}"
    );
    assert_eq!(app.count("labels").await, 1);
    // Another user may use the same name.
    let (_, body) = app
        .invoke(CREATE, OTHER, form("label_name", "Customers"))
        .await;
    assert_eq!(card_of(&body)["header"]["title"], "Customers");
    assert_eq!(app.count("labels").await, 2);
}

#[tokio::test]
async fn the_owner_opens_a_label_and_nobody_else_can() {
    let app = spawn_app().await;
    app.invoke(CREATE, OWNER, form("label_name", "Customers"))
        .await;
    let home = app.home(OWNER).await;
    let id = card_of(&home)["sections"][0]["widgets"][0]["decoratedText"]["onClick"]["action"]["parameters"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = app
        .invoke("/addon/labels/open", OWNER, param("label_id", &id))
        .await;
    assert_eq!(status, 200);
    assert_eq!(card_of(&body)["header"]["title"], "Customers");
    assert!(texts(card_of(&body)).contains("Your role: Owner"));

    // A caller with no access who knows a valid id, a malformed id and a random one: all the same.
    for (who, id) in [
        (OTHER, id.as_str()),
        (OWNER, "not-a-uuid"),
        (OWNER, "00000000-0000-4000-8000-000000000000"),
    ] {
        let (status, body) = app
            .invoke("/addon/labels/open", who, param("label_id", id))
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            card_of(&body)["header"]["title"],
            "Not available",
            "{who} {id}"
        );
        assert!(!body.to_string().contains("Customers"));
    }
}
