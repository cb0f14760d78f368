//! Properties of the lexer, the escaper and the splitter over arbitrary input.

use m1tom2::dump::lex::{Rows, lex_value, parse_header};
use m1tom2::dump::split::{BlockError, Blocks};
use m1tom2::dump::stmt::classify;
use m1tom2::dump::value::{Kind, escape_quoted, unquote};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes → escape → lex → decode gives the same bytes back.
    #[test]
    fn escape_then_lex_is_identity(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut lit = Vec::new();
        escape_quoted(&mut lit, &bytes);
        let (v, end) = lex_value(&lit, 0).expect("an escaped literal lexes");
        prop_assert_eq!(end, lit.len());
        prop_assert_eq!(v.kind, Kind::Quoted);
        prop_assert_eq!(v.decode().unwrap().into_owned(), bytes.clone());
        prop_assert_eq!(unquote(&lit).into_owned(), bytes);
    }

    /// Rows of escaped values survive a whole INSERT statement, tuple by tuple.
    #[test]
    fn insert_rows_roundtrip(rows in proptest::collection::vec(
        proptest::collection::vec(proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)), 1..6), 1..8)
    ) {
        let width = rows[0].len();
        let rows: Vec<Vec<Option<Vec<u8>>>> = rows.into_iter().map(|mut r| { r.resize(width, None); r }).collect();
        let mut stmt = b"INSERT INTO `t` VALUES ".to_vec();
        for (i, r) in rows.iter().enumerate() {
            if i > 0 { stmt.extend_from_slice(b",\n"); }
            stmt.push(b'(');
            for (j, v) in r.iter().enumerate() {
                if j > 0 { stmt.push(b','); }
                match v { None => stmt.extend_from_slice(b"NULL"), Some(b) => escape_quoted(&mut stmt, b) }
            }
            stmt.push(b')');
        }
        let h = parse_header(&stmt).unwrap();
        let mut it = Rows::new(&stmt, h.values_at);
        let mut row = Vec::new();
        let mut got = Vec::new();
        while it.next_into(&mut row).unwrap().is_some() {
            got.push(row.iter().map(|v| v.decode().map(|c| c.into_owned())).collect::<Vec<_>>());
        }
        prop_assert_eq!(got, rows);
    }

    /// The splitter, the classifier and the lexer never panic, whatever the input, and every
    /// block size gives the same statements.
    #[test]
    fn no_panic_on_any_input(input in proptest::collection::vec(
        prop_oneof![
            Just(b'\''), Just(b'"'), Just(b'`'), Just(b'\\'), Just(b';'), Just(b'-'), Just(b'#'),
            Just(b'/'), Just(b'*'), Just(b'!'), Just(b'\n'), Just(b'('), Just(b')'), Just(b','),
            Just(b' '), Just(b'D'), any::<u8>()
        ], 0..400),
        prefix in prop_oneof![Just(&b""[..]), Just(&b"INSERT INTO t VALUES ("[..]), Just(&b"DELIMITER ;;\n"[..])],
    ) {
        let mut data = prefix.to_vec();
        data.extend_from_slice(&input);
        let mut reference: Option<Option<Vec<Vec<u8>>>> = None;
        for bs in [64usize, 97, 1 << 16] {
            let mut blocks = Blocks::new(&data[..], 0, bs);
            let mut stmts = Vec::new();
            let mut failed = false;
            loop {
                match blocks.next_block(Vec::new()) {
                    Ok(Some(b)) => {
                        for s in &b.stmts {
                            let text = &b.data[s.start..s.end];
                            stmts.push(text.to_vec());
                            if classify(text).is_ok()
                                && let Ok(h) = parse_header(text) {
                                    let mut r = Rows::new(text, h.values_at);
                                    let _ = r.count_rest();
                                }
                        }
                    }
                    Ok(None) => break,
                    Err(BlockError::Split(..)) => { failed = true; break }
                    Err(BlockError::Io(e, _)) => panic!("{e}"),
                }
            }
            let outcome = if failed { None } else { Some(stmts) };
            match &reference {
                None => reference = Some(outcome),
                Some(r) => prop_assert_eq!(r, &outcome, "block size {}", bs),
            }
        }
    }

    /// Arbitrary bytes fed straight to the value lexer never panic.
    #[test]
    fn lex_value_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        for i in 0..bytes.len() {
            if let Ok((v, end)) = lex_value(&bytes, i) {
                prop_assert!(end <= bytes.len());
                let _ = v.decode();
            }
        }
    }
}
