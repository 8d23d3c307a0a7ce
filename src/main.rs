fn main() {
    std::process::exit(stp::cli::main());
}
