//! MOAT-GCP001: Vertex AI Workbench instance has a public IP address

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `google_workbench_instance` for `gce_setup { disable_public_ip = true }` and legacy
/// `google_notebooks_instance` for `no_public_ip = true`.
///
/// ## Why is this bad?
/// A notebook VM with a public IP is reachable from the internet and can reach anywhere, with the
/// service account that usually has broad access to data and Vertex AI.
///
/// ## Example
/// ```hcl
/// resource "google_workbench_instance" "nb" {
///   name     = "nb"
///   location = "europe-west1-b"
///   gce_setup {
///     machine_type = "e2-standard-4"
///   }
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "google_workbench_instance" "nb" {
///   name     = "nb"
///   location = "europe-west1-b"
///   gce_setup {
///     machine_type      = "e2-standard-4"
///     disable_public_ip = true
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Google Cloud: Vertex AI Workbench security best practices
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-GCP001",
        name: "VertexWorkbenchPublicIp",
        family: Gcp,
        severity: High,
        title: "Vertex AI Workbench instance has a public IP address",
        check: check,
    };
}

/// MOAT-GCP001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if r.is_tf("google_workbench_instance") {
        if r.unknown("gce_setup.disable_public_ip") {
            return None;
        }
        return if r.bool_at("gce_setup.disable_public_ip").unwrap_or(false) {
            None
        } else {
            hit("instance has a public IP")
        };
    }
    if r.is_tf("google_notebooks_instance") {
        if r.unknown("no_public_ip") {
            return None;
        }
        return if r.bool_at("no_public_ip").unwrap_or(false) {
            None
        } else {
            hit("instance has a public IP")
        };
    }
    None
}
