//! The handlers settings.xml names, on one configuration value: Settings\UrlSuffix,
//! Settings\CategoryRootId, Settings\Template, SerializeToJson and Encrypt.

use super::Context;
use crate::mapping::map::HandlerSpec;
use crate::mapping::wiring::short_class;

/// The new value of the setting at `path` (`value` is Magento 1's, `current` Magento 2's
/// for the same scope and path, if any).
pub fn apply(
    ctx: &Context,
    spec: &HandlerSpec,
    path: &str,
    value: Option<&[u8]>,
    current: Option<&[u8]>,
    warn: &mut Vec<String>,
) -> Result<Option<Vec<u8>>, String> {
    let own = |v: Option<&[u8]>| v.map(<[u8]>::to_vec);
    match short_class(&spec.class) {
        "Settings\\UrlSuffix" => {
            Ok(crate::handlers::settings::url_suffix(value).map(|c| c.into_owned()))
        }
        "Settings\\CategoryRootId" => Ok(own(crate::handlers::settings::category_root_id(value))),
        "Settings\\Template" => Ok(own(crate::handlers::settings::template(value, current))),
        "SerializeToJson" => {
            let c = crate::handlers::serialize_to_json::serialize_to_json(value);
            match c.outcome {
                crate::handlers::serialize_to_json::Outcome::Broken(_)
                    if !spec
                        .param("suppressWarning")
                        .is_some_and(|s| s == "true" || s == "1") =>
                {
                    warn.push(format!("Could not unserialize data of core_config_data.value with record id {path} (written as NULL)"));
                    Ok(None)
                }
                _ => Ok(c.value.map(|v| v.into_owned())),
            }
        }
        "Encrypt" => {
            crate::steps::crypt::reencrypt(ctx, value, &format!("core_config_data:{path}"))
                .map_err(|e| format!("{e}"))
        }
        other => Err(format!(
            "settings.xml names the handler {other}, which m1tom2 does not have for settings"
        )),
    }
}
