//! MOAT-AD005: Key Vault used by AI resources is open to all networks

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that key vaults referenced by AI resources disable public network access or default-deny
/// their firewall (`networkAcls.defaultAction: Deny`; Terraform: `public_network_access_enabled =
/// false` or `network_acls { default_action = "Deny" }`). Only storage accounts and key vaults that
/// an AI resource in the same configuration refers to (an Azure ML / AI Foundry workspace, an Azure
/// AI services account, or an AI Search service) are checked, so general-purpose resources
/// elsewhere in the tree are left to general IaC scanners.
///
/// ## Why is this bad?
/// The vault holds AI service keys, connection secrets and encryption keys; reachable from any
/// network, a single stolen token is enough to read them.
///
/// ## Example
/// ```bicep
/// resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
///   name: 'mlkv'
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
///   name: 'mlkv'
///   properties: { publicNetworkAccess: 'Disabled' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.KeyVault/vaults",
///   "apiVersion": "2023-07-01",
///   "name": "mlkv",
///   "properties": {
///     "publicNetworkAccess": "Disabled"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_key_vault" "kv" {
///   public_network_access_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure Key Vault should disable public network access"
    pub const RULE = {
        code: "MOAT-AD005",
        name: "AiKeyVaultPublicNetwork",
        family: AzureData,
        severity: Medium,
        title: "Key Vault used by AI resources is open to all networks",
        check: check,
    };
}

/// MOAT-AD005
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    if !super::ai_key_vault(r, all) {
        return None;
    }
    if r.iac == IacKind::Terraform {
        if r.bool_at("public_network_access_enabled") == Some(false)
            || r.unknown("public_network_access_enabled")
        {
            return None;
        }
        return match r.str_at("network_acls.default_action") {
            Some(a) if a.eq_ignore_ascii_case("deny") => None,
            _ => hit("open to all networks"),
        };
    }
    super::arm_open_to_all_networks(r)
}
