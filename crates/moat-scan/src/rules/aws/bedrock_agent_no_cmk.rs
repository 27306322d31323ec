//! MOAT-AWS004: Amazon Bedrock agent or custom model is not encrypted with a customer-managed KMS key

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `customer_encryption_key_arn` on `aws_bedrockagent_agent` and
/// `customer_encryption_key_id` on `aws_bedrock_custom_model`.
///
/// ## Why is this bad?
/// Agent sessions and custom model weights contain business data and fine-tuning sets; with an AWS-
/// owned key you cannot restrict or audit decryption through your own key policy.
///
/// ## Example
/// ```hcl
/// resource "aws_bedrock_custom_model" "tuned" {
///   custom_model_name = "tuned"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_bedrock_custom_model" "tuned" {
///   custom_model_name         = "tuned"
///   customer_encryption_key_id = aws_kms_key.bedrock.arn
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
    pub const RULE = {
        code: "MOAT-AWS004",
        name: "BedrockWithoutCustomerManagedKey",
        family: Aws,
        severity: Low,
        title: "Amazon Bedrock agent or custom model is not encrypted with a customer-managed KMS key",
        check: check,
    };
}

/// MOAT-AWS004
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let key = if r.is_tf("aws_bedrockagent_agent") {
        "customer_encryption_key_arn"
    } else if r.is_tf("aws_bedrock_custom_model") {
        "customer_encryption_key_id"
    } else {
        return None;
    };
    if r.has(key) {
        None
    } else {
        hit("no customer-managed KMS key")
    }
}
