//! MOAT-AZ003: Azure AI services / OpenAI account network rules default to Allow

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that an account with public network access enabled has `networkAcls.defaultAction: Deny`
/// (Terraform: a `network_acls` block with `default_action = "Deny"`), so only listed networks and
/// IPs get in.
///
/// ## Why is this bad?
/// Some applications need the public endpoint; a default-deny firewall still limits it to known
/// egress addresses and subnets. Without it, any internet host can reach the account and try stolen
/// credentials.
///
/// ## Example
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: { networkAcls: { defaultAction: 'Allow' } }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: {
///     networkAcls: { defaultAction: 'Deny', ipRules: [ { value: '203.0.113.10' } ] }
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "properties": {
///     "networkAcls": {
///       "defaultAction": "Deny",
///       "ipRules": [
///         {
///           "value": "203.0.113.10"
///         }
///       ]
///     }
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   network_acls {
///     default_action = "Deny"
///     ip_rules       = ["203.0.113.10"]
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - Azure Policy built-in: "Azure AI Services resources should restrict network access"
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-AZ003",
        name: "CognitiveNetworkAclDefaultAllow",
        family: AzureAi,
        severity: Medium,
        title: "Azure AI services / OpenAI account network rules default to Allow",
        check: check,
    };
}

/// MOAT-AZ003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) {
        return None;
    }
    // Public access off makes the firewall moot.
    if public_access_open(r, "public_network_access_enabled", true) != Some(true) {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "network_acls.default_action"
    } else {
        "properties.networkAcls.defaultAction"
    };
    if r.unknown(path) {
        return None;
    }
    match r.str_at(path) {
        Some(a) if a.eq_ignore_ascii_case("deny") => None,
        Some(_) => hit("network ACL default action is Allow"),
        None => hit("no network ACL: every network is allowed"),
    }
}
