// mimalloc for small blocks, the system allocator for large ones (see the module).
#[global_allocator]
static GLOBAL: stp::allocator::Allocator = stp::allocator::Allocator;

/// Sets mimalloc's arena size before the Rust runtime's first allocation, which comes before
/// `main` (see `allocator::reserve_small_arenas`): the C library's start-up code runs the
/// executable's `.init_array` entries before it calls the runtime.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static RESERVE_SMALL_ARENAS: extern "C" fn() = {
    extern "C" fn reserve() {
        // SAFETY: constructors run before the runtime and before any other thread exists.
        unsafe { stp::allocator::reserve_small_arenas() }
    }
    reserve
};

fn main() {
    // Only the long-lived language server hands freed memory back to the system.
    if std::env::args_os().nth(1).is_none_or(|c| c != "server") {
        // SAFETY: no other thread exists yet.
        unsafe { stp::allocator::keep_freed_memory() };
    }
    std::process::exit(stp::cli::main());
}
