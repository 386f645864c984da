//! The state hash's encoding: a value's serde form in postcard's compact binary format, streamed
//! by postcard straight into BLAKE3 through a small buffer (a postcard `Flavor`; no copy of the
//! whole encoding is ever held), and the containers that keep the digests of their own parts
//! beside them so that a hash of a world that barely changed hashes only what changed
//! ([`Chunked`], [`Runs`], [`Digested`]).
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
//! state hash costs in WebAssembly.
//!
//! BLAKE3 rather than SHA-256 (used until 2026-12-07) because the first hash of a world hashes
//! everything (17 MB on mainnet-scale after a day of blocks) and WebAssembly has no SHA
//! instructions: 16 MB took 31.5-40 ms with `sha2` and 14 ms with `blake3` (portable code, no
//! SIMD) in node 20. Both are cryptographic: the hash commits to the whole state.
//!
//! **Digests kept beside the data.** The large parts of the state encode, in this binary form
//! only, as a 32-byte digest of their own encoding, built from digests of their parts:
//! [`Chunked`] (a list changed in place or at its end: the ledger's names, balances and groups,
//! by chunks of [`CHUNK_ITEMS`] items), [`Runs`] (a queue: runs of items with the same key, such
//! as the LRTs' redemption queues by claim block) and [`Digested`] (a list that rarely changes,
//! by chunks: the holders). The encoding is a function of the contents alone: a digest is computed on the
//! first hash that needs it and dropped by every change of what it covers, and the only way to
//! change the contents is through the container's own methods, which drop it. So a world that
//! never hashed, its clone, and one deserialised from JSON hash the same (tested). In JSON
//! (human-readable formats) each container is its plain contents, as before.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes gathered before they go to the hasher: large enough that BLAKE3 runs on long inputs,
/// small enough to stay in cache.
const CHUNK: usize = 16 * 1024;

/// Pieces up to this many bytes (every varint, most strings) are copied into the buffer by a
/// few fixed-size moves ([`copy_short`]) rather than a `memcpy` of their length, which wasm32
/// compiles to `memory.copy`: a call out of the module in V8 that cost more than hashing the
/// byte (28% of the first state hash's time in node, 2026-12-07).
const SHORT: usize = 32;

thread_local! {
    /// Buffers of finished sinks, for the next one (a digest nested in another's encoding takes
    /// a second): no 16 KiB allocation per chunk digested.
    static SPARE: RefCell<Vec<Box<[u8; CHUNK]>>> = const { RefCell::new(Vec::new()) };
}

/// A postcard output that feeds BLAKE3.
struct HashSink {
    hasher: blake3::Hasher,
    /// `buf[..pos]` waits for the hasher.
    buf: Box<[u8; CHUNK]>,
    pos: usize,
    /// Bytes hashed so far.
    len: u64,
}

impl HashSink {
    fn new() -> Self {
        let buf = SPARE
            .with(|s| s.borrow_mut().pop())
            .unwrap_or_else(|| Box::new([0; CHUNK]));
        HashSink {
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

    /// [`postcard::ser_flavors::Flavor::try_extend`] for pieces that are long or do not fit.
    #[cold]
    fn extend_long(&mut self, data: &[u8]) {
        if self.pos + data.len() > CHUNK {
            self.drain();
        }
        if data.len() >= CHUNK {
            self.hasher.update(data);
            self.len += data.len() as u64;
        } else {
            self.buf[self.pos..self.pos + data.len()].copy_from_slice(data);
            self.pos += data.len();
        }
    }
}

/// Copies `src` (at most [`SHORT`] bytes) to the start of `dst` with fixed-size moves: two
/// overlapping ones of the largest power of two not above its length.
#[inline(always)]
fn copy_short(dst: &mut [u8; SHORT], src: &[u8]) {
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

impl postcard::ser_flavors::Flavor for HashSink {
    type Output = ([u8; 32], u64);

    #[inline]
    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        if self.pos == CHUNK {
            self.drain();
        }
        self.buf[self.pos] = data;
        self.pos += 1;
        Ok(())
    }

    #[inline]
    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        match self.buf.get_mut(self.pos..self.pos + SHORT) {
            Some(dst) if data.len() <= SHORT => {
                copy_short(dst.try_into().expect("SHORT bytes"), data);
                self.pos += data.len();
            }
            _ => self.extend_long(data),
        }
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<Self::Output> {
        self.drain();
        SPARE.with(|s| s.borrow_mut().push(self.buf));
        Ok((*self.hasher.finalize().as_bytes(), self.len))
    }
}

/// BLAKE3 of `value`'s encoding (module doc), and the number of bytes hashed.
///
/// # Panics
/// If `value`'s `Serialize` cannot be written by postcard: a sequence or map of unknown length
/// (`serialize_seq(None)`, `#[serde(flatten)]`), which no state type uses.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> ([u8; 32], u64) {
    postcard::serialize_with_flavor(value, HashSink::new())
        .expect("state types serialise with known lengths")
}

/// The encoding [`hash_of`] hashes, as bytes (for tests and inspection).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("state types serialise with known lengths")
}

/// A BLAKE3 digest computed on first use and dropped when what it covers changes (the
/// containers below). Clones keep it (a clone has the same contents); it is never serialised.
type Slot = OnceLock<[u8; 32]>;

/// Items of a [`Chunked`] list per digested chunk: a change rehashes at most this many items
/// (a chunk of 256 ledger balances is ~0.5 KB of encoding) and the list's digest hashes one
/// 32-byte digest per chunk (21 KB for the 171,502 balances of one asset on mainnet-scale).
pub const CHUNK_ITEMS: usize = 256;

/// A list that is only appended to or changed in place, hashed by chunks of [`CHUNK_ITEMS`]
/// items, each chunk's digest kept until one of its items changes.
///
/// Encoding (binary formats): the 32-byte BLAKE3 of the encoding of the list of the chunks'
/// digests, a chunk's digest being BLAKE3 of the encoding of its items as a sequence (items
/// `k * CHUNK_ITEMS ..`). In JSON: the list. Reads go through `Deref<Target = [T]>`; writes
/// through [`Chunked::push`] and [`Chunked::get_mut`], which drop the digests they affect.
#[derive(Clone)]
pub struct Chunked<T> {
    items: Vec<T>,
    /// One per chunk of `items` (`items.len().div_ceil(CHUNK_ITEMS)` of them).
    chunks: Vec<Slot>,
    whole: Slot,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked::from_vec(Vec::new())
    }
}

impl<T> Chunked<T> {
    /// A list holding `items`, nothing digested yet.
    pub fn from_vec(items: Vec<T>) -> Self {
        let chunks = (0..items.len().div_ceil(CHUNK_ITEMS))
            .map(|_| Slot::new())
            .collect();
        Chunked {
            items,
            chunks,
            whole: Slot::new(),
        }
    }

    /// Appends `item`.
    pub fn push(&mut self, item: T) {
        let i = self.items.len();
        if i.is_multiple_of(CHUNK_ITEMS) {
            self.chunks.push(Slot::new());
        }
        self.items.push(item);
        self.touch(i);
    }

    /// Item `i` to change, or `None` past the end (then nothing is dropped).
    #[inline]
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i >= self.items.len() {
            return None;
        }
        self.touch(i);
        Some(&mut self.items[i])
    }

    /// Drops the digests that cover item `i`.
    #[inline]
    fn touch(&mut self, i: usize) {
        self.whole.take();
        self.chunks[i / CHUNK_ITEMS].take();
    }
}

impl<T: Serialize + Eq> Chunked<T> {
    /// The list's digest (type doc), computed from the chunks' kept digests and those of the
    /// chunks changed since. A full chunk of one repeated item (the chunks of zero balances:
    /// 6,687 of the 7,370 on mainnet-scale when built) is hashed once per call and its digest
    /// reused for the next such chunk of the same item (`Eq`: equal items encode alike).
    pub fn digest(&self) -> [u8; 32] {
        *self.whole.get_or_init(|| {
            let mut uniform: Option<(&T, [u8; 32])> = None;
            let parts: Vec<[u8; 32]> = self
                .items
                .chunks(CHUNK_ITEMS)
                .zip(&self.chunks)
                .map(|(items, slot)| {
                    *slot.get_or_init(|| {
                        let same =
                            items.len() == CHUNK_ITEMS && items.iter().all(|x| *x == items[0]);
                        match uniform {
                            Some((item, digest)) if same && *item == items[0] => digest,
                            _ => {
                                let digest = hash_of(items).0;
                                if same {
                                    uniform = Some((&items[0], digest));
                                }
                                digest
                            }
                        }
                    })
                })
                .collect();
            hash_of(&parts).0
        })
    }
}

impl<T> std::ops::Deref for Chunked<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

/// A queue of items hashed by *runs*: maximal stretches of consecutive items with the same
/// [`RunKey`], each run's digest kept until an item of it changes, leaves, or joins it. Suited to
/// a queue ordered by its key, pushed at the back and served near the front: a change rehashes
/// one run.
///
/// Encoding (binary formats): the 32-byte BLAKE3 of the encoding of the list of the runs'
/// digests, a run's digest being BLAKE3 of the encoding of its items as a sequence. The runs
/// are a function of the items (maximal runs of equal keys), whatever order of pushes and
/// removals produced them. In JSON: the items. Reads through `Deref<Target = VecDeque<T>>`;
/// writes through [`Runs::push_back`], [`Runs::remove`] and [`Runs::update`].
#[derive(Clone)]
pub struct Runs<T> {
    items: VecDeque<T>,
    /// The maximal runs of equal keys, in order; their lengths add up to `items.len()`.
    runs: VecDeque<Run>,
    whole: Slot,
}

/// One run of a [`Runs`] queue.
#[derive(Clone)]
struct Run {
    key: u64,
    len: usize,
    digest: Slot,
}

/// The key that groups a [`Runs`] queue's consecutive items for hashing.
pub trait RunKey {
    /// Items next to each other with equal keys are digested together.
    fn run_key(&self) -> u64;
}

impl<T> Default for Runs<T> {
    fn default() -> Self {
        Runs {
            items: VecDeque::new(),
            runs: VecDeque::new(),
            whole: Slot::new(),
        }
    }
}

impl<T: RunKey> Runs<T> {
    /// A queue holding `items`, nothing digested yet.
    pub fn from_deque(items: VecDeque<T>) -> Self {
        let mut runs: VecDeque<Run> = VecDeque::new();
        for item in &items {
            push_key(&mut runs, item.run_key());
        }
        Runs {
            items,
            runs,
            whole: Slot::new(),
        }
    }

    /// Appends `item` at the back.
    pub fn push_back(&mut self, item: T) {
        push_key(&mut self.runs, item.run_key());
        self.items.push_back(item);
        self.whole.take();
    }

    /// Removes and returns item `i`, or `None` past the end.
    pub fn remove(&mut self, i: usize) -> Option<T> {
        let item = self.items.remove(i)?;
        let r = self.run_of(i);
        self.runs[r].len -= 1;
        self.runs[r].digest.take();
        if self.runs[r].len == 0 {
            self.runs.remove(r);
            // The neighbours now touch: one run if their keys are equal.
            if r > 0 && r < self.runs.len() && self.runs[r - 1].key == self.runs[r].key {
                let next = self.runs.remove(r).expect("in range");
                self.runs[r - 1].len += next.len;
                self.runs[r - 1].digest.take();
            }
        }
        self.whole.take();
        Some(item)
    }

    /// Changes item `i` with `change` (nothing past the end). A change of its key rebuilds the
    /// runs.
    pub fn update(&mut self, i: usize, change: impl FnOnce(&mut T)) {
        let Some(item) = self.items.get_mut(i) else {
            return;
        };
        let key = item.run_key();
        change(item);
        if item.run_key() == key {
            let r = self.run_of(i);
            self.runs[r].digest.take();
            self.whole.take();
        } else {
            *self = Runs::from_deque(std::mem::take(&mut self.items));
        }
    }

    /// The run holding item `i` (`i` in range): a walk from the front, as changes are near it.
    fn run_of(&self, mut i: usize) -> usize {
        for (r, run) in self.runs.iter().enumerate() {
            if i < run.len {
                return r;
            }
            i -= run.len;
        }
        unreachable!("the runs cover every item")
    }
}

/// Adds an item of key `key` at the back of `runs`: to the last run, or as a new one.
fn push_key(runs: &mut VecDeque<Run>, key: u64) {
    match runs.back_mut() {
        Some(last) if last.key == key => {
            last.len += 1;
            last.digest.take();
        }
        _ => runs.push_back(Run {
            key,
            len: 1,
            digest: Slot::new(),
        }),
    }
}

impl<T: Serialize> Runs<T> {
    /// The queue's digest (type doc), from the runs' kept digests and those changed since.
    pub fn digest(&self) -> [u8; 32] {
        *self.whole.get_or_init(|| {
            let mut start = 0;
            let parts: Vec<[u8; 32]> = self
                .runs
                .iter()
                .map(|run| {
                    let range = start..start + run.len;
                    start = range.end;
                    *run.digest
                        .get_or_init(|| hash_of(&Stretch(&self.items, range)).0)
                })
                .collect();
            hash_of(&parts).0
        })
    }
}

/// Items `.1` of a queue, serialised as a sequence.
struct Stretch<'a, T>(&'a VecDeque<T>, std::ops::Range<usize>);

impl<T: Serialize> Serialize for Stretch<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.range(self.1.clone()))
    }
}

impl<T> std::ops::Deref for Runs<T> {
    type Target = VecDeque<T>;
    fn deref(&self) -> &VecDeque<T> {
        &self.items
    }
}

/// A list that rarely changes, hashed by chunks of [`CHUNK_ITEMS`] items, its digest kept
/// until it is borrowed mutably (`DerefMut` drops it): for large parts of the state that never
/// change after building (the holders).
///
/// Encoding (binary formats): the 32-byte BLAKE3 of the encoding of the list of its chunks'
/// digests, each the BLAKE3 of the encoding of its items as a sequence, as a [`Chunked`] list's
/// (but no chunk's digest is kept: a change rehashes them all). In JSON: the list. By chunks
/// rather than as one sequence because V8 optimises a WebAssembly function for its next call:
/// one call over mainnet-scale's 160,000 holders ran in the baseline compiler's code to its
/// end, and a call per chunk is optimised after the first few.
#[derive(Clone, Default)]
pub struct Digested<T> {
    items: Vec<T>,
    digest: Slot,
}

impl<T> From<Vec<T>> for Digested<T> {
    fn from(items: Vec<T>) -> Self {
        Digested {
            items,
            digest: Slot::new(),
        }
    }
}

impl<T: Serialize> Digested<T> {
    /// The list's digest (type doc), kept until the list is next borrowed mutably.
    pub fn digest(&self) -> [u8; 32] {
        *self.digest.get_or_init(|| {
            let parts: Vec<[u8; 32]> = self
                .items
                .chunks(CHUNK_ITEMS)
                .map(|items| hash_of(items).0)
                .collect();
            hash_of(&parts).0
        })
    }
}

impl<T> std::ops::Deref for Digested<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> std::ops::DerefMut for Digested<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        self.digest.take();
        &mut self.items
    }
}

/// The serde, equality and debug forms of the three containers: their contents, but in a
/// binary format their digest; equal and printed as their contents.
macro_rules! digested_container {
    ($ty:ident, $inner:ty, $from:expr, $field:ident, [$($ser:path),*], $($bound:path),*) => {
        impl<T: Serialize $(+ $ser)*> Serialize for $ty<T> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    self.$field.serialize(s)
                } else {
                    self.digest().serialize(s)
                }
            }
        }

        impl<'de, T: Deserialize<'de> $(+ $bound)*> Deserialize<'de> for $ty<T> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$inner>::deserialize(d).map($from)
            }
        }

        impl<T: PartialEq> PartialEq for $ty<T> {
            fn eq(&self, other: &Self) -> bool {
                self.$field == other.$field
            }
        }

        impl<T: std::fmt::Debug> std::fmt::Debug for $ty<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.$field.fmt(f)
            }
        }
    };
}

digested_container!(Chunked, Vec<T>, Chunked::from_vec, items, [Eq],);
digested_container!(Runs, VecDeque<T>, Runs::from_deque, items, [], RunKey);
digested_container!(Digested, Vec<T>, Digested::from, items, [],);

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::{Arbitrary, Unstructured};
    use proptest::prelude::*;

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
        let (digest, len) = hash_of(&s);
        assert_eq!(len, want.len() as u64);
        assert_eq!(digest, *blake3::hash(&want).as_bytes());
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
        let (digest, len) = hash_of(&value);
        assert_eq!(len, bytes.len() as u64);
        assert_eq!(digest, *blake3::hash(&bytes).as_bytes());
    }

    /// The reference: BLAKE3 of what `postcard::to_allocvec` writes, and its length.
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

    /// Every kind of serde value, nested: each goes through the sink's short or long path.
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
        map: std::collections::BTreeMap<u32, (String, Option<i64>)>,
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

        /// Random values of every serde kind hash as BLAKE3 of postcard's bytes.
        #[test]
        fn hashes_what_postcard_writes(bytes in proptest::collection::vec(any::<u8>(), 0..3_000)) {
            let mut u = Unstructured::new(&bytes);
            if let Ok(value) = Rich::arbitrary(&mut u) {
                prop_assert_eq!(hash_of(&value), reference(&value));
            }
        }

        /// Pieces of every short length and some long ones, in any order, cross the buffer's
        /// end at every offset: the digest is that of their concatenation.
        #[test]
        fn pieces_cross_the_buffer_end(lens in proptest::collection::vec(0usize..(2 * SHORT + 8), 1..2_000), long in 0usize..3) {
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

    /// What a [`Chunked`] list's digest is, computed directly from its items (type doc).
    fn chunked_reference(items: &[u64]) -> [u8; 32] {
        let parts: Vec<[u8; 32]> = items
            .chunks(CHUNK_ITEMS)
            .map(|c| *blake3::hash(&encode(c)).as_bytes())
            .collect();
        *blake3::hash(&encode(&parts)).as_bytes()
    }

    /// Full chunks of one repeated item share a digest, but only with chunks of the same item:
    /// a list of uniform chunks of two items (and a short uniform tail, hashed as itself)
    /// digests as computed directly, and a change inside a uniform chunk is seen.
    #[test]
    fn uniform_chunks_share_a_digest_only_with_their_own_item() {
        let mut items = Vec::new();
        for (item, len) in [
            (0u64, 256),
            (5, 256),
            (0, 256),
            (5, 256),
            (0, 256),
            (0, 100),
        ] {
            items.extend(std::iter::repeat_n(item, len));
        }
        let mut list = Chunked::from_vec(items.clone());
        assert_eq!(list.digest(), chunked_reference(&items));
        *list.get_mut(600).unwrap() = 0;
        items[600] = 0;
        *list.get_mut(1_100).unwrap() = 9;
        items[1_100] = 9;
        assert_eq!(list.digest(), chunked_reference(&items));
        assert_eq!(Chunked::from_vec(items).digest(), list.digest());
    }

    /// An item of a [`Runs`] queue in the tests: its key and a value.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Item(u64, u32);

    impl RunKey for Item {
        fn run_key(&self) -> u64 {
            self.0
        }
    }

    /// What a [`Runs`] queue's digest is, computed directly from its items: the maximal runs
    /// of equal keys, each hashed as a sequence, then the list of their digests.
    fn runs_reference(items: &[Item]) -> [u8; 32] {
        let parts: Vec<[u8; 32]> = items
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| *blake3::hash(&encode(run)).as_bytes())
            .collect();
        *blake3::hash(&encode(&parts)).as_bytes()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Pushes and changes in place, with digests taken in between (so some chunks' digests
        /// are kept and some dropped): the digest always equals the one computed from the
        /// items, that of a list that never digested (built from a plain list, or deserialised
        /// from JSON) and that of a clone.
        #[test]
        fn chunked_digest_follows_every_change(
            ops in proptest::collection::vec((0u8..3, any::<u16>(), any::<u64>()), 1..200),
            start in 0usize..700,
        ) {
            let mut list = Chunked::from_vec((0..start as u64).collect());
            for (op, at, value) in ops {
                match op {
                    0 => list.push(value),
                    1 => {
                        let i = at as usize % (list.len() + 1);
                        if let Some(x) = list.get_mut(i) {
                            *x = value;
                        }
                    }
                    _ => {
                        list.digest();
                    }
                }
                let items = list.to_vec();
                prop_assert_eq!(list.digest(), chunked_reference(&items));
                prop_assert_eq!(Chunked::from_vec(items).digest(), list.digest());
            }
            let json = serde_json::to_string(&list).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&list.to_vec()).unwrap());
            let back: Chunked<u64> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back.digest(), list.digest());
            prop_assert_eq!(list.clone().digest(), list.digest());
            prop_assert_eq!(encode(&list), list.digest().to_vec());
        }

        /// Pushes (keys mostly rising, as a queue's claim blocks do, sometimes not), removals
        /// anywhere and changes in place (of the value, sometimes of the key), with digests
        /// taken in between: the runs stay the maximal runs of the items, and the digest equals
        /// the one computed from the items, a fresh queue's and a clone's.
        #[test]
        fn runs_digest_follows_every_change(
            ops in proptest::collection::vec((0u8..5, any::<u16>(), 0u64..4, any::<u32>()), 1..300),
        ) {
            let mut queue: Runs<Item> = Runs::default();
            let mut key = 0;
            for (op, at, step, value) in ops {
                let i = at as usize % (queue.len() + 1);
                match op {
                    0 | 1 => {
                        key += step;
                        queue.push_back(Item(key, value));
                    }
                    2 => {
                        let inside = i < queue.len();
                        prop_assert_eq!(queue.remove(i).is_some(), inside);
                    }
                    3 => queue.update(i, |x| {
                        x.1 = value;
                        if step == 0 {
                            x.0 += 1;
                        }
                    }),
                    _ => {
                        queue.digest();
                    }
                }
                let items: Vec<Item> = queue.iter().cloned().collect();
                let lens: Vec<usize> = queue.runs.iter().map(|r| r.len).collect();
                let want: Vec<usize> = items.chunk_by(|a, b| a.0 == b.0).map(<[Item]>::len).collect();
                prop_assert_eq!(lens, want);
                prop_assert_eq!(queue.digest(), runs_reference(&items));
                prop_assert_eq!(Runs::from_deque(items.into()).digest(), queue.digest());
            }
            let json = serde_json::to_string(&queue).unwrap();
            let back: Runs<Item> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &queue);
            prop_assert_eq!(back.digest(), queue.digest());
            prop_assert_eq!(queue.clone().digest(), queue.digest());
        }
    }

    /// A [`Digested`] list is hashed by chunks, once; a mutable borrow drops the digest, so a
    /// change is seen, and the result equals a list that never digested. JSON is the list.
    #[test]
    fn digested_list_is_rehashed_after_a_mutable_borrow() {
        let reference = |items: &[u32]| -> Vec<u8> {
            let parts: Vec<[u8; 32]> = items
                .chunks(CHUNK_ITEMS)
                .map(|c| *blake3::hash(&encode(c)).as_bytes())
                .collect();
            blake3::hash(&encode(&parts)).as_bytes().to_vec()
        };
        let items: Vec<u32> = (0..600).collect();
        let mut v: Digested<u32> = items.clone().into();
        assert_eq!(encode(&v), reference(&items));
        v.push(600);
        v[3] = 7;
        let mut changed = items.clone();
        changed.push(600);
        changed[3] = 7;
        let fresh: Digested<u32> = changed.clone().into();
        assert_eq!(encode(&v), reference(&changed));
        assert_eq!(v.digest(), fresh.digest());
        assert_eq!(v.clone().digest(), fresh.digest());
        assert_eq!(
            serde_json::to_string(&Digested::from(vec![1, 2])).unwrap(),
            "[1,2]"
        );
        assert_ne!(v.digest(), Digested::from(items).digest());
    }
}
