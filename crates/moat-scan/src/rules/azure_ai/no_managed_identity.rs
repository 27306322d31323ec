//! MOAT-AZ006: Azure AI services / OpenAI account has no managed identity

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that the account declares a system- or user-assigned managed identity (`identity.type`
/// not `None`; Terraform: an `identity` block).
///
/// ## Why is this bad?
/// The account needs an identity to reach a customer-managed key, storage for batch and fine-tuning
/// data, or Azure AI Search "on your data" without stored keys. Without one, those integrations
/// fall back to connection strings and keys kept in configuration.
///
/// ## Example
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   identity: { type: 'SystemAssigned' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "identity": {
///     "type": "SystemAssigned"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   identity {
///     type = "SystemAssigned"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-3: Manage application identities securely and automatically
/// - Azure Policy built-in: "Cognitive Services accounts should use a managed identity"
    pub const RULE = {
        code: "MOAT-AZ006",
        name: "CognitiveWithoutManagedIdentity",
        family: AzureAi,
        severity: Low,
        title: "Azure AI services / OpenAI account has no managed identity",
        check: check,
    };
}

/// MOAT-AZ006
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) || r.bool_at("existing") == Some(true) {
        return None;
    }
    match has_identity(r) {
        Some(false) => hit("no managed identity"),
        _ => None,
    }
}
