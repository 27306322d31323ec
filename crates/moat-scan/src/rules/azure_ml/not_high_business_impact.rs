//! MOAT-ML004: Azure Machine Learning workspace with a customer-managed key is not flagged high business impact

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that workspaces encrypted with a customer-managed key also set `properties.hbiWorkspace:
/// true` (Terraform: `high_business_impact = true`), which limits diagnostic data Microsoft
/// collects and encrypts local scratch disks.
///
/// ## Why is this bad?
/// Workspaces handling sensitive data usually need both: the high-business-impact flag reduces
/// telemetry sent to Microsoft and encrypts temporary disks of compute. It cannot be changed after
/// creation.
///
/// ## Example
/// ```bicep
/// resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
///   name: 'ws'
///   properties: { encryption: { status: 'Enabled', keyVaultProperties: { keyIdentifier: keyUri } } }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
///   name: 'ws'
///   properties: {
///     hbiWorkspace: true
///     encryption: { status: 'Enabled', keyVaultProperties: { keyIdentifier: keyUri } }
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces",
///   "apiVersion": "2024-10-01",
///   "name": "ws",
///   "properties": {
///     "hbiWorkspace": true,
///     "encryption": {
///       "status": "Enabled",
///       "keyVaultProperties": {
///         "keyIdentifier": "[parameters('keyUri')]"
///       }
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_machine_learning_workspace" "ws" {
///   high_business_impact = true
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
/// - Microsoft Learn: Azure Machine Learning data encryption (hbi_workspace)
    pub const RULE = {
        code: "MOAT-ML004",
        name: "MlWorkspaceNotHighBusinessImpact",
        family: AzureMl,
        severity: Info,
        title: "Azure Machine Learning workspace with a customer-managed key is not flagged high business impact",
        check: check,
    };
}

/// MOAT-ML004
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ml_workspace(r) {
        return None;
    }
    let (cmk, hbi) = if r.iac == IacKind::Terraform {
        (r.has("encryption"), "high_business_impact")
    } else {
        (
            r.has("properties.encryption.keyVaultProperties"),
            "properties.hbiWorkspace",
        )
    };
    if !cmk || r.unknown(hbi) {
        return None;
    }
    if r.bool_at(hbi).unwrap_or(false) {
        None
    } else {
        hit("customer-managed key without the high-business-impact flag")
    }
}
