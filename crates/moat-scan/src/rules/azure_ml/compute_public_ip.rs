//! MOAT-ML006: Azure Machine Learning compute nodes get public IP addresses

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.properties.enableNodePublicIp` (default `true`) on compute instances and
/// clusters; Terraform: `node_public_ip_enabled = false`.
///
/// ## Why is this bad?
/// Compute with a public IP is reachable from the internet for management and, with SSH enabled,
/// for login. A public compute instance that runs with an identity able to read AI keys is a direct
/// path from the internet to your models.
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
///   node_public_ip_enabled = false
///   subnet_resource_id     = azurerm_subnet.ml.id
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure Machine Learning Computes should be in a virtual network"
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-ML006",
        name: "MlComputePublicIp",
        family: AzureMl,
        severity: High,
        title: "Azure Machine Learning compute nodes get public IP addresses",
        check: check,
    };
}

/// MOAT-ML006
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let on = super::setting_on(
        r,
        (
            "properties.properties.enableNodePublicIp",
            super::Sense::Enables,
        ),
        "node_public_ip_enabled",
    )?;
    on.then(|| Hit {
        message: "compute nodes have public IP addresses".into(),
    })
}
