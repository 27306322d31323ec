//! Rules of the `azure_data` family.

pub mod keyvault_access_policies;
pub mod keyvault_no_purge_protection;
pub mod keyvault_public_network;
pub mod storage_public_blob;
pub mod storage_public_network;
pub mod storage_shared_key;
