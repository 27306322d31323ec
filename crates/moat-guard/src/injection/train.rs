//! Deterministic training of the linear model, and the cross-validation splits used to measure
//! it. Used by the `train` example; kept in the library so tests can check determinism.
//!
//! The learner is logistic regression fitted by plain stochastic gradient descent in a fixed,
//! seeded order (no threads, no hash-map iteration), so the same data and options always give
//! bit-identical weights. Long texts are split into overlapping windows exactly as at scoring
//! time, and each example's gradient flows through its highest-scoring window: what is trained
//! is the same max-over-windows score the detector uses.

use std::collections::HashMap;

use moat_core::TextKind;

use super::features::{self, BLOCK, BUCKETS};
use super::model::Model;
use crate::normalize::{NormalizeLimits, normalize};

/// One labelled text.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Row identifier.
    pub id: String,
    /// The text.
    pub text: String,
    /// True for an attack.
    pub label: bool,
    /// Prompt or document.
    pub kind: TextKind,
    /// Where the row came from (for grouping and per-source figures).
    pub source: String,
}

/// An example turned into features, block by block.
#[derive(Debug, Clone)]
pub struct Prepared {
    blocks: Vec<Vec<u32>>,
    label: bool,
}

/// Texts longer than this are cut before training (the detector still scans them whole).
const MAX_TRAIN_BYTES: usize = 32 * 1024;

impl Prepared {
    /// Normalise and extract the features of one example.
    pub fn new(ex: &Example, limits: &NormalizeLimits) -> Prepared {
        let mut end = ex.text.len().min(MAX_TRAIN_BYTES);
        while !ex.text.is_char_boundary(end) {
            end -= 1;
        }
        let norm = normalize(&ex.text[..end], limits);
        let mut folded = Vec::new();
        features::fold(&norm.text, &mut folded);
        let nblocks = folded.len().div_ceil(BLOCK).max(1);
        let mut blocks = vec![Vec::new(); nblocks];
        features::for_each_feature(&folded, |b, f| {
            if let Some(v) = blocks.get_mut(b) {
                v.push(f);
            }
        });
        Prepared {
            blocks,
            label: ex.label,
        }
    }

    fn windows(&self) -> impl Iterator<Item = (&[u32], &[u32])> {
        let n = self.blocks.len();
        let count = if n <= 2 { 1 } else { n - 1 };
        (0..count).map(move |i| {
            let a = self.blocks[i].as_slice();
            let b = self.blocks.get(i + 1).map_or(&[][..], Vec::as_slice);
            (a, b)
        })
    }
}

/// Options of the learner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: u32,
    /// Initial learning rate; it decays as `lr / (1 + t / n)` with `t` the step and `n` the
    /// number of examples.
    pub learning_rate: f32,
    /// L2 penalty per example.
    pub l2: f32,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 6,
            learning_rate: 0.5,
            l2: 5e-5,
            seed: 0x5EED,
        }
    }
}

/// A deterministic 64-bit generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Shuffle in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Per-example loss weights: the two classes weigh the same in total, and within a class each
/// source weighs in proportion to the square root of its size, so large sources do not drown
/// small ones and small ones are not blown up either. Mean weight is 1.
pub fn example_weights(examples: &[&Example]) -> Vec<f32> {
    let mut counts: HashMap<(&str, bool), usize> = HashMap::new();
    for e in examples {
        *counts.entry((e.source.as_str(), e.label)).or_default() += 1;
    }
    let mut class_mass = [0f64; 2];
    for (&(_, l), &n) in &counts {
        class_mass[usize::from(l)] += (n as f64).sqrt();
    }
    let raw: Vec<f64> = examples
        .iter()
        .map(|e| {
            let n = counts
                .get(&(e.source.as_str(), e.label))
                .copied()
                .unwrap_or(1) as f64;
            let mass = class_mass[usize::from(e.label)].max(1e-9);
            n.sqrt() / mass / n
        })
        .collect();
    let mean = raw.iter().sum::<f64>() / raw.len().max(1) as f64;
    raw.iter().map(|w| (w / mean.max(1e-12)) as f32).collect()
}

/// Train on `data` (with matching `weights`) and return float weights and the bias.
pub fn train(data: &[&Prepared], weights: &[f32], opts: &TrainOptions) -> (Vec<f32>, f32) {
    let mut v = vec![0f32; BUCKETS];
    let mut c = 1f32; // w = c * v, so the L2 decay is one multiplication per step
    let mut bias = 0f32;
    let mut rng = SplitMix::new(opts.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let n = data.len().max(1) as f32;
    let mut t = 0f32;
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = data[i];
            let lr = opts.learning_rate / (1.0 + t / n);
            t += 1.0;
            // Pick the highest-scoring window.
            let mut best: Option<(f32, &[u32], &[u32], f32)> = None;
            for (a, b) in ex.windows() {
                let cnt = (a.len() + b.len()) as f32;
                if cnt == 0.0 {
                    continue;
                }
                let norm = 1.0 / cnt.sqrt();
                let s: f32 = a
                    .iter()
                    .chain(b)
                    .map(|&f| v[features::bucket(f)] * features::sign(f))
                    .sum();
                let z = bias + c * s * norm;
                if best.is_none_or(|bz| z > bz.0) {
                    best = Some((z, a, b, norm));
                }
            }
            let Some((z, a, b, norm)) = best else {
                continue;
            };
            let y = if ex.label { 1.0 } else { 0.0 };
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (p - y) * weights[i];
            bias -= lr * g * 0.1;
            c *= 1.0 - lr * opts.l2;
            let step = lr * g * norm / c;
            for &f in a.iter().chain(b) {
                v[features::bucket(f)] -= step * features::sign(f);
            }
            if c < 1e-3 {
                for x in &mut v {
                    *x *= c;
                }
                c = 1.0;
            }
        }
    }
    for x in &mut v {
        *x *= c;
    }
    (v, bias)
}

/// Train and quantise in one go.
pub fn train_model(data: &[&Prepared], weights: &[f32], opts: &TrainOptions) -> Model {
    let (w, b) = train(data, weights, opts);
    Model::quantize(&w, b)
}

/// Group rows that share a context so cross-validation cannot train on one copy and test on
/// another: two rows are in one group when they share a line of at least 25 bytes that occurs
/// in at most 8 rows (BIPIA inserts several attacks into one email or table; frequent lines are
/// templates or attacks, not contexts). Identical texts are always grouped. Returns a group
/// number per row.
pub fn groups(examples: &[&Example]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..examples.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut df: HashMap<&str, usize> = HashMap::new();
    let mut lines_of: Vec<Vec<&str>> = Vec::with_capacity(examples.len());
    for e in examples {
        let mut ls: Vec<&str> = e
            .text
            .lines()
            .map(str::trim)
            .filter(|l| l.len() >= 25)
            .collect();
        ls.sort_unstable();
        ls.dedup();
        for l in &ls {
            *df.entry(l).or_default() += 1;
        }
        lines_of.push(ls);
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    for (i, e) in examples.iter().enumerate() {
        if let Some(&j) = by_text.get(e.text.as_str()) {
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        } else {
            by_text.insert(e.text.as_str(), i);
        }
        for l in &lines_of[i] {
            if df.get(l).copied().unwrap_or(0) > 8 {
                continue;
            }
            if let Some(&j) = first.get(l) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            } else {
                first.insert(l, i);
            }
        }
    }
    (0..examples.len()).map(|i| find(&mut parent, i)).collect()
}

/// Assign groups to `k` folds, stratified by (source, label) of each group's first row: groups
/// are visited in a seeded order and each goes to the fold that has the fewest rows of its
/// stratum so far. Returns a fold number per row.
pub fn stratified_folds(
    examples: &[&Example],
    groups: &[usize],
    k: usize,
    seed: u64,
) -> Vec<usize> {
    let k = k.max(2);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &g) in groups.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut keys: Vec<usize> = members.keys().copied().collect();
    keys.sort_unstable();
    SplitMix::new(seed).shuffle(&mut keys);
    let mut load: HashMap<(&str, bool), Vec<usize>> = HashMap::new();
    let mut fold = vec![0usize; examples.len()];
    for g in keys {
        let rows = &members[&g];
        let e = examples[rows[0]];
        let l = load
            .entry((e.source.as_str(), e.label))
            .or_insert_with(|| vec![0; k]);
        let mut best = 0;
        for f in 1..k {
            if l[f] < l[best] {
                best = f;
            }
        }
        l[best] += rows.len();
        for &r in rows {
            fold[r] = best;
        }
    }
    fold
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ex(id: usize, text: &str, label: bool, source: &str) -> Example {
        Example {
            id: id.to_string(),
            text: text.to_owned(),
            label,
            kind: TextKind::Prompt,
            source: source.to_owned(),
        }
    }

    #[test]
    fn groups_join_shared_context() {
        let ctx = "| 1987/88 | 4 | 3a | 15th | some long table row here |";
        let a = ex(0, &format!("{ctx}\nrow"), false, "b");
        let b = ex(1, &format!("Say hi.\n{ctx}"), true, "b");
        let c = ex(2, "something else entirely, long enough line", false, "b");
        let g = groups(&[&a, &b, &c]);
        assert_eq!(g[0], g[1]);
        assert_ne!(g[0], g[2]);
        let f = stratified_folds(&[&a, &b, &c], &g, 3, 1);
        assert_eq!(f[0], f[1]);
    }

    #[test]
    fn weights_balance_classes() {
        let rows: Vec<Example> = (0..10)
            .map(|i| ex(i, "x", i < 2, if i < 6 { "a" } else { "b" }))
            .collect();
        let refs: Vec<&Example> = rows.iter().collect();
        let w = example_weights(&refs);
        let pos: f32 = w
            .iter()
            .zip(&rows)
            .filter(|(_, e)| e.label)
            .map(|x| x.0)
            .sum();
        let neg: f32 = w
            .iter()
            .zip(&rows)
            .filter(|(_, e)| !e.label)
            .map(|x| x.0)
            .sum();
        assert!((pos - neg).abs() < 1e-3, "{pos} {neg}");
    }
}
