//! Posture rules: one file per rule under `rules/<family>/`, one code table ([`ALL`]).
//!
//! A rule's documentation is its doc comment, with the headings `## What it does`,
//! `## Why is this bad?`, `## Example`, `Use instead:` and `## References`; `moat rules explain`
//! and the pages in docs/rules/ are generated from it.

use moat_core::Severity;
use serde::Serialize;

use crate::model::Resource;

mod aws;
mod azure_ai;
mod azure_data;
mod azure_deploy;
mod azure_ml;
mod azure_search;
mod gcp;
mod k8s;

/// What a rule found on one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What is wrong, specifically.
    pub message: String,
}

/// The check function of a rule. `all` is every resource of the scan, for rules that need to
/// look at related resources (diagnostic settings, private endpoints).
pub type CheckFn = fn(r: &Resource, all: &[Resource]) -> Option<Hit>;

/// Rule family: the folder the rule lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Azure AI services / Azure OpenAI accounts.
    AzureAi,
    /// Model deployments on Azure AI / OpenAI accounts.
    AzureDeploy,
    /// Azure Machine Learning and AI Foundry workspaces and compute.
    AzureMl,
    /// Azure AI Search.
    AzureSearch,
    /// Storage and Key Vault holding AI artifacts.
    AzureData,
    /// AWS Bedrock and SageMaker.
    Aws,
    /// GCP Vertex AI.
    Gcp,
    /// Kubernetes model servers.
    K8s,
}

impl Family {
    /// Folder name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Family::AzureAi => "azure_ai",
            Family::AzureDeploy => "azure_deploy",
            Family::AzureMl => "azure_ml",
            Family::AzureSearch => "azure_search",
            Family::AzureData => "azure_data",
            Family::Aws => "aws",
            Family::Gcp => "gcp",
            Family::K8s => "k8s",
        }
    }
}

/// One posture rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable code, e.g. `MOAT-AZ001`. Never reused.
    pub code: &'static str,
    /// Name after the pattern it flags, e.g. `CognitiveLocalAuthEnabled`.
    pub name: &'static str,
    /// Family (folder).
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// One-line summary.
    pub title: &'static str,
    /// Markdown documentation.
    pub doc: &'static str,
    /// The check.
    pub check: CheckFn,
}

impl Rule {
    /// The doc with rustdoc's leading space removed from each line.
    pub fn doc_markdown(&self) -> String {
        let mut s = String::new();
        for l in self.doc.lines() {
            s.push_str(l.strip_prefix(' ').unwrap_or(l));
            s.push('\n');
        }
        s
    }
}

/// Declares a rule constant whose `doc` is its own doc comment.
macro_rules! rule {
    (
        $(#[doc = $doc:expr])*
        pub const $id:ident = {
            code: $code:literal,
            name: $name:literal,
            family: $family:ident,
            severity: $sev:ident,
            title: $title:literal,
            check: $check:path $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub const $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            family: $crate::rules::Family::$family,
            severity: moat_core::Severity::$sev,
            title: $title,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}
pub(crate) use rule;

/// Shorthand for a hit.
pub(crate) fn hit(msg: impl Into<String>) -> Option<Hit> {
    Some(Hit {
        message: msg.into(),
    })
}

/// Helpers shared by the rule files.
pub(crate) mod prelude {
    pub(crate) use super::{Hit, hit, rule};
    pub(crate) use crate::model::{IacKind, Resource};
    pub(crate) use serde_json::Value;

    /// Azure AI services / OpenAI account, in any language.
    pub(crate) fn is_ai_account(r: &Resource) -> bool {
        r.is_azure("Microsoft.CognitiveServices/accounts")
            || r.is_tf("azurerm_cognitive_account")
            || r.is_tf("azurerm_ai_services")
    }

    /// Azure ML / AI Foundry workspace (hub, project, or classic).
    pub(crate) fn is_ml_workspace(r: &Resource) -> bool {
        r.is_azure("Microsoft.MachineLearningServices/workspaces")
            || r.is_tf("azurerm_machine_learning_workspace")
            || r.is_tf("azurerm_ai_foundry")
            || r.is_tf("azurerm_ai_foundry_project")
    }

    /// Azure AI Search service.
    pub(crate) fn is_search(r: &Resource) -> bool {
        r.is_azure("Microsoft.Search/searchServices") || r.is_tf("azurerm_search_service")
    }

    /// True when the resource declares a managed identity.
    pub(crate) fn has_identity(r: &Resource) -> Option<bool> {
        if r.unknown("identity") || r.unknown("identity.type") {
            return None;
        }
        match r.str_at("identity.type") {
            Some(t) => Some(!t.eq_ignore_ascii_case("none")),
            None => Some(false),
        }
    }

    /// `publicNetworkAccess` is `Disabled`: Some(true); enabled or absent: Some(false);
    /// unknown: None. `tf_attr` is the Terraform boolean (`public_network_access_enabled`).
    pub(crate) fn public_access_open(
        r: &Resource,
        tf_attr: &str,
        tf_default_open: bool,
    ) -> Option<bool> {
        match r.iac {
            IacKind::Terraform => {
                if r.unknown(tf_attr) {
                    return None;
                }
                Some(r.bool_at(tf_attr).unwrap_or(tf_default_open))
            }
            _ => {
                if r.unknown("properties.publicNetworkAccess") {
                    return None;
                }
                Some(
                    !r.str_at("properties.publicNetworkAccess")
                        .is_some_and(|v| v.eq_ignore_ascii_case("disabled")),
                )
            }
        }
    }

    /// A resource whose ARM `properties.<field>` or Terraform `<tf>` references a
    /// `Microsoft.Insights/diagnosticSettings` / `azurerm_monitor_diagnostic_setting` target.
    pub(crate) fn has_diagnostics(r: &Resource, all: &[Resource]) -> bool {
        all.iter().any(|d| {
            if d.is_azure("Microsoft.Insights/diagnosticSettings") {
                // Bicep: `scope: acct` stays unresolved as `${acct}`; ARM: `scope` or a
                // `<parent>/Microsoft.Insights/<name>` type.
                let scope = d.get("scope").map(|v| v.to_string()).unwrap_or_default();
                scope.contains(&format!("${{{}", r.name)) || scope.contains(&r.name)
            } else if d
                .rtype
                .to_ascii_lowercase()
                .ends_with("/providers/diagnosticsettings")
            {
                d.name.starts_with(&format!("{}/", r.name))
            } else if d.is_tf("azurerm_monitor_diagnostic_setting") {
                let t = d
                    .get("target_resource_id")
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                t.contains(&format!("{}.{}.", r.rtype, r.name))
            } else {
                false
            }
        })
    }

    /// True when an AI resource (AI services account, ML workspace, AI Search) in the same
    /// configuration refers to this resource.
    pub(crate) fn linked_to_ai(r: &Resource, all: &[Resource]) -> bool {
        let needle = match r.iac {
            IacKind::Bicep => format!("${{{}.", r.name),
            IacKind::Terraform => format!("{}.{}.", r.rtype, r.name),
            IacKind::Arm if !r.name.is_empty() => r.name.clone(),
            _ => return false,
        };
        all.iter().any(|a| {
            (is_ai_account(a) || is_ml_workspace(a) || is_search(a)) && a.text().contains(&needle)
        })
    }

    /// True when some private endpoint targets this resource.
    pub(crate) fn has_private_endpoint(r: &Resource, all: &[Resource]) -> bool {
        all.iter().any(|p| {
            if p.is_azure("Microsoft.Network/privateEndpoints") {
                let s = p
                    .get("properties")
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                s.contains(&format!("${{{}.id", r.name))
                    || (!r.name.is_empty() && s.contains(&format!("/{}\"", r.name)))
            } else if p.is_tf("azurerm_private_endpoint") {
                let s = p
                    .get("private_service_connection")
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                s.contains(&format!("{}.{}.id", r.rtype, r.name))
            } else {
                false
            }
        })
    }
}

/// Every rule, in code order: the one code table.
pub const ALL: &[Rule] = &[
    azure_ai::local_auth_enabled::RULE,
    azure_ai::public_network_access::RULE,
    azure_ai::network_acl_default_allow::RULE,
    azure_ai::no_private_endpoint::RULE,
    azure_ai::no_customer_managed_key::RULE,
    azure_ai::no_managed_identity::RULE,
    azure_ai::outbound_unrestricted::RULE,
    azure_ai::no_custom_subdomain::RULE,
    azure_ai::no_diagnostic_logs::RULE,
    azure_ai::broad_ip_rule::RULE,
    azure_deploy::no_content_filter::RULE,
    azure_deploy::weakened_content_filter::RULE,
    azure_deploy::unapproved_model_version::RULE,
    azure_deploy::auto_upgrade_on_default::RULE,
    azure_deploy::global_deployment_type::RULE,
    azure_ml::public_network_access::RULE,
    azure_ml::no_managed_network_isolation::RULE,
    azure_ml::no_customer_managed_key::RULE,
    azure_ml::not_high_business_impact::RULE,
    azure_ml::compute_local_auth::RULE,
    azure_ml::compute_public_ip::RULE,
    azure_ml::compute_ssh_enabled::RULE,
    azure_ml::compute_no_idle_shutdown::RULE,
    azure_ml::compute_no_managed_identity::RULE,
    azure_ml::workspace_no_managed_identity::RULE,
    azure_ml::online_endpoint_key_auth::RULE,
    azure_ml::online_endpoint_public::RULE,
    azure_search::local_auth_enabled::RULE,
    azure_search::public_network_access::RULE,
    azure_search::no_customer_managed_key::RULE,
    azure_search::no_managed_identity::RULE,
    azure_data::storage_public_blob::RULE,
    azure_data::storage_shared_key::RULE,
    azure_data::storage_public_network::RULE,
    azure_data::keyvault_no_purge_protection::RULE,
    azure_data::keyvault_public_network::RULE,
    azure_data::keyvault_access_policies::RULE,
    aws::bedrock_agent_no_guardrail::RULE,
    aws::bedrock_guardrail_weak_filters::RULE,
    aws::bedrock_no_invocation_logging::RULE,
    aws::bedrock_agent_no_cmk::RULE,
    aws::sagemaker_notebook_direct_internet::RULE,
    aws::sagemaker_notebook_root_access::RULE,
    aws::sagemaker_notebook_no_kms::RULE,
    aws::sagemaker_model_no_vpc::RULE,
    aws::sagemaker_endpoint_no_kms::RULE,
    gcp::vertex_workbench_public_ip::RULE,
    gcp::vertex_no_cmek::RULE,
    gcp::vertex_endpoint_public::RULE,
    k8s::model_server_exposed::RULE,
    k8s::model_server_runs_as_root::RULE,
    k8s::model_server_secret_in_env::RULE,
    k8s::model_server_privileged::RULE,
    k8s::model_server_no_auth_flag::RULE,
];

/// The model server a Kubernetes workload runs, if any.
pub fn k8s_model_server(r: &Resource) -> Option<&'static str> {
    k8s::model_server(r)
}

/// Find a rule by code (case-insensitive) or name.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(id) || r.name.eq_ignore_ascii_case(id))
}

/// Run every enabled rule over every resource.
pub fn run(
    resources: &[Resource],
    enabled: impl Fn(&Rule) -> bool,
) -> Vec<(&'static Rule, usize, Hit)> {
    let mut out = Vec::new();
    for rule in ALL.iter().filter(|r| enabled(r)) {
        for (i, r) in resources.iter().enumerate() {
            if let Some(h) = (rule.check)(r, resources) {
                out.push((rule, i, h));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
