//! The `embargo` command: parse the arguments, run, map to an exit status.

use std::process::ExitCode;

use embargo::cli::{self, Args, Status};

fn main() -> ExitCode {
    let args = match Args::try_parse_from(std::env::args_os()) {
        Ok(args) => args,
        // clap prints help and version to stdout (status 0), errors to stderr (2).
        Err(e) => e.exit(),
    };
    match cli::run(args) {
        Status::Success => ExitCode::SUCCESS,
        Status::StatementFailed => ExitCode::from(1),
        Status::Usage => ExitCode::from(2),
    }
}
