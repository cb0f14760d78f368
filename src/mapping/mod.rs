//! Magento knowledge about tables and versions: which Magento 1 core module owns a table,
//! which release a dump comes from. (Config and map files join this module later.)

pub mod class_map;
pub mod config;
pub mod core_tables;
pub mod defaults;
pub mod gen_defaults;
pub mod groups;
pub mod map;
pub mod plan;
mod rules_text;
pub mod settings;
pub mod version;
pub mod wildcard;
pub mod wiring;
pub mod xml;
