//! Where dump bytes come from: a plain file, a gzip file, a directory of per-table files
//! (mydumper, MySQL Workbench), standard input (`-`), or bytes built into the program (the
//! embedded Magento 2 baseline, see [`Source::embedded`]). Compression is recognised by the
//! bytes, never by the name.
//!
//! Plain files are read with large buffered reads into the splitter's blocks: on this
//! machine kind that measured faster than a memory map and keeps the resident set flat.
//! Gzip is inflated on its own thread (zlib-rs) and handed over in chunks, so inflating and
//! splitting run side by side.

use anyhow::{Context, Result, bail};
use crossbeam_channel::{Receiver, bounded};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
}

/// One input file of a source.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// The path, or `-` for standard input.
    pub path: PathBuf,
    /// Size on disk (compressed size for gzip); unknown for standard input.
    pub size: Option<u64>,
    pub compression: Compression,
    /// The bytes themselves when they are built into the program; `None` for files.
    pub embedded: Option<&'static [u8]>,
}

impl InputFile {
    pub fn display(&self) -> String {
        if self.embedded.is_some() {
            format!("{} (built in)", self.path.display())
        } else if self.is_stdin() {
            "<stdin>".to_string()
        } else {
            self.path.display().to_string()
        }
    }

    pub fn is_stdin(&self) -> bool {
        self.embedded.is_none() && self.path.as_os_str() == "-"
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    File,
    Directory,
    Stdin,
    /// Bytes built into the program.
    Embedded,
}

/// A dump: one or more input files, read in order.
#[derive(Clone, Debug)]
pub struct Source {
    pub kind: SourceKind,
    pub path: PathBuf,
    pub files: Vec<InputFile>,
    /// Files of a directory that are not SQL and were left out.
    pub skipped: Vec<PathBuf>,
}

impl Source {
    /// A source over bytes built into the program (`include_bytes!`), plain or gzip
    /// (recognised by the bytes, as for files). `name` stands for the path in messages.
    pub fn embedded(name: &str, bytes: &'static [u8]) -> Source {
        Source {
            kind: SourceKind::Embedded,
            path: PathBuf::from(name),
            files: vec![InputFile {
                path: PathBuf::from(name),
                size: Some(bytes.len() as u64),
                compression: if bytes.starts_with(&GZIP_MAGIC) {
                    Compression::Gzip
                } else {
                    Compression::None
                },
                embedded: Some(bytes),
            }],
            skipped: Vec::new(),
        }
    }

    /// Total bytes on disk, for progress; `None` when reading standard input.
    pub fn total_size(&self) -> Option<u64> {
        self.files.iter().map(|f| f.size).sum()
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

fn sniff(path: &Path) -> Result<Compression> {
    let mut f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match f.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
    Ok(if got == 2 && magic == GZIP_MAGIC {
        Compression::Gzip
    } else {
        Compression::None
    })
}

fn input_file(path: &Path) -> Result<InputFile> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(InputFile {
        path: path.to_path_buf(),
        size: Some(meta.len()),
        compression: sniff(path)?,
        embedded: None,
    })
}

/// Orders the files of a dump directory the way they must be loaded: table definitions
/// first (mydumper's `*-schema.sql`), then data, then views, triggers and routines.
fn dir_rank(name: &str) -> u8 {
    let stem = name.trim_end_matches(".gz").trim_end_matches(".sql");
    if stem.ends_with("-schema-create") {
        0
    } else if stem.ends_with("-schema") {
        1
    } else if stem.ends_with("-schema-view")
        || stem.ends_with("-schema-triggers")
        || stem.ends_with("-schema-post")
    {
        3
    } else {
        2
    }
}

/// Opens a dump given on the command line: a file, a directory, or `-`.
pub fn open(path: &Path) -> Result<Source> {
    if path.as_os_str() == "-" {
        return Ok(Source {
            kind: SourceKind::Stdin,
            path: path.to_path_buf(),
            files: vec![InputFile {
                path: path.to_path_buf(),
                size: None,
                compression: Compression::None, // decided when reading
                embedded: None,
            }],
            skipped: Vec::new(),
        });
    }
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot open the dump {}", path.display()))?;
    if meta.is_dir() {
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        for entry in
            std::fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))?
        {
            let entry = entry.with_context(|| format!("cannot list {}", path.display()))?;
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_sql = name.ends_with(".sql") || name.ends_with(".sql.gz");
            if is_sql && p.is_file() {
                files.push((dir_rank(&name), name, p));
            } else {
                skipped.push(p);
            }
        }
        if files.is_empty() {
            bail!(
                "the directory {} holds no .sql or .sql.gz files\n  hint: give a dump file, or the directory mydumper or MySQL Workbench wrote",
                path.display()
            );
        }
        files.sort();
        skipped.sort();
        let files = files
            .into_iter()
            .map(|(_, _, p)| input_file(&p))
            .collect::<Result<_>>()?;
        return Ok(Source {
            kind: SourceKind::Directory,
            path: path.to_path_buf(),
            files,
            skipped,
        });
    }
    Ok(Source {
        kind: SourceKind::File,
        path: path.to_path_buf(),
        files: vec![input_file(path)?],
        skipped: Vec::new(),
    })
}

/// Counts the bytes read from the underlying file, for progress and error offsets.
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Uncompressed bytes of one input file. For gzip the inflating runs on its own thread.
pub struct FileReader {
    inner: Box<dyn Read + Send>,
}

impl Read for FileReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

/// Size of the chunks the inflate thread hands over.
const INFLATE_CHUNK: usize = 1 << 20;

/// Chunks from the inflate thread, read as one stream.
struct ChunkReader {
    rx: Receiver<io::Result<Vec<u8>>>,
    cur: Vec<u8>,
    pos: usize,
    recycle: crossbeam_channel::Sender<Vec<u8>>,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.cur.len() {
            match self.rx.recv() {
                Ok(Ok(chunk)) => {
                    let old = std::mem::replace(&mut self.cur, chunk);
                    let _ = self.recycle.try_send(old);
                    self.pos = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.cur.len() - self.pos);
        buf[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Explains a failure of the gzip stream with both offsets.
fn gzip_error(e: io::Error, file: &str, compressed: u64, uncompressed: u64) -> io::Error {
    let what = if e.kind() == io::ErrorKind::UnexpectedEof {
        "the compressed data ends early (the .gz file is truncated)".to_string()
    } else {
        format!("the compressed data is corrupt ({e})")
    };
    io::Error::new(
        e.kind(),
        format!(
            "{file}: {what} at compressed byte {compressed}, uncompressed byte {uncompressed}\n  hint: copy or download the dump again; `gzip -t` checks a .gz file"
        ),
    )
}

/// Starts inflating `raw` on a new thread.
fn inflate_thread<R: Read + Send + 'static>(
    raw: R,
    counted: Arc<AtomicU64>,
    name: String,
) -> Box<dyn Read + Send> {
    let (tx, rx) = bounded::<io::Result<Vec<u8>>>(4);
    let (recycle_tx, recycle_rx) = bounded::<Vec<u8>>(6);
    std::thread::Builder::new()
        .name("inflate".into())
        .spawn(move || {
            let mut dec = flate2::read::MultiGzDecoder::new(raw);
            let mut total = 0u64;
            loop {
                let mut chunk = recycle_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(INFLATE_CHUNK));
                chunk.clear();
                match (&mut dec)
                    .take(INFLATE_CHUNK as u64)
                    .read_to_end(&mut chunk)
                {
                    Ok(0) => return,
                    Ok(n) => {
                        total += n as u64;
                        if tx.send(Ok(chunk)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let at = counted.load(Ordering::Relaxed);
                        let _ = tx.send(Err(gzip_error(e, &name, at, total)));
                        return;
                    }
                }
            }
        })
        .expect("spawning the inflate thread");
    Box::new(ChunkReader {
        rx,
        cur: Vec::new(),
        pos: 0,
        recycle: recycle_tx,
    })
}

/// Opens the uncompressed bytes of `file`. `progress` counts the bytes read from disk.
pub fn read_file(file: &InputFile, progress: Arc<AtomicU64>) -> Result<FileReader> {
    let name = file.display();
    if let Some(bytes) = file.embedded {
        let counting = Counting {
            inner: bytes,
            count: progress.clone(),
        };
        let inner: Box<dyn Read + Send> = match file.compression {
            Compression::Gzip => inflate_thread(counting, progress, name),
            Compression::None => Box::new(counting),
        };
        return Ok(FileReader { inner });
    }
    if file.is_stdin() {
        let mut stdin = BufReader::with_capacity(1 << 20, io::stdin());
        let gz = stdin
            .fill_buf()
            .context("cannot read standard input")?
            .starts_with(&GZIP_MAGIC);
        let counting = Counting {
            inner: stdin,
            count: progress.clone(),
        };
        let inner: Box<dyn Read + Send> = if gz {
            inflate_thread(counting, progress, name)
        } else {
            Box::new(counting)
        };
        return Ok(FileReader { inner });
    }
    let f = File::open(&file.path).with_context(|| format!("cannot open {name}"))?;
    let counting = Counting {
        inner: f,
        count: progress.clone(),
    };
    let inner: Box<dyn Read + Send> = match file.compression {
        Compression::Gzip => {
            inflate_thread(BufReader::with_capacity(1 << 20, counting), progress, name)
        }
        Compression::None => Box::new(counting),
    };
    Ok(FileReader { inner })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression as Level;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Level::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn read_all(f: &InputFile) -> io::Result<Vec<u8>> {
        let mut r = read_file(f, Arc::new(AtomicU64::new(0))).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).map(|_| out)
    }

    #[test]
    fn compression_is_recognised_by_content_not_name() {
        let dir = tempfile::tempdir().unwrap();
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("SELECT {i};\n").into_bytes())
            .collect();
        let p = dir.path().join("looks-plain.sql");
        std::fs::write(&p, gz(&text)).unwrap();
        let src = open(&p).unwrap();
        assert_eq!(src.files[0].compression, Compression::Gzip);
        assert_eq!(read_all(&src.files[0]).unwrap(), text);
        let q = dir.path().join("looks-gz.sql.gz");
        std::fs::write(&q, &text).unwrap();
        assert_eq!(open(&q).unwrap().files[0].compression, Compression::None);
    }

    #[test]
    fn embedded_bytes_read_like_files() {
        static PLAIN: &[u8] = b"CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n";
        let src = Source::embedded("plain.sql", PLAIN);
        assert_eq!(src.kind, SourceKind::Embedded);
        assert_eq!(src.files[0].compression, Compression::None);
        assert_eq!(src.total_size(), Some(PLAIN.len() as u64));
        assert_eq!(read_all(&src.files[0]).unwrap(), PLAIN);
        assert_eq!(src.files[0].display(), "plain.sql (built in)");
        let zipped: &'static [u8] = Box::leak(gz(PLAIN).into_boxed_slice());
        // Named .sql, but gzip by its bytes.
        let src = Source::embedded("zipped.sql", zipped);
        assert_eq!(src.files[0].compression, Compression::Gzip);
        assert!(!src.files[0].is_stdin());
        let progress = Arc::new(AtomicU64::new(0));
        let mut out = Vec::new();
        read_file(&src.files[0], progress.clone())
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, PLAIN);
        assert_eq!(progress.load(Ordering::Relaxed), zipped.len() as u64);
    }

    #[test]
    fn truncated_gzip_names_file_and_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let text: Vec<u8> = (0..100_000u32)
            .flat_map(|i| format!("INSERT {i};\n").into_bytes())
            .collect();
        let mut z = gz(&text);
        z.truncate(z.len() / 2);
        let p = dir.path().join("cut.sql.gz");
        std::fs::write(&p, &z).unwrap();
        let e = read_all(&open(&p).unwrap().files[0])
            .unwrap_err()
            .to_string();
        assert!(e.contains("cut.sql.gz"), "{e}");
        assert!(e.contains("truncated"), "{e}");
        assert!(e.contains("compressed byte"), "{e}");
    }

    #[test]
    fn directories_load_schema_before_data_before_triggers() {
        let dir = tempfile::tempdir().unwrap();
        for n in [
            "db.t-schema-triggers.sql",
            "db.t.00000.sql",
            "db.t-schema.sql",
            "metadata",
            "db-schema-create.sql.gz",
            "db.a.sql",
        ] {
            std::fs::write(dir.path().join(n), b"").unwrap();
        }
        let src = open(dir.path()).unwrap();
        let names: Vec<String> = src
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "db-schema-create.sql.gz",
                "db.t-schema.sql",
                "db.a.sql",
                "db.t.00000.sql",
                "db.t-schema-triggers.sql"
            ]
        );
        assert_eq!(src.skipped.len(), 1);
    }
}
