//! `/metrics`: the sync's lag histogram and counters, plus the backlog read from the database, in
//! the Prometheus (OpenMetrics) text format. Counts only: no user data.

use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::ExposeSecret;

use crate::message_cache::Outcomes;
use crate::startup::Ops;
use crate::storage;

/// Scrape endpoint.
pub async fn metrics(req: HttpRequest, state: web::Data<Ops>) -> HttpResponse {
    if let Some(token) = &state.metrics_token {
        let sent = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        let expected = token.expose_secret();
        if aws_lc_rs::constant_time::verify_slices_are_equal(sent.as_bytes(), expected.as_bytes())
            .is_err()
        {
            return HttpResponse::Unauthorized().body("metrics need the scrape token\n");
        }
    }
    // The backlog is shared by every process; a failed read leaves it out rather than failing
    // the scrape (the counters are still worth having).
    let backlog = match state.pool.get().await {
        Ok(client) => storage::sync::backlog(&client).await.ok(),
        Err(_) => None,
    };
    let mut extra = backlog.map_or_else(String::new, |(outbox, pending, failing)| {
        format!(
            "# HELP sharebook_sync_outbox Committed changes not yet fanned out to members.\n\
             # TYPE sharebook_sync_outbox gauge\nsharebook_sync_outbox {outbox}\n\
             # HELP sharebook_sync_pending Changes queued for members' Google Contacts.\n\
             # TYPE sharebook_sync_pending gauge\nsharebook_sync_pending {pending}\n\
             # HELP sharebook_sync_failing_members Members whose last sync run failed.\n\
             # TYPE sharebook_sync_failing_members gauge\nsharebook_sync_failing_members {failing}\n"
        )
    });
    if let Some(outcomes) = &state.message_cache {
        extra.push_str(&message_cache_lines(outcomes));
    }
    match state.metrics.encode(&extra) {
        Ok(text) => HttpResponse::Ok()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body(text),
        Err(_) => HttpResponse::InternalServerError().body("metrics could not be encoded\n"),
    }
}

/// The message card cache's lookups by outcome (this process's, since it started).
fn message_cache_lines(outcomes: &Outcomes) -> String {
    let read = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
    format!(
        "# HELP sharebook_message_cache_lookups Message cards looked up in this process's cache: \
         reused (unchanged since read), stale (something it shows changed), missing.\n\
         # TYPE sharebook_message_cache_lookups counter\n\
         sharebook_message_cache_lookups_total{{outcome=\"reused\"}} {}\n\
         sharebook_message_cache_lookups_total{{outcome=\"stale\"}} {}\n\
         sharebook_message_cache_lookups_total{{outcome=\"missing\"}} {}\n",
        read(&outcomes.reused),
        read(&outcomes.stale),
        read(&outcomes.missing)
    )
}
