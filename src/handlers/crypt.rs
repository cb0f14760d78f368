//! Encrypted values: Magento 1's (read, and written for fixtures) and Magento 2's
//! (written, and read back), and DMT's `Encrypt` handler that turns one into the other.
//!
//! # Magento 1 (`Mage_Core_Model_Encryption` over `Varien_Crypt_Mcrypt`)
//! `base64(Blowfish-ECB(key, data padded with NUL bytes to a multiple of 8))`, with the
//! `<crypt><key>` of `app/etc/local.xml` used as the Blowfish key as it is (1 to 56 bytes;
//! mcrypt's Blowfish takes any length, and a key of 1–3 bytes repeats, which is what
//! Blowfish's key schedule does with it anyway). Magento 1 decrypts with
//! `str_replace("\0", '', trim(decrypt(base64_decode($data))))`.
//!
//! # DMT's `Encrypt` handler (`Migration\Handler\Encrypt`, `Handler\Settings\Encrypt`)
//! A non-empty value that splits on `:` into 4 parts (`<a>:<b>:<iv>:<data>`) is decrypted
//! with Rijndael-128 (AES) in CBC mode, the third part taken as the IV bytes as they are
//! (it must be 16 bytes: Magento's `Crypt` throws otherwise) and the Magento 1 key padded
//! with NUL bytes to 16, 24 or 32 bytes (mcrypt's key sizes; a key above 32 bytes is an
//! error). Any other value is Magento 1's Blowfish form. The data is base64-decoded as PHP's
//! lenient `base64_decode` does, decrypted, stripped of trailing NULs and `trim`med, and
//! encrypted again with Magento 2's encryptor. An empty value (`""`, `"0"`, `NULL`) is
//! left alone.
//!
//! # Magento 2 (2.3+: `Magento\Framework\Encryption\Encryptor::encrypt`)
//! `<keyVersion>:3:<base64(nonce . ciphertext . tag)>` where
//! - `3` is `CIPHER_AEAD_CHACHA20POLY1305`, through the `SodiumChachaIetf` adapter:
//!   libsodium's `crypto_aead_chacha20poly1305_ietf` (RFC 8439 ChaCha20-Poly1305, not the
//!   XChaCha variant), 12-byte nonce, 16-byte tag after the ciphertext, and the nonce itself
//!   as the additional authenticated data;
//! - the key is the `crypt/key` string of `app/etc/env.php` used as raw bytes (it must be
//!   exactly 32 bytes: Magento's 32-character keys), or, for keys that start with `base64`
//!   (Magento 2.4.7+), the base64-decoding of the rest;
//! - `crypt/key` may hold several keys separated by whitespace (key rotation): the last one
//!   encrypts, and `<keyVersion>` is its 0-based index.
//!
//! # Nonces
//! Magento draws the nonce from `random_bytes`. A migration that must give the same bytes on
//! every run takes its nonces from a [`NonceSource`] instead. [`M2Encryptor::derived_nonce`]
//! derives each nonce as `HMAC-SHA256(k_n, len(context) ‖ context ‖ plaintext)[..12]`, with
//! `k_n = HMAC-SHA256(key, "m1tom2 nonce key v1")` and `len` a 64-bit big-endian count. The
//! same (key, context, plaintext) always gives the same value; two different plaintexts
//! share a nonce only on a 96-bit collision, so ChaCha20-Poly1305 never sees a nonce reused
//! with different data. The price is that equal plaintexts under the same context give equal
//! ciphertexts: pass a context that names the column and the row (for example
//! `core_config_data.value#<config_id>`) to avoid that.

use std::borrow::Cow;
use std::fmt;

use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::php::php_trim;

/// Why a value could not be encrypted or decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptError {
    /// The Magento 1 key is empty or longer than its cipher allows (56 bytes for Blowfish,
    /// 32 for Rijndael-128).
    M1Key(usize),
    /// The Magento 2 key is not 32 bytes (after base64 decoding for `base64…` keys).
    M2Key(usize),
    /// The IV of an `a:b:iv:data` value is not 16 bytes.
    IvLength(usize),
    /// A Magento 2 value of a form other than `<version>:3:<base64>` (older ciphers are not
    /// written by Magento 2.3+ and not needed here).
    Unsupported(String),
    /// The key version names no configured key.
    NoKey(usize),
    /// The tag does not match: wrong key, or damaged data.
    Authentication,
}

impl fmt::Display for CryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CryptError::M1Key(n) => write!(
                f,
                "the Magento 1 crypt key is {n} bytes; it must be 1 to 56 (32 for Rijndael values)"
            ),
            CryptError::M2Key(n) => write!(
                f,
                "the Magento 2 crypt key is {n} bytes; libsodium needs exactly 32"
            ),
            CryptError::IvLength(n) => write!(
                f,
                "the value's initialization vector is {n} bytes; Rijndael-128 needs 16"
            ),
            CryptError::Unsupported(what) => write!(f, "unsupported encrypted value: {what}"),
            CryptError::NoKey(v) => write!(f, "no Magento 2 key with version {v}"),
            CryptError::Authentication => {
                f.write_str("the value does not decrypt with this key (authentication failed)")
            }
        }
    }
}

impl std::error::Error for CryptError {}

// ---- base64 as PHP does it ------------------------------------------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// PHP's `base64_encode`.
pub fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// PHP's non-strict `base64_decode`: bytes outside the alphabet (and `=` anywhere) are
/// skipped; a trailing group of fewer than 4 characters gives the whole bytes it holds.
pub fn base64_decode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in data {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

// ---- Magento 1 ------------------------------------------------------------------------

/// Magento 1's key: encrypts and decrypts as Magento 1 does, and decrypts as DMT does.
#[derive(Clone)]
pub struct M1Crypt {
    blowfish: blowfish::Blowfish,
    key: Vec<u8>,
}

impl fmt::Debug for M1Crypt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("M1Crypt { .. }")
    }
}

impl M1Crypt {
    /// The `<crypt><key>` of Magento 1's `local.xml`, 1 to 56 bytes.
    pub fn new(key: &[u8]) -> Result<M1Crypt, CryptError> {
        if key.is_empty() || key.len() > 56 {
            return Err(CryptError::M1Key(key.len()));
        }
        // Blowfish cycles through the key bytes; a 1–3 byte key repeated gives the same
        // schedule and meets the cipher crate's minimum of 4 bytes.
        let mut k = key.to_vec();
        while k.len() < 4 {
            k.extend_from_slice(key);
        }
        let blowfish =
            blowfish::Blowfish::new_from_slice(&k).map_err(|_| CryptError::M1Key(key.len()))?;
        Ok(M1Crypt {
            blowfish,
            key: key.to_vec(),
        })
    }

    /// `Mage_Core_Model_Encryption::encrypt`: base64 of Blowfish-ECB over the data padded
    /// with NULs to 8 bytes. Empty data gives an empty string.
    pub fn encrypt(&self, data: &[u8]) -> String {
        if data.is_empty() {
            return String::new();
        }
        let mut buf = data.to_vec();
        buf.resize(data.len().div_ceil(8) * 8, 0);
        for block in buf.chunks_exact_mut(8) {
            let block: &mut aes::cipher::Block<blowfish::Blowfish> =
                block.try_into().expect("8-byte block");
            self.blowfish.encrypt_block(block);
        }
        base64_encode(&buf)
    }

    /// Blowfish-ECB decryption of base64 `data` (lenient), NUL-padded to whole blocks as
    /// mcrypt does; padding is left for the caller to trim.
    fn blowfish_decrypt(&self, data: &[u8]) -> Vec<u8> {
        let mut buf = base64_decode(data);
        if buf.is_empty() {
            return buf;
        }
        buf.resize(buf.len().div_ceil(8) * 8, 0);
        for block in buf.chunks_exact_mut(8) {
            let block: &mut aes::cipher::Block<blowfish::Blowfish> =
                block.try_into().expect("8-byte block");
            self.blowfish.decrypt_block(block);
        }
        buf
    }

    /// `Mage_Core_Model_Encryption::decrypt`: trims and removes every NUL byte.
    pub fn decrypt(&self, data: &[u8]) -> Vec<u8> {
        let plain = self.blowfish_decrypt(data);
        php_trim(&plain)
            .iter()
            .copied()
            .filter(|&b| b != 0)
            .collect()
    }

    /// The plaintext DMT's `Encrypt` handler gets from a Magento 1 value (see the module
    /// docs): Rijndael-128-CBC for `a:b:iv:data`, Blowfish-ECB otherwise; then trailing
    /// NULs are stripped and the result `trim`med.
    pub fn decrypt_for_migration(&self, value: &[u8]) -> Result<Vec<u8>, CryptError> {
        let mut parts = value.splitn(4, |&b| b == b':');
        let (a, b, iv, data) = (parts.next(), parts.next(), parts.next(), parts.next());
        let plain = match (a, b, iv, data) {
            (Some(_), Some(_), Some(iv), Some(data)) => self.rijndael_cbc_decrypt(iv, data)?,
            _ => self.blowfish_decrypt(value),
        };
        let end = plain.iter().rposition(|&b| b != 0).map_or(0, |e| e + 1);
        Ok(php_trim(&plain[..end]).to_vec())
    }

    fn rijndael_cbc_decrypt(&self, iv: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptError> {
        let iv: [u8; 16] = iv.try_into().map_err(|_| CryptError::IvLength(iv.len()))?;
        let mut key = self.key.clone();
        let size = match key.len() {
            0..=16 => 16,
            17..=24 => 24,
            25..=32 => 32,
            n => return Err(CryptError::M1Key(n)),
        };
        key.resize(size, 0);
        let mut buf = base64_decode(data);
        if buf.is_empty() {
            return Ok(buf);
        }
        buf.resize(buf.len().div_ceil(16) * 16, 0);
        let decrypt: &dyn Fn(&mut aes::Block) = match size {
            16 => &|b| aes::Aes128::new_from_slice(&key).unwrap().decrypt_block(b),
            24 => &|b| aes::Aes192::new_from_slice(&key).unwrap().decrypt_block(b),
            _ => &|b| aes::Aes256::new_from_slice(&key).unwrap().decrypt_block(b),
        };
        let mut prev = iv;
        for block in buf.chunks_exact_mut(16) {
            let this: [u8; 16] = block.try_into().expect("16-byte block");
            let b: &mut aes::Block = block.try_into().expect("16-byte block");
            decrypt(b);
            for (x, p) in block.iter_mut().zip(prev) {
                *x ^= p;
            }
            prev = this;
        }
        Ok(buf)
    }

    /// Encrypts in the `a:b:iv:data` form DMT decrypts with Rijndael-128-CBC (for tests and
    /// fixtures): `<a>:<b>:<iv>:<base64 ciphertext>`, data NUL-padded to 16 bytes.
    pub fn encrypt_rijndael_cbc(
        &self,
        prefix: (&str, &str),
        iv: &[u8; 16],
        data: &[u8],
    ) -> Result<String, CryptError> {
        let mut key = self.key.clone();
        let size = match key.len() {
            0..=16 => 16,
            17..=24 => 24,
            25..=32 => 32,
            n => return Err(CryptError::M1Key(n)),
        };
        key.resize(size, 0);
        let mut buf = data.to_vec();
        buf.resize(data.len().div_ceil(16) * 16, 0);
        let encrypt: &dyn Fn(&mut aes::Block) = match size {
            16 => &|b| aes::Aes128::new_from_slice(&key).unwrap().encrypt_block(b),
            24 => &|b| aes::Aes192::new_from_slice(&key).unwrap().encrypt_block(b),
            _ => &|b| aes::Aes256::new_from_slice(&key).unwrap().encrypt_block(b),
        };
        let mut prev = *iv;
        for block in buf.chunks_exact_mut(16) {
            for (x, p) in block.iter_mut().zip(prev) {
                *x ^= p;
            }
            let b: &mut aes::Block = block.try_into().expect("16-byte block");
            encrypt(b);
            prev.copy_from_slice(block);
        }
        let iv = String::from_utf8_lossy(iv);
        Ok(format!(
            "{}:{}:{}:{}",
            prefix.0,
            prefix.1,
            iv,
            base64_encode(&buf)
        ))
    }
}

// ---- Magento 2 ------------------------------------------------------------------------

/// Where the 12-byte ChaCha20-Poly1305 nonce of each encryption comes from.
pub trait NonceSource {
    fn nonce(&self, plaintext: &[u8]) -> [u8; 12];
}

/// A fixed nonce (tests only: never encrypt two different values with one nonce).
impl NonceSource for [u8; 12] {
    fn nonce(&self, _: &[u8]) -> [u8; 12] {
        *self
    }
}

/// Nonces derived from the key, a context and the plaintext (see the module docs).
#[derive(Clone)]
pub struct DerivedNonce<'c> {
    key: [u8; 32],
    context: &'c [u8],
}

impl NonceSource for DerivedNonce<'_> {
    fn nonce(&self, plaintext: &[u8]) -> [u8; 12] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key size");
        mac.update(&(self.context.len() as u64).to_be_bytes());
        mac.update(self.context);
        mac.update(plaintext);
        let tag = mac.finalize().into_bytes();
        let mut n = [0u8; 12];
        n.copy_from_slice(&tag[..12]);
        n
    }
}

/// Magento 2's encryptor for the `crypt/key` of `env.php`.
#[derive(Clone)]
pub struct M2Encryptor {
    keys: Vec<Vec<u8>>,
    version: usize,
    cipher: ChaCha20Poly1305,
    nonce_key: [u8; 32],
}

impl fmt::Debug for M2Encryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "M2Encryptor {{ key_version: {}, .. }}", self.version)
    }
}

/// A key as Magento 2 uses it: `base64…` keys are decoded (2.4.7+).
fn decode_m2_key(key: &str) -> Vec<u8> {
    match key.strip_prefix("base64") {
        Some(rest) => base64_decode(rest.as_bytes()),
        None => key.as_bytes().to_vec(),
    }
}

impl M2Encryptor {
    /// From `crypt/key`: whitespace-separated keys, the last one current.
    pub fn new(crypt_key: &str) -> Result<M2Encryptor, CryptError> {
        let keys: Vec<Vec<u8>> = crypt_key.split_whitespace().map(decode_m2_key).collect();
        let Some(current) = keys.last() else {
            return Err(CryptError::M2Key(0));
        };
        let key: [u8; 32] = current
            .as_slice()
            .try_into()
            .map_err(|_| CryptError::M2Key(current.len()))?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key size");
        mac.update(b"m1tom2 nonce key v1");
        let mut nonce_key = [0u8; 32];
        nonce_key.copy_from_slice(&mac.finalize().into_bytes());
        Ok(M2Encryptor {
            version: keys.len() - 1,
            cipher: ChaCha20Poly1305::new(&Key::from(key)),
            keys,
            nonce_key,
        })
    }

    /// The version written in front of new values: the index of the current key.
    pub fn key_version(&self) -> usize {
        self.version
    }

    /// Nonces derived from `context` and each plaintext (see the module docs).
    pub fn derived_nonce<'c>(&self, context: &'c [u8]) -> DerivedNonce<'c> {
        DerivedNonce {
            key: self.nonce_key,
            context,
        }
    }

    /// `Encryptor::encrypt($data)`: `<keyVersion>:3:<base64(nonce ‖ ciphertext ‖ tag)>`.
    pub fn encrypt(&self, data: &[u8], nonce: &dyn NonceSource) -> String {
        let n = nonce.nonce(data);
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(n), Payload { msg: data, aad: &n })
            .expect("ChaCha20-Poly1305 takes any message below 256 GiB");
        let mut raw = Vec::with_capacity(12 + sealed.len());
        raw.extend_from_slice(&n);
        raw.extend_from_slice(&sealed);
        format!("{}:3:{}", self.version, base64_encode(&raw))
    }

    /// `Encryptor::decrypt($data)` for values Magento 2.3+ writes: `<version>:3:<base64>`,
    /// with the key of that version. Like Magento, the plaintext is `trim`med; unlike
    /// Magento, a failure is an error rather than an empty string.
    pub fn decrypt(&self, value: &[u8]) -> Result<Vec<u8>, CryptError> {
        let mut parts = value.splitn(4, |&b| b == b':');
        let (Some(version), Some(cipher), Some(data), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CryptError::Unsupported(
                "not of the form <key version>:3:<base64>".into(),
            ));
        };
        if cipher != b"3" {
            return Err(CryptError::Unsupported(format!(
                "cipher version {}",
                String::from_utf8_lossy(cipher)
            )));
        }
        let version = std::str::from_utf8(version)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .ok_or_else(|| CryptError::Unsupported("a key version that is not a number".into()))?;
        let key = self.keys.get(version).ok_or(CryptError::NoKey(version))?;
        let key: &[u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| CryptError::M2Key(key.len()))?;
        let raw = base64_decode(data);
        if raw.len() < 12 + 16 {
            return Err(CryptError::Authentication);
        }
        let (n, sealed) = raw.split_at(12);
        let cipher = ChaCha20Poly1305::new(&Key::from(*key));
        let plain = cipher
            .decrypt(
                &Nonce::try_from(n).expect("12 bytes"),
                Payload {
                    msg: sealed,
                    aad: n,
                },
            )
            .map_err(|_| CryptError::Authentication)?;
        Ok(php_trim(&plain).to_vec())
    }
}

/// DMT's `Encrypt` handler (and `Settings\Encrypt`): a Magento 1 encrypted value becomes
/// the same secret encrypted for Magento 2. `NULL`, `""` and `"0"` are left alone (PHP's
/// `if (!$value) return;`).
pub fn encrypt<'a>(
    value: Option<&'a [u8]>,
    m1: &M1Crypt,
    m2: &M2Encryptor,
    nonce: &dyn NonceSource,
) -> Result<Option<Cow<'a, [u8]>>, CryptError> {
    match value {
        None => Ok(None),
        Some(v) if v.is_empty() || v == b"0" => Ok(Some(Cow::Borrowed(v))),
        Some(v) => {
            let plain = m1.decrypt_for_migration(v)?;
            Ok(Some(Cow::Owned(m2.encrypt(&plain, nonce).into_bytes())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_phps() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_decode(b"Zm9vYmFy"), b"foobar");
        // Lenient: junk and padding anywhere are skipped; a partial group gives its bytes.
        assert_eq!(base64_decode(b"Zm9v\nYm=Fy!"), b"foobar");
        assert_eq!(base64_decode(b"Zg"), b"f");
        assert_eq!(base64_decode(b"Z"), b"");
        assert_eq!(base64_decode(b"!!"), b"");
    }

    #[test]
    fn blowfish_matches_the_published_test_vectors() {
        // Eric Young's variable-key vectors: key F0E1D2C3B4A5968778695A4B3C2D1E0F0011223344556677
        // truncated to n bytes, plaintext FEDCBA9876543210.
        let key = [
            0xF0, 0xE1, 0xD2, 0xC3, 0xB4, 0xA5, 0x96, 0x87, 0x78, 0x69, 0x5A, 0x4B, 0x3C, 0x2D,
            0x1E, 0x0F, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        ];
        let expect: [(usize, u64); 6] = [
            (1, 0xF9AD597C49DB005E),
            (2, 0xE91D21C1D961A6D6),
            (3, 0xE9C2B70A1BC65CF3),
            (4, 0xBE1E639408640F05),
            (16, 0x93142887EE3BE15C),
            (24, 0x05044B62FA52D080),
        ];
        for (n, ct) in expect {
            let m1 = M1Crypt::new(&key[..n]).unwrap();
            let enc = base64_decode(m1.encrypt(&0xFEDCBA9876543210u64.to_be_bytes()).as_bytes());
            assert_eq!(enc, ct.to_be_bytes(), "key length {n}");
        }
    }

    #[test]
    fn m1_round_trips_and_trims_as_magento() {
        let m1 = M1Crypt::new(b"0123456789abcdef0123456789abcdef").unwrap();
        for s in [
            &b"x"[..],
            b"secret",
            b"eight888",
            b"nine 9999",
            b" padded \n",
        ] {
            let e = m1.encrypt(s);
            assert_eq!(m1.decrypt(e.as_bytes()), php_trim(s));
            assert_eq!(m1.decrypt_for_migration(e.as_bytes()).unwrap(), php_trim(s));
        }
        assert_eq!(m1.encrypt(b""), "");
        // Magento 1 removes NULs everywhere; DMT only at the end.
        let e = m1.encrypt(b"a\0b");
        assert_eq!(m1.decrypt(e.as_bytes()), b"ab");
        assert_eq!(m1.decrypt_for_migration(e.as_bytes()).unwrap(), b"a\0b");
        assert!(M1Crypt::new(b"").is_err());
        assert!(M1Crypt::new(&[b'k'; 57]).is_err());
    }

    #[test]
    fn rijndael_form_round_trips() {
        let m1 = M1Crypt::new(b"0123456789abcdef0123456789abcdef").unwrap();
        let iv = *b"abcdefghijklmnop";
        let v = m1
            .encrypt_rijndael_cbc(("0", "1"), &iv, b"4111111111111111")
            .unwrap();
        assert!(v.starts_with("0:1:abcdefghijklmnop:"));
        assert_eq!(
            m1.decrypt_for_migration(v.as_bytes()).unwrap(),
            b"4111111111111111"
        );
        assert_eq!(
            m1.decrypt_for_migration(b"0:2:shortiv:AAAA"),
            Err(CryptError::IvLength(7))
        );
    }

    #[test]
    fn m2_values_round_trip_with_derived_nonces() {
        let m2 =
            M2Encryptor::new("old-key-old-key-old-key-old-key!\n 0123456789abcdef0123456789abcdef")
                .unwrap();
        assert_eq!(m2.key_version(), 1);
        let n = m2.derived_nonce(b"core_config_data.value#7");
        let a = m2.encrypt(b"api-password", &n);
        assert!(a.starts_with("1:3:"));
        assert_eq!(a, m2.encrypt(b"api-password", &n), "deterministic");
        assert_ne!(a, m2.encrypt(b"api-password", &m2.derived_nonce(b"other")));
        assert_eq!(m2.decrypt(a.as_bytes()).unwrap(), b"api-password");
        let mut bad = a.clone().into_bytes();
        let mid = 4 + (bad.len() - 4) / 2;
        bad[mid] = if bad[mid] == b'A' { b'B' } else { b'A' };
        assert_eq!(m2.decrypt(&bad), Err(CryptError::Authentication));
        assert!(M2Encryptor::new("short").is_err());
        // 2.4.7+ keys: "base64" + base64 of 32 bytes.
        let k = format!("base64{}", base64_encode(&[7u8; 32]));
        let m2b = M2Encryptor::new(&k).unwrap();
        let v = m2b.encrypt(b"x", &[1u8; 12]);
        assert_eq!(m2b.decrypt(v.as_bytes()).unwrap(), b"x");
    }

    #[test]
    fn the_handler_reencrypts_and_skips_empty_values() {
        let m1 = M1Crypt::new(b"m1key").unwrap();
        let m2 = M2Encryptor::new("0123456789abcdef0123456789abcdef").unwrap();
        let n = m2.derived_nonce(b"t.c#1");
        assert_eq!(encrypt(None, &m1, &m2, &n).unwrap(), None);
        assert_eq!(
            encrypt(Some(b"0"), &m1, &m2, &n).unwrap().as_deref(),
            Some(&b"0"[..])
        );
        let v = m1.encrypt(b"hunter2");
        let out = encrypt(Some(v.as_bytes()), &m1, &m2, &n).unwrap().unwrap();
        assert_eq!(m2.decrypt(&out).unwrap(), b"hunter2");
    }
}
