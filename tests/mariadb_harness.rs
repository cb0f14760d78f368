//! Tests of the private-MariaDB harness in `tests/common/mariadb.rs`: the other integration
//! tests trust it to load SQL byte for byte, to read values back exactly and to report errors.

mod common;

use common::{ClientOptions, MariaDb};
use std::io::Write;
use std::path::Path;

/// A table with a binary, a utf8 text and a nullable string column, as in Magento 1 dumps.
const TABLE: &[u8] = b"CREATE TABLE t (\n\
      id INT NOT NULL PRIMARY KEY,\n\
      b VARBINARY(64) NULL,\n\
      c TEXT CHARACTER SET utf8 NULL,\n\
      d VARCHAR(20) CHARACTER SET utf8 NULL\n\
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8;\n";

/// The bytes the `b` literal of [`binary_row`] stands for.
const BINARY_VALUE: &[u8] = &[
    0xff, 0xfe, 0x80, b'\r', b'\n', 0, 0, b'\\', b'\'', 0xda, 0xec, b'A', b'\t', b'N',
];

/// An INSERT whose binary literal holds raw invalid UTF-8, a raw CR LF and NUL, SQL
/// escapes, and mysqldump's backslash before a byte that looks like the start of a multibyte
/// character (`\` 0xDA, which the server reads as 0xDA).
fn binary_row() -> Vec<u8> {
    let mut sql = b"INSERT INTO t VALUES (1, '".to_vec();
    sql.extend_from_slice(&[0xff, 0xfe, 0x80, b'\r', b'\n', 0]);
    sql.extend_from_slice(br"\0\\\'");
    sql.extend_from_slice(&[b'\\', 0xda, 0xec]);
    sql.extend_from_slice(br"A\tN");
    sql.extend_from_slice("', 'h\u{e9}llo\\ttab\\nline\\\\slash', 'NULL');\n".as_bytes());
    sql
}

fn fixture() -> Vec<u8> {
    let mut sql = b"SET NAMES utf8;\nSET SQL_MODE='NO_AUTO_VALUE_ON_ZERO';\n".to_vec();
    sql.extend_from_slice(TABLE);
    sql.extend_from_slice(&binary_row());
    sql.extend_from_slice(b"INSERT INTO t VALUES (2, NULL, '', NULL), (3, 0x00FF5C, 'ok', '');\n");
    sql
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[test]
fn servers_start_independently_and_clean_up() {
    let Some(a) = MariaDb::start_or_skip() else {
        return;
    };
    let b = MariaDb::start();
    eprintln!(
        "{}: started in {:?} and {:?}",
        a.version(),
        a.startup_time(),
        b.startup_time()
    );
    assert!(a.version().contains("MariaDB"), "version {:?}", a.version());
    assert_ne!(a.socket(), b.socket());

    for db in [&a, &b] {
        db.create_database("shop");
        assert_eq!(db.tables("shop"), Vec::<String>::new());
        assert!(db.checksums("shop").is_empty());
    }
    a.execute(
        "shop",
        "CREATE TABLE only_here (x INT); INSERT INTO only_here VALUES (7)",
    )
    .unwrap();
    assert_eq!(a.tables("shop"), ["only_here"]);
    assert_eq!(b.tables("shop"), Vec::<String>::new(), "servers share data");

    // The settings the dumps need are in effect.
    let vars = a.query(
        "",
        "SELECT @@innodb_strict_mode, @@character_set_server, @@log_bin, @@skip_networking",
    );
    assert_eq!(
        vars,
        [[Some("0"), Some("utf8mb4"), Some("0"), Some("1")].map(|v| v.map(String::from))]
    );

    let dir = a.dir().to_path_buf();
    let pid_file = dir.join("mariadbd.pid");
    let pid = std::fs::read_to_string(&pid_file).expect("the server writes a pid file");
    let proc_dir = Path::new("/proc").join(pid.trim());
    assert!(proc_dir.exists(), "no process {}", pid.trim());
    drop(a);
    assert!(
        !proc_dir.exists(),
        "mariadbd {} still runs after drop",
        pid.trim()
    );
    if std::env::var_os("M1TOM2_KEEP_MARIADB").is_none() {
        assert!(!dir.exists(), "{} was not removed", dir.display());
    }
    // The other server is unaffected.
    assert_eq!(b.query("", "SELECT 1"), [[Some("1".to_string())]]);
}

#[test]
fn binary_and_text_values_load_and_read_back_exactly() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    db.create_database("m1");
    let out = db
        .load_bytes_with(
            "m1",
            &fixture(),
            &ClientOptions::default().show_warnings(true),
        )
        .unwrap();
    assert_eq!(out.diagnostics(), [], "the load changed values");

    let rows = db.query_bytes("m1", "SELECT id, b, c, d FROM t ORDER BY id");
    let text = |s: &str| Some(s.as_bytes().to_vec());
    assert_eq!(
        rows,
        [
            vec![
                text("1"),
                Some(BINARY_VALUE.to_vec()),
                text("h\u{e9}llo\ttab\nline\\slash"),
                text("NULL"),
            ],
            vec![text("2"), None, text(""), None],
            vec![text("3"), Some(vec![0, 0xff, b'\\']), text("ok"), text("")],
        ]
    );
    // The same through HEX(), which involves no escaping at all.
    let hex: String = BINARY_VALUE.iter().map(|b| format!("{b:02X}")).collect();
    let text_len = "h\u{e9}llo\ttab\nline\\slash".len().to_string();
    assert_eq!(
        db.query("m1", "SELECT HEX(b), LENGTH(c) FROM t WHERE id = 1"),
        [[Some(hex), Some(text_len)]]
    );
    // A string that reads "NULL" and a real NULL stay apart in text queries too.
    assert_eq!(
        db.query("m1", "SELECT d FROM t ORDER BY id"),
        [
            vec![Some("NULL".to_string())],
            vec![None],
            vec![Some(String::new())]
        ]
    );
    // Queries without rows, and a row with a single empty value.
    assert_eq!(
        db.query("m1", "SELECT 1 FROM t WHERE id = 99"),
        Vec::<Vec<_>>::new()
    );
    assert_eq!(db.query("m1", "SELECT ''"), [[Some(String::new())]]);

    let sums = db.checksums("m1");
    assert_eq!(sums.keys().collect::<Vec<_>>(), ["t"]);
    assert_eq!(sums["t"].rows, 3);
}

#[test]
fn invalid_utf8_in_a_text_column_is_reported_not_hidden() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let mut sql = b"SET NAMES utf8;\n".to_vec();
    sql.extend_from_slice(TABLE);
    sql.extend_from_slice(b"INSERT INTO t VALUES (1, 'x\xffy', 'x\xffy', NULL);\n");

    // Non-strict, as the dumps set it: the binary column keeps the byte, the text column
    // gets '?' and the server says so.
    db.create_database("lax");
    let opts = ClientOptions::default()
        .sql_mode("NO_AUTO_VALUE_ON_ZERO")
        .show_warnings(true);
    let out = db.load_bytes_with("lax", &sql, &opts).unwrap();
    let codes: Vec<(String, u32)> = out
        .diagnostics()
        .into_iter()
        .map(|d| (d.level, d.code))
        .collect();
    assert_eq!(
        codes,
        [("Warning".to_string(), 1366)],
        "{}",
        out.stdout_text()
    );
    assert_eq!(
        db.query("lax", "SELECT HEX(b), HEX(c) FROM t"),
        [[Some("78FF79".to_string()), Some("783F79".to_string())]]
    );

    // Strict: the same load fails, and the error carries the server's message.
    db.create_database("strict");
    let opts = ClientOptions::default().sql_mode("STRICT_ALL_TABLES");
    let err = db.load_bytes_with("strict", &sql, &opts).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("ERROR 1366"), "{msg}");
    assert!(msg.contains("Incorrect string value"), "{msg}");
}

#[test]
fn sql_errors_fail_the_load_with_the_clients_message() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    db.create_database("e");
    let sql = b"CREATE TABLE before_error (x INT);\n\
                INSERT INTO no_such_table VALUES (1);\n\
                CREATE TABLE after_error (x INT);\n";
    let err = db.load_bytes("e", sql).unwrap_err();
    let msg = err.to_string();
    assert!(err.status.is_some_and(|s| !s.success()), "{msg}");
    assert!(msg.contains("ERROR 1146"), "{msg}");
    assert!(msg.contains("no_such_table"), "{msg}");
    assert!(msg.contains("at line 2"), "{msg}");
    // The client stops at the first error.
    assert_eq!(db.tables("e"), ["before_error"]);

    let err = db.load_bytes("e", b"SELEC 1;\n").unwrap_err().to_string();
    assert!(
        err.contains("You have an error in your SQL syntax"),
        "{err}"
    );

    let err = db
        .try_query_bytes("e", "SELECT nope FROM before_error")
        .unwrap_err();
    assert!(err.to_string().contains("Unknown column 'nope'"), "{err}");

    // An unreadable input is an error even though the client itself succeeds on what it got.
    let mut corrupt = gzip(b"CREATE TABLE z (x INT);\n");
    let n = corrupt.len();
    corrupt.truncate(n - 6);
    let err = db.load_bytes("e", &corrupt).unwrap_err().to_string();
    assert!(err.contains("cannot read the input"), "{err}");

    let err = db
        .load_file("e", "/nonexistent/dump.sql")
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot open"), "{err}");
}

#[test]
fn gzip_input_is_recognised_by_its_magic_bytes() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Compressed, under a name that does not say so.
    let path = tmp.path().join("dump.sql");
    std::fs::write(&path, gzip(&fixture())).unwrap();
    db.create_database("from_file");
    db.load_file("from_file", &path).unwrap();
    db.create_database("from_bytes");
    db.load_bytes("from_bytes", &gzip(&fixture())).unwrap();
    db.create_database("plain");
    db.load_bytes("plain", &fixture()).unwrap();

    let plain = db.checksums("plain");
    assert_eq!(plain["t"].rows, 3);
    assert_eq!(db.checksums("from_file"), plain);
    assert_eq!(db.checksums("from_bytes"), plain);
}

#[test]
fn checksums_see_a_changed_byte_and_binary_mode_matters() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    for name in ["one", "two"] {
        db.create_database(name);
        db.load_bytes(name, &fixture()).unwrap();
    }
    assert_eq!(db.checksums("one"), db.checksums("two"));
    // One byte of one value.
    db.execute("two", "UPDATE t SET b = CONCAT(b, 'x') WHERE id = 3")
        .unwrap();
    let (one, two) = (db.checksums("one"), db.checksums("two"));
    assert_eq!(one["t"].rows, two["t"].rows);
    assert_ne!(one["t"].checksum, two["t"].checksum);

    // Without --binary-mode the client turns CR LF inside a string literal into LF.
    let sql = b"CREATE TABLE crlf (v VARBINARY(8));\nINSERT INTO crlf VALUES ('a\r\nb');\n";
    db.create_database("binary");
    db.load_bytes("binary", sql).unwrap();
    db.create_database("text");
    let text_mode = ClientOptions::default().binary_mode(false);
    db.load_bytes_with("text", sql, &text_mode).unwrap();
    assert_eq!(
        db.query_bytes("binary", "SELECT v FROM crlf"),
        [[Some(b"a\r\nb".to_vec())]]
    );
    assert_eq!(
        db.query_bytes("text", "SELECT v FROM crlf"),
        [[Some(b"a\nb".to_vec())]]
    );
}
