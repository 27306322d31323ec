//! MOAT-AWS008: SageMaker model runs outside a VPC without network isolation

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_sagemaker_model` for a `vpc_config` block or `enable_network_isolation = true`.
///
/// ## Why is this bad?
/// Inference containers outside a VPC and without network isolation can call any internet host, so
/// a compromised or malicious model container can exfiltrate inputs and outputs.
///
/// ## Example
/// ```hcl
/// resource "aws_sagemaker_model" "m" {
///   name               = "m"
///   execution_role_arn = aws_iam_role.sm.arn
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_sagemaker_model" "m" {
///   name               = "m"
///   execution_role_arn = aws_iam_role.sm.arn
///   vpc_config {
///     subnets            = [aws_subnet.private.id]
///     security_group_ids = [aws_security_group.model.id]
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MITRE ATLAS AML.T0024: Exfiltration via AI Inference API
    pub const RULE = {
        code: "MOAT-AWS008",
        name: "SageMakerModelWithoutVpc",
        family: Aws,
        severity: Medium,
        title: "SageMaker model runs outside a VPC without network isolation",
        check: check,
    };
}

/// MOAT-AWS008
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_sagemaker_model") {
        return None;
    }
    if r.has("vpc_config")
        || r.bool_at("enable_network_isolation") == Some(true)
        || r.unknown("enable_network_isolation")
    {
        None
    } else {
        hit("no VPC and no network isolation")
    }
}
