//! The bundled fixtures are what the project's generator writes: anyone can regenerate them
//! (`cargo run --release --example fixtures`) and get the same bytes.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::io::Read;
use std::path::Path;

#[test]
fn fixtures_are_reproducible() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let path = dir.join("m1-synth-store.sql.gz");
    let mut committed = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).expect("fixture exists"))
        .read_to_end(&mut committed)
        .unwrap();
    let mut fresh = Vec::new();
    // The size examples/fixtures.rs gives it.
    synth::generate(3 << 20, &mut fresh).unwrap();
    assert!(
        committed == fresh,
        "{} differs from what the generator writes now: run `cargo run --release --example fixtures` and commit",
        path.display()
    );
}
