//! Capsule CRM's REST API v2, as one feed reads it: who the token is, the site, tags, parties by
//! page, deletions, and REST hook subscriptions. Paces itself on Capsule's rate-limit headers.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, TimeZone as _, Utc};
use reqwest::{Method, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

use super::CapsuleError;

/// Parties per page: Capsule's maximum.
pub const PAGE_SIZE: u32 = 100;
/// What a party read asks Capsule to include: tags (the filter and the "Tags" field) and custom
/// field values.
pub const EMBED: &str = "tags,fields";

/// Where Capsule's API is, and how it is called.
#[derive(Clone)]
pub struct CapsuleApi {
    base: Url,
    http: reqwest::Client,
}

/// The requests left in the Capsule user's hourly window, as Capsule last said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The hourly maximum.
    pub limit: u32,
    /// Requests left.
    pub remaining: u32,
    /// When the window starts again.
    pub reset: DateTime<Utc>,
}

impl Budget {
    /// Requests kept back for the Capsule user's other integrations: a twentieth of the hour,
    /// at least ten. A feed never spends them; it waits for the window to reset instead.
    pub fn reserve(&self) -> u32 {
        (self.limit / 20).max(10)
    }
}

/// One feed's calls with one access token, counting requests and following the budget.
pub struct Session<'a> {
    api: &'a CapsuleApi,
    token: SecretString,
    /// Requests made through this session.
    pub requests: u32,
    /// The last budget Capsule reported.
    pub budget: Option<Budget>,
}

/// Who the token belongs to (`GET /users/current`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    /// Their name.
    pub name: String,
    /// Their Capsule username.
    pub username: String,
}

/// The Capsule account (`GET /site`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The account's name.
    pub name: String,
    /// `https://<subdomain>.capsulecrm.com`.
    pub url: String,
}

/// One page of `GET /parties`.
#[derive(Debug, Clone)]
pub struct PartyPage {
    /// The parties, as sent (read one by one, so one bad party spoils nothing).
    pub parties: Vec<Value>,
    /// The next page's number, when Capsule linked one.
    pub next: Option<u32>,
}

/// `GET /parties/deleted`: parties deleted, and parties the token's user may no longer see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gone {
    /// Deleted parties' ids.
    pub deleted: Vec<i64>,
    /// Restricted parties' ids.
    pub restricted: Vec<i64>,
}

impl CapsuleApi {
    /// The API at `base` (`https://api.capsulecrm.com/api/v2/`).
    pub fn new(base: Url, timeout: Duration) -> reqwest::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(timeout)
            .user_agent(concat!("sharebook/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { base, http })
    }

    /// A session with `token`.
    pub fn session(&self, token: SecretString) -> Session<'_> {
        self.session_with(token, None)
    }

    /// A session with `token` that starts from the budget an earlier run was told of.
    pub fn session_with(&self, token: SecretString, budget: Option<Budget>) -> Session<'_> {
        Session {
            api: self,
            token,
            requests: 0,
            budget,
        }
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

/// Capsule's format for `since`.
fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Session<'_> {
    /// `GET /users/current`.
    pub async fn current_user(&mut self) -> Result<CurrentUser, CapsuleError> {
        let body = self.get("users/current", &[]).await?.0;
        let user = body.get("user").unwrap_or(&Value::Null);
        Ok(CurrentUser {
            name: str_of(user, "name"),
            username: str_of(user, "username"),
        })
    }

    /// `GET /site`.
    pub async fn site(&mut self) -> Result<Site, CapsuleError> {
        let body = self.get("site", &[]).await?.0;
        let site = body.get("site").unwrap_or(&Value::Null);
        let subdomain = str_of(site, "subdomain");
        let url = match str_of(site, "url") {
            u if u.starts_with("https://") || u.starts_with("http://") => u,
            _ if !subdomain.is_empty() => format!("https://{subdomain}.capsulecrm.com"),
            _ => return Err(CapsuleError::Decode("the site has no address".into())),
        };
        let name = match str_of(site, "name") {
            n if n.is_empty() => subdomain,
            n => n,
        };
        Ok(Site { name, url })
    }

    /// `GET /parties/tags`: the account's party tags, by name.
    pub async fn tags(&mut self) -> Result<Vec<String>, CapsuleError> {
        let body = self
            .get("parties/tags", &[("perPage", PAGE_SIZE.to_string())])
            .await?
            .0;
        let mut names: Vec<String> = body
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| str_of(t, "name"))
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup();
        Ok(names)
    }

    /// One page of parties changed after `since` (all parties without it).
    pub async fn parties(
        &mut self,
        since: Option<DateTime<Utc>>,
        page: u32,
    ) -> Result<PartyPage, CapsuleError> {
        let mut query = vec![
            ("page", page.to_string()),
            ("perPage", PAGE_SIZE.to_string()),
            ("embed", EMBED.to_owned()),
        ];
        if let Some(since) = since {
            query.push(("since", iso(since)));
        }
        let (body, next) = self.get("parties", &query).await?;
        let parties = parties_of(&body)?;
        Ok(PartyPage { parties, next })
    }

    /// `GET /parties/deleted?since=`, every page (Capsule documents no paging here; a
    /// `rel="next"` link is followed all the same).
    pub async fn gone(&mut self, since: DateTime<Utc>) -> Result<Gone, CapsuleError> {
        let mut gone = Gone::default();
        let mut page = 1;
        loop {
            let query = [("since", iso(since)), ("page", page.to_string())];
            let (body, next) = self.get("parties/deleted", &query).await?;
            let ids = |key: &str| -> Vec<i64> {
                body.get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.get("id").and_then(integer))
                    .collect()
            };
            gone.deleted.extend(ids("parties"));
            gone.restricted.extend(ids("restrictedParties"));
            match next {
                Some(n) if n > page => page = n,
                _ => return Ok(gone),
            }
        }
    }

    /// `POST /resthooks`: Capsule will POST `event`s to `target`. Only a registered OAuth
    /// application acting for an account administrator may.
    pub async fn subscribe(&mut self, event: &str, target: &str) -> Result<i64, CapsuleError> {
        let body = serde_json::json!({ "restHook": {
            "event": event, "targetUrl": target, "description": "Sharebook: keeps a shared label in step",
        }});
        let answer = self
            .send(Method::POST, "resthooks", &[], Some(&body))
            .await?
            .0;
        answer
            .get("restHook")
            .and_then(|h| h.get("id"))
            .and_then(integer)
            .ok_or_else(|| CapsuleError::Decode("the new hook has no id".into()))
    }

    /// `DELETE /resthooks/{id}`; one already gone counts as done.
    pub async fn unsubscribe(&mut self, id: i64) -> Result<(), CapsuleError> {
        match self
            .send(Method::DELETE, &format!("resthooks/{id}"), &[], None)
            .await
        {
            Ok(_) | Err(CapsuleError::NotFound) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn get(
        &mut self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(Value, Option<u32>), CapsuleError> {
        self.send(Method::GET, path, query, None).await
    }

    /// One call. Refuses to spend the reserve: past it the feed waits for the window to reset,
    /// so it never meets a 429 of its own making.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<(Value, Option<u32>), CapsuleError> {
        if let Some(b) = self.budget
            && b.remaining <= b.reserve()
            && b.reset > Utc::now()
        {
            return Err(CapsuleError::RateLimited { reset: b.reset });
        }
        let url = self
            .api
            .base
            .join(path)
            .map_err(|e| CapsuleError::Decode(e.to_string()))?;
        let mut request = self
            .api
            .http
            .request(method, url)
            .bearer_auth(self.token.expose_secret())
            .header("Accept", "application/json")
            .query(query);
        if let Some(body) = body {
            request = request.json(body);
        }
        self.requests += 1;
        let response = request.send().await.map_err(CapsuleError::from_transport)?;
        if let Some(b) = budget(&response) {
            self.budget = Some(b);
        }
        let status = response.status();
        let next = next_page(&response);
        let text = response
            .text()
            .await
            .map_err(CapsuleError::from_transport)?;
        if status.is_success() {
            if text.trim().is_empty() {
                return Ok((Value::Null, next));
            }
            let value = serde_json::from_str(&text)
                .map_err(|e| CapsuleError::Decode(format!("not JSON: {e}")))?;
            return Ok((value, next));
        }
        Err(self.failure(status, &text))
    }

    fn failure(&self, status: StatusCode, text: &str) -> CapsuleError {
        let message = serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| {
                v.get("message")
                    .or_else(|| v.get("error"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| status.to_string());
        match status {
            StatusCode::UNAUTHORIZED => CapsuleError::Unauthorized,
            StatusCode::FORBIDDEN => CapsuleError::Forbidden(message),
            StatusCode::NOT_FOUND => CapsuleError::NotFound,
            StatusCode::TOO_MANY_REQUESTS => CapsuleError::RateLimited {
                reset: self
                    .budget
                    .map(|b| b.reset)
                    .filter(|r| *r > Utc::now())
                    .unwrap_or_else(|| Utc::now() + chrono::Duration::seconds(60)),
            },
            s if s.is_server_error() => CapsuleError::Unavailable(format!("{s}: {message}")),
            s => CapsuleError::Refused {
                status: s.as_u16(),
                message,
            },
        }
    }
}

fn parties_of(body: &Value) -> Result<Vec<Value>, CapsuleError> {
    body.get("parties")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| CapsuleError::Decode("no \"parties\" list in the answer".into()))
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_owned()
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `X-RateLimit-*` (Capsule sends them on every answer, 429s included).
fn budget(response: &Response) -> Option<Budget> {
    let header = |name: &str| -> Option<i64> {
        response
            .headers()
            .get(name)?
            .to_str()
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    let reset = Utc
        .timestamp_opt(header("X-RateLimit-Reset")?, 0)
        .single()?;
    Some(Budget {
        limit: u32::try_from(header("X-RateLimit-Limit").unwrap_or(4000)).unwrap_or(4000),
        remaining: u32::try_from(header("X-RateLimit-Remaining")?.max(0)).unwrap_or(0),
        reset,
    })
}

fn next_page(response: &Response) -> Option<u32> {
    response
        .headers()
        .get_all("Link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(next_in_link)
}

/// The page number of the `rel="next"` link in an RFC 8288 `Link` header.
///
/// Only the number is taken: Capsule's link may drop our other parameters (`since`, `perPage`), so the next request
/// is rebuilt from ours.
pub fn next_in_link(header: &str) -> Option<u32> {
    header.split(',').find_map(|link| {
        let (target, params) = link.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            p.trim()
                .strip_prefix("rel=")
                .is_some_and(|r| r.trim_matches('"').split_whitespace().any(|r| r == "next"))
        });
        if !is_next {
            return None;
        }
        let target = target.trim().trim_start_matches('<').trim_end_matches('>');
        let url = Url::parse(target)
            .or_else(|_| Url::parse("https://capsule.invalid/").and_then(|b| b.join(target)))
            .ok()?;
        url.query_pairs()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_gives_its_page_whatever_else_it_holds() {
        assert_eq!(
            next_in_link(r#"<https://api.capsulecrm.com/api/v2/parties?page=4>; rel="next""#),
            Some(4)
        );
        assert_eq!(
            next_in_link(
                r#"<https://x/api/v2/parties?page=1&perPage=100>; rel="prev", <https://x/api/v2/parties?perPage=100&page=3>; rel="next""#
            ),
            Some(3)
        );
        assert_eq!(
            next_in_link(r#"</api/v2/parties?page=2>; rel=next"#),
            Some(2)
        );
        assert_eq!(
            next_in_link(r#"<https://x/parties?page=2>; rel="prev""#),
            None
        );
        assert_eq!(next_in_link(r#"<https://x/parties>; rel="next""#), None);
        assert_eq!(next_in_link("garbage"), None);
    }

    #[test]
    fn the_reserve_is_a_twentieth_of_the_hour() {
        let b = Budget {
            limit: 4000,
            remaining: 0,
            reset: Utc::now(),
        };
        assert_eq!(b.reserve(), 200);
        assert_eq!(Budget { limit: 100, ..b }.reserve(), 10);
    }
}
