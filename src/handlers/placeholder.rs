//! DMT's `Placeholder` handler: Magento 1 widget and block directives in CMS pages and
//! blocks, newsletter and email templates, rewritten for Magento 2.
//!
//! When the content has a `{{widget …}}` or `{{block …}}` directive on one line, DMT
//! 1. replaces every `type="<m1 class>"` in the whole content whose class the class map
//!    knows by `type="<m2 class>"`, with each `\` of the Magento 2 class doubled (the
//!    directive syntax escapes it); a class mapped to nothing leaves `type=""`;
//! 2. cuts the module folder off template paths:
//!    `preg_replace('/({{widget|{{block)(.*template=")(.*\/)(.*".*}})/mU', '$1$2$4', …)`;
//! 3. deletes every widget still of a Magento 1 alias type:
//!    `preg_replace('/{{widget type="[\w\-_]+\/[\w\-_]+".+}}/mU', '', …)`.
//!
//! The patterns are PCRE with `U` (every quantifier lazy) and without `u` (bytes); the
//! `regex` crate matches them the same way (leftmost-first, lazy), compiled once.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::bytes::Regex;

static HAS_DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)(?:\{\{widget|\{\{block).*?\}\}").unwrap());
static TEMPLATE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?-u)(\{\{widget|\{\{block)(.*?template=")(.*?/)(.*?".*?\}\})"#).unwrap()
});
static M1_WIDGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?-u)\{\{widget type="[\w\-_]+?/[\w\-_]+?".+?\}\}"#).unwrap());

/// `Placeholder` over `content`, with `lookup` the class map (`None`: not in the map,
/// `Some(None)`: mapped to nothing). `NULL` stays `NULL`; content without a directive is
/// returned as it is.
pub fn placeholder<'a>(
    content: Option<&'a [u8]>,
    lookup: &dyn Fn(&str) -> Option<Option<String>>,
) -> Option<Cow<'a, [u8]>> {
    let c = content?;
    if !HAS_DIRECTIVE.is_match(c) {
        return Some(Cow::Borrowed(c));
    }
    let replaced = replace_types(c, lookup);
    let templated = match TEMPLATE_PATH.replace_all(&replaced, &b"${1}${2}${4}"[..]) {
        Cow::Borrowed(_) => replaced,
        Cow::Owned(o) => Cow::Owned(o),
    };
    let cleaned = match M1_WIDGET.replace_all(&templated, &b""[..]) {
        Cow::Borrowed(_) => templated,
        Cow::Owned(o) => Cow::Owned(o),
    };
    Some(match cleaned {
        Cow::Owned(o) if o == c => Cow::Borrowed(c),
        other => other,
    })
}

/// Step 1: `type="<class>"` → `type="<m2 class, \ doubled>"` for mapped classes.
fn replace_types<'a>(
    c: &'a [u8],
    lookup: &dyn Fn(&str) -> Option<Option<String>>,
) -> Cow<'a, [u8]> {
    const OPEN: &[u8] = b"type=\"";
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&c[from..], OPEN) {
        let name_at = from + p + OPEN.len();
        let Some(len) = memchr::memchr(b'"', &c[name_at..]) else {
            break;
        };
        let name = &c[name_at..name_at + len];
        from = name_at + len;
        let Some(to) = std::str::from_utf8(name).ok().and_then(lookup) else {
            continue;
        };
        let o = out.get_or_insert_with(|| Vec::with_capacity(c.len() + 64));
        o.extend_from_slice(&c[copied..name_at]);
        for b in to.unwrap_or_default().bytes() {
            if b == b'\\' {
                o.push(b'\\');
            }
            o.push(b);
        }
        copied = name_at + len;
    }
    match out {
        None => Cow::Borrowed(c),
        Some(mut o) => {
            o.extend_from_slice(&c[copied..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(name: &str) -> Option<Option<String>> {
        match name {
            "cms/widget_page_link" => Some(Some(r"Magento\Cms\Block\Widget\Page\Link".into())),
            "catalog/product_widget_new" => Some(Some(
                r"Magento\Catalog\Block\Product\Widget\NewWidget".into(),
            )),
            "gone/widget" => Some(None),
            _ => None,
        }
    }

    fn run(s: &str) -> String {
        String::from_utf8(placeholder(Some(s.as_bytes()), &map).unwrap().into_owned()).unwrap()
    }

    #[test]
    fn rewrites_types_and_templates_and_drops_unknown_widgets() {
        assert_eq!(
            run(
                r#"<p>{{widget type="cms/widget_page_link" template="cms/widget/link/link_block.phtml" page_id="2"}}</p>"#
            ),
            r#"<p>{{widget type="Magento\\Cms\\Block\\Widget\\Page\\Link" template="widget/link/link_block.phtml" page_id="2"}}</p>"#
        );
        assert_eq!(
            run(
                r#"a {{widget type="enterprise/banner" x="1"}} b {{widget type="catalog/product_widget_new" products_count="5"}}"#
            ),
            r#"a  b {{widget type="Magento\\Catalog\\Block\\Product\\Widget\\NewWidget" products_count="5"}}"#
        );
        assert_eq!(
            run(r#"{{block type="core/template" template="page/html/x.phtml"}}"#),
            r#"{{block type="core/template" template="html/x.phtml"}}"#
        );
        assert_eq!(
            run(r#"{{widget type="gone/widget" a="1"}}"#),
            r#"{{widget type="" a="1"}}"#
        );
        // No directive: nothing changes, not even types.
        let plain = r#"<div type="cms/widget_page_link">{{media url="x"}}</div>"#;
        assert!(matches!(
            placeholder(Some(plain.as_bytes()), &map),
            Some(Cow::Borrowed(_))
        ));
        // A directive split over lines does not count as one.
        let split = "{{widget type=\"a/b\"\n}}";
        assert_eq!(run(split), split);
        assert_eq!(placeholder(None, &map), None);
    }
}
