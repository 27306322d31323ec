//! MOAT-AZ009: Azure AI services / OpenAI account sends no diagnostic logs

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that a `Microsoft.Insights/diagnosticSettings` resource (Terraform:
/// `azurerm_monitor_diagnostic_setting`) in the scanned configuration targets the account.
///
/// ## Why is this bad?
/// Without diagnostic settings there is no record of who called which deployment, of content-filter
/// hits, or of key use; abuse and prompt-injection campaigns go unnoticed and incidents cannot be
/// investigated.
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
/// resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
///   name: 'oai-diag'
///   scope: oai
///   properties: {
///     workspaceId: logAnalyticsId
///     logs: [ { categoryGroup: 'allLogs', enabled: true } ]
///   }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.Insights/diagnosticSettings",
///   "apiVersion": "2021-05-01-preview",
///   "name": "oai-diag",
///   "scope": "[resourceId('Microsoft.CognitiveServices/accounts', 'oai')]",
///   "properties": {
///     "workspaceId": "[parameters('logAnalyticsId')]",
///     "logs": [
///       {
///         "categoryGroup": "allLogs",
///         "enabled": true
///       }
///     ]
///   }
/// }
/// ```
/// ```hcl
/// resource "azurerm_monitor_diagnostic_setting" "oai" {
///   target_resource_id         = azurerm_cognitive_account.oai.id
///   log_analytics_workspace_id = azurerm_log_analytics_workspace.la.id
///   enabled_log {
///     category_group = "allLogs"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 LT-3: Enable logging for security investigation
/// - MCSB v2 AI-6: Establish monitoring and detection
/// - Azure Policy built-in: "Diagnostic logs in Azure AI services resources should be enabled"
    pub const RULE = {
        code: "MOAT-AZ009",
        name: "CognitiveWithoutDiagnosticLogs",
        family: AzureAi,
        severity: Medium,
        title: "Azure AI services / OpenAI account sends no diagnostic logs",
        check: check,
    };
}

/// MOAT-AZ009
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !is_ai_account(r) || r.bool_at("existing") == Some(true) {
        return None;
    }
    if has_diagnostics(r, all) {
        None
    } else {
        hit("no diagnostic setting targets this account")
    }
}
