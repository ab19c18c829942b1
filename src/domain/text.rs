//! What a typed text may contain: every field a user fills is checked here before it is stored.
//!
//! PostgreSQL refuses NUL in `text`, the People API and the XML-based vCard and CSV readers of
//! other tools choke on the other C0/C1 control characters, and none of them can be typed on
//! purpose. So a text holding one is refused with a message next to its field, never stored and
//! never turned into an internal error. Line breaks (and tabs) are allowed only where the field
//! holds several lines.

/// Whether a field holds one line or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a company, a search: no line break.
    Single,
    /// Notes, addresses, lists typed one per line, comments.
    Multi,
}

/// Why a text was refused; the message is shown next to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A line break in a one-line field.
    #[error("Use a single line.")]
    LineBreak,
    /// NUL, escape and the other invisible control characters.
    #[error("Remove the invisible control characters (such as NUL) from this text.")]
    ControlCharacter,
}

impl super::message::Explain for TextError {
    fn message(&self) -> super::message::Msg {
        super::message::Msg::new(match self {
            TextError::LineBreak => "error-single-line",
            TextError::ControlCharacter => "error-control-characters",
        })
    }
}

/// Checks that `text` holds no control character, allowing line breaks and tabs in `Multi`.
pub fn check(text: &str, lines: Lines) -> Result<(), TextError> {
    let mut line_break = false;
    for c in text.chars().filter(|c| c.is_control()) {
        match c {
            '\n' | '\r' | '\t' if lines == Lines::Multi => {}
            '\n' | '\r' => line_break = true,
            _ => return Err(TextError::ControlCharacter),
        }
    }
    if line_break {
        return Err(TextError::LineBreak);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_breaks_only_where_lines_are_expected() {
        assert_eq!(check("a\nb", Lines::Multi), Ok(()));
        assert_eq!(check("a\r\n\tb", Lines::Multi), Ok(()));
        assert_eq!(check("a\nb", Lines::Single), Err(TextError::LineBreak));
        assert_eq!(
            check("a\tb", Lines::Single),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(check("Évian, 5 €", Lines::Single), Ok(()));
    }

    #[test]
    fn nul_escape_and_c1_are_refused_everywhere() {
        for bad in ["\u{0}", "\u{1b}[31m", "\u{7f}", "\u{85}", "\u{9f}"] {
            for lines in [Lines::Single, Lines::Multi] {
                assert_eq!(
                    check(&format!("ok{bad}ok"), lines),
                    Err(TextError::ControlCharacter),
                    "{bad:?}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn accepted_text_never_holds_a_character_postgres_refuses(s in "\\PC*") {
            if check(&s, Lines::Multi).is_ok() {
                prop_assert!(!s.contains(char::from(0)), "NUL accepted");
            }
            prop_assert!(check(&s, Lines::Single).is_ok());
        }
    }
}
