//! The `sharebook` command: see `sharebook --help`.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sharebook::cli::main()
}
