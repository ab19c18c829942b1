//! Google's error body for the People API: `{"error":{"code","message","errors","status"}}`,
//! with the legacy `errors[].reason` that Google's client libraries print (`failedPrecondition`).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::{Value, json};

/// A refusal: HTTP status, canonical gRPC status name, message and optional `details`.
#[derive(Debug, Clone)]
pub(super) struct ApiError {
    code: u16,
    status: &'static str,
    message: String,
    details: Vec<Value>,
    legacy_errors: bool,
}

impl ApiError {
    pub(super) fn new(code: u16, status: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            status,
            message: message.into(),
            details: Vec::new(),
            legacy_errors: true,
        }
    }

    /// 400 `INVALID_ARGUMENT`: the request itself is wrong.
    pub(super) fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, "INVALID_ARGUMENT", message)
    }

    /// 400 `FAILED_PRECONDITION`: right request, wrong state (a stale etag).
    pub(super) fn failed_precondition(message: impl Into<String>) -> Self {
        Self::new(400, "FAILED_PRECONDITION", message)
    }

    /// 404 `NOT_FOUND`.
    pub(super) fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "NOT_FOUND", message)
    }

    /// 409 `ALREADY_EXISTS` (duplicate contact group name).
    pub(super) fn already_exists(message: impl Into<String>) -> Self {
        Self::new(409, "ALREADY_EXISTS", message)
    }

    /// An injected failure with `code`, worded as Google words that status.
    pub(super) fn injected(code: u16) -> Self {
        let (status, message) = match code {
            400 => ("INVALID_ARGUMENT", "Request contains an invalid argument."),
            401 => (
                "UNAUTHENTICATED",
                "Request had invalid authentication credentials.",
            ),
            403 => ("PERMISSION_DENIED", "The caller does not have permission"),
            404 => ("NOT_FOUND", "Requested entity was not found."),
            409 => ("ABORTED", "The operation was aborted."),
            412 => ("FAILED_PRECONDITION", "Precondition check failed."),
            429 => ("RESOURCE_EXHAUSTED", "Resource has been exhausted."),
            499 => ("CANCELLED", "The operation was cancelled."),
            500 => ("INTERNAL", "Internal error encountered."),
            501 => ("UNIMPLEMENTED", "Operation is not implemented."),
            502 | 503 => ("UNAVAILABLE", "The service is currently unavailable."),
            504 => ("DEADLINE_EXCEEDED", "The request timed out."),
            _ => ("UNKNOWN", "Unknown error."),
        };
        Self::new(code, status, message)
    }

    /// Adds one `details[]` entry.
    pub(super) fn with_detail(mut self, detail: Value) -> Self {
        self.details.push(detail);
        self
    }

    /// Leaves out `errors[]`, as Google's quota errors do.
    pub(super) fn without_legacy_errors(mut self) -> Self {
        self.legacy_errors = false;
        self
    }

    /// Whether this is a stale-etag refusal (batch updates collect those).
    pub(super) fn is_failed_precondition(&self) -> bool {
        self.status == "FAILED_PRECONDITION"
    }

    /// The HTTP status.
    pub(super) fn code(&self) -> u16 {
        self.code
    }

    /// The JSON body.
    pub(super) fn body(&self) -> Value {
        let mut error =
            json!({ "code": self.code, "message": self.message, "status": self.status });
        if let Some(map) = error.as_object_mut() {
            if self.legacy_errors {
                map.insert(
                    "errors".into(),
                    json!([{ "message": self.message, "domain": "global", "reason": self.reason() }]),
                );
            }
            if !self.details.is_empty() {
                map.insert("details".into(), Value::Array(self.details.clone()));
            }
        }
        json!({ "error": error })
    }

    /// The answer.
    pub(super) fn response(&self) -> HttpResponse {
        HttpResponse::build(
            StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        )
        .json(self.body())
    }

    /// The legacy reason Google pairs with each canonical status.
    fn reason(&self) -> &'static str {
        match self.status {
            "INVALID_ARGUMENT" => "badRequest",
            "FAILED_PRECONDITION" => "failedPrecondition",
            "NOT_FOUND" => "notFound",
            "ALREADY_EXISTS" => "duplicate",
            "ABORTED" => "aborted",
            "UNAUTHENTICATED" => "unauthorized",
            "PERMISSION_DENIED" => "forbidden",
            "RESOURCE_EXHAUSTED" => "rateLimitExceeded",
            "DEADLINE_EXCEEDED" => "deadlineExceeded",
            "UNIMPLEMENTED" => "notImplemented",
            "CANCELLED" => "cancelled",
            _ => "backendError",
        }
    }
}
