//! Stand-in for Google's ID-token issuer: signs RS256 tokens with local keys and publishes them
//! as a JWK set, exactly in Google's format, so the production verifier checks them unchanged.

use std::sync::RwLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::{Value, json};

/// Issuer Google writes in `iss`.
pub const ISSUER: &str = "https://accounts.google.com";
/// Lifetime of minted tokens, as Google's.
pub const TOKEN_LIFETIME_SECONDS: u64 = 3600;

struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    jwk: Value,
    public_pem: String,
}

/// A token issuer with one current key and, after rotations, older keys still published.
pub struct Issuer {
    keys: RwLock<Vec<SigningKey>>,
    key_set_fetches: AtomicUsize,
}

/// A sandbox Google account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxUser {
    /// Email address.
    pub email: String,
    /// Workspace domain, if any.
    pub hd: Option<String>,
}

impl SandboxUser {
    /// A user in a Workspace domain (the email's domain).
    pub fn workspace(email: &str) -> Self {
        let hd = email.rsplit_once('@').map(|(_, d)| d.to_owned());
        Self {
            email: email.to_owned(),
            hd,
        }
    }

    /// A personal Google account registered with `email`, whatever its domain: no `hd`. With a
    /// company's address this is a "conflicting account", which Google does not vouch for.
    pub fn personal(email: &str) -> Self {
        Self {
            email: email.to_owned(),
            hd: None,
        }
    }

    /// Google's numeric account id, derived from the email so it is stable across restarts. A
    /// personal account with a non-Gmail address is another account than the Workspace one.
    pub fn sub(&self) -> String {
        use sha2::{Digest, Sha256};
        let email = self.email.to_lowercase();
        let conflicting = self.hd.is_none() && !email.ends_with("@gmail.com");
        let seed = if conflicting {
            format!("personal:{email}")
        } else {
            email
        };
        let digest = Sha256::digest(seed.as_bytes());
        let mut n: u128 = 0;
        for b in digest.iter().take(9) {
            n = (n << 8) | u128::from(*b);
        }
        format!("1{:020}", n % 100_000_000_000_000_000_000)
    }
}

impl Issuer {
    /// An issuer with one freshly generated 2048-bit key.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            keys: RwLock::new(vec![generate_key()?]),
            key_set_fetches: AtomicUsize::new(0),
        })
    }

    /// Generates a new key that signs from now on; earlier keys stay published, as Google does.
    pub fn rotate(&self) -> anyhow::Result<String> {
        let key = generate_key()?;
        let kid = key.kid.clone();
        self.keys
            .write()
            .map_err(|_| anyhow::anyhow!("issuer lock poisoned"))?
            .push(key);
        Ok(kid)
    }

    /// The published JWK set; counts the fetch.
    pub fn key_set(&self) -> Value {
        self.key_set_fetches.fetch_add(1, Ordering::SeqCst);
        let keys = self
            .keys
            .read()
            .map(|k| k.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        json!({ "keys": keys })
    }

    /// How many times the key set was fetched.
    pub fn key_set_fetches(&self) -> usize {
        self.key_set_fetches.load(Ordering::SeqCst)
    }

    /// The current key's id.
    pub fn current_kid(&self) -> String {
        self.keys
            .read()
            .ok()
            .and_then(|k| k.last().map(|k| k.kid.clone()))
            .unwrap_or_default()
    }

    /// The current public key as PEM (tests forge HS256 tokens with it).
    pub fn public_key_pem(&self) -> String {
        self.keys
            .read()
            .ok()
            .and_then(|k| k.last().map(|k| k.public_pem.clone()))
            .unwrap_or_default()
    }

    /// Signs `claims` with the current key and a `kid` header, like Google.
    pub fn sign(&self, claims: &impl Serialize) -> anyhow::Result<String> {
        let keys = self
            .keys
            .read()
            .map_err(|_| anyhow::anyhow!("issuer lock poisoned"))?;
        let key = keys.last().context("issuer has no key")?;
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, claims, &key.encoding).context("Failed to sign a token")
    }

    /// The system ID token Google sends in `Authorization` for a call to `audience`.
    pub fn system_token(
        &self,
        audience: &str,
        service_account_email: &str,
    ) -> anyhow::Result<String> {
        let now = now();
        self.sign(&json!({
            "iss": ISSUER, "aud": audience, "azp": service_account_email,
            "sub": format!("1{:020}", 42), "email": service_account_email, "email_verified": true,
            "iat": now, "exp": now + TOKEN_LIFETIME_SECONDS,
        }))
    }

    /// The user's ID token (`userIdToken`) for the add-on's OAuth client.
    pub fn user_token(&self, client_id: &str, user: &SandboxUser) -> anyhow::Result<String> {
        let now = now();
        let mut claims = json!({
            "iss": ISSUER, "aud": client_id, "azp": client_id, "sub": user.sub(),
            "email": user.email, "email_verified": true, "iat": now, "exp": now + TOKEN_LIFETIME_SECONDS,
        });
        if let (Some(hd), Some(map)) = (&user.hd, claims.as_object_mut()) {
            map.insert("hd".into(), json!(hd));
        }
        self.sign(&claims)
    }
}

/// A fresh 2048-bit RSA key: the pair, its private key as PKCS#8 PEM and its public key as PEM.
pub(crate) fn generate_rsa() -> anyhow::Result<(KeyPair, String, String)> {
    let pair = KeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| anyhow::anyhow!("RSA key generation failed"))?;
    let pkcs8 = pair
        .as_der()
        .map_err(|_| anyhow::anyhow!("RSA key export failed"))?;
    let spki = pair
        .public_key()
        .as_der()
        .map_err(|_| anyhow::anyhow!("RSA public key export failed"))?;
    let (private_pem, public_pem) = (
        pem("PRIVATE KEY", pkcs8.as_ref()),
        pem("PUBLIC KEY", spki.as_ref()),
    );
    Ok((pair, private_pem, public_pem))
}

fn generate_key() -> anyhow::Result<SigningKey> {
    let (pair, private_pem, public_pem) = generate_rsa()?;
    let encoding = EncodingKey::from_rsa_pem(private_pem.as_bytes())
        .context("Failed to load the generated key")?;
    let public = pair.public_key();
    let kid = format!("{:032x}", rand::random::<u128>());
    let jwk = json!({
        "kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
        "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
        "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
    });
    Ok(SigningKey {
        kid,
        encoding,
        jwk,
        public_pem,
    })
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// Seconds since the epoch.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
