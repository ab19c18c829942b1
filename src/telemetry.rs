//! Logging: `RUST_LOG` filter (default `info`), text or JSON lines, one span per request.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogFormat;

/// Installs the global subscriber; a second call (tests) is a no-op.
///
/// Whatever `RUST_LOG` says, [`never_verbose`] applies on top of it.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .flatten_event(true)
            .finish()
            .with(never_verbose())
            .try_init(),
        LogFormat::Text => builder.compact().finish().with(never_verbose()).try_init(),
    };
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
        tracing_actix_web::root_span!(request, user_id = tracing::field::Empty)
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::never_verbose;

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
