//! MOAT-AWS005: SageMaker notebook instance has direct internet access

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_sagemaker_notebook_instance` for `direct_internet_access = "Disabled"` (the default
/// is `Enabled`).
///
/// ## Why is this bad?
/// A notebook with direct internet access can be reached and can reach out without passing your VPC
/// controls: code or a malicious package can exfiltrate data and model artifacts, and the instance
/// role becomes reachable from outside.
///
/// ## Example
/// ```hcl
/// resource "aws_sagemaker_notebook_instance" "nb" {
///   name          = "nb"
///   instance_type = "ml.t3.medium"
///   role_arn      = aws_iam_role.sm.arn
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_sagemaker_notebook_instance" "nb" {
///   name                   = "nb"
///   instance_type          = "ml.t3.medium"
///   role_arn               = aws_iam_role.sm.arn
///   subnet_id              = aws_subnet.private.id
///   security_groups        = [aws_security_group.nb.id]
///   direct_internet_access = "Disabled"
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - AWS Security Hub SageMaker.2: notebook instances should not have direct internet access
/// - MITRE ATLAS AML.T0024: Exfiltration via AI Inference API
    pub const RULE = {
        code: "MOAT-AWS005",
        name: "SageMakerNotebookDirectInternet",
        family: Aws,
        severity: High,
        title: "SageMaker notebook instance has direct internet access",
        check: check,
    };
}

/// MOAT-AWS005
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_sagemaker_notebook_instance") || r.unknown("direct_internet_access") {
        return None;
    }
    match r.str_at("direct_internet_access") {
        Some(v) if v.eq_ignore_ascii_case("disabled") => None,
        _ => hit("direct internet access is enabled"),
    }
}
