//! Rules of the `azure_deploy` family.

pub mod auto_upgrade_on_default;
pub mod global_deployment_type;
pub mod no_content_filter;
pub mod unapproved_model_version;
pub mod weakened_content_filter;
