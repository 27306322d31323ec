//! Every failure the gateway can answer with, and the one place that maps them to an HTTP status
//! and a body in the client's provider format.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The error format a client expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFormat {
    /// OpenAI and Azure OpenAI: `{"error": {"message", "type", "param", "code"}}`.
    OpenAi,
    /// Anthropic: `{"type": "error", "error": {"type", "message"}}`.
    Anthropic,
}

impl ApiFormat {
    /// The format for a request path.
    pub fn for_path(path: &str) -> ApiFormat {
        if path == "/v1/messages" || path.starts_with("/v1/messages/") {
            ApiFormat::Anthropic
        } else {
            ApiFormat::OpenAi
        }
    }
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The body is not JSON, or a field has the wrong type.
    BadRequest,
    /// The body is larger than the configured limit.
    PayloadTooLarge,
    /// No or unusable credentials.
    Unauthenticated,
    /// Authenticated but not allowed.
    Forbidden,
    /// No route for the model, or unknown path.
    NotFound,
    /// Too many requests or tokens per minute.
    RateLimited,
    /// The daily token quota is spent.
    QuotaExceeded,
    /// A guard refused the request or response.
    GuardBlocked,
    /// A guard failed and the route fails closed.
    GuardFailed,
    /// The upstream did not answer in time.
    UpstreamTimeout,
    /// The upstream could not be reached or broke off.
    UpstreamUnavailable,
    /// Something inside the gateway failed.
    Internal,
    /// The audit trail could not record the request (fail closed).
    AuditFailed,
    /// A service the check depends on (the shared limit counters, an identity provider's keys)
    /// cannot be reached, and the gateway fails closed.
    Unavailable,
}

/// A refusal or failure, with a stable reason code for clients and audit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct GatewayError {
    /// Category, which decides the status.
    pub kind: ErrorKind,
    /// Stable machine-readable reason, e.g. `unknown_model`, `guard_injection`.
    pub code: &'static str,
    /// Human-readable message; never holds secrets or prompt text.
    pub message: String,
    /// Seconds, for 429 responses.
    pub retry_after: Option<u64>,
}

impl GatewayError {
    /// A new error.
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        GatewayError {
            kind,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Shorthand for a 400.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, code, message)
    }

    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self.kind {
            ErrorKind::BadRequest | ErrorKind::GuardBlocked => StatusCode::BAD_REQUEST,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden | ErrorKind::QuotaExceeded => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::GuardFailed | ErrorKind::AuditFailed | ErrorKind::Unavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ErrorKind::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            ErrorKind::UpstreamUnavailable => StatusCode::BAD_GATEWAY,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn openai_type(&self) -> &'static str {
        match self.kind {
            ErrorKind::BadRequest | ErrorKind::PayloadTooLarge | ErrorKind::GuardBlocked => {
                "invalid_request_error"
            }
            ErrorKind::Unauthenticated => "authentication_error",
            ErrorKind::Forbidden => "permission_error",
            ErrorKind::NotFound => "not_found_error",
            ErrorKind::RateLimited | ErrorKind::QuotaExceeded => "rate_limit_error",
            _ => "server_error",
        }
    }

    fn anthropic_type(&self) -> &'static str {
        match self.kind {
            ErrorKind::BadRequest | ErrorKind::GuardBlocked => "invalid_request_error",
            ErrorKind::PayloadTooLarge => "request_too_large",
            ErrorKind::Unauthenticated => "authentication_error",
            ErrorKind::Forbidden | ErrorKind::QuotaExceeded => "permission_error",
            ErrorKind::NotFound => "not_found_error",
            ErrorKind::RateLimited => "rate_limit_error",
            ErrorKind::UpstreamTimeout
            | ErrorKind::UpstreamUnavailable
            | ErrorKind::AuditFailed
            | ErrorKind::Unavailable => "overloaded_error",
            _ => "api_error",
        }
    }

    /// The JSON error body in `format`.
    pub fn body(&self, format: ApiFormat) -> Value {
        match format {
            ApiFormat::OpenAi => json!({"error": {
                "message": self.message,
                "type": self.openai_type(),
                "param": null,
                "code": self.code,
            }}),
            ApiFormat::Anthropic => json!({"type": "error", "error": {
                "type": self.anthropic_type(),
                "message": format!("{} ({})", self.message, self.code),
            }}),
        }
    }

    /// The complete HTTP response in `format`.
    pub fn to_response(&self, format: ApiFormat) -> Response {
        let mut resp = (self.status(), axum::Json(self.body(format))).into_response();
        let h = resp.headers_mut();
        if self.kind == ErrorKind::Unauthenticated {
            // RFC 6750: no error code when no credentials were sent, `invalid_token` otherwise.
            let v = if self.code == "missing_credentials" {
                HeaderValue::from_static("Bearer realm=\"moat\"")
            } else {
                HeaderValue::from_str(&format!(
                    "Bearer realm=\"moat\", error=\"invalid_token\", error_description=\"{}\"",
                    self.code
                ))
                .unwrap_or(HeaderValue::from_static("Bearer realm=\"moat\""))
            };
            h.insert(header::WWW_AUTHENTICATE, v);
        }
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            h.insert(header::RETRY_AFTER, v);
        }
        if let Ok(v) = HeaderValue::from_str(self.code) {
            h.insert("x-moat-reason", v);
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_formats() {
        let e = GatewayError::new(ErrorKind::Unauthenticated, "missing_credentials", "no key");
        let r = e.to_response(ApiFormat::OpenAi);
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.headers().contains_key(header::WWW_AUTHENTICATE));
        assert_eq!(
            e.body(ApiFormat::Anthropic)["error"]["type"],
            "authentication_error"
        );
        let mut q = GatewayError::new(ErrorKind::RateLimited, "rate_limited", "slow down");
        q.retry_after = Some(7);
        let r = q.to_response(ApiFormat::Anthropic);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "7");
        assert_eq!(ApiFormat::for_path("/v1/messages"), ApiFormat::Anthropic);
        assert_eq!(
            ApiFormat::for_path("/openai/v1/chat/completions"),
            ApiFormat::OpenAi
        );
    }
}
