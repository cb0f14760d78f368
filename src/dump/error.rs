//! The error for bad input: where (file, line, byte offset, table), what was expected, and a
//! hint at what to do about it.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpError {
    /// The input file (or `<stdin>`).
    pub file: String,
    /// 1-based line of the failing byte.
    pub line: u64,
    /// Byte offset in the uncompressed file.
    pub offset: u64,
    /// The table the statement belongs to, when known.
    pub table: Option<String>,
    /// What was wrong: "expected …, found …".
    pub message: String,
    pub hint: String,
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)?;
        write!(f, "\n  at byte offset {}", self.offset)?;
        if let Some(t) = &self.table {
            write!(f, ", in a statement for table `{t}`")?;
        }
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for DumpError {}

/// Counts the lines in `bytes` (newline bytes).
pub fn count_lines(bytes: &[u8]) -> u64 {
    // Dumps have few newlines per byte (mysqldump: one per statement): a SIMD search
    // from one to the next costs far less than looking at every byte.
    memchr::memchr_iter(b'\n', bytes).count() as u64
}
