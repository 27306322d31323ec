//! MOAT-AWS009: SageMaker endpoint configuration does not encrypt its storage with a customer-managed KMS key

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_sagemaker_endpoint_configuration` for `kms_key_arn`.
///
/// ## Why is this bad?
/// Endpoint instances store the model and, with data capture, request and response payloads; a
/// customer-managed key puts decryption under your key policy.
///
/// ## Example
/// ```hcl
/// resource "aws_sagemaker_endpoint_configuration" "ec" {
///   name = "ec"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_sagemaker_endpoint_configuration" "ec" {
///   name        = "ec"
///   kms_key_arn = aws_kms_key.sm.arn
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
/// - AWS Security Hub SageMaker.4-style control: endpoint configurations should use KMS
    pub const RULE = {
        code: "MOAT-AWS009",
        name: "SageMakerEndpointWithoutKms",
        family: Aws,
        severity: Low,
        title: "SageMaker endpoint configuration does not encrypt its storage with a customer-managed KMS key",
        check: check,
    };
}

/// MOAT-AWS009
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_sagemaker_endpoint_configuration") {
        return None;
    }
    if r.has("kms_key_arn") {
        None
    } else {
        hit("no customer-managed KMS key")
    }
}
