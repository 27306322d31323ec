//! MOAT-AZ002: Azure AI services / OpenAI account is reachable from the public internet

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `publicNetworkAccess` is `Disabled` (Terraform: `public_network_access_enabled =
/// false`) on Azure AI services and Azure OpenAI accounts.
///
/// ## Why is this bad?
/// With public network access on, the inference and management data planes answer from any internet
/// address; a leaked key or token works from anywhere, and the account cannot be confined to the
/// virtual networks that host the application.
///
/// ## Example
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: { publicNetworkAccess: 'Enabled' }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: { publicNetworkAccess: 'Disabled' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "properties": {
///     "publicNetworkAccess": "Disabled"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   public_network_access_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure AI Services resources should restrict network access"
/// - Azure Policy built-in: "Cognitive Services accounts should disable public network access"
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-AZ002",
        name: "CognitivePublicNetworkAccess",
        family: AzureAi,
        severity: High,
        title: "Azure AI services / OpenAI account is reachable from the public internet",
        check: check,
    };
}

/// MOAT-AZ002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) {
        return None;
    }
    match public_access_open(r, "public_network_access_enabled", true) {
        Some(true) => hit("public network access is enabled"),
        _ => None,
    }
}
