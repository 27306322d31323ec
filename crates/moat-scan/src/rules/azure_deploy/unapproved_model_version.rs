//! MOAT-AZ103: Model deployment does not pin a model version

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that each model deployment names an explicit model version (`properties.model.version`;
/// Terraform: `model { version }`).
///
/// ## Why is this bad?
/// An unpinned deployment takes whatever version the platform considers default, so the model your
/// safety evaluation and red-team results apply to can change under you. Approved-model policies
/// can only be enforced on pinned versions.
///
/// ## Example
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   name: 'gpt-4o'
///   properties: { model: { format: 'OpenAI', name: 'gpt-4o' } }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   name: 'gpt-4o'
///   properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' } }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts/deployments",
///   "apiVersion": "2024-10-01",
///   "name": "gpt-4o",
///   "properties": {
///     "model": {
///       "format": "OpenAI",
///       "name": "gpt-4o",
///       "version": "2024-08-06"
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_deployment" "gpt" {
///   model {
///     format  = "OpenAI"
///     name    = "gpt-4o"
///     version = "2024-08-06"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-1: Ensure use of approved models
/// - OWASP Top 10 for LLM Applications 2025: LLM03 Supply Chain
/// - MITRE ATLAS AML.T0010: AI Supply Chain Compromise
    pub const RULE = {
        code: "MOAT-AZ103",
        name: "UnpinnedModelVersion",
        family: AzureDeploy,
        severity: Medium,
        title: "Model deployment does not pin a model version",
        check: check,
    };
}

/// MOAT-AZ103
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let path = if r.is_azure("Microsoft.CognitiveServices/accounts/deployments") {
        "properties.model.version"
    } else if r.is_tf("azurerm_cognitive_deployment") {
        "model.version"
    } else {
        return None;
    };
    if r.unknown(path) {
        return None;
    }
    match r.str_at(path) {
        Some(v) if !v.is_empty() => None,
        _ => hit("model version is not pinned"),
    }
}
