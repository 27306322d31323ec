use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::response::Response;
use futures_util::future::{BoxFuture, FutureExt};
use tower::Service;

use super::{AuditHandled, RequestInfo, accept_request_id};
use crate::audit::{AuditEvent, now_rfc3339};
use crate::server::App;

/// Runs per request, around everything else.
#[derive(Clone)]
pub struct RequestLog<S> {
    pub(super) inner: S,
    pub(super) app: App,
}

impl<S> Service<Request> for RequestLog<S>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let id = req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| accept_request_id(v))
            .map(str::to_owned)
            .unwrap_or_else(super::new_request_id);
        let info = RequestInfo {
            id: id.clone(),
            start: Instant::now(),
            time: now_rfc3339(),
        };
        req.extensions_mut().insert(info.clone());
        let method = req.method().to_string();
        let path = req.uri().path().to_owned();
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let app = self.app.clone();
        async move {
            let mut resp = inner.call(req).await?;
            let status = resp.status().as_u16();
            if let Ok(v) = HeaderValue::from_str(&id) {
                resp.headers_mut().insert("x-request-id", v);
            }
            let ops = matches!(path.as_str(), "/healthz" | "/readyz" | "/metrics");
            if !ops && resp.extensions().get::<AuditHandled>().is_none() {
                let reason = resp
                    .headers()
                    .get("x-moat-reason")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let outcome = match status {
                    200..=299 => "ok",
                    401 | 403 => "denied",
                    _ => "error",
                };
                app.emit(AuditEvent {
                    time: info.time,
                    request_id: id,
                    method,
                    path: path.clone(),
                    status,
                    outcome: outcome.into(),
                    reason,
                    latency_ms: info.start.elapsed().as_secs_f64() * 1000.0,
                    ..AuditEvent::default()
                });
            }
            if !ops {
                metrics::histogram!("moat_gateway_request_seconds")
                    .record(info.start.elapsed().as_secs_f64());
            }
            Ok(resp)
        }
        .boxed()
    }
}
