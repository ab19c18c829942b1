//! Who administers which domain (the Directory's super admins, and `SHAREBOOK_ADMINS`), the
//! domain's Marketplace license, and the [`Admin`] extractor every admin route takes.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use deadpool_postgres::Pool;

use crate::auth::{Addon, Basic};
use crate::config::Common;
use crate::domain::admin::{AdminList, administered_domain};
use crate::domain::principal::{Principal, vouched};
use crate::error::ApiError;
use crate::google::directory_users::DirectoryUsers;
use crate::google::id_token::UserIdentity;
use crate::google::marketplace::{CustomerLicense, MarketplaceLicenses};
use crate::google::service_account::TokenSource;
use crate::principal::Caller;
use crate::startup::AppState;
use crate::storage;

/// Decides who is an admin, and reads licenses.
pub struct Admins {
    list: AdminList,
    directory: Option<DirectoryUsers>,
    licenses: Option<MarketplaceLicenses>,
}

impl Admins {
    /// From the configuration: the Directory is asked when a service account is configured
    /// (domain-wide delegation), the Marketplace when `MARKETPLACE_APP_ID` is set too.
    pub fn new(common: &Common, http: &reqwest::Client) -> Self {
        let tokens = common.service_account_key.as_ref().map(|key| {
            Arc::new(TokenSource::new(
                key.clone(),
                common.google_token_url.clone(),
                http.clone(),
            ))
        });
        let directory = tokens.as_ref().map(|t| {
            DirectoryUsers::new(common.directory_api_url.clone(), http.clone(), t.clone())
        });
        let licenses = match (&tokens, &common.admin.marketplace_app_id) {
            (Some(t), Some(app)) => Some(MarketplaceLicenses::new(
                common.admin.marketplace_api_url.clone(),
                http.clone(),
                t.clone(),
                app.clone(),
            )),
            _ => None,
        };
        Self {
            list: common.admin.list.clone(),
            directory,
            licenses,
        }
    }

    /// The domain `identity` administers, if any. The Directory is asked only for an account
    /// Google vouches for in its own domain; when it cannot answer, the answer is no (fail closed).
    pub async fn domain_of(&self, identity: &UserIdentity) -> Option<String> {
        let hd = identity.hd.as_deref()?;
        let mut says = false;
        if self.list.asks_directory(&identity.email)
            && vouched(&identity.email, Some(hd))
            && let Some(directory) = &self.directory
        {
            says = directory
                .is_super_admin(&identity.email)
                .await
                .unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "Admin check unavailable; admin rights withheld");
                    false
                });
        }
        administered_domain(&identity.email, Some(hd), &self.list, says)
    }

    /// The Directory client, for account states.
    pub fn directory(&self) -> Option<&DirectoryUsers> {
        self.directory.as_ref()
    }

    /// Whether licenses are asked for.
    pub fn licensing(&self) -> bool {
        self.licenses.is_some()
    }

    /// Asks the Marketplace whether `domain` installed Sharebook domain-wide and stores it.
    pub async fn check_license(&self, pool: &Pool, domain: &str) {
        let Some(licenses) = &self.licenses else {
            return;
        };
        let active = match licenses.customer_license(domain).await {
            Ok(l) => l == CustomerLicense::Active,
            Err(e) => {
                tracing::warn!(error = %e, "Marketplace license unavailable");
                return;
            }
        };
        let stored = match pool.get().await {
            Ok(client) => storage::policies::set_license(&client, domain, active)
                .await
                .map_err(anyhow::Error::new),
            Err(e) => Err(anyhow::Error::new(e)),
        };
        if let Err(e) = stored {
            tracing::warn!(error = %e, "Marketplace license not stored");
        }
    }
}

/// An admin request: the verified caller and the domain they administer. Anyone else gets "Not
/// available", as for an id they may not see.
pub struct Admin {
    /// The verified event and user.
    pub addon: Addon<Basic>,
    /// Who they are for authorization.
    pub who: Principal,
    /// The one domain their rights reach.
    pub domain: String,
}

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let caller = Caller::<Basic>::from_request(req, payload);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let Caller { addon, who } = caller.await?;
            let state = state.ok_or_else(|| anyhow::anyhow!("AppState is not registered"))?;
            let domain = state
                .admins
                .domain_of(&addon.identity)
                .await
                .ok_or(ApiError::NotFound)?;
            Ok(Admin { addon, who, domain })
        })
    }
}
