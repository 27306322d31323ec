//! MOAT-AZ104: Model deployment upgrades automatically when a new default version ships

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.versionUpgradeOption` (Terraform: `version_upgrade_option`); absent or
/// `OnceNewDefaultVersionAvailable` means the model changes without review.
///
/// ## Why is this bad?
/// Automatic upgrades swap the model behind a deployment without a change record; refusal
/// behaviour, jailbreak resistance and output format can all shift. Prefer
/// `OnceCurrentVersionExpired` or `NoAutoUpgrade` and upgrade deliberately after evaluation.
///
/// ## Example
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   name: 'gpt-4o'
///   properties: { versionUpgradeOption: 'OnceNewDefaultVersionAvailable' }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
///   name: 'gpt-4o'
///   properties: { versionUpgradeOption: 'OnceCurrentVersionExpired' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.CognitiveServices/accounts/deployments",
///   "apiVersion": "2024-10-01",
///   "name": "gpt-4o",
///   "properties": {
///     "versionUpgradeOption": "OnceCurrentVersionExpired"
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_cognitive_deployment" "gpt" {
///   version_upgrade_option = "OnceCurrentVersionExpired"
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-1: Ensure use of approved models
/// - OWASP Top 10 for LLM Applications 2025: LLM03 Supply Chain
    pub const RULE = {
        code: "MOAT-AZ104",
        name: "ModelAutoUpgradeOnNewDefault",
        family: AzureDeploy,
        severity: Low,
        title: "Model deployment upgrades automatically when a new default version ships",
        check: check,
    };
}

/// MOAT-AZ104
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    let path = if r.is_azure("Microsoft.CognitiveServices/accounts/deployments") {
        "properties.versionUpgradeOption"
    } else if r.is_tf("azurerm_cognitive_deployment") {
        "version_upgrade_option"
    } else {
        return None;
    };
    if r.unknown(path) {
        return None;
    }
    match r.str_at(path) {
        None => hit("no version upgrade option: the model auto-upgrades to each new default"),
        Some(v) if v.eq_ignore_ascii_case("OnceNewDefaultVersionAvailable") => {
            hit("versionUpgradeOption is OnceNewDefaultVersionAvailable")
        }
        Some(_) => None,
    }
}
