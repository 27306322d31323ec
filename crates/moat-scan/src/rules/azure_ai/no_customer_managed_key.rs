//! MOAT-AZ005: Azure AI services / OpenAI account encrypts data with a Microsoft-managed key

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.encryption.keySource` is `Microsoft.KeyVault` (Terraform: a
/// `customer_managed_key` block or an `azurerm_cognitive_account_customer_managed_key` resource).
///
/// ## Why is this bad?
/// Accounts store fine-tuning data, uploaded files, batch inputs and assistants state. With a
/// customer-managed key you control rotation and can revoke access to that data; regulated
/// workloads often require it.
///
/// ## Example
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   identity: { type: 'SystemAssigned' }
///   properties: {
///     encryption: {
///       keySource: 'Microsoft.KeyVault'
///       keyVaultProperties: { keyName: 'k', keyVaultUri: 'https://kv.vault.azure.net/' }
///     }
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "identity": {
///     "type": "SystemAssigned"
///   },
///   "properties": {
///     "encryption": {
///       "keySource": "Microsoft.KeyVault",
///       "keyVaultProperties": {
///         "keyName": "k",
///         "keyVaultUri": "https://kv.vault.azure.net/"
///       }
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   customer_managed_key {
///     key_vault_key_id = azurerm_key_vault_key.k.id
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
/// - Azure Policy built-in: "Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)"
    pub const RULE = {
        code: "MOAT-AZ005",
        name: "CognitiveWithoutCustomerManagedKey",
        family: AzureAi,
        severity: Low,
        title: "Azure AI services / OpenAI account encrypts data with a Microsoft-managed key",
        check: check,
    };
}

/// MOAT-AZ005
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) {
        return None;
    }
    if r.iac == IacKind::Terraform {
        if r.has("customer_managed_key") {
            return None;
        }
        let linked = all.iter().any(|k| {
            k.is_tf("azurerm_cognitive_account_customer_managed_key")
                && k.get("cognitive_account_id").is_some_and(|v| {
                    v.to_string()
                        .contains(&format!("azurerm_cognitive_account.{}.", r.name))
                })
        });
        return if linked {
            None
        } else {
            hit("no customer-managed key")
        };
    }
    if r.unknown("properties.encryption.keySource") {
        return None;
    }
    match r.str_at("properties.encryption.keySource") {
        Some(k) if k.eq_ignore_ascii_case("Microsoft.KeyVault") => None,
        _ => hit("encryption.keySource is not Microsoft.KeyVault"),
    }
}
