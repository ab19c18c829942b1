//! Small widgets many cards share, each from its template in `cards/`.

use crate::views::render::{Fragment, RenderError, Slot, Template, render};

/// A button that POSTs to `url` with string `parameters`.
pub fn button(text: &str, url: &str, parameters: &[(&str, &str)]) -> Result<Fragment, RenderError> {
    let params = parameters
        .iter()
        .map(|(k, v)| {
            render(
                Template::Parameter,
                &[("key", Slot::Text(k)), ("value", Slot::Text(v))],
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    render(
        Template::Button,
        &[
            ("text", Slot::Text(text)),
            ("url", Slot::Text(url)),
            ("parameters", Slot::List(&params)),
        ],
    )
}

/// A button that opens `url` over the add-on (a page of ours, or a CRM's sign-in) and reloads
/// the card when that window closes, as Google documents for flows cards cannot hold.
pub fn link_button(text: &str, url: &str) -> Result<Fragment, RenderError> {
    render(
        Template::LinkButton,
        &[("text", Slot::Text(text)), ("url", Slot::Text(url))],
    )
}

/// A text field; `multiline` for notes and lists.
pub fn text_input(
    name: &str,
    label: &str,
    value: &str,
    multiline: bool,
) -> Result<Fragment, RenderError> {
    let kind = if multiline {
        "MULTIPLE_LINE"
    } else {
        "SINGLE_LINE"
    };
    render(
        Template::TextInput,
        &[
            ("name", Slot::Text(name)),
            ("label", Slot::Text(label)),
            ("value", Slot::Text(value)),
            ("type", Slot::Text(kind)),
        ],
    )
}

/// A dropdown of `(text, value, selected)` items.
pub fn dropdown(
    name: &str,
    label: &str,
    items: &[(&str, &str, bool)],
) -> Result<Fragment, RenderError> {
    selection("DROPDOWN", name, label, items)
}

/// Radio buttons: one value is sent.
pub fn radio_buttons(
    name: &str,
    label: &str,
    items: &[(&str, &str, bool)],
) -> Result<Fragment, RenderError> {
    selection("RADIO_BUTTON", name, label, items)
}

/// Check boxes: every ticked value is sent.
pub fn checkboxes(
    name: &str,
    label: &str,
    items: &[(&str, &str, bool)],
) -> Result<Fragment, RenderError> {
    selection("CHECK_BOX", name, label, items)
}

fn selection(
    kind: &str,
    name: &str,
    label: &str,
    items: &[(&str, &str, bool)],
) -> Result<Fragment, RenderError> {
    let items = items
        .iter()
        .map(|(t, v, s)| {
            render(
                Template::SelectionItem,
                &[
                    ("text", Slot::Text(t)),
                    ("value", Slot::Text(v)),
                    ("selected", Slot::Bool(*s)),
                ],
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    render(
        Template::Selection,
        &[
            ("kind", Slot::Text(kind)),
            ("name", Slot::Text(name)),
            ("label", Slot::Text(label)),
            ("items", Slot::List(&items)),
        ],
    )
}

/// A message shown right under the field it is about.
pub fn field_error(message: &str) -> Result<Fragment, RenderError> {
    render(Template::FieldError, &[("message", Slot::Text(message))])
}

/// A quiet remark.
pub fn note(message: &str) -> Result<Fragment, RenderError> {
    render(Template::Note, &[("message", Slot::Text(message))])
}

/// A labelled value.
pub fn field_row(label: &str, value: &str) -> Result<Fragment, RenderError> {
    render(
        Template::FieldRow,
        &[("label", Slot::Text(label)), ("value", Slot::Text(value))],
    )
}
