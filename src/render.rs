//! Card templates from `cards/`, filled structurally: whole JSON leaves are replaced, never spliced
//! as text, and user text is HTML-escaped where Google renders HTML.

use std::sync::LazyLock;

use serde::Serialize;
use serde_json::{Map, Value};

/// A card template (or a fragment of one) embedded from `cards/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// The homepage: the caller's labels.
    Homepage,
    /// One label row in the homepage list.
    LabelRow,
    /// Shown instead of the list when the caller has no label yet.
    HomepageEmpty,
    /// The "create label" form.
    LabelForm,
    /// A field error placed right under the field it is about.
    FieldError,
    /// One label, opened.
    Label,
    /// Something went wrong; carries a message and maybe a reference.
    Error,
}

impl Template {
    /// Every template, so start-up can check them all.
    pub const ALL: [Template; 7] = [
        Template::Homepage,
        Template::LabelRow,
        Template::HomepageEmpty,
        Template::LabelForm,
        Template::FieldError,
        Template::Label,
        Template::Error,
    ];

    fn source(self) -> (&'static str, &'static str) {
        match self {
            Template::Homepage => ("homepage.json", include_str!("../cards/homepage.json")),
            Template::LabelRow => ("label_row.json", include_str!("../cards/label_row.json")),
            Template::HomepageEmpty => (
                "homepage_empty.json",
                include_str!("../cards/homepage_empty.json"),
            ),
            Template::LabelForm => ("label_form.json", include_str!("../cards/label_form.json")),
            Template::FieldError => (
                "field_error.json",
                include_str!("../cards/field_error.json"),
            ),
            Template::Label => ("label.json", include_str!("../cards/label.json")),
            Template::Error => ("error.json", include_str!("../cards/error.json")),
        }
    }
}

/// Why a card could not be produced; always a programming error, caught by the test suite.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template is not valid JSON.
    #[error("card template {file} is not valid JSON: {source}")]
    InvalidTemplate {
        /// The file in `cards/`.
        file: &'static str,
        /// The parser's complaint.
        #[source]
        source: serde_json::Error,
    },
    /// The template names a slot the context does not fill.
    #[error("card template {file} has slot {{{{{slot}}}}} that the context does not fill")]
    UnfilledSlot {
        /// The file in `cards/`.
        file: &'static str,
        /// The slot's name.
        slot: String,
    },
    /// The templates failed to parse at start-up.
    #[error("card template {0} is unavailable")]
    Unavailable(&'static str),
    /// The context is not a JSON object.
    #[error("card context for {0} is not an object")]
    BadContext(&'static str),
}

static PARSED: LazyLock<Result<Vec<(Template, Value)>, RenderError>> = LazyLock::new(|| {
    Template::ALL
        .iter()
        .map(|&t| {
            let (file, text) = t.source();
            serde_json::from_str(text)
                .map(|v| (t, v))
                .map_err(|source| RenderError::InvalidTemplate { file, source })
        })
        .collect()
});

/// Parses every template; called at start-up so a broken template stops the server from starting.
pub fn check_templates() -> Result<(), &'static RenderError> {
    PARSED.as_ref().map(|_| ())
}

/// Fills `template` with the fields of `context` (any `Serialize` struct).
pub fn render(template: Template, context: &impl Serialize) -> Result<Value, RenderError> {
    let (file, _) = template.source();
    let parsed = PARSED
        .as_ref()
        .map_err(|_| RenderError::Unavailable(file))?;
    let source = parsed
        .iter()
        .find(|(t, _)| *t == template)
        .map(|(_, v)| v.clone())
        .ok_or(RenderError::Unavailable(file))?;
    fill_json(source, context, file)
}

/// Fills any JSON template (cards, the deployment manifest) with the fields of `context`.
pub fn fill_json(
    template: Value,
    context: &impl Serialize,
    file: &'static str,
) -> Result<Value, RenderError> {
    let context = match serde_json::to_value(context) {
        Ok(Value::Object(map)) => map,
        _ => return Err(RenderError::BadContext(file)),
    };
    fill(template, &context, file, None, None)
}

/// Widgets whose listed fields Google renders as (a subset of) HTML.
fn renders_html(widget: Option<&str>, field: Option<&str>) -> bool {
    matches!(
        (widget, field),
        (Some("textParagraph"), Some("text"))
            | (
                Some("decoratedText"),
                Some("text" | "topLabel" | "bottomLabel")
            )
    )
}

fn fill(
    value: Value,
    ctx: &Map<String, Value>,
    file: &'static str,
    widget: Option<&str>,
    field: Option<&str>,
) -> Result<Value, RenderError> {
    match value {
        Value::String(s) => fill_string(s, ctx, file, renders_html(widget, field)),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                // A whole-element slot holding an array is spliced in: `["{{rows}}", {...}]`.
                if let Some(name) = item.as_str().and_then(whole_slot)
                    && let Some(Value::Array(inner)) = ctx.get(name)
                {
                    out.extend(inner.iter().cloned());
                    continue;
                }
                out.push(fill(item, ctx, file, widget, field)?);
            }
            Ok(Value::Array(out))
        }
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, v) in map {
                let filled = fill(v, ctx, file, field.or(widget), Some(&key))?;
                out.insert(key, filled);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other),
    }
}

fn fill_string(
    s: String,
    ctx: &Map<String, Value>,
    file: &'static str,
    html: bool,
) -> Result<Value, RenderError> {
    if let Some(name) = whole_slot(&s) {
        let v = ctx.get(name).ok_or_else(|| RenderError::UnfilledSlot {
            file,
            slot: name.to_owned(),
        })?;
        return Ok(match v {
            Value::String(text) if html => Value::String(escape_html(text)),
            other => other.clone(),
        });
    }
    if !s.contains("{{") {
        return Ok(Value::String(s));
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(start) = rest.find("{{") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after.find("}}").ok_or_else(|| RenderError::UnfilledSlot {
            file,
            slot: after.to_owned(),
        })?;
        let name = after.get(..end).unwrap_or_default().trim();
        let text = match ctx.get(name) {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => {
                return Err(RenderError::UnfilledSlot {
                    file,
                    slot: name.to_owned(),
                });
            }
        };
        if html {
            out.push_str(&escape_html(&text));
        } else {
            out.push_str(&text);
        }
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

fn whole_slot(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then(|| inner.trim())
}

/// Escapes text for the HTML subset Google renders in text widgets.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_template_parses() {
        check_templates().unwrap();
    }

    #[test]
    fn user_text_is_escaped_only_where_google_renders_html() {
        let ctx = json!({
            "label_name": "<b>Évian & Co</b>",
            "role": "Owner",
            "contact_count": 0,
            "label_id": "x",
            "open_url": "https://a/b",
            "home_url": "https://a/c",
        });
        let card = render(Template::Label, &ctx).unwrap();
        let text = card.to_string();
        assert!(text.contains("&lt;b&gt;Évian &amp; Co&lt;/b&gt;"), "{text}");
        // The header title is plain text in Google's renderer: no escaping there.
        assert_eq!(card["header"]["title"], "<b>Évian & Co</b>");
    }

    #[test]
    fn a_missing_slot_is_an_error() {
        let err = render(Template::Error, &json!({})).unwrap_err();
        assert!(matches!(err, RenderError::UnfilledSlot { .. }), "{err}");
    }

    #[test]
    fn array_slots_are_spliced() {
        let row = json!({"decoratedText": {"text": "a"}});
        let ctx = json!({"widgets": [row.clone(), row.clone()], "x": 1});
        let filled = fill(
            json!(["{{widgets}}", {"divider": {}}]),
            ctx.as_object().unwrap(),
            "t",
            None,
            None,
        )
        .unwrap();
        assert_eq!(filled, json!([row.clone(), row, {"divider": {}}]));
    }
}
