//! The Settings step's value handlers (`Migration\Handler\Settings\*`) for
//! `core_config_data.value`. `Settings\Encrypt` is [`super::crypt::encrypt`].

use std::borrow::Cow;

use super::php::{is_numeric, loose_eq_str};

/// `Settings\UrlSuffix`: a PHP-truthy suffix that does not start with `.` gets one
/// (`html` → `.html`); `""`, `"0"` and `NULL` are unchanged.
pub fn url_suffix(value: Option<&[u8]>) -> Option<Cow<'_, [u8]>> {
    let v = value?;
    if v.is_empty() || v == b"0" || v[0] == b'.' {
        return Some(Cow::Borrowed(v));
    }
    let mut out = Vec::with_capacity(v.len() + 1);
    out.push(b'.');
    out.extend_from_slice(v);
    Some(Cow::Owned(out))
}

/// `Settings\CategoryRootId` (`catalog/category/root_id`): Magento 1's default root
/// category (a value `== 2` in PHP, such as `2`, `2.0` or ` 2`) becomes `NULL`; anything
/// else is unchanged.
pub fn category_root_id(value: Option<&[u8]>) -> Option<&[u8]> {
    let v = value?;
    if loose_eq_str(v, b"2") { None } else { Some(v) }
}

/// `Settings\Template` (email template settings): a numeric Magento 1 value (the id of a
/// custom template) is kept; otherwise (a template code such as
/// `customer_create_account_email_template`) Magento 2's current value for the same path
/// is taken when it is PHP-truthy, and the Magento 1 value kept when it is not.
pub fn template<'a>(value: Option<&'a [u8]>, m2_value: Option<&'a [u8]>) -> Option<&'a [u8]> {
    let numeric = value.is_some_and(is_numeric);
    let m2_truthy = m2_value.is_some_and(|m| !(m.is_empty() || m == b"0"));
    if !numeric && m2_truthy {
        m2_value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_handlers_follow_dmt() {
        assert_eq!(url_suffix(Some(b"html")).as_deref(), Some(&b".html"[..]));
        assert_eq!(url_suffix(Some(b".htm")).as_deref(), Some(&b".htm"[..]));
        assert_eq!(url_suffix(Some(b"")).as_deref(), Some(&b""[..]));
        assert_eq!(url_suffix(None), None);
        assert_eq!(category_root_id(Some(b"2")), None);
        assert_eq!(category_root_id(Some(b"2.0")), None);
        assert_eq!(category_root_id(Some(b"3")), Some(&b"3"[..]));
        assert_eq!(category_root_id(Some(b"2a")), Some(&b"2a"[..]));
        assert_eq!(template(Some(b"7"), Some(b"m2_tpl")), Some(&b"7"[..]));
        assert_eq!(
            template(
                Some(b"customer_create_account_email_template"),
                Some(b"m2_tpl")
            ),
            Some(&b"m2_tpl"[..])
        );
        assert_eq!(template(Some(b"code"), None), Some(&b"code"[..]));
        assert_eq!(template(None, Some(b"m2")), Some(&b"m2"[..]));
    }
}
