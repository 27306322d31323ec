//! MOAT-AS004: Azure AI Search service has no managed identity

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that the search service declares a managed identity (`identity.type`; Terraform: an
/// `identity` block).
///
/// ## Why is this bad?
/// Indexers and integrated vectorisation call storage and Azure OpenAI; without a managed identity
/// those data sources and skills need connection strings and API keys stored in the search service.
///
/// ## Example
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   identity: { type: 'SystemAssigned' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Search/searchServices",
///   "apiVersion": "2024-06-01-preview",
///   "name": "srch",
///   "identity": {
///     "type": "SystemAssigned"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_search_service" "srch" {
///   identity {
///     type = "SystemAssigned"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-3: Manage application identities securely and automatically
    pub const RULE = {
        code: "MOAT-AS004",
        name: "SearchWithoutManagedIdentity",
        family: AzureSearch,
        severity: Low,
        title: "Azure AI Search service has no managed identity",
        check: check,
    };
}

/// MOAT-AS004
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_search(r) || r.bool_at("existing") == Some(true) {
        return None;
    }
    match has_identity(r) {
        Some(false) => hit("no managed identity"),
        _ => None,
    }
}
