//! Helpers shared by the integration tests. Each test crate compiles this module on its own
//! and uses only part of it, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod flow;
pub mod mariadb;

// Re-exported for `use common::MariaDb;`; a test crate that needs none of them must not warn.
#[allow(unused_imports)]
pub use mariadb::{
    ClientError, ClientOptions, Diagnostic, MariaDb, Output, TableSum, in_ci, quote_ident,
    quote_str,
};
