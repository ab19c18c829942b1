//! The demo workspace `sharebook dev` starts with: users of `sharebook.test`, shared labels,
//! contacts, comments and a Gmail inbox per user.
//!
//! Everything in Sharebook is created through the add-on's own routes, as each user, so every
//! side effect of a change happens as in real use.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;
use serde_json::Value;

use super::StandIns;
use super::gmail::GmailStandIn;
use super::host::{GoogleHost, Interaction};
use super::issuer::SandboxUser;
use sharebook::routes;

/// The demo Workspace domain.
pub const DOMAIN: &str = "sharebook.test";
/// Owns every demo label (the stand-ins' default user).
pub const OWNER: &str = super::DEFAULT_USER;
/// Editor of the demo labels.
pub const EDITOR: &str = "editor@sharebook.test";
/// Viewer of two demo labels.
pub const VIEWER: &str = "viewer@sharebook.test";
/// Same domain, nothing shared with them: shows what sharing changes.
pub const OUTSIDER: &str = "outsider@sharebook.test";

/// A demo user, as the sandbox page's user switcher lists them.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct DemoUser {
    /// Google account email.
    pub email: &'static str,
    /// Display name, used in mail headers.
    pub name: &'static str,
    /// What they can do, in a few words.
    pub about: &'static str,
}

/// Every demo user, owner first.
pub const USERS: [DemoUser; 4] = [
    DemoUser {
        email: OWNER,
        name: "Alex Morgan",
        about: "owner of every label",
    },
    DemoUser {
        email: EDITOR,
        name: "Sam Patel",
        about: "editor",
    },
    DemoUser {
        email: VIEWER,
        name: "Jamie Chen",
        about: "viewer",
    },
    DemoUser {
        email: OUTSIDER,
        name: "Riley Brooks",
        about: "same domain, nothing shared",
    },
];

/// What seeding did.
#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    /// True when the owner already had labels (a persisted database), so Sharebook was left alone.
    pub skipped: bool,
    /// Labels created.
    pub labels: usize,
    /// Contacts created.
    pub contacts: usize,
    /// Comments posted.
    pub comments: usize,
    /// Messages put in the Gmail stand-in.
    pub messages: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// The demo Capsule account's personal access token (the Capsule stand-in lives in memory,
    /// so it is seeded on every start).
    pub capsule_token: String,
}

/// Seeds the Gmail stand-in (always: it lives in memory) and, on first start, Sharebook itself
/// through `stand_ins.host`. The add-on server must already be answering.
pub async fn seed(stand_ins: &StandIns) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let messages = seed_inboxes(&stand_ins.gmail);
    seed_google_label(&stand_ins.people)?;
    let capsule_token = super::capsule::seed::seed_capsule(&stand_ins.capsule).token;
    // Every demo account exists in the Directory; the owner is the domain's super admin (the
    // homepage shows them the Admin card).
    for account in [OWNER, EDITOR, VIEWER, OUTSIDER] {
        stand_ins.directory.add_user(account);
    }
    stand_ins.directory.add_admin(OWNER);
    let as_owner = Caller::new(&stand_ins.host, OWNER);
    let home = as_owner.call(routes::HOME, &[], &[]).await?;
    if !parameter_values(&home, "label_id").is_empty() {
        return Ok(SeedReport {
            skipped: true,
            messages,
            elapsed: started.elapsed(),
            capsule_token,
            ..SeedReport::default()
        });
    }
    // First use of the add-on by everyone, as when they install it.
    for user in USERS.iter().skip(1) {
        Caller::new(&stand_ins.host, user.email)
            .call(routes::HOME, &[], &[])
            .await?;
    }
    let mut report = SeedReport {
        messages,
        capsule_token,
        ..SeedReport::default()
    };
    let mut contact_ids = Vec::new();
    for label in LABELS {
        let label_id = as_owner.create_label(label.name).await?;
        report.labels += 1;
        for contact in label.contacts {
            let id = as_owner.create_contact(&label_id, contact).await?;
            contact_ids.push((contact.name, id));
            report.contacts += 1;
        }
        for (email, role) in label.shares {
            as_owner.share(&label_id, email, role).await?;
        }
    }
    for comment in COMMENTS {
        let Some((_, contact_id)) = contact_ids.iter().find(|(n, _)| *n == comment.contact) else {
            bail!(
                "the demo comment is about {}, who is in no label",
                comment.contact
            );
        };
        Caller::new(&stand_ins.host, comment.author)
            .comment(contact_id, comment.body, comment.public)
            .await?;
        report.comments += 1;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The label the owner already has in Google Contacts, not yet shared: the first thing a visitor
/// can do is share it ("Share a label from Google Contacts" on the homepage).
pub const GOOGLE_LABEL: &str = "Trade Show Leads";

/// Its contacts, as typed in Google Contacts (one without a name, one with a birthday Sharebook
/// does not model and must leave alone).
fn seed_google_label(people: &crate::sandbox::people::PeopleStandIn) -> anyhow::Result<()> {
    let group = people.create_group_as_user(OWNER, GOOGLE_LABEL)?;
    let member = |group: &str| {
        serde_json::json!([
            { "contactGroupMembership": { "contactGroupResourceName": group } },
            { "contactGroupMembership": { "contactGroupResourceName": "contactGroups/myContacts" } },
        ])
    };
    for person in [
        serde_json::json!({
            "names": [{ "givenName": "Hannah", "familyName": "Okafor", "displayName": "Hannah Okafor" }],
            "emailAddresses": [{ "value": "hannah@boxworks.example", "type": "work" }],
            "phoneNumbers": [{ "value": "+44 161 496 0101", "type": "work" }],
            "organizations": [{ "name": "Boxworks Packaging", "title": "Account manager" }],
            "memberships": member(&group),
        }),
        serde_json::json!({
            "names": [{ "unstructuredName": "Tomás Ruiz", "displayName": "Tomás Ruiz" }],
            "emailAddresses": [{ "value": "tomas@printhaus.example" }],
            "organizations": [{ "name": "Printhaus" }],
            "birthdays": [{ "date": { "month": 4, "day": 2 } }],
            "memberships": member(&group),
        }),
        serde_json::json!({
            "emailAddresses": [{ "value": "orders@inkwell.example" }],
            "memberships": member(&group),
        }),
    ] {
        people.create_as_user(OWNER, &person)?;
    }
    Ok(())
}

/// One demo user calling the add-on through Google's side of the protocol.
struct Caller<'a> {
    host: &'a GoogleHost,
    user: SandboxUser,
}

impl<'a> Caller<'a> {
    fn new(host: &'a GoogleHost, email: &str) -> Self {
        Self {
            host,
            user: SandboxUser::workspace(email),
        }
    }

    /// Fires `path` with these action parameters and form values; an HTTP error or an error card
    /// fails, since the seed would be silently incomplete otherwise.
    async fn call(
        &self,
        path: &str,
        parameters: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> anyhow::Result<Value> {
        let interaction = Interaction {
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            form_inputs: form
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()]))
                .collect(),
            message_id: None,
            locale: None,
        };
        let (status, body) = self
            .host
            .invoke(path, &self.user, &interaction)
            .await
            .with_context(|| format!("Failed to call {path} as {}", self.user.email))?;
        if status != 200 {
            bail!("{path} as {} answered HTTP {status}", self.user.email);
        }
        if let Some(text) = error_card_text(&body) {
            bail!(
                "{path} as {} answered an error card: {text}",
                self.user.email
            );
        }
        Ok(body)
    }

    async fn create_label(&self, name: &str) -> anyhow::Result<String> {
        // Widget names as the add-on's forms give them (cards/label_form.json and the routes).
        let body = self
            .call(routes::LABEL_CREATE, &[], &[("label_name", name)])
            .await?;
        // The answer updates the homepage (every label) and pushes the new label's card last.
        last_card(&body)
            .and_then(|card| first_parameter(card, "label_id"))
            .with_context(|| format!("creating label {name} answered no label id"))
    }

    async fn create_contact(&self, label_id: &str, c: &DemoContact) -> anyhow::Result<String> {
        let body = self
            .call(
                routes::CONTACT_CREATE,
                &[("label_id", label_id)],
                &[
                    ("contact_name", c.name),
                    ("contact_emails", c.emails),
                    ("contact_phones", c.phones),
                    ("contact_organization", c.organization),
                    ("contact_title", c.title),
                    ("contact_addresses", c.address),
                    ("contact_notes", c.notes),
                ],
            )
            .await?;
        last_card(&body)
            .and_then(|card| first_parameter(card, "contact_id"))
            .with_context(|| {
                format!(
                    "adding {} answered no contact id (the form was refused?)",
                    c.name
                )
            })
    }

    async fn share(&self, label_id: &str, email: &str, role: &str) -> anyhow::Result<()> {
        let body = self
            .call(
                routes::SHARE_CREATE,
                &[("label_id", label_id)],
                &[
                    ("share_grantee", email),
                    ("share_kind", "user"),
                    ("share_role", role),
                ],
            )
            .await?;
        if notification(&body).is_none() {
            bail!("sharing with {email} was refused");
        }
        Ok(())
    }

    async fn comment(&self, contact_id: &str, body: &str, public: bool) -> anyhow::Result<()> {
        let visibility = if public { "public" } else { "private" };
        let answer = self
            .call(
                routes::COMMENT_CREATE,
                &[("contact_id", contact_id)],
                &[("comment_body", body), ("comment_visibility", visibility)],
            )
            .await?;
        if notification(&answer).is_none() {
            bail!("the comment by {} was refused", self.user.email);
        }
        Ok(())
    }
}

/// Every `value` of an action parameter named `key` anywhere in a card answer, in order.
fn parameter_values(body: &Value, key: &str) -> Vec<String> {
    fn walk(v: &Value, key: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if map.get("key").and_then(Value::as_str) == Some(key)
                    && let Some(value) = map.get("value").and_then(Value::as_str)
                {
                    out.push(value.to_owned());
                }
                map.values().for_each(|v| walk(v, key, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, key, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, key, &mut out);
    out
}

fn first_parameter(body: &Value, key: &str) -> Option<String> {
    parameter_values(body, key).into_iter().next()
}

fn navigations(body: &Value) -> &[Value] {
    body.pointer("/renderActions/action/navigations")
        .or_else(|| body.pointer("/action/navigations"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The card the user ends up seeing: the last one pushed or updated.
fn last_card(body: &Value) -> Option<&Value> {
    navigations(body)
        .iter()
        .rev()
        .find_map(|n| n.get("pushCard").or_else(|| n.get("updateCard")))
}

fn notification(body: &Value) -> Option<&str> {
    body.pointer("/renderActions/action/notification/text")
        .and_then(Value::as_str)
}

/// The message of an error card (`cards/error.json`, named "error"), if the answer is one.
fn error_card_text(body: &Value) -> Option<String> {
    navigations(body)
        .iter()
        .filter_map(|n| n.get("pushCard").or_else(|| n.get("updateCard")))
        .find(|card| card.get("name").and_then(Value::as_str) == Some("error"))
        .map(|card| {
            let title = card
                .pointer("/header/title")
                .and_then(Value::as_str)
                .unwrap_or("error");
            let text = card
                .pointer("/sections/0/widgets/0/textParagraph/text")
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("{title}: {text}")
        })
}

/// A contact as typed in the add-on's form (lists one item per line).
struct DemoContact {
    name: &'static str,
    emails: &'static str,
    phones: &'static str,
    organization: &'static str,
    title: &'static str,
    address: &'static str,
    notes: &'static str,
}

const fn contact(
    name: &'static str,
    emails: &'static str,
    phones: &'static str,
    organization: &'static str,
    title: &'static str,
    notes: &'static str,
) -> DemoContact {
    DemoContact {
        name,
        emails,
        phones,
        organization,
        title,
        address: "",
        notes,
    }
}

struct DemoLabel {
    name: &'static str,
    contacts: &'static [DemoContact],
    /// (grantee email, role)
    shares: &'static [(&'static str, &'static str)],
}

struct DemoComment {
    author: &'static str,
    /// Name of the contact it is about.
    contact: &'static str,
    body: &'static str,
    public: bool,
}

const LABELS: [DemoLabel; 3] = [
    DemoLabel {
        name: "Customers",
        shares: &[(EDITOR, "editor"), (VIEWER, "viewer")],
        contacts: &[
            DemoContact {
                address: "12 Harbour Street\nLondon SE1 2AB\nUnited Kingdom",
                ..contact(
                    "Maria Gonzalez",
                    "maria.gonzalez@northwind.example",
                    "+44 20 7946 0101",
                    "Northwind Traders",
                    "Head of Procurement",
                    "Prefers calls before 11:00. Renewal due in March.",
                )
            },
            contact(
                "Daniel Okafor",
                "daniel.okafor@contoso.example",
                "+1 415 555 0134",
                "Contoso Ltd",
                "CTO",
                "Evaluating the enterprise plan for 120 seats.",
            ),
            contact(
                "Sophie Laurent",
                "sophie.laurent@fabrikam.example\nsophie@laurent-family.example",
                "+33 1 84 88 12 34",
                "Fabrikam",
                "Operations Director",
                "",
            ),
            contact(
                "Kenji Watanabe",
                "kenji.watanabe@tailspin.example",
                "+81 3 5555 0199",
                "Tailspin Toys",
                "Senior Buyer",
                "Orders twice a year, before Golden Week and in October.",
            ),
            contact(
                "Priya Raman",
                "priya.raman@adatum.example",
                "+91 80 5555 0142",
                "Adatum Corporation",
                "VP Finance",
                "",
            ),
            contact(
                "Lucas Schmidt",
                "lucas.schmidt@wingtip.example",
                "+49 30 5555 0177",
                "Wingtip Solutions",
                "Founder",
                "Asked about invoicing in euros.",
            ),
            contact(
                "Emma Johansson",
                "emma.johansson@lucerne.example",
                "+46 8 555 012 34",
                "Lucerne Publishing",
                "Editor in chief",
                "",
            ),
            contact(
                "Omar Haddad",
                "omar.haddad@margiestravel.example",
                "+971 4 555 0188",
                "Margie's Travel",
                "Partnerships",
                "",
            ),
            contact(
                "Grace Kim",
                "grace.kim@alpineskihouse.example",
                "+1 206 555 0112",
                "Alpine Ski House",
                "General Manager",
                "Seasonal business: busiest December to March.",
            ),
            contact(
                "Thomas Berg",
                "thomas.berg@litware.example",
                "+47 22 55 50 10",
                "Litware Inc.",
                "IT Manager",
                "",
            ),
            contact(
                "Isabella Rossi",
                "isabella.rossi@proseware.example",
                "+39 02 5555 0123",
                "Proseware",
                "Office Manager",
                "",
            ),
            contact(
                "Ahmed Nasser",
                "ahmed.nasser@woodgrovebank.example",
                "+20 2 5555 0167",
                "Woodgrove Bank",
                "Head of Compliance",
                "Needs our security questionnaire answered before signing.",
            ),
            contact(
                "Chloé Martin",
                "chloe.martin@cohowinery.example",
                "+33 5 5555 0190",
                "Coho Winery",
                "Owner",
                "",
            ),
            contact(
                "Ethan Walker",
                "ethan.walker@humongousinsurance.example",
                "+1 312 555 0158",
                "Humongous Insurance",
                "Claims Lead",
                "",
            ),
            contact(
                "Ana Silva",
                "ana.silva@relecloud.example",
                "+351 21 555 0131",
                "Relecloud",
                "Product Manager",
                "",
            ),
            contact(
                "Noah Fischer",
                "noah.fischer@fourthcoffee.example",
                "+41 44 555 01 66",
                "Fourth Coffee",
                "Store Operations",
                "",
            ),
        ],
    },
    DemoLabel {
        name: "Suppliers",
        shares: &[(EDITOR, "editor"), (VIEWER, "viewer")],
        contacts: &[
            contact(
                "Hannah Müller",
                "hannah.mueller@blueyonder.example",
                "+49 89 5555 0145",
                "Blue Yonder Airlines",
                "Account Manager",
                "Corporate travel contract, renewed every April.",
            ),
            contact(
                "Raj Patel",
                "raj.patel@graphicdesigninstitute.example",
                "+44 161 496 0177",
                "Graphic Design Institute",
                "Print Production",
                "",
            ),
            contact(
                "Olga Petrova",
                "olga.petrova@wideworldimporters.example",
                "+7 495 555 0123",
                "Wide World Importers",
                "Logistics Coordinator",
                "",
            ),
            contact(
                "Marco Bianchi",
                "marco.bianchi@treyresearch.example",
                "+39 06 5555 0188",
                "Trey Research",
                "Sales",
                "",
            ),
            contact(
                "Fatima Zahra",
                "fatima.zahra@cpandl.example",
                "+212 522 555 014",
                "City Power & Light",
                "Energy Advisor",
                "",
            ),
            contact(
                "Jack O'Brien",
                "jack.obrien@southridgevideo.example",
                "+353 1 555 0172",
                "Southridge Video",
                "Producer",
                "Filmed the 2025 customer day.",
            ),
            contact(
                "Lina Novak",
                "lina.novak@consolidatedmessenger.example",
                "+386 1 555 0139",
                "Consolidated Messenger",
                "Dispatch",
                "",
            ),
            contact(
                "Peter Lindqvist",
                "peter.lindqvist@nodpublishers.example",
                "+46 31 555 0127",
                "Nod Publishers",
                "Licensing",
                "",
            ),
            contact(
                "Yuki Tanaka",
                "yuki.tanaka@vanarsdel.example",
                "+81 6 5555 0110",
                "VanArsdel Ltd",
                "Office Furniture Sales",
                "",
            ),
            contact(
                "Carlos Mendoza",
                "carlos.mendoza@bellowscatering.example",
                "+34 91 555 0163",
                "Bellows Catering",
                "Events",
                "Vegetarian options need a week's notice.",
            ),
        ],
    },
    DemoLabel {
        name: "Press & Partners",
        shares: &[(EDITOR, "editor")],
        contacts: &[
            contact(
                "Rachel Adams",
                "rachel.adams@dailytech.example",
                "+1 646 555 0119",
                "The Daily Tech",
                "Reporter",
                "Covers collaboration tools.",
            ),
            contact(
                "Ben Carter",
                "ben.carter@venturepod.example",
                "",
                "VenturePod",
                "Podcast host",
                "",
            ),
            contact(
                "Mei Lin",
                "mei.lin@partnerhub.example",
                "+65 6555 0148",
                "PartnerHub",
                "Alliances",
                "",
            ),
            contact(
                "Samuel Osei",
                "samuel.osei@techweekly.example",
                "+233 30 555 0102",
                "Tech Weekly Africa",
                "Editor",
                "",
            ),
            contact(
                "Laura Becker",
                "laura.becker@fintechnews.example",
                "",
                "Fintech News",
                "Journalist",
                "",
            ),
            contact(
                "Victor Nguyen",
                "victor.nguyen@cloudcon.example",
                "+1 512 555 0181",
                "CloudCon",
                "Speaker Relations",
                "We have a talk slot in June.",
            ),
        ],
    },
];

const COMMENTS: [DemoComment; 6] = [
    DemoComment {
        author: OWNER,
        contact: "Maria Gonzalez",
        body: "Renewal call booked for next Tuesday; she wants a quote for 40 seats.",
        public: true,
    },
    DemoComment {
        author: EDITOR,
        contact: "Maria Gonzalez",
        body: "@owner@sharebook.test she asked for the security questionnaire, can you send it?",
        public: true,
    },
    DemoComment {
        author: OWNER,
        contact: "Daniel Okafor",
        body: "Negotiating: don't mention the partner discount yet.",
        public: false,
    },
    DemoComment {
        author: VIEWER,
        contact: "Grace Kim",
        body: "Met her at the Lisbon conference; she knows Daniel from Contoso.",
        public: false,
    },
    DemoComment {
        author: EDITOR,
        contact: "Hannah Müller",
        body: "New price list arrives at the end of the month.",
        public: true,
    },
    DemoComment {
        author: OWNER,
        contact: "Rachel Adams",
        body: "Anything we tell her is under embargo until launch day.",
        public: true,
    },
];

/// A demo email: who sent it to whom, and how long ago.
struct DemoMail {
    id: &'static str,
    from: &'static str,
    to: &'static str,
    cc: &'static str,
    subject: &'static str,
    snippet: &'static str,
    minutes_ago: i64,
}

/// Each demo user's inbox, newest first. Senders mix labelled contacts, colleagues and people
/// nobody has filed yet.
const INBOXES: [(&str, &[DemoMail]); 4] = [
    (
        OWNER,
        &[
            DemoMail {
                id: "msg-f:1800000000000000101",
                from: "Maria Gonzalez <maria.gonzalez@northwind.example>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "Sam Patel <editor@sharebook.test>",
                subject: "Renewal for next year",
                snippet: "Hi Alex, before our call on Tuesday could you send the quote for 40 seats? We'd also like to see the security questionnaire.",
                minutes_ago: 14,
            },
            DemoMail {
                id: "msg-f:1800000000000000102",
                from: "Jordan Lee <jordan.lee@brightpath.example>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "",
                subject: "Introduction: BrightPath and Sharebook",
                snippet: "Hello Alex, Daniel Okafor suggested I get in touch. We run the customer team at BrightPath and are looking for a shared address book.",
                minutes_ago: 52,
            },
            DemoMail {
                id: "msg-f:1800000000000000103",
                from: "Daniel Okafor <daniel.okafor@contoso.example>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "Wei Zhang <wei.zhang@contoso.example>, Priya Raman <priya.raman@adatum.example>",
                subject: "Enterprise plan questions",
                snippet: "Alex, Wei from our IT team has a few questions about single sign-on and data residency. Copying Priya who did the same review at Adatum.",
                minutes_ago: 180,
            },
            DemoMail {
                id: "msg-f:1800000000000000104",
                from: "Hannah Müller <hannah.mueller@blueyonder.example>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "",
                subject: "Updated corporate fares",
                snippet: "Dear Alex, please find our updated corporate fares attached. They apply from the first of next month.",
                minutes_ago: 60 * 26,
            },
            DemoMail {
                id: "msg-f:1800000000000000105",
                from: "Sam Patel <editor@sharebook.test>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "Sophie Laurent <sophie.laurent@fabrikam.example>",
                subject: "Notes from the Fabrikam visit",
                snippet: "Great visit today. Sophie wants to pilot with the operations team first; I've added the details to her contact.",
                minutes_ago: 60 * 30,
            },
            DemoMail {
                id: "msg-f:1800000000000000106",
                from: "Rachel Adams <rachel.adams@dailytech.example>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "",
                subject: "Interview request",
                snippet: "Hi Alex, I'm writing a piece on how small teams share contacts. Would you have 20 minutes this week?",
                minutes_ago: 60 * 50,
            },
            DemoMail {
                id: "msg-f:1800000000000000107",
                from: "Workspace Updates <noreply@updates.example>",
                to: "owner@sharebook.test",
                cc: "",
                subject: "What's new this month",
                snippet: "Five features you may have missed, and a few tips for your team.",
                minutes_ago: 60 * 75,
            },
        ],
    ),
    (
        EDITOR,
        &[
            DemoMail {
                id: "msg-f:1800000000000000201",
                from: "Maria Gonzalez <maria.gonzalez@northwind.example>",
                to: "Alex Morgan <owner@sharebook.test>",
                cc: "Sam Patel <editor@sharebook.test>",
                subject: "Renewal for next year",
                snippet: "Hi Alex, before our call on Tuesday could you send the quote for 40 seats? We'd also like to see the security questionnaire.",
                minutes_ago: 14,
            },
            DemoMail {
                id: "msg-f:1800000000000000202",
                from: "Olga Petrova <olga.petrova@wideworldimporters.example>",
                to: "Sam Patel <editor@sharebook.test>",
                cc: "",
                subject: "Shipment delayed by two days",
                snippet: "Sam, the shipment for the event is held at customs. New delivery date is Thursday.",
                minutes_ago: 95,
            },
            DemoMail {
                id: "msg-f:1800000000000000203",
                from: "Nora Eriksen <nora.eriksen@adatum.example>",
                to: "Sam Patel <editor@sharebook.test>",
                cc: "Priya Raman <priya.raman@adatum.example>",
                subject: "Invoice address change",
                snippet: "Hello Sam, I'm Priya's new assistant. Please send invoices to our new address from now on.",
                minutes_ago: 60 * 20,
            },
            DemoMail {
                id: "msg-f:1800000000000000204",
                from: "Kenji Watanabe <kenji.watanabe@tailspin.example>",
                to: "Sam Patel <editor@sharebook.test>",
                cc: "",
                subject: "Autumn order",
                snippet: "Sam-san, we would like to place our autumn order a little earlier this year.",
                minutes_ago: 60 * 44,
            },
        ],
    ),
    (
        VIEWER,
        &[
            DemoMail {
                id: "msg-f:1800000000000000301",
                from: "Maria Gonzalez <maria.gonzalez@northwind.example>",
                to: "Jamie Chen <viewer@sharebook.test>",
                cc: "",
                subject: "Lisbon follow-up",
                snippet: "Jamie, lovely to meet you in Lisbon. As promised, here is the contact for our procurement desk.",
                minutes_ago: 40,
            },
            DemoMail {
                id: "msg-f:1800000000000000302",
                from: "Grace Kim <grace.kim@alpineskihouse.example>",
                to: "Jamie Chen <viewer@sharebook.test>",
                cc: "",
                subject: "Slides from the conference",
                snippet: "Hi Jamie, here are the slides I mentioned. Say hello to Daniel!",
                minutes_ago: 60 * 5,
            },
            DemoMail {
                id: "msg-f:1800000000000000303",
                from: "Chris Doyle <chris.doyle@startupweekend.example>",
                to: "Jamie Chen <viewer@sharebook.test>",
                cc: "",
                subject: "Mentoring at Startup Weekend",
                snippet: "Would you be up for mentoring a team on Saturday morning?",
                minutes_ago: 60 * 28,
            },
        ],
    ),
    (
        OUTSIDER,
        &[
            DemoMail {
                id: "msg-f:1800000000000000401",
                from: "Lucas Schmidt <lucas.schmidt@wingtip.example>",
                to: "Riley Brooks <outsider@sharebook.test>",
                cc: "",
                subject: "Question about our invoice",
                snippet: "Hi Riley, could we get our next invoice in euros rather than pounds?",
                minutes_ago: 25,
            },
            DemoMail {
                id: "msg-f:1800000000000000402",
                from: "IT Helpdesk <helpdesk@sharebook.test>",
                to: "Riley Brooks <outsider@sharebook.test>",
                cc: "",
                subject: "Your laptop is ready",
                snippet: "Your new laptop is ready for pick-up at the front desk.",
                minutes_ago: 60 * 3,
            },
            DemoMail {
                id: "msg-f:1800000000000000403",
                from: "Maria Gonzalez <maria.gonzalez@northwind.example>",
                to: "Riley Brooks <outsider@sharebook.test>",
                cc: "Alex Morgan <owner@sharebook.test>",
                subject: "Billing contact",
                snippet: "Riley, Alex tells me you handle billing now. Welcome aboard!",
                minutes_ago: 60 * 24,
            },
        ],
    ),
];

/// Puts every demo inbox in the Gmail stand-in; returns how many messages.
pub fn seed_inboxes(gmail: &GmailStandIn) -> usize {
    let now = Utc::now();
    let mut count = 0;
    for (owner, mails) in INBOXES {
        // Oldest first, so the stand-in's arrival order lists the newest on top.
        for mail in mails.iter().rev() {
            let date = now - chrono::Duration::minutes(mail.minutes_ago);
            let mut headers = vec![
                ("From".to_owned(), mail.from.to_owned()),
                ("To".to_owned(), mail.to.to_owned()),
            ];
            if !mail.cc.is_empty() {
                headers.push(("Cc".to_owned(), mail.cc.to_owned()));
            }
            headers.extend([
                ("Subject".to_owned(), mail.subject.to_owned()),
                ("Date".to_owned(), date.to_rfc2822()),
            ]);
            let thread = mail.id.replace("msg-f:", "thread-f:");
            gmail.add_message_with_snippet(owner, mail.id, &thread, headers, mail.snippet);
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_comment_is_about_a_demo_contact_and_every_user_has_mail() {
        for c in COMMENTS {
            assert!(
                LABELS
                    .iter()
                    .any(|l| l.contacts.iter().any(|x| x.name == c.contact)),
                "{}",
                c.contact
            );
        }
        let gmail = GmailStandIn::new();
        assert!(seed_inboxes(&gmail) > 12);
        for user in USERS {
            assert!(
                !gmail.list_messages(user.email).is_empty(),
                "{}",
                user.email
            );
            assert!(user.email.ends_with(DOMAIN));
        }
        let owner = gmail.list_messages(OWNER);
        assert_eq!(owner[0].id, "msg-f:1800000000000000101", "newest first");
    }

    #[test]
    fn finds_parameters_and_error_cards_in_answers() {
        let body = serde_json::json!({"renderActions": {"action": {"navigations": [
            {"pushCard": {"name": "error", "header": {"title": "Not available"},
                "sections": [{"widgets": [{"textParagraph": {"text": "Gone"}}]}]}}]}}});
        assert_eq!(
            error_card_text(&body).as_deref(),
            Some("Not available: Gone")
        );
        let body = serde_json::json!({"action": {"navigations": [{"pushCard": {"sections": [
            {"widgets": [{"buttonList": {"buttons": [{"onClick": {"action": {
                "parameters": [{"key": "label_id", "value": "a"}, {"key": "x", "value": "b"}]}}}]}}]}]}}]}});
        assert_eq!(parameter_values(&body, "label_id"), vec!["a"]);
        assert_eq!(error_card_text(&body), None);
    }
}
