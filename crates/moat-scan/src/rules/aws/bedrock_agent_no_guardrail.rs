//! MOAT-AWS001: Amazon Bedrock agent has no guardrail attached

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_bedrockagent_agent` for a `guardrail_configuration` block with a guardrail
/// identifier.
///
/// ## Why is this bad?
/// Agents take untrusted input, call tools and read knowledge bases. Without a guardrail there is
/// no platform filter for prompt attacks, harmful content or sensitive-information leakage in what
/// the agent reads and writes.
///
/// ## Example
/// ```hcl
/// resource "aws_bedrockagent_agent" "support" {
///   agent_name       = "support"
///   foundation_model = "anthropic.claude-3-5-sonnet-20240620-v1:0"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_bedrockagent_agent" "support" {
///   agent_name       = "support"
///   foundation_model = "anthropic.claude-3-5-sonnet-20240620-v1:0"
///   guardrail_configuration {
///     guardrail_identifier = aws_bedrock_guardrail.strict.guardrail_id
///     guardrail_version    = aws_bedrock_guardrail_version.v1.version
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-2: Implement multi-layered content filtering
/// - OWASP Top 10 for LLM Applications 2025: LLM01 Prompt Injection
/// - MITRE ATLAS AML.T0054: LLM Jailbreak
/// - AWS docs: Amazon Bedrock Guardrails
    pub const RULE = {
        code: "MOAT-AWS001",
        name: "BedrockAgentWithoutGuardrail",
        family: Aws,
        severity: High,
        title: "Amazon Bedrock agent has no guardrail attached",
        check: check,
    };
}

/// MOAT-AWS001
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_bedrockagent_agent") {
        return None;
    }
    if r.has("guardrail_configuration.guardrail_identifier") || r.unknown("guardrail_configuration")
    {
        None
    } else {
        hit("no guardrail attached")
    }
}
