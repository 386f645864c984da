//! The state hash's encoding: a value's serde form in postcard's compact binary format, streamed
//! straight into SHA-256 through a small buffer (no copy of the whole encoding is ever held).
//!
//! Why it is the same on every platform (native x86_64 and wasm32 alike):
//! * serde hands a `usize` to the format as a `u64` (and `isize` as `i64`), and postcard writes
//!   sequence lengths as the varint of their value: the bytes depend on the value only, never on
//!   the width of `usize`.
//! * Integers are LEB128 varints of their value (signed ones zigzagged first), floats the
//!   little-endian bytes of their bits (so `-0.0`, infinities and every NaN payload hash apart),
//!   strings and sequences their length then their contents, struct fields in declaration order
//!   without names, enum variants their index.
//! * postcard's wire format is specified and stable for 1.x (`postcard` docs, "Wire format").
//!
//! Varints rather than fixed-width integers because most of the state is small or zero
//! integers: on `mainnet-scale` the ledger's 1.9 million balances are 92% zero, and a fixed-width
//! encoding of the world is 41 MB against 11 MB here (30 MB as JSON); hashing bytes is what the
//! state hash costs in WebAssembly. For the same reason the ledger's account names (append-only,
//! 3.6 MB on mainnet-scale) encode here as their number and a digest kept until the next account
//! opens (`ledger::Names`).

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Bytes gathered before they go to the hasher: large enough that SHA-256 runs on long runs of
/// blocks, small enough to stay in cache.
const CHUNK: usize = 16 * 1024;

/// A postcard output that feeds SHA-256.
struct HashSink {
    hasher: Sha256,
    buf: Vec<u8>,
    len: u64,
}

impl HashSink {
    fn new() -> Self {
        HashSink {
            hasher: Sha256::new(),
            buf: Vec::with_capacity(CHUNK),
            len: 0,
        }
    }

    fn drain(&mut self) {
        self.hasher.update(&self.buf);
        self.len += self.buf.len() as u64;
        self.buf.clear();
    }
}

impl postcard::ser_flavors::Flavor for HashSink {
    type Output = ([u8; 32], u64);

    #[inline]
    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        if self.buf.len() == CHUNK {
            self.drain();
        }
        self.buf.push(data);
        Ok(())
    }

    #[inline]
    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        if self.buf.len() + data.len() > CHUNK {
            self.drain();
            if data.len() >= CHUNK {
                self.hasher.update(data);
                self.len += data.len() as u64;
                return Ok(());
            }
        }
        self.buf.extend_from_slice(data);
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<Self::Output> {
        self.drain();
        Ok((self.hasher.finalize().into(), self.len))
    }
}

/// SHA-256 of `value`'s encoding (module doc), and the number of bytes hashed.
///
/// # Panics
/// If `value`'s `Serialize` cannot be written by postcard: a sequence or map of unknown length
/// (`serialize_seq(None)`, `#[serde(flatten)]`), which no state type uses.
pub fn sha256_of<T: Serialize + ?Sized>(value: &T) -> ([u8; 32], u64) {
    postcard::serialize_with_flavor(value, HashSink::new())
        .expect("state types serialise with known lengths")
}

/// The encoding [`sha256_of`] hashes, as bytes (for tests and inspection).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("state types serialise with known lengths")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of a `usize` are those of the same value as a `u64` (a varint of the value),
    /// so a 32-bit target hashes what a 64-bit one does.
    #[test]
    fn usize_encodes_as_its_value() {
        assert_eq!(encode(&300usize), encode(&300u64));
        assert_eq!(encode(&300usize), [0xac, 0x02]);
        assert_eq!(encode(&(u32::MAX as usize)), encode(&u64::from(u32::MAX)));
        // A sequence's length too.
        assert_eq!(encode(&vec![7u8; 3]), [3, 7, 7, 7]);
    }

    /// Floats are their bits: signed zeros, infinities and NaNs each hash apart (JSON wrote
    /// `null` for every non-finite float).
    #[test]
    fn floats_are_their_bits() {
        assert_eq!(encode(&1.5f64), 1.5f64.to_bits().to_le_bytes());
        assert_ne!(encode(&0.0f64), encode(&-0.0f64));
        assert_ne!(encode(&f64::INFINITY), encode(&f64::NAN));
        assert_ne!(encode(&f64::INFINITY), encode(&f64::NEG_INFINITY));
    }

    /// The wire format pinned on a value with every kind of field the state uses: a change of
    /// the encoding (a postcard release, a feature) fails here before it changes every hash.
    #[test]
    fn encoding_is_pinned() {
        #[derive(Serialize)]
        enum Kind {
            #[allow(dead_code)]
            A,
            B(u32),
        }
        #[derive(Serialize)]
        struct S {
            small: u64,
            wei: u128,
            neg: i64,
            flag: bool,
            name: String,
            none: Option<u16>,
            kind: Kind,
            ratio: f64,
        }
        let s = S {
            small: 1,
            wei: 1_000_000_000_000_000_000,
            neg: -2,
            flag: true,
            name: "ab".into(),
            none: None,
            kind: Kind::B(128),
            ratio: 0.5,
        };
        let mut want = vec![1];
        want.extend([0x80, 0x80, 0x90, 0xbb, 0xba, 0xd6, 0xad, 0xf0, 0x0d]); // 1e18, LEB128
        want.extend([3]); // -2 zigzagged
        want.extend([1, 2, b'a', b'b', 0, 1, 0x80, 0x01]);
        want.extend(0.5f64.to_bits().to_le_bytes());
        assert_eq!(encode(&s), want);
        let (digest, len) = sha256_of(&s);
        assert_eq!(len, want.len() as u64);
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(&want)));
    }

    /// Streaming through the buffer hashes exactly the encoding, across chunk boundaries and
    /// for pieces longer than a chunk.
    #[test]
    fn streaming_equals_hashing_the_encoding() {
        let value = (
            (0..50_000u128)
                .map(|i| i * i * 1_000_003)
                .collect::<Vec<_>>(),
            "x".repeat(3 * CHUNK + 5),
            vec![u8::MAX; CHUNK - 1],
        );
        let bytes = encode(&value);
        assert!(bytes.len() > 4 * CHUNK);
        let (digest, len) = sha256_of(&value);
        assert_eq!(len, bytes.len() as u64);
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(&bytes)));
    }
}
