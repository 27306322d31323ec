//! MOAT-ML002: Azure Machine Learning / AI Foundry hub has no managed network isolation

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.managedNetwork.isolationMode` (Terraform: `managed_network { isolation_mode
/// }`): absent or `Disabled` means compute and serverless endpoints get unrestricted outbound
/// access; `AllowOnlyApprovedOutbound` is the strict setting.
///
/// ## Why is this bad?
/// Without managed network isolation, notebooks, jobs and prompt flows can reach any internet host,
/// so code or a prompt-injected agent can exfiltrate models and data, and inbound access to compute
/// is not fenced by the workspace.
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
///   properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces",
///   "apiVersion": "2024-10-01",
///   "name": "hub",
///   "kind": "Hub",
///   "properties": {
///     "managedNetwork": {
///       "isolationMode": "AllowOnlyApprovedOutbound"
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_machine_learning_workspace" "ws" {
///   managed_network {
///     isolation_mode = "AllowOnlyApprovedOutbound"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MCSB v2 AI-4: Apply least privilege for agent functions
/// - Azure Policy built-in: "Azure Machine Learning workspaces should enable managed virtual network"
/// - MITRE ATLAS AML.T0024: Exfiltration via AI Inference API
    pub const RULE = {
        code: "MOAT-ML002",
        name: "MlWorkspaceWithoutManagedNetwork",
        family: AzureMl,
        severity: Medium,
        title: "Azure Machine Learning / AI Foundry hub has no managed network isolation",
        check: check,
    };
}

/// MOAT-ML002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ml_workspace(r) {
        return None;
    }
    // Projects inherit the hub's network.
    if r.str_at("kind")
        .is_some_and(|k| k.eq_ignore_ascii_case("project"))
        || r.is_tf("azurerm_ai_foundry_project")
    {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "managed_network.isolation_mode"
    } else {
        "properties.managedNetwork.isolationMode"
    };
    if r.unknown(path) {
        return None;
    }
    match r.str_at(path) {
        None => hit("no managed network: outbound traffic is unrestricted"),
        Some(m) if m.eq_ignore_ascii_case("disabled") => {
            hit("managed network isolation is Disabled")
        }
        _ => None,
    }
}
