//! Small widgets many cards share, each from its template in `cards/`.

use chrono::{DateTime, Datelike, FixedOffset, Offset, Timelike, Utc};

use crate::event::Event;
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

/// A time in the user's time zone (from the event; UTC when Google did not send one).
pub fn format_time(at: DateTime<Utc>, event: &Event) -> String {
    let offset_ms = event
        .common_event_object
        .time_zone
        .as_ref()
        .and_then(|tz| tz.offset)
        .unwrap_or(0);
    let offset = i32::try_from(offset_ms / 1000)
        .ok()
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| Utc.fix());
    let local = at.with_timezone(&offset);
    // Written out rather than through `format("%-d %b %Y, %H:%M")`, which parses its pattern on
    // every call: a message card formats a dozen times.
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = usize::try_from(local.month0())
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or_default();
    format!(
        "{} {month} {}, {:02}:{:02}",
        local.day(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// Who did something, as the user reads it: "you" for their own address, the address otherwise.
pub fn who<'a>(address: &'a str, my_address: &str) -> &'a str {
    if address.eq_ignore_ascii_case(my_address) {
        "you"
    } else {
        address
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};
    use proptest::prelude::*;

    use super::format_time;
    use crate::event::Event;

    fn event_with_offset(offset_ms: i64) -> Event {
        serde_json::from_value(serde_json::json!({
            "commonEventObject": {"timeZone": {"id": "X", "offset": offset_ms}}
        }))
        .expect("event")
    }

    proptest! {
        #[test]
        fn matches_chronos_own_formatting(secs in 0i64..4_102_444_800, quarter_hours in -48i64..=56) {
            let at: DateTime<Utc> = Utc.timestamp_opt(secs, 0).single().expect("time");
            let offset_ms = quarter_hours * 15 * 60 * 1000;
            let offset = FixedOffset::east_opt(i32::try_from(offset_ms / 1000).expect("offset"))
                .expect("offset");
            let expected = at.with_timezone(&offset).format("%-d %b %Y, %H:%M").to_string();
            prop_assert_eq!(format_time(at, &event_with_offset(offset_ms)), expected);
        }
    }
}
