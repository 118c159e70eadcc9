//! The `embargo` command: parse the arguments, run, map to an exit status.

use std::process::ExitCode;

use clap::Parser;
use embargo::cli::{self, Args, ExportArgs, LinkArgs, ScreenArgs, ServeArgs, Status};

fn main() -> ExitCode {
    ignore_file_size_signal();
    // Statements need a deep stack; a thread that has one runs them in place.
    let worker = std::thread::Builder::new().name("embargo".into()).stack_size(embargo::exec::THREAD_STACK);
    match worker.spawn(run).map(|t| t.join()) {
        Ok(Ok(code)) => code,
        // A panic was printed by its hook already: the status Rust gives one.
        Ok(Err(_)) => ExitCode::from(101),
        // Spawning fails only for want of memory.
        Err(_) => ExitCode::FAILURE,
    }
}

fn run() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Subcommands that take their own positional arguments, parsed apart
    // from the shell's `[STORE]`.
    match argv.get(1).and_then(|a| a.to_str()) {
        Some("export") => return exit_code(cli::run_export(parse::<ExportArgs>(&argv[1..]))),
        Some("link") => return exit_code(cli::run_link(parse::<LinkArgs>(&argv[1..]))),
        Some("screen") => return exit_code(cli::run_screen(parse::<ScreenArgs>(&argv[1..]))),
        Some("serve") => return exit_code(cli::run_serve(parse::<ServeArgs>(&argv[1..]))),
        _ => {}
    }
    let args = match Args::try_parse_from(argv) {
        Ok(args) => args,
        // clap prints help and version to stdout (status 0), errors to stderr (2).
        Err(e) => e.exit(),
    };
    exit_code(cli::run(args))
}

/// Past a file-size limit (`ulimit -f`) the kernel sends SIGXFSZ, whose
/// default kills the process without a word, possibly mid-checkpoint.
/// Ignored, the write fails with EFBIG instead, and the error names the file.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: sets a disposition to SIG_IGN before any thread starts; no
    // handler code is involved.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// The arguments of a subcommand; on a mistake (or `--help`), clap says
/// so and exits.
fn parse<T: Parser>(argv: &[std::ffi::OsString]) -> T {
    match T::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => e.exit(),
    }
}

fn exit_code(status: Status) -> ExitCode {
    match status {
        Status::Success => ExitCode::SUCCESS,
        Status::StatementFailed => ExitCode::from(1),
        Status::Usage => ExitCode::from(2),
    }
}
