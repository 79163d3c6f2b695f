//! Personal data at rest (PIPL art. 51, GB/T 35273 §6.3): ID and phone numbers are stored only
//! encrypted with AES-256-GCM, plus a keyed hash (HMAC-SHA256, a "blind index") that lets the
//! database enforce "one person, one roster" and find a worker by ID number without holding it.

use crate::secrets::SecretKeys;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// What a stored value is; bound into both the ciphertext (as associated data) and the index,
/// so a phone ciphertext cannot be passed off as an ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiiKind {
    IdNumber,
    Phone,
    /// A whole ledger row, hashed to tell an unchanged re-import from a changed one.
    LedgerRow,
}

impl PiiKind {
    fn label(self) -> &'static [u8] {
        match self {
            PiiKind::IdNumber => b"id_number",
            PiiKind::Phone => b"phone",
            PiiKind::LedgerRow => b"ledger_row",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("stored value is not in the v1 format")]
    Format,
    #[error("stored value does not decrypt with this key (wrong key or tampered)")]
    Decrypt,
}

/// Version tag of the stored format: `v1.<nonce hex>.<ciphertext+tag hex>`.
const FORMAT: &str = "v1";

#[derive(Clone)]
pub struct PiiVault {
    cipher: Aes256Gcm,
    index_key: [u8; 32],
}

impl PiiVault {
    pub fn new(keys: &SecretKeys) -> Self {
        Self {
            cipher: Aes256Gcm::new(&keys.pii_encryption_key.into()),
            index_key: keys.blind_index_key,
        }
    }

    /// Encrypts with a fresh random nonce; the same value encrypts differently every time.
    pub fn encrypt(&self, kind: PiiKind, plaintext: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: kind.label(),
        };
        // Encryption only fails for messages near 64 GiB; ours are a few bytes.
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), payload)
            .unwrap_or_default();
        format!("{FORMAT}.{}.{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// # Errors
    /// [`CryptoError`] when the value is malformed, tampered with or from another key.
    pub fn decrypt(&self, kind: PiiKind, stored: &str) -> Result<String, CryptoError> {
        let mut parts = stored.split('.');
        let (Some(FORMAT), Some(nonce), Some(sealed), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CryptoError::Format);
        };
        let nonce: [u8; 12] = hex::decode(nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(CryptoError::Format)?;
        let sealed = hex::decode(sealed).map_err(|_| CryptoError::Format)?;
        let payload = Payload {
            msg: &sealed,
            aad: kind.label(),
        };
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), payload)
            .map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Decrypt)
    }

    /// The keyed hash of a normalised value: equal values give equal indexes, and without the
    /// key the index reveals nothing (ID numbers are too few to hash without one).
    pub fn blind_index(&self, kind: PiiKind, normalised: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.index_key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(kind.label());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault(seed: u8) -> PiiVault {
        PiiVault::new(&SecretKeys {
            pii_encryption_key: [seed; 32],
            blind_index_key: [seed.wrapping_add(1); 32],
            audit_chain_key: [seed.wrapping_add(2); 32],
        })
    }

    #[test]
    fn a_value_round_trips_and_never_appears_in_clear() {
        let v = vault(7);
        let stored = v.encrypt(PiiKind::IdNumber, "11010519491231002X");
        assert!(!stored.contains("11010519491231002X"));
        assert!(!stored.contains(&hex::encode("11010519491231002X")));
        assert_eq!(
            v.decrypt(PiiKind::IdNumber, &stored).unwrap(),
            "11010519491231002X"
        );
    }

    #[test]
    fn the_same_value_encrypts_differently_each_time_but_indexes_the_same() {
        let v = vault(7);
        assert_ne!(
            v.encrypt(PiiKind::Phone, "13812345678"),
            v.encrypt(PiiKind::Phone, "13812345678")
        );
        assert_eq!(
            v.blind_index(PiiKind::Phone, "13812345678"),
            v.blind_index(PiiKind::Phone, "13812345678")
        );
        assert_ne!(
            v.blind_index(PiiKind::Phone, "13812345678"),
            v.blind_index(PiiKind::IdNumber, "13812345678")
        );
    }

    #[test]
    fn tampering_another_key_or_another_kind_fails_to_decrypt() {
        let v = vault(7);
        let stored = v.encrypt(PiiKind::IdNumber, "11010519491231002X");
        assert_eq!(
            vault(8).decrypt(PiiKind::IdNumber, &stored),
            Err(CryptoError::Decrypt)
        );
        assert_eq!(
            v.decrypt(PiiKind::Phone, &stored),
            Err(CryptoError::Decrypt)
        );
        let mut tampered = stored.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_eq!(
            v.decrypt(PiiKind::IdNumber, &tampered),
            Err(CryptoError::Decrypt)
        );
        assert_eq!(
            v.decrypt(PiiKind::IdNumber, "plain text"),
            Err(CryptoError::Format)
        );
    }

    #[test]
    fn the_index_depends_on_the_key() {
        assert_ne!(
            vault(1).blind_index(PiiKind::IdNumber, "11010519491231002X"),
            vault(2).blind_index(PiiKind::IdNumber, "11010519491231002X")
        );
    }
}
