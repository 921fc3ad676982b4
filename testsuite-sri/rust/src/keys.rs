//! Authority keys on the command line: 64 hex digits, or the reference implementation's
//! base58check text form (public key = `01 00` version prefix then the 32-byte x-only key; secret
//! key = the raw 32 bytes).

use crate::{Failure, Result};
use secp256k1::hashes::{sha256d, Hash};
use secp256k1::{Keypair, Secp256k1, SecretKey};

const BASE58_ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const PUBLIC_KEY_VERSION: [u8; 2] = [0x01, 0x00];

/// Parses an authority public key (x-only, 32 bytes) from hex or base58check text.
pub fn parse_authority_public_key(text: &str) -> Result<[u8; 32]> {
    let bytes = if is_hex(text) {
        decode_hex(text)?
    } else {
        let payload = decode_base58check(text)?;
        match payload.strip_prefix(&PUBLIC_KEY_VERSION[..]) {
            Some(key) => key.to_vec(),
            None => {
                return Err(Failure::usage(
                    "authority public key: base58check payload must start with version 01 00",
                ))
            }
        }
    };
    let key: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
        Failure::usage(format!(
            "authority public key: expected 32 bytes, got {}",
            b.len()
        ))
    })?;
    secp256k1::XOnlyPublicKey::from_slice(&key)
        .map_err(|_| Failure::usage("authority public key: not an x-only secp256k1 point"))?;
    Ok(key)
}

/// Parses an authority secret key and returns it with its x-only public key.
pub fn parse_authority_secret_key(text: &str) -> Result<([u8; 32], [u8; 32])> {
    let bytes = if is_hex(text) {
        decode_hex(text)?
    } else {
        decode_base58check(text)?
    };
    let secret = SecretKey::from_slice(&bytes)
        .map_err(|_| Failure::usage("authority secret key: not a valid 32-byte secret key"))?;
    let keypair = Keypair::from_secret_key(&Secp256k1::signing_only(), &secret);
    Ok((
        secret.secret_bytes(),
        keypair.x_only_public_key().0.serialize(),
    ))
}

/// Lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn decode_hex(text: &str) -> Result<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&text[i..i + 2], 16)
                .map_err(|_| Failure::usage(format!("'{text}' is not hex")))
        })
        .collect()
}

/// Base58 decoding followed by the 4-byte double-SHA-256 checksum check.
fn decode_base58check(text: &str) -> Result<Vec<u8>> {
    let invalid = |why: &str| {
        Failure::usage(format!(
            "key '{text}' is neither 64 hex digits nor base58check: {why}"
        ))
    };
    let mut big_endian: Vec<u8> = Vec::new();
    for c in text.bytes() {
        let digit = BASE58_ALPHABET
            .iter()
            .position(|&a| a == c)
            .ok_or_else(|| invalid("character outside the base58 alphabet"))?;
        let mut carry = digit as u32;
        for byte in big_endian.iter_mut().rev() {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            big_endian.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let leading_zeros = text.bytes().take_while(|&c| c == b'1').count();
    let mut decoded = vec![0u8; leading_zeros];
    decoded.extend(big_endian);
    if decoded.len() < 4 {
        return Err(invalid("too short"));
    }
    let (payload, checksum) = decoded.split_at(decoded.len() - 4);
    if sha256d::Hash::hash(payload).as_byte_array()[..4] != *checksum {
        return Err(invalid("checksum mismatch"));
    }
    Ok(payload.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The reference implementation's example authority public key (its pool config examples).
    const EXAMPLE_PUBLIC: &str = "9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72";

    #[test]
    fn base58check_public_key_decodes_to_its_x_only_key() {
        let key = parse_authority_public_key(EXAMPLE_PUBLIC).unwrap();
        let hex = to_hex(&key);
        assert_eq!(parse_authority_public_key(&hex).unwrap(), key);
    }

    #[test]
    fn corrupted_base58check_is_refused() {
        let mut corrupted = EXAMPLE_PUBLIC.to_owned();
        corrupted.replace_range(5..6, "X");
        assert!(parse_authority_public_key(&corrupted).is_err());
    }

    #[test]
    fn secret_key_yields_its_public_key() {
        let secret = "0000000000000000000000000000000000000000000000000000000000000003";
        let (_, public) = parse_authority_secret_key(secret).unwrap();
        // x-coordinate of 3G (BIP340 test vector 0's public key).
        assert_eq!(
            to_hex(&public),
            "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"
        );
    }
}
