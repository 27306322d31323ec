//! MOAT-AZ102: Content-filter (RAI) policy disables, stops blocking, or loosens a harm or jailbreak filter

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `Microsoft.CognitiveServices/accounts/raiPolicies` (Terraform:
/// `azurerm_cognitive_account_rai_policy`) for content filters that are disabled, do not block, or
/// block only at `High` severity, and for a disabled `Jailbreak` (Prompt Shields) filter.
///
/// ## Why is this bad?
/// A custom policy that turns a filter off, or only blocks the most severe content, lets harmful
/// output and jailbreak attempts through while the deployment still appears to be "filtered" in
/// review.
///
/// ## Example
/// ```bicep
/// resource strict 'Microsoft.CognitiveServices/accounts/raiPolicies@2024-10-01' = {
///   parent: oai
///   name: 'loose'
///   properties: {
///     basePolicyName: 'Microsoft.DefaultV2'
///     contentFilters: [ { name: 'Hate', enabled: true, blocking: false, severityThreshold: 'High', source: 'Prompt' } ]
///   }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource strict 'Microsoft.CognitiveServices/accounts/raiPolicies@2024-10-01' = {
///   parent: oai
///   name: 'strict'
///   properties: {
///     basePolicyName: 'Microsoft.DefaultV2'
///     contentFilters: [
///       { name: 'Hate', enabled: true, blocking: true, severityThreshold: 'Medium', source: 'Prompt' }
///       { name: 'Jailbreak', enabled: true, blocking: true, source: 'Prompt' }
///     ]
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts/raiPolicies",
///   "apiVersion": "2024-10-01",
///   "name": "oai/strict",
///   "properties": {
///     "basePolicyName": "Microsoft.DefaultV2",
///     "contentFilters": [
///       {
///         "name": "Hate",
///         "enabled": true,
///         "blocking": true,
///         "severityThreshold": "Medium",
///         "source": "Prompt"
///       },
///       {
///         "name": "Jailbreak",
///         "enabled": true,
///         "blocking": true,
///         "source": "Prompt"
///       }
///     ]
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_account_rai_policy" "strict" {
///   content_filter {
///     name               = "Hate"
///     filter_enabled     = true
///     block_enabled      = true
///     severity_threshold = "Medium"
///     source             = "Prompt"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-2: Implement multi-layered content filtering
/// - OWASP Top 10 for LLM Applications 2025: LLM01 Prompt Injection
/// - MITRE ATLAS AML.T0054: LLM Jailbreak
/// - Microsoft Learn: Configure content filters for Azure OpenAI
    pub const RULE = {
        code: "MOAT-AZ102",
        name: "WeakenedContentFilter",
        family: AzureDeploy,
        severity: High,
        title: "Content-filter (RAI) policy disables, stops blocking, or loosens a harm or jailbreak filter",
        check: check,
    };
}

/// MOAT-AZ102
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let (filters, name_k, en_k, block_k, sev_k) =
        if r.is_azure("Microsoft.CognitiveServices/accounts/raiPolicies") {
            (
                r.get("properties.contentFilters"),
                "name",
                "enabled",
                "blocking",
                "severityThreshold",
            )
        } else if r.is_tf("azurerm_cognitive_account_rai_policy") {
            (
                r.get("content_filter"),
                "name",
                "filter_enabled",
                "block_enabled",
                "severity_threshold",
            )
        } else {
            return None;
        };
    let Some(Value::Array(filters)) = filters else {
        return None;
    };
    for f in filters {
        let name = f.get(name_k).and_then(Value::as_str).unwrap_or("?");
        let b = |k: &str| f.get(k).and_then(crate::model::as_bool);
        if b(en_k) == Some(false) {
            return hit(format!("filter `{name}` is disabled"));
        }
        if b(block_k) == Some(false) {
            return hit(format!("filter `{name}` annotates but does not block"));
        }
        if let Some(s) = f.get(sev_k).and_then(Value::as_str)
            && s.eq_ignore_ascii_case("High")
        {
            return hit(format!("filter `{name}` blocks only high-severity content"));
        }
    }
    None
}
