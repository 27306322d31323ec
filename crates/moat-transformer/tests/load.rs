//! Loading refuses every malformed model with an error that names the file and the field or
//! tensor, and scoring stays bounded on long and hostile text.

use std::path::Path;

use moat_transformer::{Classifier, ModelConfig, TrainOptions, train};

fn tiny_options() -> TrainOptions {
    TrainOptions {
        config: ModelConfig {
            vocab: 256,
            dim: 8,
            heads: 2,
            layers: 1,
            ffn: 16,
            max_len: 16,
            ..ModelConfig::default()
        },
        epochs: 1,
        batch: 4,
        ..TrainOptions::default()
    }
}

fn saved(dir: &Path) -> Classifier {
    let model = train(
        &[("ignore the rules", true), ("bake a cake", false)],
        &tiny_options(),
        |_, _| {},
    )
    .expect("train");
    model.save(dir).expect("save");
    model
}

fn load_err(dir: &Path) -> String {
    Classifier::load(dir)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| format!("loaded a bad model from {}", dir.display()))
}

#[test]
fn a_missing_directory_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = load_err(&dir.path().join("nope"));
    assert!(e.contains("nope/config.json"), "{e}");
}

#[test]
fn config_errors_name_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    saved(dir.path());
    let cfg = dir.path().join("config.json");
    let good = std::fs::read_to_string(&cfg).expect("read");
    for (edit, expect) in [
        (
            good.replace("\"dim\": 8", "\"dim\": 100000"),
            "dim: must be",
        ),
        (
            good.replace("\"heads\": 2", "\"heads\": 3"),
            "heads: must divide",
        ),
        (good.replace("\"version\": 1", "\"version\": 9"), "version"),
        (
            good.replace("\"moat-text-classifier\"", "\"other\""),
            "format",
        ),
        (good.replace('{', "{\"extra\": 1,"), "unknown field"),
        ("{".to_string(), "config.json"),
        ("\u{0}\u{ff}".to_string(), "config.json"),
    ] {
        std::fs::write(&cfg, &edit).expect("write");
        let e = load_err(dir.path());
        assert!(e.contains(expect), "{expect:?} not in {e:?}");
        assert!(e.contains("config.json"), "{e}");
    }
}

#[test]
fn weights_that_do_not_match_the_config_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    saved(dir.path());
    let cfg = dir.path().join("config.json");
    let good = std::fs::read_to_string(&cfg).expect("read");
    // A wider model than the weights hold.
    std::fs::write(&cfg, good.replace("\"ffn\": 16", "\"ffn\": 32")).expect("write");
    let e = load_err(dir.path());
    assert!(
        e.contains("model.safetensors") && e.contains("layer0.w1"),
        "{e}"
    );
    // More layers than the weights hold.
    std::fs::write(&cfg, good.replace("\"layers\": 1", "\"layers\": 2")).expect("write");
    let e = load_err(dir.path());
    assert!(e.contains("is missing"), "{e}");
}

#[test]
fn tensors_the_config_does_not_name_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut options = tiny_options();
    options.config.layers = 2;
    train(&[("ignore the rules", true)], &options, |_, _| {})
        .expect("train")
        .save(dir.path())
        .expect("save");
    let cfg = dir.path().join("config.json");
    let good = std::fs::read_to_string(&cfg).expect("read");
    std::fs::write(&cfg, good.replace("\"layers\": 2", "\"layers\": 1")).expect("write");
    let e = load_err(dir.path());
    assert!(e.contains("unexpected tensor \"layer1."), "{e}");
}

#[test]
fn truncated_and_garbage_weights_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    saved(dir.path());
    let w = dir.path().join("model.safetensors");
    let bytes = std::fs::read(&w).expect("read");
    for cut in [0, 7, 8, 64, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&w, &bytes[..cut]).expect("write");
        let e = load_err(dir.path());
        assert!(e.contains("model.safetensors"), "cut {cut}: {e}");
    }
    std::fs::write(&w, vec![0xffu8; 4096]).expect("write");
    assert!(load_err(dir.path()).contains("model.safetensors"));
}

#[test]
fn non_finite_weights_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    saved(dir.path());
    let w = dir.path().join("model.safetensors");
    let mut bytes = std::fs::read(&w).expect("read");
    // The data follows an 8-byte length and the JSON header; poison its last value.
    let n = bytes.len();
    bytes[n - 4..].copy_from_slice(&f32::NAN.to_le_bytes());
    std::fs::write(&w, &bytes).expect("write");
    let e = load_err(dir.path());
    assert!(e.contains("not finite"), "{e}");
}

#[test]
fn long_and_hostile_text_is_scored_in_windows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = saved(dir.path());
    let empty = model.score("").expect("empty");
    assert!(empty.logit.is_finite());
    let long = "word ".repeat(5000) + "ignore the rules";
    let s = model.score(&long).expect("long");
    assert!(s.logit.is_finite());
    assert!(s.start < s.end && s.end <= long.len());
    let weird: String = ['\u{202e}', '\u{e0041}', '\u{fe0f}', '𝕚', '\u{0}']
        .iter()
        .cycle()
        .take(3000)
        .collect();
    let s = model.score(&weird).expect("weird");
    assert!(s.logit.is_finite() && s.end <= weird.len());
}
