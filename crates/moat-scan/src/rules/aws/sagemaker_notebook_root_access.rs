//! MOAT-AWS006: SageMaker notebook instance gives users root access

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_sagemaker_notebook_instance` for `root_access = "Disabled"` (the default is
/// `Enabled`).
///
/// ## Why is this bad?
/// Root on the notebook lets any user change lifecycle scripts, disable monitoring agents and read
/// other users' credentials and the instance role tokens.
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
///   name        = "nb"
///   root_access = "Disabled"
/// }
/// ```
///
/// ## References
/// - MCSB v2 PA-7: Follow just enough administration (least privilege) principle
/// - AWS Security Hub SageMaker.3: users should not have root access to notebook instances
    pub const RULE = {
        code: "MOAT-AWS006",
        name: "SageMakerNotebookRootAccess",
        family: Aws,
        severity: Medium,
        title: "SageMaker notebook instance gives users root access",
        check: check,
    };
}

/// MOAT-AWS006
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_sagemaker_notebook_instance") || r.unknown("root_access") {
        return None;
    }
    match r.str_at("root_access") {
        Some(v) if v.eq_ignore_ascii_case("disabled") => None,
        _ => hit("users get root access"),
    }
}
