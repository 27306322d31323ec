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
