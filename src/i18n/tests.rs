//! The catalogues agree with each other, and dates read as each locale writes them.

use chrono::{TimeZone, Utc};

use super::{Lang, Ui, message_ids, variables_of};

#[test]
fn every_catalogue_loads() {
    super::check_catalogues().expect("catalogues");
}

#[test]
fn every_message_exists_in_every_language_with_the_same_variables() {
    let english = message_ids(Lang::En);
    assert!(english.len() > 100, "the English catalogue looks empty");
    for lang in Lang::ALL {
        let mut ids = message_ids(lang);
        ids.sort();
        let mut expected = english.clone();
        expected.sort();
        let missing: Vec<_> = expected.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<_> = ids.iter().filter(|id| !expected.contains(id)).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang:?} has unknown {extra:?}");
        for id in &expected {
            assert_eq!(
                variables_of(lang, id),
                variables_of(Lang::En, id),
                "{lang:?} {id} has other variables than English"
            );
        }
    }
}

#[test]
fn locales_fall_back_along_their_chain() {
    assert_eq!(Lang::negotiate(Some("it-CH")), Lang::It);
    assert_eq!(Lang::negotiate(Some("fr_CA")), Lang::Fr);
    assert_eq!(Lang::negotiate(Some("de")), Lang::De);
    assert_eq!(Lang::negotiate(Some("es-419")), Lang::Es);
    assert_eq!(Lang::negotiate(Some("pt-BR")), Lang::En);
    assert_eq!(Lang::negotiate(Some("not a locale!")), Lang::En);
    assert_eq!(Lang::negotiate(None), Lang::En);
}

#[test]
fn plurals_follow_the_language() {
    let it = Ui::new(Some("it-IT"), 0);
    assert_eq!(it.tr("n-contacts", &[("count", 1.into())]), "1 contatto");
    assert_eq!(it.tr("n-contacts", &[("count", 2.into())]), "2 contatti");
    let en = Ui::new(None, 0);
    assert_eq!(en.tr("n-contacts", &[("count", 1.into())]), "1 contact");
    assert_eq!(en.tr("n-contacts", &[("count", 0.into())]), "0 contacts");
}

#[test]
fn dates_read_as_each_locale_writes_them() {
    let at = Utc
        .with_ymd_and_hms(2026, 12, 4, 14, 38, 0)
        .single()
        .expect("time");
    let cet = 3_600_000;
    let cases = [
        (Some("it-IT"), "4 dic 2026, 15:38"),
        (Some("fr-FR"), "4 déc. 2026, 15:38"),
        (Some("de-DE"), "04.12.2026, 15:38"),
        (Some("es-ES"), "4 dic 2026, 15:38"),
        (None, "4 Dec 2026, 15:38"),
        (Some("en-US"), "Dec 4, 2026, 3:38\u{202f}PM"),
    ];
    for (locale, expected) in cases {
        assert_eq!(Ui::new(locale, cet).time(at), expected, "{locale:?}");
    }
}

#[test]
fn the_time_zone_moves_the_clock() {
    let at = Utc
        .with_ymd_and_hms(2026, 12, 4, 23, 30, 0)
        .single()
        .expect("time");
    assert_eq!(Ui::new(None, 3_600_000).time(at), "5 Dec 2026, 00:30");
    assert_eq!(Ui::new(None, -5 * 3_600_000).time(at), "4 Dec 2026, 18:30");
}
