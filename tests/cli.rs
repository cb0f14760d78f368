//! The command line on small hand-made dumps: what comes out, and how bad input fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs the binary")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const SMALL: &str = "-- MySQL dump 10.13  Distrib 5.7.17, for Linux (x86_64)\n\
/*!40101 SET NAMES utf8 */;\n\
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n\
/*!40103 SET TIME_ZONE='+00:00' */;\n\
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\
DROP TABLE IF EXISTS `core_store`;\n\
CREATE TABLE `core_store` (\n  `store_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT,\n  `code` varchar(32) DEFAULT NULL,\n  `name` varchar(255) NOT NULL,\n  PRIMARY KEY (`store_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8;\n\
LOCK TABLES `core_store` WRITE;\n\
/*!40000 ALTER TABLE `core_store` DISABLE KEYS */;\n\
INSERT INTO `core_store` VALUES (0,'admin','Admin'),(1,'default',\"Default \\\"Store\\\" View\");\n\
INSERT INTO `core_store` VALUES (2,NULL,'it''s; \\\\ odd');\n\
/*!40000 ALTER TABLE `core_store` ENABLE KEYS */;\n\
UNLOCK TABLES;\n\
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\
-- Dump completed on 2017-04-06 21:00:00\n";

#[test]
fn roundtrip_normalises_a_small_dump() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.sql", SMALL.as_bytes());
    let out = dir.path().join("out.sql");
    let o = run(&[
        "roundtrip",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("SET NAMES utf8;\n"), "{text}");
    assert!(text.contains("SET TIME_ZONE='+00:00';\n"), "{text}");
    assert!(text.contains(
        "INSERT INTO `core_store` (`store_id`,`code`,`name`) VALUES (0,'admin','Admin'),(1,'default','Default \\\"Store\\\" View'),(2,NULL,'it''s; \\\\ odd');\nCOMMIT;\n"
    ), "{text}");
    assert!(!text.contains("LOCK TABLES"));
    assert!(!text.contains("DISABLE KEYS"));
    assert!(text.ends_with("-- m1tom2: end of output\n"));
}

#[test]
fn jobs_and_block_sizes_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut sql = String::from(SMALL.split("-- Dump completed").next().unwrap());
    for i in 0..3000 {
        sql.push_str(&format!(
            "INSERT INTO `core_store` VALUES ({},'c{i}','n\\'{i}'),({},NULL,'x');\n",
            10 + 2 * i,
            11 + 2 * i
        ));
    }
    let input = write(dir.path(), "in.sql", sql.as_bytes());
    let mut outputs = Vec::new();
    for (jobs, bs) in [("1", "8M"), ("2", "8M"), ("2", "4K"), ("3", "64K")] {
        let out = dir.path().join(format!("out-{jobs}-{bs}.sql"));
        let o = run(&[
            "roundtrip",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            jobs,
            "--block-size",
            bs,
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        outputs.push(std::fs::read(&out).unwrap());
    }
    for o in &outputs[1..] {
        assert!(
            o == &outputs[0],
            "outputs differ between job counts / block sizes"
        );
    }
    // The .gz input gives the same output as the plain one.
    let gz_in = write(dir.path(), "in.sql.gz", &gz(sql.as_bytes()));
    let out = dir.path().join("from-gz.sql");
    let o = run(&[
        "roundtrip",
        gz_in.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-j",
        "2",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    let b = String::from_utf8(outputs[0].clone()).unwrap();
    // Only the title line names the input.
    assert_eq!(
        a.lines().skip(1).collect::<Vec<_>>(),
        b.lines().skip(1).collect::<Vec<_>>()
    );
}

/// Runs a failing roundtrip and returns its stderr, checking the exit code and that no
/// output file exists under the final name (nor a temporary one).
fn fails(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), name, bytes);
    let out = dir.path().join("out.sql");
    let o = run(&[
        "roundtrip",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!out.exists(), "no output under the final name");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "only the input is left: {left:?}");
    assert!(err.contains(name), "the error names the file: {err}");
    err
}

#[test]
fn unterminated_string_is_located() {
    let mut sql = SMALL
        .split("INSERT INTO `core_store` VALUES (2")
        .next()
        .unwrap()
        .to_string();
    sql.push_str("INSERT INTO `core_store` VALUES (2,'never closed);\n");
    let line = sql.lines().count();
    let err = fails("cut.sql", sql.as_bytes());
    assert!(err.contains(&format!("cut.sql:{line}:")), "{err}");
    assert!(err.contains("never closed"), "{err}");
    assert!(err.contains("byte offset"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn truncated_insert_is_located_with_its_table() {
    let sql = "CREATE TABLE `t` (`a` int);\nINSERT INTO `t` VALUES (1),(2),(3";
    let err = fails("trunc.sql", sql.as_bytes());
    assert!(err.contains("trunc.sql:2:"), "{err}");
    assert!(err.contains("table `t`"), "{err}");
    assert!(err.contains("expected `,` or `)`"), "{err}");
    let offset = sql.len();
    assert!(err.contains(&format!("byte offset {offset}")), "{err}");
}

#[test]
fn garbage_between_statements_is_located() {
    let sql = "CREATE TABLE `t` (`a` int);\n\nthis is not sql;\nINSERT INTO `t` VALUES (1);\n";
    let err = fails("garbage.sql", sql.as_bytes());
    assert!(err.contains("garbage.sql:3:"), "{err}");
    assert!(
        err.contains("expected an SQL statement, found `this is not sql`"),
        "{err}"
    );
    assert!(err.contains("byte offset 29"), "{err}");
}

#[test]
fn column_count_mismatch_is_located() {
    let sql = "CREATE TABLE `t` (`a` int, `b` int);\nINSERT INTO `t` VALUES (1,2),(3,4);\nINSERT INTO `t` VALUES (1);\n";
    let err = fails("cols.sql", sql.as_bytes());
    assert!(err.contains("cols.sql:3:"), "{err}");
    assert!(
        err.contains("1 values per row, but table `t` has 2 columns"),
        "{err}"
    );
}

#[test]
fn truncated_gzip_is_an_error_with_offsets() {
    let mut sql = String::new();
    for i in 0..50_000 {
        sql.push_str(&format!(
            "INSERT INTO `t` VALUES ({i},'some text to compress {i}');\n"
        ));
    }
    let mut z = gz(sql.as_bytes());
    z.truncate(z.len() * 2 / 3);
    let err = fails("cut.sql.gz", &z);
    assert!(err.contains("truncated"), "{err}");
    assert!(err.contains("compressed byte"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["roundtrip"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn inspect_reports_prefix_versions_and_oddities() {
    let dir = tempfile::tempdir().unwrap();
    let mut sql = String::from(
        "-- MySQL dump 10.13  Distrib 5.7.17, for Linux (x86_64)\n--\n-- Server version\t5.7.17\n/*!40101 SET NAMES utf8 */;\n",
    );
    for t in [
        "core_resource",
        "core_config_data",
        "core_store",
        "core_website",
        "eav_entity_type",
        "eav_attribute",
        "catalog_product_entity",
        "customer_entity",
        "cms_page",
        "admin_user",
    ] {
        let engine = if t == "cms_page" { "MyISAM" } else { "InnoDB" };
        sql.push_str(&format!("CREATE TABLE `pre_{t}` (`code` varchar(50) NOT NULL, `version` varchar(50), `data_version` varbinary(50), PRIMARY KEY (`code`)) ENGINE={engine} DEFAULT CHARSET=utf8;\n"));
    }
    sql.push_str("CREATE TABLE `pre_aw_blog` (`id` int NOT NULL, `parent` varchar(50), CONSTRAINT `FK_X` FOREIGN KEY (`parent`) REFERENCES `pre_core_resource` (`code`)) ENGINE=InnoDB;\n");
    sql.push_str("INSERT INTO `pre_core_resource` VALUES ('core_setup','1.6.0.2','1.6.0.2'),('catalog_setup','1.6.0.0.14','1.6.0.0.14');\n");
    sql.push_str("INSERT INTO `pre_aw_blog` VALUES (1,'core_setup');\n");
    let mut bytes = sql.into_bytes();
    bytes.extend_from_slice(
        b"INSERT INTO `pre_core_store` VALUES ('a','\xff\xfe',0x00),('b','ok',NULL);\n",
    );
    bytes.extend_from_slice(b"DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `trg_x` AFTER INSERT ON `pre_core_store` FOR EACH ROW BEGIN SET @a = 1; END */;;\nDELIMITER ;\n");
    bytes.extend_from_slice(
        b"/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50001 VIEW `v_stock` AS select 1 AS `a` */;\n",
    );
    let input = write(dir.path(), "shop.sql", &bytes);
    let o = run(&["inspect", input.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["format"]["tool"], "mysqldump");
    assert_eq!(r["format"]["tool_version"], "5.7.17");
    assert_eq!(r["format"]["complete"], false);
    assert_eq!(r["prefix"], "pre_");
    assert_eq!(r["magento"]["release"], "1.7.0.0–1.7.0.2");
    assert_eq!(r["magento"]["newest"], "1.7.0.2");
    assert_eq!(r["modules"]["core_setup"], "1.6.0.2");
    assert_eq!(r["rows"], 5);
    assert_eq!(r["triggers"][0], "trg_x");
    assert_eq!(r["views"][0], "v_stock");
    assert_eq!(r["foreign_keys"].as_array().unwrap().len(), 1);
    let tables = r["tables"].as_array().unwrap();
    let store = tables
        .iter()
        .find(|t| t["name"] == "pre_core_store")
        .unwrap();
    assert_eq!(store["non_utf8_values"], 1);
    assert_eq!(store["non_utf8_columns"][0], "version");
    let blog = tables.iter().find(|t| t["name"] == "pre_aw_blog").unwrap();
    assert_eq!(blog["core"], false);
    let unusual = r["unusual"].to_string();
    assert!(unusual.contains("MyISAM tables: pre_cms_page"), "{unusual}");
    assert!(unusual.contains("looks cut short"), "{unusual}");
    // The human form says the same.
    let o = run(&["inspect", input.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("prefix    pre_"), "{text}");
    assert!(text.contains("magento   1.7.0.0–1.7.0.2"), "{text}");
}

/// Chunks are cut where a line ends with `;`; here many such lines sit inside strings and a
/// `DELIMITER` block, so many cuts are wrong and must be repaired. Every block size and job
/// count must give what one single block gives.
#[test]
fn wrong_chunk_cuts_are_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let mut sql = String::from("CREATE TABLE `t` (`id` int, `body` text);\n");
    for i in 0..400 {
        match i % 4 {
            0 => sql.push_str(&format!("INSERT INTO `t` VALUES ({i},'raw;\nnewline;\r\nINSERT INTO x VALUES (1);\n');\n")),
            1 => sql.push_str(&format!("INSERT INTO `t` VALUES ({i},\"dq;\n\"),({i},'/* not a comment;\n');\n")),
            2 => sql.push_str(&format!(
                "DELIMITER ;;\nCREATE TRIGGER `tr{i}` AFTER INSERT ON `t` FOR EACH ROW BEGIN\nSET @a = 1;\nSET @b = 2;\nEND ;;\nDELIMITER ;\n"
            )),
            _ => sql.push_str(&format!("/* a comment;\nover lines; */ INSERT INTO `t` VALUES ({i},'x');\n")),
        }
    }
    let input = write(dir.path(), "in.sql", sql.as_bytes());
    let reference = dir.path().join("ref.sql");
    let o = run(&[
        "roundtrip",
        input.to_str().unwrap(),
        "-o",
        reference.to_str().unwrap(),
        "-j",
        "1",
        "--block-size",
        "64M",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let want = std::fs::read(&reference).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&want)
            .matches("CREATE TRIGGER")
            .count(),
        100
    );
    for (jobs, bs) in [("1", "100"), ("2", "64"), ("2", "333"), ("3", "4K")] {
        let out = dir.path().join(format!("o-{jobs}-{bs}.sql"));
        let o = run(&[
            "roundtrip",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-j",
            jobs,
            "--block-size",
            bs,
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(
            std::fs::read(&out).unwrap() == want,
            "jobs {jobs}, block size {bs} differ"
        );
    }
}
