use tower::Layer;

use super::service::RequestLog;
use crate::server::App;

/// See [`RequestLog`].
#[derive(Clone)]
pub struct RequestLogLayer {
    app: App,
}

impl RequestLogLayer {
    /// A layer recording into `app`'s audit sink and metrics.
    pub fn new(app: App) -> Self {
        RequestLogLayer { app }
    }
}

impl<S> Layer<S> for RequestLogLayer {
    type Service = RequestLog<S>;
    fn layer(&self, inner: S) -> RequestLog<S> {
        RequestLog {
            inner,
            app: self.app.clone(),
        }
    }
}
