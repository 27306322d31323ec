//! MOAT-AZ105: Model deployment processes prompts in any Azure region (Global deployment type)

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks the deployment SKU (`sku.name`; Terraform: `sku { name }`) for `GlobalStandard`,
/// `GlobalBatch` or `GlobalProvisionedManaged`, which route inference to any region.
///
/// ## Why is this bad?
/// Global deployment types may process prompts and completions outside the geography of the
/// resource. Where data residency matters, use a `DataZone*` or regional (`Standard`,
/// `ProvisionedManaged`) type.
///
/// ## Example
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   name: 'gpt-4o'
///   sku: { name: 'GlobalStandard', capacity: 10 }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   name: 'gpt-4o'
///   sku: { name: 'DataZoneStandard', capacity: 10 }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts/deployments",
///   "apiVersion": "2024-10-01",
///   "name": "gpt-4o",
///   "sku": {
///     "name": "DataZoneStandard",
///     "capacity": 10
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_deployment" "gpt" {
///   sku {
///     name = "DataZoneStandard"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-1: Ensure use of approved models
/// - Microsoft Learn: Azure OpenAI deployment types (data processing location)
    pub const RULE = {
        code: "MOAT-AZ105",
        name: "GlobalProcessingDeployment",
        family: AzureDeploy,
        severity: Low,
        title: "Model deployment processes prompts in any Azure region (Global deployment type)",
        check: check,
    };
}

/// MOAT-AZ105
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !(r.is_azure("Microsoft.CognitiveServices/accounts/deployments")
        || r.is_tf("azurerm_cognitive_deployment"))
    {
        return None;
    }
    match r.str_at("sku.name") {
        Some(s) if s.to_ascii_lowercase().starts_with("global") => hit(format!(
            "deployment type `{s}` may process data in any region"
        )),
        _ => None,
    }
}
