//! Comments on contacts: their length, who may edit or remove them, and @mentions.

use super::contact::normalize_email;
use super::permission::{Action, allows};
use super::role::Role;
use super::text::{self, Lines, TextError};

/// Longest comment, in characters.
pub const MAX_BODY: usize = 5_000;

/// Why a comment was refused; shown next to the comment box.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommentError {
    /// Nothing but spaces.
    #[error("Write something first.")]
    Empty,
    /// Too long.
    #[error("Use at most {MAX_BODY} characters.")]
    TooLong,
    /// NUL or another control character.
    #[error("{0}")]
    Text(#[from] TextError),
    /// A viewer asked for a public comment.
    #[error("Your role lets you write private comments only.")]
    PublicNotAllowed,
}

impl super::message::Explain for CommentError {
    fn message(&self) -> super::message::Msg {
        use super::message::Msg;
        match self {
            CommentError::Empty => Msg::new("error-comment-empty"),
            CommentError::TooLong => Msg::new("error-too-long").with("max", MAX_BODY),
            CommentError::Text(e) => e.message(),
            CommentError::PublicNotAllowed => Msg::new("error-comment-public-not-allowed"),
        }
    }
}

/// Checks a comment body and whether `role` may post it with this visibility.
pub fn check_new(role: Role, body: &str, public: bool) -> Result<String, CommentError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(CommentError::Empty);
    }
    if body.chars().count() > MAX_BODY {
        return Err(CommentError::TooLong);
    }
    text::check(body, Lines::Multi)?;
    let needed = if public {
        Action::CommentPublicly
    } else {
        Action::CommentPrivately
    };
    if !allows(Some(role), needed) {
        return Err(CommentError::PublicNotAllowed);
    }
    Ok(body.to_owned())
}

/// Whether the caller may edit a comment: authors edit their own, nobody else.
pub fn may_edit(is_author: bool) -> bool {
    is_author
}

/// Whether the caller may remove a comment: its author, or a manager for public comments.
pub fn may_remove(role: Role, is_author: bool, is_public: bool) -> bool {
    is_author || (is_public && allows(Some(role), Action::ModerateComments))
}

/// The addresses @mentioned in a body (`@someone@example.com`), lower-cased, without repeats.
pub fn mentioned_emails(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in body.split_whitespace() {
        let Some(rest) = word.strip_prefix('@') else {
            continue;
        };
        let candidate = rest.trim_end_matches(|c: char| ",.;:!?)]}\"'".contains(c));
        if let Some(email) = normalize_email(candidate).map(|e| e.to_lowercase())
            && !out.contains(&email)
        {
            out.push(email);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewers_comment_privately_only() {
        assert_eq!(
            check_new(Role::Viewer, "hi", true),
            Err(CommentError::PublicNotAllowed)
        );
        assert_eq!(check_new(Role::Viewer, " hi ", false).as_deref(), Ok("hi"));
        assert_eq!(
            check_new(Role::Editor, "  ", true),
            Err(CommentError::Empty)
        );
        assert_eq!(
            check_new(Role::Editor, &"x".repeat(MAX_BODY + 1), true),
            Err(CommentError::TooLong)
        );
    }

    #[test]
    fn managers_remove_public_comments_of_others_but_not_private_ones() {
        assert!(may_remove(Role::Manager, false, true));
        assert!(!may_remove(Role::Manager, false, false));
        assert!(!may_remove(Role::Deleter, false, true));
        assert!(may_remove(Role::Viewer, true, false));
    }

    #[test]
    fn mentions_are_found_and_deduplicated() {
        assert_eq!(
            mentioned_emails(
                "Ask @Ann@Example.com, and @bob@x.org. Also @ann@example.com and me@x.org"
            ),
            ["ann@example.com", "bob@x.org"]
        );
    }
}
