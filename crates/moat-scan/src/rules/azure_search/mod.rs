//! Rules of the `azure_search` family.

pub mod local_auth_enabled;
pub mod no_customer_managed_key;
pub mod no_managed_identity;
pub mod public_network_access;
