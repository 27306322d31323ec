//! MOAT-AZ007: Azure AI services / OpenAI account may call any outbound host

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that `properties.restrictOutboundNetworkAccess` is `true` with an `allowedFqdnList`
/// (Terraform: `outbound_network_access_restricted = true` and `fqdns`).
///
/// ## Why is this bad?
/// Features such as "on your data", web search grounding and tool calling make the service fetch
/// URLs. If outbound access is unrestricted, a prompt-injected request can make the account send
/// data to an attacker-controlled host (data exfiltration through the model service).
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
///   properties: {
///     restrictOutboundNetworkAccess: true
///     allowedFqdnList: [ 'mysearch.search.windows.net' ]
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "properties": {
///     "restrictOutboundNetworkAccess": true,
///     "allowedFqdnList": [
///       "mysearch.search.windows.net"
///     ]
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   outbound_network_access_restricted = true
///   fqdns                              = ["mysearch.search.windows.net"]
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MCSB v2 AI-4: Apply least privilege for agent functions
/// - OWASP Top 10 for LLM Applications 2025: LLM02 Sensitive Information Disclosure
/// - MITRE ATLAS AML.T0024: Exfiltration via AI Inference API
    pub const RULE = {
        code: "MOAT-AZ007",
        name: "CognitiveOutboundUnrestricted",
        family: AzureAi,
        severity: Medium,
        title: "Azure AI services / OpenAI account may call any outbound host",
        check: check,
    };
}

/// MOAT-AZ007
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "outbound_network_access_restricted"
    } else {
        "properties.restrictOutboundNetworkAccess"
    };
    if r.unknown(path) {
        return None;
    }
    if r.bool_at(path).unwrap_or(false) {
        None
    } else {
        hit("outbound network access is not restricted")
    }
}
