//! MOAT-GCP003: Vertex AI endpoint is served on the public internet

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `google_vertex_ai_endpoint` for a `network` (VPC peering) or
/// `private_service_connect_config`; without either the endpoint is public.
///
/// ## Why is this bad?
/// A public prediction endpoint is reachable by anyone who obtains a credential, enabling model
/// extraction and abuse of the model from outside your network.
///
/// ## Example
/// ```hcl
/// resource "google_vertex_ai_endpoint" "ep" {
///   name         = "ep"
///   display_name = "ep"
///   location     = "europe-west1"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "google_vertex_ai_endpoint" "ep" {
///   name         = "ep"
///   display_name = "ep"
///   location     = "europe-west1"
///   private_service_connect_config {
///     enable_private_service_connect = true
///     project_allowlist              = ["my-project"]
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-GCP003",
        name: "VertexEndpointPublic",
        family: Gcp,
        severity: Medium,
        title: "Vertex AI endpoint is served on the public internet",
        check: check,
    };
}

/// MOAT-GCP003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("google_vertex_ai_endpoint") {
        return None;
    }
    if r.has("network") || r.has("private_service_connect_config") {
        None
    } else {
        hit("endpoint is public")
    }
}
