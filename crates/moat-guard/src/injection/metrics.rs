//! Detection metrics: confusion counts and the figures derived from them, overall and per
//! source, plus latency percentiles. Shared by `moat eval guard` and the training command.

use std::collections::BTreeMap;

use serde::Serialize;

/// Counts of a binary detector's outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Attacks flagged.
    pub tp: u64,
    /// Benign texts flagged.
    pub fp: u64,
    /// Benign texts passed.
    pub tn: u64,
    /// Attacks missed.
    pub fn_: u64,
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    if b == 0 {
        None
    } else {
        Some(a as f64 / b as f64)
    }
}

impl Confusion {
    /// Record one outcome.
    pub fn add(&mut self, label: bool, detected: bool) {
        match (label, detected) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }

    /// Rows counted.
    pub fn total(&self) -> u64 {
        self.tp + self.fp + self.tn + self.fn_
    }

    /// Attacks counted.
    pub fn positives(&self) -> u64 {
        self.tp + self.fn_
    }

    /// Benign rows counted.
    pub fn negatives(&self) -> u64 {
        self.tn + self.fp
    }

    /// tp / (tp + fp); `None` when nothing was flagged.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); `None` without attacks.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.positives())
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        if p + r == 0.0 {
            Some(0.0)
        } else {
            Some(2.0 * p * r / (p + r))
        }
    }

    /// fp / (fp + tn); `None` without benign rows.
    pub fn fpr(&self) -> Option<f64> {
        ratio(self.fp, self.negatives())
    }

    /// Mean of recall and specificity; with one class only, the rate for that class.
    pub fn balanced_accuracy(&self) -> Option<f64> {
        let spec = self.fpr().map(|f| 1.0 - f);
        match (self.recall(), spec) {
            (Some(r), Some(s)) => Some((r + s) / 2.0),
            (Some(r), None) => Some(r),
            (None, Some(s)) => Some(s),
            (None, None) => None,
        }
    }
}

/// Confusion overall and per source.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Breakdown {
    /// All rows.
    pub overall: Confusion,
    /// Per `source` value (sorted by name).
    pub by_source: BTreeMap<String, Confusion>,
}

impl Breakdown {
    /// Record one outcome for `source`.
    pub fn add(&mut self, source: &str, label: bool, detected: bool) {
        self.overall.add(label, detected);
        self.by_source
            .entry(source.to_owned())
            .or_default()
            .add(label, detected);
    }

    /// A plain-text table: one row per source, then the overall row.
    pub fn table(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{:<30} {:>6} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
            "source", "rows", "pos", "neg", "prec", "recall", "f1", "fpr", "balacc"
        ));
        let row = |name: &str, c: &Confusion| {
            let f = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"));
            format!(
                "{:<30} {:>6} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
                name,
                c.total(),
                c.positives(),
                c.negatives(),
                f(c.precision()),
                f(c.recall()),
                f(c.f1()),
                f(c.fpr()),
                f(c.balanced_accuracy())
            )
        };
        for (s, c) in &self.by_source {
            out.push_str(&row(s, c));
        }
        out.push_str(&row("OVERALL", &self.overall));
        out
    }
}

/// The `q`-quantile (0..=1) of `samples` by the nearest-rank method; sorts `samples`.
pub fn percentile(samples: &mut [f64], q: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    let rank = (q.clamp(0.0, 1.0) * samples.len() as f64).ceil() as usize;
    Some(samples[rank.clamp(1, samples.len()) - 1])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn figures() {
        let mut c = Confusion::default();
        for (l, d) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            c.add(l, d);
        }
        assert_eq!(c.precision().unwrap(), 2.0 / 3.0);
        assert_eq!(c.recall().unwrap(), 2.0 / 3.0);
        assert_eq!(c.fpr().unwrap(), 0.5);
        assert!((c.balanced_accuracy().unwrap() - (2.0 / 3.0 + 0.5) / 2.0).abs() < 1e-12);
        assert!(Confusion::default().precision().is_none());
    }

    #[test]
    fn percentiles() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&mut v, 0.5), Some(50.0));
        assert_eq!(percentile(&mut v, 0.99), Some(99.0));
        assert_eq!(percentile(&mut v, 1.0), Some(100.0));
        assert_eq!(percentile(&mut [], 0.5), None);
    }
}
