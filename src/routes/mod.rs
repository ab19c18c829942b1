//! The route table: the only place URL paths are spelled.

mod compose;
mod health;
mod homepage;
mod labels;
mod message;

use actix_web::web;

/// Homepage trigger.
pub const HOME: &str = "/addon/home";
/// Gmail contextual (message open) trigger.
pub const MESSAGE: &str = "/addon/message";
/// Gmail compose trigger.
pub const COMPOSE: &str = "/addon/compose";
/// Action: show the "create label" form.
pub const LABEL_NEW: &str = "/addon/labels/new";
/// Action: create a label from the form.
pub const LABEL_CREATE: &str = "/addon/labels/create";
/// Action: open a label.
pub const LABEL_OPEN: &str = "/addon/labels/open";

/// Every add-on path (under the public URL's prefix); Google POSTs events to each.
pub const ADDON_PATHS: &[&str] = &[HOME, MESSAGE, COMPOSE, LABEL_NEW, LABEL_CREATE, LABEL_OPEN];

/// Registers every route; add-on routes live under `prefix`, the public URL's path.
pub fn configure(cfg: &mut web::ServiceConfig, prefix: &str) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(
            web::scope(prefix)
                .route(HOME, web::post().to(homepage::homepage))
                .route(MESSAGE, web::post().to(message::message_open))
                .route(COMPOSE, web::post().to(compose::compose))
                .route(LABEL_NEW, web::post().to(labels::new_label_form))
                .route(LABEL_CREATE, web::post().to(labels::create_label))
                .route(LABEL_OPEN, web::post().to(labels::open_label)),
        );
}
