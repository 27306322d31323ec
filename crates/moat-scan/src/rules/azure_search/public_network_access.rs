//! MOAT-AS002: Azure AI Search service is reachable from the public internet

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.publicNetworkAccess` is `disabled` (Terraform:
/// `public_network_access_enabled = false`).
///
/// ## Why is this bad?
/// A public search endpoint exposes the RAG grounding data to the internet: anyone who obtains a
/// key can query, and injected documents can be pushed into indexes that models trust.
///
/// ## Example
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   properties: { publicNetworkAccess: 'enabled' }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   properties: { publicNetworkAccess: 'disabled' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Search/searchServices",
///   "apiVersion": "2024-06-01-preview",
///   "name": "srch",
///   "properties": {
///     "publicNetworkAccess": "disabled"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_search_service" "srch" {
///   public_network_access_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure AI Search services should disable public network access"
/// - OWASP Top 10 for LLM Applications 2025: LLM08 Vector and Embedding Weaknesses
    pub const RULE = {
        code: "MOAT-AS002",
        name: "SearchPublicNetworkAccess",
        family: AzureSearch,
        severity: High,
        title: "Azure AI Search service is reachable from the public internet",
        check: check,
    };
}

/// MOAT-AS002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_search(r) {
        return None;
    }
    match public_access_open(r, "public_network_access_enabled", true) {
        Some(true) => hit("public network access is enabled"),
        _ => None,
    }
}
