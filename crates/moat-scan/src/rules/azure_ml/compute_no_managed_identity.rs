//! MOAT-ML009: Azure Machine Learning compute has no managed identity

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks compute instances and clusters for an `identity` (Terraform: an `identity` block).
///
/// ## Why is this bad?
/// Without a managed identity, jobs and notebooks reach storage, Key Vault and AI services with
/// keys or personal credentials copied onto the machine, where they leak through logs, snapshots
/// and shared notebooks.
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
/// resource "azurerm_machine_learning_compute_cluster" "cc" {
///   identity {
///     type = "SystemAssigned"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-3: Manage application identities securely and automatically
/// - MITRE ATLAS AML.T0055: Unsecured Credentials
    pub const RULE = {
        code: "MOAT-ML009",
        name: "MlComputeWithoutManagedIdentity",
        family: AzureMl,
        severity: Low,
        title: "Azure Machine Learning compute has no managed identity",
        check: check,
    };
}

/// MOAT-ML009
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    super::compute(r)?;
    match has_identity(r) {
        Some(false) => hit("no managed identity"),
        _ => None,
    }
}
