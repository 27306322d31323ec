//! Attack paths: combinations of resources and their links that make an exposure real.
//!
//! Resources are nodes; references between them (a deployment's parent account, a role
//! assignment's principal and scope) are edges. A path finding names every hop.

use moat_core::Severity;

use crate::model::{IacKind, Resource};
use crate::rules;

/// Metadata of a path check.
#[derive(Debug, Clone, Copy)]
pub struct PathCheck {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Title.
    pub title: &'static str,
    /// Markdown doc.
    pub doc: &'static str,
}

/// Every path check.
pub const PATHS: &[PathCheck] = &[
    PathCheck {
        code: "MOAT-P001",
        name: "InternetKeyAuthUnfilteredModel",
        severity: Severity::Critical,
        title: "Internet-reachable AI account with key auth serves a model without a content filter",
        doc: "## What it does\nReports an Azure AI services / OpenAI account that is reachable from the internet (MOAT-AZ002) and accepts API keys (MOAT-AZ001), and that serves a deployment without an explicit content filter (MOAT-AZ101).\n\n## Why is this bad?\nEach weakness alone needs a second step; together, one leaked key gives anyone on the internet an unfiltered model.\n\n## Example\nA public account with `disableLocalAuth: false` and a deployment with no `raiPolicyName`.\n\nUse instead:\nFix any link of the chain: disable public access, disable local auth, or attach a content filter.\n\n## References\n- MCSB v2 AI-2: Implement multi-layered content filtering\n- MCSB v2 NS-2: Secure cloud services with network controls\n- MITRE ATLAS AML.T0054: LLM Jailbreak\n",
    },
    PathCheck {
        code: "MOAT-P002",
        name: "PublicComputeCanReadAiKeys",
        severity: Severity::Critical,
        title: "Public compute's identity holds a role that can read AI account keys",
        doc: "## What it does\nReports an Azure ML compute instance or cluster with public IPs (MOAT-ML006) whose managed identity is granted Owner, Contributor or Cognitive Services Contributor by a role assignment in the same configuration.\n\n## Why is this bad?\nThose roles can list AI account keys. Whoever gets onto the public compute gets the keys, and with them every model on the account.\n\n## Example\nA compute instance with `enableNodePublicIp: true` and a role assignment of Cognitive Services Contributor to `ci.identity.principalId`.\n\nUse instead:\nRemove the public IP, and grant the identity Cognitive Services OpenAI User (data-plane only) instead.\n\n## References\n- MCSB v2 AI-4: Apply least privilege for agent functions\n- MCSB v2 PA-7: Follow just enough administration (least privilege) principle\n- MITRE ATLAS AML.T0055: Unsecured Credentials\n",
    },
];

/// A path finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFinding {
    /// Code.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Title.
    pub title: &'static str,
    /// The chain, hop by hop.
    pub message: String,
    /// File of the first hop.
    pub file: String,
    /// Line of the first hop.
    pub line: usize,
    /// First hop.
    pub resource: String,
}

fn hits(code: &str, r: &Resource, all: &[Resource]) -> bool {
    rules::find(code).is_some_and(|rule| (rule.check)(r, all).is_some())
}

/// True when `child`'s body refers to `parent` (Bicep symbol, Terraform address, ARM name).
fn refers_to(child: &Resource, parent: &Resource) -> bool {
    let body = child.text();
    match parent.iac {
        IacKind::Bicep => {
            body.contains(&format!("${{{}}}", parent.name))
                || body.contains(&format!("${{{}.", parent.name))
        }
        IacKind::Terraform => body.contains(&format!("{}.{}.", parent.rtype, parent.name)),
        IacKind::Arm => child.name.starts_with(&format!("{}/", parent.name)),
        IacKind::Kubernetes => false,
    }
}

const KEY_READING_ROLES: &[&str] = &[
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
    "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
    "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", // Cognitive Services Contributor
    "Owner",
    "Contributor",
    "Cognitive Services Contributor",
];

/// Find every path.
pub fn find_paths(all: &[Resource]) -> Vec<PathFinding> {
    let mut out = Vec::new();
    for a in all
        .iter()
        .filter(|r| hits("MOAT-AZ002", r, all) && hits("MOAT-AZ001", r, all))
    {
        for d in all.iter().filter(|d| refers_to(d, a)) {
            if hits("MOAT-AZ101", d, all) {
                let p = PATHS[0];
                out.push(PathFinding {
                    code: p.code,
                    name: p.name,
                    severity: p.severity,
                    title: p.title,
                    message: format!("internet -> account `{}` (public, API keys accepted) -> deployment `{}` (no content filter)", a.name, d.name),
                    file: a.file.clone(),
                    line: a.line,
                    resource: format!("{} {}", a.rtype, a.name),
                });
            }
        }
    }
    for c in all.iter().filter(|r| hits("MOAT-ML006", r, all)) {
        for ra in all.iter().filter(|r| {
            r.is_azure("Microsoft.Authorization/roleAssignments")
                || r.is_tf("azurerm_role_assignment")
        }) {
            let principal = ra
                .get("properties.principalId")
                .or_else(|| ra.get("principal_id"))
                .map(|v| v.to_string())
                .unwrap_or_default();
            let role = ra
                .get("properties.roleDefinitionId")
                .or_else(|| ra.get("role_definition_name"))
                .or_else(|| ra.get("role_definition_id"))
                .map(|v| v.to_string())
                .unwrap_or_default();
            let principal_is_c = match c.iac {
                IacKind::Bicep => principal.contains(&format!("${{{}.identity", c.name)),
                IacKind::Terraform => {
                    principal.contains(&format!("{}.{}.identity", c.rtype, c.name))
                }
                _ => false,
            };
            if principal_is_c && KEY_READING_ROLES.iter().any(|k| role.contains(k)) {
                let p = PATHS[1];
                out.push(PathFinding {
                    code: p.code,
                    name: p.name,
                    severity: p.severity,
                    title: p.title,
                    message: format!("internet -> compute `{}` (public IP) -> identity -> role assignment `{}` (can list AI account keys)", c.name, ra.name),
                    file: c.file.clone(),
                    line: c.line,
                    resource: format!("{} {}", c.rtype, c.name),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn both_paths_found_and_broken_chains_are_not() {
        let src = r#"
resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: 'oai'
  properties: {}
}
resource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: oai
  name: 'gpt'
  properties: {}
}
resource safe 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: 'safe'
  properties: { disableLocalAuth: true }
}
resource dep2 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: safe
  name: 'gpt'
  properties: {}
}
resource ci 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
  name: 'ci'
  identity: { type: 'SystemAssigned' }
  properties: { computeType: 'ComputeInstance', properties: { enableNodePublicIp: true } }
}
resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid('x')
  scope: oai
  properties: {
    principalId: ci.identity.principalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68')
  }
}
"#;
        let (rs, err) = crate::parse::bicep::parse(src, "m.bicep");
        assert!(err.is_none());
        let ps = find_paths(&rs);
        let codes: Vec<_> = ps.iter().map(|p| (p.code, p.resource.clone())).collect();
        assert_eq!(
            codes,
            vec![
                (
                    "MOAT-P001",
                    "Microsoft.CognitiveServices/accounts oai".to_owned()
                ),
                (
                    "MOAT-P002",
                    "Microsoft.MachineLearningServices/workspaces/computes ci".to_owned()
                )
            ]
        );
        let _ = rules::ALL.len();
    }
}
