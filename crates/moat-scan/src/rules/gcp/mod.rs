//! Rules of the `gcp` family.

pub mod vertex_endpoint_public;
pub mod vertex_no_cmek;
pub mod vertex_workbench_public_ip;
