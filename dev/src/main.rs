//! The `sharebook-dev` command: `sharebook-dev dev` runs the add-on locally on the stand-ins.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sharebook::config::LogFormat;
use sharebook::telemetry;

/// Sharebook for development: the whole add-on on this machine, Google played by stand-ins.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run everything locally: a private PostgreSQL (unless DATABASE_URL is set), Google stand-ins
    /// and the server pointed at them.
    Dev,
}

fn main() -> ExitCode {
    let Cli {
        command: Command::Dev,
    } = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let log_format = match std::env::var("LOG_FORMAT").as_deref() {
        Ok("json") => LogFormat::Json,
        _ => LogFormat::Text,
    };
    // Until the banner is out, only warnings and errors (unless RUST_LOG asks for more): the
    // migrations and the demo's seeding through the routes would bury it.
    let logs = telemetry::init_reloadable(log_format, telemetry::env_filter_or("warn"));
    match runtime.block_on(sharebook_dev::dev::run(logs)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
