//! MOAT-ML010: Azure Machine Learning / AI Foundry workspace has no managed identity

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that workspaces declare a system- or user-assigned managed identity (ARM
/// `identity.type`).
///
/// ## Why is this bad?
/// The workspace identity reaches its storage, Key Vault, container registry and connected AI
/// services. Without it those connections rely on stored keys.
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
///   identity: { type: 'SystemAssigned' }
///   properties: {}
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces",
///   "apiVersion": "2024-10-01",
///   "name": "hub",
///   "identity": {
///     "type": "SystemAssigned"
///   },
///   "properties": {}
/// }
/// ```
/// ```hcl
/// resource "azurerm_machine_learning_workspace" "ws" {
///   identity {
///     type = "SystemAssigned"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-3: Manage application identities securely and automatically
    pub const RULE = {
        code: "MOAT-ML010",
        name: "MlWorkspaceWithoutManagedIdentity",
        family: AzureMl,
        severity: Low,
        title: "Azure Machine Learning / AI Foundry workspace has no managed identity",
        check: check,
    };
}

/// MOAT-ML010
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ml_workspace(r) || r.bool_at("existing") == Some(true) {
        return None;
    }
    match has_identity(r) {
        Some(false) => hit("no managed identity"),
        _ => None,
    }
}
