//! Dates and times in the user's locale, from ICU4X's CLDR data ("4 dic 2026, 15:38",
//! "4 déc. 2026, 15:38", "Dec 4, 2026, 3:38 PM").

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use chrono::{Datelike, NaiveDateTime, Timelike};
use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMDT;
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_locale_core::Locale;

use super::Lang;

/// A date-and-time formatter for one locale (medium date, hours and minutes).
pub struct DateFormat(FixedCalendarDateTimeFormatter<Gregorian, YMDT>);

impl std::fmt::Debug for DateFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DateFormat")
    }
}

impl DateFormat {
    fn new(locale: &Locale) -> Option<DateFormat> {
        let fields = YMDT::medium().with_time_precision(TimePrecision::Minute);
        FixedCalendarDateTimeFormatter::try_new(locale.into(), fields)
            .ok()
            .map(DateFormat)
    }

    /// A local date and time.
    pub fn format(&self, local: NaiveDateTime) -> String {
        let date = Date::try_new_gregorian(
            local.year(),
            u8::try_from(local.month()).unwrap_or(1),
            u8::try_from(local.day()).unwrap_or(1),
        );
        let time = Time::try_new(
            u8::try_from(local.hour()).unwrap_or(0),
            u8::try_from(local.minute()).unwrap_or(0),
            0,
            0,
        );
        match (date, time) {
            (Ok(date), Ok(time)) => self.0.format(&DateTime { date, time }).to_string(),
            _ => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// Locales seen so far; few in practice, and capped so odd tags cannot grow it without end.
const MAX_LOCALES: usize = 64;

static FORMATS: LazyLock<Mutex<HashMap<String, &'static DateFormat>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The formatter for `locale` (such as `it-CH`), or for `lang`'s default when the tag is absent,
/// unusable or one too many. Bare English means British dates ("4 Dec 2026, 15:38"): the day
/// before the month, as in every other language Sharebook speaks.
pub(super) fn for_locale(lang: Lang, locale: Option<&str>) -> Option<&'static DateFormat> {
    let default = match lang {
        Lang::En => "en-GB",
        other => other.code(),
    };
    let tag = match locale {
        Some(tag) if tag.eq_ignore_ascii_case("en") => default,
        // A locale of another language than the one chosen (an unsupported one) would mix the
        // languages in one card.
        Some(tag) if Lang::negotiate(Some(tag)) == lang => tag,
        _ => default,
    };
    let mut formats = FORMATS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(f) = formats.get(tag) {
        return Some(f);
    }
    let tag = if formats.len() >= MAX_LOCALES {
        default
    } else {
        tag
    };
    let locale: Locale = tag.parse().ok().or_else(|| default.parse().ok())?;
    let format: &'static DateFormat = Box::leak(Box::new(DateFormat::new(&locale)?));
    formats.insert(tag.to_owned(), format);
    Some(format)
}
