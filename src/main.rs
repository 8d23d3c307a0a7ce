// Reviewing a plan allocates many small strings and vectors; mimalloc makes that about a
// third cheaper than the system allocator (see the bench in benches/review.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(stp::cli::main());
}
