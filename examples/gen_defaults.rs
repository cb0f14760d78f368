//! Writes m1tom2's embedded rules (`defaults/m1/`) from Magento's Data Migration Tool files.
//!
//! ```sh
//! cargo run --example gen_defaults                 # from ../shared/reference/dmt-etc/opensource-to-opensource
//! cargo run --example gen_defaults -- SRC [OUT]    # SRC: Magento's etc/opensource-to-opensource; OUT: defaults/m1
//! ```
//!
//! The output depends only on the rules in the input files, so running it twice, or on another
//! machine, writes the same bytes; `tests/mapping.rs` checks the committed files against it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args_os().skip(1);
    let src = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/reference/dmt-etc/opensource-to-opensource"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("defaults/m1"));
    match m1tom2::mapping::gen_defaults::write(&src, &out) {
        Ok(files) => {
            let bytes: u64 = files
                .iter()
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum();
            eprintln!(
                "wrote {} files ({} bytes) to {}",
                files.len(),
                bytes,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
