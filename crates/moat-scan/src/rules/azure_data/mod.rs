//! Rules of the `azure_data` family.

pub mod keyvault_access_policies;
pub mod keyvault_no_purge_protection;
pub mod keyvault_public_network;
pub mod storage_public_blob;
pub mod storage_public_network;
pub mod storage_shared_key;

use crate::rules::prelude::*;

/// A Key Vault that an AI resource in the same configuration refers to.
pub(super) fn ai_key_vault(r: &Resource, all: &[Resource]) -> bool {
    (r.is_azure("Microsoft.KeyVault/vaults") || r.is_tf("azurerm_key_vault"))
        && linked_to_ai(r, all)
}

/// A storage account that an AI resource in the same configuration refers to.
pub(super) fn ai_storage(r: &Resource, all: &[Resource]) -> bool {
    (r.is_azure("Microsoft.Storage/storageAccounts") || r.is_tf("azurerm_storage_account"))
        && linked_to_ai(r, all)
}

/// ARM / Bicep: open to all networks unless `publicNetworkAccess` is `Disabled` or
/// `networkAcls.defaultAction` is `Deny`; silent on values that are not static.
pub(super) fn arm_open_to_all_networks(r: &Resource) -> Option<Hit> {
    if public_access_open(r, "", true) != Some(true) {
        return None;
    }
    match r.str_at("properties.networkAcls.defaultAction") {
        Some(a) if a.eq_ignore_ascii_case("deny") => None,
        _ if r.unknown("properties.networkAcls.defaultAction") => None,
        _ => hit("open to all networks"),
    }
}
