//! The `embargo` command: parse the arguments, run, map to an exit status.

use std::process::ExitCode;

use clap::Parser;
use embargo::cli::{self, Args, ExportArgs, Status};

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "export") {
        let args = match ExportArgs::try_parse_from(&argv[1..]) {
            Ok(args) => args,
            Err(e) => e.exit(),
        };
        return exit_code(cli::run_export(args));
    }
    let args = match Args::try_parse_from(argv) {
        Ok(args) => args,
        // clap prints help and version to stdout (status 0), errors to stderr (2).
        Err(e) => e.exit(),
    };
    exit_code(cli::run(args))
}

fn exit_code(status: Status) -> ExitCode {
    match status {
        Status::Success => ExitCode::SUCCESS,
        Status::StatementFailed => ExitCode::from(1),
        Status::Usage => ExitCode::from(2),
    }
}
