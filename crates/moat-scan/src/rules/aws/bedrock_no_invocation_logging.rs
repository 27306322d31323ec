//! MOAT-AWS003: Amazon Bedrock is used but model invocation logging is not configured

use crate::rules::prelude::*;

rule! {
/// ## What it does
/// Checks that a configuration declaring Bedrock agents, guardrails, custom models or provisioned
/// throughput also declares `aws_bedrock_model_invocation_logging_configuration`. Reported on each
/// agent and custom model.
///
/// ## Why is this bad?
/// Invocation logs are the only record of prompts, responses and callers for Bedrock; without them
/// misuse, data leakage through prompts and jailbreak campaigns cannot be detected or investigated.
///
/// ## Example
/// ```hcl
/// resource "aws_bedrockagent_agent" "support" {
///   agent_name = "support"
/// }
/// ```
///
/// Use instead:
/// ```hcl
/// resource "aws_bedrock_model_invocation_logging_configuration" "this" {
///   logging_config {
///     text_data_delivery_enabled = true
///     cloudwatch_config {
///       log_group_name = aws_cloudwatch_log_group.bedrock.name
///       role_arn       = aws_iam_role.bedrock_logs.arn
///     }
///   }
/// }
/// ```
///
/// ## References
/// - MCSB v2 LT-3: Enable logging for security investigation
/// - MCSB v2 AI-6: Establish monitoring and detection
/// - AWS docs: Monitor model invocation using CloudWatch Logs and Amazon S3
    pub const RULE = {
        code: "MOAT-AWS003",
        name: "BedrockWithoutInvocationLogging",
        family: Aws,
        severity: Medium,
        title: "Amazon Bedrock is used but model invocation logging is not configured",
        check: check,
    };
}

/// MOAT-AWS003
fn check(r: &Resource, all: &[Resource]) -> Option<Hit> {
    let _ = all;
    if !(r.is_tf("aws_bedrockagent_agent")
        || r.is_tf("aws_bedrock_custom_model")
        || r.is_tf("aws_bedrock_provisioned_model_throughput"))
    {
        return None;
    }
    if all
        .iter()
        .any(|x| x.is_tf("aws_bedrock_model_invocation_logging_configuration"))
    {
        None
    } else {
        hit("no aws_bedrock_model_invocation_logging_configuration in this configuration")
    }
}
