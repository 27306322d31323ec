//! Rules of the `azure_ai` family.

pub mod broad_ip_rule;
pub mod local_auth_enabled;
pub mod network_acl_default_allow;
pub mod no_custom_subdomain;
pub mod no_customer_managed_key;
pub mod no_diagnostic_logs;
pub mod no_managed_identity;
pub mod no_private_endpoint;
pub mod outbound_unrestricted;
pub mod public_network_access;
