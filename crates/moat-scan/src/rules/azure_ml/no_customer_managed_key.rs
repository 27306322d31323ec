//! MOAT-ML003: Azure Machine Learning / AI Foundry workspace is not encrypted with a customer-managed key

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.encryption.keyVaultProperties` is set with `status: Enabled` (Terraform:
/// an `encryption` block).
///
/// ## Why is this bad?
/// Workspaces hold training data, models, prompt flows and run history. A customer-managed key lets
/// you control rotation and revoke access; many regulated workloads require it.
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
///   properties: {
///     encryption: {
///       status: 'Enabled'
///       keyVaultProperties: { keyVaultArmId: kv.id, keyIdentifier: keyUri }
///     }
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces",
///   "apiVersion": "2024-10-01",
///   "name": "hub",
///   "properties": {
///     "encryption": {
///       "status": "Enabled",
///       "keyVaultProperties": {
///         "keyVaultArmId": "[resourceId('Microsoft.KeyVault/vaults', 'mlkv')]",
///         "keyIdentifier": "[parameters('keyUri')]"
///       }
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_machine_learning_workspace" "ws" {
///   encryption {
///     key_vault_id = azurerm_key_vault.kv.id
///     key_id       = azurerm_key_vault_key.k.id
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
/// - Azure Policy built-in: "Azure Machine Learning workspaces should be encrypted with a customer-managed key"
    pub const RULE = {
        code: "MOAT-ML003",
        name: "MlWorkspaceWithoutCustomerManagedKey",
        family: AzureMl,
        severity: Low,
        title: "Azure Machine Learning / AI Foundry workspace is not encrypted with a customer-managed key",
        check: check,
    };
}

/// MOAT-ML003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ml_workspace(r) {
        return None;
    }
    if r.iac == IacKind::Terraform {
        return if r.has("encryption") || r.has("customer_managed_key") {
            None
        } else {
            hit("no customer-managed key")
        };
    }
    if r.unknown("properties.encryption") {
        return None;
    }
    let enabled = r
        .str_at("properties.encryption.status")
        .is_some_and(|s| s.eq_ignore_ascii_case("enabled"));
    if enabled && r.has("properties.encryption.keyVaultProperties") {
        None
    } else {
        hit("no customer-managed key")
    }
}
