//! Rules of the `aws` family.

pub mod bedrock_agent_no_cmk;
pub mod bedrock_agent_no_guardrail;
pub mod bedrock_guardrail_weak_filters;
pub mod bedrock_no_invocation_logging;
pub mod sagemaker_endpoint_no_kms;
pub mod sagemaker_model_no_vpc;
pub mod sagemaker_notebook_direct_internet;
pub mod sagemaker_notebook_no_kms;
pub mod sagemaker_notebook_root_access;
