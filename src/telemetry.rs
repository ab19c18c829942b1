//! Logging: `RUST_LOG` filter (default `info`), text or JSON lines, one span per request.

use actix_web::HttpMessage as _;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Registry, reload};

use crate::config::LogFormat;

/// Installs the global subscriber; a second call (tests) is a no-op.
///
/// Whatever `RUST_LOG` says, [`never_verbose`] applies on top of it.
pub fn init(format: LogFormat) {
    let _ = init_reloadable(format, env_filter());
}

/// The filter `RUST_LOG` asks for (`info` when unset or invalid; `serve` and `worker` refuse an
/// invalid one before they get here).
pub fn env_filter() -> EnvFilter {
    env_filter_or("info")
}

/// The filter `RUST_LOG` asks for, `default` when it is unset or invalid.
pub fn env_filter_or(default: &str) -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
}

/// A handle that replaces the filter of the subscriber [`init_reloadable`] installed.
pub type FilterHandle = reload::Handle<EnvFilter, Registry>;

/// Like [`init`], starting with `filter`, with a handle to replace it later.
///
/// `None` when a subscriber was already installed. `dev` holds the start-up chatter (migrations,
/// the demo's seeding through the routes) back until its banner is out.
pub fn init_reloadable(format: LogFormat, filter: EnvFilter) -> Option<FilterHandle> {
    let (filter, handle) = reload::Layer::new(filter);
    let layered = tracing_subscriber::registry().with(filter);
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Json => layered
            .with(fmt.json().with_current_span(true).flatten_event(true))
            .with(never_verbose())
            .try_init(),
        LogFormat::Text => layered.with(fmt.compact()).with(never_verbose()).try_init(),
    };
    installed.ok().map(|()| handle)
}

/// Libraries whose debug output carries user data, capped at `info` for every `RUST_LOG`.
///
/// tokio-postgres logs each statement's parameters at debug level (contact fields, comments,
/// email addresses); its `info` and above say nothing of the data.
pub fn never_verbose() -> Targets {
    Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_target("tokio_postgres", LevelFilter::INFO)
}

/// Request spans: method, route, status and latency from tracing-actix-web, plus the user once
/// known. Headers and bodies are never recorded: they carry tokens.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // tracing-actix-web's own span records the path with its query; ours records neither a
        // query (Capsule's OAuth code) nor a hook's secret path segment.
        let method = request.method().as_str().to_owned();
        let target = redacted_target(request.path());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.target = %target,
            http.status_code = tracing::field::Empty,
            otel.name = %format!("{method} {target}"),
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
            user_id = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// A request's path as logged: a hook's secret segment replaced (the query is never logged).
pub fn redacted_target(path: &str) -> String {
    match path.find(crate::routes::CAPSULE_HOOKS) {
        Some(at) => format!(
            "{}{}/{{secret}}",
            path.get(..at).unwrap_or_default(),
            crate::routes::CAPSULE_HOOKS
        ),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::{never_verbose, redacted_target};

    #[test]
    fn hook_secrets_never_reach_the_logs() {
        assert_eq!(
            redacted_target("/prefix/capsule/hooks/s3cr3t"),
            "/prefix/capsule/hooks/{secret}"
        );
        assert_eq!(redacted_target("/addon/home"), "/addon/home");
    }

    #[test]
    fn statement_parameters_never_reach_the_logs() {
        let cap = never_verbose();
        // tokio-postgres's "executing statement … with parameters" line.
        assert!(!cap.would_enable("tokio_postgres::query", &Level::DEBUG));
        assert!(!cap.would_enable("tokio_postgres::prepare", &Level::TRACE));
        assert!(cap.would_enable("tokio_postgres::connection", &Level::INFO));
        assert!(cap.would_enable("sharebook::routes", &Level::DEBUG));
    }
}
