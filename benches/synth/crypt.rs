//! Magento 1's encryption of configuration secrets and card numbers
//! (`Mage_Core_Model_Encryption::encrypt` over `Varien_Crypt_Mcrypt`): Blowfish in ECB mode
//! (mcrypt's `blowfish`, big-endian, the standard cipher) under the store's crypt key from
//! `app/etc/local.xml`, the plain text padded with NUL bytes to a multiple of 8 bytes, and
//! the cipher text base64-encoded. Decryption reverses it and drops the trailing NULs.
//!
//! The generated store uses the fixed test key [`CRYPT_KEY`]; give it to a migration as the
//! Magento 1 key (`--crypt-key`) to decrypt the values.

use blowfish::Blowfish;
use blowfish::cipher::{Block, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};

/// The Magento 1 crypt key of every generated store (`<crypt><key>` in local.xml): 32
/// hex digits, as Magento's installer makes them. A test key, not a secret.
pub const CRYPT_KEY: &str = "6d31746f6d3273796e746865746963ff";

/// A Blowfish key schedule, made once (it costs a few microseconds).
pub struct Crypt {
    bf: Blowfish,
    buf: Vec<u8>,
}

impl Crypt {
    pub fn new(key: &str) -> Crypt {
        // mcrypt uses at most 56 key bytes; Magento's keys are 32.
        let k = &key.as_bytes()[..key.len().min(56)];
        Crypt {
            bf: Blowfish::new_from_slice(k).expect("a key of 4 to 56 bytes"),
            buf: Vec::new(),
        }
    }

    /// Appends base64(Blowfish-ECB(NUL-padded `plain`)) to `out`. Empty text stays empty, as
    /// Magento stores it.
    pub fn encrypt_into(&mut self, out: &mut Vec<u8>, plain: &[u8]) {
        if plain.is_empty() {
            return;
        }
        self.buf.clear();
        self.buf.extend_from_slice(plain);
        while !self.buf.len().is_multiple_of(8) {
            self.buf.push(0);
        }
        for block in self.buf.chunks_exact_mut(8) {
            let b: &mut Block<Blowfish> = block.try_into().expect("8 bytes");
            self.bf.encrypt_block(b);
        }
        super::fmt::base64_into(out, &self.buf);
    }

    /// Decrypts a value [`Crypt::encrypt_into`] made (for tests): base64, Blowfish, trailing
    /// NULs dropped.
    pub fn decrypt(&self, b64: &[u8]) -> Option<Vec<u8>> {
        let mut bytes = base64_decode(b64)?;
        if !bytes.len().is_multiple_of(8) {
            return None;
        }
        for block in bytes.chunks_exact_mut(8) {
            let b: &mut Block<Blowfish> = block.try_into().ok()?;
            self.bf.decrypt_block(b);
        }
        while bytes.last() == Some(&0) {
            bytes.pop();
        }
        Some(bytes)
    }
}

fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    for q in s.chunks(4) {
        if q.len() != 4 {
            return None;
        }
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}
