//! MOAT-AD002: Storage account holding AI artifacts accepts shared account keys

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.allowSharedKeyAccess: false` (Terraform: `shared_access_key_enabled = false`)
/// on storage used by AI resources. Only storage accounts and key vaults that an AI resource in the
/// same configuration refers to (an Azure ML / AI Foundry workspace, an Azure AI services account,
/// or an AI Search service) are checked, so general-purpose resources elsewhere in the tree are
/// left to general IaC scanners.
///
/// ## Why is this bad?
/// Account keys grant full control of every container, never expire on their own, and are routinely
/// copied into notebooks and pipelines. Entra ID with role assignments limits who can read training
/// data and models.
///
/// ## Example
/// ```bicep
/// resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
///   name: 'mlstore'
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
///   name: 'mlstore'
///   properties: { allowSharedKeyAccess: false }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Storage/storageAccounts",
///   "apiVersion": "2023-05-01",
///   "name": "mlstore",
///   "properties": {
///     "allowSharedKeyAccess": false
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_storage_account" "st" {
///   shared_access_key_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - Azure Policy built-in: "Storage accounts should prevent shared key access"
/// - MITRE ATLAS AML.T0055: Unsecured Credentials
    pub const RULE = {
        code: "MOAT-AD002",
        name: "AiStorageAllowsSharedKey",
        family: AzureData,
        severity: Medium,
        title: "Storage account holding AI artifacts accepts shared account keys",
        check: check,
    };
}

/// MOAT-AD002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    if !super::ai_storage(r, all) {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "shared_access_key_enabled"
    } else {
        "properties.allowSharedKeyAccess"
    };
    if r.unknown(path) {
        return None;
    }
    if r.bool_at(path).unwrap_or(true) {
        hit("shared key access is allowed")
    } else {
        None
    }
}
