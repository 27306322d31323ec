//! MOAT-AD003: Storage account holding AI artifacts is open to all networks

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that storage used by AI resources disables public network access or sets
/// `networkAcls.defaultAction: Deny` (Terraform: `public_network_access_enabled = false` or
/// `network_rules { default_action = "Deny" }`). Only storage accounts and key vaults that an AI
/// resource in the same configuration refers to (an Azure ML / AI Foundry workspace, an Azure AI
/// services account, or an AI Search service) are checked, so general-purpose resources elsewhere
/// in the tree are left to general IaC scanners.
///
/// ## Why is this bad?
/// Training data, models and RAG sources reachable from any network are one leaked SAS token or key
/// away from theft or poisoning.
///
/// ## Example
/// ```bicep
/// resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
///   name: 'mlstore'
///   properties: { networkAcls: { defaultAction: 'Allow' } }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
///   name: 'mlstore'
///   properties: { publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny' } }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Storage/storageAccounts",
///   "apiVersion": "2023-05-01",
///   "name": "mlstore",
///   "properties": {
///     "publicNetworkAccess": "Disabled",
///     "networkAcls": {
///       "defaultAction": "Deny"
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_storage_account" "st" {
///   public_network_access_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Storage accounts should restrict network access"
    pub const RULE = {
        code: "MOAT-AD003",
        name: "AiStoragePublicNetwork",
        family: AzureData,
        severity: Medium,
        title: "Storage account holding AI artifacts is open to all networks",
        check: check,
    };
}

/// MOAT-AD003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    if !super::ai_storage(r, all) {
        return None;
    }
    if r.iac == IacKind::Terraform {
        if r.bool_at("public_network_access_enabled") == Some(false) {
            return None;
        }
        return match r.str_at("network_rules.default_action") {
            Some(a) if a.eq_ignore_ascii_case("deny") => None,
            _ if r.unknown("public_network_access_enabled") => None,
            _ => hit("open to all networks"),
        };
    }
    super::arm_open_to_all_networks(r)
}
