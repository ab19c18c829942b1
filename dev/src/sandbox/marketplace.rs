//! Stand-in for the Workspace Marketplace API's `customerLicense.get`: answered only to the
//! application's own service account (a token with no `sub`) holding the license scope.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::gmail::{bearer, google_error, insufficient_permission, unauthenticated};
use super::token::TokenEndpoint;

/// Route of `customerLicense.get`.
pub const LICENSE_PATH: &str = "/appsmarket/v2/customerLicense/{application_id}/{customer_id}";
/// The scope the license API needs.
pub const LICENSE_SCOPE: &str = "https://www.googleapis.com/auth/appsmarketplace.license";

/// Licenses of one application, by customer domain.
pub struct MarketplaceStandIn {
    tokens: Arc<TokenEndpoint>,
    application_id: String,
    /// The application's service accounts (token subjects allowed).
    accounts: RwLock<Vec<String>>,
    licenses: RwLock<HashMap<String, bool>>,
}

impl MarketplaceStandIn {
    /// Licenses of `application_id`, read with tokens from `tokens`.
    pub fn new(tokens: Arc<TokenEndpoint>, application_id: &str) -> Self {
        Self {
            tokens,
            application_id: application_id.to_owned(),
            accounts: RwLock::default(),
            licenses: RwLock::default(),
        }
    }

    /// Lets the service account `email` read this application's licenses.
    pub fn allow(&self, email: &str) {
        if let Ok(mut a) = self.accounts.write() {
            a.push(email.to_lowercase());
        }
    }

    /// Records `domain`'s admin install (`true`) or its removal.
    pub fn set_license(&self, domain: &str, active: bool) {
        if let Ok(mut l) = self.licenses.write() {
            l.insert(domain.to_lowercase(), active);
        }
    }

    fn answer(&self, req: &HttpRequest, application: &str, customer: &str) -> HttpResponse {
        let Some(info) = bearer(req).and_then(|t| self.tokens.token_info(t)) else {
            return unauthenticated();
        };
        if !info.scopes.iter().any(|s| s == LICENSE_SCOPE) {
            return insufficient_permission("Request had insufficient authentication scopes.");
        }
        let allowed = self
            .accounts
            .read()
            .is_ok_and(|a| a.contains(&info.subject));
        if !allowed || application != self.application_id {
            return google_error(
                StatusCode::FORBIDDEN,
                "Not authorized to access the application ID",
                "forbidden",
            );
        }
        let customer = customer.to_lowercase();
        // A customer that never installed it, or removed it, is UNLICENSED.
        let active = self
            .licenses
            .read()
            .ok()
            .and_then(|l| l.get(&customer).copied())
            .unwrap_or(false);
        HttpResponse::Ok().json(json!({
            "kind": "appsmarket#customerLicense",
            "applicationId": self.application_id,
            "customerId": customer,
            "state": if active { "ACTIVE" } else { "UNLICENSED" },
            "editions": [],
        }))
    }
}

/// Mounts `customerLicense.get`; needs a `web::Data<MarketplaceStandIn>`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(LICENSE_PATH, web::get().to(get_license));
}

async fn get_license(
    state: web::Data<MarketplaceStandIn>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (application, customer) = path.into_inner();
    state.answer(&req, &application, &customer)
}
