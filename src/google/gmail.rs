//! Gmail API client for the open message: who sent it and to whom (From, To, Cc), read with the
//! user's token and the per-message Gmail access token from the add-on event.
//!
//! See <https://developers.google.com/workspace/add-ons/guides/alternate-runtimes> ("Extract the
//! information") and <https://developers.google.com/gmail/api/reference/rest/v1/users.messages/get>.

use mailparse::{MailAddr, SingleInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::{Deserialize, Serialize};
use url::Url;

/// The header carrying the per-message token from the event's `gmail.accessToken`.
pub const GMAIL_ACCESS_TOKEN_HEADER: &str = "X-Goog-Gmail-Access-Token";
/// Headers asked for, in the order participants are listed.
const PARTICIPANT_HEADERS: [&str; 3] = ["From", "To", "Cc"];

/// Why the participants could not be read. Never carries a token.
#[derive(Debug, thiserror::Error)]
pub enum GmailError {
    /// The user's token or the message token was refused (401 or 403).
    #[error("Gmail refused access to the message")]
    Forbidden,
    /// No such message in the user's mailbox.
    #[error("the message was not found")]
    NotFound,
    /// Rate-limited, failing, slow or unreachable; worth retrying later.
    #[error("Gmail is unavailable")]
    Unavailable(#[source] Option<reqwest::Error>),
    /// Any other answer.
    #[error("unexpected answer from Gmail (HTTP {status})")]
    Unexpected {
        /// HTTP status.
        status: u16,
    },
    /// A success answer that is not a message resource.
    #[error("Gmail's answer could not be read")]
    InvalidResponse(#[source] reqwest::Error),
    /// The configured Gmail base URL cannot have a path appended.
    #[error("the Gmail API base URL is not usable")]
    InvalidBaseUrl,
}

/// One address of a message header.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Participant {
    /// Display name, decoded, if the header gave one.
    pub name: Option<String>,
    /// Address, lowercased.
    pub email: String,
}

/// The people on a message, header by header, in header order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Participants {
    /// Senders (`From`).
    pub from: Vec<Participant>,
    /// Recipients (`To`).
    pub to: Vec<Participant>,
    /// Copied recipients (`Cc`).
    pub cc: Vec<Participant>,
}

impl Participants {
    /// Everyone once, by email, in the order from, to, cc; a name found later fills a missing one.
    pub fn all(&self) -> Vec<Participant> {
        let mut out: Vec<Participant> = Vec::new();
        for p in self.from.iter().chain(&self.to).chain(&self.cc) {
            match out.iter_mut().find(|seen| seen.email == p.email) {
                Some(seen) => {
                    if seen.name.is_none() {
                        seen.name.clone_from(&p.name);
                    }
                }
                None => out.push(p.clone()),
            }
        }
        out
    }

    /// Sorts the `payload.headers` of a metadata message into participants.
    fn from_headers<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut participants = Self::default();
        for (name, value) in headers {
            let list = if name.eq_ignore_ascii_case("from") {
                &mut participants.from
            } else if name.eq_ignore_ascii_case("to") {
                &mut participants.to
            } else if name.eq_ignore_ascii_case("cc") {
                &mut participants.cc
            } else {
                continue;
            };
            list.extend(parse_address_list(value));
        }
        participants
    }
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    payload: Option<Payload>,
}

#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    headers: Vec<MessageHeader>,
}

#[derive(Deserialize)]
struct MessageHeader {
    name: String,
    value: String,
}

/// Reads message metadata from the Gmail API.
#[derive(Debug, Clone)]
pub struct GmailClient {
    base: Url,
    http: reqwest::Client,
}

impl GmailClient {
    /// A client for the Gmail API at `base` (`https://gmail.googleapis.com` in production).
    pub fn new(base: Url, http: reqwest::Client) -> Self {
        Self { base, http }
    }

    /// The senders and recipients of `message_id`, read as the add-on user.
    pub async fn message_participants(
        &self,
        message_id: &str,
        user_oauth_token: &str,
        gmail_access_token: &str,
    ) -> Result<Participants, GmailError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| GmailError::InvalidBaseUrl)?
            .pop_if_empty()
            .extend(["gmail", "v1", "users", "me", "messages", message_id]);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("format", "metadata");
            for header in PARTICIPANT_HEADERS {
                query.append_pair("metadataHeaders", header);
            }
        }
        // A token that cannot be sent as a header is refused here, as Google would refuse it.
        let mut authorization = HeaderValue::from_str(&format!("Bearer {user_oauth_token}"))
            .map_err(|_| GmailError::Forbidden)?;
        authorization.set_sensitive(true);
        let mut gmail_token =
            HeaderValue::from_str(gmail_access_token).map_err(|_| GmailError::Forbidden)?;
        gmail_token.set_sensitive(true);
        let response = self
            .http
            .get(url)
            .header(AUTHORIZATION, authorization)
            .header(GMAIL_ACCESS_TOKEN_HEADER, gmail_token)
            .send()
            .await
            .map_err(|e| GmailError::Unavailable(Some(e)))?;
        let status = response.status();
        match status.as_u16() {
            200..=299 => {}
            401 | 403 => return Err(GmailError::Forbidden),
            404 => return Err(GmailError::NotFound),
            429 | 500..=599 => return Err(GmailError::Unavailable(None)),
            other => return Err(GmailError::Unexpected { status: other }),
        }
        let message: Message = response.json().await.map_err(|e| {
            if e.is_timeout() {
                GmailError::Unavailable(Some(e))
            } else {
                GmailError::InvalidResponse(e)
            }
        })?;
        let headers = message.payload.map(|p| p.headers).unwrap_or_default();
        Ok(Participants::from_headers(
            headers.iter().map(|h| (h.name.as_str(), h.value.as_str())),
        ))
    }
}

/// The valid mailboxes of an RFC 5322 address list, groups flattened; invalid entries are skipped.
pub fn parse_address_list(value: &str) -> Vec<Participant> {
    // Folded or stray line breaks would end the header early.
    let unfolded: String = value
        .chars()
        .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
        .collect();
    // mailparse reads the comma of an empty entry (`a, , b`, `group: a;, b`) as part of the next.
    let cleaned = drop_empty_entries(&unfolded);
    let mailboxes = match parse_list(&cleaned) {
        Some(list) => list,
        // One bad entry fails the whole list in mailparse; take the entries one by one instead.
        None => split_entries(&cleaned)
            .into_iter()
            .filter_map(parse_list)
            .flatten()
            .collect(),
    };
    mailboxes.into_iter().filter_map(participant).collect()
}

/// Parses as the value of a header, so encoded words are decoded after the list is split.
fn parse_list(value: &str) -> Option<Vec<SingleInfo>> {
    let line = format!("To: {value}");
    let (header, _) = mailparse::parse_header(line.as_bytes()).ok()?;
    let list = mailparse::addrparse_header(&header).ok()?;
    Some(
        list.into_inner()
            .into_iter()
            .flat_map(|addr| match addr {
                MailAddr::Single(single) => vec![single],
                MailAddr::Group(group) => group.addrs,
            })
            .collect(),
    )
}

/// Each character with whether it stands at the top level of the list, outside quoted strings,
/// comments and angle brackets: only there do `,`, `:` and `;` separate entries.
fn with_level(value: &str) -> Vec<(usize, char, bool)> {
    let (mut quoted, mut escaped, mut depth, mut angle) = (false, false, 0u32, false);
    value
        .char_indices()
        .map(|(i, c)| {
            let top = !quoted && !escaped && depth == 0 && !angle;
            if escaped {
                escaped = false;
            } else {
                match c {
                    '\\' if quoted || depth > 0 => escaped = true,
                    '"' if depth == 0 && !angle => quoted = !quoted,
                    '(' if !quoted => depth += 1,
                    ')' if !quoted => depth = depth.saturating_sub(1),
                    '<' if !quoted && depth == 0 => angle = true,
                    '>' if !quoted && depth == 0 => angle = false,
                    _ => {}
                }
            }
            (i, c, top)
        })
        .collect()
}

/// Removes the commas of empty list entries (RFC 5322 obsolete syntax, and `;,` after a group).
fn drop_empty_entries(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut expect_entry = true;
    for (_, c, top) in with_level(value) {
        if top && c == ',' {
            if expect_entry {
                continue;
            }
            expect_entry = true;
        } else if top && (c == ';' || c == ':') {
            expect_entry = true;
        } else if !c.is_whitespace() {
            expect_entry = false;
        }
        out.push(c);
    }
    out
}

/// The entries of a list: split at top-level commas and semicolons, group names dropped.
fn split_entries(value: &str) -> Vec<&str> {
    let mut entries = Vec::new();
    let mut start = 0;
    for (i, c, top) in with_level(value) {
        if !top || !matches!(c, ',' | ';' | ':') {
            continue;
        }
        if c != ':' {
            entries.push(value.get(start..i).unwrap_or_default());
        }
        start = i + c.len_utf8();
    }
    entries.push(value.get(start..).unwrap_or_default());
    entries.retain(|e| !e.trim().is_empty());
    entries
}

fn participant(single: SingleInfo) -> Option<Participant> {
    let email = single.addr.trim().to_lowercase();
    let (local, domain) = email.rsplit_once('@')?;
    let plausible = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]".contains(c));
    if !plausible {
        return None;
    }
    let name = single
        .display_name
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty());
    Some(Participant { name, email })
}

#[cfg(test)]
mod tests {
    use super::{Participant, Participants, parse_address_list};
    use proptest::prelude::*;

    fn p(name: Option<&str>, email: &str) -> Participant {
        Participant {
            name: name.map(str::to_owned),
            email: email.to_owned(),
        }
    }

    #[test]
    fn quoted_names_may_hold_commas() {
        assert_eq!(
            parse_address_list(r#""Doe, Jane" <Jane@Example.com>, bob@example.com"#),
            vec![
                p(Some("Doe, Jane"), "jane@example.com"),
                p(None, "bob@example.com")
            ]
        );
    }

    #[test]
    fn encoded_words_are_decoded() {
        assert_eq!(
            parse_address_list("=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@example.de>"),
            vec![p(Some("Jürgen Müller"), "jm@example.de")]
        );
        assert_eq!(
            parse_address_list("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>"),
            vec![p(Some("André Pirard"), "pirard@vm1.ulg.ac.be")]
        );
    }

    #[test]
    fn groups_are_flattened_and_empty_groups_ignored() {
        assert_eq!(
            parse_address_list(
                "Team: a@example.com, \"B\" <b@example.com>;, undisclosed-recipients:;"
            ),
            vec![p(None, "a@example.com"), p(Some("B"), "b@example.com")]
        );
    }

    #[test]
    fn entries_without_an_address_are_skipped() {
        assert_eq!(
            parse_address_list("not an address, Carol <carol@example.com>, <>"),
            vec![p(Some("Carol"), "carol@example.com")]
        );
        assert!(parse_address_list("").is_empty());
    }

    #[test]
    fn empty_entries_do_not_leak_commas() {
        assert_eq!(
            parse_address_list(
                ", a@x.com,, Team: b@x.com;, =?UTF-8?B?SsO8cmdlbg==?= <j@x.de>, c@x.com,"
            ),
            vec![
                p(None, "a@x.com"),
                p(None, "b@x.com"),
                p(Some("Jürgen"), "j@x.de"),
                p(None, "c@x.com")
            ]
        );
    }

    #[test]
    fn commas_inside_quotes_comments_and_brackets_are_not_separators() {
        assert_eq!(
            parse_address_list(r#""a, \"b\"" <ab@x.com> (work, mostly), bad, c@x.com"#),
            vec![p(Some(r#"a, "b""#), "ab@x.com"), p(None, "c@x.com")]
        );
    }

    #[test]
    fn folded_values_are_unfolded() {
        assert_eq!(
            parse_address_list("Ann <ann@example.com>,\r\n Ben <ben@example.com>"),
            vec![
                p(Some("Ann"), "ann@example.com"),
                p(Some("Ben"), "ben@example.com")
            ]
        );
    }

    #[test]
    fn all_lists_each_email_once_from_first() {
        let participants = Participants::from_headers([
            ("FROM", "Ann <Ann@x.com>"),
            ("to", "ann@x.com, Ben <ben@x.com>"),
            ("Cc", "ben@x.com, Cy <cy@x.com>"),
            ("Subject", "hello <not@a.participant>"),
        ]);
        assert_eq!(participants.from, vec![p(Some("Ann"), "ann@x.com")]);
        assert_eq!(participants.cc.len(), 2);
        assert_eq!(
            participants.all(),
            vec![
                p(Some("Ann"), "ann@x.com"),
                p(Some("Ben"), "ben@x.com"),
                p(Some("Cy"), "cy@x.com")
            ]
        );
    }

    #[test]
    fn a_later_name_fills_a_missing_one() {
        let participants =
            Participants::from_headers([("From", "ann@x.com"), ("To", "Ann A <ann@x.com>")]);
        assert_eq!(participants.all(), vec![p(Some("Ann A"), "ann@x.com")]);
    }

    proptest! {
        #[test]
        fn never_panics_and_yields_lowercase_addresses(value in "\\PC{0,80}") {
            for participant in parse_address_list(&value) {
                prop_assert!(participant.email.contains('@'));
                prop_assert_eq!(participant.email.clone(), participant.email.to_lowercase());
            }
        }

        #[test]
        fn never_panics_on_header_like_text(value in "[ a-zA-Z\"<>@,;:()\\\\=?.\r\n-]{0,60}") {
            let _ = parse_address_list(&value);
        }
    }
}
