//! The running gateway: state that survives reloads ([`Shared`]), state rebuilt from each
//! configuration ([`Runtime`]), the router with its middleware stack, and the serve loop with
//! SIGHUP reload and graceful shutdown.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use moat_guard::Engine;
use serde_json::json;

use crate::audit::{AuditEvent, AuditSink};
use crate::auth::{AuthLayer, Authenticator, jwt};
use crate::config::{Config, Route};
use crate::error::{ApiFormat, ErrorKind, GatewayError};
use crate::limits::Limiter;
use crate::provider::Surface;
use crate::request_log::RequestLogLayer;
use crate::upstream::Credentials;

/// Everything built from one configuration; replaced whole on reload.
pub struct Runtime {
    /// The configuration.
    pub config: Config,
    engines: HashMap<String, Arc<Engine>>,
    authn: Arc<Authenticator>,
    creds: HashMap<String, Arc<Credentials>>,
    authz: moat_authz::Authorizer,
    /// Approved-model checks, see `proxy::check_approved`.
    pub(crate) approved: crate::proxy::ApprovedCache,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime").finish_non_exhaustive()
    }
}

/// Building a runtime failed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartError(pub String);

impl Runtime {
    /// Build engines, authenticator and upstream credentials from `config`.
    pub fn new(config: Config) -> Result<Self, StartError> {
        let mut engines = HashMap::new();
        for route in &config.routes {
            if engines.contains_key(&route.guard_name) {
                continue;
            }
            let mut gc = config.engine.clone();
            if let Some(t) = route.guard.injection_threshold {
                gc.injection.threshold = t;
            }
            let engine = Engine::new(gc).map_err(|e| {
                StartError(format!("guard.engine (policy `{}`): {e}", route.guard_name))
            })?;
            engines.insert(route.guard_name.clone(), Arc::new(engine));
        }
        if !config.mcp.servers.is_empty() {
            let engine = Engine::new(config.engine.clone())
                .map_err(|e| StartError(format!("guard.engine (MCP servers): {e}")))?;
            engines.insert(crate::mcp::ENGINE.to_owned(), Arc::new(engine));
        }
        let verifier = match &config.jwt {
            Some(j) => {
                let pem = std::fs::read(&j.public_key_file).map_err(|e| {
                    StartError(format!(
                        "auth.jwt.public_key_file: cannot read `{}`: {e}",
                        j.public_key_file.display()
                    ))
                })?;
                Some(
                    jwt::Verifier::new(&pem, &j.issuer, &j.audience)
                        .map_err(|e| StartError(format!("auth.jwt.public_key_file: {e}")))?,
                )
            }
            None => None,
        };
        let mut oidc = Vec::new();
        for (i, o) in config.oidc.iter().enumerate() {
            oidc.push(
                crate::auth::oidc::Provider::new(o.clone())
                    .map_err(|e| StartError(format!("auth.oidc[{i}]: {e}")))?,
            );
        }
        let authn = Arc::new(Authenticator::new(config.api_keys.clone(), verifier).with_oidc(oidc));
        let creds = config
            .upstreams
            .iter()
            .map(|(n, u)| (n.clone(), Arc::new(Credentials::new(u))))
            .collect();
        let authz = moat_authz::Authorizer::new(&grants(&config), &config.authz.policy_files)
            .map_err(|e| StartError(format!("authz.policy_files: {e}")))?;
        Ok(Runtime {
            config,
            engines,
            authn,
            creds,
            authz,
            approved: Default::default(),
        })
    }

    /// The authoriser: policies generated from [`grants`] plus `authz.policy_files`.
    pub fn authorizer(&self) -> &moat_authz::Authorizer {
        &self.authz
    }

    /// The first route matching `model`.
    pub fn route_for(&self, model: &str) -> Option<&Route> {
        self.config.routes.iter().find(|r| r.matches(model))
    }

    /// The engine for a guard policy.
    pub fn engine(&self, policy: &str) -> Option<Arc<Engine>> {
        self.engines.get(policy).cloned()
    }

    /// The authenticator (configured keys, tokens, and store keys when enabled).
    pub fn authenticator(&self) -> &Arc<Authenticator> {
        &self.authn
    }

    /// Credentials of an upstream.
    pub fn credentials(&self, upstream: &str) -> Option<Arc<Credentials>> {
        self.creds.get(upstream).cloned()
    }
}

/// The permissions the configuration grants, as Cedar `permit`s: each route lets its `allow`
/// lists (or, when they are empty, any authenticated principal) use every LLM action on it, and
/// each MCP server lets its `allow` lists call its tools.
pub fn grants(config: &Config) -> Vec<moat_authz::Grant> {
    let routes = config.routes.iter().map(|r| moat_authz::Grant {
        actions: moat_authz::ActionKind::LLM.to_vec(),
        resource: moat_authz::ResourcePattern::Route(r.name.clone()),
        agents: r.allow.agents.clone(),
        users: r.allow.users.clone(),
        groups: r.allow.groups.clone(),
    });
    let servers = config.mcp.servers.values().map(|s| moat_authz::Grant {
        actions: vec![moat_authz::ActionKind::CallTool],
        resource: moat_authz::ResourcePattern::Server(s.name.clone()),
        agents: s.allow.agents.clone(),
        users: s.allow.users.clone(),
        groups: s.allow.groups.clone(),
    });
    routes.chain(servers).collect()
}

fn attach_store(mut rt: Runtime, store: Option<&moat_store::Store>) -> Runtime {
    if let Some(s) = store
        && rt.config.store_keys
    {
        rt.authn = Arc::new((*rt.authn).clone().with_store(s.clone()));
    }
    rt
}

/// State shared by every request, kept across reloads.
pub struct Shared {
    live: RwLock<Arc<Runtime>>,
    /// Request and token counters.
    pub limiter: Limiter,
    audit: Arc<dyn AuditSink>,
    key_store: Option<moat_store::Store>,
    /// The HTTP client for upstreams (pooled).
    pub client: reqwest::Client,
    metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    ready: AtomicBool,
    /// MCP sessions, stdio servers, tool catalogue and approval wake-ups.
    pub mcp: crate::mcp::McpState,
}

/// The handle handlers and layers hold.
pub type App = Arc<Shared>;

impl Shared {
    /// Shared state around a first runtime.
    pub fn new(runtime: Runtime, audit: Arc<dyn AuditSink>) -> Result<App, StartError> {
        Shared::with_key_store(runtime, audit, None)
    }

    /// Shared state whose authenticator also accepts keys kept in `key_store` (when the
    /// configuration says `auth.store_keys: true`, also after reloads).
    pub fn with_key_store(
        runtime: Runtime,
        audit: Arc<dyn AuditSink>,
        key_store: Option<moat_store::Store>,
    ) -> Result<App, StartError> {
        let runtime = attach_store(runtime, key_store.as_ref());
        let limiter = Limiter::from_settings(&runtime.config.limits_store)
            .map_err(|e| StartError(format!("limits: {e}")))?;
        let client = reqwest::Client::builder()
            .tcp_nodelay(true)
            .connect_timeout(runtime.config.server.connect_timeout)
            .pool_idle_timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| StartError(format!("http client: {e}")))?;
        Ok(Arc::new(Shared {
            live: RwLock::new(Arc::new(runtime)),
            limiter,
            audit,
            key_store,
            client,
            metrics: crate::metrics::handle(),
            ready: AtomicBool::new(true),
            mcp: crate::mcp::McpState::default(),
        }))
    }

    /// The store (when the audit trail is kept there): API keys and the model registry.
    pub fn store(&self) -> Option<&moat_store::Store> {
        self.key_store.as_ref()
    }

    /// The current runtime.
    pub fn runtime(&self) -> Arc<Runtime> {
        match self.live.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Swap in a new runtime (SIGHUP). Requests in flight finish on the old one.
    pub fn replace(&self, rt: Runtime) {
        let rt = attach_store(rt, self.key_store.as_ref());
        if let Err(e) = self.limiter.reconfigure(&rt.config.limits_store) {
            tracing::error!(error = %e, "limits: keeping the previous counter store");
        }
        match self.live.write() {
            Ok(mut g) => *g = Arc::new(rt),
            Err(p) => *p.into_inner() = Arc::new(rt),
        }
    }

    /// Record one request's audit event: one log line, metrics, and the sink.
    pub fn emit(&self, ev: AuditEvent) {
        self.note(&ev);
        self.audit.record(ev);
    }

    /// Like [`Shared::emit`], but resolves once the sink has recorded the event (store in
    /// acknowledged mode: committed and synced). An error means it is not recorded.
    pub async fn emit_acked(&self, ev: AuditEvent) -> Result<(), String> {
        self.note(&ev);
        self.audit.record_acked(ev).await
    }

    /// Flush and stop the audit sink (after the server has drained).
    pub async fn close_audit(&self) {
        self.audit.close().await
    }

    fn note(&self, ev: &AuditEvent) {
        tracing::info!(
            target: "moat::gateway",
            request_id = %ev.request_id,
            status = ev.status,
            outcome = %ev.outcome,
            reason = ev.reason.as_deref().unwrap_or(""),
            principal = ev.principal.as_deref().unwrap_or(""),
            route = ev.route.as_deref().unwrap_or(""),
            model = ev.model.as_deref().unwrap_or(""),
            stream = ev.stream,
            latency_ms = ev.latency_ms,
            "request"
        );
        let status = ev.status.to_string();
        metrics::counter!(
            "moat_gateway_requests_total",
            "route" => ev.route.clone().unwrap_or_else(|| "none".into()),
            "surface" => ev.surface.clone().unwrap_or_else(|| "none".into()),
            "status" => status
        )
        .increment(1);
        for (side, s) in [
            ("request", &ev.guard_request),
            ("response", &ev.guard_response),
        ] {
            if let Some(s) = s {
                metrics::counter!("moat_gateway_guard_verdicts_total", "side" => side, "verdict" => s.verdict())
                    .increment(1);
            }
        }
    }
}

async fn healthz() -> impl IntoResponse {
    axum::Json(json!({"status": "ok"}))
}

async fn readyz(State(app): State<App>) -> Response {
    if app.ready.load(Ordering::Relaxed) {
        axum::Json(json!({"status": "ready"})).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"status": "shutting down"})),
        )
            .into_response()
    }
}

async fn metrics_page(State(app): State<App>) -> Response {
    match &app.metrics {
        Some(h) => ([("content-type", "text/plain; version=0.0.4")], h.render()).into_response(),
        None => (StatusCode::NOT_FOUND, "metrics recorder not installed").into_response(),
    }
}

async fn not_found(req: Request) -> Response {
    let format = ApiFormat::for_path(req.uri().path());
    GatewayError::new(
        ErrorKind::NotFound,
        "unknown_path",
        format!("no such endpoint: {} {}", req.method(), req.uri().path()),
    )
    .to_response(format)
}

macro_rules! surface_handler {
    ($name:ident, $surface:expr) => {
        async fn $name(State(app): State<App>, req: Request) -> Response {
            crate::proxy::handle(app, $surface, None, req).await
        }
    };
}

surface_handler!(chat, Surface::ChatCompletions);
surface_handler!(completions, Surface::Completions);
surface_handler!(embeddings, Surface::Embeddings);
surface_handler!(responses, Surface::Responses);
surface_handler!(messages, Surface::Messages);

macro_rules! deployment_handler {
    ($name:ident, $surface:expr) => {
        async fn $name(
            State(app): State<App>,
            Path(deployment): Path<String>,
            req: Request,
        ) -> Response {
            crate::proxy::handle(app, $surface, Some(deployment), req).await
        }
    };
}

deployment_handler!(az_chat, Surface::ChatCompletions);
deployment_handler!(az_completions, Surface::Completions);
deployment_handler!(az_embeddings, Surface::Embeddings);

async fn models(State(app): State<App>, req: Request) -> Response {
    let rt = app.runtime();
    let identity = req.extensions().get::<moat_core::Identity>();
    let mut data = Vec::new();
    for r in &rt.config.routes {
        for m in &r.models {
            if m.ends_with('*') {
                continue;
            }
            if identity.is_some_and(|i| crate::auth::scope_allows(&i.scopes, m)) {
                data.push(json!({"id": m, "object": "model", "created": 0, "owned_by": "moat"}));
            }
        }
    }
    // Recorded by the request-log layer, like every request that records nothing richer.
    axum::Json(json!({"object": "list", "data": data})).into_response()
}

/// The whole HTTP stack, outermost first:
/// 1. `RequestLog`: request id, timing, the one audit event. Outermost so that even requests
///    refused by later layers (401, 404, 413) are recorded and carry an id.
/// 2. `Auth` on the model routes only: health, readiness and metrics need no credentials (they
///    are for the platform's probes and scrapers, and reveal no data).
/// 3. The handler: parse, route, authorise, limit, guard, forward, guard the response.
pub fn router(app: App) -> Router {
    let authn_app = app.clone();
    let api = Router::new()
        .route("/v1/chat/completions", post(chat))
        .route("/v1/completions", post(completions))
        .route("/v1/embeddings", post(embeddings))
        .route("/v1/responses", post(responses))
        .route("/v1/messages", post(messages))
        .route("/v1/models", get(models))
        .route("/openai/v1/chat/completions", post(chat))
        .route("/openai/v1/completions", post(completions))
        .route("/openai/v1/embeddings", post(embeddings))
        .route("/openai/v1/responses", post(responses))
        .route("/openai/v1/models", get(models))
        .route(
            "/openai/deployments/{deployment}/chat/completions",
            post(az_chat),
        )
        .route(
            "/openai/deployments/{deployment}/completions",
            post(az_completions),
        )
        .route(
            "/openai/deployments/{deployment}/embeddings",
            post(az_embeddings),
        )
        .layer(AuthLayer::new(Arc::new(move || {
            authn_app.runtime().authn.clone()
        })));
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_page));
    Router::new()
        .merge(api)
        .merge(crate::mcp::router())
        .merge(ops)
        .fallback(not_found)
        .layer(RequestLogLayer::new(app.clone()))
        .with_state(app)
}

/// Serve until `shutdown` resolves, then stop accepting, mark not-ready, wait up to the
/// configured grace period for open requests and streams to finish, and finally flush and stop
/// the audit sink (the store writes its final signed checkpoint).
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let grace = app.runtime().config.server.shutdown_grace;
    let app_close = app.clone();
    let (tx, rx) = tokio::sync::watch::channel(false);
    let app2 = app.clone();
    let signal = async move {
        shutdown.await;
        app2.ready.store(false, Ordering::Relaxed);
        tracing::info!("shutting down: draining open requests");
        let _ = tx.send(true);
    };
    // No Nagle delay on client connections: a stream is many small writes, and with Nagle on
    // each one after the first waited for the client's delayed ACK (about 40 ms per event).
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY on a client connection");
        }
    });
    let server = axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(signal);
    let mut rx2 = rx.clone();
    let r = tokio::select! {
        r = server => r,
        _ = async move {
            let _ = rx2.wait_for(|v| *v).await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!("shutdown grace period over: closing open connections");
            Ok(())
        }
    };
    app_close.mcp.stop_stdio().await;
    app_close.close_audit().await;
    r
}
