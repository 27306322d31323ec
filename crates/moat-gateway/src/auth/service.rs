use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::Response;
use futures_util::future::{BoxFuture, FutureExt};
use tower::Service;

use super::layer::AuthSource;
use crate::error::ApiFormat;

/// Runs [`super::Authenticator::authenticate`] per request. On success the [`moat_core::Identity`] goes
/// into the request extensions and the request continues; on failure the client gets a 401 in
/// its provider's error format, and the inner service is never called.
#[derive(Clone)]
pub struct Auth<S> {
    pub(super) inner: S,
    pub(super) source: AuthSource,
}

impl<S> Service<Request> for Auth<S>
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
        let authn = (self.source)();
        // Take the service that was driven to readiness; leave a fresh clone behind.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        async move {
            match authn.authenticate_with_store(req.headers()).await {
                Ok(identity) => {
                    req.extensions_mut().insert(identity);
                    inner.call(req).await
                }
                Err(e) => {
                    let format = ApiFormat::for_path(req.uri().path());
                    Ok(e.to_response(format))
                }
            }
        }
        .boxed()
    }
}
