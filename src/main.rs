//! The `sharebook` command: see `sharebook --help`.

fn main() -> std::process::ExitCode {
    sharebook::cli::main()
}
