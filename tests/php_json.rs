//! `handlers::php` against real PHP: every serialized value in the shared Magento 1 dumps,
//! edge cases, floats and random values go through PHP's `unserialize`, `json_encode`,
//! `serialize` and `(string)` and through ours, and the bytes must be the same.
//!
//! PHP runs as inside Magento: an error handler turns notices and warnings into exceptions
//! (Magento's `ErrorHandler`), and only `stdClass` is a known class (Magento 1's classes do
//! not exist where the migration runs). The `@unserialize` variant (warnings ignored) is
//! compared too. Values go to PHP in batches, so PHP starts a few times, not per value.
//!
//! Needs `php` (Debian's php-cli, installed by scripts/test) and `../shared/data/m1`. Outside
//! CI a missing one skips with a notice; with CI set it fails.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use m1tom2::dump::lex::{Rows, parse_header};
use m1tom2::dump::split::Blocks;
use m1tom2::dump::stmt::{StmtKind, classify};
use m1tom2::dump::value::Value as SqlValue;
use m1tom2::handlers::php::{
    Key, Object, Value, Warnings, format_float, serialize, to_json, unserialize, unserialize_with,
};
use proptest::prelude::*;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// `php` if it runs; `None` (after a notice) outside CI when it does not.
fn php() -> Option<PathBuf> {
    let ok = Command::new("php")
        .args(["-n", "-r", "echo 'ok';"])
        .output()
        .is_ok_and(|o| o.stdout == b"ok");
    if ok {
        return Some(PathBuf::from("php"));
    }
    assert!(
        !in_ci(),
        "php is required in CI (Debian's php-cli; scripts/test installs it)"
    );
    eprintln!("SKIP: php not found (install php-cli)");
    None
}

/// The shared Magento 1 dumps, or `None` (after a notice) outside CI when absent.
fn shared_dumps() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/m1");
    match std::fs::read_dir(&dir) {
        Ok(entries) => {
            let mut v: Vec<PathBuf> = entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().ends_with(".sql.gz"))
                .collect();
            v.sort();
            assert!(!v.is_empty() || !in_ci(), "no dumps in {}", dir.display());
            Some(v)
        }
        Err(e) => {
            assert!(
                !in_ci(),
                "the shared Magento 1 dumps are required in CI: cannot read {}: {e}",
                dir.display()
            );
            eprintln!("SKIP: {} not readable: {e}", dir.display());
            None
        }
    }
}

/// The PHP side. Input: records `<len>\n<bytes>\n`. Output per record: the strict result
/// (`E` unserialize failed; else `J<json>` or `F<json error message>`, then `S<serialize>`
/// and `P<(string) of a float>`), then the `@unserialize` result (`X` for false, else
/// `J`/`F`).
const PHP_HARNESS: &str = r#"<?php
set_error_handler(function ($no, $str, $file = '', $line = 0) {
    if (!(error_reporting() & $no)) { return false; }
    throw new ErrorException($str, 0, $no, $file, $line);
});
$in = fopen($argv[1], 'rb');
$out = fopen($argv[2], 'wb');
function rec($out, $tag, $bytes) { fwrite($out, $tag . strlen($bytes) . "\n" . $bytes . "\n"); }
function readn($in, $n) { $s = ''; while (strlen($s) < $n) { $c = fread($in, $n - strlen($s)); if ($c === '' || $c === false) break; $s .= $c; } return $s; }
$opts = ['allowed_classes' => ['stdClass']];
while (($line = fgets($in)) !== false) {
    $s = readn($in, (int)$line);
    fgets($in);
    try { $v = unserialize($s, $opts); $ok = true; } catch (Throwable $e) { $ok = false; }
    if (!$ok) {
        rec($out, 'E', '');
    } else {
        $j = json_encode($v);
        if ($j === false) { rec($out, 'F', json_last_error_msg()); } else { rec($out, 'J', $j); }
        rec($out, 'S', serialize($v));
        rec($out, 'P', is_float($v) ? (string)$v : '');
    }
    $v = @unserialize($s, $opts);
    if ($v === false) {
        rec($out, 'X', '');
    } else {
        $j = json_encode($v);
        if ($j === false) { rec($out, 'F', json_last_error_msg()); } else { rec($out, 'J', $j); }
    }
}
"#;

/// One record of PHP's output.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Rec(u8, Vec<u8>);

/// Our answers for one input, in the harness's record order.
fn ours(s: &[u8]) -> Vec<Rec> {
    let mut recs = Vec::new();
    match unserialize(s) {
        Err(_) => recs.push(Rec(b'E', vec![])),
        Ok(v) => {
            recs.push(match to_json(&v) {
                Ok(j) => Rec(b'J', j),
                Err(e) => Rec(b'F', e.to_string().into_bytes()),
            });
            recs.push(Rec(b'S', serialize(&v)));
            let mut p = Vec::new();
            if let Value::Float(f) = v {
                format_float(f, 14, b'E', &mut p);
            }
            recs.push(Rec(b'P', p));
        }
    }
    recs.push(match unserialize_with(s, Warnings::Ignore) {
        Err(_) | Ok(Value::Bool(false)) => Rec(b'X', vec![]),
        Ok(v) => match to_json(&v) {
            Ok(j) => Rec(b'J', j),
            Err(e) => Rec(b'F', e.to_string().into_bytes()),
        },
    });
    recs
}

/// Runs PHP once over all `inputs`; its records per input.
fn run_php(php: &Path, inputs: &[Vec<u8>]) -> Vec<Vec<Rec>> {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("harness.php");
    std::fs::write(&script, PHP_HARNESS).unwrap();
    let input = dir.path().join("in.bin");
    let output = dir.path().join("out.bin");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    for s in inputs {
        writeln!(f, "{}", s.len()).unwrap();
        f.write_all(s).unwrap();
        f.write_all(b"\n").unwrap();
    }
    f.into_inner().unwrap().sync_all().unwrap();
    let st = Command::new(php)
        .args(["-n", "-d", "serialize_precision=-1", "-d", "precision=14"])
        .args(["-d", "memory_limit=-1", "-d", "error_reporting=-1"])
        .arg(&script)
        .arg(&input)
        .arg(&output)
        .status()
        .unwrap();
    assert!(st.success(), "php failed: {st}");
    let out = std::fs::read(&output).unwrap();
    let mut recs = Vec::new();
    let mut i = 0;
    while i < out.len() {
        let tag = out[i];
        let nl = i + out[i..].iter().position(|&b| b == b'\n').unwrap();
        let n: usize = std::str::from_utf8(&out[i + 1..nl])
            .unwrap()
            .parse()
            .unwrap();
        recs.push(Rec(tag, out[nl + 1..nl + 1 + n].to_vec()));
        i = nl + 1 + n + 1;
    }
    // Group: an input gives 1 or 3 strict records, then 1 lenient one.
    let mut grouped = Vec::new();
    let mut it = recs.into_iter().peekable();
    while let Some(first) = it.next() {
        let mut g = vec![first.clone()];
        if first.0 != b'E' {
            g.push(it.next().unwrap());
            g.push(it.next().unwrap());
        }
        g.push(it.next().unwrap());
        grouped.push(g);
    }
    assert_eq!(grouped.len(), inputs.len(), "PHP answered for every input");
    grouped
}

/// Whether PHP's serialize output uses references (ours writes copies instead).
fn has_reference_tokens(s: &[u8]) -> bool {
    s.windows(2).any(|w| w == b"r:" || w == b"R:")
}

/// Compares our records with PHP's for every input; returns how many inputs agreed.
fn compare(php_out: &[Vec<Rec>], inputs: &[Vec<u8>], what: &str) -> usize {
    let mut failures = Vec::new();
    for (s, theirs) in inputs.iter().zip(php_out) {
        let mine = ours(s);
        let same = mine.len() == theirs.len()
            && mine
                .iter()
                .zip(theirs)
                .all(|(a, b)| a == b || (a.0 == b'S' && b.0 == b'S' && has_reference_tokens(&b.1)));
        if !same {
            failures.push(format!(
                "input {:?}\n  php:  {:?}\n  ours: {:?}",
                String::from_utf8_lossy(&s[..s.len().min(300)]),
                show(theirs),
                show(&mine)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{what}: {} of {} differ from PHP:\n{}",
        failures.len(),
        inputs.len(),
        failures[..failures.len().min(10)].join("\n")
    );
    inputs.len()
}

fn show(r: &[Rec]) -> Vec<String> {
    r.iter()
        .map(|Rec(t, b)| {
            format!(
                "{}:{}",
                *t as char,
                String::from_utf8_lossy(&b[..b.len().min(200)])
            )
        })
        .collect()
}

/// Whether a decoded column value looks like PHP serialized data.
fn looks_serialized(b: &[u8]) -> bool {
    let digits_then = |rest: &[u8], end: &[u8]| {
        let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        n > 0 && rest[n..].starts_with(end)
    };
    match b {
        [b'a', b':', rest @ ..] => digits_then(rest, b":{"),
        [b'O' | b'C' | b's' | b'S', b':', rest @ ..] => digits_then(rest, b":\""),
        [b'i', b':', rest @ ..] => {
            let rest = rest
                .strip_prefix(b"-")
                .or(rest.strip_prefix(b"+"))
                .unwrap_or(rest);
            digits_then(rest, b";")
        }
        [b'b', b':', b'0' | b'1', b';', ..] => true,
        [b'd', b':', ..] => b.contains(&b';'),
        [b'N', b';', ..] => true,
        _ => false,
    }
}

/// Every string value in the dump's INSERTs that looks serialized, decoded.
fn serialized_values(path: &Path) -> Vec<Vec<u8>> {
    let file = std::fs::File::open(path).unwrap();
    let mut blocks = Blocks::new(flate2::read::MultiGzDecoder::new(file), 0, 8 << 20);
    let mut found = Vec::new();
    while let Some(block) = blocks.next_block(Vec::new()).unwrap() {
        for span in &block.stmts {
            let s = &block.data[span.start..span.end];
            if !classify(s).is_ok_and(|c| c.kind == StmtKind::Insert) {
                continue;
            }
            let header = parse_header(s).unwrap();
            let mut rows = Rows::new(s, header.values_at);
            let mut row: Vec<SqlValue<'_>> = Vec::new();
            while rows.next_into(&mut row).unwrap().is_some() {
                for v in &row {
                    if let Some(b) = v.decode()
                        && looks_serialized(&b)
                    {
                        found.push(b.into_owned());
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_serialized_value_in_the_shared_dumps_encodes_as_php_does() {
    let Some(php) = php() else { return };
    let Some(dumps) = shared_dumps() else { return };
    let mut inputs = Vec::new();
    let mut per_dump = Vec::new();
    for d in &dumps {
        let v = serialized_values(d);
        per_dump.push((
            d.file_name().unwrap().to_string_lossy().into_owned(),
            v.len(),
        ));
        inputs.extend(v);
    }
    let out = run_php(&php, &inputs);
    let n = compare(&out, &inputs, "shared dumps");
    let converted = out.iter().filter(|r| r[0].0 == b'J').count();
    eprintln!(
        "php_json: {n} serialized values from {} dumps agree with PHP ({converted} JSON-encoded; per dump: {per_dump:?})",
        dumps.len()
    );
    assert!(
        n >= 500 || !in_ci(),
        "expected the dumps to hold hundreds of values, found {n}"
    );
}

/// Hand-written cases: every branch of the grammar, PHP's quirks and failures.
fn edge_cases() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "",
        "N;",
        "N",
        "b:0;",
        "b:1;",
        "b:2;",
        "i:0;",
        "i:+5;",
        "i:-0;",
        "i:007;",
        "i:9223372036854775807;",
        "i:-9223372036854775808;",
        "i:9223372036854775808;",
        "i:99999999999999999999;",
        "i:00000000000000000000001;",
        "i:;",
        "i:5",
        "d:0.1;",
        "d:.5;",
        "d:5.;",
        "d:1E5;",
        "d:1e+5;",
        "d:1.5e-7;",
        "d:-0;",
        "d:-0.0;",
        "d:1e500;",
        "d:-1e500;",
        "d:1e-500;",
        "d:INF;",
        "d:-INF;",
        "d:+INF;",
        "d:NAN;",
        "d:1e;",
        "d:.;",
        "d:1.0E+25;",
        "d:123456789012345678;",
        "d:0.30000000000000004;",
        "s:0:\"\";",
        "s:3:\"abc\";",
        "s:3:\"abc\";trailing",
        "s:3:\"ab\";",
        "s:3:\"abc\"",
        "s:5:\"a/b\\\"\";",
        "s:1:\"\x7f\";",
        "s:2:\"é\";",
        "s:4:\"😀\";",
        "s:4:\"\u{20ac}a\";",
        "S:3:\"\\61bc\";",
        "S:2:\"\\4\";",
        "S:1:\"\\7e\";",
        "a:0:{}",
        "a:0:{}x",
        "a:1:{i:0;a:0:{}}",
        "a:1:{s:1:\"0\";s:1:\"x\";}",
        "a:2:{i:0;s:1:\"a\";i:0;s:1:\"b\";}",
        "a:2:{i:1;s:1:\"a\";i:0;s:1:\"b\";}",
        "a:1:{s:2:\"-0\";i:1;}",
        "a:1:{s:2:\"05\";i:1;}",
        "a:1:{s:20:\"-9223372036854775808\";i:1;}",
        "a:1:{s:19:\"9223372036854775808\";i:1;}",
        "a:1:{d:1.5;i:1;}",
        "a:1:{N;i:1;}",
        "a:1:{b:1;i:1;}",
        "a:2:{i:0;i:1;}",
        "a:1:{i:0;i:1;}}}",
        "a:-1:{}",
        "a:1:{i:99999999999999999999;i:1;}",
        "a:3:{i:0;i:1;i:2;i:3;i:1;i:2;}",
        "a:2:{i:0;N;i:2;N;}",
        "a:2:{i:-1;N;i:0;N;}",
        "O:8:\"stdClass\":0:{}",
        "O:8:\"STDCLASS\":1:{i:5;i:1;}",
        "O:8:\"stdClass\"::{}",
        "O:8:\"stdClass\":+1:{s:1:\"a\";i:1;}",
        "O:8:\"stdClass\":1:{s:0:\"\";i:1;}",
        "O:3:\"Foo\":0:{}",
        "O:3:\"1ab\":0:{}",
        "O:3:\"a-b\":0:{}",
        "O:0:\"\":0:{}",
        "O:8:\"DateTime\":0:{}",
        "O:14:\"Varien\\\\Object\":0:{}",
        "O:8:\"stdClass\":2:{s:1:\"a\";i:1;s:1:\"a\";i:2;}",
        "O:8:\"stdClass\":1:{d:1;i:1;}",
        "C:3:\"Foo\":0:{}",
        "C:3:\"Foo\":3:{abc}",
        "C:3:\"Foo\":9:{abc}",
        "C:8:\"stdClass\":0:{}",
        "C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}",
        "E:7:\"Foo:Bar\";",
        "a:1:{i:0;R:1;}",
        "a:1:{i:0;r:1;}",
        "a:2:{i:0;i:5;i:1;r:2;}",
        "a:2:{i:0;i:5;i:1;R:2;}",
        "a:2:{i:0;a:1:{i:0;i:7;}i:1;R:3;}",
        "a:2:{i:0;a:1:{i:0;i:7;}i:1;R:2;}",
        "O:8:\"stdClass\":1:{s:1:\"a\";r:1;}",
        "O:8:\"stdClass\":1:{s:1:\"a\";R:1;}",
        "a:1:{i:0;a:1:{i:0;R:2;}}",
        "a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;}",
        "a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"x\";i:1;}i:1;r:3;}",
        "a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"x\";i:1;}i:1;r:2;}",
        "a:2:{i:0;O:3:\"Foo\":1:{s:1:\"x\";i:1;}i:1;r:2;}",
        "a:3:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;i:2;R:3;}",
        "R:1;",
        "r:1;",
        "a:1:{i:0;R:0;}",
        "a:1:{i:0;R:9;}",
        "x:1;",
        "a:1:{i:0;d:INF;}",
        "a:1:{i:0;d:NAN;}",
        "s:3:\"\u{ffff}\";",
        "s:1:\"/\";",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    // Bytes that are not UTF-8: json_encode fails on them.
    for b in [
        &b"a:1:{s:1:\"a\";s:2:\"\xff\xfe\";}"[..],
        b"a:1:{s:2:\"\xff\xfe\";i:1;}",
        b"s:3:\"\xed\xa0\x80\";",
        b"s:2:\"\xc0\x80\";",
        b"s:4:\"\xf4\x90\x80\x80\";",
        b"O:8:\"stdClass\":1:{s:1:\"\xff\";i:1;}",
        b"O:3:\"F\xffo\":0:{}",
    ] {
        v.push(b.to_vec());
    }
    // Every control byte, and a few bytes that are invalid alone.
    for b in (0u8..0x20).chain([0x7f, 0x80, 0xbf, 0xc2, 0xf5, 0xff]) {
        let mut s = b"s:1:\"".to_vec();
        s.push(b);
        s.extend_from_slice(b"\";");
        v.push(s);
    }
    // Nesting at PHP's limits: unserialize 4096, json_encode 512.
    for depth in [511, 512, 513, 4096, 4097] {
        let mut s = Vec::new();
        for _ in 0..depth {
            s.extend_from_slice(b"a:1:{i:0;");
        }
        s.extend_from_slice(b"N;");
        s.extend(std::iter::repeat_n(b'}', depth));
        v.push(s);
    }
    v
}

/// Floats: decimal-looking values and random bit patterns, written with Rust's shortest
/// digits so PHP reads back the same double.
fn float_cases() -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..6000 {
        let f = f64::from_bits(next());
        if f.is_finite() {
            v.push(format!("d:{f:e};").into_bytes());
        }
    }
    for _ in 0..3000 {
        let cents = (next() % 100_000_000) as f64 / 100.0;
        v.push(format!("d:{cents:e};").into_bytes());
        let small = (next() % 1_000_000) as f64 * 10f64.powi(-((next() % 30) as i32));
        v.push(format!("d:{small:e};").into_bytes());
        let big = (next() % 1_000_000) as f64 * 10f64.powi((next() % 30) as i32);
        v.push(format!("d:{big:e};").into_bytes());
    }
    // Doubles whose exact value ends in 5 just past the shortest digits: ties that PHP
    // breaks towards an even digit.
    for e in -4..=-1 {
        for _ in 0..1500 {
            let m = (1u64 << 52) | (next() & ((1u64 << 52) - 1));
            let f = m as f64 * 2f64.powi(e);
            v.push(format!("d:{f:e};").into_bytes());
            v.push(format!("d:{:e};", f * 1e-20).into_bytes());
        }
    }
    for e in -330..=310 {
        v.push(format!("d:1e{e};").into_bytes());
        v.push(format!("d:-9.87654321e{e};").into_bytes());
    }
    v
}

/// Random values written by our `serialize`: PHP must read them back to the same
/// `serialize` and `json_encode` bytes.
fn random_values(n: usize) -> Vec<Vec<u8>> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    // A fixed seed: the same values on every run, so a difference shows up every time.
    let mut runner = TestRunner::new(Config {
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6d31_746f_6d32),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = value_strategy();
    (0..n)
        .map(|_| serialize(&strategy.new_tree(&mut runner).unwrap().current()))
        .collect()
}

#[test]
fn edge_cases_floats_and_random_values_encode_as_php_does() {
    let Some(php) = php() else { return };
    let edge = edge_cases();
    let floats = float_cases();
    let random = random_values(3000);
    let all: Vec<Vec<u8>> = edge.iter().chain(&floats).chain(&random).cloned().collect();
    let out = run_php(&php, &all);
    let (a, rest) = out.split_at(edge.len());
    let (b, c) = rest.split_at(floats.len());
    let n = compare(a, &edge, "edge cases")
        + compare(b, &floats, "floats")
        + compare(c, &random, "random values");
    eprintln!(
        "php_json: {} edge cases, {} floats, {} random values agree with PHP ({n} in all)",
        edge.len(),
        floats.len(),
        random.len()
    );
}

// ---- Round trips without PHP ----------------------------------------------------------

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..12),
        "[a-zA-Z0-9_ /\"\\\\:;{}é€😀]{0,12}".prop_map(|s| s.into_bytes()),
        Just(b"0".to_vec()),
        Just(b"-7".to_vec()),
        Just(b"05".to_vec()),
    ]
}

fn key() -> impl Strategy<Value = Key<'static>> {
    prop_oneof![
        (-3i64..20).prop_map(Key::Int),
        any::<i64>().prop_map(Key::Int),
        bytes().prop_map(|b| Key::from_bytes(b.into())),
    ]
}

fn value_strategy() -> impl Strategy<Value = Value<'static>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<f64>().prop_map(Value::Float),
        (-1000i32..1000, -20i32..20).prop_map(|(m, e)| Value::Float(f64::from(m) * 10f64.powi(e))),
        bytes().prop_map(|b| Value::Str(b.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec((key(), inner.clone()), 0..6).prop_map(|kv| {
                // Keys are unique in a PHP array: keep the last value at the first place.
                let mut items: Vec<(Key<'static>, Value<'static>)> = Vec::new();
                for (k, v) in kv {
                    match items.iter_mut().find(|(x, _)| *x == k) {
                        Some(slot) => slot.1 = v,
                        None => items.push((k, v)),
                    }
                }
                Value::Array(items)
            }),
            proptest::collection::vec(inner.clone(), 0..5).prop_map(|vs| Value::Array(
                vs.into_iter()
                    .enumerate()
                    .map(|(i, v)| (Key::Int(i as i64), v))
                    .collect()
            )),
            (
                prop_oneof![
                    Just(b"stdClass".to_vec()),
                    Just(b"Mage_Sales_Model_Quote".to_vec())
                ],
                proptest::collection::vec(
                    (
                        prop_oneof![
                            bytes(),
                            Just(b"\0*\0prot".to_vec()),
                            Just(b"\0Foo\0priv".to_vec())
                        ],
                        inner
                    ),
                    0..4
                )
            )
                .prop_map(|(class, props)| {
                    let mut out: Vec<(std::borrow::Cow<'static, [u8]>, Value<'static>)> =
                        Vec::new();
                    for (k, v) in props {
                        match out.iter_mut().find(|(x, _)| x.as_ref() == k.as_slice()) {
                            Some(slot) => slot.1 = v,
                            None => out.push((k.into(), v)),
                        }
                    }
                    Value::Object(Object {
                        class: class.into(),
                        props: out,
                    })
                }),
        ]
    })
}

/// Equality that treats NAN as equal to NAN (PHP reads `d:NAN;` back as NAN).
fn same(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            (x.is_nan() && y.is_nan()) || (x == y && x.is_sign_negative() == y.is_sign_negative())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.class == y.class
                && x.props.len() == y.props.len()
                && x.props
                    .iter()
                    .zip(&y.props)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn serialize_then_unserialize_gives_the_value_back(v in value_strategy()) {
        let bytes = serialize(&v);
        let back = unserialize(&bytes).unwrap();
        prop_assert!(same(&v, &back), "{:?}\n{:?}", v, back);
        prop_assert_eq!(serialize(&back), bytes);
    }

    #[test]
    fn unserialize_never_panics_on_garbage(s in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = unserialize(&s);
        let _ = unserialize_with(&s, Warnings::Ignore);
    }

    #[test]
    fn unserialize_never_panics_on_mangled_values(v in value_strategy(), cut in any::<usize>(), b in any::<u8>()) {
        let mut s = serialize(&v);
        if !s.is_empty() {
            let i = cut % s.len();
            s[i] = b;
            let _ = unserialize(&s).map(|v| to_json(&v));
            s.truncate(i);
            let _ = unserialize(&s);
        }
    }
}

// ---- The SerializeToJson handlers on the shared dumps ----------------------------------

/// DMT's handler bodies (`SerializeToJson`, `SerializeToJson\SalesOrderItem`,
/// `SerializeToJson\ItemOption` for an `option_N` code, `Rule\SerializedData` with
/// Magento's class map). Output per value: four results, `N` (NULL), `V<bytes>`, or `X`
/// where DMT stops with an exception.
const HANDLER_HARNESS: &str = r#"<?php
set_error_handler(function ($no, $str) {
    if (!(error_reporting() & $no)) { return false; }
    throw new ErrorException($str, 0, $no);
});
$opts = ['allowed_classes' => ['stdClass']];
$classMap = json_decode(file_get_contents($argv[2]), true);
function rec($out, $r) {
    if ($r === null) { fwrite($out, "N0\n\n"); return; }
    $r = (string)$r;
    fwrite($out, 'V' . strlen($r) . "\n" . $r . "\n");
}
function replaceValues(array $data, $classMap) {
    foreach ($data as &$value) {
        if (is_array($value)) {
            $value = replaceValues($value, $classMap);
        } elseif (is_string($value)) {
            $converted = array_key_exists($value, $classMap) ? $classMap[$value] : '';
            $value = ($converted != '') ? $converted : $value;
        }
    }
    return $data;
}
$in = fopen($argv[1], 'rb');
$out = fopen($argv[3], 'wb');
while (($line = fgets($in)) !== false) {
    $n = (int)$line; $value = '';
    while (strlen($value) < $n) { $value .= fread($in, $n - strlen($value)); }
    fgets($in);
    // SerializeToJson
    try { $u = unserialize($value, $opts); $r = json_encode($u); } catch (Throwable $e) { $r = null; }
    rec($out, $r);
    // SalesOrderItem
    try {
        try { $d = unserialize($value, $opts); $ok = true; } catch (Throwable $e) { $ok = false; }
        if (!$ok) { $r = null; } else {
            if (isset($d['options'])) {
                foreach ($d['options'] as $key => $option) {
                    if (is_array($option) && array_key_exists('option_type', $option) && $option['option_type'] === 'file') {
                        $ov = $option['option_value'] ? unserialize($option['option_value'], $opts) : $option['option_value'];
                        $d['options'][$key]['option_value'] = json_encode($ov);
                    }
                }
            }
            if (isset($d['bundle_selection_attributes'])) {
                $b = $d['bundle_selection_attributes'] ? unserialize($d['bundle_selection_attributes'], $opts) : $d['bundle_selection_attributes'];
                $d['bundle_selection_attributes'] = json_encode($b);
            }
            $r = json_encode($d);
        }
        rec($out, $r);
    } catch (Throwable $e) { fwrite($out, "X0\n\n"); }
    // ItemOption, code option_1
    $u = @unserialize($value, $opts);
    rec($out, false === $u ? $value : json_encode($u));
    // Rule\SerializedData
    try {
        $u = unserialize($value, $opts);
        rec($out, is_array($u) ? serialize(replaceValues($u, $classMap)) : $value);
    } catch (Throwable $e) { fwrite($out, "X0\n\n"); }
}
"#;

/// Magento's class map (from `<from>` to `<to>`, `None` for an empty `<to/>`).
fn dmt_class_map() -> Option<Vec<(String, Option<String>)>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/dmt-etc/opensource-to-opensource/class-map.xml.dist");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            assert!(!in_ci(), "{} is required in CI: {e}", path.display());
            eprintln!("SKIP: {} not readable: {e}", path.display());
            return None;
        }
    };
    let tag = |block: &str, name: &str| -> Option<String> {
        let open = format!("<{name}>");
        let start = block.find(&open)? + open.len();
        let end = start + block[start..].find(&format!("</{name}>"))?;
        Some(block[start..end].trim().to_string()).filter(|s| !s.is_empty())
    };
    let map: Vec<(String, Option<String>)> = text
        .split("<rename>")
        .skip(1)
        .filter_map(|block| Some((tag(block, "from")?, tag(block, "to"))))
        .collect();
    assert!(map.len() > 50, "class map parsed: {}", map.len());
    Some(map)
}

#[test]
fn serialize_to_json_handlers_agree_with_dmt_on_the_shared_dumps() {
    use m1tom2::handlers::serialize_to_json::{
        Converted, Outcome, item_option, rule_serialized_data, sales_order_item, serialize_to_json,
    };
    let Some(php) = php() else { return };
    let Some(dumps) = shared_dumps() else { return };
    let Some(map) = dmt_class_map() else { return };
    let mut inputs: Vec<Vec<u8>> = dumps.iter().flat_map(|d| serialized_values(d)).collect();
    // A few made-up product options with nested values, broken ones included.
    let file = "a:2:{s:4:\"type\";s:10:\"image/jpeg\";s:5:\"title\";s:5:\"a.jpg\";}";
    for nested in [file, "a:1:{", "", "0"] {
        inputs.push(
            format!(
                "a:2:{{s:7:\"options\";a:1:{{i:0;a:2:{{s:11:\"option_type\";s:4:\"file\";s:12:\"option_value\";s:{}:\"{}\";}}}}s:27:\"bundle_selection_attributes\";s:{}:\"{}\";}}",
                nested.len(),
                nested,
                nested.len(),
                nested
            )
            .into_bytes(),
        );
    }
    inputs.push(
        b"a:2:{s:4:\"type\";s:32:\"salesrule/rule_condition_combine\";s:10:\"conditions\";a:1:{i:0;a:2:{s:4:\"type\";s:35:\"salesrule/rule_condition_product_found\";s:5:\"value\";s:1:\"1\";}}}".to_vec(),
    );

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.bin");
    let map_path = dir.path().join("map.json");
    let output = dir.path().join("out.bin");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    for s in &inputs {
        writeln!(f, "{}", s.len()).unwrap();
        f.write_all(s).unwrap();
        f.write_all(b"\n").unwrap();
    }
    f.into_inner().unwrap().sync_all().unwrap();
    let json_map: serde_json::Map<String, serde_json::Value> = map
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.clone().map_or(serde_json::Value::Null, Into::into),
            )
        })
        .collect();
    std::fs::write(&map_path, serde_json::to_vec(&json_map).unwrap()).unwrap();
    let script = dir.path().join("h.php");
    std::fs::write(&script, HANDLER_HARNESS).unwrap();
    let st = Command::new(&php)
        .args([
            "-n",
            "-d",
            "serialize_precision=-1",
            "-d",
            "error_reporting=-1",
        ])
        .arg(&script)
        .args([&input, &map_path, &output])
        .status()
        .unwrap();
    assert!(st.success());
    let out = std::fs::read(&output).unwrap();
    let mut recs: Vec<(u8, Vec<u8>)> = Vec::new();
    let mut i = 0;
    while i < out.len() {
        let nl = i + out[i..].iter().position(|&b| b == b'\n').unwrap();
        let n: usize = std::str::from_utf8(&out[i + 1..nl])
            .unwrap()
            .parse()
            .unwrap();
        recs.push((out[i], out[nl + 1..nl + 1 + n].to_vec()));
        i = nl + 1 + n + 1;
    }
    assert_eq!(recs.len(), inputs.len() * 4);

    let lookup = |name: &str| {
        map.iter()
            .find(|(from, _)| from == name)
            .map(|(_, to)| to.clone())
    };
    let agree = |c: &Converted<'_>, theirs: &(u8, Vec<u8>), stops: bool| match theirs.0 {
        b'N' => c.value.is_none(),
        b'V' => c.value.as_deref() == Some(&theirs.1[..]),
        _ => stops,
    };
    let mut failures = Vec::new();
    let mut converted = 0;
    for (k, v) in inputs.iter().enumerate() {
        let t = &recs[4 * k..4 * k + 4];
        let a = serialize_to_json(Some(v));
        let b = sales_order_item(Some(v));
        let c = item_option(Some(v), Some(b"option_1")).unwrap();
        let d = rule_serialized_data(Some(v), &lookup);
        converted += usize::from(a.outcome == Outcome::Converted);
        let checks = [
            agree(&a, &t[0], false),
            agree(&b, &t[1], matches!(b.outcome, Outcome::NestedBroken(_))),
            agree(&c, &t[2], false),
            agree(&d, &t[3], matches!(d.outcome, Outcome::Broken(_))),
        ];
        for (n, ok) in checks.iter().enumerate() {
            if !ok {
                failures.push(format!(
                    "handler {n} on {:?}: php {}:{:?}",
                    String::from_utf8_lossy(&v[..v.len().min(200)]),
                    t[n].0 as char,
                    String::from_utf8_lossy(&t[n].1[..t[n].1.len().min(200)])
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "php_json: 4 SerializeToJson handlers agree with DMT's PHP on {} values ({converted} converted)",
        inputs.len()
    );
}
