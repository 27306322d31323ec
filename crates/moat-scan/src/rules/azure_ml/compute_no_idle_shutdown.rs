//! MOAT-ML008: Azure Machine Learning compute never shuts down or scales to zero when idle

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks compute instances for `idleTimeBeforeShutdown` and clusters for
/// `scaleSettings.minNodeCount: 0` (Terraform: `scale_settings { min_node_count = 0 }` on
/// clusters).
///
/// ## Why is this bad?
/// Idle compute keeps its identity, data mounts and any exposed ports alive around the clock: more
/// attack surface and more cost, with no one watching.
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
///   scale_settings {
///     min_node_count                       = 0
///     max_node_count                       = 4
///     scale_down_nodes_after_idle_duration = "PT15M"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 AM-2: Use only approved services
/// - OWASP Top 10 for LLM Applications 2025: LLM10 Unbounded Consumption
    pub const RULE = {
        code: "MOAT-ML008",
        name: "MlComputeWithoutIdleShutdown",
        family: AzureMl,
        severity: Low,
        title: "Azure Machine Learning compute never shuts down or scales to zero when idle",
        check: check,
    };
}

/// MOAT-ML008
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let c = super::compute(r)?;
    if c.arm {
        if c.instance {
            if r.has("properties.properties.idleTimeBeforeShutdown")
                || r.has("properties.properties.schedules")
            {
                return None;
            }
            return hit("compute instance has no idle shutdown");
        }
        let p = "properties.properties.scaleSettings.minNodeCount";
        if r.unknown(p) {
            return None;
        }
        return match r.get(p).and_then(Value::as_i64) {
            Some(n) if n > 0 => hit(format!("cluster keeps {n} node(s) running when idle")),
            _ => None,
        };
    }
    if !c.instance {
        return match r
            .get("scale_settings.min_node_count")
            .and_then(Value::as_i64)
        {
            Some(n) if n > 0 => hit(format!("cluster keeps {n} node(s) running when idle")),
            _ => None,
        };
    }
    None
}
