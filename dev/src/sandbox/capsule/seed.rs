//! The demo Capsule account: Acme Sales, Sam Lee its administrator, people and organisations,
//! three of them without any email, phone or address (the feed skips and lists them).

use serde_json::{Value, json};

use super::{CapsuleStandIn, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET};

/// The demo account's subdomain.
pub const SUBDOMAIN: &str = "acme-sales";

/// What the seed made.
#[derive(Debug, Clone)]
pub struct CapsuleSeed {
    /// The account's subdomain.
    pub subdomain: String,
    /// Sam's personal access token, to paste into the add-on.
    pub token: String,
}

fn person(
    first: &str,
    last: &str,
    title: &str,
    org: Option<&str>,
    email: &str,
    phone: &str,
    tags: &[&str],
) -> Value {
    json!({
        "type": "person", "firstName": first, "lastName": last, "jobTitle": title,
        "organisation": org.map(|o| json!({ "name": o })),
        "emailAddresses": if email.is_empty() { json!([]) } else { json!([{ "type": "Work", "address": email }]) },
        "phoneNumbers": if phone.is_empty() { json!([]) } else { json!([{ "type": "Work", "number": phone }]) },
        "addresses": [], "websites": [],
        "tags": tags.iter().map(|t| json!({ "name": t })).collect::<Vec<_>>(),
    })
}

/// Seeds the demo account (once: an existing account is left as it is).
pub fn seed_capsule(capsule: &CapsuleStandIn) -> CapsuleSeed {
    capsule.register_client(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
    if let Some(token) = capsule.with(|s| {
        s.tokens
            .iter()
            .find(|(_, g)| g.subdomain == SUBDOMAIN && g.client.is_none())
            .map(|(t, _)| t.clone())
    }) {
        return CapsuleSeed {
            subdomain: SUBDOMAIN.into(),
            token,
        };
    }
    capsule.create_account(SUBDOMAIN, "Acme Sales");
    let sam = capsule.add_user(SUBDOMAIN, "Sam Lee", "sam", true);
    let token = capsule.issue_token(SUBDOMAIN, sam);
    for p in [
        person(
            "Olivia",
            "Bennett",
            "Procurement lead",
            Some("Northwind Traders"),
            "olivia.bennett@northwind.example",
            "+44 20 7946 0101",
            &["Customer"],
        ),
        person(
            "Kenji",
            "Watanabe",
            "CTO",
            Some("Sakura Systems"),
            "kenji@sakura.example",
            "",
            &["Customer", "Partner"],
        ),
        person(
            "Amara",
            "Diallo",
            "Buyer",
            Some("Sahel Foods"),
            "",
            "+221 33 889 0000",
            &["Prospect"],
        ),
        person(
            "Tomás",
            "Rivera",
            "Owner",
            None,
            "tomas@rivera-cafe.example",
            "",
            &["Prospect"],
        ),
        person(
            "Ingrid",
            "Larsen",
            "Head of IT",
            Some("Fjord Logistics"),
            "ingrid.larsen@fjord.example",
            "+47 22 00 00 00",
            &["Customer"],
        ),
        // No email, phone or address: skipped and listed.
        json!({ "type": "person", "firstName": "Web", "lastName": "Only",
                "websites": [{ "service": "URL", "url": "https://webonly.example" }], "tags": [{ "name": "Prospect" }] }),
        json!({ "type": "person", "firstName": "Name", "lastName": "Only" }),
        json!({ "type": "organisation", "name": "Quiet Holdings", "about": "Parent company, no direct contact" }),
        json!({ "type": "organisation", "name": "Northwind Traders", "about": "Key account since 2019",
                "phoneNumbers": [{ "type": "Work", "number": "+44 20 7946 0100" }],
                "addresses": [{ "type": "Office", "street": "1 Harbour Road", "city": "London", "zip": "E14 5AB", "country": "United Kingdom" }],
                "websites": [{ "service": "URL", "url": "https://northwind.example" }],
                "tags": [{ "name": "Customer" }] }),
        json!({ "type": "organisation", "name": "Sakura Systems", "emailAddresses": [{ "address": "hello@sakura.example" }],
                "tags": [{ "name": "Partner" }] }),
    ] {
        capsule.add_party(SUBDOMAIN, p);
    }
    CapsuleSeed {
        subdomain: SUBDOMAIN.into(),
        token,
    }
}
