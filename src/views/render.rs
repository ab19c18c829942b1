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

use crate::views::card_schema::{self, Kind, Msg};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

impl Template {
    /// The card-schema message the template's top level is: where its fragments may be placed,
    /// and what decides which of its fields are escaped.
    pub fn root(self) -> Msg {
        match self {
            Template::Homepage
            | Template::LabelForm
            | Template::Label
            | Template::Error
            | Template::Contact
            | Template::Form
            | Template::List
            | Template::Message
            | Template::Sections => Msg::Card,
            Template::LabelRow
            | Template::HomepageEmpty
            | Template::FieldError
            | Template::Note
            | Template::Reference
            | Template::ContactRow
            | Template::Button
            | Template::LinkButton
            | Template::FieldRow
            | Template::TextInput
            | Template::Selection
            | Template::CommentRow
            | Template::CommentRowAction => Msg::Widget,
            Template::Parameter => Msg::ActionParameter,
            Template::SelectionItem => Msg::SelectionItem,
            Template::Section => Msg::Section,
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
    /// The caller filled a slot the template does not have.
    #[error("template {file} has no slot {{{{{slot}}}}}")]
    UnknownSlot {
        /// The file.
        file: &'static str,
        /// The slot's name.
        slot: String,
    },
    /// A fragment was placed where the card schema expects another message (a section among
    /// widgets, say): its fields would be escaped for the wrong place.
    #[error("template {file} slot {{{{{slot}}}}} takes a {expected:?}, not a {found:?}")]
    Misplaced {
        /// The file.
        file: &'static str,
        /// The slot's name.
        slot: String,
        /// What the schema expects there.
        expected: Option<Msg>,
        /// What the fragment is.
        found: Option<Msg>,
    },
    /// The templates failed to parse at start-up.
    #[error("template {0} is unavailable")]
    Unavailable(&'static str),
}

/// Valid JSON text produced by [`render`]: a card, a widget or another message of the card schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    json: Vec<u8>,
    /// The card-schema message it is; `None` for JSON that is not card content (the manifest).
    root: Option<Msg>,
}

impl Fragment {
    /// The JSON text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.json
    }

    /// The card-schema message this fragment is, if it is card content.
    pub fn root(&self) -> Option<Msg> {
        self.root
    }

    /// Parses the fragment back into a value (tests and rarely used paths only).
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_slice(&self.json)
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
    /// A whole leaf: text escaped when `html`, or a fragment that must be an `expects`.
    Whole {
        name: String,
        html: bool,
        expects: Option<Msg>,
    },
    Inline {
        parts: Vec<Part>,
        html: bool,
    },
}

#[derive(Debug)]
enum Elem {
    Node(Node),
    /// Fragments spliced into the array; each must be an `expects`.
    Splice {
        name: String,
        html: bool,
        expects: Option<Msg>,
    },
}

#[derive(Debug)]
enum Part {
    Lit(String),
    Slot(String),
}

struct Compiled {
    file: &'static str,
    /// The schema message of the top level; `None` for JSON that is not card content.
    kind: Option<Msg>,
    root: Node,
    /// Length of the template text: a fair first guess at the output's size.
    size_hint: usize,
    /// Paths of fields the card schema does not know (escaped; refused by a test).
    unknown: Vec<String>,
    /// Every slot the template has: a value for any other name is a mistake.
    slot_names: Vec<String>,
}

static COMPILED: LazyLock<Result<Vec<(Template, Compiled)>, RenderError>> = LazyLock::new(|| {
    Template::ALL
        .iter()
        .map(|&t| {
            let (file, text) = t.source();
            compile(text, file, Some(t.root())).map(|c| (t, c))
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

/// Renders a template given as text, compiling it first: `root` is its card-schema message, or
/// `None` for JSON that is not card content (the deployment manifest), where nothing is HTML.
pub fn render_text(
    text: &str,
    file: &'static str,
    root: Option<Msg>,
    slots: &[(&str, Slot<'_>)],
) -> Result<Fragment, RenderError> {
    render_compiled(&compile(text, file, root)?, slots)
}

fn render_compiled(c: &Compiled, slots: &[(&str, Slot<'_>)]) -> Result<Fragment, RenderError> {
    // A value for a slot the template does not have is a typo or a stale caller. Checked in debug
    // builds, where every test renders every card; release builds skip the lookups.
    if cfg!(debug_assertions)
        && let Some((name, _)) = slots
            .iter()
            .find(|(name, _)| !c.slot_names.iter().any(|s| s == name))
    {
        return Err(RenderError::UnknownSlot {
            file: c.file,
            slot: (*name).to_owned(),
        });
    }
    let mut out = Vec::with_capacity(c.size_hint);
    write_node(&c.root, slots, c.file, &mut out)?;
    debug_assert!(
        serde_json::from_slice::<Value>(&out).is_ok(),
        "rendered {} is not JSON",
        c.file
    );
    Ok(Fragment {
        json: out,
        root: c.kind,
    })
}

fn compile(text: &str, file: &'static str, root: Option<Msg>) -> Result<Compiled, RenderError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|source| RenderError::InvalidTemplate { file, source })?;
    let mut unknown = Vec::new();
    let kind = root.map_or(Kind::Plain, Kind::Msg);
    let node = compile_node(&value, kind, file, &mut unknown);
    let slot_names = slots_in(&node).into_iter().map(|(name, _)| name).collect();
    Ok(Compiled {
        file,
        kind: root,
        root: node,
        size_hint: text.len(),
        unknown,
        slot_names,
    })
}

/// Fields of `template` that the card schema does not know (tests: there must be none).
pub fn unknown_fields(template: Template) -> Vec<String> {
    COMPILED
        .as_ref()
        .ok()
        .and_then(|all| all.iter().find(|(t, _)| *t == template))
        .map(|(_, c)| c.unknown.clone())
        .unwrap_or_default()
}

/// The names of `template`'s slots, each with the schema message a fragment placed there must be
/// (`None` for a text slot), in template order (tests fill every slot with this).
pub fn slots_of(template: Template) -> Vec<(String, Option<Msg>)> {
    COMPILED
        .as_ref()
        .ok()
        .and_then(|all| all.iter().find(|(t, _)| *t == template))
        .map(|(_, c)| slots_in(&c.root))
        .unwrap_or_default()
}

fn slots_in(node: &Node) -> Vec<(String, Option<Msg>)> {
    fn walk(node: &Node, out: &mut Vec<(String, Option<Msg>)>) {
        match node {
            Node::Raw(_) => {}
            Node::Object(fields) => fields.iter().for_each(|(_, n)| walk(n, out)),
            Node::Array(elems) => {
                for e in elems {
                    match e {
                        Elem::Node(n) => walk(n, out),
                        Elem::Splice { name, expects, .. } => out.push((name.clone(), *expects)),
                    }
                }
            }
            Node::Whole { name, expects, .. } => out.push((name.clone(), *expects)),
            Node::Inline { parts, .. } => out.extend(parts.iter().filter_map(|p| match p {
                Part::Slot(name) => Some((name.clone(), None)),
                Part::Lit(_) => None,
            })),
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out
}

fn has_slot(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("{{"),
        Value::Array(a) => a.iter().any(has_slot),
        Value::Object(m) => m.values().any(has_slot),
        _ => false,
    }
}

/// Whether text in a field of this kind is escaped: HTML fields, and (to err safe) unknown ones.
fn escapes(kind: Kind) -> bool {
    matches!(kind, Kind::Html | Kind::Unknown)
}

fn compile_node(v: &Value, kind: Kind, path: &str, unknown: &mut Vec<String>) -> Node {
    if !has_slot(v) {
        note_unknown(v, kind, path, unknown);
        return Node::Raw(v.to_string());
    }
    let html = escapes(kind);
    let expects = match kind {
        Kind::Msg(m) => Some(m),
        _ => None,
    };
    match v {
        Value::String(s) => match whole_slot(s) {
            Some(name) => Node::Whole {
                name: name.to_owned(),
                html,
                expects,
            },
            None => Node::Inline {
                parts: inline_parts(s),
                html,
            },
        },
        // A repeated field: each element is the field's message.
        Value::Array(items) => Node::Array(
            items
                .iter()
                .map(|item| match item.as_str().and_then(whole_slot) {
                    Some(name) => Elem::Splice {
                        name: name.to_owned(),
                        html,
                        expects,
                    },
                    None => Elem::Node(compile_node(item, kind, path, unknown)),
                })
                .collect(),
        ),
        Value::Object(map) => Node::Object(
            map.iter()
                .map(|(k, v)| {
                    let path = format!("{path}.{k}");
                    let child = child_kind(kind, k);
                    if child == Kind::Unknown {
                        unknown.push(path.clone());
                    }
                    (
                        Value::String(k.clone()).to_string(),
                        compile_node(v, child, &path, unknown),
                    )
                })
                .collect(),
        ),
        other => Node::Raw(other.to_string()),
    }
}

/// The kind of field `key` inside a value of kind `parent`.
fn child_kind(parent: Kind, key: &str) -> Kind {
    match parent {
        Kind::Msg(m) => card_schema::field(m, key),
        // JSON that is not card content (the manifest): nothing is HTML.
        Kind::Plain => Kind::Plain,
        Kind::Html | Kind::Unknown => Kind::Unknown,
    }
}

/// Records the fields of a slot-free subtree that the schema does not know.
fn note_unknown(v: &Value, kind: Kind, path: &str, unknown: &mut Vec<String>) {
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| note_unknown(i, kind, path, unknown)),
        Value::Object(map) => {
            for (k, v) in map {
                let path = format!("{path}.{k}");
                let child = child_kind(kind, k);
                if child == Kind::Unknown {
                    unknown.push(path.clone());
                }
                note_unknown(v, child, &path, unknown);
            }
        }
        _ => {}
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
                    Elem::Splice {
                        name,
                        html,
                        expects,
                    } => match lookup(slots, name, file)? {
                        Slot::List(items) => {
                            for item in items {
                                placed(item, *expects, file, name)?;
                                separate(out);
                                out.extend_from_slice(&item.json);
                            }
                        }
                        single => {
                            separate(out);
                            write_slot(single, *html, *expects, file, name, out)?;
                        }
                    },
                }
            }
            out.push(b']');
        }
        Node::Whole {
            name,
            html,
            expects,
        } => write_slot(lookup(slots, name, file)?, *html, *expects, file, name, out)?,
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

/// Refuses a fragment whose schema message is not the one its place takes.
fn placed(
    fragment: &Fragment,
    expects: Option<Msg>,
    file: &'static str,
    slot: &str,
) -> Result<(), RenderError> {
    if fragment.root == expects {
        return Ok(());
    }
    Err(RenderError::Misplaced {
        file,
        slot: slot.to_owned(),
        expected: expects,
        found: fragment.root,
    })
}

fn write_slot(
    slot: Slot<'_>,
    html: bool,
    expects: Option<Msg>,
    file: &'static str,
    name: &str,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    match slot {
        Slot::Text(t) if html => write_json_string(&escape_html(t), out),
        Slot::Text(t) => write_json_string(t, out),
        Slot::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Slot::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Slot::Json(f) => {
            placed(f, expects, file, name)?;
            out.extend_from_slice(&f.json);
        }
        Slot::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                placed(item, expects, file, name)?;
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&item.json);
            }
            out.push(b']');
        }
    }
    Ok(())
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

    /// Markup an email sender or a user could type, with every character that matters.
    const MARKUP: &str = "<a href='https://evil.example/p'>Verify & \"go\"</a>";
    const ESCAPED: &str =
        "&lt;a href=&#39;https://evil.example/p&#39;&gt;Verify &amp; &quot;go&quot;&lt;/a&gt;";

    #[test]
    fn every_template_parses() {
        check_templates().unwrap();
    }

    #[test]
    fn every_template_field_is_known_to_the_card_schema() {
        for t in Template::ALL {
            assert_eq!(unknown_fields(t), Vec::<String>::new(), "{t:?}");
        }
    }

    /// A template rendered with every text slot holding [`MARKUP`], and every fragment slot holding
    /// one fragment of the right kind rendered the same way (so fragments are checked where they
    /// land), down to `depth` levels.
    fn filled(template: Template, depth: usize) -> Fragment {
        let slots = slots_of(template);
        let fragments: Vec<Vec<Fragment>> = slots
            .iter()
            .map(|(_, expects)| match expects {
                Some(m) if depth > 0 => Template::ALL
                    .iter()
                    .filter(|t| t.root() == *m)
                    .map(|t| filled(*t, depth - 1))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let values: Vec<(&str, Slot<'_>)> = slots
            .iter()
            .zip(&fragments)
            .map(|((name, expects), frags)| {
                let slot = match expects {
                    Some(_) => Slot::List(frags),
                    None => Slot::Text(MARKUP),
                };
                (name.as_str(), slot)
            })
            .collect();
        render(template, &values).unwrap_or_else(|e| panic!("{template:?}: {e}"))
    }

    /// The judge, written apart from `card_schema::field` so that a mistake there fails here.
    /// First the fields card.proto documents as formatted ("Supports simple HTML formatted text",
    /// "Supports simple formatting", "A paragraph of text that supports formatting"), then those
    /// it is silent on that Google's clients render with formatting, escaped all the same.
    const GOOGLE_HTML: [(Msg, &str); 13] = [
        (Msg::Section, "header"),
        (Msg::TextParagraph, "text"),
        (Msg::DecoratedText, "text"),
        (Msg::DecoratedText, "topLabel"),
        (Msg::DecoratedText, "bottomLabel"),
        (Msg::CardHeader, "subtitle"),
        (Msg::Button, "text"),
        (Msg::SelectionItem, "text"),
        (Msg::SelectionItem, "bottomText"),
        (Msg::Grid, "title"),
        (Msg::GridItem, "title"),
        (Msg::GridItem, "subtitle"),
        (Msg::Chip, "label"),
    ];

    /// Every string leaf under a field the judge says Google renders as HTML, with its path.
    fn html_leaves(
        v: &Value,
        msg: Option<Msg>,
        html: bool,
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        match v {
            Value::String(s) if html => out.push((path.into(), s.clone())),
            Value::Array(items) => items
                .iter()
                .for_each(|i| html_leaves(i, msg, html, path, out)),
            Value::Object(map) => {
                let Some(m) = msg else {
                    panic!("{path} is an object where the schema has no message");
                };
                for (k, v) in map {
                    let child = match card_schema::field(m, k) {
                        Kind::Msg(c) => Some(c),
                        Kind::Unknown => panic!("{path}.{k} is not in the card schema"),
                        Kind::Html | Kind::Plain => None,
                    };
                    let html = GOOGLE_HTML.contains(&(m, k.as_str()));
                    html_leaves(v, child, html, &format!("{path}.{k}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn markup_in_any_slot_of_any_template_reaches_no_html_field_unescaped() {
        let mut checked = 0;
        for t in Template::ALL {
            let value = filled(t, 2).to_value().unwrap();
            let mut leaves = Vec::new();
            html_leaves(
                &value,
                Some(t.root()),
                false,
                &format!("{t:?}"),
                &mut leaves,
            );
            for (path, text) in leaves {
                assert!(
                    !text.contains("<a ") && !text.contains("'https"),
                    "{path} carries markup unescaped: {text}"
                );
                checked += usize::from(text.contains(ESCAPED));
            }
        }
        // Section headers, decorated and paragraph texts, buttons and selection items at least.
        assert!(checked >= 20, "only {checked} HTML fields held the markup");
    }

    #[test]
    fn section_headers_are_escaped() {
        let section = render(
            Template::Section,
            &[
                ("header", Slot::Text("Eve <eve@evil.example>")),
                ("shown", Slot::Int(4)),
                ("widgets", Slot::List(&[])),
            ],
        )
        .unwrap()
        .to_value()
        .unwrap();
        assert_eq!(section["header"], "Eve &lt;eve@evil.example&gt;");
    }

    #[test]
    fn a_fragment_placed_where_the_schema_expects_another_message_is_refused() {
        let section = render(
            Template::Section,
            &[
                ("header", Slot::Text("x")),
                ("shown", Slot::Int(4)),
                ("widgets", Slot::List(&[])),
            ],
        )
        .unwrap();
        let err = render(
            Template::Label,
            &[
                ("label_name", Slot::Text("x")),
                ("subtitle", Slot::Text("Your role: Owner")),
                ("contact_rows", Slot::List(std::slice::from_ref(&section))),
                ("actions", Slot::List(&[])),
            ],
        )
        .unwrap_err();
        assert!(matches!(err, RenderError::Misplaced { .. }), "{err}");
    }

    #[test]
    fn user_text_is_escaped_only_where_google_renders_html() {
        let name = "<b>Évian & \"Co\"</b>";
        let rows = [render(Template::Note, &[("message", Slot::Text(name))]).unwrap()];
        let card = render(
            Template::Label,
            &[
                ("label_name", Slot::Text(name)),
                ("subtitle", Slot::Text("Your role: Owner")),
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
    fn a_slot_the_template_does_not_have_is_an_error() {
        let err = render(
            Template::Note,
            &[("message", Slot::Text("x")), ("mesage", Slot::Text("typo"))],
        )
        .unwrap_err();
        assert!(matches!(err, RenderError::UnknownSlot { .. }), "{err}");
    }

    #[test]
    fn every_template_declares_its_slots() {
        for t in Template::ALL {
            let slots = slots_of(t);
            let mut names: Vec<&str> = slots.iter().map(|(n, _)| n.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                slots.len(),
                "{t:?} repeats a slot name: {slots:?}"
            );
        }
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
            Some(Msg::Widget),
            &[("t", Slot::Text("a\"b"))],
        )
        .unwrap();
        let rows = vec![row.clone(), row];
        let tpl = r#"{"widgets": ["{{rows}}", {"divider": {}}, "{{none}}"], "header": "{{n}}", "id": "x {{n}} y"}"#;
        let out = render_text(
            tpl,
            "t",
            Some(Msg::Section),
            &[
                ("rows", Slot::List(&rows)),
                ("none", Slot::List(&[])),
                ("n", Slot::Int(3)),
            ],
        )
        .unwrap();
        assert_eq!(
            out.to_value().unwrap(),
            json!({"widgets": [{"decoratedText": {"text": "a&quot;b"}}, {"decoratedText": {"text": "a&quot;b"}}, {"divider": {}}], "header": 3, "id": "x 3 y"})
        );
        let empty = render_text(
            r#"{"widgets": ["{{none}}"]}"#,
            "t",
            Some(Msg::Section),
            &[("none", Slot::List(&[]))],
        )
        .unwrap();
        assert_eq!(empty.to_value().unwrap(), json!({"widgets": []}));
    }

    #[test]
    fn json_that_is_not_card_content_escapes_nothing() {
        let out = render_text(
            r#"{"text": "{{v}}", "header": "{{v}}"}"#,
            "manifest",
            None,
            &[("v", Slot::Text("a & <b>"))],
        )
        .unwrap();
        assert_eq!(
            out.to_value().unwrap(),
            json!({"text": "a & <b>", "header": "a & <b>"})
        );
    }

    #[test]
    fn hostile_text_stays_inside_its_string() {
        let evil = "\"}]}, {\"injected\": true, \"x\": [\"\u{0}\n";
        let out = render_text(
            r#"{"name": "{{v}}", "displayStyle": "pre {{v}} post"}"#,
            "t",
            Some(Msg::Card),
            &[("v", Slot::Text(evil))],
        )
        .unwrap();
        let v = out.to_value().unwrap();
        assert_eq!(v["name"], evil);
        assert_eq!(v["displayStyle"], format!("pre {evil} post"));
        assert_eq!(v.as_object().unwrap().len(), 2);
    }
}
