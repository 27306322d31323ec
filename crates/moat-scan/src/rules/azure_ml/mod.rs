//! Rules of the `azure_ml` family.

pub mod compute_local_auth;
pub mod compute_no_idle_shutdown;
pub mod compute_no_managed_identity;
pub mod compute_public_ip;
pub mod compute_ssh_enabled;
pub mod no_customer_managed_key;
pub mod no_managed_network_isolation;
pub mod not_high_business_impact;
pub mod online_endpoint_key_auth;
pub mod online_endpoint_public;
pub mod public_network_access;
pub mod workspace_no_managed_identity;

use crate::model::Resource;

/// An Azure Machine Learning compute, as the compute rules tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Compute {
    /// Declared in ARM or Bicep (`Microsoft.MachineLearningServices/workspaces/computes`);
    /// otherwise in Terraform.
    pub arm: bool,
    /// A compute instance (one user's VM); otherwise a cluster (or another ARM compute type).
    pub instance: bool,
}

/// The compute `r` declares, or `None` when `r` is not an Azure ML compute.
pub(super) fn compute(r: &Resource) -> Option<Compute> {
    if r.is_azure("Microsoft.MachineLearningServices/workspaces/computes") {
        let instance = r
            .str_at("properties.computeType")
            .is_some_and(|t| t.eq_ignore_ascii_case("ComputeInstance"));
        Some(Compute {
            arm: true,
            instance,
        })
    } else if r.is_tf("azurerm_machine_learning_compute_instance") {
        Some(Compute {
            arm: false,
            instance: true,
        })
    } else if r.is_tf("azurerm_machine_learning_compute_cluster") {
        Some(Compute {
            arm: false,
            instance: false,
        })
    } else {
        None
    }
}

/// How an ARM/Bicep compute property names the setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sense {
    /// `true` turns the setting on (`enableNodePublicIp`).
    Enables,
    /// `true` turns the setting off (`disableLocalAuth`).
    Disables,
}

/// Whether a compute setting that is on by default is on: `arm` is the ARM/Bicep property and
/// how it reads, `tf` the Terraform attribute (which always reads "enabled"). `None` when `r` is
/// not a compute or the value is not static.
pub(super) fn setting_on(r: &Resource, arm: (&str, Sense), tf: &str) -> Option<bool> {
    let c = compute(r)?;
    let (path, sense) = if c.arm { arm } else { (tf, Sense::Enables) };
    if r.unknown(path) {
        return None;
    }
    Some(match r.bool_at(path) {
        Some(v) => (sense == Sense::Enables) == v,
        None => true,
    })
}
