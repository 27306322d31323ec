//! MOAT-AS003: Azure AI Search service does not enforce customer-managed keys

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.encryptionWithCmk.enforcement` is `Enabled` (Terraform:
/// `customer_managed_key_enforcement_enabled = true`).
///
/// ## Why is this bad?
/// Without enforcement, indexes and synonym maps can be created with Microsoft-managed keys only,
/// so sensitive grounding data is not under your key-revocation control.
///
/// ## Example
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource search 'Microsoft.Search/searchServices@2024-06-01-preview' = {
///   name: 'srch'
///   properties: { encryptionWithCmk: { enforcement: 'Enabled' } }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Search/searchServices",
///   "apiVersion": "2024-06-01-preview",
///   "name": "srch",
///   "properties": {
///     "encryptionWithCmk": {
///       "enforcement": "Enabled"
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_search_service" "srch" {
///   customer_managed_key_enforcement_enabled = true
/// }
/// ```
///
/// ## References
/// - MCSB v2 DP-5: Use a customer-managed key option in data at rest encryption when required
/// - Azure Policy built-in: "Azure AI Search services should use customer-managed keys to encrypt data at rest"
    pub const RULE = {
        code: "MOAT-AS003",
        name: "SearchWithoutCustomerManagedKeyEnforcement",
        family: AzureSearch,
        severity: Low,
        title: "Azure AI Search service does not enforce customer-managed keys",
        check: check,
    };
}

/// MOAT-AS003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_search(r) {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "customer_managed_key_enforcement_enabled"
    } else {
        "properties.encryptionWithCmk.enforcement"
    };
    if r.unknown(path) {
        return None;
    }
    let on = r.bool_at(path).unwrap_or(false)
        || r.str_at(path)
            .is_some_and(|s| s.eq_ignore_ascii_case("enabled"));
    if on {
        None
    } else {
        hit("customer-managed key encryption is not enforced")
    }
}
