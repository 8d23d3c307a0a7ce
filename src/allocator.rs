//! The global allocator of the `stp` binary and the benches: mimalloc, called the way the
//! standard library calls the system allocator.
//!
//! Reviewing a plan allocates many small strings and vectors; mimalloc makes that about a
//! third cheaper than the system allocator (see `benches/review.rs`). The `mimalloc` crate's
//! own `GlobalAlloc` asks for every block through `mi_malloc_aligned`, even at alignment 1.
//! mimalloc serves that from its free lists only for blocks of 1 KiB or less that happen to
//! be aligned; every larger block (a plan's text, a growing vector) takes the over-allocating
//! path, which pads the block and records the adjustment. Every mimalloc block is aligned to
//! 8 bytes, so plain `mi_malloc` serves all alignments up to 8, which is nearly every
//! allocation; larger alignments (hash tables' 16) still go through the aligned calls.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every mimalloc block has (`MI_INTPTR_SIZE`: blocks are whole words from a
/// 16-byte aligned page start).
const WORD_ALIGN: usize = 8;

pub struct Allocator;

// SAFETY: every path returns a block from mimalloc of at least `layout.size()` bytes at
// `layout.align()`, or null; blocks are freed and resized only through mimalloc.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            unsafe { mi::mi_malloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            unsafe { mi::mi_zalloc(layout.size()) as *mut u8 }
        } else {
            unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            unsafe { mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8 }
        } else {
            unsafe {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size class around the 1 KiB boundary, at every alignment a Rust
    /// type may ask for, come back aligned, writable and resizable.
    #[test]
    fn blocks_are_aligned_at_every_size_and_alignment() {
        let sizes = (1..=64).chain([100, 1000, 1024, 1025, 4096, 70_000, 1 << 20]);
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    p.write_bytes(0xab, size);
                    let z = Allocator.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    Allocator.dealloc(z, layout);
                    let grown = Allocator.realloc(p, layout, size * 3);
                    assert_eq!(
                        grown as usize % align,
                        0,
                        "realloc: size {size}, align {align}"
                    );
                    assert!((0..size).all(|i| *grown.add(i) == 0xab));
                    Allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                }
            }
        }
    }
}
