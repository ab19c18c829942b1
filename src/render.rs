//! Card templates from `cards/`, filled structurally.
//!
//! Each template is parsed once into a tree whose slots are whole JSON leaves (`"{{name}}"`) or
//! placeholders inside a string leaf. Rendering walks that tree and writes JSON text directly:
//! literal parts were serialised by serde_json at start-up, slot values are encoded by serde_json
//! at render time, so user text can never break out of its string, and the output is valid JSON by
//! construction. User text is also HTML-escaped in the fields where Google renders HTML.
//! Writing text instead of building `serde_json::Value` trees is what keeps a homepage with many
//! rows cheap (see BENCHMARKS.md).

use std::sync::LazyLock;

use serde_json::Value;

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
    /// A quiet remark under a list.
    Note,
    /// One label, opened.
    Label,
    /// Something went wrong; carries a message and maybe a reference.
    Error,
    /// The opaque reference of an internal failure, under the error message.
    Reference,
    /// A contact in a list.
    ContactRow,
    /// One button with an action and parameters.
    Button,
    /// One action parameter.
    Parameter,
    /// A labelled value on the contact card.
    FieldRow,
    /// One contact, opened.
    Contact,
    /// A text field in a form.
    TextInput,
    /// A form card: inputs, messages and buttons.
    Form,
    /// A list card: rows, then actions.
    List,
    /// A dropdown.
    Selection,
    /// One choice in a dropdown.
    SelectionItem,
    /// A comment under a contact.
    CommentRow,
    /// A comment with a button (edit for its author, remove for a manager).
    CommentRowAction,
    /// The people on an open email.
    Message,
    /// A collapsible card section.
    Section,
}

impl Template {
    /// Every template, so start-up can check them all.
    pub const ALL: [Template; 23] = [
        Template::Homepage,
        Template::LabelRow,
        Template::HomepageEmpty,
        Template::LabelForm,
        Template::FieldError,
        Template::Note,
        Template::Label,
        Template::Error,
        Template::Reference,
        Template::ContactRow,
        Template::Button,
        Template::Parameter,
        Template::FieldRow,
        Template::Contact,
        Template::TextInput,
        Template::Form,
        Template::List,
        Template::Selection,
        Template::SelectionItem,
        Template::CommentRow,
        Template::CommentRowAction,
        Template::Message,
        Template::Section,
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
            Template::Note => ("note.json", include_str!("../cards/note.json")),
            Template::Label => ("label.json", include_str!("../cards/label.json")),
            Template::Error => ("error.json", include_str!("../cards/error.json")),
            Template::Reference => ("reference.json", include_str!("../cards/reference.json")),
            Template::ContactRow => (
                "contact_row.json",
                include_str!("../cards/contact_row.json"),
            ),
            Template::Button => ("button.json", include_str!("../cards/button.json")),
            Template::Parameter => ("parameter.json", include_str!("../cards/parameter.json")),
            Template::FieldRow => ("field_row.json", include_str!("../cards/field_row.json")),
            Template::Contact => ("contact.json", include_str!("../cards/contact.json")),
            Template::TextInput => ("text_input.json", include_str!("../cards/text_input.json")),
            Template::Form => ("form.json", include_str!("../cards/form.json")),
            Template::List => ("list.json", include_str!("../cards/list.json")),
            Template::Selection => ("selection.json", include_str!("../cards/selection.json")),
            Template::SelectionItem => (
                "selection_item.json",
                include_str!("../cards/selection_item.json"),
            ),
            Template::CommentRow => (
                "comment_row.json",
                include_str!("../cards/comment_row.json"),
            ),
            Template::CommentRowAction => (
                "comment_row_action.json",
                include_str!("../cards/comment_row_action.json"),
            ),
            Template::Message => ("message.json", include_str!("../cards/message.json")),
            Template::Section => ("section.json", include_str!("../cards/section.json")),
        }
    }
}

/// Why a card could not be produced; always a programming error, caught by the test suite.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template is not valid JSON.
    #[error("template {file} is not valid JSON: {source}")]
    InvalidTemplate {
        /// The file.
        file: &'static str,
        /// The parser's complaint.
        #[source]
        source: serde_json::Error,
    },
    /// The template names a slot the caller did not fill, or fills it with the wrong kind.
    #[error("template {file} has slot {{{{{slot}}}}} that is not filled with a usable value")]
    UnfilledSlot {
        /// The file.
        file: &'static str,
        /// The slot's name.
        slot: String,
    },
    /// The templates failed to parse at start-up.
    #[error("template {0} is unavailable")]
    Unavailable(&'static str),
}

/// Valid JSON text produced by [`render`]: a card, a widget or a list of widgets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment(Vec<u8>);

impl Fragment {
    /// The JSON text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Parses the fragment back into a value (tests and rarely used paths only).
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_slice(&self.0)
    }
}

/// A value for one slot.
#[derive(Debug, Clone, Copy)]
pub enum Slot<'a> {
    /// Text, JSON-encoded (and HTML-escaped where Google renders HTML).
    Text(&'a str),
    /// A number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An already rendered fragment placed as is.
    Json(&'a Fragment),
    /// Rendered fragments: spliced into the surrounding array, or written as an array.
    List(&'a [Fragment]),
}

/// A template's parsed form.
#[derive(Debug)]
enum Node {
    /// A subtree with no slot, already serialised.
    Raw(String),
    Object(Vec<(String, Node)>),
    Array(Vec<Elem>),
    Whole {
        name: String,
        html: bool,
    },
    Inline {
        parts: Vec<Part>,
        html: bool,
    },
}

#[derive(Debug)]
enum Elem {
    Node(Node),
    Splice(String),
}

#[derive(Debug)]
enum Part {
    Lit(String),
    Slot(String),
}

struct Compiled {
    file: &'static str,
    root: Node,
    /// Length of the template text: a fair first guess at the output's size.
    size_hint: usize,
}

static COMPILED: LazyLock<Result<Vec<(Template, Compiled)>, RenderError>> = LazyLock::new(|| {
    Template::ALL
        .iter()
        .map(|&t| {
            let (file, text) = t.source();
            compile(text, file).map(|c| (t, c))
        })
        .collect()
});

/// Parses every template; called at start-up so a broken template stops the server from starting.
pub fn check_templates() -> Result<(), &'static RenderError> {
    COMPILED.as_ref().map(|_| ())
}

/// Renders `template` with `slots`.
pub fn render(template: Template, slots: &[(&str, Slot<'_>)]) -> Result<Fragment, RenderError> {
    let (file, _) = template.source();
    let compiled = COMPILED
        .as_ref()
        .map_err(|_| RenderError::Unavailable(file))?;
    let c = compiled
        .iter()
        .find(|(t, _)| *t == template)
        .map(|(_, c)| c)
        .ok_or(RenderError::Unavailable(file))?;
    render_compiled(c, slots)
}

/// Renders a template given as text (the deployment manifest), compiling it first.
pub fn render_text(
    text: &str,
    file: &'static str,
    slots: &[(&str, Slot<'_>)],
) -> Result<Fragment, RenderError> {
    render_compiled(&compile(text, file)?, slots)
}

fn render_compiled(c: &Compiled, slots: &[(&str, Slot<'_>)]) -> Result<Fragment, RenderError> {
    let mut out = Vec::with_capacity(c.size_hint);
    write_node(&c.root, slots, c.file, &mut out)?;
    debug_assert!(
        serde_json::from_slice::<Value>(&out).is_ok(),
        "rendered {} is not JSON",
        c.file
    );
    Ok(Fragment(out))
}

fn compile(text: &str, file: &'static str) -> Result<Compiled, RenderError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|source| RenderError::InvalidTemplate { file, source })?;
    Ok(Compiled {
        file,
        root: compile_node(&value, None, None),
        size_hint: text.len(),
    })
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

fn has_slot(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("{{"),
        Value::Array(a) => a.iter().any(has_slot),
        Value::Object(m) => m.values().any(has_slot),
        _ => false,
    }
}

fn compile_node(v: &Value, widget: Option<&str>, field: Option<&str>) -> Node {
    if !has_slot(v) {
        return Node::Raw(v.to_string());
    }
    let html = renders_html(widget, field);
    match v {
        Value::String(s) => match whole_slot(s) {
            Some(name) => Node::Whole {
                name: name.to_owned(),
                html,
            },
            None => Node::Inline {
                parts: inline_parts(s),
                html,
            },
        },
        Value::Array(items) => Node::Array(
            items
                .iter()
                .map(|item| match item.as_str().and_then(whole_slot) {
                    Some(name) => Elem::Splice(name.to_owned()),
                    None => Elem::Node(compile_node(item, widget, field)),
                })
                .collect(),
        ),
        Value::Object(map) => Node::Object(
            map.iter()
                .map(|(k, v)| {
                    (
                        Value::String(k.clone()).to_string(),
                        compile_node(v, field.or(widget), Some(k)),
                    )
                })
                .collect(),
        ),
        other => Node::Raw(other.to_string()),
    }
}

fn inline_parts(s: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let (lit, after) = (
            rest.get(..start).unwrap_or_default(),
            rest.get(start + 2..).unwrap_or_default(),
        );
        let Some(end) = after.find("}}") else { break };
        if !lit.is_empty() {
            parts.push(Part::Lit(lit.to_owned()));
        }
        parts.push(Part::Slot(
            after.get(..end).unwrap_or_default().trim().to_owned(),
        ));
        rest = after.get(end + 2..).unwrap_or_default();
    }
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_owned()));
    }
    parts
}

fn whole_slot(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then(|| inner.trim())
}

fn lookup<'a>(
    slots: &'a [(&str, Slot<'a>)],
    name: &str,
    file: &'static str,
) -> Result<Slot<'a>, RenderError> {
    slots
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .ok_or_else(|| RenderError::UnfilledSlot {
            file,
            slot: name.to_owned(),
        })
}

fn write_node(
    node: &Node,
    slots: &[(&str, Slot<'_>)],
    file: &'static str,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    match node {
        Node::Raw(text) => out.extend_from_slice(text.as_bytes()),
        Node::Object(fields) => {
            out.push(b'{');
            for (i, (key, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(key.as_bytes());
                out.push(b':');
                write_node(value, slots, file, out)?;
            }
            out.push(b'}');
        }
        Node::Array(elems) => {
            out.push(b'[');
            let mut first = true;
            let mut separate = |out: &mut Vec<u8>| {
                if !std::mem::take(&mut first) {
                    out.push(b',');
                }
            };
            for elem in elems {
                match elem {
                    Elem::Node(n) => {
                        separate(out);
                        write_node(n, slots, file, out)?;
                    }
                    Elem::Splice(name) => match lookup(slots, name, file)? {
                        Slot::List(items) => {
                            for item in items {
                                separate(out);
                                out.extend_from_slice(&item.0);
                            }
                        }
                        single => {
                            separate(out);
                            write_slot(single, false, out);
                        }
                    },
                }
            }
            out.push(b']');
        }
        Node::Whole { name, html } => write_slot(lookup(slots, name, file)?, *html, out),
        Node::Inline { parts, html } => {
            let mut text = String::new();
            for part in parts {
                match part {
                    Part::Lit(lit) => text.push_str(lit),
                    Part::Slot(name) => match lookup(slots, name, file)? {
                        Slot::Text(t) if *html => push_escaped_html(&mut text, t),
                        Slot::Text(t) => text.push_str(t),
                        Slot::Int(n) => text.push_str(&n.to_string()),
                        Slot::Bool(b) => text.push_str(if b { "true" } else { "false" }),
                        Slot::Json(_) | Slot::List(_) => {
                            return Err(RenderError::UnfilledSlot {
                                file,
                                slot: name.clone(),
                            });
                        }
                    },
                }
            }
            write_json_string(&text, out);
        }
    }
    Ok(())
}

fn write_slot(slot: Slot<'_>, html: bool, out: &mut Vec<u8>) {
    match slot {
        Slot::Text(t) if html => write_json_string(&escape_html(t), out),
        Slot::Text(t) => write_json_string(t, out),
        Slot::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Slot::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Slot::Json(f) => out.extend_from_slice(&f.0),
        Slot::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&item.0);
            }
            out.push(b']');
        }
    }
}

fn write_json_string(text: &str, out: &mut Vec<u8>) {
    // Writing a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// Escapes text for the HTML subset Google renders in text widgets.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_html(&mut out, text);
    out
}

fn push_escaped_html(out: &mut String, text: &str) {
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
        let name = "<b>Évian & \"Co\"</b>";
        let rows = [render(Template::Note, &[("message", Slot::Text(name))]).unwrap()];
        let card = render(
            Template::Label,
            &[
                ("label_name", Slot::Text(name)),
                ("role", Slot::Text("Owner")),
                ("contact_count", Slot::Int(0)),
                ("contact_rows", Slot::List(&rows)),
                ("actions", Slot::List(&[])),
            ],
        )
        .unwrap()
        .to_value()
        .unwrap();
        let text = card["sections"][0]["widgets"][0]["textParagraph"]["text"]
            .as_str()
            .unwrap();
        assert!(
            text.contains("<i>&lt;b&gt;Évian &amp; &quot;Co&quot;&lt;/b&gt;</i>"),
            "{text}"
        );
        // The header title is plain text in Google's renderer: no escaping there.
        assert_eq!(card["header"]["title"], name);
    }

    #[test]
    fn a_missing_slot_is_an_error() {
        let err = render(Template::Error, &[]).unwrap_err();
        assert!(matches!(err, RenderError::UnfilledSlot { .. }), "{err}");
    }

    #[test]
    fn lists_are_spliced_into_arrays_and_empty_lists_leave_valid_json() {
        let row = render_text(
            r#"{"decoratedText": {"text": "{{t}}"}}"#,
            "row",
            &[("t", Slot::Text("a\"b"))],
        )
        .unwrap();
        let rows = vec![row.clone(), row];
        let tpl =
            r#"{"w": ["{{rows}}", {"divider": {}}, "{{none}}"], "n": "{{n}}", "s": "x {{n}} y"}"#;
        let out = render_text(
            tpl,
            "t",
            &[
                ("rows", Slot::List(&rows)),
                ("none", Slot::List(&[])),
                ("n", Slot::Int(3)),
            ],
        )
        .unwrap();
        assert_eq!(
            out.to_value().unwrap(),
            json!({"w": [{"decoratedText": {"text": "a&quot;b"}}, {"decoratedText": {"text": "a&quot;b"}}, {"divider": {}}], "n": 3, "s": "x 3 y"})
        );
        let empty =
            render_text(r#"{"w": ["{{none}}"]}"#, "t", &[("none", Slot::List(&[]))]).unwrap();
        assert_eq!(empty.to_value().unwrap(), json!({"w": []}));
    }

    #[test]
    fn hostile_text_stays_inside_its_string() {
        let evil = "\"}]}, {\"injected\": true, \"x\": [\"\u{0}\n";
        let out = render_text(
            r#"{"a": "{{v}}", "b": "pre {{v}} post"}"#,
            "t",
            &[("v", Slot::Text(evil))],
        )
        .unwrap();
        let v = out.to_value().unwrap();
        assert_eq!(v["a"], evil);
        assert_eq!(v["b"], format!("pre {evil} post"));
        assert_eq!(v.as_object().unwrap().len(), 2);
    }
}
