//! Plain pages served to a browser outside the add-on.
//!
//! A CRM's sign-in coming back, the page that takes a contacts file: no third-party anything, a
//! strict Content-Security-Policy, never cached, and every text escaped.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;

use crate::i18n::Ui;
use crate::views::render::escape_html;

/// The one script a page may run: closing the window it opened in (the add-on reloads when it
/// closes). Allowed by its hash, so no other script runs.
pub const CLOSE_SCRIPT: &str = "window.close();";

/// The policy of a page: nothing loads but its inline style; forms post only back to us; and
/// `with_close` lets [`CLOSE_SCRIPT`] run.
fn policy(with_close: bool) -> String {
    let script = if with_close {
        use base64::Engine as _;
        let hash = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, CLOSE_SCRIPT.as_bytes());
        format!(
            " script-src 'sha256-{}';",
            base64::engine::general_purpose::STANDARD.encode(hash.as_ref())
        )
    } else {
        String::new()
    };
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none';{script}"
    )
}

/// A page titled by catalogue id `title`, with `body` (already escaped HTML) under it.
pub fn html(
    ui: &Ui,
    status: StatusCode,
    title: &str,
    body: &str,
    with_close: bool,
) -> HttpResponse {
    let close = if with_close {
        format!("<script>{CLOSE_SCRIPT}</script>")
    } else {
        String::new()
    };
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{t}</title></head>\
         <body style=\"font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em\">\
         <h1>{t}</h1>{body}{close}</body></html>",
        lang = ui.lang().code(),
        t = escape_html(&ui.t(title)),
    );
    HttpResponse::build(status)
        .content_type(ContentType::html())
        .insert_header(("Content-Security-Policy", policy(with_close)))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Cache-Control", "no-store"))
        .body(page)
}

/// A page that says `message` and asks the user to close the window.
pub fn message(ui: &Ui, status: StatusCode, title: &str, message: &str) -> HttpResponse {
    let body = format!(
        "<p>{}</p><p>{}</p>",
        escape_html(message),
        escape_html(&ui.t("page-close-window"))
    );
    html(ui, status, title, &body, false)
}
