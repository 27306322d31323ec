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
