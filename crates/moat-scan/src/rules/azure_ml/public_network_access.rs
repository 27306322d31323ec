//! MOAT-ML001: Azure Machine Learning / AI Foundry hub or project is reachable from the public internet

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.publicNetworkAccess` is `Disabled` on
/// `Microsoft.MachineLearningServices/workspaces` (hubs, projects, classic workspaces); Terraform:
/// `public_network_access_enabled = false` on `azurerm_machine_learning_workspace` /
/// `azurerm_ai_foundry`.
///
/// ## Why is this bad?
/// A public workspace exposes its studio, APIs, model registry and connected data (including stored
/// connection secrets) to any internet host that obtains a token. Hubs hold connections to AI
/// services, search and storage, so exposure reaches far beyond the workspace.
///
/// ## Example
/// ```bicep
/// resource hub 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
///   name: 'hub'
///   kind: 'Hub'
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource hub 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
///   name: 'hub'
///   kind: 'Hub'
///   properties: { publicNetworkAccess: 'Disabled' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces",
///   "apiVersion": "2024-10-01",
///   "name": "hub",
///   "kind": "Hub",
///   "properties": {
///     "publicNetworkAccess": "Disabled"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_ai_foundry" "hub" {
///   public_network_access = "Disabled"
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure Machine Learning Workspaces should disable public network access"
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-ML001",
        name: "MlWorkspacePublicNetworkAccess",
        family: AzureMl,
        severity: High,
        title: "Azure Machine Learning / AI Foundry hub or project is reachable from the public internet",
        check: check,
    };
}

/// MOAT-ML001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ml_workspace(r) {
        return None;
    }
    if r.iac == IacKind::Terraform && r.has("public_network_access") {
        // azurerm_ai_foundry uses a string.
        return match r.str_at("public_network_access") {
            Some(v) if v.eq_ignore_ascii_case("disabled") => None,
            Some(_) => hit("public network access is enabled"),
            None => None,
        };
    }
    match public_access_open(r, "public_network_access_enabled", true) {
        Some(true) => hit("public network access is enabled"),
        _ => None,
    }
}
