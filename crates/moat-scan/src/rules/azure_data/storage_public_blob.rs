//! MOAT-AD001: Storage account holding AI artifacts allows anonymous blob access

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.allowBlobPublicAccess` (Terraform: `allow_nested_items_to_be_public`) on
/// storage accounts used by AI workspaces and services. Only storage accounts and key vaults that
/// an AI resource in the same configuration refers to (an Azure ML / AI Foundry workspace, an Azure
/// AI services account, or an AI Search service) are checked, so general-purpose resources
/// elsewhere in the tree are left to general IaC scanners.
///
/// ## Why is this bad?
/// AI storage holds training data, fine-tuning sets, model weights and RAG source documents.
/// Anonymous access lets anyone read them, and a writable container lets attackers poison training
/// or grounding data.
///
/// ## Example
/// ```bicep
/// resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
///   name: 'mlstore'
///   properties: { allowBlobPublicAccess: true }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
///   name: 'mlstore'
///   properties: { allowBlobPublicAccess: false }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Storage/storageAccounts",
///   "apiVersion": "2023-05-01",
///   "name": "mlstore",
///   "properties": {
///     "allowBlobPublicAccess": false
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_storage_account" "st" {
///   allow_nested_items_to_be_public = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-2: Monitor anomalies and threats targeting sensitive data
/// - Azure Policy built-in: "Storage account public access should be disallowed"
/// - MITRE ATLAS AML.T0020: Poison Training Data
    pub const RULE = {
        code: "MOAT-AD001",
        name: "AiStorageAllowsPublicBlobAccess",
        family: AzureData,
        severity: High,
        title: "Storage account holding AI artifacts allows anonymous blob access",
        check: check,
    };
}

/// MOAT-AD001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    if !super::ai_storage(r, all) {
        return None;
    }
    let (path, default_on) = if r.iac == IacKind::Terraform {
        ("allow_nested_items_to_be_public", true)
    } else {
        ("properties.allowBlobPublicAccess", false)
    };
    if r.unknown(path) {
        return None;
    }
    if r.bool_at(path).unwrap_or(default_on) {
        hit("anonymous blob access is allowed")
    } else {
        None
    }
}
