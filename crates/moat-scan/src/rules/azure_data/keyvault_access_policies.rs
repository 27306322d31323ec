//! MOAT-AD006: Key Vault used by AI resources uses access policies instead of Azure RBAC

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.enableRbacAuthorization: true` (Terraform: `rbac_authorization_enabled` or
/// `enable_rbac_authorization = true`) on key vaults referenced by AI resources. Only storage
/// accounts and key vaults that an AI resource in the same configuration refers to (an Azure ML /
/// AI Foundry workspace, an Azure AI services account, or an AI Search service) are checked, so
/// general-purpose resources elsewhere in the tree are left to general IaC scanners.
///
/// ## Why is this bad?
/// Vault access policies are all-or-nothing per secret type and live outside Azure RBAC, so they
/// escape Privileged Identity Management and role reviews; Azure RBAC scopes who can read AI keys
/// and logs each grant.
///
/// ## Example
/// ```bicep
/// resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
///   name: 'mlkv'
///   properties: { accessPolicies: [] }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
///   name: 'mlkv'
///   properties: { enableRbacAuthorization: true }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.KeyVault/vaults",
///   "apiVersion": "2023-07-01",
///   "name": "mlkv",
///   "properties": {
///     "enableRbacAuthorization": true
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_key_vault" "kv" {
///   rbac_authorization_enabled = true
/// }
/// ```
///
/// ## References
/// - MCSB v2 PA-7: Follow just enough administration (least privilege) principle
/// - Azure Policy built-in: "Azure Key Vault should use RBAC permission model"
    pub const RULE = {
        code: "MOAT-AD006",
        name: "AiKeyVaultAccessPolicies",
        family: AzureData,
        severity: Low,
        title: "Key Vault used by AI resources uses access policies instead of Azure RBAC",
        check: check,
    };
}

/// MOAT-AD006
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    if !super::ai_key_vault(r, all) {
        return None;
    }
    if r.iac == IacKind::Terraform {
        let on = r
            .bool_at("rbac_authorization_enabled")
            .or(r.bool_at("enable_rbac_authorization"));
        return if on.unwrap_or(false) || r.unknown("rbac_authorization_enabled") {
            None
        } else {
            hit("access policies, not Azure RBAC")
        };
    }
    if r.unknown("properties.enableRbacAuthorization") {
        return None;
    }
    if r.bool_at("properties.enableRbacAuthorization")
        .unwrap_or(false)
    {
        None
    } else {
        hit("access policies, not Azure RBAC")
    }
}
