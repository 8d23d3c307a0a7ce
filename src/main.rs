// mimalloc, called as the standard library calls the system allocator (see the module).
#[global_allocator]
static GLOBAL: stp::allocator::Allocator = stp::allocator::Allocator;

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 headers; the sys
/// crate names only some options).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // A one-shot command exits within milliseconds: handing freed pages back to the system
    // (an `madvise` each, then a page fault to use them again) costs it about a tenth of its
    // system time. Only the long-lived language server returns memory.
    if std::env::args_os().nth(1).is_none_or(|c| c != "server") {
        // SAFETY: sets a process-wide allocator option before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
    std::process::exit(stp::cli::main());
}
