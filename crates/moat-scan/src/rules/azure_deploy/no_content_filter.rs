//! MOAT-AZ101: Model deployment has no explicit content filter (RAI policy), or has filtering switched off

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that each Azure OpenAI / AI services model deployment names a content-filter policy
/// (`properties.raiPolicyName`; Terraform: `rai_policy_name`) and that it is not `Microsoft.Nil`
/// (no filtering).
///
/// ## Why is this bad?
/// Content filters are the platform layer of defence against harmful output and jailbreak or
/// prompt-injection attempts. A deployment that names no policy silently inherits whatever the
/// account default becomes; `Microsoft.Nil` turns filtering off entirely.
///
/// ## Example
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   parent: oai
///   name: 'gpt-4o'
///   properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' } }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   parent: oai
///   name: 'gpt-4o'
///   properties: {
///     model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' }
///     raiPolicyName: strictPolicy.name
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts/deployments",
///   "apiVersion": "2024-10-01",
///   "name": "oai/gpt-4o",
///   "properties": {
///     "model": {
///       "format": "OpenAI",
///       "name": "gpt-4o",
///       "version": "2024-08-06"
///     },
///     "raiPolicyName": "strict"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_deployment" "gpt" {
///   rai_policy_name = azurerm_cognitive_account_rai_policy.strict.name
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-2: Implement multi-layered content filtering
/// - OWASP Top 10 for LLM Applications 2025: LLM01 Prompt Injection
/// - OWASP Top 10 for LLM Applications 2025: LLM05 Improper Output Handling
/// - MITRE ATLAS AML.T0054: LLM Jailbreak
    pub const RULE = {
        code: "MOAT-AZ101",
        name: "DeploymentWithoutContentFilter",
        family: AzureDeploy,
        severity: High,
        title: "Model deployment has no explicit content filter (RAI policy), or has filtering switched off",
        check: check,
    };
}

/// MOAT-AZ101
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !(r.is_azure("Microsoft.CognitiveServices/accounts/deployments")
        || r.is_tf("azurerm_cognitive_deployment"))
    {
        return None;
    }
    let path = if r.iac == IacKind::Terraform {
        "rai_policy_name"
    } else {
        "properties.raiPolicyName"
    };
    if r.unknown(path) {
        return None;
    }
    match r.str_at(path) {
        None | Some("") => {
            hit("no content filter (RAI policy) named: the account default applies implicitly")
        }
        Some(p) if p.eq_ignore_ascii_case("Microsoft.Nil") => {
            hit("content filter `Microsoft.Nil` disables filtering")
        }
        Some(_) => None,
    }
}
