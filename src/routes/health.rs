//! Liveness and readiness probes.

use actix_web::{HttpResponse, web};

use crate::startup::Ops;
use crate::storage;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().body("ok\n")
}

/// The database is reachable and migrated to the version this binary expects.
pub async fn readyz(state: web::Data<Ops>) -> HttpResponse {
    let ready = match state.pool.get().await {
        Ok(client) => storage::schema_is_current(&client).await,
        Err(e) => {
            tracing::warn!(error = %e, "Readiness: no database connection");
            return HttpResponse::ServiceUnavailable().body("database unreachable\n");
        }
    };
    match ready {
        Ok(true) => HttpResponse::Ok().body("ready\n"),
        Ok(false) => HttpResponse::ServiceUnavailable().body("database not migrated\n"),
        Err(e) => {
            tracing::warn!(error = %e, "Readiness: query failed");
            HttpResponse::ServiceUnavailable().body("database query failed\n")
        }
    }
}
