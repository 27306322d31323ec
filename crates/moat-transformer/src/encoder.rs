//! The encoder: token and position embeddings, pre-norm transformer layers, and a logistic
//! head on the classification token. Written with candle's tensor operations only, so the
//! same code runs inference and training (every operation has a gradient).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{D, DType, Device, IndexOp, Tensor};
use serde::{Deserialize, Serialize};

use crate::tokenize::{CLS, PAD, Token, tokenize};

/// The `format` every `config.json` carries.
pub const FORMAT: &str = "moat-text-classifier";
/// The layout version this build reads and writes.
pub const VERSION: u32 = 1;
/// Larger weight files are refused before they are read.
pub const MAX_WEIGHTS_BYTES: u64 = 512 << 20;
/// Window tokens scored in one batch (16 windows of 128): bounds the attention matrices'
/// memory whatever the configuration says.
const BATCH_TOKENS: usize = 16 * 128;
const LN_EPS: f64 = 1e-5;

/// The shape of a model, stored as `config.json` beside its weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Hash buckets of the tokeniser (ids below 2 are reserved).
    pub vocab: usize,
    /// Width of every hidden state.
    pub dim: usize,
    /// Attention heads (must divide `dim`).
    pub heads: usize,
    /// Transformer layers.
    pub layers: usize,
    /// Width of the feed-forward block.
    pub ffn: usize,
    /// Tokens per window, the classification token included.
    pub max_len: usize,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            format: FORMAT.to_string(),
            version: VERSION,
            vocab: 8192,
            dim: 64,
            heads: 4,
            layers: 2,
            ffn: 128,
            max_len: 128,
        }
    }
}

impl ModelConfig {
    /// Check that the sizes are sane and bounded; the error names the field.
    pub fn validate(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "format: expected {FORMAT:?}, got {:?}",
                self.format
            ));
        }
        if self.version != VERSION {
            return Err(format!(
                "version: this build reads version {VERSION}, got {}",
                self.version
            ));
        }
        for (name, v, lo, hi) in [
            ("vocab", self.vocab, 16, 1 << 20),
            ("dim", self.dim, 4, 1024),
            ("heads", self.heads, 1, 16),
            ("layers", self.layers, 1, 24),
            ("ffn", self.ffn, 4, 8192),
            ("max_len", self.max_len, 8, 512),
        ] {
            if !(lo..=hi).contains(&v) {
                return Err(format!("{name}: must be between {lo} and {hi}, got {v}"));
            }
        }
        if !self.dim.is_multiple_of(self.heads) {
            return Err(format!(
                "heads: must divide dim ({}), got {}",
                self.dim, self.heads
            ));
        }
        Ok(())
    }

    /// The vocabulary size as the tokeniser takes it (validated configs hold at most 2^20).
    pub fn vocab_u32(&self) -> u32 {
        u32::try_from(self.vocab).unwrap_or(u32::MAX)
    }

    /// Every tensor the model has, with its shape, in a fixed order.
    pub fn tensor_shapes(&self) -> Vec<(String, Vec<usize>)> {
        let (d, f) = (self.dim, self.ffn);
        let mut out = vec![
            ("tok".to_string(), vec![self.vocab, d]),
            ("pos".to_string(), vec![self.max_len, d]),
        ];
        for l in 0..self.layers {
            for (n, s) in [
                ("ln1.w", vec![d]),
                ("ln1.b", vec![d]),
                ("wq", vec![d, d]),
                ("bq", vec![d]),
                ("wk", vec![d, d]),
                ("bk", vec![d]),
                ("wv", vec![d, d]),
                ("bv", vec![d]),
                ("wo", vec![d, d]),
                ("bo", vec![d]),
                ("ln2.w", vec![d]),
                ("ln2.b", vec![d]),
                ("w1", vec![d, f]),
                ("b1", vec![f]),
                ("w2", vec![f, d]),
                ("b2", vec![d]),
            ] {
                out.push((format!("layer{l}.{n}"), s));
            }
        }
        out.push(("lnf.w".to_string(), vec![d]));
        out.push(("lnf.b".to_string(), vec![d]));
        out.push(("head.w".to_string(), vec![d, 1]));
        out.push(("head.b".to_string(), vec![1]));
        out
    }
}

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file was read but is not a valid model.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the field or tensor.
        message: String,
    },
    /// The tensor library failed.
    #[error("transformer: {0}")]
    Candle(#[from] candle_core::Error),
}

/// A score for one text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// The classifier's logit for the most suspicious window.
    pub logit: f32,
    /// That window, in bytes of the scored text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

struct Layer {
    ln1: (Tensor, Tensor),
    wq: (Tensor, Tensor),
    wk: (Tensor, Tensor),
    wv: (Tensor, Tensor),
    wo: (Tensor, Tensor),
    ln2: (Tensor, Tensor),
    w1: (Tensor, Tensor),
    w2: (Tensor, Tensor),
}

/// A loaded classifier. Scoring takes `&self`; share it behind an `Arc`.
pub struct Classifier {
    config: ModelConfig,
    tok: Tensor,
    pos: Tensor,
    layers: Vec<Layer>,
    lnf: (Tensor, Tensor),
    head: (Tensor, Tensor),
    device: Device,
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn layer_norm(x: &Tensor, (w, b): &(Tensor, Tensor)) -> candle_core::Result<Tensor> {
    let d = x.dim(D::Minus1)? as f64;
    let mean = (x.sum_keepdim(D::Minus1)? / d)?;
    let xc = x.broadcast_sub(&mean)?;
    let var = (xc.sqr()?.sum_keepdim(D::Minus1)? / d)?;
    xc.broadcast_div(&(var + LN_EPS)?.sqrt()?)?
        .broadcast_mul(w)?
        .broadcast_add(b)
}

fn affine(x: &Tensor, (w, b): &(Tensor, Tensor)) -> candle_core::Result<Tensor> {
    x.broadcast_matmul(w)?.broadcast_add(b)
}

fn softmax(x: &Tensor) -> candle_core::Result<Tensor> {
    let m = x.max_keepdim(D::Minus1)?;
    let e = x.broadcast_sub(&m)?.exp()?;
    e.broadcast_div(&e.sum_keepdim(D::Minus1)?)
}

impl Classifier {
    /// Build from named tensors (loaded or being trained), checking every shape.
    pub(crate) fn from_tensors(
        config: ModelConfig,
        mut tensors: HashMap<String, Tensor>,
        origin: &Path,
    ) -> Result<Self, LoadError> {
        config.validate().map_err(|message| LoadError::Invalid {
            path: origin.join("config.json"),
            message,
        })?;
        let weights = origin.join("model.safetensors");
        let mut take = |name: &str, shape: &[usize]| -> Result<Tensor, LoadError> {
            let t = tensors.remove(name).ok_or_else(|| LoadError::Invalid {
                path: weights.clone(),
                message: format!("tensor {name:?} is missing"),
            })?;
            if t.dims() != shape {
                return Err(LoadError::Invalid {
                    path: weights.clone(),
                    message: format!(
                        "tensor {name:?} has shape {:?}, the config says {shape:?}",
                        t.dims()
                    ),
                });
            }
            if t.dtype() != DType::F32 {
                return Err(LoadError::Invalid {
                    path: weights.clone(),
                    message: format!("tensor {name:?} is {:?}, expected f32", t.dtype()),
                });
            }
            Ok(t)
        };
        let (d, f) = (config.dim, config.ffn);
        let tok = take("tok", &[config.vocab, d])?;
        let pos = take("pos", &[config.max_len, d])?;
        let mut layers = Vec::with_capacity(config.layers);
        for l in 0..config.layers {
            let mut pair = |w: &str, ws: &[usize], b: &str, bs: &[usize]| {
                Ok::<_, LoadError>((
                    take(&format!("layer{l}.{w}"), ws)?,
                    take(&format!("layer{l}.{b}"), bs)?,
                ))
            };
            layers.push(Layer {
                ln1: pair("ln1.w", &[d], "ln1.b", &[d])?,
                wq: pair("wq", &[d, d], "bq", &[d])?,
                wk: pair("wk", &[d, d], "bk", &[d])?,
                wv: pair("wv", &[d, d], "bv", &[d])?,
                wo: pair("wo", &[d, d], "bo", &[d])?,
                ln2: pair("ln2.w", &[d], "ln2.b", &[d])?,
                w1: pair("w1", &[d, f], "b1", &[f])?,
                w2: pair("w2", &[f, d], "b2", &[d])?,
            });
        }
        let lnf = (take("lnf.w", &[d])?, take("lnf.b", &[d])?);
        let head = (take("head.w", &[d, 1])?, take("head.b", &[1])?);
        // Whatever was not taken is not part of this model.
        if let Some(name) = tensors.keys().min() {
            return Err(LoadError::Invalid {
                path: weights,
                message: format!("unexpected tensor {name:?}"),
            });
        }
        let model = Classifier {
            config,
            tok,
            pos,
            layers,
            lnf,
            head,
            device: Device::Cpu,
        };
        let names = model.config.tensor_shapes();
        for ((name, _), t) in names.iter().zip(model.parameters()) {
            let total = t.abs()?.sum_all()?.to_scalar::<f32>()?;
            if !total.is_finite() {
                return Err(LoadError::Invalid {
                    path: weights.clone(),
                    message: format!("tensor {name:?} holds a value that is not finite"),
                });
            }
        }
        Ok(model)
    }

    /// Load `config.json` and `model.safetensors` from a directory. Nothing is fetched.
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        let cpath = dir.join("config.json");
        let text = read_bounded(&cpath, 1 << 16)?;
        let config: ModelConfig =
            serde_json::from_slice(&text).map_err(|e| LoadError::Invalid {
                path: cpath.clone(),
                message: e.to_string(),
            })?;
        config.validate().map_err(|message| LoadError::Invalid {
            path: cpath.clone(),
            message,
        })?;
        let wpath = dir.join("model.safetensors");
        let bytes = read_bounded(&wpath, MAX_WEIGHTS_BYTES)?;
        let tensors = candle_core::safetensors::load_buffer(&bytes, &Device::Cpu).map_err(|e| {
            LoadError::Invalid {
                path: wpath.clone(),
                message: e.to_string(),
            }
        })?;
        Classifier::from_tensors(config, tensors, dir)
    }

    /// Write `config.json` and `model.safetensors` into `dir` (created if missing).
    pub fn save(&self, dir: &Path) -> Result<(), LoadError> {
        let io = |path: &Path, e: &dyn std::fmt::Display| LoadError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(|e| io(dir, &e))?;
        let mut tensors: HashMap<String, Tensor> = HashMap::new();
        tensors.insert("tok".into(), self.tok.clone());
        tensors.insert("pos".into(), self.pos.clone());
        for (l, layer) in self.layers.iter().enumerate() {
            for (w, b, (tw, tb)) in [
                ("ln1.w", "ln1.b", &layer.ln1),
                ("wq", "bq", &layer.wq),
                ("wk", "bk", &layer.wk),
                ("wv", "bv", &layer.wv),
                ("wo", "bo", &layer.wo),
                ("ln2.w", "ln2.b", &layer.ln2),
                ("w1", "b1", &layer.w1),
                ("w2", "b2", &layer.w2),
            ] {
                tensors.insert(format!("layer{l}.{w}"), tw.detach());
                tensors.insert(format!("layer{l}.{b}"), tb.detach());
            }
        }
        tensors.insert("lnf.w".into(), self.lnf.0.detach());
        tensors.insert("lnf.b".into(), self.lnf.1.detach());
        tensors.insert("head.w".into(), self.head.0.detach());
        tensors.insert("head.b".into(), self.head.1.detach());
        let cpath = dir.join("config.json");
        let json = serde_json::to_string_pretty(&self.config).map_err(|e| io(&cpath, &e))?;
        std::fs::write(&cpath, json + "\n").map_err(|e| io(&cpath, &e))?;
        let wpath = dir.join("model.safetensors");
        candle_core::safetensors::save(&tensors, &wpath).map_err(|e| io(&wpath, &e))?;
        Ok(())
    }

    /// The model's shape.
    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    /// Logits for a batch of windows: `ids` and `mask` are `[batch, len]` (u32 ids; mask 1.0
    /// for tokens, 0.0 for padding). Returns `[batch]`.
    pub(crate) fn forward(&self, ids: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        let (b, l) = ids.dims2()?;
        let c = &self.config;
        let (h, dh) = (c.heads, c.dim / c.heads);
        let x = self
            .tok
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, l, c.dim))?;
        let mut x = x.broadcast_add(&self.pos.narrow(0, 0, l)?.unsqueeze(0)?)?;
        // Padding gets a large negative attention bias: [b, 1, 1, l].
        let bias = ((mask.affine(-1.0, 1.0)? * -1e4)?)
            .unsqueeze(1)?
            .unsqueeze(1)?;
        let scale = 1.0 / (dh as f64).sqrt();
        for layer in &self.layers {
            let y = layer_norm(&x, &layer.ln1)?;
            let heads = |t: Tensor| t.reshape((b, l, h, dh))?.transpose(1, 2)?.contiguous();
            let q = heads(affine(&y, &layer.wq)?)?;
            let k = heads(affine(&y, &layer.wk)?)?;
            let v = heads(affine(&y, &layer.wv)?)?;
            let att = (q.matmul(&k.t()?.contiguous()?)? * scale)?.broadcast_add(&bias)?;
            let att = softmax(&att)?;
            let o = att
                .matmul(&v)?
                .transpose(1, 2)?
                .contiguous()?
                .reshape((b, l, c.dim))?;
            x = (x + affine(&o, &layer.wo)?)?;
            let y = layer_norm(&x, &layer.ln2)?;
            let y = affine(&affine(&y, &layer.w1)?.gelu()?, &layer.w2)?;
            x = (x + y)?;
        }
        let cls = x.i((.., 0, ..))?.contiguous()?;
        let cls = layer_norm(&cls, &self.lnf)?;
        affine(&cls, &self.head)?.squeeze(1)
    }

    /// The windows of a tokenised text: token ranges of at most `max_len - 1` tokens, each
    /// overlapping the next by half.
    pub(crate) fn windows(&self, n: usize) -> Vec<(usize, usize)> {
        let w = self.config.max_len - 1;
        if n <= w {
            return vec![(0, n)];
        }
        let stride = (w / 2).max(1);
        let mut out = Vec::new();
        let mut s = 0;
        loop {
            let e = (s + w).min(n);
            out.push((s, e));
            if e == n {
                break;
            }
            s += stride;
        }
        out
    }

    /// Ids and mask tensors for windows over `tokens`, padded to the longest.
    pub(crate) fn batch(&self, rows: &[&[Token]]) -> candle_core::Result<(Tensor, Tensor)> {
        let len = 1 + rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(rows.len() * len);
        let mut mask = Vec::with_capacity(rows.len() * len);
        for r in rows {
            ids.push(CLS);
            mask.push(1f32);
            for t in r.iter() {
                ids.push(t.id);
                mask.push(1.0);
            }
            for _ in r.len() + 1..len {
                ids.push(PAD);
                mask.push(0.0);
            }
        }
        Ok((
            Tensor::from_vec(ids, (rows.len(), len), &self.device)?,
            Tensor::from_vec(mask, (rows.len(), len), &self.device)?,
        ))
    }

    /// Score a text: the logit of its most suspicious window. An empty text scores its
    /// classification token alone.
    pub fn score(&self, text: &str) -> Result<Score, LoadError> {
        let mut tokens = Vec::new();
        tokenize(text, self.vocab_u32(), &mut tokens);
        let windows = self.windows(tokens.len());
        let mut best = Score {
            logit: f32::NEG_INFINITY,
            start: 0,
            end: text.len(),
        };
        let per_batch = (BATCH_TOKENS / self.config.max_len).max(1);
        for chunk in windows.chunks(per_batch) {
            let rows: Vec<&[Token]> = chunk.iter().map(|&(s, e)| &tokens[s..e]).collect();
            let (ids, mask) = self.batch(&rows)?;
            let logits = self.forward(&ids, &mask)?.to_vec1::<f32>()?;
            for (&(s, e), logit) in chunk.iter().zip(logits) {
                if !logit.is_finite() {
                    // Fail closed: a model that produces NaN says "suspicious", loudly.
                    return Ok(Score {
                        logit: f32::MAX,
                        start: 0,
                        end: text.len(),
                    });
                }
                if logit > best.logit {
                    best = Score {
                        logit,
                        start: tokens.get(s).map_or(0, |t| t.start),
                        end: if e > s {
                            tokens.get(e - 1).map_or(text.len(), |t| t.end)
                        } else {
                            text.len()
                        },
                    };
                }
            }
        }
        Ok(best)
    }

    pub(crate) fn vocab_u32(&self) -> u32 {
        self.config.vocab_u32()
    }

    /// Every parameter tensor, in [`ModelConfig::tensor_shapes`] order.
    pub(crate) fn parameters(&self) -> Vec<&Tensor> {
        let mut out = vec![&self.tok, &self.pos];
        for l in &self.layers {
            for (w, b) in [&l.ln1, &l.wq, &l.wk, &l.wv, &l.wo, &l.ln2, &l.w1, &l.w2] {
                out.push(w);
                out.push(b);
            }
        }
        out.extend([&self.lnf.0, &self.lnf.1, &self.head.0, &self.head.1]);
        out
    }
}

fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io = |e: std::io::Error| LoadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut buf = Vec::new();
    file.take(limit + 1).read_to_end(&mut buf).map_err(io)?;
    if buf.len() as u64 > limit {
        return Err(LoadError::Invalid {
            path: path.to_path_buf(),
            message: format!("larger than {limit} bytes"),
        });
    }
    Ok(buf)
}
