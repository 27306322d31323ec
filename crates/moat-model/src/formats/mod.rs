//! One checker per model format.

pub(crate) mod gguf;
pub(crate) mod keras;
pub(crate) mod numpy;
pub(crate) mod protobuf;
pub(crate) mod safetensors;
