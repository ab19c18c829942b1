//! Checks every card the tests see against what Google's renderer accepts: known widget kinds with
//! their required fields, at most 100 sections of at most 100 widgets, and every action URL under
//! the public URL and answered by a route.

use serde_json::Value;
use sharebook::config::PublicUrl;
use sharebook::routes::ADDON_PATHS;

const WIDGETS: [&str; 10] = [
    "textParagraph",
    "image",
    "decoratedText",
    "buttonList",
    "textInput",
    "selectionInput",
    "dateTimePicker",
    "divider",
    "grid",
    "columns",
];

/// Checks a trigger or action response and every card in it.
pub fn check_response(public_url: &PublicUrl, body: &Value) {
    if body.get("requesting_google_scopes").is_some() {
        let scopes = &body["requesting_google_scopes"];
        assert!(
            scopes["scopes"].as_array().is_some_and(|s| !s.is_empty())
                || scopes["all_scopes"] == true,
            "{body}"
        );
        return;
    }
    let action = body
        .get("renderActions")
        .map(|r| {
            r.get("action")
                .unwrap_or_else(|| panic!("renderActions without action: {body}"))
        })
        .or_else(|| body.get("action"))
        .unwrap_or_else(|| panic!("neither action nor renderActions: {body}"));
    let navigations = action.get("navigations").and_then(Value::as_array);
    assert!(
        navigations.is_some()
            || action.get("notification").is_some()
            || action.get("link").is_some(),
        "empty action: {body}"
    );
    for nav in navigations.into_iter().flatten() {
        let keys: Vec<_> = nav.as_object().expect("navigation object").keys().collect();
        assert_eq!(keys.len(), 1, "one step per navigation: {nav}");
        match keys[0].as_str() {
            "pushCard" | "updateCard" => check_card(public_url, &nav[keys[0].as_str()]),
            "pop" | "popToRoot" => assert_eq!(nav[keys[0].as_str()], true),
            "popToCard" => assert!(nav["popToCard"].is_string()),
            other => panic!("unknown navigation {other}"),
        }
    }
    if let Some(n) = action.get("notification") {
        assert!(
            n["text"].as_str().is_some_and(|t| !t.is_empty()),
            "notification text: {n}"
        );
    }
    assert!(
        !body.to_string().contains("{{"),
        "unfilled template slot: {body}"
    );
}

/// Checks one card.
pub fn check_card(public_url: &PublicUrl, card: &Value) {
    let title = card["header"]["title"]
        .as_str()
        .unwrap_or_else(|| panic!("card without header.title: {card}"));
    assert!(!title.is_empty());
    let sections = card["sections"]
        .as_array()
        .unwrap_or_else(|| panic!("card without sections: {card}"));
    assert!(
        !sections.is_empty() && sections.len() <= 100,
        "1..=100 sections: {}",
        sections.len()
    );
    for section in sections {
        if let Some(header) = section.get("header") {
            check_html(header.as_str().expect("section header is text"));
        }
        let widgets = section["widgets"]
            .as_array()
            .unwrap_or_else(|| panic!("section without widgets: {section}"));
        assert!(
            !widgets.is_empty() && widgets.len() <= 100,
            "1..=100 widgets: {}",
            widgets.len()
        );
        for widget in widgets {
            check_widget(public_url, widget);
        }
    }
    if let Some(footer) = card.get("fixedFooter") {
        let primary = footer
            .get("primaryButton")
            .unwrap_or_else(|| panic!("fixedFooter without primaryButton"));
        check_button(public_url, primary);
        assert!(
            primary["text"].is_string(),
            "footer buttons are text buttons"
        );
    }
    for action in card
        .get("cardActions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        assert!(action["actionLabel"].is_string());
        check_on_click(public_url, &action["onClick"]);
    }
}

fn check_widget(public_url: &PublicUrl, widget: &Value) {
    let map = widget
        .as_object()
        .unwrap_or_else(|| panic!("widget is not an object: {widget}"));
    let kinds: Vec<_> = map
        .keys()
        .filter(|k| WIDGETS.contains(&k.as_str()))
        .collect();
    assert_eq!(kinds.len(), 1, "exactly one known widget kind: {widget}");
    for key in map.keys() {
        assert!(
            WIDGETS.contains(&key.as_str()) || key == "horizontalAlignment",
            "unknown widget field {key}"
        );
    }
    let kind = kinds[0].as_str();
    let w = &widget[kind];
    match kind {
        "textParagraph" => check_html(w["text"].as_str().expect("textParagraph.text")),
        "decoratedText" => {
            check_html(w["text"].as_str().expect("decoratedText.text"));
            for label in ["topLabel", "bottomLabel"] {
                if let Some(l) = w.get(label) {
                    check_html(l.as_str().expect("decoratedText labels are text"));
                }
            }
            if let Some(b) = w.get("button") {
                check_button(public_url, b);
            }
            if let Some(c) = w.get("onClick") {
                check_on_click(public_url, c);
            }
        }
        "buttonList" => {
            let buttons = w["buttons"].as_array().expect("buttons");
            assert!(!buttons.is_empty());
            buttons.iter().for_each(|b| check_button(public_url, b));
        }
        "textInput" => {
            assert!(
                w["name"].as_str().is_some_and(|n| !n.is_empty()),
                "{widget}"
            );
            assert!(
                w["label"].is_string() || w["hintText"].is_string(),
                "{widget}"
            );
        }
        "selectionInput" => {
            assert!(w["name"].is_string() && w["label"].is_string(), "{widget}");
            assert!(matches!(
                w["type"].as_str(),
                Some("CHECK_BOX" | "RADIO_BUTTON" | "SWITCH" | "DROPDOWN")
            ));
            for item in w["items"].as_array().expect("items") {
                assert!(
                    item["text"].is_string() && item["value"].is_string(),
                    "{item}"
                );
            }
        }
        "dateTimePicker" => {
            assert!(w["name"].is_string() && w["label"].is_string(), "{widget}");
            assert!(matches!(
                w["type"].as_str(),
                Some("DATE_AND_TIME" | "DATE_ONLY" | "TIME_ONLY")
            ));
        }
        "image" => assert!(w["imageUrl"].is_string(), "{widget}"),
        "grid" => assert!(w["items"].is_array(), "{widget}"),
        "divider" => assert!(w.is_object()),
        "columns" => panic!("columns are in developer preview for add-ons: do not use them"),
        _ => unreachable!(),
    }
}

/// A field Google renders as HTML holds only the few tags our own templates write: anything else
/// is text a user or an email sender typed that escaped nobody.
fn check_html(text: &str) {
    const OURS: [&str; 6] = ["i>", "/i>", "b>", "/b>", "br>", "/font>"];
    for (at, _) in text.match_indices('<') {
        let rest = &text[at + 1..];
        let ours = OURS.iter().any(|t| rest.starts_with(t))
            || (rest.starts_with("font color=\"#")
                && rest.get(13..21).is_some_and(|c| {
                    c.ends_with("\">") && c[..6].bytes().all(|b| b.is_ascii_hexdigit())
                }));
        assert!(ours, "markup that is not ours in an HTML field: {text}");
    }
}

fn check_button(public_url: &PublicUrl, button: &Value) {
    assert!(
        button["text"].is_string() || button["icon"].is_object(),
        "button needs text or icon: {button}"
    );
    check_on_click(public_url, &button["onClick"]);
}

fn check_on_click(public_url: &PublicUrl, on_click: &Value) {
    let map = on_click
        .as_object()
        .unwrap_or_else(|| panic!("onClick missing: {on_click}"));
    assert_eq!(map.len(), 1, "onClick is a oneof: {on_click}");
    if let Some(action) = map.get("action") {
        let url = action["function"].as_str().expect("action.function");
        let path = url
            .strip_prefix(&public_url.to_string())
            .unwrap_or_else(|| panic!("action URL {url} is not under {public_url}"));
        let path = path.split('?').next().unwrap_or_default();
        assert!(
            ADDON_PATHS.contains(&path),
            "action URL {url} is answered by no route"
        );
        for p in action
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                p["key"].is_string() && p["value"].is_string(),
                "parameters are strings: {p}"
            );
        }
        assert!(
            action.get("interaction").is_none(),
            "interaction is Chat-only and strips the card"
        );
    } else if let Some(link) = map.get("openLink") {
        let url = link["url"].as_str().expect("openLink.url");
        // Plain http only for the stand-ins on loopback, as PUBLIC_URL allows.
        assert!(
            url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("tel:")
                || url.starts_with("http://127.0.0.1:"),
            "{url}"
        );
    } else {
        assert!(
            map.contains_key("card") || map.contains_key("openDynamicLinkAction"),
            "{on_click}"
        );
    }
}
