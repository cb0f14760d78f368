//! The parallel engine every command runs on:
//!
//! ```text
//! reader thread ──blocks──► worker pool (rayon, --jobs N) ──results──► sink, in input order
//!   (read/inflate, split)      work(&Block, &mut out)                  (the caller's thread)
//! ```
//!
//! Memory is bounded by design: a fixed number of blocks (and their output buffers) is in
//! flight, and buffers are recycled, so the resident set does not grow with the dump. The
//! sink sees results in input order, so output bytes do not depend on the thread count.

pub mod inspect;
pub mod progress;
pub mod roundtrip;

use crate::dump::error::{DumpError, count_lines};
use crate::dump::source::{Source, read_file};
use crate::dump::split::{Block, BlockError, Blocks};
use anyhow::{Result, anyhow};
use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Knobs of a run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Worker threads.
    pub jobs: usize,
    /// Target size of a block.
    pub block_size: usize,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            jobs: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            block_size: 8 << 20,
            progress: true,
        }
    }
}

/// A problem found by a worker inside a block, located by its offset in `block.data`.
#[derive(Debug, Clone)]
pub struct Fault {
    pub at: usize,
    pub table: Option<String>,
    pub message: String,
    pub hint: String,
}

impl Fault {
    pub fn new(
        at: usize,
        table: Option<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Fault {
            at,
            table,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// What a sink receives with each block.
pub struct Done<'a, T> {
    pub block: &'a Block,
    /// The worker's output bytes for this block.
    pub out: &'a [u8],
    pub result: T,
    /// The file the block came from.
    pub file: &'a str,
    /// 1-based line of `block.data[0]` in its file.
    pub first_line: u64,
}

impl<T> Done<'_, T> {
    /// Turns an offset in the block into a located error.
    pub fn locate(&self, f: Fault) -> DumpError {
        locate(self.file, self.block, self.first_line, f)
    }
}

fn locate(file: &str, block: &Block, first_line: u64, f: Fault) -> DumpError {
    let at = f.at.min(block.data.len());
    DumpError {
        file: file.to_string(),
        line: first_line + count_lines(&block.data[..at]),
        offset: block.offset + at as u64,
        table: f.table,
        message: f.message,
        hint: f.hint,
    }
}

enum Item {
    Block(Block),
    /// A split error, with the bytes it points into.
    SplitError(Fault, Block),
}

struct Output<T> {
    block: Block,
    out: Vec<u8>,
    lines: u64,
    result: Result<T, Fault>,
}

/// Recycled buffers; at most `n` exist, so taking blocks when all are in use.
struct Pool {
    tx: Sender<Vec<u8>>,
    rx: Receiver<Vec<u8>>,
}

impl Pool {
    fn new(n: usize) -> Self {
        let (tx, rx) = bounded(n);
        for _ in 0..n {
            tx.send(Vec::new()).expect("pool has room");
        }
        Pool { tx, rx }
    }
}

/// Runs `work` on every block of `source` on `opts.jobs` threads and feeds the results to
/// `sink` in input order. `work` appends its output bytes to the buffer it is given.
/// Stops at the first error: a located [`DumpError`] for bad input, or the sink's error.
pub fn run<T, W, S>(source: &Source, opts: &Options, work: W, mut sink: S) -> Result<()>
where
    T: Send + 'static,
    W: Fn(&Block, &mut Vec<u8>) -> Result<T, Fault> + Send + Sync + 'static,
    S: FnMut(Done<'_, T>) -> Result<()>,
{
    let jobs = opts.jobs.max(1);
    let in_flight = 2 * jobs + 2;
    let input_pool = Pool::new(in_flight);
    let (out_tx, out_rx) = unbounded::<Vec<u8>>();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("worker-{i}"))
        .build()
        .map_err(|e| anyhow!("cannot start {jobs} worker threads: {e}"))?;
    let work = Arc::new(work);
    let stop = Arc::new(AtomicBool::new(false));
    let read_bytes = Arc::new(AtomicU64::new(0));
    let bar = progress::Bar::new(opts.progress, source.total_size());

    let (res_tx, res_rx) = unbounded::<(u64, Output<T>)>();
    let files: Vec<String> = source.files.iter().map(|f| f.display()).collect();

    std::thread::scope(|scope| -> Result<()> {
        // Reader: reads and splits, hands each block to the pool.
        let reader_stop = stop.clone();
        let reader_bytes = read_bytes.clone();
        let in_rx = input_pool.rx.clone();
        let out_rx2 = out_rx.clone();
        let res_tx2 = res_tx.clone();
        let reader_files = files.clone();
        let reader = scope.spawn(move || {
            let mut seq = 0u64;
            let dispatch = |seq: u64, item: Item| {
                let work = work.clone();
                let res_tx = res_tx2.clone();
                let out = out_rx2.try_recv().unwrap_or_default();
                pool.spawn(move || {
                    let mut out = out;
                    out.clear();
                    let o = match item {
                        Item::Block(block) => {
                            let result = work(&block, &mut out);
                            let lines = count_lines(&block.data);
                            Output {
                                block,
                                out,
                                lines,
                                result,
                            }
                        }
                        Item::SplitError(f, block) => Output {
                            block,
                            out,
                            lines: 0,
                            result: Err(f),
                        },
                    };
                    let _ = res_tx.send((seq, o));
                });
            };
            for (fi, file) in source.files.iter().enumerate() {
                let reader = match read_file(file, reader_bytes.clone()) {
                    Ok(r) => r,
                    Err(e) => return Err((seq, e)),
                };
                let mut blocks = Blocks::new(reader, fi as u32, opts.block_size);
                loop {
                    if reader_stop.load(Ordering::Relaxed) {
                        return Ok(());
                    }
                    let Ok(fresh) = in_rx.recv() else {
                        return Ok(());
                    };
                    match blocks.next_block(fresh) {
                        Ok(Some(block)) => {
                            dispatch(seq, Item::Block(block));
                            seq += 1;
                        }
                        Ok(None) => break,
                        Err(BlockError::Split(e, block)) => {
                            let f = Fault::new(e.at, None, e.message, e.hint);
                            dispatch(seq, Item::SplitError(f, block));
                            return Ok(());
                        }
                        Err(BlockError::Io(e, at)) => {
                            let err = anyhow!(
                                "{}: cannot read at uncompressed byte {at}: {e}",
                                reader_files[fi]
                            );
                            return Err((seq, err));
                        }
                    }
                }
            }
            Ok(())
        });
        drop(res_tx);

        // Sink: in order.
        let mut pending: BTreeMap<u64, Output<T>> = BTreeMap::new();
        let mut next = 0u64;
        let mut line_of_file: Vec<u64> = vec![1; source.files.len()];
        let mut outcome: Result<()> = Ok(());
        'recv: for (seq, o) in res_rx.iter() {
            pending.insert(seq, o);
            while let Some(o) = pending.remove(&next) {
                next += 1;
                let Output {
                    block,
                    out,
                    lines,
                    result,
                } = o;
                let fi = block.file as usize;
                let first_line = line_of_file[fi];
                let r = match result {
                    Err(f) => Err(anyhow::Error::new(locate(
                        &files[fi], &block, first_line, f,
                    ))),
                    Ok(result) => sink(Done {
                        block: &block,
                        out: &out,
                        result,
                        file: &files[fi],
                        first_line,
                    }),
                };
                line_of_file[fi] += lines;
                bar.set(read_bytes.load(Ordering::Relaxed));
                let _ = out_tx.send(out);
                let _ = input_pool.tx.try_send(block.data);
                if let Err(e) = r {
                    outcome = Err(e);
                    stop.store(true, Ordering::Relaxed);
                    break 'recv;
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        // Unblock the reader if it waits for a buffer, then collect its verdict.
        while input_pool.tx.try_send(Vec::new()).is_ok() {}
        let read_result = reader.join().expect("reader thread panicked");
        bar.finish();
        outcome?;
        match read_result {
            Ok(()) => Ok(()),
            // A read error after all earlier blocks were sunk.
            Err((_, e)) => Err(e),
        }
    })
}
