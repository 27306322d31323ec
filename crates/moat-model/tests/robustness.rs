//! Hostile input: every corpus sample truncated, bit-flipped and spliced must still give a
//! report (a finding or a clean verdict), never a panic, within bounded work.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use moat_model::{ScanOptions, scan_bytes};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, no dependency.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.metadata().unwrap().len() < 64 << 10 {
            out.push(p);
        }
    }
}

#[test]
fn mutated_samples_never_panic() {
    let mut all = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        &mut all,
    );
    all.sort();
    let opts = ScanOptions {
        max_member_bytes: 8 << 20,
        max_total_bytes: 32 << 20,
        ..ScanOptions::default()
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut scans = 0;
    for path in &all {
        let data = std::fs::read(path).unwrap();
        for round in 0..12 {
            let mut m = data.clone();
            match round % 4 {
                0 => m.truncate(rng.below(m.len() + 1)),
                1 => {
                    for _ in 0..1 + rng.below(8) {
                        if !m.is_empty() {
                            let i = rng.below(m.len());
                            m[i] ^= 1 << rng.below(8);
                        }
                    }
                }
                2 => {
                    let i = rng.below(m.len() + 1);
                    let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
                    m.splice(i..i, junk);
                }
                _ => {
                    // Overwrite a 4- or 8-byte field with an extreme value.
                    if m.len() >= 8 {
                        let i = rng.below(m.len() - 7);
                        let v = [u64::MAX, 1 << 40, 0x7fff_ffff, 0][rng.below(4)];
                        m[i..i + 8].copy_from_slice(&v.to_le_bytes());
                    }
                }
            }
            let name = path.file_name().unwrap().to_string_lossy();
            let r = scan_bytes(&name, &m, &opts);
            assert!(!r.format.is_empty());
            scans += 1;
        }
    }
    assert!(scans > 1000, "{scans}");
}

#[test]
fn hostile_shapes_are_bounded() {
    let opts = ScanOptions::default();
    // A pickle of a million DUPs of a list: stack growth is bounded by the input size.
    let mut p = vec![0x80, 2, b']'];
    p.extend(std::iter::repeat_n(b'2', 1_000_000));
    p.push(b'.');
    let r = scan_bytes("dups.pkl", &p, &opts);
    assert_eq!(r.format, "pickle");
    // Memo references that were never stored.
    let r = scan_bytes("memo.pkl", b"\x80\x02h\x07h\x08\x93.", &opts);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "pickle.malformed" && f.offset == Some(2))
    );
    // A gzip stream whose inflated size is far beyond the limit.
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..40 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    let small = ScanOptions {
        max_member_bytes: 16 << 20,
        ..ScanOptions::default()
    };
    let r = scan_bytes("bomb.gz", &bomb, &small);
    assert!(r.findings.iter().any(|f| f.rule == "archive.bomb"), "{r:?}");
    // The same for joblib's other compressions (bzip2 here), and an lzma header that claims a
    // 4 GiB dictionary and an endless stream.
    let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    for _ in 0..40 {
        bz.write_all(&zeros).unwrap();
    }
    let bomb = bz.finish().unwrap();
    let r = scan_bytes("bomb.bz2", &bomb, &small);
    assert!(r.findings.iter().any(|f| f.rule == "archive.bomb"), "{r:?}");
    let mut lz = vec![0x5d, 0, 0, 0, 0xff];
    lz.extend([0xff; 8]);
    lz.extend(std::iter::repeat_n(0u8, 4096));
    let r = scan_bytes("x.lzma", &lz, &small);
    assert!(!r.format.is_empty());
}
