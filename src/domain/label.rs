//! Label names: what a user may call a label.

use std::fmt;

use super::text::{self, Lines, TextError};

/// Longest label name, in characters. Google Contacts shows group names in narrow menus.
pub const MAX_NAME_CHARS: usize = 100;

/// A trimmed, non-empty label name of at most [`MAX_NAME_CHARS`] printable characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelName(String);

/// Why a label name was refused; the message is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelNameError {
    /// Nothing but spaces.
    #[error("Enter a name for the label.")]
    Empty,
    /// Too long.
    #[error("Use at most {MAX_NAME_CHARS} characters.")]
    TooLong,
    /// Line breaks, tabs or other control characters.
    #[error("{0}")]
    ControlCharacters(#[from] TextError),
}

impl super::message::Explain for LabelNameError {
    fn message(&self) -> super::message::Msg {
        use super::message::Msg;
        match self {
            LabelNameError::Empty => Msg::new("error-label-name-empty"),
            LabelNameError::TooLong => Msg::new("error-too-long").with("max", MAX_NAME_CHARS),
            LabelNameError::ControlCharacters(e) => e.message(),
        }
    }
}

impl LabelName {
    /// Validates a name typed by a user.
    pub fn parse(raw: &str) -> Result<Self, LabelNameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(LabelNameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(LabelNameError::TooLong);
        }
        text::check(name, Lines::Single)?;
        Ok(Self(name.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(LabelName::parse("  Clients  ").unwrap().as_str(), "Clients");
        assert_eq!(LabelName::parse("   "), Err(LabelNameError::Empty));
        assert_eq!(
            LabelName::parse("a\nb"),
            Err(LabelNameError::ControlCharacters(TextError::LineBreak))
        );
        assert_eq!(
            LabelName::parse("a\u{0}b"),
            Err(LabelNameError::ControlCharacters(
                TextError::ControlCharacter
            ))
        );
        assert_eq!(
            LabelName::parse(&"é".repeat(100))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            100
        );
        assert_eq!(
            LabelName::parse(&"é".repeat(101)),
            Err(LabelNameError::TooLong)
        );
    }

    proptest! {
        #[test]
        fn accepted_names_are_never_blank_or_too_long(raw in "\\PC{0,120}") {
            if let Ok(name) = LabelName::parse(&raw) {
                prop_assert!(!name.as_str().trim().is_empty());
                prop_assert!(name.as_str().chars().count() <= MAX_NAME_CHARS);
                prop_assert_eq!(name.as_str(), name.as_str().trim());
            }
        }
    }
}
