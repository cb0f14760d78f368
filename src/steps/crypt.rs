//! Encrypted values: Magento 1 ciphertexts decrypted with the Magento 1 key and encrypted
//! again the way Magento 2 does, with the Magento 2 key. The nonce of each new ciphertext is
//! derived from the key, the column and the plaintext (see `handlers::crypt`), so the same
//! input gives the same output bytes.

use super::Context;
use crate::handlers::crypt::{self, M1Crypt, M2Encryptor};
use anyhow::{Result, anyhow};
use std::sync::Arc;

/// Both keys, ready to use.
pub struct Keys {
    pub m1: M1Crypt,
    pub m2: M2Encryptor,
}

impl Keys {
    /// The keys of the run; `None` when either key was not given.
    pub fn from_ctx(ctx: &Context) -> Result<Option<Arc<Keys>>> {
        let (Some(k1), Some(k2)) = (
            ctx.opts.crypt_key.as_deref(),
            ctx.opts.m2_crypt_key.as_deref(),
        ) else {
            return Ok(None);
        };
        let m1 =
            M1Crypt::new(k1.as_bytes()).map_err(|e| anyhow!("the Magento 1 crypt key: {e:?}"))?;
        let m2 = M2Encryptor::new(k2).map_err(|e| anyhow!("the Magento 2 crypt key: {e:?}"))?;
        Ok(Some(Arc::new(Keys { m1, m2 })))
    }
}

/// Re-encrypts one value of `context` (e.g. `core_config_data:payment/x/password`).
pub fn reencrypt(ctx: &Context, value: Option<&[u8]>, context: &str) -> Result<Option<Vec<u8>>> {
    let Some(v) = value else { return Ok(None) };
    if v.is_empty() || v == b"0" {
        return Ok(Some(v.to_vec()));
    }
    let Some(keys) = Keys::from_ctx(ctx)? else {
        return Err(anyhow!(
            "an encrypted value needs the keys: give --crypt-key (Magento 1, app/etc/local.xml) and --m2-crypt-key (Magento 2, app/etc/env.php); the value is kept as it was"
        ));
    };
    let nonce = keys.m2.derived_nonce(context.as_bytes());
    crypt::encrypt(Some(v), &keys.m1, &keys.m2, &nonce)
        .map(|r| r.map(|c| c.into_owned()))
        .map_err(|e| anyhow!("the value does not decrypt with the Magento 1 key ({e:?})"))
}
