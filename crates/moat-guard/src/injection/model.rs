//! The linear model: one weight per hash bucket, quantised to `i8` with one scale, and a bias.
//!
//! File format (little-endian): magic `MOATLIN1`, `u32` feature version, `u32` bucket bits,
//! `f32` scale, `f32` bias, then `2^bits` signed bytes. The committed model is embedded with
//! `include_bytes!`.

use super::features::{self, BLOCK, BUCKET_BITS, BUCKETS, FEATURE_VERSION};

const MAGIC: &[u8; 8] = b"MOATLIN1";
const HEADER: usize = 8 + 4 + 4 + 4 + 4;

/// The committed weights.
static EMBEDDED: &[u8] = include_bytes!("../../resources/model/injection.bin");

/// One zero weight per bucket, allocated on the heap directly (a 256 KiB array is not built on
/// the stack first).
fn zeroed() -> Box<[i8; BUCKETS]> {
    // The conversion cannot fail (the vector has exactly BUCKETS entries); the fallback only
    // keeps this free of panics.
    vec![0i8; BUCKETS]
        .into_boxed_slice()
        .try_into()
        .unwrap_or_else(|_| Box::new([0i8; BUCKETS]))
}

/// A quantised linear model over hashed features.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    scale: f32,
    bias: f32,
    weights: Box<[i8; BUCKETS]>,
}

/// Why a weights file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("injection model: {0}")]
pub struct ModelError(String);

/// The model's view of one text: the best window's logit and where that window is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelScore {
    /// Logit of the highest-scoring window (bias included).
    pub logit: f32,
    /// Byte range of that window in the folded text (for locating it; approximate).
    pub window: (usize, usize),
}

impl Model {
    /// The model committed in `resources/model/injection.bin`.
    pub fn embedded() -> Result<Model, ModelError> {
        Model::from_bytes(EMBEDDED)
    }

    /// Parse a weights file.
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(ModelError("not a Moat linear model (bad magic)".into()));
        }
        let u32_at = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
        let version = u32_at(8);
        let bits = u32_at(12);
        if version != FEATURE_VERSION {
            return Err(ModelError(format!(
                "feature version {version}, this build extracts version {FEATURE_VERSION}: retrain"
            )));
        }
        if bits != BUCKET_BITS {
            return Err(ModelError(format!(
                "{bits} bucket bits, expected {BUCKET_BITS}"
            )));
        }
        let scale = f32::from_bits(u32_at(16));
        let bias = f32::from_bits(u32_at(20));
        if !scale.is_finite() || !bias.is_finite() {
            return Err(ModelError("non-finite scale or bias".into()));
        }
        let body = &b[HEADER..];
        if body.len() != BUCKETS {
            return Err(ModelError(format!(
                "{} weights, expected {BUCKETS}",
                body.len()
            )));
        }
        let mut weights = zeroed();
        for (w, &x) in weights.iter_mut().zip(body) {
            *w = x as i8;
        }
        Ok(Model {
            scale,
            bias,
            weights,
        })
    }

    /// Quantise float weights (one per bucket; missing ones are zero, extra ones ignored).
    pub fn quantize(weights: &[f32], bias: f32) -> Model {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut q = zeroed();
        for (d, w) in q.iter_mut().zip(weights) {
            *d = (w / scale).round().clamp(-127.0, 127.0) as i8;
        }
        Model {
            scale,
            bias,
            weights: q,
        }
    }

    /// Serialise to the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&BUCKET_BITS.to_le_bytes());
        out.extend_from_slice(&self.scale.to_bits().to_le_bytes());
        out.extend_from_slice(&self.bias.to_bits().to_le_bytes());
        out.extend(self.weights.iter().map(|&w| w as u8));
        out
    }

    /// Score a text already folded by [`features::fold`]: the maximum over windows of two
    /// blocks (overlapping by one) of `bias + sum(w * sign) / sqrt(n)`.
    pub fn score_folded(&self, folded: &[u8]) -> ModelScore {
        let nblocks = folded.len().div_ceil(BLOCK).max(1);
        // Small inputs (the common case) avoid a heap allocation.
        let mut small = [(0i32, 0u32); 8];
        let mut large = Vec::new();
        let sums: &mut [(i32, u32)] = if nblocks <= small.len() {
            &mut small[..nblocks]
        } else {
            large.resize(nblocks, (0i32, 0u32));
            &mut large
        };
        features::sum_blocks(folded, &self.weights, sums);
        let logit_of = |s: i32, n: u32| {
            if n == 0 {
                self.bias
            } else {
                self.bias + self.scale * s as f32 / (n as f32).sqrt()
            }
        };
        if nblocks <= 2 {
            let (s, n) = sums.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            return ModelScore {
                logit: logit_of(s, n),
                window: (0, folded.len()),
            };
        }
        let mut best = ModelScore {
            logit: f32::NEG_INFINITY,
            window: (0, 0),
        };
        for i in 0..nblocks - 1 {
            let l = logit_of(sums[i].0 + sums[i + 1].0, sums[i].1 + sums[i + 1].1);
            if l > best.logit {
                best = ModelScore {
                    logit: l,
                    window: (i * BLOCK, ((i + 2) * BLOCK).min(folded.len())),
                };
            }
        }
        best
    }

    /// Fold and score a (normalised) text.
    pub fn score(&self, text: &str) -> ModelScore {
        let mut folded = Vec::with_capacity(text.len() + 2);
        features::fold(text, &mut folded);
        self.score_folded(&folded)
    }

    /// The bias.
    pub fn bias(&self) -> f32 {
        self.bias
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn roundtrip_and_rejects() {
        let mut w = vec![0f32; BUCKETS];
        w[5] = 1.0;
        w[7] = -0.5;
        let m = Model::quantize(&w, -1.5);
        let b = m.to_bytes();
        assert_eq!(Model::from_bytes(&b).unwrap(), m);
        assert!(Model::from_bytes(&b[..100]).is_err());
        let mut bad = b.clone();
        bad[0] = b'X';
        assert!(Model::from_bytes(&bad).is_err());
        let mut bad = b;
        bad[8] = 99;
        assert!(Model::from_bytes(&bad).is_err());
    }

    #[test]
    fn embedded_loads() {
        let m = Model::embedded().unwrap();
        let s = m.score("hello");
        assert!(s.logit.is_finite());
    }

    #[test]
    fn window_max_finds_local_evidence() {
        // A model that only likes one word: a long text with the word in one place scores as
        // high as a short text with it.
        let mut folded = Vec::new();
        features::fold("zebra", &mut folded);
        let mut w = vec![0f32; BUCKETS];
        features::for_each_feature(&folded, |_, f| w[features::bucket(f)] = features::sign(f));
        let m = Model::quantize(&w, 0.0);
        let short = m.score("zebra").logit;
        let long = m.score(&format!(
            "{} zebra {}",
            "x ".repeat(3000),
            "y ".repeat(3000)
        ));
        let none = m.score(&"x ".repeat(6000)).logit;
        assert!(short > 1.0);
        // The window around the word keeps ~4 times more of its weight than the whole text
        // would (about 0.1).
        assert!(long.logit > none + 0.15, "{long:?} {none}");
        assert!(long.window.0 > 4000, "{long:?}");
    }
}
