//! Action parameters: the names the views put on buttons and the routes read back, spelled once.

/// A label's id.
pub const LABEL_ID: &str = "label_id";
/// A contact's id.
pub const CONTACT_ID: &str = "contact_id";
/// A share's id.
pub const SHARE_ID: &str = "share_id";
/// A comment's id.
pub const COMMENT_ID: &str = "comment_id";
/// A page of a list, from 0.
pub const PAGE: &str = "page";
/// The search query, carried to the next page.
pub const QUERY: &str = "q";
/// The contact version a form was based on.
pub const VERSION: &str = "version";
/// `on` or `off`: a label's sync into the caller's Google Contacts.
pub const SYNC: &str = "sync";
/// `yes` once the user confirmed a deletion.
pub const CONFIRM: &str = "confirm";
/// Where an action was started (`message`, `form`), to answer with the right card.
pub const FROM: &str = "from";
/// The name of the dropdown holding the label picked on the message card.
pub const LABEL_FIELD: &str = "label_field";
/// `yes` once the user chose to save a contact that looks like one already in the label.
pub const DUPLICATE_OK: &str = "duplicate_ok";
/// A held change (deletions made in Google Contacts).
pub const HELD_ID: &str = "held_id";
/// `approve` or `dismiss` a held change.
pub const DECISION: &str = "decision";
/// A contact group in the caller's Google Contacts (`contactGroups/…`).
pub const GROUP: &str = "group";
/// A user of the admin's domain.
pub const USER_ID: &str = "user_id";
/// The audit log below this entry id.
pub const BEFORE: &str = "before";
/// A list after this key.
pub const AFTER: &str = "after";
/// A file import.
pub const IMPORT_ID: &str = "import_id";
/// A file format (`google`, `outlook`, `vcard`).
pub const FORMAT: &str = "format";
/// What an import does with rows matching a contact (`skip`, `fill`, `overwrite`).
pub const ON_MATCH: &str = "on_match";
/// The other contact of a merge.
pub const OTHER_ID: &str = "other_id";
/// A merge of two contacts.
pub const MERGE_ID: &str = "merge_id";
