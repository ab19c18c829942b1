//! What each screen shows, loaded for a caller: routes that show the same screen (a label after a
//! rename, a contact after a comment) share its loading here and render it with `views`.

pub mod contact;
pub mod feed;
pub mod home;
pub mod label;
pub mod message;
