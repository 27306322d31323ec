//! MOAT-ML012: Azure Machine Learning online endpoint accepts scoring requests from the internet

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `properties.publicNetworkAccess` on online endpoints; absent or `Enabled` means the
/// scoring URI is public.
///
/// ## Why is this bad?
/// A public scoring endpoint exposes the model to anyone holding a key or token, enabling model
/// extraction, abuse of inference capacity, and adversarial probing.
///
/// ## Example
/// ```bicep
/// resource ep 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
///   name: 'scoring'
///   properties: { authMode: 'AADToken' }
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
/// - MCSB v2 NS-2: Secure cloud services with network controls
/// - MITRE ATLAS AML.T0040: AI Model Inference API Access
/// - MITRE ATLAS AML.T0024.002: Extract AI Model
    pub const RULE = {
        code: "MOAT-ML012",
        name: "MlOnlineEndpointPublic",
        family: AzureMl,
        severity: Medium,
        title: "Azure Machine Learning online endpoint accepts scoring requests from the internet",
        check: check,
    };
}

/// MOAT-ML012
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_azure("Microsoft.MachineLearningServices/workspaces/onlineEndpoints") {
        return None;
    }
    match public_access_open(r, "", true) {
        Some(true) => hit("scoring endpoint is public"),
        _ => None,
    }
}
