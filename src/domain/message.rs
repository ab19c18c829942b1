//! A text for the user, as a catalogue id and its variables: the rules say what went wrong,
//! the views word it in the user's language (`i18n`).

/// A variable's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MsgArg {
    /// Text placed as is (an address, a domain, what the user typed).
    Text(String),
    /// A count or limit, which chooses plural forms.
    Num(i64),
    /// Another message, worded in the same language (a role's name, say).
    Id(&'static str),
}

impl From<&str> for MsgArg {
    fn from(s: &str) -> Self {
        MsgArg::Text(s.to_owned())
    }
}

impl From<String> for MsgArg {
    fn from(s: String) -> Self {
        MsgArg::Text(s)
    }
}

impl From<&String> for MsgArg {
    fn from(s: &String) -> Self {
        MsgArg::Text(s.clone())
    }
}

impl From<usize> for MsgArg {
    fn from(n: usize) -> Self {
        MsgArg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i64> for MsgArg {
    fn from(n: i64) -> Self {
        MsgArg::Num(n)
    }
}

/// A message id with its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The catalogue id.
    pub id: &'static str,
    /// Its variables by name.
    pub args: Vec<(&'static str, MsgArg)>,
}

impl Msg {
    /// A message with no variables.
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Adds variable `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<MsgArg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// Adds variable `name` worded by another message (such as a role's name).
    pub fn with_id(mut self, name: &'static str, id: &'static str) -> Msg {
        self.args.push((name, MsgArg::Id(id)));
        self
    }
}

/// What a refusal says to the user.
pub trait Explain {
    /// The message shown next to the field, or on the card.
    fn message(&self) -> Msg;
}
