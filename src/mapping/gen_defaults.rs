//! Writes `defaults/m1/` from Magento's `etc/opensource-to-opensource/` files: each file is read
//! with the XML readers of this module and written in m1tom2's line format (see
//! [`super::defaults`]); files with the same rules become one file. Run it with
//! `cargo run --example gen_defaults`; `tests/mapping.rs` checks that the committed files are
//! what it writes.

use super::class_map::ClassMap;
use super::config::Config;
use super::defaults::Kind;
use super::groups::Groups;
use super::map::MapRules;
use super::settings::SettingsRules;
use super::version::cmp_versions;
use super::xml::{Result, RulesError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The kind of one of Magento's files, by its name.
fn kind_of(name: &str) -> Option<Kind> {
    Some(match name {
        "config.xml.dist" => Kind::Config,
        "class-map.xml.dist" => Kind::ClassMap,
        "settings.xml.dist" => Kind::Settings,
        "deltalog.xml.dist" => Kind::Groups,
        n if n.ends_with("-groups.xml.dist") => Kind::Groups,
        n if n == "map.xml.dist" || (n.starts_with("map-") && n.ends_with(".xml.dist")) => {
            Kind::Map
        }
        _ => return None,
    })
}

/// Magento's files under `src` (its `etc/opensource-to-opensource/`), as paths relative to it:
/// the shared files first, then each version folder (oldest first), by name.
fn dist_files(src: &Path) -> Result<Vec<String>> {
    let io = |e: std::io::Error| {
        RulesError::new(
            src.display().to_string(),
            None,
            format!("cannot read the folder: {e}"),
        )
    };
    let mut top = Vec::new();
    let mut dirs = Vec::new();
    for e in std::fs::read_dir(src).map_err(io)? {
        let e = e.map_err(io)?;
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().map_err(io)?.is_dir() {
            dirs.push(name);
        } else if name.ends_with(".xml.dist") {
            top.push(name);
        }
    }
    top.sort();
    dirs.sort_by(|a, b| cmp_versions(a, b));
    let mut out = top;
    for d in dirs {
        let mut names: Vec<String> = std::fs::read_dir(src.join(&d))
            .map_err(io)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".xml.dist"))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| format!("{d}/{n}")));
    }
    Ok(out)
}

/// The rules of one of Magento's files in m1tom2's line format (without a header).
pub fn compile_dist(kind: Kind, xml: &str, file: &str) -> Result<String> {
    Ok(match kind {
        Kind::Config => Config::parse_magento(xml, file, Path::new(""))?
            .without_endpoints()
            .to_rules_text(),
        Kind::Map => MapRules::from_xml(xml, file)?.to_rules_text(),
        Kind::ClassMap => ClassMap::from_xml(xml, file)?.to_rules_text(),
        Kind::Settings => SettingsRules::from_xml(xml, file)?.to_rules_text(),
        Kind::Groups => Groups::from_xml(xml, file)?.to_rules_text(),
    })
}

const README_NOTE: &str = "the format is described in defaults/m1/README.md";

/// Every file of `defaults/m1/` but README.md: path under `defaults/m1/` → content.
pub fn generate(src: &Path) -> Result<BTreeMap<String, String>> {
    let files = dist_files(src)?;
    if !files.iter().any(|f| f.ends_with("/config.xml.dist")) {
        return Err(RulesError::new(
            src.display().to_string(),
            None,
            "no version folder with a config.xml.dist here",
        )
        .hint("point the generator at Magento's etc/opensource-to-opensource folder"));
    }
    // (kind, rules) → (our file, the Magento files that have these rules)
    let mut groups: Vec<(Kind, String, String, Vec<String>)> = Vec::new();
    let mut manifest: Vec<(String, Kind, String)> = Vec::new();
    for dist in &files {
        let name = dist.rsplit('/').next().unwrap_or(dist);
        let kind = kind_of(name).ok_or_else(|| {
            RulesError::new(
                dist.clone(),
                None,
                "a Magento file of a kind m1tom2 does not know",
            )
            .hint("teach gen_defaults its kind, or remove it")
        })?;
        let path = src.join(dist);
        let xml = std::fs::read_to_string(&path).map_err(|e| {
            RulesError::new(
                path.display().to_string(),
                None,
                format!("cannot read: {e}"),
            )
        })?;
        let body = compile_dist(kind, &xml, dist)?;
        let ours = match groups
            .iter_mut()
            .find(|(k, b, _, _)| *k == kind && *b == body)
        {
            Some((_, _, file, dists)) => {
                dists.push(dist.clone());
                file.clone()
            }
            None => {
                let file = format!("{}.txt", dist.strip_suffix(".xml.dist").unwrap_or(dist));
                groups.push((kind, body, file.clone(), vec![dist.clone()]));
                file
            }
        };
        manifest.push((dist.clone(), kind, ours));
    }
    let mut out = BTreeMap::new();
    for (kind, body, file, dists) in &groups {
        let mut text = String::new();
        text.push_str(&format!(
            "# m1tom2 embedded rules ({} file). Generated by `cargo run --example gen_defaults`: do not edit.\n",
            kind.word()
        ));
        text.push_str("# Compiled from Magento's Data Migration Tool (magento/data-migration-tool, OSL-3.0),\n");
        text.push_str(&format!("# etc/opensource-to-opensource/{}", dists[0]));
        if dists.len() > 1 {
            text.push_str(", which has the same rules as:\n");
            for chunk in dists[1..].chunks(4) {
                text.push_str(&format!("#   {}\n", chunk.join(", ")));
            }
        } else {
            text.push('\n');
        }
        text.push_str(&format!(
            "# Facts only, one rule per line; {README_NOTE}.\n"
        ));
        if *kind == Kind::Config {
            text.push_str(
                "# The <source>/<destination> databases are left out: m1tom2 reads dumps.\n",
            );
        }
        text.push_str(body);
        out.insert(file.clone(), text);
    }
    let mut m = String::new();
    m.push_str("# m1tom2: which file here holds the rules of each of Magento's files.\n");
    m.push_str("# Generated by `cargo run --example gen_defaults`: do not edit.\n");
    m.push_str("# Columns: Magento's file (under etc/opensource-to-opensource/), its kind, the file here.\n");
    m.push_str("# The versions are the folders with a config.xml.dist; a version's rules are the files its\n");
    m.push_str(&format!(
        "# config names in its options, as in Magento's tool; {README_NOTE}.\n"
    ));
    m.push_str("kind manifest\n");
    for (dist, kind, ours) in &manifest {
        m.push_str(&format!("{dist} {} {ours}\n", kind.word()));
    }
    out.insert("manifest.txt".to_string(), m);
    let mut e = String::new();
    e.push_str("// Generated by `cargo run --example gen_defaults`: do not edit.\n");
    e.push_str(
        "// Every file of defaults/m1/ that m1tom2 embeds, by its path under defaults/m1/.\n",
    );
    e.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for f in out.keys() {
        e.push_str(&format!("    ({f:?}, include_str!({f:?})),\n"));
    }
    e.push_str("];\n");
    out.insert("embed.rs".to_string(), e);
    Ok(out)
}

/// Writes [`generate`]'s files into `out`, and removes generated files (`*.txt`, `embed.rs`)
/// that it no longer writes. Returns the files written.
pub fn write(src: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    let files = generate(src)?;
    let io = |p: &Path, e: std::io::Error| {
        RulesError::new(p.display().to_string(), None, format!("cannot write: {e}"))
    };
    let mut written = Vec::new();
    for (rel, text) in &files {
        let p = out.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        std::fs::write(&p, text).map_err(|e| io(&p, e))?;
        written.push(p);
    }
    for stale in existing_generated(out) {
        let rel = stale
            .strip_prefix(out)
            .unwrap_or(&stale)
            .to_string_lossy()
            .replace('\\', "/");
        if !files.contains_key(&rel) {
            std::fs::remove_file(&stale).map_err(|e| io(&stale, e))?;
            if let Some(dir) = stale.parent()
                && dir != out
            {
                let _ = std::fs::remove_dir(dir); // only when empty
            }
        }
    }
    Ok(written)
}

/// The generated files in a `defaults/m1/` folder (every `*.txt` and `embed.rs`, not README.md).
pub fn existing_generated(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt")
                || p.file_name().is_some_and(|n| n == "embed.rs")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
