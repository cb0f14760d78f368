//! Magento knowledge about tables and versions: which Magento 1 core module owns a table,
//! which release a dump comes from. (Config and map files join this module later.)

pub mod core_tables;
pub mod plan;
pub mod version;
