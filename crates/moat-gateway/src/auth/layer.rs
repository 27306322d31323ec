use std::sync::Arc;

use tower::Layer;

use super::Authenticator;
use super::service::Auth;

/// Where the layer gets the current authenticator (it changes on reload).
pub type AuthSource = Arc<dyn Fn() -> Arc<Authenticator> + Send + Sync>;

/// Authenticates every request; see [`Auth`].
#[derive(Clone)]
pub struct AuthLayer {
    source: AuthSource,
}

impl AuthLayer {
    /// A layer asking `source` for the authenticator on each request.
    pub fn new(source: AuthSource) -> Self {
        AuthLayer { source }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;
    fn layer(&self, inner: S) -> Auth<S> {
        Auth {
            inner,
            source: self.source.clone(),
        }
    }
}
