//! What kind of statement a span holds, read from its leading keywords (looking through
//! mysqldump's versioned comments such as `/*!50003 CREATE*/ /*!50017 DEFINER=…*/`), and the
//! session settings (`SET NAMES`, `SET TIME_ZONE`, `SET SQL_MODE`) a dump relies on.

use super::lex::{ident, keyword, qualified_ident, skip_ws};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum StmtKind {
    /// `INSERT` or `REPLACE`.
    Insert,
    CreateTable,
    DropTable,
    /// `ALTER TABLE`, except the key toggles below.
    AlterTable,
    /// `ALTER TABLE … DISABLE KEYS` / `ENABLE KEYS`.
    TableKeys,
    LockTables,
    UnlockTables,
    /// `SET …` (session variables).
    Set,
    CreateDatabase,
    Use,
    Trigger,
    /// `CREATE VIEW`, `DROP VIEW`.
    View,
    /// `CREATE PROCEDURE/FUNCTION/EVENT`, `DROP PROCEDURE/FUNCTION/EVENT`.
    Routine,
    /// `START TRANSACTION`, `BEGIN`, `COMMIT`, `ROLLBACK`.
    Transaction,
    /// Any other statement a dump may hold (`TRUNCATE`, `UPDATE`, `DELETE`, `SELECT`, …).
    Other,
}

/// Statement verbs a dump may contain. A statement starting with anything else is not SQL
/// (garbage between statements, a truncated file glued to another, …) and is an error.
const VERBS: &[&str] = &[
    "ALTER",
    "ANALYZE",
    "BEGIN",
    "CALL",
    "CHECK",
    "COMMIT",
    "CREATE",
    "DEALLOCATE",
    "DELETE",
    "DO",
    "DROP",
    "EXECUTE",
    "FLUSH",
    "GRANT",
    "INSERT",
    "LOCK",
    "OPTIMIZE",
    "PREPARE",
    "RELEASE",
    "RENAME",
    "REPAIR",
    "REPLACE",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "SHOW",
    "START",
    "TRUNCATE",
    "UNLOCK",
    "UPDATE",
    "USE",
    "WITH",
    "XA",
];

/// Skips blanks, comments and the markers of versioned comments (`/*!40101`, `*/`).
fn skip_noise(s: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_ws(s, i);
        if s[i..].starts_with(b"/*!") {
            i += 3;
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
        } else if s[i..].starts_with(b"*/") {
            i += 2;
        } else {
            return i;
        }
    }
}

/// The next word (letters, digits, `_`) at `i` after noise, upper-cased, and where it ends.
fn word(s: &[u8], i: usize) -> Option<(String, usize)> {
    let i = skip_noise(s, i);
    let mut j = i;
    while j < s.len() && (s[j].is_ascii_alphanumeric() || s[j] == b'_') {
        j += 1;
    }
    (j > i).then(|| (String::from_utf8_lossy(&s[i..j]).to_ascii_uppercase(), j))
}

/// A classified statement: its kind and, where it names one, the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classified {
    pub kind: StmtKind,
    pub table: Option<String>,
}

/// Why a statement could not be classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSql {
    pub at: usize,
    pub found: String,
}

fn table_after(s: &[u8], i: usize) -> Option<String> {
    let mut i = skip_noise(s, i);
    for kw in ["IF", "NOT", "EXISTS"] {
        if let Some(j) = keyword(s, i, kw) {
            i = skip_noise(s, j);
        }
    }
    qualified_ident(s, i).map(|(n, _)| n)
}

/// Classifies a statement (the text of a [`super::split::Span`]).
pub fn classify(s: &[u8]) -> Result<Classified, NotSql> {
    let c = |kind, table| Ok(Classified { kind, table });
    let Some((verb, after)) = word(s, 0) else {
        let at = skip_noise(s, 0);
        return Err(NotSql {
            at,
            found: super::lex::snippet(s, at),
        });
    };
    match verb.as_str() {
        "INSERT" | "REPLACE" => {
            let t = super::lex::parse_header(s).ok().map(|h| h.table);
            c(StmtKind::Insert, t)
        }
        "SET" => c(StmtKind::Set, None),
        "LOCK" => {
            let i = word(s, after).map(|(_, j)| j).unwrap_or(after);
            c(StmtKind::LockTables, table_after(s, i))
        }
        "UNLOCK" => c(StmtKind::UnlockTables, None),
        "USE" => c(StmtKind::Use, None),
        "START" | "BEGIN" | "COMMIT" | "ROLLBACK" => c(StmtKind::Transaction, None),
        "CREATE" | "DROP" | "ALTER" => {
            // Find the object type, skipping OR REPLACE, TEMPORARY, ALGORITHM=…, DEFINER=…,
            // SQL SECURITY …, IF [NOT] EXISTS.
            let mut i = after;
            for _ in 0..16 {
                let Some((w, j)) = word(s, i) else { break };
                let kind = match w.as_str() {
                    "TABLE" => Some(match verb.as_str() {
                        "CREATE" => StmtKind::CreateTable,
                        "DROP" => StmtKind::DropTable,
                        _ => StmtKind::AlterTable,
                    }),
                    "DATABASE" | "SCHEMA" => Some(if verb == "CREATE" {
                        StmtKind::CreateDatabase
                    } else {
                        StmtKind::Other
                    }),
                    "TRIGGER" => Some(StmtKind::Trigger),
                    "VIEW" => Some(StmtKind::View),
                    "PROCEDURE" | "FUNCTION" | "EVENT" => Some(StmtKind::Routine),
                    "INDEX" | "USER" | "ROLE" | "SEQUENCE" | "TABLESPACE" | "SERVER" => {
                        Some(StmtKind::Other)
                    }
                    _ => None,
                };
                if let Some(mut kind) = kind {
                    let table = matches!(
                        kind,
                        StmtKind::CreateTable | StmtKind::DropTable | StmtKind::AlterTable
                    )
                    .then(|| table_after(s, j))
                    .flatten();
                    if kind == StmtKind::AlterTable {
                        let t = trim_end(s);
                        let tail = String::from_utf8_lossy(&t[t.len().saturating_sub(16)..])
                            .to_ascii_uppercase();
                        let tail: String = tail.split_whitespace().collect::<Vec<_>>().join(" ");
                        if tail.ends_with("DISABLE KEYS") || tail.ends_with("ENABLE KEYS") {
                            kind = StmtKind::TableKeys;
                        }
                    }
                    return c(kind, table);
                }
                // Skip `name=value` clauses such as DEFINER=`root`@`localhost`.
                let mut k = skip_noise(s, j);
                if s.get(k) == Some(&b'=') {
                    k = skip_noise(s, k + 1);
                    loop {
                        match s.get(k) {
                            Some(b'`' | b'\'' | b'"') => match ident(s, k) {
                                Some((_, e)) => k = e,
                                None => break,
                            },
                            Some(b'@') => k += 1,
                            Some(b)
                                if b.is_ascii_alphanumeric()
                                    || *b == b'_'
                                    || *b == b'%'
                                    || *b == b'.' =>
                            {
                                k += 1
                            }
                            _ => break,
                        }
                    }
                }
                i = k;
            }
            c(StmtKind::Other, None)
        }
        v if VERBS.contains(&v) => c(StmtKind::Other, None),
        _ => {
            let at = skip_noise(s, 0);
            Err(NotSql {
                at,
                found: super::lex::snippet(s, at),
            })
        }
    }
}

fn trim_end(s: &[u8]) -> &[u8] {
    let mut e = s.len();
    loop {
        while e > 0 && s[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        if e >= 2 && &s[e - 2..e] == b"*/" {
            e -= 2;
        } else {
            return &s[..e];
        }
    }
}

/// One assignment of a `SET` statement that matters for reading the dump's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `SET NAMES x` / `SET CHARACTER SET x`: the connection charset of the data.
    Names(String),
    /// `SET TIME_ZONE = '…'`: how TIMESTAMP values are written.
    TimeZone(String),
    /// `SET SQL_MODE = '…'`.
    SqlMode(String),
    /// `SET @var = @@SQL_MODE` (or `@@TIME_ZONE`): a saved value, restored later.
    Save { var: String, source: String },
    /// `SET SQL_MODE = @var` (or `TIME_ZONE`): puts back a saved value.
    Restore { var: String, target: String },
    /// Variables a writer sets itself (FOREIGN_KEY_CHECKS, UNIQUE_CHECKS, SQL_NOTES,
    /// autocommit, character_set_client, user variables that save and restore them, …).
    Managed,
    /// Anything else, kept as written.
    Other,
}

/// Reads the assignments of a `SET` statement.
pub fn settings(s: &[u8]) -> Vec<Setting> {
    let mut out = Vec::new();
    let Some((_, mut i)) = word(s, 0) else {
        return out;
    };
    loop {
        i = skip_noise(s, i);
        if i >= s.len() {
            break;
        }
        // Variable name: NAMES, CHARACTER SET, @x, @@x, @@session.x, SESSION x.
        let start = i;
        while i < s.len()
            && (s[i] == b'@' || s[i].is_ascii_alphanumeric() || s[i] == b'_' || s[i] == b'.')
        {
            i += 1;
        }
        let mut name = String::from_utf8_lossy(&s[start..i]).to_ascii_uppercase();
        if name == "SESSION" || name == "LOCAL" {
            continue;
        }
        for p in ["@@SESSION.", "@@LOCAL.", "@@"] {
            if let Some(rest) = name.strip_prefix(p) {
                name = rest.to_string();
            }
        }
        if name == "CHARACTER"
            && let Some(j) = keyword(s, skip_noise(s, i), "SET")
        {
            i = j;
            name = "NAMES".into();
        }
        i = skip_noise(s, i);
        if name != "NAMES" {
            if s.get(i) == Some(&b':') {
                i += 1;
            }
            if s.get(i) == Some(&b'=') {
                i = skip_noise(s, i + 1);
            }
        }
        // Value: a quoted string, or a word/expression up to `,` or the end.
        let vstart = i;
        let mut depth = 0usize;
        while i < s.len() {
            match s[i] {
                b'\'' | b'"' | b'`' => match super::lex::quoted_end(s, i) {
                    Some(e) => i = e,
                    None => i = s.len(),
                },
                b'(' => {
                    depth += 1;
                    i += 1
                }
                b')' => {
                    depth = depth.saturating_sub(1);
                    i += 1
                }
                b',' if depth == 0 => break,
                b'*' if s.get(i + 1) == Some(&b'/') => break,
                _ => i += 1,
            }
        }
        let raw = String::from_utf8_lossy(&s[vstart..i]).trim().to_string();
        let value = if raw.len() >= 2 && (raw.starts_with('\'') || raw.starts_with('"')) {
            raw[1..raw.len() - 1].to_string()
        } else {
            raw.clone()
        };
        let from_variable = raw.starts_with('@');
        let upper = raw.to_ascii_uppercase();
        let setting = if name.starts_with('@') {
            let source = upper
                .trim_start_matches("@@SESSION.")
                .trim_start_matches("@@");
            if upper.starts_with("@@") && (source == "SQL_MODE" || source == "TIME_ZONE") {
                Setting::Save {
                    var: name.clone(),
                    source: source.to_string(),
                }
            } else {
                Setting::Managed
            }
        } else if from_variable
            && !upper.starts_with("@@")
            && (name == "SQL_MODE" || name == "TIME_ZONE")
        {
            Setting::Restore {
                var: upper.clone(),
                target: name.clone(),
            }
        } else {
            match name.as_str() {
                "NAMES" => {
                    let cs = value
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_matches(['\'', '"']);
                    Setting::Names(cs.to_ascii_lowercase())
                }
                "TIME_ZONE" if !from_variable => Setting::TimeZone(value),
                "SQL_MODE" if !from_variable => Setting::SqlMode(value),
                "TIME_ZONE"
                | "SQL_MODE"
                | "FOREIGN_KEY_CHECKS"
                | "UNIQUE_CHECKS"
                | "SQL_NOTES"
                | "AUTOCOMMIT"
                | "CHARACTER_SET_CLIENT"
                | "CHARACTER_SET_RESULTS"
                | "COLLATION_CONNECTION"
                | "CHARACTER_SET_CONNECTION"
                | "SQL_LOG_BIN"
                | "SQL_QUOTE_SHOW_CREATE" => Setting::Managed,
                _ => Setting::Other,
            }
        };
        out.push(setting);
        if s.get(i) == Some(&b',') {
            i += 1;
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> (StmtKind, Option<String>) {
        let c = classify(s.as_bytes()).unwrap();
        (c.kind, c.table)
    }

    #[test]
    fn classifies_what_dump_tools_write() {
        use StmtKind::*;
        assert_eq!(k("INSERT INTO `t` VALUES (1)"), (Insert, Some("t".into())));
        assert_eq!(
            k("insert  into `t`(`a`) values (1)"),
            (Insert, Some("t".into()))
        );
        assert_eq!(
            k("CREATE TABLE IF NOT EXISTS `a_b` (\n `x` int)"),
            (CreateTable, Some("a_b".into()))
        );
        assert_eq!(k("DROP TABLE IF EXISTS `t`"), (DropTable, Some("t".into())));
        assert_eq!(
            k("/*!40000 ALTER TABLE `t` DISABLE KEYS */"),
            (TableKeys, Some("t".into()))
        );
        assert_eq!(
            k("ALTER TABLE `t`\n  ADD CONSTRAINT `F` FOREIGN KEY (`a`) REFERENCES `u` (`b`)"),
            (AlterTable, Some("t".into()))
        );
        assert_eq!(k("LOCK TABLES `t` WRITE"), (LockTables, Some("t".into())));
        assert_eq!(k("UNLOCK TABLES"), (UnlockTables, None));
        assert_eq!(k("/*!40101 SET NAMES utf8 */"), (Set, None));
        assert_eq!(
            k("CREATE DATABASE /*!32312 IF NOT EXISTS*/`m`"),
            (CreateDatabase, None)
        );
        assert_eq!(k("USE `m`"), (Use, None));
        assert_eq!(
            k(
                "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg AFTER INSERT ON t FOR EACH ROW BEGIN END */"
            ),
            (Trigger, None)
        );
        assert_eq!(
            k(
                "/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`a`@`%` SQL SECURITY DEFINER */\n/*!50001 VIEW `v` AS select 1 */"
            ),
            (View, None)
        );
        assert_eq!(k("/*!50001 DROP VIEW IF EXISTS `v`*/"), (View, None));
        assert_eq!(
            k("CREATE DEFINER=`x`@`localhost` PROCEDURE p() BEGIN END"),
            (Routine, None)
        );
        assert_eq!(k("START TRANSACTION"), (Transaction, None));
        assert_eq!(k("TRUNCATE TABLE `t`"), (Other, None));
        assert!(classify(b"hello world").is_err());
        assert!(classify(b"))").is_err());
    }

    #[test]
    fn reads_session_settings() {
        use Setting::*;
        assert_eq!(
            settings(b"/*!40101 SET NAMES utf8 */"),
            vec![Names("utf8".into())]
        );
        assert_eq!(
            settings(b"/*!40101 SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci */"),
            vec![Names("utf8mb4".into())]
        );
        assert_eq!(
            settings(b"SET time_zone = \"+00:00\""),
            vec![TimeZone("+00:00".into())]
        );
        assert_eq!(
            settings(b"/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */"),
            vec![Restore {
                var: "@OLD_TIME_ZONE".into(),
                target: "TIME_ZONE".into()
            }]
        );
        assert_eq!(
            settings(b"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */"),
            vec![
                Save {
                    var: "@OLD_SQL_MODE".into(),
                    source: "SQL_MODE".into()
                },
                SqlMode("NO_AUTO_VALUE_ON_ZERO".into())
            ]
        );
        assert_eq!(
            settings(b"/*!50003 SET @saved_cs_client = @@character_set_client */"),
            vec![Managed]
        );
        assert_eq!(
            settings(b"/*!40101 SET SQL_MODE=''*/"),
            vec![SqlMode("".into())]
        );
        assert_eq!(
            settings(b"/*!40101 SET character_set_client = utf8 */"),
            vec![Managed]
        );
        assert_eq!(
            settings(b"SET CHARACTER SET latin1"),
            vec![Names("latin1".into())]
        );
        assert_eq!(
            settings(b"SET @@session.FOREIGN_KEY_CHECKS=0"),
            vec![Managed]
        );
        assert_eq!(settings(b"SET GLOBAL x=1"), vec![Other]);
    }
}
