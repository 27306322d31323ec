//! MOAT-GCP002: Vertex AI resource is not encrypted with a customer-managed key (CMEK)

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `encryption_spec { kms_key_name }` on Vertex AI datasets, endpoints, featurestores,
/// indexes, metadata stores and tensorboards.
///
/// ## Why is this bad?
/// Datasets, feature stores and vector indexes hold training and grounding data; CMEK keeps
/// decryption under your Cloud KMS policy and lets you revoke it.
///
/// ## Example
/// ```hcl
/// resource "google_vertex_ai_dataset" "ds" {
///   display_name        = "ds"
///   metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "google_vertex_ai_dataset" "ds" {
///   display_name        = "ds"
///   metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/text_1.0.0.yaml"
///   encryption_spec {
///     kms_key_name = google_kms_crypto_key.vertex.id
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
/// - Google Cloud: Vertex AI customer-managed encryption keys
    pub const RULE = {
        code: "MOAT-GCP002",
        name: "VertexWithoutCmek",
        family: Gcp,
        severity: Low,
        title: "Vertex AI resource is not encrypted with a customer-managed key (CMEK)",
        check: check,
    };
}

/// MOAT-GCP002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    const TYPES: &[&str] = &[
        "google_vertex_ai_dataset",
        "google_vertex_ai_endpoint",
        "google_vertex_ai_featurestore",
        "google_vertex_ai_index",
        "google_vertex_ai_metadata_store",
        "google_vertex_ai_tensorboard",
    ];
    if r.iac != IacKind::Terraform || !TYPES.contains(&r.rtype.as_str()) {
        return None;
    }
    if r.has("encryption_spec.kms_key_name") || r.unknown("encryption_spec") {
        None
    } else {
        hit("no CMEK")
    }
}
