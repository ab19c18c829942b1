//! The deployment file Google needs (`gcloud workspace-add-ons deployments create`), rendered for
//! the configured public URL.

use serde_json::Value;

use crate::config::PublicUrl;
use crate::views::render::{RenderError, Slot, render_text};

const TEMPLATE: &str = include_str!("../manifest/deployment.json");

/// `manifest/deployment.json` with every URL under `public_url`.
pub fn render(public_url: &PublicUrl) -> Result<Value, RenderError> {
    const FILE: &str = "manifest/deployment.json";
    let rendered = render_text(
        TEMPLATE,
        FILE,
        None,
        &[("public_url", Slot::Text(&public_url.to_string()))],
    )?;
    rendered
        .to_value()
        .map_err(|source| RenderError::InvalidTemplate { file: FILE, source })
}

/// Every URL in a rendered manifest that Google will POST events to.
pub fn endpoint_urls(manifest: &Value) -> Vec<String> {
    fn walk(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            Value::String(s) if matches!(key, Some("runFunction" | "onTriggerFunction")) => {
                out.push(s.clone())
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, key, out)),
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, Some(k), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(manifest, None, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_endpoint_under_the_public_url() {
        let url = PublicUrl::parse("https://addon.example.com/sb").unwrap();
        let manifest = render(&url).unwrap();
        let urls = endpoint_urls(&manifest);
        assert_eq!(urls.len(), 3, "{urls:?}");
        assert!(
            urls.iter()
                .all(|u| u.starts_with("https://addon.example.com/sb/addon/")),
            "{urls:?}"
        );
        assert!(!manifest.to_string().contains("{{"));
    }

    #[test]
    fn the_compose_button_and_its_card_have_one_name() {
        let url = PublicUrl::parse("https://addon.example.com").unwrap();
        let manifest = render(&url).unwrap();
        let label = &manifest["addOns"]["gmail"]["composeTrigger"]["actions"][0]["label"];
        assert_eq!(label, crate::views::lists::COMPOSE_TITLE);
    }
}
