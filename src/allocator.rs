//! The global allocator of the `stp` binary and the benches: mimalloc for small blocks,
//! called the way the standard library calls the system allocator, and the system allocator
//! for large ones.
//!
//! Reviewing a plan allocates many small strings and vectors; mimalloc makes that about a
//! third cheaper than the system allocator (see `benches/review.rs`). The `mimalloc` crate's
//! own `GlobalAlloc` asks for every block through `mi_malloc_aligned`, even at alignment 1.
//! mimalloc serves that from its free lists only for blocks of 1 KiB or less that happen to
//! be aligned; every larger block (a plan's text, a growing vector) takes the over-allocating
//! path, which pads the block and records the adjustment. Every mimalloc block is aligned to
//! 8 bytes, so plain `mi_malloc` serves all alignments up to 8, which is nearly every
//! allocation; larger alignments (hash tables' 16) still go through the aligned calls.
//!
//! mimalloc (v3) serves blocks above about 10 KiB from pages of 512 KiB and 4 MiB, one per
//! size class and thread, which it maps with transparent huge pages: the first touch of each
//! has the kernel zero 2 MiB. A check of the real plan repository held 41 MiB of such pages
//! for a few hundred large blocks (file texts, Markdown event buffers, growing vectors), and
//! zeroing them was a seventh of its CPU time. The system allocator (the C library's
//! `malloc` on Unix) hands those blocks out from its heap, touched page by page: resident
//! memory fell from 47 to 24 MB, CPU time by about 5%. Small blocks, nearly all of them,
//! stay with mimalloc.
//!
//! mimalloc still maps the small blocks' pages with huge pages, although the first small
//! block of a run has the kernel zero 2 MiB (a quarter of the samples of `stp --version`).
//! Built with libmimalloc-sys's `no_thp`, start-up was 0.3 ms shorter (4 KiB faults take
//! part of that zeroing's place), but a check of the plan repository took 3-5% more time
//! at 1x and 10x in plain builds, 5-12% at 10x in PGO builds, and 6-14% more CPU
//! (interleaved runs): 4 KiB pages cost more faults and more TLB misses than the few 2 MiB
//! pages they replace.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;

/// The alignment every mimalloc block has (`MI_INTPTR_SIZE`: blocks are whole words from a
/// 16-byte aligned page start).
const WORD_ALIGN: usize = 8;

pub struct Allocator;

/// Blocks above this size come from the system allocator (see the module): a round figure
/// below mimalloc's small-block limit (about 10 KiB), so every block mimalloc keeps comes
/// from its 64 KiB pages.
const LARGE_BLOCK: usize = 8 * 1024;

#[inline]
fn is_large(size: usize) -> bool {
    size > LARGE_BLOCK
}

// SAFETY: every path returns a block of at least `layout.size()` bytes at `layout.align()`,
// or null. Whether a block is mimalloc's or the system allocator's follows from its size,
// which Rust passes back with every free and resize.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_large(layout.size()) {
            return unsafe { System.alloc(layout) };
        }
        if layout.align() <= WORD_ALIGN {
            unsafe { mi::mi_malloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_large(layout.size()) {
            return unsafe { System.alloc_zeroed(layout) };
        }
        if layout.align() <= WORD_ALIGN {
            unsafe { mi::mi_zalloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_large(layout.size()) {
            unsafe { System.dealloc(ptr, layout) }
        } else {
            unsafe { mi::mi_free(ptr as *mut c_void) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (is_large(layout.size()), is_large(new_size)) {
            (false, false) if layout.align() <= WORD_ALIGN => unsafe {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            },
            (false, false) => unsafe {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            },
            (true, true) => unsafe { System.realloc(ptr, layout, new_size) },
            _ => unsafe {
                // From one allocator to the other: move it.
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                moved
            },
        }
    }
}

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 headers; the sys
/// crate names only some options).
const MI_OPTION_PURGE_DELAY: mi::mi_option_t = 15;

/// mimalloc's `mi_option_arena_reserve` (the same index in its v2 and v3 headers), in KiB.
const MI_OPTION_ARENA_RESERVE: mi::mi_option_t = 23;

/// Has mimalloc reserve address space for small blocks 64 MiB at a time instead of 1 GiB.
///
/// An arena's bookkeeping grows with its size, and on transparent huge pages (see the
/// module) a 1 GiB arena's bookkeeping and first blocks span two 2 MiB pages, which the
/// kernel zeroes at every start; a 64 MiB arena's fit in one (`thp_fault_alloc` in
/// `/proc/vmstat`: 2 to 1 per run). Interleaved plain builds: an empty file took 1.8 ms
/// instead of 2.1 ms, the real plan repository 19.1 ms instead of 19.7 ms; 10 and 100
/// copies took as long as before (within 2%): mimalloc reserves further arenas as they
/// fill. A user's `MIMALLOC_ARENA_RESERVE`, spelled in capitals as mimalloc documents it, is
/// left to mimalloc (which would also read other spellings; those are overridden here).
///
/// The setting takes effect only before the first allocation, so before `main` (the Rust
/// runtime allocates first): the binary calls this from a constructor (`src/main.rs`). It
/// allocates nothing.
///
/// # Safety
///
/// No other thread may exist yet: mimalloc sets its options, and the environment is read,
/// without locks.
pub unsafe fn reserve_small_arenas() {
    unsafe extern "C" {
        fn getenv(name: *const std::ffi::c_char) -> *mut std::ffi::c_char;
    }
    // SAFETY: a NUL-terminated name; nothing else runs yet, so nothing sets the environment
    // or mimalloc's options concurrently.
    unsafe {
        if getenv(c"MIMALLOC_ARENA_RESERVE".as_ptr()).is_null() {
            mi::mi_option_set(MI_OPTION_ARENA_RESERVE, 64 * 1024);
        }
    }
}

/// For a one-shot command, which exits within milliseconds: never hand freed memory back to
/// the system. Each return (an `madvise`, a heap shrunk) is a system call and a page fault
/// per page when the memory is used again: mimalloc's returns cost about a tenth of a run's
/// system time; glibc's, for the large blocks, shrank and regrew each thread's heap for every
/// plan (10,700 page faults instead of 440 at 100x copies, 9% more wall time). Other C
/// libraries keep their defaults.
///
/// # Safety
///
/// No other thread may exist yet: mimalloc and glibc set these options with plain stores.
pub unsafe fn keep_freed_memory() {
    // SAFETY: the caller runs before any other thread exists.
    unsafe { mi::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc_keep_freed_memory();
}

/// glibc's `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` (`malloc.h`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn glibc_keep_freed_memory() {
    const M_TRIM_THRESHOLD: i32 = -1;
    const M_MMAP_THRESHOLD: i32 = -3;
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // SAFETY: `mallopt` only sets the allocator's parameters (before other threads exist,
    // see the caller). A heap is never trimmed, and blocks up to 32 MiB (where glibc's own
    // sliding threshold stops on 64-bit) come from the heap, not from an `mmap` of their own
    // that `free` unmaps.
    unsafe {
        mallopt(M_TRIM_THRESHOLD, i32::MAX);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size class around the 1 KiB boundary and the large-block boundary, at
    /// every alignment a Rust type may ask for, come back aligned, writable and resizable,
    /// also when a resize moves them from one allocator to the other and back.
    #[test]
    fn blocks_are_aligned_at_every_size_and_alignment() {
        let sizes = (1..=64).chain([
            100,
            1000,
            1024,
            1025,
            4096,
            LARGE_BLOCK - 1,
            LARGE_BLOCK,
            LARGE_BLOCK + 1,
            70_000,
            1 << 20,
        ]);
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    p.write_bytes(0xab, size);
                    let z = Allocator.alloc_zeroed(layout);
                    assert!(!z.is_null());
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    Allocator.dealloc(z, layout);
                    let grown = Allocator.realloc(p, layout, size * 3);
                    assert!(!grown.is_null());
                    assert_eq!(
                        grown as usize % align,
                        0,
                        "realloc: size {size}, align {align}"
                    );
                    assert!((0..size).all(|i| *grown.add(i) == 0xab));
                    let grown_layout = Layout::from_size_align(size * 3, align).unwrap();
                    let shrunk = Allocator.realloc(grown, grown_layout, size.div_ceil(4));
                    assert!(!shrunk.is_null());
                    assert_eq!(
                        shrunk as usize % align,
                        0,
                        "shrink: size {size}, align {align}"
                    );
                    assert!((0..size.div_ceil(4)).all(|i| *shrunk.add(i) == 0xab));
                    Allocator.dealloc(
                        shrunk,
                        Layout::from_size_align(size.div_ceil(4), align).unwrap(),
                    );
                }
            }
        }
    }
}
