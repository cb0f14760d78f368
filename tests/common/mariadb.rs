//! A private MariaDB server for one test.
//!
//! [`MariaDb::start`] initialises a data directory inside a fresh temporary directory (in
//! `/dev/shm` when there is room, see [`servers_parent`]), starts
//! `mariadbd` on a Unix socket there (no TCP, no grant checks, no binary log, InnoDB tuned for
//! throwaway data) and waits until it answers. Every test gets its own server, so tests running
//! in parallel threads never share a socket, a data directory or a database name. Dropping the
//! value shuts the server down and removes the directory (set `M1TOM2_KEEP_MARIADB=1` to keep
//! it for a post-mortem).
//!
//! SQL goes through the real `mariadb` (or `mysql`) command-line client, which is how people
//! load m1tom2's output: [`MariaDb::load_file`] pipes a plain or gzip-compressed SQL file into
//! it, [`MariaDb::query`] reads results back in batch mode, exactly (see [`MariaDb::query_bytes`]).
//!
//! Without MariaDB installed, [`MariaDb::start_or_skip`] prints a SKIP notice and returns
//! `None`, except under CI (env `CI` set), where a missing server is a failure.

use std::collections::BTreeMap;
use std::env;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// How long a server may take to answer after it was spawned. Startup takes well under a
/// second on an idle machine; the margin is for loaded 2-core CI runners.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

/// How long a clean shutdown may take before the server is killed.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// InnoDB file layout, given to `mariadb-install-db` and `mariadbd` alike so the data
/// directory is created the way the server will use it: a 16 MiB redo log instead of the
/// 96 MiB default keeps every test's directory around 35 MB.
const INNODB_FILES: &[&str] = &[
    "--innodb-log-file-size=16M",
    "--innodb-data-file-path=ibdata1:12M:autoextend",
];

/// `mariadb-install-db` options: a root account without password (grants are off anyway),
/// no `test` database, no host name lookups.
const INSTALL_SETTINGS: &[&str] = &[
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
    "--skip-name-resolve",
];

/// Server settings for throwaway data and for the dumps tests load.
const SERVER_SETTINGS: &[&str] = &[
    "--skip-networking",
    "--skip-grant-tables",
    // Magento 1 dumps declare ROW_FORMAT=FIXED, which strict InnoDB rejects.
    "--innodb-strict-mode=0",
    "--character-set-server=utf8mb4",
    // TIMESTAMP values of dumps without SET TIME_ZONE load the same on every machine.
    "--default-time-zone=+00:00",
    // Speed over durability: nothing here has to survive a crash.
    "--innodb-buffer-pool-size=64M",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--innodb-flush-method=nosync",
    // One shared tablespace: CREATE TABLE creates no file (dumps create ~340 tables each).
    "--innodb-file-per-table=0",
    "--innodb-buffer-pool-load-at-startup=0",
    "--innodb-buffer-pool-dump-at-shutdown=0",
    // io_uring/libaio are not available in every container; the simulated AIO always is.
    "--innodb-use-native-aio=0",
    "--skip-log-bin",
    "--performance-schema=0",
    "--max-connections=32",
];

/// Where server binaries live when they are not on `PATH` (e.g. `/usr/sbin` for non-root users).
const EXTRA_BIN_DIRS: &[&str] = &[
    "/usr/sbin",
    "/usr/local/sbin",
    "/usr/bin",
    "/usr/local/bin",
    "/usr/libexec",
    "/usr/local/mysql/bin",
];

/// The installed MariaDB programs.
#[derive(Clone, Debug)]
struct Binaries {
    server: PathBuf,
    install_db: PathBuf,
    client: PathBuf,
}

fn is_executable(p: &Path) -> bool {
    fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The first of `names` found in `PATH` or [`EXTRA_BIN_DIRS`], or only in the directories
/// of `M1TOM2_MARIADB_BIN` (`:`-separated) when that is set; earlier names win.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = match env::var_os("M1TOM2_MARIADB_BIN") {
        Some(only) => env::split_paths(&only).collect(),
        None => env::split_paths(&env::var_os("PATH").unwrap_or_default())
            .chain(EXTRA_BIN_DIRS.iter().map(PathBuf::from))
            .collect(),
    };
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |d| d.join(name)))
        .find(|p| is_executable(p))
}

fn binaries() -> &'static Result<Binaries, String> {
    static FOUND: OnceLock<Result<Binaries, String>> = OnceLock::new();
    FOUND.get_or_init(|| {
        let server = find_program(&["mariadbd", "mysqld"]);
        let install_db = find_program(&["mariadb-install-db", "mysql_install_db"]);
        let client = find_program(&["mariadb", "mysql"]);
        match (server, install_db, client) {
            (Some(server), Some(install_db), Some(client)) => Ok(Binaries {
                server,
                install_db,
                client,
            }),
            (server, install_db, client) => {
                let missing: Vec<&str> = [
                    (server.is_none(), "mariadbd"),
                    (install_db.is_none(), "mariadb-install-db"),
                    (client.is_none(), "mariadb (client)"),
                ]
                .iter()
                .filter(|(gone, _)| *gone)
                .map(|(_, name)| *name)
                .collect();
                let searched = match env::var("M1TOM2_MARIADB_BIN") {
                    Ok(only) => format!("M1TOM2_MARIADB_BIN={only}"),
                    Err(_) => format!("PATH or {}", EXTRA_BIN_DIRS.join(":")),
                };
                Err(format!(
                    "{} not found in {searched} (Debian: apt-get install mariadb-server \
                     mariadb-client; scripts/test does that)",
                    missing.join(", ")
                ))
            }
        }
    })
}

/// Whether the tests run under CI, where missing prerequisites are failures, not skips.
pub fn in_ci() -> bool {
    env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The name the test harness gave the current thread: the test's name.
fn test_name() -> String {
    thread::current()
        .name()
        .unwrap_or("<unnamed test>")
        .to_string()
}

fn running_as_root() -> bool {
    // /proc/self belongs to the effective user of the process.
    match fs::metadata("/proc/self") {
        Ok(m) => m.uid() == 0,
        Err(_) => Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0"),
    }
}

/// `--user=root` when running as root: `mariadbd` refuses to run as root without it. Other
/// users run the server as themselves and need no option.
fn user_args() -> Vec<String> {
    if running_as_root() {
        vec!["--user=root".into()]
    } else {
        Vec::new()
    }
}

/// The last `lines` lines of a text file, or a note why there are none.
fn tail(path: &Path, lines: usize) -> String {
    match fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

/// `name` as a backquoted identifier.
pub fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `s` as a single-quoted string literal (backslash escapes on, as in the default SQL mode).
pub fn quote_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// How the `mariadb` client connects when it loads SQL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// `--default-character-set`: the connection charset until the loaded SQL sets its own
    /// with `SET NAMES`, and the charset the client splits statements in.
    pub charset: String,
    /// `--init-command`: SQL the client runs right after connecting, before the input (e.g.
    /// `SET SESSION sql_mode=…`). `None` leaves the server's defaults.
    pub init_command: Option<String>,
    /// `--binary-mode`: keep `\r\n` and NUL bytes inside the input as they are. Without it the
    /// client turns `\r\n` into `\n` everywhere, string literals included, and rejects NUL.
    pub binary_mode: bool,
    /// `--show-warnings`: print each statement's warnings and notes to stdout (see
    /// [`Output::diagnostics`]).
    pub show_warnings: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            charset: "utf8mb4".into(),
            init_command: None,
            binary_mode: true,
            show_warnings: false,
        }
    }
}

impl ClientOptions {
    pub fn charset(mut self, charset: &str) -> Self {
        self.charset = charset.into();
        self
    }

    pub fn init_command(mut self, sql: &str) -> Self {
        self.init_command = Some(sql.into());
        self
    }

    /// Sets the session SQL mode before the input runs.
    pub fn sql_mode(self, mode: &str) -> Self {
        let sql = format!("SET SESSION sql_mode={}", quote_str(mode));
        self.init_command(&sql)
    }

    pub fn binary_mode(mut self, on: bool) -> Self {
        self.binary_mode = on;
        self
    }

    pub fn show_warnings(mut self, on: bool) -> Self {
        self.show_warnings = on;
        self
    }
}

/// What a successful client run printed.
#[derive(Clone, Debug)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

/// One line of `--show-warnings` output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// `Note`, `Warning` or `Error`.
    pub level: String,
    pub code: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.level, self.code, self.message)
    }
}

impl Output {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The warnings and notes printed by a run with [`ClientOptions::show_warnings`]: lines
    /// of the form `Warning (Code 1366): Incorrect string value …`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let text = self.stdout_text();
        text.lines()
            .filter_map(|line| {
                let (level, rest) = line.split_once(" (Code ")?;
                if !matches!(level, "Note" | "Warning" | "Error") {
                    return None;
                }
                let (code, message) = rest.split_once("): ")?;
                Some(Diagnostic {
                    level: level.into(),
                    code: code.parse().ok()?,
                    message: message.into(),
                })
            })
            .collect()
    }
}

/// A client run that failed: the client could not start, its input could not be read, or it
/// exited with an error (its stderr carries the server's message).
#[derive(Debug)]
pub struct ClientError {
    /// What was being done, e.g. `loading dump.sql.gz into db1`.
    pub what: String,
    /// The client's exit status, if it ran to the end.
    pub status: Option<ExitStatus>,
    /// The client's stderr, or the I/O error.
    pub message: String,
    /// When the server died meanwhile: its state and error log tail.
    pub server: Option<String>,
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "{}: the mariadb client failed ({status}): ", self.what)?,
            None => write!(f, "{}: ", self.what)?,
        }
        write!(f, "{}", self.message.trim_end())?;
        if let Some(server) = &self.server {
            write!(f, "\n{server}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ClientError {}

/// Row count and `CHECKSUM TABLE` value of one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TableSum {
    pub rows: u64,
    pub checksum: u64,
}

/// Opens SQL input, inflating it when it starts with the gzip magic bytes.
fn sql_reader<'a, R: BufRead + Send + 'a>(mut input: R) -> io::Result<Box<dyn Read + Send + 'a>> {
    let gzip = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(input))
    } else {
        Box::new(input)
    })
}

/// A running private server; see the module documentation.
pub struct MariaDb {
    bins: &'static Binaries,
    /// `None` only after [`Drop`] decided to keep the directory.
    dir: Option<tempfile::TempDir>,
    socket: PathBuf,
    error_log: PathBuf,
    child: Mutex<Child>,
    version: String,
    startup: Duration,
}

impl MariaDb {
    /// Starts a server, panicking if MariaDB is not installed or does not come up.
    pub fn start() -> MariaDb {
        Self::start_with(&[])
    }

    /// Like [`MariaDb::start`], with extra `mariadbd` options (they come last and win).
    pub fn start_with(extra_server_args: &[&str]) -> MariaDb {
        match binaries() {
            Ok(bins) => Self::launch(bins, extra_server_args),
            Err(e) => panic!("MariaDB is required by {}: {e}", test_name()),
        }
    }

    /// Starts a server, or returns `None` after printing a SKIP notice when MariaDB is not
    /// installed. Under CI (env `CI` set) a missing MariaDB panics instead.
    pub fn start_or_skip() -> Option<MariaDb> {
        match binaries() {
            Ok(bins) => Some(Self::launch(bins, &[])),
            Err(e) if in_ci() => panic!("MariaDB is required in CI: {e}"),
            Err(e) => {
                eprintln!("SKIP {}: MariaDB is not installed: {e}", test_name());
                None
            }
        }
    }

    fn launch(bins: &'static Binaries, extra_server_args: &[&str]) -> MariaDb {
        let t0 = Instant::now();
        let dir = private_dir();
        let root = dir.path();
        let datadir = root.join("data");
        let socket = root.join("sock");
        let error_log = root.join("error.log");
        let tmpdir = root.join("tmp");
        fs::create_dir(&tmpdir).expect("cannot create the server's tmpdir");

        fresh_datadir(bins, &datadir, &tmpdir);

        // The server writes early startup errors to stderr before its error log is open.
        let console = File::create(root.join("mariadbd.out")).expect("cannot create mariadbd.out");
        let child = Command::new(&bins.server)
            .arg("--no-defaults")
            .args(user_args())
            .arg(format!("--datadir={}", datadir.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!(
                "--pid-file={}",
                root.join("mariadbd.pid").display()
            ))
            .arg(format!("--log-error={}", error_log.display()))
            .arg(format!("--tmpdir={}", tmpdir.display()))
            .args(INNODB_FILES)
            .args(SERVER_SETTINGS)
            .args(extra_server_args)
            .stdin(Stdio::null())
            .stdout(console.try_clone().expect("cannot clone a file handle"))
            .stderr(console)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bins.server.display()));

        let mut db = MariaDb {
            bins,
            dir: Some(dir),
            socket,
            error_log,
            child: Mutex::new(child),
            version: String::new(),
            startup: Duration::ZERO,
        };
        db.wait_until_ready();
        let version = db.query("", "SELECT VERSION()");
        db.version = version[0][0].clone().expect("VERSION() is NULL");
        db.startup = t0.elapsed();
        db
    }

    /// Polls the socket until the server sends its handshake.
    fn wait_until_ready(&self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(gone) = self.server_exited() {
                panic!("mariadbd did not start: {gone}");
            }
            if greets(&self.socket) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "mariadbd did not answer on {} within {:?}; error log tail:\n{}\n{}",
                    self.socket.display(),
                    STARTUP_TIMEOUT,
                    tail(&self.error_log, 30),
                    tail(&self.dir().join("mariadbd.out"), 10),
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// `Some(description)` when the server process is gone.
    fn server_exited(&self) -> Option<String> {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        match child.try_wait() {
            Ok(None) => None,
            Ok(Some(status)) => Some(format!(
                "mariadbd exited ({status}); error log tail:\n{}\n{}",
                tail(&self.error_log, 30),
                tail(&self.dir().join("mariadbd.out"), 10),
            )),
            Err(e) => Some(format!("cannot wait for mariadbd: {e}")),
        }
    }

    /// The temporary directory holding the data directory, socket and logs.
    pub fn dir(&self) -> &Path {
        self.dir
            .as_ref()
            .expect("directory already released")
            .path()
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The server's `VERSION()`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// How long [`MariaDb::start`] took: initialising the data directory, starting, first query.
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// The server's error log so far.
    pub fn error_log(&self) -> String {
        String::from_utf8_lossy(&fs::read(&self.error_log).unwrap_or_default()).into_owned()
    }

    /// A client command connected to this server with `opts`, using database `db` unless
    /// `db` is empty. Input, output and error are piped.
    pub fn client_command(&self, db: &str, opts: &ClientOptions) -> Command {
        let mut c = Command::new(&self.bins.client);
        c.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .arg("--user=root")
            .arg(format!("--default-character-set={}", opts.charset));
        if opts.binary_mode {
            c.arg("--binary-mode");
        }
        if let Some(init) = &opts.init_command {
            c.arg(format!("--init-command={init}"));
        }
        if opts.show_warnings {
            c.arg("--show-warnings");
        }
        if !db.is_empty() {
            c.arg(format!("--database={db}"));
        }
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs `cmd` with `input` streamed to its stdin.
    fn run_client(
        &self,
        mut cmd: Command,
        input: &mut (dyn Read + Send),
        what: &str,
    ) -> Result<Output, ClientError> {
        let fail = |status, message: String| ClientError {
            what: what.to_string(),
            status,
            message,
            server: self.server_exited(),
        };
        let t0 = Instant::now();
        let mut child = cmd.spawn().map_err(|e| {
            fail(
                None,
                format!("cannot run {}: {e}", self.bins.client.display()),
            )
        })?;
        let mut stdin = child.stdin.take().expect("client stdin is piped");
        let (output, fed) = thread::scope(|s| {
            let feeder = s.spawn(move || io::copy(input, &mut stdin));
            let output = child.wait_with_output();
            (output, feeder.join().expect("the stdin feeder panicked"))
        });
        let output = output.map_err(|e| fail(None, format!("cannot wait for the client: {e}")))?;
        if !output.status.success() {
            // A broken pipe on stdin only means the client stopped early; stderr says why.
            return Err(fail(
                Some(output.status),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            ));
        }
        if let Err(e) = fed {
            return Err(fail(None, format!("cannot read the input: {e}")));
        }
        Ok(Output {
            stdout: output.stdout,
            stderr: output.stderr,
            elapsed: t0.elapsed(),
        })
    }

    /// Creates database `name`.
    pub fn create_database(&self, name: &str) {
        self.execute("", &format!("CREATE DATABASE {}", quote_ident(name)))
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Drops database `name` if it exists.
    pub fn drop_database(&self, name: &str) {
        self.execute(
            "",
            &format!("DROP DATABASE IF EXISTS {}", quote_ident(name)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Runs SQL statements with the default [`ClientOptions`].
    pub fn execute(&self, db: &str, sql: &str) -> Result<Output, ClientError> {
        let what = format!("running SQL in {db:?}: {}", abbreviate(sql));
        let cmd = self.client_command(db, &ClientOptions::default());
        self.run_client(cmd, &mut sql.as_bytes(), &what)
    }

    /// Loads a SQL file (plain, or gzip recognised by its first bytes) into `db` with the
    /// default [`ClientOptions`].
    pub fn load_file(&self, db: &str, path: impl AsRef<Path>) -> Result<Output, ClientError> {
        self.load_file_with(db, path, &ClientOptions::default())
    }

    /// Loads a SQL file (plain, or gzip recognised by its first bytes) into `db`.
    pub fn load_file_with(
        &self,
        db: &str,
        path: impl AsRef<Path>,
        opts: &ClientOptions,
    ) -> Result<Output, ClientError> {
        let path = path.as_ref();
        let what = format!("loading {} into {db}", path.display());
        let mut input = File::open(path)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .and_then(sql_reader)
            .map_err(|e| ClientError {
                what: what.clone(),
                status: None,
                message: format!("cannot open: {e}"),
                server: None,
            })?;
        self.run_client(self.client_command(db, opts), &mut input, &what)
    }

    /// Loads SQL bytes (plain, or gzip recognised by its first bytes) into `db` with the
    /// default [`ClientOptions`].
    pub fn load_bytes(&self, db: &str, sql: &[u8]) -> Result<Output, ClientError> {
        self.load_bytes_with(db, sql, &ClientOptions::default())
    }

    /// Loads SQL bytes (plain, or gzip recognised by its first bytes) into `db`.
    pub fn load_bytes_with(
        &self,
        db: &str,
        sql: &[u8],
        opts: &ClientOptions,
    ) -> Result<Output, ClientError> {
        let what = format!("loading {} bytes of SQL into {db}", sql.len());
        let mut input = sql_reader(sql).expect("reading a byte slice cannot fail");
        self.run_client(self.client_command(db, opts), &mut input, &what)
    }

    /// Runs a query (or several, `;`-separated) and returns the rows of all result sets as
    /// text; panics on an SQL error or a value that is not UTF-8 (use [`MariaDb::query_bytes`]
    /// or `HEX()` for binary data).
    pub fn query(&self, db: &str, sql: &str) -> Vec<Vec<Option<String>>> {
        self.query_bytes(db, sql)
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|v| {
                        v.map(|b| {
                            String::from_utf8(b).unwrap_or_else(|e| {
                                panic!(
                                    "a value of {} is not UTF-8 ({e}); use query_bytes or HEX()",
                                    abbreviate(sql)
                                )
                            })
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// Like [`MariaDb::query`] with exact bytes; panics on an SQL error.
    pub fn query_bytes(&self, db: &str, sql: &str) -> Vec<Vec<Option<Vec<u8>>>> {
        self.try_query_bytes(db, sql)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs a query and returns every value exactly.
    ///
    /// Batch mode (`-B -N`) prints rows as lines of tab-separated fields and escapes NUL, tab,
    /// newline and backslash inside values, so the bytes are recoverable; but it prints both
    /// SQL NULL and the string `NULL` as `NULL`. When that text occurs, the query runs a
    /// second time in XML mode, which marks NULLs (`xsi:nil`), to tell them apart; a query
    /// with `NULL` in its results must therefore return its rows in a stable order.
    pub fn try_query_bytes(
        &self,
        db: &str,
        sql: &str,
    ) -> Result<Vec<Vec<Option<Vec<u8>>>>, ClientError> {
        let what = format!("querying {db:?}: {}", abbreviate(sql));
        let opts = ClientOptions::default();
        let mut cmd = self.client_command(db, &opts);
        cmd.args(["--batch", "--skip-column-names"]);
        let out = self.run_client(cmd, &mut sql.as_bytes(), &what)?;
        let mut rows = parse_batch(&out.stdout);
        let ambiguous = rows
            .iter()
            .flatten()
            .any(|v| v.as_deref() == Some(b"NULL".as_slice()));
        if ambiguous {
            let mut cmd = self.client_command(db, &opts);
            cmd.arg("--xml");
            let xml = self.run_client(cmd, &mut sql.as_bytes(), &what)?;
            resolve_nulls(&mut rows, &parse_xml_nils(&xml.stdout)).map_err(|message| {
                ClientError {
                    what: what.clone(),
                    status: None,
                    message,
                    server: None,
                }
            })?;
        }
        Ok(rows)
    }

    /// The base tables of `db`, sorted.
    pub fn tables(&self, db: &str) -> Vec<String> {
        let sql = format!(
            "SELECT TABLE_NAME FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = {} AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
            quote_str(db)
        );
        let mut names: Vec<String> = self
            .query("", &sql)
            .into_iter()
            .map(|mut row| row.remove(0).expect("TABLE_NAME is NULL"))
            .collect();
        names.sort();
        names
    }

    /// Row count (`SELECT COUNT(*)`) and `CHECKSUM TABLE` of every base table of `db`.
    /// Panics if a table cannot be checksummed.
    pub fn checksums(&self, db: &str) -> BTreeMap<String, TableSum> {
        let tables = self.tables(db);
        if tables.is_empty() {
            return BTreeMap::new();
        }
        let counts: String = tables
            .iter()
            .map(|t| format!("SELECT COUNT(*) FROM {};\n", quote_ident(t)))
            .collect();
        let counts = self.query(db, &counts);
        let list: Vec<String> = tables.iter().map(|t| quote_ident(t)).collect();
        let sums = self.query(db, &format!("CHECKSUM TABLE {}", list.join(", ")));
        assert_eq!(counts.len(), tables.len(), "one COUNT(*) row per table");
        assert_eq!(sums.len(), tables.len(), "one CHECKSUM TABLE row per table");
        tables
            .iter()
            .zip(counts.iter().zip(&sums))
            .map(|(t, (count, sum))| {
                let expected = format!("{db}.{t}");
                assert_eq!(
                    sum[0].as_deref(),
                    Some(expected.as_str()),
                    "CHECKSUM TABLE order"
                );
                let number = |v: &Option<String>, what: &str| -> u64 {
                    v.as_deref()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or_else(|| panic!("{what} of {db}.{t} is {v:?}"))
                };
                let sum = TableSum {
                    rows: number(&count[0], "COUNT(*)"),
                    checksum: number(&sum[1], "CHECKSUM TABLE"),
                };
                (t.clone(), sum)
            })
            .collect()
    }

    /// `SHOW CREATE TABLE` of every base table of `db`: the server's normalised definition
    /// (columns, types, defaults, keys, engine, charset, comments, AUTO_INCREMENT).
    pub fn create_statements(&self, db: &str) -> BTreeMap<String, String> {
        let tables = self.tables(db);
        if tables.is_empty() {
            return BTreeMap::new();
        }
        let sql: String = tables
            .iter()
            .map(|t| format!("SHOW CREATE TABLE {};\n", quote_ident(t)))
            .collect();
        let rows = self.query(db, &sql);
        assert_eq!(
            rows.len(),
            tables.len(),
            "one SHOW CREATE TABLE row per table"
        );
        rows.into_iter()
            .map(|mut row| {
                let ddl = row.remove(1).expect("Create Table is NULL");
                (row.remove(0).expect("Table is NULL"), ddl)
            })
            .collect()
    }

    /// Asks the server to stop (SQL `SHUTDOWN`, then SIGTERM), waits, kills it if it hangs.
    fn shut_down(&mut self) {
        if self.server_exited().is_some() {
            return;
        }
        let mut cmd = self.client_command("", &ClientOptions::default());
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .args(["--connect-timeout=10", "--execute", "SHUTDOWN"]);
        let asked = cmd.status().is_ok_and(|s| s.success());
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        if !asked {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        while matches!(child.try_wait(), Ok(None)) {
            if Instant::now() > deadline {
                eprintln!("mariadbd did not stop within {SHUTDOWN_TIMEOUT:?}; killing it");
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        self.shut_down();
        if env::var_os("M1TOM2_KEEP_MARIADB").is_some_and(|v| !v.is_empty())
            && let Some(dir) = self.dir.take()
        {
            eprintln!("keeping the MariaDB directory {}", dir.keep().display());
        }
    }
}

/// Runs `mariadb-install-db` for a new data directory.
fn install_db(bins: &Binaries, datadir: &Path, tmpdir: &Path) -> Result<(), String> {
    let install = Command::new(&bins.install_db)
        .arg("--no-defaults")
        .arg(format!("--datadir={}", datadir.display()))
        .args(INSTALL_SETTINGS)
        .args(user_args())
        // Bootstrap servers running side by side collide on temporary tables in /tmp.
        .arg(format!("--tmpdir={}", tmpdir.display()))
        .args(INNODB_FILES)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bins.install_db.display()))?;
    if install.status.success() {
        return Ok(());
    }
    Err(format!(
        "{} failed ({}) for {}:\n{}{}",
        bins.install_db.display(),
        install.status,
        datadir.display(),
        String::from_utf8_lossy(&install.stdout),
        String::from_utf8_lossy(&install.stderr),
    ))
}

/// Creates `datadir` as a copy of the initialised template, or with `mariadb-install-db`
/// when there is no template.
fn fresh_datadir(bins: &Binaries, datadir: &Path, tmpdir: &Path) {
    match template(bins) {
        Some(template) => copy_tree(template, datadir).unwrap_or_else(|e| {
            panic!(
                "cannot copy the data directory {} to {}: {e}",
                template.display(),
                datadir.display()
            )
        }),
        None => install_db(bins, datadir, tmpdir).unwrap_or_else(|e| panic!("{e}")),
    }
}

/// An initialised data directory to copy, shared by every server of every test run.
///
/// `mariadb-install-db` takes 1–3 s (it loads the help tables and the sys schema); copying
/// its result takes a few ms. The template lives in Cargo's `target/tmp` under a name that
/// depends on the MariaDB binaries, the installation and InnoDB file options and the user,
/// so an upgrade or another user gets a new one; it is built in a staging directory and
/// renamed into place, so a template is complete or absent, even with test processes racing.
/// Delete `target/tmp/mariadb-template-*` to rebuild it. Without a usable `target/tmp`,
/// every server runs `mariadb-install-db` itself.
fn template(bins: &Binaries) -> Option<&'static PathBuf> {
    static TEMPLATE: OnceLock<Option<PathBuf>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let cache = Path::new(option_env!("CARGO_TARGET_TMPDIR")?);
            build_template(bins, cache)
                .inspect_err(|e| eprintln!("note: no MariaDB template data directory: {e}"))
                .ok()
        })
        .as_ref()
}

fn build_template(bins: &Binaries, cache: &Path) -> Result<PathBuf, String> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for program in [&bins.server, &bins.install_db] {
        program.hash(&mut h);
        if let Ok(m) = fs::metadata(program) {
            (m.len(), m.mtime(), m.mtime_nsec(), m.ino()).hash(&mut h);
        }
    }
    (INSTALL_SETTINGS, INNODB_FILES).hash(&mut h);
    fs::metadata("/proc/self")
        .map(|m| m.uid())
        .ok()
        .hash(&mut h);
    let name = format!("mariadb-template-{:016x}", h.finish());
    let dir = cache.join(&name);
    if dir.join("data").is_dir() {
        return Ok(dir.join("data"));
    }

    fs::create_dir_all(cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let stage = tempfile::Builder::new()
        .prefix(&format!("{name}.staging-"))
        .tempdir_in(cache)
        .map_err(|e| format!("cannot create a directory in {}: {e}", cache.display()))?;
    let tmpdir = stage.path().join("tmp");
    fs::create_dir(&tmpdir).map_err(|e| format!("cannot create {}: {e}", tmpdir.display()))?;
    install_db(bins, &stage.path().join("data"), &tmpdir)?;
    let _ = fs::remove_dir_all(&tmpdir);
    let staged = stage.keep();
    if let Err(e) = fs::rename(&staged, &dir) {
        let _ = fs::remove_dir_all(&staged);
        // Another test process finished first; its template is as good as ours.
        if !dir.join("data").is_dir() {
            return Err(format!(
                "cannot rename {} to {}: {e}",
                staged.display(),
                dir.display()
            ));
        }
    }
    Ok(dir.join("data"))
}

/// Copies a directory tree of plain files.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Room a memory file system needs before servers go there: a server directory is ~35 MB
/// plus the databases tests load.
const MIN_SHM_BYTES: u64 = 1 << 30;

/// Where server directories go: `M1TOM2_MARIADB_TMPDIR` if set; else `/dev/shm` when it has
/// room (loading a dump there takes a third of the time it takes on disk, where every CREATE
/// TABLE writes files); else the system's temporary directory.
fn servers_parent() -> &'static Path {
    static PARENT: OnceLock<PathBuf> = OnceLock::new();
    PARENT.get_or_init(|| {
        if let Some(dir) = env::var_os("M1TOM2_MARIADB_TMPDIR") {
            return PathBuf::from(dir);
        }
        let shm = Path::new("/dev/shm");
        if available_bytes(shm).is_some_and(|n| n >= MIN_SHM_BYTES) {
            return shm.to_path_buf();
        }
        env::temp_dir()
    })
}

/// Free space of the file system holding `dir`, from `df`.
fn available_bytes(dir: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let kib: u64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// A fresh temporary directory whose `sock` path fits a Unix socket address (108 bytes).
fn private_dir() -> tempfile::TempDir {
    let make = |parent: &Path| {
        tempfile::Builder::new()
            .prefix("m1tom2-mariadb-")
            .tempdir_in(parent)
    };
    let parent = servers_parent();
    match make(parent) {
        Ok(dir) if dir.path().join("sock").as_os_str().len() < 100 => dir,
        Ok(_) => make(Path::new("/tmp")).expect("cannot create a temporary directory in /tmp"),
        Err(e) => panic!("cannot create a directory in {}: {e}", parent.display()),
    }
}

/// Whether the server on `socket` sends a protocol-10 handshake.
fn greets(socket: &Path) -> bool {
    let Ok(mut stream) = UnixStream::connect(socket) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    // Packet header (3 bytes length, 1 byte sequence), then the protocol version.
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).is_ok() && head[4] == 10
}

/// The first line of `sql`, shortened, for messages.
fn abbreviate(sql: &str) -> String {
    let line = sql.trim().lines().next().unwrap_or("");
    let short: String = line.chars().take(120).collect();
    if short.len() < sql.trim().len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Parses `--batch --skip-column-names` output: one line per row, tab-separated fields,
/// with NUL, tab, newline and backslash escaped as `\0`, `\t`, `\n`, `\\`. `NULL` is kept
/// as the text `NULL`; [`MariaDb::try_query_bytes`] resolves it.
fn parse_batch(out: &[u8]) -> Vec<Vec<Option<Vec<u8>>>> {
    // Every row ends with a newline: no output is no rows, "\n" one row with one empty value.
    let Some(out) = out.strip_suffix(b"\n") else {
        assert!(out.is_empty(), "batch output does not end with a newline");
        return Vec::new();
    };
    out.split(|&b| b == b'\n')
        .map(|line| {
            line.split(|&b| b == b'\t')
                .map(|field| Some(unescape_batch(field)))
                .collect()
        })
        .collect()
}

fn unescape_batch(field: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let b = field[i];
        if b == b'\\' && i + 1 < field.len() {
            let decoded = match field[i + 1] {
                b'0' => Some(0),
                b't' => Some(b'\t'),
                b'n' => Some(b'\n'),
                b'\\' => Some(b'\\'),
                _ => None,
            };
            if let Some(d) = decoded {
                v.push(d);
                i += 2;
                continue;
            }
        }
        v.push(b);
        i += 1;
    }
    v
}

/// Turns the batch values that are SQL NULL according to `nils` into `None`.
fn resolve_nulls(rows: &mut [Vec<Option<Vec<u8>>>], nils: &[Vec<bool>]) -> Result<(), String> {
    let unstable = "the batch and XML runs returned different results; is the row order stable?";
    if rows.len() != nils.len() || rows.iter().zip(nils).any(|(r, n)| r.len() != n.len()) {
        return Err(unstable.into());
    }
    for (row, nil_row) in rows.iter_mut().zip(nils) {
        for (v, &nil) in row.iter_mut().zip(nil_row) {
            if nil {
                if v.as_deref() != Some(b"NULL".as_slice()) {
                    return Err(unstable.into());
                }
                *v = None;
            }
        }
    }
    Ok(())
}

/// From `--xml` output, for every row, which fields are NULL (`xsi:nil="true"`). Values are
/// XML-escaped (`<` is `&lt;`), so the markup found by plain search is markup.
fn parse_xml_nils(out: &[u8]) -> Vec<Vec<bool>> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut rows = Vec::new();
    let mut rest = out;
    while let Some(start) = find(rest, b"<row>") {
        let body_start = start + b"<row>".len();
        let end = find(&rest[body_start..], b"</row>").expect("unterminated <row> in XML output");
        let mut body = &rest[body_start..body_start + end];
        let mut row = Vec::new();
        while let Some(f) = find(body, b"<field name=\"") {
            let after_name_start = f + b"<field name=\"".len();
            let name_len = find(&body[after_name_start..], b"\"").expect("unterminated field name");
            let after = &body[after_name_start + name_len..];
            let nil = after.starts_with(b"\" xsi:nil=\"true\"");
            row.push(nil);
            body = after;
        }
        rows.push(row);
        rest = &rest[body_start + end..];
    }
    rows
}
