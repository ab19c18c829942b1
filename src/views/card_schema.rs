//! The shape of Google's card JSON (`google.apps.card.v1`), as far as escaping needs it: which
//! message each field holds, and which text fields Google renders as HTML.
//!
//! Rendering walks a template with this table, so a slot is escaped because of the field it
//! fills, whatever template it sits in. The HTML fields are those whose documentation in
//! googleapis' `google/apps/card/v1/card.proto` says they support formatting ("Supports simple
//! HTML formatted text", "Supports simple formatting"): see [`field`]. A field missing here is
//! treated as HTML (escaped), so a gap errs towards showing `&amp;`, never towards markup; a unit
//! test in `render` fails on any template field this table does not know.

/// A message of the card schema (or a string-valued field's kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    /// `Card`.
    Card,
    /// `CardHeader`.
    CardHeader,
    /// `Section`.
    Section,
    /// `CollapseControl`.
    CollapseControl,
    /// `Widget`: one of the widget kinds below.
    Widget,
    /// `TextParagraph`.
    TextParagraph,
    /// `Image`.
    Image,
    /// `DecoratedText`.
    DecoratedText,
    /// `DecoratedText.SwitchControl`.
    SwitchControl,
    /// `ButtonList`.
    ButtonList,
    /// `Button`.
    Button,
    /// `Color`.
    Color,
    /// `Icon`.
    Icon,
    /// `MaterialIcon`.
    MaterialIcon,
    /// `OnClick`.
    OnClick,
    /// `Action`.
    Action,
    /// `Action.ActionParameter`.
    ActionParameter,
    /// `OpenLink`.
    OpenLink,
    /// `TextInput`.
    TextInput,
    /// `Suggestions`.
    Suggestions,
    /// `Suggestions.SuggestionItem`.
    SuggestionItem,
    /// `SelectionInput`.
    SelectionInput,
    /// `SelectionInput.SelectionItem`.
    SelectionItem,
    /// `DateTimePicker`.
    DateTimePicker,
    /// `Divider` (no fields).
    Divider,
    /// `Grid`.
    Grid,
    /// `Grid.GridItem`.
    GridItem,
    /// `ImageComponent`.
    ImageComponent,
    /// `ChipList`.
    ChipList,
    /// `Chip`.
    Chip,
    /// `Card.CardAction`.
    CardAction,
    /// `Card.CardFixedFooter`.
    CardFixedFooter,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text Google renders as (a subset of) HTML: user text placed here is escaped.
    Html,
    /// Text shown as typed, an identifier, a URL, a number, a boolean or an enum value.
    Plain,
    /// A message, or a list of them.
    Msg(Msg),
    /// Not in this table: escaped, and refused by the template test.
    Unknown,
}

/// What field `key` (its JSON name) of message `msg` holds.
///
/// Fields card.proto itself documents as formatted (googleapis, `google/apps/card/v1/card.proto`
/// as of February 2026):
/// - `Section.header`: "Text that appears at the top of a section. Supports simple HTML formatted
///   text.";
/// - `TextParagraph.text`: the message is "A paragraph of text that supports formatting", and
///   `text_syntax` says "If not set, the text is rendered as HTML.";
/// - `DecoratedText.text`: "Required. The primary text. Supports simple formatting."
///
/// card.proto says nothing either way of the other texts shown to users. These are escaped as
/// well, because Google's clients and Apps Script's CardService have rendered formatting in them
/// and a plain text escaped costs at worst a visible entity, while markup not escaped is an
/// injection: `DecoratedText.topLabel` and `bottomLabel`, `CardHeader.subtitle`, `Button.text`,
/// `SelectionItem.text` and `bottomText`, `Grid.title`, `GridItem.title` and `subtitle`,
/// `Chip.label`.
///
/// `CardHeader.title`, `Card.name`, action URLs and parameters, text-input labels, hints and
/// values are shown or sent as typed (form values come back verbatim in the event), so they are
/// not escaped.
pub fn field(msg: Msg, key: &str) -> Kind {
    use Kind::{Html, Msg as M, Plain, Unknown};
    match (msg, key) {
        (Msg::Card, "header" | "peekCardHeader") => M(Msg::CardHeader),
        (Msg::Card, "sections") => M(Msg::Section),
        (Msg::Card, "cardActions") => M(Msg::CardAction),
        (Msg::Card, "fixedFooter") => M(Msg::CardFixedFooter),
        (Msg::Card, "name" | "displayStyle" | "sectionDividerStyle") => Plain,
        (Msg::CardHeader, "title" | "imageType" | "imageUrl" | "imageAltText") => Plain,
        (Msg::CardHeader, "subtitle") => Html,
        (Msg::CardAction, "actionLabel") => Plain,
        (Msg::CardAction, "onClick") => M(Msg::OnClick),
        (Msg::CardFixedFooter, "primaryButton" | "secondaryButton") => M(Msg::Button),
        (Msg::Section, "header") => Html,
        (Msg::Section, "widgets") => M(Msg::Widget),
        (Msg::Section, "collapseControl") => M(Msg::CollapseControl),
        (Msg::Section, "collapsible" | "uncollapsibleWidgetsCount" | "id") => Plain,
        (Msg::CollapseControl, "expandButton" | "collapseButton") => M(Msg::Button),
        (Msg::CollapseControl, "horizontalAlignment") => Plain,
        (Msg::Widget, "textParagraph") => M(Msg::TextParagraph),
        (Msg::Widget, "image") => M(Msg::Image),
        (Msg::Widget, "decoratedText") => M(Msg::DecoratedText),
        (Msg::Widget, "buttonList") => M(Msg::ButtonList),
        (Msg::Widget, "textInput") => M(Msg::TextInput),
        (Msg::Widget, "selectionInput") => M(Msg::SelectionInput),
        (Msg::Widget, "dateTimePicker") => M(Msg::DateTimePicker),
        (Msg::Widget, "divider") => M(Msg::Divider),
        (Msg::Widget, "grid") => M(Msg::Grid),
        (Msg::Widget, "chipList") => M(Msg::ChipList),
        (Msg::Widget, "horizontalAlignment" | "id") => Plain,
        (Msg::TextParagraph, "text") => Html,
        (Msg::TextParagraph, "maxLines" | "textSyntax") => Plain,
        (Msg::Image, "imageUrl" | "altText") => Plain,
        (Msg::Image, "onClick") => M(Msg::OnClick),
        (Msg::DecoratedText, "text" | "topLabel" | "bottomLabel") => Html,
        (Msg::DecoratedText, "icon" | "startIcon" | "endIcon") => M(Msg::Icon),
        (Msg::DecoratedText, "onClick") => M(Msg::OnClick),
        (Msg::DecoratedText, "button") => M(Msg::Button),
        (Msg::DecoratedText, "switchControl") => M(Msg::SwitchControl),
        (Msg::DecoratedText, "wrapText") => Plain,
        (Msg::SwitchControl, "name" | "value" | "selected" | "controlType") => Plain,
        (Msg::SwitchControl, "onChangeAction") => M(Msg::Action),
        (Msg::ButtonList, "buttons") => M(Msg::Button),
        (Msg::Button, "text") => Html,
        (Msg::Button, "icon") => M(Msg::Icon),
        (Msg::Button, "color") => M(Msg::Color),
        (Msg::Button, "onClick") => M(Msg::OnClick),
        (Msg::Button, "disabled" | "altText" | "type") => Plain,
        (Msg::Color, "red" | "green" | "blue" | "alpha") => Plain,
        (Msg::Icon, "knownIcon" | "iconUrl" | "altText" | "imageType") => Plain,
        (Msg::Icon, "materialIcon") => M(Msg::MaterialIcon),
        (Msg::MaterialIcon, "name" | "fill" | "weight" | "grade") => Plain,
        (Msg::OnClick, "action" | "openDynamicLinkAction") => M(Msg::Action),
        (Msg::OnClick, "openLink") => M(Msg::OpenLink),
        (Msg::OnClick, "card") => M(Msg::Card),
        (
            Msg::Action,
            "function"
            | "loadIndicator"
            | "interaction"
            | "persistValues"
            | "requiredWidgets"
            | "allWidgetsAreRequired",
        ) => Plain,
        (Msg::Action, "parameters") => M(Msg::ActionParameter),
        (Msg::ActionParameter, "key" | "value") => Plain,
        (Msg::OpenLink, "url" | "openAs" | "onClose") => Plain,
        (
            Msg::TextInput,
            "name" | "label" | "hintText" | "value" | "type" | "placeholderText" | "validation",
        ) => Plain,
        (Msg::TextInput, "onChangeAction" | "autoCompleteAction") => M(Msg::Action),
        (Msg::TextInput, "initialSuggestions") => M(Msg::Suggestions),
        (Msg::Suggestions, "items") => M(Msg::SuggestionItem),
        (Msg::SuggestionItem, "text") => Plain,
        (
            Msg::SelectionInput,
            "name" | "label" | "type" | "multiSelectMaxSelectedItems" | "multiSelectMinQueryLength",
        ) => Plain,
        (Msg::SelectionInput, "items") => M(Msg::SelectionItem),
        (Msg::SelectionInput, "onChangeAction") => M(Msg::Action),
        (Msg::SelectionItem, "text" | "bottomText") => Html,
        (Msg::SelectionItem, "value" | "selected" | "startIconUri") => Plain,
        (
            Msg::DateTimePicker,
            "name" | "label" | "type" | "valueMsEpoch" | "timezoneOffsetDate",
        ) => Plain,
        (Msg::DateTimePicker, "onChangeAction") => M(Msg::Action),
        (Msg::Grid, "title") => Html,
        (Msg::Grid, "items") => M(Msg::GridItem),
        (Msg::Grid, "onClick") => M(Msg::OnClick),
        (Msg::Grid, "columnCount" | "borderStyle") => Plain,
        (Msg::GridItem, "title" | "subtitle") => Html,
        (Msg::GridItem, "image") => M(Msg::ImageComponent),
        (Msg::GridItem, "id" | "layout") => Plain,
        (Msg::ImageComponent, "imageUri" | "altText" | "cropStyle" | "borderStyle") => Plain,
        (Msg::ChipList, "chips") => M(Msg::Chip),
        (Msg::ChipList, "layout") => Plain,
        (Msg::Chip, "label") => Html,
        (Msg::Chip, "icon") => M(Msg::Icon),
        (Msg::Chip, "onClick") => M(Msg::OnClick),
        (Msg::Chip, "enabled" | "disabled" | "altText") => Plain,
        _ => Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, Msg, field};

    #[test]
    fn the_fields_google_documents_as_html_are_html() {
        for (msg, key) in [
            (Msg::Section, "header"),
            (Msg::TextParagraph, "text"),
            (Msg::DecoratedText, "text"),
            (Msg::DecoratedText, "topLabel"),
            (Msg::DecoratedText, "bottomLabel"),
            (Msg::Button, "text"),
            (Msg::SelectionItem, "text"),
            (Msg::GridItem, "title"),
            (Msg::Chip, "label"),
        ] {
            assert_eq!(field(msg, key), Kind::Html, "{msg:?}.{key}");
        }
        assert_eq!(field(Msg::CardHeader, "title"), Kind::Plain);
        assert_eq!(field(Msg::TextInput, "value"), Kind::Plain);
        assert_eq!(field(Msg::Section, "made_up"), Kind::Unknown);
    }
}
