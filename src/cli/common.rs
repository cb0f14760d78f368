//! Options and helpers every command shares.

use crate::pipeline::Options;

/// How a command runs: threads, progress, verbosity.
#[derive(clap::Args, Debug, Clone)]
pub struct RunArgs {
    /// Worker threads (default: the number of cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Size of the blocks the input is read in.
    #[arg(long, default_value = "8M", value_parser = parse_size, hide = true)]
    pub block_size: usize,
    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

impl RunArgs {
    pub fn options(&self) -> Options {
        let mut o = Options::default();
        if let Some(j) = self.jobs {
            o.jobs = j.max(1);
        }
        o.block_size = self.block_size;
        o.progress = !self.quiet;
        o
    }
}

/// Parses `1048576`, `64K`, `8M`, `1G`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1usize << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.trim()
        .parse::<usize>()
        .map(|n| n * mult)
        .map_err(|_| format!("`{s}` is not a size (examples: 1048576, 64K, 8M, 1G)"))
}

/// `1.5 MiB`-style sizes for humans.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
