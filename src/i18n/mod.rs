//! The user's language: Fluent catalogues (`locales/<lang>/sharebook.ftl`), chosen from the event's
//! `userLocale`, and dates in the user's locale and time zone.
//!
//! Every text a user reads comes from here; the catalogues are compiled into the binary and
//! parsed once, at start-up ([`check_catalogues`]), so a broken catalogue stops the server instead
//! of a card.

mod catalogue;
mod dates;

use std::sync::{LazyLock, OnceLock};

use chrono::{DateTime, FixedOffset, Offset, Utc};

pub use catalogue::{Arg, check_catalogues, literal_texts, message_ids, variables_of};
pub use dates::DateFormat;

use crate::domain::message::{Msg, MsgArg};
use crate::event::Event;

/// A language Sharebook speaks. English is the fallback for everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the fallback).
    En,
    /// Italian.
    It,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::It, Lang::Fr, Lang::Es, Lang::De];

    /// The BCP 47 language subtag, also the folder of its catalogue.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::De => "de",
        }
    }

    /// The language of a stored code (the recipient's last language); English when unknown.
    pub fn from_code(code: &str) -> Lang {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .unwrap_or(Lang::En)
    }

    /// The best language for a locale such as `it-CH`: the fallback chain `it-CH` → `it` →
    /// English, as Fluent's negotiation ("filtering") does it.
    pub fn negotiate(locale: Option<&str>) -> Lang {
        let requested: Vec<unic_langid::LanguageIdentifier> = locale
            .map(|l| l.replace('_', "-"))
            .and_then(|l| l.parse().ok())
            .into_iter()
            .collect();
        Lang::best_of(&requested)
    }

    /// The best language for a browser's `Accept-Language` header (pages outside the add-on).
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        Lang::best_of(&fluent_langneg::accepted_languages::parse(
            header.unwrap_or_default(),
        ))
    }

    fn best_of(requested: &[unic_langid::LanguageIdentifier]) -> Lang {
        // Parsed once: every request negotiates.
        static AVAILABLE: LazyLock<Vec<unic_langid::LanguageIdentifier>> = LazyLock::new(|| {
            Lang::ALL
                .iter()
                .filter_map(|l| l.code().parse().ok())
                .collect()
        });
        let chosen = fluent_langneg::negotiate_languages(
            requested,
            &AVAILABLE,
            None,
            fluent_langneg::NegotiationStrategy::Filtering,
        );
        chosen
            .first()
            .map_or(Lang::En, |id| Lang::from_code(id.language.as_str()))
    }
}

/// Everything a view needs to speak to one user: their language, their locale for dates, their
/// time zone.
#[derive(Debug, Clone)]
pub struct Ui {
    lang: Lang,
    /// The user's own locale tag (such as `en-US`), for dates; `None` for the language's default.
    locale: Option<String>,
    offset: FixedOffset,
    dates: OnceLock<Option<&'static DateFormat>>,
}

impl Ui {
    /// The user of an add-on event: `userLocale` and `timeZone` when Google sent them, English
    /// and UTC otherwise.
    pub fn of(event: &Event) -> Ui {
        let common = &event.common_event_object;
        let offset_ms = common
            .time_zone
            .as_ref()
            .and_then(|tz| tz.offset)
            .unwrap_or(0);
        Ui::new(common.user_locale.as_deref(), offset_ms)
    }

    /// A user by locale tag and UTC offset in milliseconds.
    pub fn new(locale: Option<&str>, offset_ms: i64) -> Ui {
        let offset = i32::try_from(offset_ms / 1000)
            .ok()
            .and_then(FixedOffset::east_opt)
            .unwrap_or_else(|| Utc.fix());
        Ui {
            lang: Lang::negotiate(locale),
            locale: locale.map(|l| l.replace('_', "-")),
            offset,
            dates: OnceLock::new(),
        }
    }

    /// A user who reads `lang`, in UTC (emails to someone whose time zone is unknown).
    pub fn in_lang(lang: Lang) -> Ui {
        Ui::new(Some(lang.code()), 0)
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id`, with no variables.
    pub fn t(&self, id: &str) -> String {
        catalogue::format(self.lang, id, &[])
    }

    /// The message `id` with its variables.
    pub fn tr(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        catalogue::format(self.lang, id, args)
    }

    /// A text stored by the worker: the catalogue id it holds (a feed's pause reason, say),
    /// worded in the user's language; text that is no id (a CRM's own words) as it is.
    pub fn stored(&self, text: &str) -> String {
        if catalogue::exists(text) {
            self.t(text)
        } else {
            text.to_owned()
        }
    }

    /// A message a rule produced (a refusal, say), with variables that name other messages
    /// worded in the same language.
    pub fn msg(&self, msg: &Msg) -> String {
        let words: Vec<String> = msg
            .args
            .iter()
            .map(|(_, a)| match a {
                MsgArg::Id(id) => self.t(id),
                _ => String::new(),
            })
            .collect();
        let args: Vec<(&str, Arg<'_>)> = msg
            .args
            .iter()
            .zip(&words)
            .map(|((name, a), word)| {
                let arg = match a {
                    MsgArg::Text(s) => Arg::Str(s),
                    MsgArg::Num(n) => Arg::Num(*n),
                    MsgArg::Id(_) => Arg::Str(word),
                };
                (*name, arg)
            })
            .collect();
        self.tr(msg.id, &args)
    }

    /// A moment as the user reads it: "4 dic 2026, 15:38" in Italian, in their time zone.
    pub fn time(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.offset).naive_local();
        let format = self
            .dates
            .get_or_init(|| dates::for_locale(self.lang, self.locale.as_deref()));
        match format {
            Some(f) => f.format(local),
            // Only if ICU has no data at all, which a test rules out.
            None => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// Who did something, after "by": "you" (the object form, in the user's language) for their
    /// own address.
    pub fn who(&self, address: &str, my_address: &str) -> String {
        if address.eq_ignore_ascii_case(my_address) {
            self.t("you")
        } else {
            address.to_owned()
        }
    }
}

impl Default for Ui {
    fn default() -> Self {
        Ui::in_lang(Lang::En)
    }
}

#[cfg(test)]
mod tests;
