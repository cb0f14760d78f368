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

pub mod index;
pub mod inspect;
pub mod job;
pub mod migrate;
pub mod progress;
pub mod roundtrip;
pub mod state;

use crate::dump::error::{DumpError, count_lines};
use crate::dump::source::{Source, read_file};
use crate::dump::split::{Block, BlockError, Chunker, Splitter};
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
    /// A chunk cut at a likely statement end; `true` for the last chunk of its file.
    Chunk(Block, bool),
    /// A read-side failure (no statement ends for too long), with the bytes it points into.
    SplitError(Fault, Block),
}

/// How a speculative chunk ended.
enum End {
    /// Between statements with the default delimiter, as the next chunk assumes.
    Clean,
    /// Inside a statement (or a `DELIMITER` block): the bytes from `keep` on must be
    /// re-split with the next chunk, continuing from this splitter state.
    Dirty(usize, Box<Splitter>),
}

struct Output<T> {
    block: Block,
    out: Vec<u8>,
    lines: u64,
    /// The last chunk of its file.
    last: bool,
    end: End,
    result: Result<T, Fault>,
}

/// The work a command does on a block.
type Work<T> = dyn Fn(&Block, &mut Vec<u8>) -> Result<T, Fault> + Send + Sync;

/// The tail of a chunk that ended inside a statement, waiting for the next chunk.
struct Carry {
    data: Vec<u8>,
    offset: u64,
    first_line: u64,
    splitter: Box<Splitter>,
}

fn split_fault(e: crate::dump::split::SplitError) -> Fault {
    Fault::new(e.at, None, e.message, e.hint)
}

/// Splits a chunk that starts between statements, then works on it.
fn work_on_chunk<T>(mut block: Block, last: bool, mut out: Vec<u8>, work: &Work<T>) -> Output<T> {
    out.clear();
    let lines = count_lines(&block.data);
    let mut sp = Splitter::new();
    let (end, result) = match sp.scan(&block.data, last, &mut block.stmts) {
        Err(e) => (End::Clean, Err(split_fault(e))),
        Ok(keep) => {
            let end = if last || (keep == block.data.len() && sp.is_clean()) {
                End::Clean
            } else {
                sp.rebase(keep);
                End::Dirty(keep, Box::new(sp))
            };
            (end, work(&block, &mut out))
        }
    };
    Output {
        block,
        out,
        lines,
        last,
        end,
        result,
    }
}

/// Re-splits the tail `c` of the previous chunk together with `block`, from the true
/// splitter state, and works on the result in this thread.
#[allow(clippy::too_many_arguments)]
fn redo<T, S>(
    c: Carry,
    block: &Block,
    last: bool,
    carry: &mut Option<Carry>,
    out: &mut Vec<u8>,
    work: &Work<T>,
    file: &str,
    sink: &mut S,
) -> Result<()>
where
    S: FnMut(Done<'_, T>) -> Result<()>,
{
    let mut data = c.data;
    data.extend_from_slice(&block.data);
    let mut b = Block {
        file: block.file,
        offset: c.offset,
        data,
        stmts: Vec::new(),
    };
    let mut sp = c.splitter;
    let keep = sp
        .scan(&b.data, last, &mut b.stmts)
        .map_err(|e| locate(file, &b, c.first_line, split_fault(e)))?;
    if !(last || (keep == b.data.len() && sp.is_clean())) {
        sp.rebase(keep);
        *carry = Some(Carry {
            data: b.data[keep..].to_vec(),
            offset: b.offset + keep as u64,
            first_line: c.first_line + count_lines(&b.data[..keep]),
            splitter: sp,
        });
    }
    out.clear();
    let result = work(&b, out).map_err(|f| locate(file, &b, c.first_line, f))?;
    sink(Done {
        block: &b,
        out,
        result,
        file,
        first_line: c.first_line,
    })
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
///
/// The reader only cuts the input into chunks at likely statement ends; each worker splits
/// its chunk into statements and works on them. A chunk whose cut was wrong (it ends inside
/// a statement) is detected here, in order, and its tail is re-split and worked on together
/// with the next chunk, so the result is always what a sequential split would give.
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
    let work: Arc<Work<T>> = Arc::new(work);
    let stop = Arc::new(AtomicBool::new(false));
    let read_bytes = Arc::new(AtomicU64::new(0));
    let bar = progress::Bar::new(opts.progress, source.total_size());

    let (res_tx, res_rx) = unbounded::<(u64, Output<T>)>();
    let files: Vec<String> = source.files.iter().map(|f| f.display()).collect();

    std::thread::scope(|scope| -> Result<()> {
        // Reader: reads and cuts, hands each chunk to the pool.
        let reader_stop = stop.clone();
        let reader_bytes = read_bytes.clone();
        let in_rx = input_pool.rx.clone();
        let out_rx2 = out_rx.clone();
        let res_tx2 = res_tx.clone();
        let reader_files = files.clone();
        let reader_work = work.clone();
        let reader = scope.spawn(move || {
            let mut seq = 0u64;
            let dispatch = |seq: u64, item: Item| {
                let work = reader_work.clone();
                let res_tx = res_tx2.clone();
                let out = out_rx2.try_recv().unwrap_or_default();
                pool.spawn(move || {
                    let o = match item {
                        Item::Chunk(block, last) => work_on_chunk(block, last, out, &*work),
                        Item::SplitError(f, block) => Output {
                            block,
                            out,
                            lines: 0,
                            last: true,
                            end: End::Clean,
                            result: Err(f),
                        },
                    };
                    let _ = res_tx.send((seq, o));
                });
            };
            for (fi, file) in source.files.iter().enumerate() {
                let reader = match read_file(file, reader_bytes.clone()) {
                    Ok(r) => r,
                    Err(e) => return Err(e),
                };
                let mut chunks = Chunker::new(reader, fi as u32, opts.block_size);
                loop {
                    if reader_stop.load(Ordering::Relaxed) {
                        return Ok(());
                    }
                    let Ok(fresh) = in_rx.recv() else {
                        return Ok(());
                    };
                    match chunks.next_chunk(fresh) {
                        Ok(Some((block, last))) => {
                            dispatch(seq, Item::Chunk(block, last));
                            seq += 1;
                            if last {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(BlockError::Split(e, block)) => {
                            dispatch(seq, Item::SplitError(split_fault(e), block));
                            return Ok(());
                        }
                        Err(BlockError::Io(e, at)) => {
                            return Err(anyhow!(
                                "{}: cannot read at uncompressed byte {at}: {e}",
                                reader_files[fi]
                            ));
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
        let mut carry: Option<Carry> = None;
        let mut spare_out: Vec<u8> = Vec::new();
        let mut outcome: Result<()> = Ok(());
        'recv: for (seq, o) in res_rx.iter() {
            pending.insert(seq, o);
            while let Some(o) = pending.remove(&next) {
                next += 1;
                let Output {
                    block,
                    out,
                    lines,
                    last,
                    end,
                    result,
                } = o;
                let fi = block.file as usize;
                let first_line = line_of_file[fi];
                let r = match carry.take() {
                    // The chunk started where the worker assumed: use its work.
                    None => {
                        if let End::Dirty(keep, sp) = end {
                            carry = Some(Carry {
                                data: block.data[keep..].to_vec(),
                                offset: block.offset + keep as u64,
                                first_line: first_line + count_lines(&block.data[..keep]),
                                splitter: sp,
                            });
                        }
                        match result {
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
                        }
                    }
                    // The previous chunk ended inside a statement: the worker's guess was
                    // wrong. Re-split its tail with this chunk and work on it here.
                    Some(c) => {
                        drop(result);
                        redo(
                            c,
                            &block,
                            last,
                            &mut carry,
                            &mut spare_out,
                            &*work,
                            &files[fi],
                            &mut sink,
                        )
                    }
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
        read_result?;
        if let Some(c) = carry {
            // Only possible when the input ended inside a statement of a chunk that was
            // not the last: cannot happen, the last chunk of a file is split with `eof`.
            return Err(anyhow!(
                "{}: internal error: input ended inside a statement at byte {}",
                files.last().map(String::as_str).unwrap_or("?"),
                c.offset
            ));
        }
        Ok(())
    })
}
