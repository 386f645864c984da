//! The state hash's encoder: a serde `Serializer` that writes postcard's wire format (the
//! parent module's doc) straight into a buffer that feeds BLAKE3, byte for byte what
//! `postcard::to_allocvec` writes (tested against it), without postcard's per-value slices:
//! every varint and short piece is written in place into room kept at the buffer's end, so a
//! value costs a few stores. In wasm32 the first state hash of mainnet-scale spent more time in
//! postcard's calls (each small piece a `memory.copy`, a call out of the module in V8) than
//! in the hash function.

use std::cell::RefCell;
use std::fmt::{self, Display};

use serde::ser::{self, Serialize};

/// Bytes gathered before they go to the hasher: large enough that the hasher runs on long
/// inputs, small enough to stay in cache.
pub(super) const CHUNK: usize = 16 * 1024;

/// Room kept past `CHUNK`: the longest varint (19 bytes, a `u128`) or short piece is written
/// there without a check of its own.
const ROOM: usize = 32;

thread_local! {
    /// Buffers of finished sinks, for the next one (a digest nested in another's encoding takes
    /// a second): no 16 KiB allocation per chunk digested.
    static SPARE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// The encoding's destination: a buffer drained into BLAKE3.
pub(super) struct Sink {
    hasher: blake3::Hasher,
    /// `buf[..pos]` waits for the hasher; `buf.len()` is `CHUNK + ROOM`.
    buf: Vec<u8>,
    pos: usize,
    /// Bytes hashed so far.
    len: u64,
}

impl Sink {
    pub(super) fn new() -> Self {
        let buf = SPARE
            .with(|s| s.borrow_mut().pop())
            .unwrap_or_else(|| vec![0; CHUNK + ROOM]);
        Sink {
            hasher: blake3::Hasher::new(),
            buf,
            pos: 0,
            len: 0,
        }
    }

    fn drain(&mut self) {
        self.hasher.update(&self.buf[..self.pos]);
        self.len += self.pos as u64;
        self.pos = 0;
    }

    /// The BLAKE3 digest of everything written, and its length in bytes.
    pub(super) fn finish(mut self) -> ([u8; 32], u64) {
        self.drain();
        let buf = std::mem::take(&mut self.buf);
        SPARE.with(|s| s.borrow_mut().push(buf));
        (*self.hasher.finalize().as_bytes(), self.len)
    }

    /// `ROOM` writable bytes at `pos`, after draining a full buffer.
    #[inline(always)]
    fn room(&mut self) -> &mut [u8; ROOM] {
        if self.pos > CHUNK {
            self.drain();
        }
        let pos = self.pos;
        (&mut self.buf[pos..pos + ROOM])
            .try_into()
            .expect("ROOM bytes")
    }

    #[inline(always)]
    fn byte(&mut self, b: u8) {
        self.room()[0] = b;
        self.pos += 1;
    }

    /// LEB128: 7 bits a byte, least significant first, the top bit set on all but the last.
    #[inline(always)]
    fn varint(&mut self, v: u64) {
        let end = leb128(self.room(), 0, v);
        self.pos += end;
    }

    /// [`Sink::varint`] of a `u128`: while it does not fit 64 bits, its low 63 bits as 9 bytes
    /// (each with the top bit set: more follow), then the 64-bit loop.
    #[inline]
    fn varint128(&mut self, mut v: u128) {
        let room = self.room();
        let mut i = 0;
        while v >> 64 != 0 {
            let mut low = v as u64;
            for b in &mut room[i..i + 9] {
                *b = low as u8 | 0x80;
                low >>= 7;
            }
            v >>= 63;
            i += 9;
        }
        let end = leb128(room, i, v as u64);
        self.pos += end;
    }

    /// Raw bytes: short ones by a few fixed-size moves into the room (a `memcpy` of a variable
    /// length is a `memory.copy` in wasm32), long ones through [`Sink::long`].
    #[inline(always)]
    fn bytes(&mut self, data: &[u8]) {
        if data.len() <= ROOM {
            copy_short(self.room(), data);
            self.pos += data.len();
        } else {
            self.long(data);
        }
    }

    #[cold]
    fn long(&mut self, data: &[u8]) {
        self.drain();
        if data.len() >= CHUNK {
            self.hasher.update(data);
            self.len += data.len() as u64;
        } else {
            self.buf[..data.len()].copy_from_slice(data);
            self.pos = data.len();
        }
    }
}

/// Writes `v` in LEB128 into `room` from byte `i` on; returns the index past its last byte.
#[inline(always)]
fn leb128(room: &mut [u8; ROOM], mut i: usize, mut v: u64) -> usize {
    while v >= 0x80 {
        room[i] = v as u8 | 0x80;
        v >>= 7;
        i += 1;
    }
    room[i] = v as u8;
    i + 1
}

/// Copies `src` (at most `ROOM` bytes) to the start of `dst` with fixed-size moves: two
/// overlapping ones of the largest power of two not above its length.
#[inline(always)]
fn copy_short(dst: &mut [u8; ROOM], src: &[u8]) {
    let n = src.len();
    if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 16..n].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else if n > 0 {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

/// A value the encoding cannot write: a sequence or map of unknown length, or a type's own
/// serialisation error.
#[derive(Debug)]
pub struct EncodeError(String);

impl Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EncodeError {}

impl ser::Error for EncodeError {
    fn custom<T: Display>(msg: T) -> Self {
        EncodeError(msg.to_string())
    }
}

type Done = Result<(), EncodeError>;

/// Postcard's zigzag: small magnitudes of either sign become small unsigned values.
#[inline(always)]
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn known(len: Option<usize>) -> Result<u64, EncodeError> {
    len.map(|n| n as u64)
        .ok_or_else(|| EncodeError("a sequence or map of unknown length".into()))
}

impl ser::Serializer for &mut Sink {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Done {
        self.byte(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.byte(v as u8);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.varint(zigzag(v.into()));
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.varint(zigzag(v.into()));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.varint(zigzag(v));
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.varint128(((v << 1) ^ (v >> 127)) as u128);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.byte(v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.varint(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.varint128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.bytes(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.bytes(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Done {
        self.serialize_bytes(v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.varint(v.len() as u64);
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.byte(0);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Done {
        self.byte(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Done {
        self.varint(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Done {
        self.varint(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, EncodeError> {
        self.varint(known(len)?);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, EncodeError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, EncodeError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, EncodeError> {
        self.varint(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, EncodeError> {
        self.varint(known(len)?);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, EncodeError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, EncodeError> {
        // Its index, as a tuple variant's.
        ser::Serializer::serialize_tuple_variant(self, name, index, variant, len)
    }
    fn collect_str<T: ?Sized + Display>(self, value: &T) -> Done {
        self.serialize_str(&value.to_string())
    }
}

/// The compound serialisers: each element, field, key or value written in turn, nothing
/// around them (lengths and variant indices were written when the compound began).
macro_rules! compound {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Sink {
            type Ok = ();
            type Error = EncodeError;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                Ok(())
            }
        }
    };
    ($trait:ident, $method:ident, named) => {
        impl ser::$trait for &mut Sink {
            type Ok = ();
            type Error = EncodeError;
            fn $method<T: ?Sized + Serialize>(&mut self, _: &'static str, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);
compound!(SerializeStruct, serialize_field, named);
compound!(SerializeStructVariant, serialize_field, named);

impl ser::SerializeMap for &mut Sink {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use arbitrary::{Arbitrary, Unstructured};
    use proptest::prelude::*;
    use serde::Serialize;

    use super::super::{encode, hash_of};
    use super::{CHUNK, ROOM};

    /// The reference: BLAKE3 of what postcard itself writes, and its length.
    fn reference<T: Serialize + ?Sized>(value: &T) -> ([u8; 32], u64) {
        let bytes = encode(value);
        (*blake3::hash(&bytes).as_bytes(), bytes.len() as u64)
    }

    #[derive(Arbitrary, Serialize)]
    enum Kind {
        Unit,
        Newtype(u128),
        Tuple(i16, char),
        Struct { a: i128, b: Option<Box<Kind>> },
    }

    /// Every kind of serde value, nested: what the encoder must write as postcard does.
    #[derive(Arbitrary, Serialize)]
    struct Rich {
        flags: (bool, u8, i8),
        small: (u16, u32, u64, usize),
        signed: (i16, i32, i64, isize, i128),
        wide: Vec<u128>,
        floats: (f32, f64),
        text: (String, char, Vec<String>),
        #[serde(with = "serde_bytes_like")]
        raw: Vec<u8>,
        maybe: Option<Option<u64>>,
        kinds: Vec<Kind>,
        map: BTreeMap<u32, (String, Option<i64>)>,
        unit: (),
        array: [u8; 5],
    }

    /// `raw` through `serialize_bytes`, as a byte string.
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Random values of every serde kind encode as postcard writes them.
        #[test]
        fn encodes_what_postcard_writes(bytes in proptest::collection::vec(any::<u8>(), 0..3_000)) {
            let mut u = Unstructured::new(&bytes);
            if let Ok(value) = Rich::arbitrary(&mut u) {
                prop_assert_eq!(hash_of(&value), reference(&value));
            }
        }

        /// Pieces of every short length and some long ones, in any order, cross the buffer's
        /// end at every offset: the digest is that of their concatenation.
        #[test]
        fn pieces_cross_the_buffer_end(lens in proptest::collection::vec(0usize..(2 * ROOM + 8), 1..2_000), long in 0usize..3) {
            let mut pieces: Vec<String> = lens.iter().map(|&n| "abcdefghij".repeat(n).chars().take(n).collect()).collect();
            pieces.push("y".repeat(long * CHUNK + 7));
            prop_assert_eq!(hash_of(&pieces), reference(&pieces));
        }
    }

    /// Varints at every width: each power of two, one below and one above, signed and unsigned.
    #[test]
    fn varints_at_every_width() {
        let mut wide: Vec<u128> = vec![0, u128::MAX];
        for k in 0..128 {
            let p = 1u128 << k;
            wide.extend([p - 1, p, p + 1]);
        }
        let signed: Vec<i128> = wide
            .iter()
            .flat_map(|&v| [v as i128, (v as i128).wrapping_neg()])
            .collect();
        let narrow: Vec<(u64, i64, u32, i32, u16, i16)> = wide
            .iter()
            .map(|&v| (v as u64, v as i64, v as u32, v as i32, v as u16, v as i16))
            .collect();
        assert_eq!(hash_of(&wide), reference(&wide));
        assert_eq!(hash_of(&signed), reference(&signed));
        assert_eq!(hash_of(&narrow), reference(&narrow));
    }

    /// A sequence of unknown length cannot be written (postcard refuses it too).
    #[test]
    fn unknown_lengths_are_refused() {
        struct Unknown;
        impl Serialize for Unknown {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                s.serialize_seq(None)?.end()
            }
        }
        let mut sink = super::Sink::new();
        assert!(Unknown.serialize(&mut sink).is_err());
        assert!(postcard::to_allocvec(&Unknown).is_err());
    }
}
