//! MOAT-AZ004: Azure AI services / OpenAI account has no private endpoint in this configuration

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that some `Microsoft.Network/privateEndpoints` (Terraform: `azurerm_private_endpoint`) in
/// the scanned configuration connects to the account.
///
/// ## Why is this bad?
/// Without a private endpoint, callers inside a virtual network reach the account over its public
/// endpoint, so public network access cannot be turned off without breaking them. Private Link
/// keeps inference traffic on the Microsoft backbone and lets the public endpoint be closed.
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
/// resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
///   name: 'oai-pe'
///   properties: {
///     subnet: { id: subnetId }
///     privateLinkServiceConnections: [ {
///       name: 'oai'
///       properties: { privateLinkServiceId: oai.id, groupIds: [ 'account' ] }
///     } ]
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Network/privateEndpoints",
///   "apiVersion": "2023-11-01",
///   "name": "oai-pe",
///   "properties": {
///     "subnet": {
///       "id": "[parameters('subnetId')]"
///     },
///     "privateLinkServiceConnections": [
///       {
///         "name": "oai",
///         "properties": {
///           "privateLinkServiceId": "[resourceId('Microsoft.CognitiveServices/accounts', 'oai')]",
///           "groupIds": [
///             "account"
///           ]
///         }
///       }
///     ]
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_private_endpoint" "pe" {
///   private_service_connection {
///     private_connection_resource_id = azurerm_cognitive_account.oai.id
///     subresource_names              = ["account"]
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure AI Services resources should use Azure Private Link"
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-AZ004",
        name: "CognitiveWithoutPrivateEndpoint",
        family: AzureAi,
        severity: Medium,
        title: "Azure AI services / OpenAI account has no private endpoint in this configuration",
        check: check,
    };
}

/// MOAT-AZ004
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) || r.bool_at("existing") == Some(true) {
        return None;
    }
    if has_private_endpoint(r, all) {
        return None;
    }
    hit("no private endpoint targets this account")
}
