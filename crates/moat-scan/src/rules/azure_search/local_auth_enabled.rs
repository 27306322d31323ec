//! MOAT-AS001: Azure AI Search service accepts API keys

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.disableLocalAuth` is `true` on `Microsoft.Search/searchServices`
/// (Terraform: `local_authentication_enabled = false`).
///
/// ## Why is this bad?
/// Search indexes are the retrieval store behind RAG applications and often contain the
/// organisation's most sensitive documents. An admin key can read, change or delete every index; a
/// leaked query key exposes the grounding data to anyone. Entra ID role assignments scope access
/// and attribute every call.
///
/// ## Example
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   sku: { name: 'standard' }
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   sku: { name: 'standard' }
///   properties: { disableLocalAuth: true }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Search/searchServices",
///   "apiVersion": "2024-06-01-preview",
///   "name": "srch",
///   "sku": {
///     "name": "standard"
///   },
///   "properties": {
///     "disableLocalAuth": true
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_search_service" "srch" {
///   local_authentication_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - Azure Policy built-in: "Azure AI Search services should have local authentication methods disabled"
/// - OWASP Top 10 for LLM Applications 2025: LLM02 Sensitive Information Disclosure
/// - MITRE ATLAS AML.T0055: Unsecured Credentials
    pub const RULE = {
        code: "MOAT-AS001",
        name: "SearchLocalAuthEnabled",
        family: AzureSearch,
        severity: High,
        title: "Azure AI Search service accepts API keys",
        check: check,
    };
}

/// MOAT-AS001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_search(r) {
        return None;
    }
    if r.iac == IacKind::Terraform {
        if r.unknown("local_authentication_enabled") {
            return None;
        }
        return if r.bool_at("local_authentication_enabled").unwrap_or(true) {
            hit("API keys are accepted")
        } else {
            None
        };
    }
    if r.unknown("properties.disableLocalAuth") {
        return None;
    }
    if r.bool_at("properties.disableLocalAuth").unwrap_or(false) {
        None
    } else {
        hit("API keys are accepted")
    }
}
