//! Secrets at rest (CRM tokens): sealed with AES-256-GCM under a key from the environment, the
//! key's id stored beside each value so keys can be rotated without re-sealing everything at once.

use std::fmt;

use aws_lc_rs::aead::{AES_256_GCM, Aad, Nonce, RandomizedNonceKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};

/// The keys secrets are sealed with (`CRM_TOKEN_KEYS`: `id:base64-of-32-bytes`, comma-separated).
///
/// The first key seals; every key opens, so a new key is put first and the old one kept until
/// every value has been sealed again (each feed is re-sealed the next time it refreshes or is
/// reconnected).
pub struct KeyRing {
    keys: Vec<(String, RandomizedNonceKey)>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("KeyRing").field("ids", &ids).finish()
    }
}

/// A sealed value and the id of the key that sealed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The key's id.
    pub key_id: String,
    /// Nonce followed by ciphertext and tag.
    pub bytes: Vec<u8>,
}

/// Why a value could not be opened or a key ring built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    /// The ring has no key with this id (it was removed too early).
    #[error("no key with id {0:?}")]
    UnknownKey(String),
    /// Tampered with, sealed for another row, or under another key with the same id.
    #[error("the sealed value does not open")]
    Corrupt,
    /// The key list is unusable.
    #[error("{0}")]
    BadKeys(String),
}

const NONCE_LEN: usize = 12;

impl KeyRing {
    /// Parses `id:base64,id:base64`.
    pub fn parse(raw: &SecretString) -> Result<Self, SealError> {
        let mut keys = Vec::new();
        for entry in raw.expose_secret().split(',').map(str::trim) {
            if entry.is_empty() {
                continue;
            }
            let (id, b64) = entry.split_once(':').ok_or_else(|| {
                SealError::BadKeys("each key is written id:base64 (32 bytes)".into())
            })?;
            let id = id.trim();
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(SealError::BadKeys(
                    "a key id is letters, digits and dashes".into(),
                ));
            }
            if keys.iter().any(|(k, _)| k == id) {
                return Err(SealError::BadKeys(format!("key id {id:?} appears twice")));
            }
            let bytes = STANDARD
                .decode(b64.trim())
                .map_err(|_| SealError::BadKeys(format!("key {id:?} is not base64")))?;
            if bytes.len() != 32 {
                return Err(SealError::BadKeys(format!(
                    "key {id:?} is {} bytes, not 32",
                    bytes.len()
                )));
            }
            let key = RandomizedNonceKey::new(&AES_256_GCM, &bytes)
                .map_err(|_| SealError::BadKeys(format!("key {id:?} is unusable")))?;
            keys.push((id.to_owned(), key));
        }
        if keys.is_empty() {
            return Err(SealError::BadKeys("no key given".into()));
        }
        Ok(Self { keys })
    }

    /// A ring of one fresh random key (the sandbox and tests).
    pub fn generate(id: &str) -> Result<Self, SealError> {
        let bytes: [u8; 32] = rand::random();
        Self::parse(&SecretString::from(format!(
            "{id}:{}",
            STANDARD.encode(bytes)
        )))
    }

    /// Seals `plain` for the row `context` (the label id): a value copied onto another row does
    /// not open there.
    pub fn seal(&self, plain: &[u8], context: &[u8]) -> Result<Sealed, SealError> {
        let (id, key) = self
            .keys
            .first()
            .ok_or(SealError::UnknownKey(String::new()))?;
        let mut in_out = plain.to_vec();
        let nonce = key
            .seal_in_place_append_tag(Aad::from(context), &mut in_out)
            .map_err(|_| SealError::Corrupt)?;
        let mut bytes = nonce.as_ref().to_vec();
        bytes.extend_from_slice(&in_out);
        Ok(Sealed {
            key_id: id.clone(),
            bytes,
        })
    }

    /// Opens a value sealed by [`KeyRing::seal`] for `context`.
    pub fn open(&self, sealed: &Sealed, context: &[u8]) -> Result<Vec<u8>, SealError> {
        let (_, key) = self
            .keys
            .iter()
            .find(|(id, _)| *id == sealed.key_id)
            .ok_or_else(|| SealError::UnknownKey(sealed.key_id.clone()))?;
        let (nonce, cipher) = sealed
            .bytes
            .split_at_checked(NONCE_LEN)
            .ok_or(SealError::Corrupt)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::Corrupt)?;
        let mut in_out = cipher.to_vec();
        let plain = key
            .open_in_place(nonce, Aad::from(context), &mut in_out)
            .map_err(|_| SealError::Corrupt)?;
        Ok(plain.to_vec())
    }

    /// Whether `sealed` is under the current key (otherwise it is re-sealed when next written).
    pub fn is_current(&self, sealed: &Sealed) -> bool {
        self.keys
            .first()
            .is_some_and(|(id, _)| *id == sealed.key_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(spec: &str) -> KeyRing {
        KeyRing::parse(&SecretString::from(spec.to_owned())).unwrap_or_else(|e| panic!("{e}"))
    }

    const K1: &str = "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const K2: &str = "k2:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    #[test]
    fn sealed_values_open_for_their_row_only() {
        let r = ring(K1);
        let sealed = r
            .seal(b"token", b"label-1")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sealed.key_id, "k1");
        assert!(!sealed.bytes.windows(5).any(|w| w == b"token"));
        assert_eq!(r.open(&sealed, b"label-1"), Ok(b"token".to_vec()));
        assert_eq!(r.open(&sealed, b"label-2"), Err(SealError::Corrupt));
        let mut tampered = sealed.clone();
        if let Some(b) = tampered.bytes.last_mut() {
            *b ^= 1;
        }
        assert_eq!(r.open(&tampered, b"label-1"), Err(SealError::Corrupt));
    }

    #[test]
    fn keys_rotate_new_first_old_still_opens() {
        let old = ring(K1).seal(b"t", b"c").unwrap_or_else(|e| panic!("{e}"));
        let rotated = ring(&format!("{K2},{K1}"));
        assert_eq!(rotated.open(&old, b"c"), Ok(b"t".to_vec()));
        assert!(!rotated.is_current(&old));
        let new = rotated.seal(b"t", b"c").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(new.key_id, "k2");
        assert_eq!(
            ring(K1).open(&new, b"c"),
            Err(SealError::UnknownKey("k2".into()))
        );
    }

    #[test]
    fn bad_key_lists_are_refused_with_a_reason() {
        for bad in [
            "",
            "nocolon",
            "k1:notbase64!",
            "k1:AAAA",
            &format!("{K1},{K1}"),
            "bad id:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        ] {
            assert!(
                KeyRing::parse(&SecretString::from(bad.to_owned())).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_shows_ids_never_keys() {
        let shown = format!("{:?}", ring(K1));
        assert!(shown.contains("k1") && !shown.contains("AAAA"), "{shown}");
    }
}
