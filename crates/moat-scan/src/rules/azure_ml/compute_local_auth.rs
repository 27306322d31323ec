//! MOAT-ML005: Azure Machine Learning compute allows local authentication

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.disableLocalAuth` on `Microsoft.MachineLearningServices/workspaces/computes`
/// (Terraform: `local_auth_enabled = false` on compute instances and clusters).
///
/// ## Why is this bad?
/// Local authentication lets callers use compute-level keys instead of Microsoft Entra ID,
/// bypassing conditional access and leaving no per-user audit trail.
///
/// ## Example
/// ```bicep
/// resource ci 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
///   parent: ws
///   name: 'ci-alice'
///   properties: {
///     computeType: 'ComputeInstance'
///     properties: { vmSize: 'Standard_DS3_v2', sshSettings: { sshPublicAccess: 'Enabled' } }
///   }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource ci 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
///   parent: ws
///   name: 'ci-alice'
///   identity: { type: 'SystemAssigned' }
///   properties: {
///     computeType: 'ComputeInstance'
///     disableLocalAuth: true
///     properties: {
///       vmSize: 'Standard_DS3_v2'
///       enableNodePublicIp: false
///       sshSettings: { sshPublicAccess: 'Disabled' }
///       idleTimeBeforeShutdown: 'PT30M'
///     }
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces/computes",
///   "apiVersion": "2024-10-01",
///   "name": "ws/ci-alice",
///   "identity": {
///     "type": "SystemAssigned"
///   },
///   "properties": {
///     "computeType": "ComputeInstance",
///     "disableLocalAuth": true,
///     "properties": {
///       "vmSize": "Standard_DS3_v2",
///       "enableNodePublicIp": false,
///       "sshSettings": {
///         "sshPublicAccess": "Disabled"
///       },
///       "idleTimeBeforeShutdown": "PT30M"
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_machine_learning_compute_instance" "ci" {
///   local_auth_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - Azure Policy built-in: "Azure Machine Learning Computes should have local authentication methods disabled"
    pub const RULE = {
        code: "MOAT-ML005",
        name: "MlComputeLocalAuthEnabled",
        family: AzureMl,
        severity: Medium,
        title: "Azure Machine Learning compute allows local authentication",
        check: check,
    };
}

/// MOAT-ML005
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let on = super::setting_on(
        r,
        ("properties.disableLocalAuth", super::Sense::Disables),
        "local_auth_enabled",
    )?;
    on.then(|| Hit {
        message: "local authentication is enabled".into(),
    })
}
