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

fn json_file(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

/// Google wants the same scopes in the deployment, the consent screen and the Marketplace SDK
/// (google-addon-protocol.md §6); `manifest/scopes.json` gives each its reason.
#[test]
fn the_scopes_agree_everywhere_and_cover_the_code() {
    let scopes = json_file("manifest/scopes.json");
    let listed: Vec<&serde_json::Value> = scopes["scopes"].as_array().unwrap().iter().collect();
    let mut ours: Vec<String> = listed
        .iter()
        .map(|s| s["scope"].as_str().unwrap().to_owned())
        .collect();
    ours.sort();
    for s in &listed {
        assert!(
            s["reason"].as_str().is_some_and(|r| r.len() > 20),
            "{s}: a reason admins can read"
        );
        assert!(
            matches!(s["granted"].as_str(), Some("user" | "delegated")),
            "{s}"
        );
    }
    let url = sharebook::config::PublicUrl::parse("https://sharebook.example.com").unwrap();
    let deployment = sharebook::manifest::render(&url).unwrap();
    assert_eq!(strings(&deployment["oauthScopes"]), ours, "deployment.json");
    assert_eq!(
        strings(&json_file("manifest/consent-screen.json")["scopes"]),
        ours,
        "consent-screen.json"
    );
    assert_eq!(
        strings(&json_file("manifest/marketplace-sdk.json")["app_configuration"]["oauth_scopes"]),
        ours,
        "marketplace-sdk.json"
    );
    use sharebook::auth::scopes;
    for used in [
        scopes::GMAIL_EXECUTE,
        scopes::GMAIL_MESSAGE_METADATA,
        scopes::GMAIL_COMPOSE,
        scopes::USERINFO_EMAIL,
        scopes::LOCALE,
        sharebook::google::people::CONTACTS_SCOPE,
        sharebook::google::directory::MEMBER_READONLY_SCOPE,
        sharebook::google::directory::USER_READONLY_SCOPE,
    ] {
        assert!(
            ours.iter().any(|s| s == used),
            "{used} is used but not listed"
        );
    }
    // The license scope is the project's own: customers never grant it.
    let license = sharebook::google::marketplace::LICENSE_SCOPE;
    assert!(!ours.iter().any(|s| s == license));
    assert_eq!(scopes["project_only"][0]["scope"], license);
    // The README tells admins what they consent to: every scope, by its short name.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for s in &ours {
        let short = s.trim_start_matches("https://www.googleapis.com/auth/");
        assert!(
            readme.contains(&format!("| `{short}` |")),
            "README lacks {short}"
        );
    }
}
