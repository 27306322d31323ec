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
    PathCheck {
        code: "MOAT-P003",
        name: "PublicDataStoreFeedsAi",
        severity: Severity::High,
        title: "Internet-reachable data store with key or anonymous access feeds an AI resource",
        doc: "## What it does\nReports a storage account that is reachable from the internet (MOAT-AD003) and accepts shared keys or anonymous reads (MOAT-AD002, MOAT-AD001), or an AI Search service that is public (MOAT-AS002) and accepts API keys (MOAT-AS001), when an AI resource in the same configuration (an AI services account, an Azure ML / AI Foundry workspace, a search service) is connected to it.\n\n## Why is this bad?\nThe store holds what the model is trained on, fine-tuned with or answers from (RAG). Anyone with a leaked key, or anyone at all for anonymous containers, can plant documents or data that the AI then repeats or learns: poisoning without touching the model.\n\n## Example\nA workspace whose `storageAccount` is a storage account with `publicNetworkAccess: 'Enabled'` and `allowSharedKeyAccess` left on.\n\nUse instead:\nDisable public network access (private endpoints), disable shared-key and anonymous access and grant the AI resource's managed identity a data role.\n\n## References\n- MCSB v2 AI-3: Secure the data used by AI\n- MCSB v2 NS-2: Secure cloud services with network controls\n- OWASP Top 10 for LLM Applications 2025: LLM04 Data and Model Poisoning\n- MITRE ATLAS AML.T0020: Poison Training Data\n",
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

/// How one resource is linked to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// `from` is a child of `to` (a deployment of an account, a compute of a workspace).
    Child,
    /// `from` is a private endpoint that reaches `to`.
    PrivateEndpoint,
    /// `from`'s managed identity is granted a role on `to` (the link's `detail`).
    RoleAssignment,
    /// `from` is a diagnostic setting sending `to`'s logs somewhere.
    Diagnostics,
    /// `from` refers to `to` otherwise: a data connection (a workspace's storage and key vault,
    /// an index's data source, an app's AI endpoint).
    DataConnection,
}

/// One edge of the resource graph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    /// Index of the resource the link starts from.
    #[serde(skip)]
    pub from: usize,
    /// Index of the resource it leads to.
    #[serde(skip)]
    pub to: usize,
    /// `type name` of the first resource.
    pub source: String,
    /// `type name` of the second resource.
    pub target: String,
    /// What the link is.
    pub kind: LinkKind,
    /// The role, for role assignments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The text by which other resources of the same language refer to `r`: the Bicep symbol, the
/// Terraform address, the ARM name.
fn reference_of(r: &Resource) -> Option<String> {
    match r.iac {
        IacKind::Bicep => Some(format!("${{{}", r.name)),
        IacKind::Terraform => Some(format!("{}.{}.", r.rtype, r.name)),
        IacKind::Arm if !r.name.is_empty() => Some(format!(
            "'{}'",
            r.name.rsplit('/').next().unwrap_or(&r.name)
        )),
        _ => None,
    }
}

/// True when `text` mentions `reference` as a whole reference (`${oai}`, `${oai.id}`, not
/// `${oai2}`).
fn mentions(text: &str, reference: &str) -> bool {
    text.match_indices(reference).any(|(i, m)| {
        let next = text[i + m.len()..].chars().next();
        !matches!(next, Some(c) if c.is_ascii_alphanumeric() || c == '_')
            || reference.ends_with('.')
            || reference.ends_with('\'')
    })
}

/// True when `child`'s body refers to `parent` (Bicep symbol, Terraform address, ARM name).
fn refers_to(child: &Resource, parent: &Resource) -> bool {
    if child.iac != parent.iac || std::ptr::eq(child, parent) {
        return false;
    }
    if child.iac == IacKind::Arm && child.name.starts_with(&format!("{}/", parent.name)) {
        return true;
    }
    match reference_of(parent) {
        Some(r) => mentions(child.text(), &r),
        None => false,
    }
}

/// Resources the graph is built over: AI resources and what connects to them. Others (networks,
/// plans, DNS zones) are left out so that large configurations stay cheap.
fn in_graph(r: &Resource) -> bool {
    let t = r.rtype.to_ascii_lowercase();
    r.iac != IacKind::Kubernetes
        && [
            "cognitiveservices",
            "machinelearningservices",
            "search",
            "storage",
            "keyvault",
            "privateendpoint",
            "private_endpoint",
            "roleassignment",
            "role_assignment",
            "diagnostic",
            "web/sites",
            "web_app",
            "function_app",
            "cognitive",
            "machine_learning",
            "ai_foundry",
            "ai_services",
            "key_vault",
            "bedrock",
            "sagemaker",
            "vertex",
        ]
        .iter()
        .any(|k| t.contains(k))
}

const MAX_GRAPH: usize = 5_000;

/// The resource graph: every link between resources of the same configuration language.
pub fn links(all: &[Resource]) -> Vec<Link> {
    let nodes: Vec<usize> = (0..all.len())
        .filter(|i| in_graph(&all[*i]))
        .take(MAX_GRAPH)
        .collect();
    let mut out = Vec::new();
    let label = |r: &Resource| format!("{} {}", r.rtype, r.name);
    for &a in &nodes {
        let ra = &all[a];
        let ta = ra.rtype.to_ascii_lowercase();
        if ta.ends_with("roleassignments") || ta == "azurerm_role_assignment" {
            // Principal -> scope, with the role.
            let principal = ra
                .get("properties.principalId")
                .or_else(|| ra.get("principal_id"))
                .map(|v| v.to_string())
                .unwrap_or_default();
            let scope = ra.get("scope").map(|v| v.to_string()).unwrap_or_default();
            let role = ra
                .get("properties.roleDefinitionId")
                .or_else(|| ra.get("role_definition_name"))
                .or_else(|| ra.get("role_definition_id"))
                .map(|v| v.to_string().trim_matches('"').to_owned());
            let holder = nodes.iter().copied().find(|&b| {
                b != a
                    && all[b].iac == ra.iac
                    && match all[b].iac {
                        IacKind::Bicep => {
                            principal.contains(&format!("${{{}.identity", all[b].name))
                        }
                        IacKind::Terraform => principal
                            .contains(&format!("{}.{}.identity", all[b].rtype, all[b].name)),
                        _ => false,
                    }
            });
            let target = nodes.iter().copied().find(|&b| {
                b != a
                    && all[b].iac == ra.iac
                    && reference_of(&all[b]).is_some_and(|r| mentions(&scope, &r))
            });
            if let Some(h) = holder {
                let to = target.unwrap_or(a);
                out.push(Link {
                    from: h,
                    to,
                    source: label(&all[h]),
                    target: label(&all[to]),
                    kind: LinkKind::RoleAssignment,
                    detail: role,
                });
            }
            continue;
        }
        for &b in &nodes {
            if a == b || !refers_to(ra, &all[b]) {
                continue;
            }
            let tb = all[b].rtype.to_ascii_lowercase();
            let kind = if ta.contains("privateendpoint") || ta.contains("private_endpoint") {
                LinkKind::PrivateEndpoint
            } else if ta.contains("diagnostic") {
                LinkKind::Diagnostics
            } else if (ta.starts_with(&format!("{tb}/")) && ra.iac != IacKind::Terraform)
                || (ra.iac == IacKind::Terraform
                    && (ta.ends_with("_deployment")
                        || ta.contains("compute")
                        || ta.ends_with("_rai_policy"))
                    && (tb.ends_with("_account")
                        || tb.ends_with("_workspace")
                        || tb.ends_with("ai_services")))
            {
                LinkKind::Child
            } else {
                LinkKind::DataConnection
            };
            out.push(Link {
                from: a,
                to: b,
                source: label(ra),
                target: label(&all[b]),
                kind,
                detail: None,
            });
        }
    }
    out
}

const KEY_READING_ROLES: &[&str] = &[
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
    "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
    "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", // Cognitive Services Contributor
    "Owner",
    "Contributor",
    "Cognitive Services Contributor",
];

fn finding(p: PathCheck, first: &Resource, message: String) -> PathFinding {
    PathFinding {
        code: p.code,
        name: p.name,
        severity: p.severity,
        title: p.title,
        message,
        file: first.file.clone(),
        line: first.line,
        resource: format!("{} {}", first.rtype, first.name),
    }
}

/// Find every path, walking the graph of [`links`].
pub fn find_paths(all: &[Resource]) -> Vec<PathFinding> {
    find_paths_in(all, &links(all))
}

/// Find every path in a graph already built by [`links`] over `all`.
pub fn find_paths_in(all: &[Resource], graph: &[Link]) -> Vec<PathFinding> {
    let mut out = Vec::new();
    for (i, a) in all.iter().enumerate() {
        if !(hits("MOAT-AZ002", a, all) && hits("MOAT-AZ001", a, all)) {
            continue;
        }
        for l in graph
            .iter()
            .filter(|l| l.to == i && l.kind == LinkKind::Child)
        {
            let d = &all[l.from];
            if hits("MOAT-AZ101", d, all) {
                out.push(finding(PATHS[0], a, format!("internet -> account `{}` (public, API keys accepted) -> deployment `{}` (no content filter)", a.name, d.name)));
            }
        }
    }
    for (i, c) in all.iter().enumerate() {
        if !hits("MOAT-ML006", c, all) {
            continue;
        }
        for l in graph
            .iter()
            .filter(|l| l.from == i && l.kind == LinkKind::RoleAssignment)
        {
            let role = l.detail.as_deref().unwrap_or("");
            if KEY_READING_ROLES.iter().any(|k| role.contains(k)) {
                let target = &all[l.to];
                out.push(finding(PATHS[1], c, format!("internet -> compute `{}` (public IP) -> identity -> role on `{}` (can list AI account keys)", c.name, target.name)));
            }
        }
    }
    // Public data stores that an AI resource reads from: whoever can write there shapes what
    // the model is trained on or answers from.
    for (i, st) in all.iter().enumerate() {
        let open = (hits("MOAT-AD003", st, all)
            && (hits("MOAT-AD001", st, all) || hits("MOAT-AD002", st, all)))
            || (hits("MOAT-AS002", st, all) && hits("MOAT-AS001", st, all));
        if !open {
            continue;
        }
        for l in graph
            .iter()
            .filter(|l| l.to == i && l.kind == LinkKind::DataConnection)
        {
            let ai = &all[l.from];
            if crate::scan::ai_resource_category(ai).is_some() {
                out.push(finding(PATHS[2], st, format!("internet -> `{}` (public, keys or anonymous access accepted) -> data of `{}`", st.name, ai.name)));
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
        // The graph behind them.
        let g = links(&rs);
        let has = |from: &str, to: &str, kind: LinkKind| {
            g.iter()
                .any(|l| rs[l.from].name == from && rs[l.to].name == to && l.kind == kind)
        };
        assert!(has("dep", "oai", LinkKind::Child));
        assert!(has("dep2", "safe", LinkKind::Child));
        assert!(!has("dep", "safe", LinkKind::Child));
        assert!(has("ci", "oai", LinkKind::RoleAssignment));
    }

    #[test]
    fn public_data_store_feeding_ai_is_a_path() {
        let src = r#"
resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'mlstore'
  properties: {}
}
resource locked 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'locked'
  properties: { publicNetworkAccess: 'Disabled', allowSharedKeyAccess: false, allowBlobPublicAccess: false, networkAcls: { defaultAction: 'Deny' } }
}
resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: 'ws'
  properties: { storageAccount: st.id }
}
resource ws2 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: 'ws2'
  properties: { storageAccount: locked.id }
}
resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: 'pe'
  properties: { privateLinkServiceConnections: [ { properties: { privateLinkServiceId: ws2.id } } ] }
}
"#;
        let (rs, err) = crate::parse::bicep::parse(src, "m.bicep");
        assert!(err.is_none(), "{err:?}");
        let ps = find_paths(&rs);
        let p3: Vec<_> = ps.iter().filter(|p| p.code == "MOAT-P003").collect();
        assert_eq!(p3.len(), 1, "{ps:?}");
        assert!(
            p3[0].message.contains("`st`") && p3[0].message.contains("`ws`"),
            "{}",
            p3[0].message
        );
        let g = links(&rs);
        assert!(g.iter().any(|l| rs[l.from].name == "pe"
            && rs[l.to].name == "ws2"
            && l.kind == LinkKind::PrivateEndpoint));
        assert!(g.iter().any(|l| rs[l.from].name == "ws"
            && rs[l.to].name == "st"
            && l.kind == LinkKind::DataConnection));
    }
}
