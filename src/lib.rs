//! m1tom2: migrate a Magento 1 store to Magento 2 from dump files.
//!
//! The library is the engine; `src/main.rs` and [`cli`] are a thin layer over it.
//! Layout: [`dump`] knows SQL dumps, [`schema`] the table model, [`pipeline`] runs the
//! parallel work, [`cli`] holds one module per command.

pub mod baseline;
pub mod cli;
pub mod dump;
pub mod handlers;
pub mod mapping;
pub mod pipeline;
pub mod schema;
pub mod steps;
