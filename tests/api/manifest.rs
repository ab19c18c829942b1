//! The deployment manifest and the router cannot drift apart.

use sharebook_dev::sandbox::host::Interaction;

use crate::helpers::{OWNER, spawn_app, user};

#[tokio::test]
async fn every_url_in_the_manifest_is_answered_by_the_server() {
    let app = spawn_app().await;
    let manifest = sharebook::manifest::render(&app.public_url).unwrap();
    let urls = sharebook::manifest::endpoint_urls(&manifest);
    assert_eq!(urls.len(), 3);
    for url in urls {
        let open = Interaction {
            message_id: Some("msg-f:1".into()),
            ..Default::default()
        };
        let event = app.host.event(&user(OWNER), &open).unwrap();
        let response = app.host.post(&url, &event).await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{url}");
        let body = response.json().await.unwrap();
        crate::card_check::check_response(&app.public_url, &body);
    }
    // Every scope the routes can ask for is declared in the manifest.
    let declared: Vec<_> = manifest["oauthScopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for scope in sharebook_dev::sandbox::host::ALL_SCOPES {
        assert!(
            declared.contains(&scope),
            "{scope} missing from the manifest"
        );
    }
}
