//! MOAT-AZ010: Azure AI services / OpenAI firewall allows a very broad IP range

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks the account firewall IP rules for ranges of /8 or wider (including `0.0.0.0/0`), which
/// defeat a default-deny network ACL.
///
/// ## Why is this bad?
/// A firewall entry such as `0.0.0.0/0` or `10.0.0.0/1` looks like a restriction in review but
/// admits most or all of the internet, leaving the account as exposed as one with no firewall.
///
/// ## Example
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: { networkAcls: { defaultAction: 'Deny', ipRules: [ { value: '0.0.0.0/0' } ] } }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   properties: { networkAcls: { defaultAction: 'Deny', ipRules: [ { value: '203.0.113.0/28' } ] } }
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
///           "value": "203.0.113.0/28"
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
///     ip_rules       = ["203.0.113.0/28"]
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
    pub const RULE = {
        code: "MOAT-AZ010",
        name: "CognitiveBroadIpRule",
        family: AzureAi,
        severity: High,
        title: "Azure AI services / OpenAI firewall allows a very broad IP range",
        check: check,
    };
}

/// MOAT-AZ010
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) {
        return None;
    }
    let rules: Vec<String> = if r.iac == IacKind::Terraform {
        r.get("network_acls.ip_rules")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        r.get("properties.networkAcls.ipRules")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| {
                        crate::model::get_path(v, "value")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for ip in rules {
        if let Some((_, bits)) = ip.split_once('/')
            && bits.trim().parse::<u8>().is_ok_and(|b| b <= 8)
        {
            return hit(format!("firewall rule `{ip}` admits a /8 or wider range"));
        }
    }
    None
}
