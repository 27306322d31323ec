//! Prometheus metrics. The recorder is process-wide; it is installed once and shared by every
//! gateway in the process.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Latency buckets in seconds: 100 µs to 2 minutes.
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0, 60.0, 120.0,
];

/// Install the recorder (once) and return the handle that renders `/metrics`. `None` when
/// another recorder was installed first.
pub fn handle() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new().set_buckets(BUCKETS).ok()?;
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            describe();
            Some(handle)
        })
        .clone()
}

fn describe() {
    metrics::describe_counter!(
        "moat_gateway_requests_total",
        "Requests by route, surface and status"
    );
    metrics::describe_counter!(
        "moat_gateway_guard_verdicts_total",
        "Guard verdicts by side and verdict"
    );
    metrics::describe_histogram!(
        "moat_gateway_guard_seconds",
        metrics::Unit::Seconds,
        "Time spent in guard checks before forwarding"
    );
    metrics::describe_histogram!(
        "moat_gateway_upstream_seconds",
        metrics::Unit::Seconds,
        "Time waiting on the upstream"
    );
    metrics::describe_histogram!(
        "moat_gateway_request_seconds",
        metrics::Unit::Seconds,
        "Total request time in the gateway"
    );
    metrics::describe_histogram!(
        "moat_gateway_overhead_seconds",
        metrics::Unit::Seconds,
        "Moat's own time: total minus upstream"
    );
}
