//! Value handlers: the value-level logic of Magento's Data Migration Tool handlers
//! (`src/Migration/Handler/*.php`), as pure functions over bytes.
//!
//! Every function takes the column's value as `Option<&[u8]>` (`None` is SQL `NULL`), the
//! handler's parameters and whatever the PHP handler looked up (another column's value, a
//! class-map lookup, a config value) as explicit arguments, and returns the new value or a
//! typed error. Nothing here knows tables, rows or the database: the step that owns a table
//! decides which column a handler applies to (and, for the EAV handlers, which attribute
//! rows) and feeds it. Results borrow the input (`Cow::Borrowed`) when the value does not
//! change; parameters (maps, patterns, keys) are parsed once into values that are reused for
//! every row.
//!
//! The reference is DMT 2.4.x running on PHP 8.2 inside Magento, whose error handler turns
//! PHP notices and warnings into exceptions. Where DMT would stop the migration on a value
//! (most often a `NULL` passed to a string function on PHP 8.1+, or broken nested serialized
//! data), the function here keeps the value, or reports it, and says so in its docs.
//!
//! | DMT handler | here |
//! |---|---|
//! | `SerializeToJson` | [`serialize_to_json::serialize_to_json`] |
//! | `SerializeToJson\ConvertWithConditions` | [`serialize_to_json::convert_with_conditions`] with a [`preg::Preg`] |
//! | `SerializeToJson\ItemOption` | [`serialize_to_json::item_option`] |
//! | `SerializeToJson\SalesOrderItem` | [`serialize_to_json::sales_order_item`] |
//! | `Rule\SerializedData` | [`serialize_to_json::rule_serialized_data`] |
//! | `Encrypt`, `Settings\Encrypt` | [`crypt::encrypt`] with [`crypt::M1Crypt`], [`crypt::M2Encryptor`] |
//! | `SetValue` | [`basic::SetValue`] |
//! | `Convert`, `ConvertEavValue` (value part) | [`basic::Convert`] |
//! | `ConvertIp` | [`basic::convert_ip`] |
//! | `ConvertDateFormat` | [`basic::convert_date_format`] |
//! | `ConvertTimestampToDate` | [`basic::convert_timestamp_to_date`] |
//! | `TruncateSuffix` | [`basic::truncate_suffix`] |
//! | `CleanMultiselect` | [`basic::clean_multiselect`] |
//! | `AddPrefix` | [`basic::add_prefix`] |
//! | `ClassMap` | [`basic::class_map`] |
//! | Customer step's password hash upgrade | [`basic::upgrade_password_hash`] |
//! | `Placeholder` | [`placeholder::placeholder`] |
//! | `StoreGroupCode` | [`codes::store_group_codes`] |
//! | `EavAttributeGroup\SetGroupCode` | [`codes::attribute_group_code`] |
//! | `Settings\UrlSuffix`, `CategoryRootId`, `Template` | [`settings`] |
//!
//! [`php`] holds PHP's own formats underneath: `unserialize`, `serialize`, `json_encode`,
//! numeric strings and float printing, each checked byte for byte against PHP by the tests.

pub mod basic;
pub mod codes;
pub mod crypt;
pub mod php;
pub mod placeholder;
pub mod preg;
pub mod serialize_to_json;
pub mod settings;
