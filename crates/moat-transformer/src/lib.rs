//! A small transformer encoder that classifies text, run on the CPU with candle.
//!
//! Moat's injection detector uses it as an optional second stage: only when the first stage
//! (signals and a linear model) is unsure. Everything needed is here: the tokeniser (hashed
//! words and symbols, so there is no vocabulary file to ship or download), the model, loading
//! from a local directory (`config.json` + `model.safetensors`, nothing is fetched), scoring
//! long texts in overlapping windows, and deterministic training.
//!
//! Hostile input is bounded: the configuration's sizes are capped, every tensor's shape is
//! checked against it when loading (errors name the file and the tensor), and scoring a text
//! runs over a bounded number of tokens per batch (max_len is at most 512).

mod encoder;
pub mod tokenize;
pub mod train;

pub use encoder::{Classifier, LoadError, ModelConfig, Score};
pub use train::{TrainOptions, train};
