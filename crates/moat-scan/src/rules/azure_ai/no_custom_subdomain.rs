//! MOAT-AZ008: Azure AI services / OpenAI account has no custom subdomain

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.customSubDomainName` is set (Terraform: `custom_subdomain_name`).
///
/// ## Why is this bad?
/// Microsoft Entra ID authentication and private endpoints both need the account to have a custom
/// subdomain; without one the account is stuck on the shared regional endpoint and key
/// authentication, so key-less and private designs are impossible.
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
///   properties: { customSubDomainName: 'contoso-oai' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "properties": {
///     "customSubDomainName": "contoso-oai"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   custom_subdomain_name = "contoso-oai"
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - Microsoft Learn: Custom subdomain names for Azure AI services
    pub const RULE = {
        code: "MOAT-AZ008",
        name: "CognitiveWithoutCustomSubdomain",
        family: AzureAi,
        severity: Medium,
        title: "Azure AI services / OpenAI account has no custom subdomain",
        check: check,
    };
}

/// MOAT-AZ008
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) || r.bool_at("existing") == Some(true) {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "custom_subdomain_name"
    } else {
        "properties.customSubDomainName"
    };
    if r.has(path) {
        None
    } else {
        hit("no custom subdomain: Entra ID auth and private endpoints are unavailable")
    }
}
