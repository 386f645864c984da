//! The global allocator of the wasm32 modules (the page, the Monte Carlo worker, wasm-bench):
//! dlmalloc, the allocator std itself uses on wasm32 (the same crate, so allocations are placed
//! as before), with one change: the linear memory grows in steps of at least an eighth of its
//! size ([`grow_pages`]) instead of just what the allocation at hand needs.
//!
//! Why: every `memory.grow` makes V8 replace the memory's `ArrayBuffer`, and the external memory
//! it accounts for that requests a full garbage collection of the JS heap (`--trace-gc`: "GC in
//! old space requested"). Building mainnet-scale and running its day grew the memory about 80
//! times, with a Mark-Compact each (81 in the run; 71 during the day's blocks, 86 ms of pauses
//! under node, more in a page with a larger JS heap); with this allocator 7 in all. Run the way
//! the app runs it (built once, then 7,200 blocks; node 20, 2026-12-07, load 2.4-2.8, five
//! alternating runs each) the day took 1.67-1.81 s with std's allocator and 1.47-1.57 s with
//! this one. Memory grown but not yet used is at most an eighth of the total, and pages never
//! touched take no physical memory.
//!
//! Usage: `use restake_wasm_alloc as _;` in the module's crate root (a crate nothing refers to
//! is not linked). On every other target this crate is empty.
#![no_std]

/// Pages (64 KiB) to grow a memory of `current` pages by for an allocation that needs `need`
/// more: `need`, or an eighth of the memory when that is more.
pub fn grow_pages(need: usize, current: usize) -> usize {
    need.max(current / 8)
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;
    use core::ptr;

    use dlmalloc::Dlmalloc;

    /// Bytes per WebAssembly page.
    const PAGE: usize = 64 * 1024;

    /// dlmalloc's source of memory: `memory.grow` by [`super::grow_pages`], or by just what is
    /// needed when the larger step is refused.
    pub struct Grow;

    // SAFETY: as dlmalloc's own wasm32 source: each region is the fresh pages `memory.grow`
    // returns (zeroed, never overlapping) and none is ever handed back.
    unsafe impl dlmalloc::Allocator for Grow {
        fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
            let need = size.div_ceil(PAGE);
            let step = super::grow_pages(need, wasm32::memory_size(0));
            let (prev, pages) = match wasm32::memory_grow(0, step) {
                usize::MAX => (wasm32::memory_grow(0, need), need),
                prev => (prev, step),
            };
            if prev == usize::MAX {
                return (ptr::null_mut(), 0, 0);
            }
            ((prev * PAGE) as *mut u8, pages * PAGE, 0)
        }

        fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
            ptr::null_mut()
        }

        fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
            false
        }

        fn free(&self, _: *mut u8, _: usize) -> bool {
            false
        }

        fn can_release_part(&self, _: u32) -> bool {
            false
        }

        fn allocates_zeros(&self) -> bool {
            true
        }

        fn page_size(&self) -> usize {
            PAGE
        }
    }

    /// The heap: one dlmalloc instance.
    pub struct Heap(UnsafeCell<Dlmalloc<Grow>>);

    // SAFETY: wasm32 without the atomics feature has one thread, so the heap is never used from
    // two at once.
    unsafe impl Sync for Heap {}

    // SAFETY: dlmalloc's `malloc`, `calloc`, `free` and `realloc` have `GlobalAlloc`'s contracts
    // (the crate's own `GlobalDlmalloc` forwards to them the same way).
    unsafe impl GlobalAlloc for Heap {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).malloc(l.size(), l.align()) }
        }

        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            unsafe { (*self.0.get()).free(p, l.size(), l.align()) }
        }

        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).calloc(l.size(), l.align()) }
        }

        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            unsafe { (*self.0.get()).realloc(p, l.size(), l.align(), new_size) }
        }
    }

    #[global_allocator]
    static HEAP: Heap = Heap(UnsafeCell::new(Dlmalloc::new_with_allocator(Grow)));
}

#[cfg(test)]
mod tests {
    use super::grow_pages;

    #[test]
    fn grows_by_an_eighth_or_what_is_needed() {
        assert_eq!(grow_pages(1, 0), 1);
        assert_eq!(grow_pages(1, 17), 2);
        assert_eq!(grow_pages(3, 1_200), 150);
        assert_eq!(grow_pages(500, 1_200), 500);
        // From 1,200 to 2,200 pages (mainnet-scale's day) in 6 steps instead of one per allocation.
        let (mut pages, mut steps) = (1_200, 0);
        while pages < 2_200 {
            pages += grow_pages(16, pages);
            steps += 1;
        }
        assert_eq!(steps, 6);
    }
}
