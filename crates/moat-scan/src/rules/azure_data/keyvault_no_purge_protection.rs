//! MOAT-AD004: Key Vault used by AI resources has no purge protection

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.enablePurgeProtection: true` (Terraform: `purge_protection_enabled = true`)
/// on key vaults referenced by AI resources. Only storage accounts and key vaults that an AI
/// resource in the same configuration refers to (an Azure ML / AI Foundry workspace, an Azure AI
/// services account, or an AI Search service) are checked, so general-purpose resources elsewhere
/// in the tree are left to general IaC scanners.
///
/// ## Why is this bad?
/// The vault holds the customer-managed keys and connection secrets of AI workspaces and accounts.
/// Without purge protection, a compromised administrator can permanently delete the keys, making
/// encrypted models and data unrecoverable.
///
/// ## Example
/// ```bicep
/// resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
///   name: 'mlkv'
///   properties: { enableSoftDelete: true }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
///   name: 'mlkv'
///   properties: { enableSoftDelete: true, enablePurgeProtection: true }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.KeyVault/vaults",
///   "apiVersion": "2023-07-01",
///   "name": "mlkv",
///   "properties": {
///     "enableSoftDelete": true,
///     "enablePurgeProtection": true
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_key_vault" "kv" {
///   purge_protection_enabled = true
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-6: Use a secure key management process
/// - Azure Policy built-in: "Key vaults should have deletion protection enabled"
    pub const RULE = {
        code: "MOAT-AD004",
        name: "AiKeyVaultWithoutPurgeProtection",
        family: AzureData,
        severity: Medium,
        title: "Key Vault used by AI resources has no purge protection",
        check: check,
    };
}

/// MOAT-AD004
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    if !super::ai_key_vault(r, all) {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "purge_protection_enabled"
    } else {
        "properties.enablePurgeProtection"
    };
    if r.unknown(path) {
        return None;
    }
    if r.bool_at(path).unwrap_or(false) {
        None
    } else {
        hit("purge protection is off")
    }
}
