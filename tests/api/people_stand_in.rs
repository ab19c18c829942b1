//! The People API stand-in over real HTTP: Google's shapes, limits, etag and membership rules,
//! quotas and every injected fault, with tokens minted by the production `TokenSource`.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use sharebook::config::PublicUrl;
use sharebook::google::service_account::TokenSource;
use sharebook_dev::sandbox::host::GoogleHost;
use sharebook_dev::sandbox::people::{
    CONTACTS_READONLY_SCOPE, CONTACTS_SCOPE, Fault, PeopleMethod, PeopleStandIn, QuotaBucket,
    quota_cost,
};
use sharebook_dev::sandbox::{self, OAUTH_CLIENT_ID, SERVICE_ACCOUNT_EMAIL, StandIns};

const ALICE: &str = "alice@sharebook.test";
const BOB: &str = "bob@sharebook.test";

struct Google {
    stand_ins: StandIns,
    people: Arc<PeopleStandIn>,
    tokens: TokenSource,
    http: reqwest::Client,
}

async fn start() -> Google {
    let issuer = sandbox::new_issuer().unwrap();
    let host = GoogleHost::new(
        issuer,
        PublicUrl::parse("http://127.0.0.1:9").unwrap(),
        SERVICE_ACCOUNT_EMAIL,
        OAUTH_CLIENT_ID,
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let stand_ins = StandIns::new(&listener, host).unwrap();
    tokio::spawn(sandbox::server(listener, &stand_ins).unwrap());
    let key = stand_ins
        .tokens
        .create_service_account(sandbox::SYNC_SERVICE_ACCOUNT)
        .unwrap()
        .key()
        .unwrap();
    let http = client(Duration::from_secs(10));
    let tokens = TokenSource::new(key, stand_ins.tokens.url().parse().unwrap(), http.clone());
    Google {
        people: stand_ins.people.clone(),
        stand_ins,
        tokens,
        http,
    }
}

fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder().timeout(timeout).build().unwrap()
}

impl Google {
    async fn token(&self, user: &str, scope: &str) -> String {
        let token = self.tokens.access_token(user, &[scope]).await.unwrap();
        token.expose_secret().to_owned()
    }

    fn request(
        &self,
        http: &reqwest::Client,
        method: Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        http.request(method, self.stand_ins.url(path).unwrap())
    }

    /// A call as `user` with the contacts scope: status and JSON body.
    async fn call(
        &self,
        user: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let token = self.token(user, CONTACTS_SCOPE).await;
        self.call_with(&self.http, Some(&token), method, path, body)
            .await
            .unwrap()
    }

    async fn call_with(
        &self,
        http: &reqwest::Client,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Result<(u16, Value)> {
        let mut request = self.request(http, method, path);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await?))
    }

    async fn get(&self, user: &str, path: &str) -> (u16, Value) {
        self.call(user, Method::GET, path, None).await
    }

    async fn post(&self, user: &str, path: &str, body: Value) -> (u16, Value) {
        self.call(user, Method::POST, path, Some(body)).await
    }

    async fn create_group(&self, user: &str, name: &str) -> Value {
        let (status, group) = self
            .post(
                user,
                "/v1/contactGroups",
                json!({ "contactGroup": { "name": name,
                    "clientData": [{ "key": "sharebook.label", "value": "l1" }] },
                    "readGroupFields": "name,clientData,groupType,metadata" }),
            )
            .await;
        assert_eq!(status, 200, "{group}");
        group
    }

    async fn create_contact(&self, user: &str, person: Value) -> Value {
        let (status, created) = self
            .post(
                user,
                "/v1/people:createContact?personFields=names,memberships,metadata",
                person,
            )
            .await;
        assert_eq!(status, 200, "{created}");
        created
    }

    async fn update(&self, user: &str, resource: &str, mask: &str, person: Value) -> (u16, Value) {
        self.call(
            user,
            Method::PATCH,
            &format!("/v1/{resource}:updateContact?updatePersonFields={mask}&personFields=names,emailAddresses,memberships"),
            Some(person),
        )
        .await
    }
}

fn status_of(body: &Value) -> &str {
    body["error"]["status"].as_str().unwrap_or_default()
}

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("people/c{}", 900 + i)).collect()
}

fn member_count(group: &Value) -> u64 {
    group["memberCount"].as_u64().unwrap_or(0)
}

fn group_named<'a>(snapshot: &'a [Value], resource: &str) -> &'a Value {
    snapshot
        .iter()
        .find(|g| g["resourceName"] == resource)
        .unwrap_or_else(|| panic!("no group {resource}"))
}

// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn calls_without_a_valid_contacts_token_are_refused_as_google_does() {
    let google = start().await;

    // No token, an unknown token.
    let (status, body) = google
        .call_with(&google.http, None, Method::GET, "/v1/contactGroups", None)
        .await
        .unwrap();
    assert_eq!((status, status_of(&body)), (401, "UNAUTHENTICATED"));
    let (status, body) = google
        .call_with(
            &google.http,
            Some("ya29.made-up"),
            Method::GET,
            "/v1/contactGroups",
            None,
        )
        .await
        .unwrap();
    assert_eq!((status, status_of(&body)), (401, "UNAUTHENTICATED"));

    // An expired token.
    google.stand_ins.tokens.set_token_lifetime(0);
    let expired = google.token("expired@sharebook.test", CONTACTS_SCOPE).await;
    google.stand_ins.tokens.set_token_lifetime(3599);
    let (status, body) = google
        .call_with(
            &google.http,
            Some(&expired),
            Method::GET,
            "/v1/contactGroups",
            None,
        )
        .await
        .unwrap();
    assert_eq!((status, status_of(&body)), (401, "UNAUTHENTICATED"));

    // A live token without the contacts scope.
    let gmail = google
        .token(ALICE, "https://www.googleapis.com/auth/gmail.readonly")
        .await;
    let (status, body) = google
        .call_with(
            &google.http,
            Some(&gmail),
            Method::GET,
            "/v1/contactGroups",
            None,
        )
        .await
        .unwrap();
    assert_eq!((status, status_of(&body)), (403, "PERMISSION_DENIED"));
    assert_eq!(body["error"]["code"], 403);

    // The read-only scope reads but does not write.
    let readonly = google.token(ALICE, CONTACTS_READONLY_SCOPE).await;
    let (status, _) = google
        .call_with(
            &google.http,
            Some(&readonly),
            Method::GET,
            "/v1/contactGroups",
            None,
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    let (status, body) = google
        .call_with(
            &google.http,
            Some(&readonly),
            Method::POST,
            "/v1/contactGroups",
            Some(json!({ "contactGroup": { "name": "x" } })),
        )
        .await
        .unwrap();
    assert_eq!((status, status_of(&body)), (403, "PERMISSION_DENIED"));
    assert!(google.people.snapshot(ALICE).groups.len() == 2);
}

#[tokio::test]
async fn contact_groups_are_created_listed_paged_renamed_and_names_stay_unique() {
    let google = start().await;

    let group = google.create_group(ALICE, "Clients").await;
    let resource = group["resourceName"].as_str().unwrap().to_owned();
    assert!(resource.starts_with("contactGroups/"), "{group}");
    assert_eq!(group["groupType"], "USER_CONTACT_GROUP");
    assert_eq!(group["name"], "Clients");
    assert_eq!(group["formattedName"], "Clients");
    assert_eq!(group["clientData"][0]["key"], "sharebook.label");
    assert!(group["metadata"]["updateTime"].is_string());
    assert!(group["etag"].is_string());

    // A name already used: 409 ALREADY_EXISTS.
    let (status, body) = google
        .post(
            ALICE,
            "/v1/contactGroups",
            json!({ "contactGroup": { "name": "Clients" } }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (409, "ALREADY_EXISTS"));
    // Another user may use it.
    google.create_group(BOB, "Clients").await;

    // Listed with the system groups, paged one by one.
    let (status, list) = google.get(ALICE, "/v1/contactGroups").await;
    assert_eq!(status, 200);
    assert_eq!(list["totalItems"], 3);
    let listed: Vec<&str> = list["contactGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["resourceName"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "contactGroups/myContacts",
            "contactGroups/starred",
            resource.as_str()
        ]
    );
    assert_eq!(
        list["contactGroups"][0]["groupType"],
        "SYSTEM_CONTACT_GROUP"
    );
    assert!(list.get("nextPageToken").is_none());
    let mut token = String::new();
    let mut paged = Vec::new();
    loop {
        let (status, page) = google
            .get(
                ALICE,
                &format!("/v1/contactGroups?pageSize=1&pageToken={token}"),
            )
            .await;
        assert_eq!(status, 200, "{page}");
        paged.push(page["contactGroups"][0]["resourceName"].clone());
        match page["nextPageToken"].as_str() {
            Some(next) => token = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(paged.len(), 3);
    let (status, _) = google.get(ALICE, "/v1/contactGroups?pageSize=1001").await;
    assert_eq!(status, 400);

    // Get: unknown is 404; a known one carries up to maxMembers members.
    let (status, body) = google.get(ALICE, "/v1/contactGroups/nope").await;
    assert_eq!((status, status_of(&body)), (404, "NOT_FOUND"));
    let contact = google
        .create_contact(
            ALICE,
            json!({ "names": [{ "givenName": "Ada" }], "memberships": [
            { "contactGroupMembership": { "contactGroupResourceName": resource } }] }),
        )
        .await;
    let (status, got) = google
        .get(ALICE, &format!("/v1/{resource}?maxMembers=5"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(got["memberCount"], 1);
    assert_eq!(got["memberResourceNames"][0], contact["resourceName"]);
    let (_, got) = google.get(ALICE, &format!("/v1/{resource}")).await;
    assert!(got.get("memberResourceNames").is_none());

    // Update: etag required and fresh; duplicate names refused; system groups refused.
    let rename = |etag: &Value, name: &str| {
        json!({ "contactGroup": { "name": name, "etag": etag }, "updateGroupFields": "name",
                "readGroupFields": "name,clientData" })
    };
    let stale = group["etag"].clone();
    let (status, renamed) = google
        .call(
            ALICE,
            Method::PUT,
            &format!("/v1/{resource}"),
            Some(rename(&stale, "Customers")),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["name"], "Customers");
    assert_eq!(renamed["clientData"][0]["value"], "l1");
    assert_ne!(renamed["etag"], stale);
    let (status, body) = google
        .call(
            ALICE,
            Method::PUT,
            &format!("/v1/{resource}"),
            Some(rename(&stale, "Again")),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
    let (status, body) = google
        .call(
            ALICE,
            Method::PUT,
            &format!("/v1/{resource}"),
            Some(json!({ "contactGroup": { "name": "x" } })),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
    google.create_group(ALICE, "Suppliers").await;
    let (status, body) = google
        .call(
            ALICE,
            Method::PUT,
            &format!("/v1/{resource}"),
            Some(rename(&renamed["etag"], "Suppliers")),
        )
        .await;
    assert_eq!((status, status_of(&body)), (409, "ALREADY_EXISTS"));
    let (_, starred) = google.get(ALICE, "/v1/contactGroups/starred").await;
    let (status, _) = google
        .call(
            ALICE,
            Method::PUT,
            "/v1/contactGroups/starred",
            Some(rename(&starred["etag"], "Stars")),
        )
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn batch_limits_are_google_s_and_an_oversized_batch_changes_nothing() {
    let google = start().await;
    let person = json!({ "contactPerson": { "names": [{ "givenName": "N" }] } });

    let (status, body) = google
        .post(
            ALICE,
            "/v1/people:batchCreateContacts",
            json!({ "contacts": vec![person.clone(); 201], "readMask": "names" }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "INVALID_ARGUMENT"));
    assert!(google.people.snapshot(ALICE).people.is_empty());

    let (status, body) = google
        .post(
            ALICE,
            "/v1/people:batchCreateContacts",
            json!({ "contacts": [person.clone()] }),
        )
        .await;
    assert_eq!(
        (status, status_of(&body)),
        (400, "INVALID_ARGUMENT"),
        "readMask is required"
    );

    let (status, created) = google
        .post(
            ALICE,
            "/v1/people:batchCreateContacts",
            json!({ "contacts": vec![person.clone(); 200], "readMask": "names,memberships" }),
        )
        .await;
    assert_eq!(status, 200);
    let created = created["createdPeople"].as_array().unwrap();
    assert_eq!(created.len(), 200);
    assert_eq!(created[0]["httpStatusCode"], 200);
    assert_eq!(
        created[0]["person"]["memberships"][0]["contactGroupMembership"]["contactGroupResourceName"],
        "contactGroups/myContacts"
    );

    let (status, body) = google
        .post(
            ALICE,
            "/v1/people:batchDeleteContacts",
            json!({ "resourceNames": names(501) }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "INVALID_ARGUMENT"));

    let (status, body) = google
        .post(
            ALICE,
            "/v1/contactGroups/myContacts/members:modify",
            json!({ "resourceNamesToAdd": names(600), "resourceNamesToRemove": names(401) }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "INVALID_ARGUMENT"));
    let (status, body) = google
        .post(
            ALICE,
            "/v1/contactGroups/myContacts/members:modify",
            json!({ "resourceNamesToAdd": names(1000) }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["notFoundResourceNames"].as_array().unwrap().len(),
        1000
    );

    let updates: serde_json::Map<String, Value> = names(201)
        .into_iter()
        .map(|n| (n, json!({ "etag": "x" })))
        .collect();
    let (status, _) = google
        .post(
            ALICE,
            "/v1/people:batchUpdateContacts",
            json!({ "contacts": updates, "updateMask": "names", "readMask": "names" }),
        )
        .await;
    assert_eq!(status, 400);

    let query: String = names(201)
        .iter()
        .map(|n| format!("resourceNames={n}&"))
        .collect();
    let (status, _) = google
        .get(
            ALICE,
            &format!("/v1/people:batchGet?{query}personFields=names"),
        )
        .await;
    assert_eq!(status, 400);

    // Unknown names fail the whole delete and delete nothing.
    let known = created[0]["person"]["resourceName"].as_str().unwrap();
    let (status, body) = google
        .post(
            ALICE,
            "/v1/people:batchDeleteContacts",
            json!({ "resourceNames": [known, "people/c1"] }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (404, "NOT_FOUND"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("people/c1")
    );
    assert_eq!(google.people.snapshot(ALICE).people.len(), 200);
    let all: Vec<Value> = created
        .iter()
        .map(|c| c["person"]["resourceName"].clone())
        .collect();
    let (status, _) = google
        .post(
            ALICE,
            "/v1/people:batchDeleteContacts",
            json!({ "resourceNames": all }),
        )
        .await;
    assert_eq!(status, 200);
    assert!(google.people.snapshot(ALICE).people.is_empty());
}

#[tokio::test]
async fn updates_need_the_current_etag_and_replace_the_masked_fields() {
    let google = start().await;
    let created = google
        .create_contact(
            ALICE,
            json!({
                "names": [{ "givenName": "Ada", "familyName": "Lovelace" }],
                "emailAddresses": [{ "value": "ada@example.com", "type": "work" }],
            }),
        )
        .await;
    let resource = created["resourceName"].as_str().unwrap().to_owned();
    assert!(resource.starts_with("people/c"));
    assert_eq!(created["names"][0]["displayName"], "Ada Lovelace");
    assert_eq!(created["metadata"]["sources"][0]["type"], "CONTACT");
    let first = created["etag"].clone();

    // Fresh etag: applied, new etag, unmasked fields kept.
    let (status, updated) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": first, "names": [{ "givenName": "Augusta" }] }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["names"][0]["givenName"], "Augusta");
    assert_eq!(updated["emailAddresses"][0]["value"], "ada@example.com");
    assert_eq!(updated["emailAddresses"][0]["formattedType"], "Work");
    assert_ne!(updated["etag"], first);

    // The old etag: 400 FAILED_PRECONDITION, in Google's words.
    let (status, body) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": first, "names": [{ "givenName": "X" }] }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
    assert_eq!(
        body["error"]["message"],
        "Request person.etag is different than the current person.etag. Clear local cache and get the latest person."
    );
    assert_eq!(body["error"]["errors"][0]["reason"], "failedPrecondition");

    // The source etag is accepted in place of the person etag.
    let (_, current) = google
        .get(ALICE, &format!("/v1/{resource}?personFields=metadata"))
        .await;
    let (status, updated) = google
        .update(
            ALICE,
            &resource,
            "emailAddresses",
            json!({ "metadata": current["metadata"] }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert!(
        updated.get("emailAddresses").is_none(),
        "masked and absent: cleared"
    );

    // No etag, no mask, two names, an unknown field: 400.
    let (status, body) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "names": [{ "givenName": "X" }] }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "INVALID_ARGUMENT"));
    let etag = updated["etag"].clone();
    let (status, _) = google
        .call(
            ALICE,
            Method::PATCH,
            &format!("/v1/{resource}:updateContact"),
            Some(json!({ "etag": etag })),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": etag, "names": [{ "givenName": "A" }, { "givenName": "B" }] }),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": etag, "nmes": [] }),
        )
        .await;
    assert_eq!(status, 400);

    // Edited by the user meanwhile: the etag we hold is stale.
    assert!(google.people.edit_as_user(ALICE, &resource, |p| {
        p["names"][0]["givenName"] = json!("Edited");
    }));
    let (status, body) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": etag, "names": [{ "givenName": "Mine" }] }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));

    // Batch update: one stale etag fails the whole call, listing it, applying nothing.
    let other = google
        .create_contact(ALICE, json!({ "names": [{ "givenName": "Bob" }] }))
        .await;
    let other_name = other["resourceName"].as_str().unwrap();
    let (status, body) = google
        .post(
            ALICE,
            "/v1/people:batchUpdateContacts",
            json!({
                "contacts": {
                    other_name: { "etag": other["etag"], "names": [{ "givenName": "Robert" }] },
                    resource.as_str(): { "etag": etag, "names": [{ "givenName": "Mine" }] },
                },
                "updateMask": "names", "readMask": "names",
            }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&resource)
    );
    assert!(
        !body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(other_name)
    );
    let (_, unchanged) = google
        .get(ALICE, &format!("/v1/{other_name}?personFields=names"))
        .await;
    assert_eq!(unchanged["names"][0]["givenName"], "Bob");
    assert_eq!(unchanged["etag"], other["etag"]);

    let (_, current) = google
        .get(ALICE, &format!("/v1/{resource}?personFields=names"))
        .await;
    let (status, body) = google
        .post(ALICE, "/v1/people:batchUpdateContacts", json!({
            "contacts": {
                other_name: { "etag": other["etag"], "names": [{ "givenName": "Robert" }] },
                resource.as_str(): { "etag": current["etag"], "names": [{ "givenName": "Mine" }] },
            },
            "updateMask": "names", "readMask": "names",
        }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["updateResult"][other_name]["httpStatusCode"], 200);
    assert_eq!(
        body["updateResult"][&resource]["person"]["names"][0]["givenName"],
        "Mine"
    );
}

#[tokio::test]
async fn every_contact_keeps_a_group_and_group_counts_follow_deletions() {
    let google = start().await;
    let label = google.create_group(ALICE, "Shared").await["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    let ada = google
        .create_contact(ALICE, json!({ "names": [{ "givenName": "Ada" }] }))
        .await;
    let ada_name = ada["resourceName"].as_str().unwrap().to_owned();
    assert_eq!(
        ada["memberships"][0]["contactGroupMembership"]["contactGroupResourceName"],
        "contactGroups/myContacts"
    );

    // Into the label, out of myContacts; then the label is its last group.
    let (status, body) = google
        .post(
            ALICE,
            &format!("/v1/{label}/members:modify"),
            json!({ "resourceNamesToAdd": [ada_name, "people/c42"] }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({ "notFoundResourceNames": ["people/c42"] }));
    let (status, body) = google
        .post(
            ALICE,
            "/v1/contactGroups/myContacts/members:modify",
            json!({ "resourceNamesToRemove": [ada_name] }),
        )
        .await;
    assert_eq!((status, body), (200, json!({})));
    let (status, body) = google
        .post(
            ALICE,
            &format!("/v1/{label}/members:modify"),
            json!({ "resourceNamesToRemove": [ada_name] }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "canNotRemoveLastContactGroupResourceNames": [ada_name] })
    );

    // An update leaving no group is refused.
    let (_, current) = google
        .get(ALICE, &format!("/v1/{ada_name}?personFields=memberships"))
        .await;
    let (status, _) = google
        .update(
            ALICE,
            &ada_name,
            "memberships",
            json!({ "etag": current["etag"], "memberships": [] }),
        )
        .await;
    assert_eq!(status, 400);

    // Deleting the label without its contacts: Ada falls back to myContacts.
    let (status, body) = google
        .call(
            ALICE,
            Method::DELETE,
            &format!("/v1/{label}?deleteContacts=false"),
            None,
        )
        .await;
    assert_eq!((status, body), (200, json!({})));
    let snapshot = google.people.snapshot(ALICE);
    assert_eq!(snapshot.groups.len(), 2);
    assert_eq!(
        member_count(group_named(&snapshot.groups, "contactGroups/myContacts")),
        1
    );
    assert_eq!(
        snapshot.people[0]["memberships"][0]["contactGroupMembership"]["contactGroupId"],
        "myContacts"
    );

    // With its contacts: they go too.
    let label = google.create_group(ALICE, "Temp").await["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    let bob = google
        .create_contact(ALICE, json!({ "names": [{ "givenName": "Bob" }], "memberships": [
            { "contactGroupMembership": { "contactGroupResourceName": label } },
            { "contactGroupMembership": { "contactGroupResourceName": "contactGroups/starred" } }] }))
        .await;
    let snapshot = google.people.snapshot(ALICE);
    assert_eq!(member_count(group_named(&snapshot.groups, &label)), 1);
    assert_eq!(
        member_count(group_named(&snapshot.groups, "contactGroups/starred")),
        1
    );
    let (status, _) = google
        .call(
            ALICE,
            Method::DELETE,
            &format!("/v1/{label}?deleteContacts=true"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let snapshot = google.people.snapshot(ALICE);
    assert_eq!(snapshot.people.len(), 1);
    assert_eq!(
        member_count(group_named(&snapshot.groups, "contactGroups/starred")),
        0
    );
    let (status, _) = google
        .get(
            ALICE,
            &format!(
                "/v1/{}?personFields=names",
                bob["resourceName"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(status, 404);

    // A deleted contact leaves its groups.
    let (status, _) = google
        .call(
            ALICE,
            Method::DELETE,
            &format!("/v1/{ada_name}:deleteContact"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let snapshot = google.people.snapshot(ALICE);
    assert_eq!(
        member_count(group_named(&snapshot.groups, "contactGroups/myContacts")),
        0
    );
    let (status, body) = google
        .call(
            ALICE,
            Method::DELETE,
            &format!("/v1/{ada_name}:deleteContact"),
            None,
        )
        .await;
    assert_eq!((status, status_of(&body)), (404, "NOT_FOUND"));
}

#[tokio::test]
async fn reads_need_a_mask_and_page_through_connections() {
    let google = start().await;
    let mut created = Vec::new();
    for i in 0..5 {
        let person = google
            .create_contact(
                ALICE,
                json!({ "names": [{ "givenName": format!("P{i}") }],
                "clientData": [{ "key": "sharebook.contact", "value": i.to_string() }] }),
            )
            .await;
        created.push(person["resourceName"].as_str().unwrap().to_owned());
    }

    let (status, body) = google.get(ALICE, "/v1/people/me/connections").await;
    assert_eq!((status, status_of(&body)), (400, "INVALID_ARGUMENT"));
    let (status, body) = google.get(ALICE, &format!("/v1/{}", created[0])).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = google
        .get(
            ALICE,
            "/v1/people/me/connections?personFields=names&pageSize=1001",
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = google
        .get(
            ALICE,
            "/v1/people/me/connections?personFields=names&bogus=1",
        )
        .await;
    assert_eq!(status, 400, "unknown parameters are refused as at Google");

    let mut listed = Vec::new();
    let mut token = String::new();
    loop {
        let (status, page) = google
            .get(ALICE, &format!(
                "/v1/people/me/connections?personFields=names,clientData&pageSize=2&pageToken={token}"
            ))
            .await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["totalPeople"], 5);
        assert_eq!(page["totalItems"], 5);
        for person in page["connections"].as_array().unwrap() {
            assert!(person.get("memberships").is_none(), "only the asked fields");
            assert!(person["etag"].is_string());
            listed.push(person["resourceName"].as_str().unwrap().to_owned());
        }
        match page["nextPageToken"].as_str() {
            Some(next) => token = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(listed, created);

    let (status, body) = google
        .get(
            ALICE,
            &format!(
                "/v1/people:batchGet?resourceNames={}&resourceNames=people/c7&person_fields=names",
                created[1]
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses[0]["httpStatusCode"], 200);
    assert_eq!(responses[0]["person"]["names"][0]["givenName"], "P1");
    assert_eq!(responses[1]["httpStatusCode"], 404);
    assert_eq!(responses[1]["requestedResourceName"], "people/c7");

    // Bob sees none of Alice's contacts.
    let (status, body) = google
        .get(BOB, &format!("/v1/{}?personFields=names", created[0]))
        .await;
    assert_eq!((status, status_of(&body)), (404, "NOT_FOUND"));
    let (_, body) = google
        .get(BOB, "/v1/people/me/connections?personFields=names")
        .await;
    assert_eq!(body, json!({}));
}

#[tokio::test]
async fn quota_buckets_refuse_with_google_s_429_and_refill_after_the_window() {
    let google = start().await;
    google.people.set_quota(QuotaBucket::CriticalWrite, Some(7));
    google.people.set_quota_window(Duration::from_millis(1_500));
    // Warm the token cache so minting does not eat into the window.
    google.token(ALICE, CONTACTS_SCOPE).await;

    let person = json!({ "contactPerson": { "names": [{ "givenName": "N" }] } });
    let (status, _) = google
        .post(
            ALICE,
            "/v1/people:batchCreateContacts",
            json!({ "contacts": [person], "readMask": "names" }),
        )
        .await;
    assert_eq!(status, 200);
    let one = json!({ "names": [{ "givenName": "One" }] });
    let (status, _) = google
        .post(ALICE, "/v1/people:createContact", one.clone())
        .await;
    assert_eq!(status, 200);
    let (status, body) = google
        .post(ALICE, "/v1/people:createContact", one.clone())
        .await;
    assert_eq!(status, 429);
    assert_eq!(
        body,
        json!({ "error": {
            "code": 429,
            "message": "Quota exceeded for quota metric 'Critical write requests' and limit 'Critical write requests per minute per user' of service 'people.googleapis.com' for consumer 'project_number:100000000001'.",
            "status": "RESOURCE_EXHAUSTED",
            "details": [{
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {
                    "quota_metric": "people.googleapis.com/critical_write_requests",
                    "quota_limit": "CriticalWriteRequestsPerMinutePerUser",
                    "quota_limit_value": "7",
                    "quota_location": "global",
                    "service": "people.googleapis.com",
                    "consumer": "projects/100000000001",
                },
            }],
        }})
    );
    assert_eq!(
        google.people.snapshot(ALICE).people.len(),
        2,
        "refused calls change nothing"
    );
    // Other buckets and other users are unaffected.
    let (status, _) = google.get(ALICE, "/v1/contactGroups").await;
    assert_eq!(status, 200);
    let (status, _) = google
        .post(BOB, "/v1/people:createContact", one.clone())
        .await;
    assert_eq!(status, 200);

    tokio::time::sleep(Duration::from_millis(1_600)).await;
    let (status, _) = google
        .post(ALICE, "/v1/people:createContact", one.clone())
        .await;
    assert_eq!(status, 200, "the window has slid past the earlier calls");
    let statuses: Vec<(&str, u16)> = google
        .people
        .calls(ALICE)
        .iter()
        .map(|c| (c.method, c.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("people.batchCreateContacts", 200),
            ("people.createContact", 200),
            ("people.createContact", 429),
            ("contactGroups.list", 200),
            ("people.createContact", 200),
        ]
    );
    assert_eq!(google.people.write_calls(ALICE), 3);
}

#[test]
fn the_cost_table_is_the_guide_s() {
    use QuotaBucket::{CriticalRead, CriticalWrite, Read, Write};
    assert_eq!(
        quota_cost(PeopleMethod::UpdateContact),
        [(CriticalRead, 1), (CriticalWrite, 1)]
    );
    assert_eq!(
        quota_cost(PeopleMethod::BatchCreateContacts),
        [(CriticalRead, 6), (CriticalWrite, 6)]
    );
    assert_eq!(quota_cost(PeopleMethod::BatchDeleteContacts), [(Write, 10)]);
    assert_eq!(
        quota_cost(PeopleMethod::ModifyContactGroupMembers),
        [(Write, 1)]
    );
    assert_eq!(
        quota_cost(PeopleMethod::ListConnections),
        [(CriticalRead, 1)]
    );
    assert_eq!(quota_cost(PeopleMethod::ListContactGroups), [(Read, 1)]);
    assert!(PeopleMethod::ALL.iter().all(|m| !quota_cost(*m).is_empty()));
}

#[tokio::test]
async fn injected_statuses_and_stale_etags_look_like_google_s() {
    let google = start().await;
    let created = google
        .create_contact(ALICE, json!({ "names": [{ "givenName": "Ada" }] }))
        .await;
    let resource = created["resourceName"].as_str().unwrap().to_owned();

    google.people.inject_for(BOB, Fault::Status(500));
    google.people.inject(Fault::Status(503));
    let (status, body) = google.get(ALICE, "/v1/contactGroups").await;
    assert_eq!((status, status_of(&body)), (503, "UNAVAILABLE"));
    let (status, body) = google.get(BOB, "/v1/contactGroups").await;
    assert_eq!((status, status_of(&body)), (500, "INTERNAL"));
    google.people.inject(Fault::Status(429));
    let (status, body) = google
        .post(ALICE, "/v1/people:createContact", json!({}))
        .await;
    assert_eq!((status, status_of(&body)), (429, "RESOURCE_EXHAUSTED"));
    assert_eq!(body["error"]["details"][0]["reason"], "RATE_LIMIT_EXCEEDED");
    assert_eq!(
        google.people.snapshot(ALICE).people.len(),
        1,
        "failed calls apply nothing"
    );

    // A stale etag waits for an update: reads pass it by.
    google.people.inject_for(ALICE, Fault::StaleEtag);
    let (status, _) = google
        .get(ALICE, &format!("/v1/{resource}?personFields=names"))
        .await;
    assert_eq!(status, 200);
    let (status, body) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": created["etag"], "names": [{ "givenName": "X" }] }),
        )
        .await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
    let after = &google.people.snapshot(ALICE).people[0];
    assert_ne!(after["etag"], created["etag"]);
    assert_eq!(
        after["names"][0]["givenName"], "Ada",
        "only the etag changed"
    );
    let (status, _) = google
        .update(
            ALICE,
            &resource,
            "names",
            json!({ "etag": after["etag"], "names": [{ "givenName": "X" }] }),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn timeouts_and_dropped_connections_fail_the_client_applied_or_not_as_asked() {
    let google = start().await;
    let token = google.token(ALICE, CONTACTS_SCOPE).await;
    let impatient = client(Duration::from_millis(300));
    let create = |name: &str| Some(json!({ "names": [{ "givenName": name }] }));
    let given_names = || -> Vec<String> {
        google
            .people
            .snapshot(ALICE)
            .people
            .iter()
            .map(|p| p["names"][0]["givenName"].as_str().unwrap().to_owned())
            .collect()
    };

    let wait = Duration::from_millis(900);
    google.people.inject(Fault::Timeout {
        wait,
        after_apply: false,
    });
    let err = google
        .call_with(
            &impatient,
            Some(&token),
            Method::POST,
            "/v1/people:createContact",
            create("lost"),
        )
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");

    google.people.inject(Fault::Timeout {
        wait,
        after_apply: true,
    });
    let err = google
        .call_with(
            &impatient,
            Some(&token),
            Method::POST,
            "/v1/people:createContact",
            create("applied"),
        )
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(given_names(), ["applied"]);

    // A patient client hears the 504 of a timeout that applied nothing.
    google.people.inject(Fault::Timeout {
        wait: Duration::from_millis(50),
        after_apply: false,
    });
    let (status, body) = google
        .call_with(
            &google.http,
            Some(&token),
            Method::POST,
            "/v1/people:createContact",
            create("late"),
        )
        .await
        .unwrap();
    assert_eq!((status, status_of(&body)), (504, "DEADLINE_EXCEEDED"));

    // Dropped: `send()` itself fails, so no status line ever arrived.
    let send = |name: &str| {
        google
            .request(&google.http, Method::POST, "/v1/people:createContact")
            .bearer_auth(&token)
            .json(&create(name))
            .send()
    };
    google.people.inject(Fault::Drop);
    let err = send("dropped").await.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    google.people.inject(Fault::DropAfterApply);
    let err = send("kept").await.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert_eq!(given_names(), ["applied", "kept"]);
    assert_eq!(google.people.write_calls(ALICE), 2);

    // The stand-in still answers normally afterwards.
    let (status, _) = google
        .call_with(
            &google.http,
            Some(&token),
            Method::GET,
            "/v1/contactGroups",
            None,
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    let statuses: Vec<u16> = google
        .people
        .calls(ALICE)
        .iter()
        .map(|c| c.status)
        .collect();
    assert_eq!(statuses, [504, 200, 504, 0, 0, 200]);
}

#[tokio::test]
async fn concurrent_mutations_per_user_are_counted() {
    let google = start().await;
    google.people.set_delay(Duration::from_millis(100));
    let token = google.token(ALICE, CONTACTS_SCOPE).await;
    let bob_token = google.token(BOB, CONTACTS_SCOPE).await;
    let body = || Some(json!({ "names": [{ "givenName": "C" }] }));

    // Three at once for Alice, plus reads, which do not count.
    let (a, b, c, d) = tokio::join!(
        google.call_with(
            &google.http,
            Some(&token),
            Method::POST,
            "/v1/people:createContact",
            body()
        ),
        google.call_with(
            &google.http,
            Some(&token),
            Method::POST,
            "/v1/people:createContact",
            body()
        ),
        google.call_with(
            &google.http,
            Some(&token),
            Method::POST,
            "/v1/contactGroups",
            Some(json!({ "contactGroup": { "name": "G" } }))
        ),
        google.call_with(
            &google.http,
            Some(&token),
            Method::GET,
            "/v1/contactGroups",
            None
        ),
    );
    for result in [a, b, c, d] {
        assert_eq!(result.unwrap().0, 200);
    }
    assert_eq!(google.people.max_concurrent_mutations(ALICE), 3);

    // One after another for Bob.
    for _ in 0..3 {
        let (status, _) = google
            .call_with(
                &google.http,
                Some(&bob_token),
                Method::POST,
                "/v1/people:createContact",
                body(),
            )
            .await
            .unwrap();
        assert_eq!(status, 200);
    }
    assert_eq!(google.people.max_concurrent_mutations(BOB), 1);
    assert_eq!(google.people.write_calls(BOB), 3);
    assert!(
        google
            .people
            .calls(BOB)
            .windows(2)
            .all(|w| w[1].at - w[0].at >= Duration::from_millis(100))
    );

    google.people.reset();
    assert_eq!(google.people.max_concurrent_mutations(ALICE), 0);
    assert!(google.people.snapshot(ALICE).people.is_empty());
}

#[tokio::test]
async fn the_dev_view_summarises_a_user_s_contacts_and_marks_ours() {
    let google = start().await;
    let label = google.create_group(ALICE, "Shared: Clients").await["resourceName"]
        .as_str()
        .unwrap()
        .to_owned();
    google
        .create_contact(ALICE, json!({
            "names": [{ "givenName": "Ada", "familyName": "Lovelace" }],
            "emailAddresses": [{ "value": "ada@example.com" }],
            "phoneNumbers": [{ "value": "+44 20 0000 0000" }],
            "organizations": [{ "name": "Analytical Engines", "title": "Countess" }],
            "clientData": [{ "key": "sharebook.contact", "value": "c1" }],
            "memberships": [{ "contactGroupMembership": { "contactGroupResourceName": label } }],
        }))
        .await;
    google
        .people
        .create_as_user(ALICE, &json!({ "names": [{ "givenName": "Own" }] }))
        .unwrap();

    let view: Value = google
        .http
        .get(
            google
                .stand_ins
                .url(&format!("/sandbox/people/{ALICE}"))
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        view["groups"],
        json!([
            { "resourceName": "contactGroups/myContacts", "name": "myContacts", "memberCount": 1, "ours": false, "system": true },
            { "resourceName": "contactGroups/starred", "name": "starred", "memberCount": 0, "ours": false, "system": true },
            { "resourceName": label, "name": "Shared: Clients", "memberCount": 1, "ours": true, "system": false },
        ])
    );
    let people = view["people"].as_array().unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(people[0]["name"], "Ada Lovelace");
    assert_eq!(people[0]["emails"], json!(["ada@example.com"]));
    assert_eq!(people[0]["phones"], json!(["+44 20 0000 0000"]));
    assert_eq!(people[0]["organization"], "Analytical Engines");
    assert_eq!(people[0]["groups"], json!(["Shared: Clients"]));
    assert_eq!(people[0]["ours"], true);
    assert_eq!(people[1]["name"], "Own");
    assert_eq!(people[1]["groups"], json!(["myContacts"]));
    assert_eq!(people[1]["ours"], false);

    // The pane changes things as the user would, and says why when it cannot.
    let change = |body: Value| {
        let url = google
            .stand_ins
            .url(&format!("/sandbox/people/{ALICE}/change"))
            .unwrap();
        let http = google.http.clone();
        async move {
            http.post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let ada = people[0]["resourceName"].as_str().unwrap().to_owned();
    let edit = json!({ "op": "edit", "person": ada, "name": "Ada King", "email": "",
                       "phone": "+44 1", "organization": "Engines" });
    assert_eq!(change(edit).await, 204);
    assert_eq!(
        change(json!({ "op": "rename_group", "group": label, "name": "Clients" })).await,
        204
    );
    assert_eq!(
        change(
            json!({ "op": "create", "name": "Grace", "email": "grace@navy.test", "group": label })
        )
        .await,
        204
    );
    assert_eq!(
        change(json!({ "op": "delete", "person": "people/c999999" })).await,
        422
    );
    let after = google.people.snapshot(ALICE);
    let ada = after
        .people
        .iter()
        .find(|p| p["resourceName"] == ada)
        .unwrap();
    assert_eq!(ada["names"][0]["unstructuredName"], "Ada King");
    assert_eq!(ada["phoneNumbers"][0]["value"], "+44 1");
    assert_eq!(
        ada["organizations"][0]["title"], "Countess",
        "untouched parts stay"
    );
    assert!(after.groups.iter().any(|g| g["name"] == "Clients"));
    assert_eq!(after.people.len(), 3);
    assert_eq!(
        change(json!({ "op": "delete_group", "group": label })).await,
        204
    );
}

/// A full read of every connection with `requestSyncToken`, then pages, as a client reads.
async fn read_all(
    google: &Google,
    user: &str,
    sync_token: Option<&str>,
) -> (u16, Vec<Value>, Value) {
    let mut people = Vec::new();
    let mut page_token = String::new();
    loop {
        let mut path = format!(
            "/v1/people/me/connections?personFields=names&pageSize=2&requestSyncToken=true&pageToken={page_token}"
        );
        if let Some(t) = sync_token {
            path.push_str(&format!("&syncToken={t}"));
        }
        let (status, page) = google.get(user, &path).await;
        if status != 200 {
            return (status, people, page);
        }
        people.extend(page["connections"].as_array().cloned().unwrap_or_default());
        match page["nextPageToken"].as_str() {
            Some(next) => page_token = next.to_owned(),
            None => return (status, people, page["nextSyncToken"].clone()),
        }
    }
}

/// Contacts P0, P1 and P2 of `user`, their resource names.
async fn three_contacts(google: &Google, user: &str) -> Vec<String> {
    let mut made = Vec::new();
    for i in 0..3 {
        let p = google
            .create_contact(user, json!({ "names": [{ "givenName": format!("P{i}") }] }))
            .await;
        made.push(p["resourceName"].as_str().unwrap().to_owned());
    }
    made
}

#[tokio::test]
async fn sync_tokens_list_what_changed_deletions_included_and_expire() {
    let google = start().await;
    let made = three_contacts(&google, ALICE).await;
    let (_, all, token) = read_all(&google, ALICE, None).await;
    assert_eq!(all.len(), 3);
    let token = token
        .as_str()
        .expect("a full read ends with a sync token")
        .to_owned();

    // Nothing changed: nothing listed, a token again.
    let (status, changed, same) = read_all(&google, ALICE, Some(&token)).await;
    assert_eq!((status, changed.len()), (200, 0));
    assert!(same.is_string());

    // The user edits one on their phone, deletes another, adds two: three pages of two changes.
    assert!(google.people.edit_as_user(ALICE, &made[0], |p| {
        p["names"] = json!([{ "givenName": "Edited" }]);
    }));
    assert!(google.people.delete_as_user(ALICE, &made[1]));
    for name in ["New1", "New2"] {
        google
            .people
            .create_as_user(ALICE, &json!({ "names": [{ "givenName": name }] }))
            .unwrap();
    }
    let (status, changed, next) = read_all(&google, ALICE, Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(changed.len(), 4, "{changed:?}");
    assert_eq!(changed[0]["resourceName"], made[0].as_str());
    assert_eq!(changed[0]["names"][0]["givenName"], "Edited");
    assert_eq!(changed[1]["resourceName"], made[1].as_str());
    assert_eq!(changed[1]["metadata"]["deleted"], true);
    assert!(changed[1].get("names").is_none());
    let next = next.as_str().unwrap().to_owned();
    let (_, after, _) = read_all(&google, ALICE, Some(&next)).await;
    assert!(
        after.is_empty(),
        "the next token starts after them: {after:?}"
    );
    // Bob's token means nothing for Alice's changes, and a made-up one is refused.
    let (status, _, body) = read_all(&google, ALICE, Some("sandbox-sync-999999")).await;
    assert_eq!((status, status_of(&body)), (400, "INVALID_ARGUMENT"));

    // A lag holds a change back from sync reads (not from full ones) until it has passed.
    google
        .people
        .set_sync_lag(ALICE, Duration::from_millis(400));
    assert!(google.people.edit_as_user(ALICE, &made[2], |p| {
        p["names"] = json!([{ "givenName": "Late" }]);
    }));
    let (_, early, held) = read_all(&google, ALICE, Some(&next)).await;
    assert!(early.is_empty(), "{early:?}");
    assert_eq!(
        held.as_str(),
        Some(next.as_str()),
        "the token does not pass the held change"
    );
    tokio::time::sleep(Duration::from_millis(450)).await;
    let (_, late, _) = read_all(&google, ALICE, Some(&next)).await;
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["names"][0]["givenName"], "Late");

    // Seven days later: every earlier token is refused as Google refuses it; a full read starts over.
    google.people.expire_sync_tokens(ALICE);
    let (status, _, body) = read_all(&google, ALICE, Some(&next)).await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
    assert_eq!(body["error"]["details"][0]["reason"], "EXPIRED_SYNC_TOKEN");
    let (_, all, fresh) = read_all(&google, ALICE, None).await;
    assert_eq!(all.len(), 4);
    let (status, none, _) = read_all(&google, ALICE, fresh.as_str()).await;
    assert_eq!((status, none.len()), (200, 0));
}

#[tokio::test]
async fn group_sync_tokens_list_created_renamed_and_deleted_groups() {
    let google = start().await;
    let (status, all) = google.get(ALICE, "/v1/contactGroups").await;
    assert_eq!(status, 200);
    let token = all["nextSyncToken"]
        .as_str()
        .expect("always a token")
        .to_owned();
    let since = |token: String| {
        let google = &google;
        async move {
            google
                .get(
                    ALICE,
                    &format!("/v1/contactGroups?syncToken={token}&groupFields=name"),
                )
                .await
        }
    };
    let (_, none) = since(token.clone()).await;
    assert!(none.get("contactGroups").is_none(), "{none}");

    let customers = google.create_group(ALICE, "Customers").await;
    let partners = google.create_group(ALICE, "Partners").await;
    let customers_name = customers["resourceName"].as_str().unwrap();
    let partners_name = partners["resourceName"].as_str().unwrap();
    let (status, body) = google
        .call(
            ALICE,
            Method::PUT,
            &format!("/v1/{customers_name}"),
            Some(
                json!({ "contactGroup": { "name": "Clients", "etag": customers["etag"] },
                         "updateGroupFields": "name" }),
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(google.people.delete_group_as_user(ALICE, partners_name));

    let (status, changed) = since(token).await;
    assert_eq!(status, 200, "{changed}");
    let groups = changed["contactGroups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{changed}");
    // Oldest latest change first: the rename, then the deletion.
    assert_eq!(groups[0]["resourceName"], customers_name);
    assert_eq!(groups[0]["name"], "Clients");
    assert_eq!(groups[1]["resourceName"], partners_name);
    assert_eq!(groups[1]["metadata"]["deleted"], true);
    let next = changed["nextSyncToken"].as_str().unwrap().to_owned();
    let (_, after) = since(next.clone()).await;
    assert!(after.get("contactGroups").is_none(), "{after}");

    google.people.expire_sync_tokens(ALICE);
    let (status, body) = since(next).await;
    assert_eq!((status, status_of(&body)), (400, "FAILED_PRECONDITION"));
}

/// The production client's incremental read against the stand-in: a full read's token, then the
/// changes a user made in Google Contacts (deletions flagged), then expiry as its own error.
#[tokio::test]
async fn the_client_reads_changes_with_sync_tokens_and_knows_an_expired_one() {
    use sharebook::google::people::{PeopleClient, PeopleError};
    let google = start().await;
    let key = google
        .stand_ins
        .tokens
        .create_service_account("reader@sharebook-sync.iam.gserviceaccount.com")
        .unwrap()
        .key()
        .unwrap();
    let client = PeopleClient::new(
        google.stand_ins.base.clone(),
        google.http.clone(),
        Arc::new(TokenSource::new(
            key,
            google.stand_ins.tokens.url().parse().unwrap(),
            google.http.clone(),
        )),
    );
    let mine = google
        .create_contact(ALICE, json!({ "names": [{ "givenName": "Kept" }] }))
        .await;
    let gone = google
        .create_contact(ALICE, json!({ "names": [{ "givenName": "Gone" }] }))
        .await;
    let session = client.session(ALICE).await.unwrap();
    let full = session.read_connections(None).await.unwrap();
    assert_eq!(full.people.len(), 2);

    assert!(
        google
            .people
            .edit_as_user(ALICE, mine["resourceName"].as_str().unwrap(), |p| {
                p["names"] = json!([{ "givenName": "Edited" }]);
            })
    );
    assert!(
        google
            .people
            .delete_as_user(ALICE, gone["resourceName"].as_str().unwrap())
    );
    let changed = session
        .read_connections(Some(&full.next_sync_token))
        .await
        .unwrap();
    let seen: Vec<(&str, bool)> = changed
        .people
        .iter()
        .map(|p| (p.resource_name.as_str(), p.is_deleted()))
        .collect();
    assert_eq!(
        seen,
        [
            (mine["resourceName"].as_str().unwrap(), false),
            (gone["resourceName"].as_str().unwrap(), true)
        ]
    );
    let quiet = session
        .read_connections(Some(&changed.next_sync_token))
        .await
        .unwrap();
    assert!(quiet.people.is_empty());

    google.people.expire_sync_tokens(ALICE);
    let expired = session
        .read_connections(Some(&changed.next_sync_token))
        .await;
    assert!(
        matches!(expired, Err(PeopleError::SyncTokenExpired)),
        "{expired:?}"
    );
}

/// A change to a contact already returned by an earlier page of a full read is not lost: the
/// read's token covers only what its first page saw, so the next incremental read shows it.
#[tokio::test]
async fn a_change_made_during_a_paged_full_read_shows_in_the_next_read() {
    let google = start().await;
    let made = three_contacts(&google, ALICE).await;
    let path = "/v1/people/me/connections?personFields=names&pageSize=2&requestSyncToken=true";
    let (_, first) = google.get(ALICE, path).await;
    assert_eq!(first["connections"][0]["resourceName"], made[0].as_str());
    // The user edits the contact the first page already returned.
    assert!(google.people.edit_as_user(ALICE, &made[0], |p| {
        p["names"] = json!([{ "givenName": "Mid-read" }]);
    }));
    let next = first["nextPageToken"].as_str().unwrap();
    let (status, last) = google.get(ALICE, &format!("{path}&pageToken={next}")).await;
    assert_eq!(status, 200, "{last}");
    let token = last["nextSyncToken"].as_str().unwrap().to_owned();
    let (_, changed, _) = read_all(&google, ALICE, Some(&token)).await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["names"][0]["givenName"], "Mid-read");
}
