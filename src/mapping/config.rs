//! config.xml (Magento's `config.xsd`), read as Magento's `src/Migration/Config.php` reads it,
//! with m1tom2's extensions for dump files:
//!
//! ```xml
//! <config>
//!   <steps mode="data"> <step title="Map Step"> <data>Migration\Step\Map\Data</data> … </step> </steps>
//!   <source> <dump path="magento1.sql.gz"/> </source>
//!   <destination> <dump path="magento2-fresh.sql"/> </destination>
//!   <output path="m2-ready.sql"/>
//!   <options> <map_file>…</map_file> <crypt_key>…</crypt_key> … </options>
//! </config>
//! ```
//!
//! - `<steps mode="…">`: every `<step title="…">` in file order; several `<steps>` of one mode
//!   add up, and two steps with the same title in one mode merge into the first one's place
//!   (a later stage replaces an earlier one), as Magento's `getSteps` builds its array.
//! - `<options>`: every child element, by element name, with its text (a later one replaces an
//!   earlier one). Magento's XSD accepts any element there.
//! - `<source>`/`<destination>`: `<dump path="…"/>` names a dump file; Magento's
//!   `<database …/>` is read too, but a user's config must name dumps: [`Config::parse`] and
//!   [`Config::load`] say how to write it. Relative dump and output paths are relative to the
//!   config file's folder. A missing `<destination>` (or one without a dump) means the embedded
//!   Magento 2 baseline.
//! - `<output path="…"/>` (at the top level or inside `<options>`) names the result file.

use super::rules_text::{self, Cursor, Line, pair, word};
use super::xml::{self, Checker, Element, Node, Result, RulesError};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One step of one mode, with the PHP class of each stage it has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepDef {
    pub title: String,
    pub integrity: Option<String>,
    pub data: Option<String>,
    pub volume: Option<String>,
    pub delta: Option<String>,
}

/// Magento's `<database name host user port password …/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Database {
    pub name: String,
    pub host: String,
    pub user: String,
    pub port: Option<String>,
    pub password: Option<String>,
}

/// `<source>` or `<destination>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// The dump file (resolved against the config file's folder).
    pub dump: Option<PathBuf>,
    /// Magento's database element, when the file has one.
    pub database: Option<Database>,
}

/// A compiled config.xml.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Mode (`settings`, `data`, `delta`) → steps in order.
    pub steps: BTreeMap<String, Vec<StepDef>>,
    pub source: Endpoint,
    pub destination: Endpoint,
    /// `<output path="…"/>` (resolved against the config file's folder).
    pub output: Option<PathBuf>,
    /// Every option: element name → text.
    pub options: BTreeMap<String, String>,
}

impl Config {
    /// Reads a user's config.xml: Magento's grammar with `<dump>` endpoints, which the source
    /// must have.
    pub fn load(path: &Path) -> Result<Config> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            RulesError::new(&file, None, format!("cannot read the config file: {e}"))
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Config::parse(&text, &file, base)
    }

    /// Parses a user's config.xml (see [`Config::load`]); `base_dir` is the folder relative
    /// paths are resolved against.
    pub fn parse(text: &str, file: &str, base_dir: &Path) -> Result<Config> {
        read(text, file, base_dir, true)
    }

    /// Parses a config.xml as Magento's tool accepts it, `<database>` endpoints and all (for
    /// Magento's own `config.xml.dist` files).
    pub fn parse_magento(text: &str, file: &str, base_dir: &Path) -> Result<Config> {
        read(text, file, base_dir, false)
    }

    /// Reads m1tom2's line format (`kind config`: steps, options and output; no endpoints).
    pub fn from_rules_text(text: &str, file: &str) -> Result<Config> {
        let lines = rules_text::lines(text, file)?;
        read_text(rules_text::expect_kind(&lines, file, "config")?, file)
    }

    /// Writes m1tom2's line format (without the header comment). Endpoints are left out.
    pub fn to_rules_text(&self) -> String {
        let mut out = String::from("kind config\n");
        for (mode, steps) in &self.steps {
            for s in steps {
                let _ = write!(out, "step {} {}", word(mode), word(&s.title));
                for (k, v) in [
                    ("integrity", &s.integrity),
                    ("data", &s.data),
                    ("volume", &s.volume),
                    ("delta", &s.delta),
                ] {
                    if let Some(v) = v {
                        let _ = write!(out, " {}", pair(k, v));
                    }
                }
                out.push('\n');
            }
        }
        for (k, v) in &self.options {
            let _ = writeln!(out, "option {} {}", word(k), word(v));
        }
        if let Some(o) = &self.output {
            let _ = writeln!(out, "output {}", word(&o.to_string_lossy()));
        }
        out
    }

    /// The value of an option.
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    /// The same config without its endpoints (what the embedded defaults hold).
    pub fn without_endpoints(&self) -> Config {
        Config {
            source: Endpoint::default(),
            destination: Endpoint::default(),
            ..self.clone()
        }
    }
}

const STAGES: [&str; 4] = ["integrity", "data", "delta", "volume"];

fn read(text: &str, file: &str, base_dir: &Path, user: bool) -> Result<Config> {
    let root = xml::parse(text, file)?;
    let ck = Checker {
        file,
        xsd: "config.xsd",
    };
    ck.root(&root, "config")?;
    let mut cfg = Config::default();
    let mut output_line = None;
    let mut seen_source: Option<&Element> = None;
    let mut seen_dest: Option<&Element> = None;
    for el in ck.only(
        &root,
        &["steps", "source", "destination", "options", "output"],
    )? {
        match el.name.as_str() {
            "steps" => read_steps(el, &ck, &mut cfg)?,
            "source" | "destination" => {
                let seen = if el.name == "source" {
                    &mut seen_source
                } else {
                    &mut seen_dest
                };
                if seen.is_some() {
                    return Err(ck
                        .err(el.line, format!("a second <{}>", el.name))
                        .hint(format!("a config names one {}", el.name)));
                }
                *seen = Some(el);
                let ep = read_endpoint(el, &ck, base_dir)?;
                if el.name == "source" {
                    cfg.source = ep;
                } else {
                    cfg.destination = ep;
                }
            }
            "output" => set_output(el, &ck, base_dir, &mut cfg, &mut output_line)?,
            _ => {
                ck.attrs(el, &[])?;
                for opt in ck.elements(el)? {
                    if opt.name == "output" && ck.attr(opt, "path").is_some() {
                        set_output(opt, &ck, base_dir, &mut cfg, &mut output_line)?;
                        continue;
                    }
                    let value = text_content(opt);
                    if opt.name == "bulk_size"
                        && value
                            .trim_matches(xml::is_xml_space)
                            .parse::<i32>()
                            .is_err()
                    {
                        return Err(ck
                            .err(
                                opt.line,
                                format!(
                                    "<bulk_size> is `{}`, expected a whole number",
                                    xml::short(&value)
                                ),
                            )
                            .hint("0 lets m1tom2 choose the batch size"));
                    }
                    cfg.options.insert(opt.name.clone(), value);
                }
            }
        }
    }
    if user {
        require_dump(seen_source, &cfg.source, "source", &ck, &root)?;
        if let Some(d) = seen_dest {
            require_dump(Some(d), &cfg.destination, "destination", &ck, &root)?;
        }
    }
    Ok(cfg)
}

fn read_steps(el: &Element, ck: &Checker, cfg: &mut Config) -> Result<()> {
    ck.attrs(el, &["mode"])?;
    let mode = ck.req_attr(el, "mode")?.to_string();
    let steps = cfg.steps.entry(mode).or_default();
    for step in ck.only(el, &["step"])? {
        ck.attrs(step, &["title"])?;
        let title = ck.req_attr(step, "title")?.to_string();
        let idx = match steps.iter().position(|s| s.title == title) {
            Some(i) => i,
            None => {
                steps.push(StepDef {
                    title,
                    ..StepDef::default()
                });
                steps.len() - 1
            }
        };
        for stage in ck.only(step, &STAGES)? {
            ck.attrs(stage, &[])?;
            let class = ck.text(stage)?;
            let ok = class.len() >= 2
                && class.starts_with(|c: char| c.is_ascii_alphabetic())
                && class
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '\\');
            if !ok {
                return Err(ck
                    .err(stage.line, format!("<{}> value `{}` is not a PHP class name", stage.name, xml::short(&class)))
                    .hint("write it as Magento's config.xml.dist does, e.g. `Migration\\Step\\Map\\Data` (no leading backslash, no spaces)"));
            }
            let s = &mut steps[idx];
            let slot = match stage.name.as_str() {
                "integrity" => &mut s.integrity,
                "data" => &mut s.data,
                "delta" => &mut s.delta,
                _ => &mut s.volume,
            };
            *slot = Some(class);
        }
    }
    Ok(())
}

fn read_endpoint(el: &Element, ck: &Checker, base_dir: &Path) -> Result<Endpoint> {
    // Old Magento configs carry `<source version="1.9.1.0">`; Config.php reads it, nothing uses it.
    ck.attrs(el, &["version"])?;
    let mut ep = Endpoint::default();
    for c in ck.only(el, &["dump", "database"])? {
        if c.name == "dump" {
            if ep.dump.is_some() {
                return Err(ck
                    .err(c.line, format!("a second <dump> in <{}>", el.name))
                    .hint("name one dump file"));
            }
            ck.attrs(c, &["path"])?;
            let p = ck.req_attr(c, "path")?;
            ck.name_value(c, p, "a file path")?;
            ep.dump = Some(resolve(base_dir, p));
        } else {
            if ep.database.is_some() {
                return Err(ck.err(c.line, format!("a second <database> in <{}>", el.name)));
            }
            ck.attrs(
                c,
                &[
                    "name", "host", "user", "port", "password", "ssl_ca", "ssl_cert", "ssl_key",
                ],
            )?;
            ep.database = Some(Database {
                name: ck.req_attr(c, "name")?.to_string(),
                host: ck.req_attr(c, "host")?.to_string(),
                user: ck.req_attr(c, "user")?.to_string(),
                port: ck.attr(c, "port").map(str::to_string),
                password: ck.attr(c, "password").map(str::to_string),
            });
        }
    }
    Ok(ep)
}

fn set_output(
    el: &Element,
    ck: &Checker,
    base_dir: &Path,
    cfg: &mut Config,
    seen: &mut Option<u32>,
) -> Result<()> {
    ck.attrs(el, &["path"])?;
    ck.elements(el)?
        .first()
        .map_or(Ok(()), |c| Err(ck.unknown(c, el, &[])))?;
    let p = ck.req_attr(el, "path")?;
    ck.name_value(el, p, "a file path")?;
    if let Some(first) = seen {
        return Err(ck
            .err(
                el.line,
                format!("a second <output> (the first is at line {first})"),
            )
            .hint("name one output file"));
    }
    *seen = Some(el.line);
    cfg.output = Some(resolve(base_dir, p));
    Ok(())
}

fn require_dump(
    el: Option<&Element>,
    ep: &Endpoint,
    which: &str,
    ck: &Checker,
    root: &Element,
) -> Result<()> {
    if ep.dump.is_some() {
        return Ok(());
    }
    let example = if which == "source" {
        "magento1.sql.gz"
    } else {
        "magento2.sql"
    };
    let form = format!("<{which}><dump path=\"{example}\"/></{which}>");
    let extra = if which == "destination" {
        "; or leave <destination> out to load into the Magento 2.4 baseline m1tom2 embeds"
    } else {
        ""
    };
    let Some(el) = el else {
        return Err(ck
            .err(root.line, format!("the config has no <{which}>"))
            .hint(format!(
                "name the Magento 1 dump: {form} (relative to this file's folder)"
            )));
    };
    match &ep.database {
        Some(db) => {
            let line = el
                .children
                .iter()
                .find_map(|n| match n {
                    Node::Element(e) if e.name == "database" => Some(e.line),
                    _ => None,
                })
                .unwrap_or(el.line);
            Err(ck
                .err(line, format!("<{which}> names the database `{}` on `{}`, but m1tom2 reads dump files, not databases", db.name, db.host))
                .hint(format!(
                    "replace <database …/> with <dump path=\"…\"/>, so that it reads {form} (a path relative to this file's folder, \
                     of a mysqldump of that database, plain or .gz){extra}"
                )))
        }
        None => Err(ck
            .err(el.line, format!("<{which}> names no dump"))
            .hint(format!(
                "write {form} (relative to this file's folder){extra}"
            ))),
    }
}

/// The text of an element and everything inside it (DOM `textContent`).
fn text_content(el: &Element) -> String {
    let mut s = String::new();
    for n in &el.children {
        match n {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) => s.push_str(&text_content(e)),
        }
    }
    s
}

fn resolve(base: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

fn read_text(lines: &[Line], file: &str) -> Result<Config> {
    let mut cfg = Config::default();
    for line in lines {
        let mut c = Cursor::new(file, line);
        match c.plain("`step`, `option` or `output`")? {
            "step" => {
                let mode = c.plain("a mode")?.to_string();
                let title = c.plain("a step title")?.to_string();
                let mut s = StepDef {
                    title,
                    ..StepDef::default()
                };
                for (k, v) in c.pairs()? {
                    let slot = match k.as_str() {
                        "integrity" => &mut s.integrity,
                        "data" => &mut s.data,
                        "volume" => &mut s.volume,
                        "delta" => &mut s.delta,
                        _ => {
                            return Err(c.err(format!(
                                "unknown stage `{k}`; expected integrity, data, volume or delta"
                            )));
                        }
                    };
                    *slot = Some(v);
                }
                cfg.steps.entry(mode).or_default().push(s);
            }
            "option" => {
                let k = c.plain("an option name")?.to_string();
                let v = c.plain("the option's value (\"\" for empty)")?.to_string();
                c.end()?;
                cfg.options.insert(k, v);
            }
            "output" => {
                cfg.output = Some(PathBuf::from(c.plain("a path")?));
                c.end()?;
            }
            other => {
                return Err(c.err(format!(
                    "unknown line `{other}`; expected `step`, `option` or `output`"
                )));
            }
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: &str = r#"<config xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="x">
    <steps mode="data">
        <step title="A"><integrity>Migration\A\Integrity</integrity><data>Migration\A\Data</data></step>
        <step title="B"><data>Migration\B\Data</data></step>
        <step title="A"><volume>Migration\A\Volume</volume><data>Migration\A\Data2</data></step>
    </steps>
    <steps mode="data"><step title="C"><data>Migration\C\Data</data></step></steps>
    <source><dump path="m1.sql"/></source>
    <destination><dump path="/abs/m2.sql"/></destination>
    <options>
        <map_file>etc/x/map.xml.dist</map_file>
        <source_prefix />
        <bulk_size> 100 </bulk_size>
        <output path="out/m2-ready.sql"/>
        <nested>a<b>b</b>c</nested>
    </options>
</config>"#;

    #[test]
    fn steps_options_and_paths() {
        let c = Config::parse(CFG, "config.xml", Path::new("/cfg")).unwrap();
        let data = &c.steps["data"];
        assert_eq!(
            data.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
            ["A", "B", "C"]
        );
        assert_eq!(data[0].data.as_deref(), Some("Migration\\A\\Data2"));
        assert_eq!(data[0].volume.as_deref(), Some("Migration\\A\\Volume"));
        assert_eq!(
            data[0].integrity.as_deref(),
            Some("Migration\\A\\Integrity")
        );
        assert_eq!(c.source.dump.as_deref(), Some(Path::new("/cfg/m1.sql")));
        assert_eq!(
            c.destination.dump.as_deref(),
            Some(Path::new("/abs/m2.sql"))
        );
        assert_eq!(
            c.output.as_deref(),
            Some(Path::new("/cfg/out/m2-ready.sql"))
        );
        assert_eq!(c.option("source_prefix"), Some(""));
        assert_eq!(c.option("nested"), Some("abc"));
        assert_eq!(c.option("output"), None);
        let text = c.to_rules_text();
        let back = Config::from_rules_text(&text, "t").unwrap();
        assert_eq!(back.steps, c.steps);
        assert_eq!(back.options, c.options);
    }

    #[test]
    fn database_only_is_refused_with_the_dump_form() {
        let x = "<config>\n<source>\n<database host=\"localhost\" name=\"magento1\" user=\"root\"/>\n</source>\n</config>";
        let e = Config::parse(x, "config.xml", Path::new(".")).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let s = e.to_string();
        assert!(s.contains("m1tom2 reads dump files, not databases"), "{s}");
        assert!(
            s.contains("<source><dump path=\"magento1.sql.gz\"/></source>"),
            "{s}"
        );
        assert!(Config::parse_magento(x, "config.xml", Path::new(".")).is_ok());
        let x = "<config><source><dump path=\"a.sql\"/></source><destination><database host=\"h\" name=\"m2\" user=\"u\"/></destination></config>";
        let s = Config::parse(x, "config.xml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(
            s.contains("<destination><dump path=\"magento2.sql\"/></destination>"),
            "{s}"
        );
        let x = "<config><source><dump path=\"a.sql\"/></source></config>";
        assert!(
            Config::parse(x, "config.xml", Path::new("."))
                .unwrap()
                .destination
                .dump
                .is_none()
        );
    }

    #[test]
    fn bad_values() {
        let x = "<config><options><bulk_size>lots</bulk_size></options></config>";
        assert!(Config::parse_magento(x, "c.xml", Path::new(".")).is_err());
        let x = "<config><steps mode=\"data\"><step title=\"A\"><data>\\Migration\\A</data></step></steps></config>";
        assert!(Config::parse_magento(x, "c.xml", Path::new(".")).is_err());
        let x = "<config><steps mode=\"data\"><step title=\"A\"><dada>Migration\\A</dada></step></steps></config>";
        let e = Config::parse_magento(x, "c.xml", Path::new(".")).unwrap_err();
        assert!(
            e.message.contains("unknown element <dada> in <step>"),
            "{e}"
        );
    }
}
