//! MOAT-AWS002: Amazon Bedrock guardrail has a content filter at NONE/LOW strength, or no prompt-attack filter

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks `aws_bedrock_guardrail` `content_policy_config.filters_config` entries: any
/// `input_strength`/`output_strength` of `NONE` or `LOW`, or no `PROMPT_ATTACK` filter on input.
///
/// ## Why is this bad?
/// A guardrail with weakened filters looks like protection in review but lets most harmful content
/// and jailbreak attempts through; the prompt-attack filter is the one that targets prompt
/// injection.
///
/// ## Example
/// ```hcl
/// resource "aws_bedrock_guardrail" "g" {
///   name = "g"
///   content_policy_config {
///     filters_config {
///       type            = "HATE"
///       input_strength  = "LOW"
///       output_strength = "NONE"
///     }
///   }
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_bedrock_guardrail" "g" {
///   name = "g"
///   content_policy_config {
///     filters_config {
///       type            = "HATE"
///       input_strength  = "HIGH"
///       output_strength = "HIGH"
///     }
///     filters_config {
///       type            = "PROMPT_ATTACK"
///       input_strength  = "HIGH"
///       output_strength = "NONE"
///     }
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 AI-2: Implement multi-layered content filtering
/// - OWASP Top 10 for LLM Applications 2025: LLM01 Prompt Injection
/// - MITRE ATLAS AML.T0054: LLM Jailbreak
    pub const RULE = {
        code: "MOAT-AWS002",
        name: "BedrockGuardrailWeakFilters",
        family: Aws,
        severity: Medium,
        title: "Amazon Bedrock guardrail has a content filter at NONE/LOW strength, or no prompt-attack filter",
        check: check,
    };
}

/// MOAT-AWS002
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !r.is_tf("aws_bedrock_guardrail") {
        return None;
    }
    let filters = r
        .get("content_policy_config.filters_config")
        .and_then(Value::as_array);
    let Some(filters) = filters else {
        return hit("no content filters");
    };
    let mut prompt_attack = false;
    for f in filters {
        let ty = f.get("type").and_then(Value::as_str).unwrap_or("?");
        if ty == "PROMPT_ATTACK" {
            prompt_attack = true;
            // Output strength must be NONE for this filter type.
            if matches!(
                f.get("input_strength").and_then(Value::as_str),
                Some("NONE" | "LOW")
            ) {
                return hit("PROMPT_ATTACK filter at NONE/LOW input strength");
            }
            continue;
        }
        for k in ["input_strength", "output_strength"] {
            if let Some(s @ ("NONE" | "LOW")) = f.get(k).and_then(Value::as_str) {
                return hit(format!("`{ty}` filter {k} is {s}"));
            }
        }
    }
    if !prompt_attack {
        return hit("no PROMPT_ATTACK filter");
    }
    None
}
