//! MOAT-AZ001: Azure AI services / OpenAI account accepts API keys

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that Azure AI services and Azure OpenAI accounts disable local (key) authentication:
/// `properties.disableLocalAuth: true` in ARM/Bicep, `local_auth_enabled = false` in Terraform.
///
/// ## Why is this bad?
/// API keys are long-lived shared secrets: anyone holding one can call every deployment on the
/// account, calls are not attributable to a person or workload, and leaked keys are the most common
/// way AI endpoints get abused (cost, data exfiltration, jailbreak traffic). Entra ID tokens are
/// short-lived, scoped by role, and logged per principal.
///
/// ## Example
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   kind: 'OpenAI'
///   properties: {}
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
///   name: 'oai'
///   kind: 'OpenAI'
///   properties: { disableLocalAuth: true }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts",
///   "apiVersion": "2024-10-01",
///   "name": "oai",
///   "kind": "OpenAI",
///   "properties": {
///     "disableLocalAuth": true
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account" "oai" {
///   local_auth_enabled = false
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - Azure Policy built-in: "Azure AI Services resources should have key access disabled (disable local authentication)"
/// - OWASP Top 10 for LLM Applications 2025: LLM10 Unbounded Consumption
/// - MITRE ATLAS AML.T0055: Unsecured Credentials
    pub const RULE = {
        code: "MOAT-AZ001",
        name: "CognitiveLocalAuthEnabled",
        family: AzureAi,
        severity: High,
        title: "Azure AI services / OpenAI account accepts API keys",
        check: check,
    };
}

/// MOAT-AZ001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) {
        return None;
    }
    match r.iac {
        IacKind::Terraform => {
            if r.unknown("local_auth_enabled") {
                return None;
            }
            if r.bool_at("local_auth_enabled").unwrap_or(true) {
                return hit("local_auth_enabled is not false: the account accepts API keys");
            }
        }
        _ => {
            if r.unknown("properties.disableLocalAuth") {
                return None;
            }
            if !r.bool_at("properties.disableLocalAuth").unwrap_or(false) {
                return hit(
                    "properties.disableLocalAuth is not true: the account accepts API keys",
                );
            }
        }
    }
    None
}
