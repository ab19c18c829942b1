use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/files/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn good(read: &Read) -> Vec<&ContactData> {
    read.rows
        .iter()
        .filter_map(|r| r.outcome.as_ref().ok())
        .collect()
}

fn rejected(read: &Read) -> Vec<(u32, Option<Field>, &'static str)> {
    read.rows
        .iter()
        .filter_map(|r| {
            r.outcome
                .as_ref()
                .err()
                .map(|e| (r.line, e.field, e.why.id))
        })
        .collect()
}

#[test]
fn google_csv_as_google_exports_it() {
    let read = read(&fixture("google_contacts.csv")).unwrap();
    assert_eq!(read.format, Format::Google);
    let g = good(&read);
    assert_eq!(g.len(), 3);
    let ada = g[0];
    assert_eq!(ada.name, "Ada Lovelace");
    assert_eq!(
        ada.emails,
        ["ada@engines.example", "ada.lovelace@home.example"]
    );
    assert_eq!(ada.phones, ["+44 20 7946 0018"]);
    assert_eq!(ada.organization, "Analytical Engines Ltd");
    assert_eq!(ada.title, "Programmer");
    assert_eq!(
        ada.addresses,
        ["12 St James's Square\nLondon SW1Y 4JH\nUnited Kingdom"]
    );
    assert_eq!(
        ada.notes,
        "Met at the Babbage dinner,\n\"first programmer\""
    );
    assert_eq!(
        ada.custom,
        [
            ("Account".to_owned(), "AE-1815".to_owned()),
            (
                "Website".to_owned(),
                "https://engines.example/ada".to_owned()
            )
        ]
    );
    let jose = g[1];
    assert_eq!(jose.name, "José Müller-Ñúñez");
    assert_eq!(jose.phones, ["(555) 010-2030", "555 010 4050"]);
    assert_eq!(jose.addresses, ["Calle Mayor 1\nMadrid 28013\nSpain"]);
    assert_eq!(
        jose.custom,
        [("Birthday".to_owned(), "1980-04-02".to_owned())]
    );
    // No name: named after the company, as Google Contacts shows it.
    assert_eq!(g[2].name, "Nameless Corp");
    // The quoted line breaks of the first row's notes and address count: the last row starts on
    // line 8, not 5.
    assert_eq!(
        rejected(&read),
        [(8, Some(Field::Emails), "error-not-an-email")]
    );
}

#[test]
fn the_earlier_google_header_with_a_byte_order_mark() {
    let read = read(&fixture("google_legacy.csv")).unwrap();
    assert_eq!(read.format, Format::Google);
    let g = good(&read);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].name, "Grace Hopper");
    assert_eq!(g[0].organization, "US Navy");
    assert_eq!(g[0].title, "Rear Admiral");
    assert_eq!(
        g[0].custom,
        [("Nickname".to_owned(), "Amazing Grace".to_owned())]
    );
    assert_eq!(g[1].addresses, ["Bletchley Park\nMilton Keynes MK3 6EB"]);
}

#[test]
fn outlook_csv_in_windows_1252() {
    let read = read(&fixture("outlook.csv")).unwrap();
    assert_eq!(read.format, Format::Outlook);
    let g = good(&read);
    assert_eq!(g.len(), 2);
    let h = g[0];
    assert_eq!(h.name, "Dr. Hélène Côté");
    assert_eq!(h.organization, "Société Générale d'Exemple");
    assert_eq!(h.title, "Directrice");
    assert_eq!(h.phones, ["+33 6 12 34 56 78", "+33 1 23 45 67 89"]);
    assert_eq!(h.addresses, ["3 rue de la Paix\nParis 75002\nFrance"]);
    assert_eq!(h.notes, "Prefers French; café at 10");
    // "0/0/00" is Outlook's "no birthday".
    assert_eq!(
        h.custom,
        [("Website".to_owned(), "https://example.fr".to_owned())]
    );
    let bob = g[1];
    assert_eq!(bob.emails, ["bob@example.com", "bob.smith@example.org"]);
    assert_eq!(
        bob.custom,
        [
            ("Birthday".to_owned(), "4/1/1975".to_owned()),
            ("Customer no".to_owned(), "42".to_owned())
        ]
    );
    assert_eq!(
        rejected(&read),
        [(4, Some(Field::Phones), "error-not-a-phone")]
    );
}

#[test]
fn apple_vcard_3_with_groups_folds_and_a_cut_off_card() {
    let read = read(&fixture("apple_contacts.vcf")).unwrap();
    assert_eq!(read.format, Format::Vcard);
    let g = good(&read);
    assert_eq!(g.len(), 2);
    let j = g[0];
    assert_eq!(j.name, "Mr. Johnny Q. Appleseed Jr.");
    assert_eq!(
        j.emails,
        ["johnny@apple.example", "johnny.home@example.com"]
    );
    assert_eq!(j.phones, ["+1 (408) 555-0123", "408 555 0199"]);
    assert_eq!(j.organization, "Apple Inc.");
    assert_eq!(j.title, "Seed Distribution Lead");
    assert_eq!(
        j.addresses,
        ["1 Apple Park Way\nCupertino CA 95014\nUnited States"]
    );
    assert_eq!(
        j.notes,
        "Plants apple trees across the country, from Pennsylvania westward. This note is long \
         enough that Apple folds it onto a second line; the fold must vanish.\nSecond paragraph."
    );
    assert_eq!(
        j.custom,
        [
            (
                "HomePage".to_owned(),
                "https://apple.example/johnny".to_owned()
            ),
            ("Spouse".to_owned(), "Jane Appleseed".to_owned())
        ]
    );
    assert_eq!(g[1].name, "Company Without People");
    assert_eq!(rejected(&read), [(34, None, "file-card-unterminated")]);
}

#[test]
fn the_rfc_6350_example_card() {
    let read = read(&fixture("rfc6350_example.vcf")).unwrap();
    let g = good(&read);
    assert_eq!(g.len(), 1, "{:?}", rejected(&read));
    let s = g[0];
    assert_eq!(s.name, "Simon Perreault");
    assert_eq!(s.phones, ["+1-418-656-9254 ext 102", "+1-418-262-6501"]);
    assert_eq!(s.emails, ["simon.perreault@viagenie.ca"]);
    assert_eq!(s.organization, "Viagenie");
    assert_eq!(
        s.addresses,
        ["Suite D2-630\n2875 Laurier\nQuebec QC G1V 2M2\nCanada"]
    );
    assert_eq!(
        s.custom,
        [("Website".to_owned(), "http://nomis80.org".to_owned())]
    );
}

#[test]
fn files_that_are_not_contacts_are_refused_whole() {
    let garbage: Vec<u8> = (0..10 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_eq!(read(&garbage).unwrap_err().id, "file-not-text");
    assert_eq!(read(b"").unwrap_err().id, "file-empty");
    assert_eq!(read(b"\xef\xbb\xbf  \r\n").unwrap_err().id, "file-empty");
    assert_eq!(
        read(b"Fruit,Colour\napple,red\n").unwrap_err().id,
        "file-unknown-format"
    );
    assert_eq!(
        read(b"First Name,Last Name,Labels\n").unwrap_err().id,
        "file-no-contacts"
    );
    let huge = vec![b'a'; MAX_FILE_BYTES + 1];
    assert_eq!(read(&huge).unwrap_err().id, "file-too-large");
    let mut many = String::from("Name,E-mail 1 - Value\n");
    for i in 0..=MAX_ROWS {
        many.push_str(&format!("P{i},p{i}@example.com\n"));
    }
    assert_eq!(read(many.as_bytes()).unwrap_err().id, "file-too-many");
}

#[test]
fn utf16_with_its_byte_order_mark() {
    let text = "Name,E-mail 1 - Value\r\nZoë Ă,zoe@example.ro\r\n";
    let mut bytes = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let read = read(&bytes).unwrap();
    assert_eq!(good(&read)[0].name, "Zoë Ă");
}

fn sample() -> Vec<ContactData> {
    vec![
        ContactData {
            name: "Ada King Lovelace".into(),
            emails: vec!["ada@engines.example".into(), "a@b.example".into()],
            phones: vec!["+44 20 7946 0018".into()],
            organization: "Engines, \"Analytical\"; Ltd".into(),
            title: "Programmer".into(),
            addresses: vec!["12 St James's Square\nLondon".into(), "Elsewhere 3".into()],
            notes: "Line one,\nline two; with \\ backslash".into(),
            custom: vec![
                ("Account".into(), "AE-1815".into()),
                ("Tier".into(), "gold".into()),
            ],
        },
        ContactData {
            name: "Plato".into(),
            emails: vec![],
            phones: vec!["555 0100".into()],
            ..ContactData::default()
        },
    ]
}

#[test]
fn google_csv_round_trip() {
    let contacts = sample();
    let shape = GoogleShape {
        emails: 2,
        phones: 1,
        addresses: 2,
        custom: 2,
    };
    let mut file = google_header(shape);
    for c in &contacts {
        file.extend(google_row(c, shape));
    }
    let back = read(&file).unwrap();
    assert_eq!(back.format, Format::Google);
    assert_eq!(good(&back), contacts.iter().collect::<Vec<_>>());
}

#[test]
fn outlook_csv_round_trip() {
    let contacts = sample();
    assert!(contacts.iter().all(csv_out::fits_outlook));
    let mut file = outlook_header();
    for c in &contacts {
        file.extend(outlook_row(c));
    }
    let back = read(&file).unwrap();
    assert_eq!(back.format, Format::Outlook);
    assert_eq!(good(&back), contacts.iter().collect::<Vec<_>>());
}

#[test]
fn vcard_round_trip() {
    let contacts = sample();
    let file: String = contacts.iter().map(write_vcard).collect();
    assert!(file.lines().all(|l| l.len() <= 75), "{file}");
    let back = read(file.as_bytes()).unwrap();
    assert_eq!(back.format, Format::Vcard);
    assert_eq!(good(&back), contacts.iter().collect::<Vec<_>>());
}
