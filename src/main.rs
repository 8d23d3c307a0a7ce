// mimalloc for small blocks, the system allocator for large ones (see the module).
#[global_allocator]
static GLOBAL: stp::allocator::Allocator = stp::allocator::Allocator;

fn main() {
    // Only the long-lived language server hands freed memory back to the system.
    if std::env::args_os().nth(1).is_none_or(|c| c != "server") {
        // SAFETY: no other thread exists yet.
        unsafe { stp::allocator::keep_freed_memory() };
    }
    std::process::exit(stp::cli::main());
}
