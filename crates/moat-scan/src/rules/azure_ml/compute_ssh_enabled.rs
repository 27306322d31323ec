//! MOAT-ML007: Azure Machine Learning compute allows SSH from outside

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `sshSettings.sshPublicAccess` on compute instances and `remoteLoginPortPublicAccess` on
/// clusters (Terraform: an `ssh` block on instances, `ssh_public_access_enabled` on clusters).
///
/// ## Why is this bad?
/// SSH on compute exposes a login surface on machines that hold workspace credentials, data mounts
/// and often a managed identity; a stolen key or weak configuration gives an attacker a foothold
/// next to your models and data.
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
///   ssh_public_access_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MCSB v2 PA-1: Separate and limit highly privileged users
    pub const RULE = {
        code: "MOAT-ML007",
        name: "MlComputeSshEnabled",
        family: AzureMl,
        severity: Medium,
        title: "Azure Machine Learning compute allows SSH from outside",
        check: check,
    };
}

/// MOAT-ML007
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let c = super::compute(r)?;
    if c.arm {
        for p in [
            "properties.properties.sshSettings.sshPublicAccess",
            "properties.properties.remoteLoginPortPublicAccess",
        ] {
            if let Some(v) = r.str_at(p)
                && v.eq_ignore_ascii_case("enabled")
            {
                return hit("SSH public access is enabled");
            }
        }
        return None;
    }
    if c.instance {
        return if r.has("ssh") {
            hit("an ssh block enables SSH access")
        } else {
            None
        };
    }
    if r.bool_at("ssh_public_access_enabled") == Some(true) {
        return hit("ssh_public_access_enabled is true");
    }
    None
}
