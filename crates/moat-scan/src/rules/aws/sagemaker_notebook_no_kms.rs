//! MOAT-AWS007: SageMaker notebook instance volume is not encrypted with a customer-managed KMS key

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_sagemaker_notebook_instance` for `kms_key_id`.
///
/// ## Why is this bad?
/// Notebook volumes hold datasets, model checkpoints and credentials; a customer-managed key lets
/// you restrict and audit decryption.
///
/// ## Example
/// ```hcl
/// resource "aws_sagemaker_notebook_instance" "nb" {
///   name = "nb"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_sagemaker_notebook_instance" "nb" {
///   name       = "nb"
///   kms_key_id = aws_kms_key.sm.id
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
    pub const RULE = {
        code: "MOAT-AWS007",
        name: "SageMakerNotebookWithoutKms",
        family: Aws,
        severity: Low,
        title: "SageMaker notebook instance volume is not encrypted with a customer-managed KMS key",
        check: check,
    };
}

/// MOAT-AWS007
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_sagemaker_notebook_instance") {
        return None;
    }
    if r.has("kms_key_id") {
        None
    } else {
        hit("no customer-managed KMS key")
    }
}
