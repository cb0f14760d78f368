//! SQL dump text, with no Magento knowledge: reading inputs, splitting statements, lexing
//! rows, decoding and escaping values, parsing table definitions, writing SQL.

pub mod ddl;
pub mod error;
pub mod lex;
pub mod source;
pub mod split;
pub mod stmt;
pub mod value;
pub mod write;
