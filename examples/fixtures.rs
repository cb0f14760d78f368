//! Regenerates the bundled fixtures in `fixtures/` from the project's own generator
//! (`benches/synth`), reproducibly: the same generator version gives the same bytes.
//!
//!     cargo run --release --example fixtures
//!
//! `tests/fixtures.rs` checks that the committed files are what this writes.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::io::Write;
use std::path::Path;

/// The fixtures: file name and the size of the uncompressed dump (a consistent Magento CE
/// 1.9 store, see `benches/synth/mod.rs`; under 1 MiB compressed).
pub const FIXTURES: &[(&str, u64)] = &[("m1-synth-store.sql.gz", 3 << 20)];

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::fs::create_dir_all(&dir)?;
    for (name, size) in FIXTURES {
        let mut plain = Vec::new();
        let stats = synth::generate(*size, &mut plain)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&plain)?;
        std::fs::write(dir.join(name), gz.finish()?)?;
        println!(
            "fixtures/{name}: {} bytes, {} tables, {} rows (generator v{}): {:?}",
            stats.bytes,
            stats.tables.len(),
            stats.rows,
            synth::VERSION,
            stats.scale
        );
    }
    Ok(())
}
