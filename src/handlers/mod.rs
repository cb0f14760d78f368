//! Value handlers: the value-level logic of Magento's Data Migration Tool handlers
//! (`src/Migration/Handler/*.php`), as pure functions over bytes.
//!
//! Every function takes the column's value as `Option<&[u8]>` (`None` is SQL `NULL`), the
//! handler's parameters and whatever the PHP handler looked up (another column's value, a
//! class-map lookup, a config value) as explicit arguments, and returns the new value or a
//! typed error. Nothing here knows tables, rows or the database; the step that owns a table
//! decides which column a handler applies to and feeds it. Results borrow the input
//! (`Cow::Borrowed`) when the value does not change.
//!
//! The reference is DMT 2.4.x running on PHP 8.2 inside Magento, whose error handler turns
//! PHP notices and warnings into exceptions. Where DMT would crash on a value (most often a
//! `NULL` passed to a string function on PHP 8.1+), the function here keeps the value and
//! says so in its docs.

pub mod php;
