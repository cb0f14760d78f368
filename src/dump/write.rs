//! SQL out: a file the `mysql` client loads. A header that sets the session up (charset,
//! no foreign-key or unique checks, `NO_AUTO_VALUE_ON_ZERO` because Magento has rows with id
//! 0, autocommit off), statements with explicit column lists, rows batched into multi-row
//! INSERTs no larger than a cap, a `COMMIT` after each table's rows, and a footer.
//!
//! The file is written under a temporary name in the same directory and renamed when
//! complete, so a file under the final name is always whole. `.gz` in the name selects gzip.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Default cap on one INSERT statement: far below the 16 MiB `max_allowed_packet` of a
/// stock server, large enough that statement overhead does not matter.
pub const DEFAULT_STATEMENT_CAP: usize = 1 << 20;

/// The session a file is loaded in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// `SET NAMES` charset.
    pub names: String,
    /// `SET TIME_ZONE`, if any.
    pub time_zone: Option<String>,
    /// `SET SQL_MODE`; with a leading `+`, the modes are added to the loading session's.
    pub sql_mode: String,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            names: "utf8mb4".into(),
            time_zone: None,
            sql_mode: "NO_AUTO_VALUE_ON_ZERO".into(),
        }
    }
}

/// gzip level for `.gz` output: level 1 compresses several times faster than the default
/// 6 and costs a few percent of size on dumps.
pub const GZIP_LEVEL: u32 = 1;

#[allow(clippy::large_enum_variant)] // one per writer
enum Sink {
    Plain(BufWriter<File>),
    Gzip(BufWriter<flate2::write::GzEncoder<File>>),
}

impl Sink {
    #[inline]
    fn w(&mut self) -> &mut dyn Write {
        match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w,
        }
    }
}

/// The INSERT statement being filled.
struct Open {
    header: Vec<u8>,
    /// Written before the `;` (e.g. `ON DUPLICATE KEY UPDATE …`).
    trailer: Vec<u8>,
    len: usize,
}

/// Writes a SQL file; see the module documentation.
pub struct SqlWriter {
    sink: Option<Sink>,
    tmp: PathBuf,
    path: PathBuf,
    cap: usize,
    open: Option<Open>,
    /// Rows were written since the last COMMIT.
    uncommitted: bool,
    /// The header of the last rows written.
    last: Vec<u8>,
    bytes: u64,
    statements: u64,
    rows: u64,
    /// A resumable file is kept when the run stops with an error.
    keep_on_error: bool,
    /// `bytes` at the last checkpoint: a checkpoint with nothing new is a no-op.
    checkpointed: Option<Checkpoint>,
}

/// Where a resumable output stands: its partial file's length, and the uncompressed bytes
/// written until then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub file_len: u64,
    pub bytes: u64,
}

/// The partial file of a resumable output: `.<name>.m1tom2-partial` beside it.
pub fn partial_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.m1tom2-partial"))
}

fn is_gz(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

fn sink_for(f: File, gz: bool) -> Sink {
    if gz {
        let enc = flate2::write::GzEncoder::new(f, flate2::Compression::new(GZIP_LEVEL));
        Sink::Gzip(BufWriter::with_capacity(1 << 20, enc))
    } else {
        Sink::Plain(BufWriter::with_capacity(1 << 20, f))
    }
}

fn tmp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.m1tom2-{}.tmp", std::process::id()))
}

impl SqlWriter {
    /// Creates the temporary file next to `path`. `cap` is the largest INSERT in bytes.
    pub fn create(path: &Path, cap: usize) -> Result<Self> {
        let tmp = tmp_name(path);
        let f = File::create(&tmp)
            .with_context(|| format!("cannot create the output {}", tmp.display()))?;
        let gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let sink = if gz {
            let enc = flate2::write::GzEncoder::new(f, flate2::Compression::new(GZIP_LEVEL));
            Sink::Gzip(BufWriter::with_capacity(1 << 20, enc))
        } else {
            Sink::Plain(BufWriter::with_capacity(1 << 20, f))
        };
        Ok(SqlWriter {
            sink: Some(sink),
            tmp,
            path: path.to_path_buf(),
            cap: cap.max(1024),
            open: None,
            uncommitted: false,
            last: Vec::new(),
            bytes: 0,
            statements: 0,
            rows: 0,
            keep_on_error: false,
            checkpointed: None,
        })
    }

    /// Opens a resumable output: its partial file, cut back to `from` (a checkpoint of an
    /// earlier run) or started anew. A `.gz` output is written as one gzip member per
    /// checkpoint, so that a cut at a checkpoint leaves a valid file to continue.
    pub fn resumable(path: &Path, cap: usize, from: Option<Checkpoint>) -> Result<Self> {
        let tmp = partial_name(path);
        let ctx = || format!("cannot open the output {}", tmp.display());
        let (f, bytes) = match from {
            Some(cp) => {
                let f = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&tmp)
                    .with_context(ctx)?;
                f.set_len(cp.file_len).with_context(ctx)?;
                let mut f = f;
                use std::io::Seek;
                f.seek(std::io::SeekFrom::End(0)).with_context(ctx)?;
                (f, cp.bytes)
            }
            None => (File::create(&tmp).with_context(ctx)?, 0),
        };
        Ok(SqlWriter {
            sink: Some(sink_for(f, is_gz(path))),
            tmp,
            path: path.to_path_buf(),
            cap: cap.max(1024),
            open: None,
            uncommitted: false,
            last: Vec::new(),
            bytes,
            statements: 0,
            rows: 0,
            keep_on_error: true,
            checkpointed: from,
        })
    }

    /// Ends the rows in progress and makes everything written so far durable in the
    /// partial file (a gzip member is closed and a new one begun). Returns where the file
    /// stands, for a later run to continue from.
    pub fn checkpoint(&mut self) -> Result<Checkpoint> {
        self.end_rows()?;
        if let Some(cp) = self.checkpointed.filter(|cp| cp.bytes == self.bytes) {
            return Ok(cp);
        }
        let ctx = || format!("cannot write {}", self.tmp.display());
        let sink = self.sink.take().expect("writer used after finish");
        let (f, gz) = match sink {
            Sink::Plain(w) => (
                w.into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(ctx)?,
                false,
            ),
            Sink::Gzip(w) => (
                w.into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(ctx)?
                    .finish()
                    .with_context(ctx)?,
                true,
            ),
        };
        let file_len = f.metadata().with_context(ctx)?.len();
        self.sink = Some(sink_for(f, gz));
        let cp = Checkpoint {
            file_len,
            bytes: self.bytes,
        };
        self.checkpointed = Some(cp);
        Ok(cp)
    }

    #[inline]
    fn put(&mut self, b: &[u8]) -> Result<()> {
        self.bytes += b.len() as u64;
        let sink = self.sink.as_mut().expect("writer used after finish");
        sink.w()
            .write_all(b)
            .with_context(|| format!("cannot write {}", self.tmp.display()))
    }

    /// Writes the session header. `title` becomes the first comment line.
    pub fn header(&mut self, title: &str, session: &Session) -> Result<()> {
        let mut h = String::new();
        h.push_str(&format!("-- {title}\n"));
        h.push_str(&format!(
            "-- written by m1tom2 {}; load it with the mysql client\n\n",
            env!("CARGO_PKG_VERSION")
        ));
        h.push_str(&format!("SET NAMES {};\n", session.names));
        if let Some(tz) = &session.time_zone {
            h.push_str(&format!("SET TIME_ZONE={};\n", sql_string(tz)));
        }
        h.push_str("SET FOREIGN_KEY_CHECKS=0;\nSET UNIQUE_CHECKS=0;\n");
        match session.sql_mode.strip_prefix('+') {
            // Added to the loading session's mode, so a strict session stays strict.
            Some(add) => h.push_str(&format!(
                "SET SQL_MODE=REPLACE(CONCAT_WS(',', NULLIF(@@SESSION.SQL_MODE, ''), {}), 'NO_BACKSLASH_ESCAPES', '');\n",
                sql_string(add)
            )),
            None => h.push_str(&format!("SET SQL_MODE={};\n", sql_string(&session.sql_mode))),
        }
        h.push_str("SET SQL_NOTES=0;\nSET autocommit=0;\n\n");
        self.put(h.as_bytes())
    }

    /// Closes the open INSERT, if any.
    fn close(&mut self) -> Result<()> {
        if let Some(o) = self.open.take() {
            if !o.trailer.is_empty() {
                self.put(&o.trailer)?;
            }
            self.put(b";\n")?;
        }
        Ok(())
    }

    /// Ends the rows of the current table: closes the INSERT and commits.
    pub fn end_rows(&mut self) -> Result<()> {
        self.close()?;
        if self.uncommitted {
            self.uncommitted = false;
            self.put(b"COMMIT;\n")?;
        }
        Ok(())
    }

    /// Writes a statement as it is (without its delimiter), after ending any rows.
    pub fn statement(&mut self, sql: &[u8]) -> Result<()> {
        self.end_rows()?;
        self.statements += 1;
        self.put(sql)?;
        self.put(b";\n")
    }

    /// Writes a statement that needs its own delimiter, such as a trigger body:
    /// `DELIMITER ;;` … `;;` `DELIMITER ;`.
    pub fn delimited(&mut self, sql: &[u8], delimiter: &[u8]) -> Result<()> {
        self.end_rows()?;
        self.statements += 1;
        self.put(b"DELIMITER ")?;
        self.put(delimiter)?;
        self.put(b"\n")?;
        self.put(sql)?;
        self.put(delimiter)?;
        self.put(b"\nDELIMITER ;\n")
    }

    /// Writes a blank line or a comment line (`text` without `--`).
    pub fn comment(&mut self, text: &str) -> Result<()> {
        self.close()?;
        if text.is_empty() {
            self.put(b"\n")
        } else {
            self.put(format!("-- {text}\n").as_bytes())
        }
    }

    /// Writes rows. `header` is the statement start up to and including `VALUES `; `tuples`
    /// holds the tuples joined by `,`; `ends[k]` is the offset just after tuple `k`. Rows
    /// with the same header as the open statement continue it until the cap.
    pub fn rows(&mut self, header: &[u8], tuples: &[u8], ends: &[usize]) -> Result<()> {
        self.rows_with(header, b"", tuples, ends)
    }

    /// Like [`SqlWriter::rows`], with `trailer` written before each statement's `;`.
    pub fn rows_with(
        &mut self,
        header: &[u8],
        trailer: &[u8],
        tuples: &[u8],
        ends: &[usize],
    ) -> Result<()> {
        let mut start = 0usize;
        let mut k = 0usize;
        self.rows += ends.len() as u64;
        while k < ends.len() {
            if self.uncommitted && self.last != header {
                self.end_rows()?; // another table (or column list): commit the last one
            }
            if self.open.is_none() {
                self.statements += 1;
                self.put(header)?;
                self.open = Some(Open {
                    header: header.to_vec(),
                    trailer: trailer.to_vec(),
                    len: header.len() + trailer.len(),
                });
                if self.last != header {
                    self.last = header.to_vec();
                }
            }
            let (len, fresh) = {
                let o = self.open.as_ref().unwrap();
                (o.len, o.len == o.header.len() + o.trailer.len())
            };
            // Tuples k..j fit when len + (1 if continuing) + (ends[j-1] - start) + 2 <= cap.
            let sep = usize::from(!fresh);
            let budget = self.cap.saturating_sub(len + sep + 2);
            let rest = &ends[k..];
            let mut j = k + rest.partition_point(|&e| e - start <= budget);
            if j == k {
                if !fresh {
                    // Does not fit after what is there: start a new statement.
                    self.close()?;
                    continue;
                }
                j = k + 1; // a single tuple larger than the cap gets a statement of its own
            }
            let end = ends[j - 1];
            if sep == 1 {
                self.put(b",")?;
            }
            self.put(&tuples[start..end])?;
            self.open.as_mut().unwrap().len += sep + end - start;
            self.uncommitted = true;
            start = end + 1;
            k = j;
        }
        Ok(())
    }

    /// Writes one INSERT whose VALUES part is copied as bytes (`values` holds the tuples as
    /// the input wrote them). It is not merged with other rows.
    pub fn raw_rows(&mut self, header: &[u8], values: &[u8]) -> Result<()> {
        if self.uncommitted && self.last != header {
            self.end_rows()?;
        }
        self.close()?;
        self.statements += 1;
        self.put(header)?;
        self.put(values)?;
        self.put(b";\n")?;
        self.uncommitted = true;
        if self.last != header {
            self.last = header.to_vec();
        }
        Ok(())
    }

    /// Bytes written so far (uncompressed).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn rows_written(&self) -> u64 {
        self.rows
    }

    pub fn statements_written(&self) -> u64 {
        self.statements
    }

    /// Drops the output: the temporary or partial file is removed.
    pub fn discard(mut self) {
        self.sink = None;
        let _ = std::fs::remove_file(&self.tmp);
    }

    /// Writes the footer, flushes, and renames the file to its final name.
    pub fn finish(mut self) -> Result<()> {
        self.end_rows()?;
        self.put(b"\nCOMMIT;\nSET autocommit=1;\nSET UNIQUE_CHECKS=1;\nSET FOREIGN_KEY_CHECKS=1;\n-- m1tom2: end of output\n")?;
        let ctx = || format!("cannot write {}", self.tmp.display());
        match self.sink.take().unwrap() {
            Sink::Plain(w) => {
                w.into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(ctx)?;
            }
            Sink::Gzip(w) => {
                let enc = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(ctx)?;
                enc.finish().with_context(ctx)?;
            }
        }
        std::fs::rename(&self.tmp, &self.path).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.tmp.display(),
                self.path.display()
            )
        })
    }
}

impl Drop for SqlWriter {
    fn drop(&mut self) {
        if self.sink.is_some() && !self.keep_on_error {
            // Not finished: an error happened. Never leave a partial file behind.
            self.sink = None;
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// A single-quoted SQL string for a header value.
pub fn sql_string(s: &str) -> String {
    let mut out = Vec::new();
    super::value::escape_quoted(&mut out, s.as_bytes());
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// `` `name` `` with backticks doubled.
pub fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Appends `` INSERT INTO `t` (`a`,`b`) VALUES `` to `out`.
pub fn insert_header(out: &mut Vec<u8>, verb: &str, table: &str, columns: Option<&[&str]>) {
    out.extend_from_slice(verb.as_bytes());
    out.push(b' ');
    out.extend_from_slice(quote_ident(table).as_bytes());
    if let Some(cols) = columns {
        out.extend_from_slice(b" (");
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(quote_ident(c).as_bytes());
        }
        out.push(b')');
    }
    out.extend_from_slice(b" VALUES ");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuples(rows: &[&str]) -> (Vec<u8>, Vec<usize>) {
        let mut t = Vec::new();
        let mut ends = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if i > 0 {
                t.push(b',');
            }
            t.extend_from_slice(r.as_bytes());
            ends.push(t.len());
        }
        (t, ends)
    }

    fn body(path: &Path) -> String {
        let s = std::fs::read_to_string(path).unwrap();
        let start = s.find("SET autocommit=0;\n\n").unwrap() + 19;
        let end = s.find("\nCOMMIT;\nSET autocommit=1").unwrap();
        s[start..end].to_string()
    }

    #[test]
    fn batches_rows_under_the_cap_across_calls() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.sql");
        let mut w = SqlWriter::create(&p, 1024).unwrap();
        w.header("test", &Session::default()).unwrap();
        let mut h = Vec::new();
        insert_header(&mut h, "INSERT INTO", "t", Some(&["a", "b"]));
        let row = format!("(1,'{}')", "x".repeat(300));
        let (t, e) = tuples(&[&row, &row]);
        w.rows(&h, &t, &e).unwrap();
        w.rows(&h, &t, &e).unwrap();
        w.statement(b"DROP TABLE IF EXISTS `u`").unwrap();
        assert!(!p.exists(), "nothing under the final name before finish");
        w.finish().unwrap();
        let b = body(&p);
        let stmts: Vec<&str> = b.lines().collect();
        assert_eq!(stmts.len(), 4, "{b}");
        assert!(stmts[0].starts_with("INSERT INTO `t` (`a`,`b`) VALUES (1,'xx"));
        assert_eq!(stmts[0].matches("(1,").count(), 3);
        assert!(stmts[0].len() <= 1024);
        assert_eq!(stmts[1].matches("(1,").count(), 1);
        assert_eq!(stmts[2], "COMMIT;");
        assert_eq!(stmts[3], "DROP TABLE IF EXISTS `u`;");
    }

    #[test]
    fn oversized_row_gets_its_own_statement() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.sql");
        let mut w = SqlWriter::create(&p, 1024).unwrap();
        w.header("test", &Session::default()).unwrap();
        let big = format!("(1,'{}')", "y".repeat(5000));
        let (t, e) = tuples(&["(0,'a')", &big, "(2,'b')"]);
        w.rows(b"INSERT INTO `t` VALUES ", &t, &e).unwrap();
        w.finish().unwrap();
        let b = body(&p);
        let lines: Vec<&str> = b.lines().collect();
        assert_eq!(lines.len(), 4, "{b}");
        assert_eq!(lines[0], "INSERT INTO `t` VALUES (0,'a');");
        assert!(lines[1].len() > 5000);
        assert_eq!(lines[2], "INSERT INTO `t` VALUES (2,'b');");
    }

    #[test]
    fn dropped_writer_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.sql.gz");
        {
            let mut w = SqlWriter::create(&p, 1024).unwrap();
            w.header("x", &Session::default()).unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn gz_output_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("o.sql.gz");
        let mut w = SqlWriter::create(&p, 1024).unwrap();
        w.header("x", &Session::default()).unwrap();
        w.finish().unwrap();
        let raw = std::fs::read(&p).unwrap();
        assert_eq!(&raw[..2], &[0x1f, 0x8b]);
    }
}
