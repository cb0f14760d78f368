//! Statement splitter: finds where each SQL statement of a dump starts and ends, the way the
//! `mysql` client does when it loads the file. It knows quotes (`'`, `"`, `` ` `` with their
//! escapes), comments (`-- `, `#`, `/* */`; versioned `/*!NNNNN … */` comments are statement
//! text, as in the client), and the client's `DELIMITER` command.
//!
//! [`Blocks`] reads an input into large blocks (8 MiB by default) that end at a statement
//! boundary, so that each block can be handed to a worker whole. A statement longer than a
//! block grows the block; nothing else is ever held.

use std::io::Read;

/// One statement inside a block: `data[start..end]`, without its delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// False for a last statement that ended at the end of the input without a delimiter.
    pub terminated: bool,
}

/// Why splitting failed; `at` is an offset into the buffer being scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitError {
    pub at: usize,
    pub message: String,
    pub hint: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Between statements (nothing but blanks and comments seen) or inside one.
    Normal,
    /// Inside a quoted string or identifier opened by this byte.
    Quote(u8),
    LineComment,
    BlockComment,
}

/// The splitter's state; survives across buffer refills.
#[derive(Clone, Debug)]
pub struct Splitter {
    delim: Vec<u8>,
    special: [bool; 256],
    state: State,
    pos: usize,
    stmt_start: Option<usize>,
    quote_start: usize,
}

impl Default for Splitter {
    fn default() -> Self {
        Self::new()
    }
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0b | 0x0c)
}

impl Splitter {
    pub fn new() -> Self {
        let mut s = Splitter {
            delim: Vec::new(),
            special: [false; 256],
            state: State::Normal,
            pos: 0,
            stmt_start: None,
            quote_start: 0,
        };
        s.set_delimiter(b";");
        s
    }

    fn set_delimiter(&mut self, d: &[u8]) {
        self.delim = d.to_vec();
        self.special = [false; 256];
        for b in [b'\'', b'"', b'`', b'-', b'#', b'/', d[0]] {
            self.special[b as usize] = true;
        }
    }

    /// The delimiter in force (`;` unless a `DELIMITER` command changed it).
    pub fn delimiter(&self) -> &[u8] {
        &self.delim
    }

    /// Scans `buf` from where the last call stopped, pushing every complete statement onto
    /// `out`. Returns the offset from which the caller must keep the buffer (the start of an
    /// unfinished statement); call [`Splitter::rebase`] after dropping the bytes before it.
    /// With `eof`, a last statement without a delimiter is pushed as not `terminated`.
    pub fn scan(
        &mut self,
        buf: &[u8],
        eof: bool,
        out: &mut Vec<Span>,
    ) -> Result<usize, SplitError> {
        let n = buf.len();
        let mut i = self.pos;
        'outer: while i < n {
            match self.state {
                State::Quote(q) => {
                    let found = if q == b'`' {
                        memchr::memchr(q, &buf[i..]).map(|k| i + k)
                    } else {
                        crate::dump::lex::next_quote_or_escape(buf, i, q)
                    };
                    match found {
                        None => {
                            i = n;
                            break;
                        }
                        Some(k) => {
                            if buf[k] == b'\\' {
                                if k + 1 >= n {
                                    i = k; // need the escaped byte: rescan from the backslash
                                    break;
                                }
                                i = k + 2;
                            } else {
                                i = k + 1;
                                self.state = State::Normal;
                            }
                        }
                    }
                }
                State::LineComment => match memchr::memchr(b'\n', &buf[i..]) {
                    None => {
                        i = n;
                        break;
                    }
                    Some(k) => {
                        i += k + 1;
                        self.state = State::Normal;
                    }
                },
                State::BlockComment => match memchr::memmem::find(&buf[i..], b"*/") {
                    None => {
                        // keep the last byte: it may be the `*` of a `*/` cut in two
                        i = (n - 1).max(i);
                        break;
                    }
                    Some(k) => {
                        i += k + 2;
                        self.state = State::Normal;
                    }
                },
                State::Normal if self.stmt_start.is_none() => {
                    while i < n && is_blank(buf[i]) {
                        i += 1;
                    }
                    if i >= n {
                        break;
                    }
                    let b = buf[i];
                    // Comments may be cut by the end of the buffer: wait for more bytes.
                    if !eof
                        && (((b == b'-' || b == b'/') && i + 2 >= n)
                            || ((b == b'D' || b == b'd') && i + 10 > n))
                    {
                        break;
                    }
                    if b == b'#'
                        || (b == b'-'
                            && buf.get(i + 1) == Some(&b'-')
                            && buf.get(i + 2).is_none_or(|c| *c <= b' '))
                    {
                        self.state = State::LineComment;
                        i += 1;
                    } else if b == b'/'
                        && buf.get(i + 1) == Some(&b'*')
                        && buf.get(i + 2) != Some(&b'!')
                    {
                        self.state = State::BlockComment;
                        i += 2;
                    } else if (b == b'D' || b == b'd') && starts_delimiter_command(&buf[i..]) {
                        let Some(nl) = memchr::memchr(b'\n', &buf[i..]) else {
                            if eof {
                                self.delimiter_command(&buf[i..], i)?;
                                i = n;
                                continue;
                            }
                            break; // the whole command line is needed
                        };
                        self.delimiter_command(&buf[i..i + nl], i)?;
                        i += nl + 1;
                    } else {
                        self.stmt_start = Some(i);
                    }
                }
                State::Normal => {
                    let d0 = self.delim[0];
                    loop {
                        while i < n && !self.special[buf[i] as usize] {
                            i += 1;
                        }
                        if i >= n {
                            break 'outer;
                        }
                        let b = buf[i];
                        if b == d0 {
                            let dl = self.delim.len();
                            if i + dl > n {
                                if eof {
                                    i += 1;
                                    continue;
                                }
                                break 'outer; // the delimiter may continue in the next bytes
                            }
                            if buf[i..i + dl] == self.delim[..] {
                                let start = self.stmt_start.take().unwrap_or(i);
                                if start < i {
                                    out.push(Span {
                                        start,
                                        end: i,
                                        terminated: true,
                                    });
                                }
                                i += dl;
                                continue 'outer;
                            }
                            // A delimiter byte that is also a quote or comment byte falls through.
                        }
                        match b {
                            b'\'' | b'"' | b'`' => {
                                self.state = State::Quote(b);
                                self.quote_start = i;
                                i += 1;
                                continue 'outer;
                            }
                            b'#' => {
                                self.state = State::LineComment;
                                i += 1;
                                continue 'outer;
                            }
                            b'-' | b'/' if i + 2 >= n && !eof => break 'outer,
                            b'-' if buf.get(i + 1) == Some(&b'-')
                                && buf.get(i + 2).is_none_or(|c| *c <= b' ') =>
                            {
                                self.state = State::LineComment;
                                i += 2;
                                continue 'outer;
                            }
                            b'/' if buf.get(i + 1) == Some(&b'*')
                                && buf.get(i + 2) != Some(&b'!') =>
                            {
                                self.state = State::BlockComment;
                                i += 2;
                                continue 'outer;
                            }
                            _ => i += 1,
                        }
                    }
                }
            }
        }
        self.pos = i;
        if eof {
            match self.state {
                State::Quote(q) => {
                    let what = match q {
                        b'`' => "a backquoted name",
                        b'"' => "a double-quoted string",
                        _ => "a quoted string",
                    };
                    return Err(SplitError {
                        at: self.quote_start,
                        message: format!(
                            "{what} opened here is never closed before the end of the input"
                        ),
                        hint: "the dump looks truncated or a quote is not escaped; check that the file is complete",
                    });
                }
                State::BlockComment => {
                    return Err(SplitError {
                        at: n,
                        message: "a /* comment */ is never closed before the end of the input"
                            .into(),
                        hint: "the dump looks truncated; check that the file is complete",
                    });
                }
                _ => {}
            }
            if let Some(start) = self.stmt_start.take() {
                let mut end = n;
                while end > start && is_blank(buf[end - 1]) {
                    end -= 1;
                }
                out.push(Span {
                    start,
                    end,
                    terminated: false,
                });
            }
            self.pos = n;
            return Ok(n);
        }
        Ok(self.stmt_start.unwrap_or(self.pos))
    }

    /// Shifts the saved positions after the caller dropped `by` bytes from the buffer's front.
    pub fn rebase(&mut self, by: usize) {
        self.pos -= by;
        if let Some(s) = &mut self.stmt_start {
            *s -= by;
        }
        self.quote_start = self.quote_start.saturating_sub(by);
    }

    /// True between statements with the default delimiter: the state every file starts in,
    /// and the state a speculative chunk (see [`Chunker`]) assumes at its start.
    pub fn is_clean(&self) -> bool {
        self.state == State::Normal && self.stmt_start.is_none() && self.delim == b";"
    }

    /// Starts a new input file: the client forgets `DELIMITER` between files.
    pub fn reset(&mut self) {
        *self = Splitter::new();
    }

    fn delimiter_command(&mut self, line: &[u8], at: usize) -> Result<(), SplitError> {
        let rest = &line[b"DELIMITER".len()..];
        let tok: Vec<u8> = rest
            .iter()
            .copied()
            .skip_while(|b| is_blank(*b))
            .take_while(|b| !is_blank(*b))
            .collect();
        if tok.is_empty() {
            return Err(SplitError {
                at,
                message: "DELIMITER without a delimiter".into(),
                hint: "write it as `DELIMITER ;;` on a line of its own",
            });
        }
        self.set_delimiter(&tok);
        Ok(())
    }
}

fn starts_delimiter_command(s: &[u8]) -> bool {
    s.len() > 9 && s[..9].eq_ignore_ascii_case(b"DELIMITER") && is_blank(s[9])
}

/// A block of whole statements, as read from one input file.
#[derive(Debug, Default)]
pub struct Block {
    /// Index of the input file (in a directory source).
    pub file: u32,
    /// Offset of `data[0]` in the (uncompressed) file.
    pub offset: u64,
    pub data: Vec<u8>,
    pub stmts: Vec<Span>,
}

/// Reads an input into chunks cut where a statement most likely ends: just after the last
/// `;` that ends a line in the chunk. No quote tracking happens here, so reading runs at
/// memory speed; each chunk is split by a worker that assumes it starts between statements.
/// A wrong guess (a `;` at the end of a line inside a string, or inside a `DELIMITER` block)
/// shows as a chunk that does not end cleanly; the pipeline then re-splits the rest of that
/// chunk together with the next one from the true state (see `pipeline::run`). mysqldump and
/// phpMyAdmin escape newlines inside strings, so with them every guess is right.
pub struct Chunker<R> {
    input: R,
    file: u32,
    chunk_size: usize,
    max_statement: usize,
    /// Bytes read but not yet handed out, and where they sit in the file.
    buf: Vec<u8>,
    offset: u64,
    eof: bool,
    done: bool,
}

/// Where a statement most likely ends: after the last `;` followed by a line end
/// (`;\n` or `;\r\n`) in `data`. Returns the offset just after the newline.
pub fn last_statement_end(data: &[u8]) -> Option<usize> {
    let mut end = data.len();
    while let Some(nl) = memchr::memrchr(b'\n', &data[..end]) {
        let mut k = nl;
        if k > 0 && data[k - 1] == b'\r' {
            k -= 1;
        }
        if k > 0 && data[k - 1] == b';' {
            return Some(nl + 1);
        }
        end = nl;
    }
    None
}

impl<R: Read> Chunker<R> {
    pub fn new(input: R, file: u32, chunk_size: usize) -> Self {
        Chunker {
            input,
            file,
            chunk_size: chunk_size.max(64),
            max_statement: 1 << 30,
            buf: Vec::new(),
            offset: 0,
            eof: false,
            done: false,
        }
    }

    /// Reads until `self.buf` holds `limit` bytes or the input ends.
    fn fill(&mut self, limit: usize) -> Result<(), BlockError> {
        let len = self.buf.len();
        if self.eof || len >= limit {
            return Ok(());
        }
        let want = (limit - len) as u64;
        self.buf.reserve_exact(limit - len);
        match (&mut self.input).take(want).read_to_end(&mut self.buf) {
            Ok(got) if (got as u64) < want => self.eof = true,
            Ok(_) => {}
            Err(e) => return Err(BlockError::Io(e, self.offset + self.buf.len() as u64)),
        }
        Ok(())
    }

    /// The next chunk (with no statements split yet; `last` set on the final one of the
    /// file). `fresh` is an empty buffer that receives the bytes after the cut.
    pub fn next_chunk(&mut self, mut fresh: Vec<u8>) -> Result<Option<(Block, bool)>, BlockError> {
        if self.done {
            return Ok(None);
        }
        let mut limit = self.chunk_size.max(self.buf.len());
        loop {
            self.fill(limit)?;
            if self.eof {
                self.done = true;
                // Always hand out a last chunk, empty or not: it closes the file.
                let block = Block {
                    file: self.file,
                    offset: self.offset,
                    data: std::mem::take(&mut self.buf),
                    stmts: Vec::new(),
                };
                return Ok(Some((block, true)));
            }
            if let Some(cut) = last_statement_end(&self.buf) {
                fresh.clear();
                let want = self.chunk_size.max(self.buf.len() - cut);
                if fresh.capacity() < want {
                    fresh.reserve_exact(want - fresh.len());
                }
                fresh.extend_from_slice(&self.buf[cut..]);
                self.buf.truncate(cut);
                let data = std::mem::replace(&mut self.buf, fresh);
                let block = Block {
                    file: self.file,
                    offset: self.offset,
                    data,
                    stmts: Vec::new(),
                };
                self.offset += cut as u64;
                return Ok(Some((block, false)));
            }
            if self.buf.len() >= self.max_statement {
                self.done = true;
                let e = SplitError {
                    at: 0,
                    message: format!(
                        "no statement ends in the next {} MiB",
                        self.max_statement >> 20
                    ),
                    hint: "a quote is probably missing its closing partner, or the file is not SQL",
                };
                let block = Block {
                    file: self.file,
                    offset: self.offset,
                    data: std::mem::take(&mut self.buf),
                    stmts: Vec::new(),
                };
                return Err(BlockError::Split(e, block));
            }
            limit = self.buf.len() * 2;
        }
    }
}

/// Reads an input into [`Block`]s that end at statement boundaries, splitting as it reads
/// (one thread; the reference the speculative [`Chunker`] is tested against).
pub struct Blocks<R> {
    input: R,
    file: u32,
    splitter: Splitter,
    block_size: usize,
    max_statement: usize,
    /// Bytes read but not yet handed out, and where they sit in the file.
    buf: Vec<u8>,
    offset: u64,
    eof: bool,
    done: bool,
}

/// A failure while reading or splitting, with its offset in the (uncompressed) file.
#[derive(Debug)]
pub enum BlockError {
    Io(std::io::Error, u64),
    /// The bytes from the failing statement on, so the line can be computed.
    Split(SplitError, Block),
}

impl<R: Read> Blocks<R> {
    pub fn new(input: R, file: u32, block_size: usize) -> Self {
        Blocks {
            input,
            file,
            splitter: Splitter::new(),
            block_size: block_size.max(64),
            max_statement: 1 << 30,
            buf: Vec::new(),
            offset: 0,
            eof: false,
            done: false,
        }
    }

    /// The largest statement accepted (1 GiB by default, the largest `max_allowed_packet`).
    pub fn with_max_statement(mut self, bytes: usize) -> Self {
        self.max_statement = bytes;
        self
    }

    /// Reads until `self.buf` holds `limit` bytes or the input ends.
    fn fill(&mut self, limit: usize) -> Result<(), BlockError> {
        let len = self.buf.len();
        if self.eof || len >= limit {
            return Ok(());
        }
        let want = (limit - len) as u64;
        self.buf.reserve_exact(limit - len);
        match (&mut self.input).take(want).read_to_end(&mut self.buf) {
            Ok(got) if (got as u64) < want => self.eof = true,
            Ok(_) => {}
            Err(e) => return Err(BlockError::Io(e, self.offset + self.buf.len() as u64)),
        }
        Ok(())
    }

    /// The next block. `fresh` is an empty buffer (from a pool) that receives the bytes
    /// after the block's last statement. Returns `None` at the end of the input.
    pub fn next_block(&mut self, mut fresh: Vec<u8>) -> Result<Option<Block>, BlockError> {
        if self.done {
            return Ok(None);
        }
        let mut stmts = Vec::new();
        let mut limit = self.block_size.max(self.buf.len());
        loop {
            self.fill(limit)?;
            let keep = match self.splitter.scan(&self.buf, self.eof, &mut stmts) {
                Ok(k) => k,
                Err(e) => {
                    self.done = true;
                    let block = Block {
                        file: self.file,
                        offset: self.offset,
                        data: std::mem::take(&mut self.buf),
                        stmts,
                    };
                    return Err(BlockError::Split(e, block));
                }
            };
            if self.eof {
                self.done = true;
                let data = std::mem::take(&mut self.buf);
                if data.is_empty() && stmts.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Block {
                    file: self.file,
                    offset: self.offset,
                    data,
                    stmts,
                }));
            }
            if !stmts.is_empty() || keep > 0 {
                // Hand out everything before `keep`; carry the rest into `fresh`.
                fresh.clear();
                let want = self.block_size.max(self.buf.len() - keep);
                if fresh.capacity() < want {
                    fresh.reserve_exact(want - fresh.len());
                }
                fresh.extend_from_slice(&self.buf[keep..]);
                self.buf.truncate(keep);
                let data = std::mem::replace(&mut self.buf, fresh);
                let block = Block {
                    file: self.file,
                    offset: self.offset,
                    data,
                    stmts,
                };
                self.offset += keep as u64;
                self.splitter.rebase(keep);
                return Ok(Some(block));
            }
            // One statement fills the whole buffer: grow it.
            if self.buf.len() >= self.max_statement {
                self.done = true;
                let e = SplitError {
                    at: 0,
                    message: format!(
                        "a statement is longer than {} MiB",
                        self.max_statement >> 20
                    ),
                    hint: "a quote is probably missing its closing partner, or the file is not SQL",
                };
                let block = Block {
                    file: self.file,
                    offset: self.offset,
                    data: std::mem::take(&mut self.buf),
                    stmts,
                };
                return Err(BlockError::Split(e, block));
            }
            limit = self.buf.len() * 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits with every block size from tiny to whole, and checks they all agree.
    fn split(input: &str) -> Vec<String> {
        let whole = split_with(input.as_bytes(), 1 << 20).unwrap();
        for bs in [64, 65, 67, 100, 127, 256, 1000] {
            assert_eq!(
                split_with(input.as_bytes(), bs).unwrap(),
                whole,
                "block size {bs}"
            );
        }
        whole
    }

    fn split_with(input: &[u8], block_size: usize) -> Result<Vec<String>, SplitError> {
        let mut blocks = Blocks::new(input, 0, block_size);
        let mut out = Vec::new();
        loop {
            match blocks.next_block(Vec::new()) {
                Ok(Some(b)) => {
                    for s in &b.stmts {
                        out.push(String::from_utf8_lossy(&b.data[s.start..s.end]).into_owned());
                    }
                }
                Ok(None) => return Ok(out),
                Err(BlockError::Split(e, _)) => return Err(e),
                Err(BlockError::Io(e, _)) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn mysqldump_header_comments_and_versioned_statements() {
        let s = split(
            "-- MySQL dump 10.13  Distrib 5.7.17\n--\n-- Host: localhost\n\n\
             /*!40101 SET NAMES utf8 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n\
             # a hash comment ; with a semicolon\n\
             DROP TABLE IF EXISTS `t`;\nCREATE TABLE `t` (\n  `a` int -- inline ; comment\n) ENGINE=InnoDB;\n\
             LOCK TABLES `t` WRITE;\n/*!40000 ALTER TABLE `t` DISABLE KEYS */;\n\
             INSERT INTO `t` VALUES (1,'a;b'),(2,'c\\';d');\n\
             UNLOCK TABLES;\n-- Dump completed on 2017-04-06\n",
        );
        assert_eq!(
            s,
            vec![
                "/*!40101 SET NAMES utf8 */",
                "/*!40103 SET TIME_ZONE='+00:00' */",
                "DROP TABLE IF EXISTS `t`",
                "CREATE TABLE `t` (\n  `a` int -- inline ; comment\n) ENGINE=InnoDB",
                "LOCK TABLES `t` WRITE",
                "/*!40000 ALTER TABLE `t` DISABLE KEYS */",
                "INSERT INTO `t` VALUES (1,'a;b'),(2,'c\\';d')",
                "UNLOCK TABLES",
            ]
        );
    }

    #[test]
    fn phpmyadmin_multiline_insert_and_trailing_constraints() {
        let s = split(
            "-- phpMyAdmin SQL Dump\nSET SQL_MODE = \"NO_AUTO_VALUE_ON_ZERO\";\n\n\
             CREATE TABLE IF NOT EXISTS `a` (\n  `id` int NOT NULL\n);\n\n\
             INSERT INTO `a` (`id`, `v`) VALUES\n(1, 'x\\ny'),\n(2, 'semi;colon');\n\n\
             ALTER TABLE `a`\n  ADD CONSTRAINT `FK_A` FOREIGN KEY (`id`) REFERENCES `b` (`id`) ON DELETE CASCADE;\n",
        );
        assert_eq!(s.len(), 4);
        assert_eq!(
            s[2],
            "INSERT INTO `a` (`id`, `v`) VALUES\n(1, 'x\\ny'),\n(2, 'semi;colon')"
        );
        assert!(s[3].starts_with("ALTER TABLE `a`\n  ADD CONSTRAINT"));
    }

    #[test]
    fn sqlyog_crlf_and_slash_star_comments() {
        let s = split(
            "/*!40101 SET NAMES utf8 */;\r\n\r\n/*Table structure for table `t` */\r\n\r\n\
             CREATE DATABASE /*!32312 IF NOT EXISTS*/`m` /*!40100 DEFAULT CHARACTER SET utf8 */;\r\n\
             USE `m`;\r\n\
             insert  into `t`(`a`,`b`) values (1,'x'),(2,'it''s');\r\n",
        );
        assert_eq!(
            s,
            vec![
                "/*!40101 SET NAMES utf8 */",
                "CREATE DATABASE /*!32312 IF NOT EXISTS*/`m` /*!40100 DEFAULT CHARACTER SET utf8 */",
                "USE `m`",
                "insert  into `t`(`a`,`b`) values (1,'x'),(2,'it''s')",
            ]
        );
    }

    #[test]
    fn magento_backup_format() {
        let s = split(
            "-- Magento DB backup\n--\n-- Host: localhost    Database: m\n\n\
             INSERT INTO `admin_role` VALUES ('1','0',1,1,'G','0','Administrators'),('3','1',2,0,'U','1','Christian');\n",
        );
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn delimiter_blocks_triggers_and_views() {
        let s = split(
            "DELIMITER ;;\n\
             /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg AFTER INSERT ON t FOR EACH ROW BEGIN\n\
             INSERT INTO log VALUES (1); UPDATE x SET y = ';;' ; END */;;\n\
             DELIMITER ;\n\
             /*!50001 CREATE VIEW `v` AS select 1 AS `a` */;\n\
             delimiter $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT \"a\"\"b\";\n",
        );
        assert_eq!(s.len(), 4);
        assert!(s[0].ends_with("END */"));
        assert!(s[0].contains("';;'"));
        assert_eq!(s[1], "/*!50001 CREATE VIEW `v` AS select 1 AS `a` */");
        assert_eq!(s[2], "CREATE PROCEDURE p() BEGIN SELECT 1; END");
        assert_eq!(s[3], "SELECT \"a\"\"b\"");
    }

    #[test]
    fn quotes_hide_delimiters_newlines_and_comment_starts() {
        let s = split(
            "INSERT INTO `we;ird` VALUES ('a\n;\n-- not a comment', \"#nor;this\", '/* nor */', `x;``y`);\nSELECT 1--1;\n",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[1], "SELECT 1--1");
    }

    #[test]
    fn last_statement_without_delimiter() {
        let mut blocks = Blocks::new(&b"SELECT 1;\nSELECT 2  \n"[..], 0, 1 << 16);
        let b = blocks.next_block(Vec::new()).unwrap().unwrap();
        assert_eq!(b.stmts.len(), 2);
        assert!(b.stmts[0].terminated);
        assert!(!b.stmts[1].terminated);
        assert_eq!(&b.data[b.stmts[1].start..b.stmts[1].end], b"SELECT 2");
    }

    #[test]
    fn unterminated_quote_is_an_error_at_the_quote() {
        let input = "SELECT 1;\nINSERT INTO t VALUES (1,'abc";
        for bs in [64, 1 << 16] {
            let e = split_with(input.as_bytes(), bs).unwrap_err();
            assert!(e.message.contains("quoted string"), "{e:?}");
        }
        let mut blocks = Blocks::new(input.as_bytes(), 0, 1 << 16);
        match blocks.next_block(Vec::new()) {
            Err(BlockError::Split(e, b)) => assert_eq!(&b.data[e.at..e.at + 4], b"'abc"),
            other => panic!("{other:?}"),
        }
        assert!(split_with(b"/* never closed", 64).is_err());
    }

    #[test]
    fn statements_larger_than_a_block_grow_it() {
        let big = format!("INSERT INTO t VALUES ('{}');SELECT 1;", "x".repeat(5000));
        let s = split_with(big.as_bytes(), 64).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].len(), 5000 + 25);
        let e = Blocks::new(big.as_bytes(), 0, 64).with_max_statement(1024);
        let mut e = e;
        assert!(matches!(
            e.next_block(Vec::new()),
            Err(BlockError::Split(..))
        ));
    }
}
