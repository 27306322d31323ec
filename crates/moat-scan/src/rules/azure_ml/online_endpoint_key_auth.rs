//! MOAT-ML011: Azure Machine Learning online endpoint authenticates callers with keys

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.authMode` on `Microsoft.MachineLearningServices/workspaces/onlineEndpoints`
/// (and serverless endpoints); `Key` means static keys, `AADToken` means Microsoft Entra ID.
///
/// ## Why is this bad?
/// Endpoint keys are static shared secrets that end up in application settings and source code;
/// Entra ID tokens are short-lived and attributable.
///
/// ## Example
/// ```bicep
/// resource ep 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
///   name: 'scoring'
///   properties: { authMode: 'Key' }
/// }
/// ```
///
/// Use instead:
/// ```bicep
/// resource ep 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
///   name: 'scoring'
///   properties: { authMode: 'AADToken', publicNetworkAccess: 'Disabled' }
/// }
/// ```
/// ```json
/// {
///   "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
///   "apiVersion": "2024-10-01",
///   "name": "scoring",
///   "properties": {
///     "authMode": "AADToken",
///     "publicNetworkAccess": "Disabled"
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 IM-1: Use a centralised identity and authentication system
/// - MITRE ATLAS AML.T0055: Unsecured Credentials
    pub const RULE = {
        code: "MOAT-ML011",
        name: "MlOnlineEndpointKeyAuth",
        family: AzureMl,
        severity: Medium,
        title: "Azure Machine Learning online endpoint authenticates callers with keys",
        check: check,
    };
}

/// MOAT-ML011
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !(r.is_azure("Microsoft.MachineLearningServices/workspaces/onlineEndpoints")
        || r.is_azure("Microsoft.MachineLearningServices/workspaces/serverlessEndpoints"))
    {
        return None;
    }
    match r.str_at("properties.authMode") {
        Some(m) if m.eq_ignore_ascii_case("key") => hit("authMode is Key"),
        _ => None,
    }
}
