//! The single error type of the interop peers: what stage failed and why, in words.

use std::fmt;

/// A failed step of an interop run. Printed on stderr as `stage: detail`; the process then exits
/// with [`Failure::exit_code`].
#[derive(Debug)]
pub struct Failure {
    stage: &'static str,
    detail: String,
    usage: bool,
}

/// Result of an interop step.
pub type Result<T> = std::result::Result<T, Failure>;

impl Failure {
    /// A protocol or I/O failure during `stage` (e.g. "handshake", "setup-connection").
    pub fn new(stage: &'static str, detail: impl Into<String>) -> Self {
        Self {
            stage,
            detail: detail.into(),
            usage: false,
        }
    }

    /// A command line that cannot be run.
    pub fn usage(detail: impl Into<String>) -> Self {
        Self {
            stage: "usage",
            detail: detail.into(),
            usage: true,
        }
    }

    /// The stage that failed.
    pub fn stage(&self) -> &'static str {
        self.stage
    }

    /// 2 for a bad command line, 1 for anything that went wrong on the wire.
    pub fn exit_code(&self) -> i32 {
        if self.usage {
            2
        } else {
            1
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.stage, self.detail)
    }
}

impl std::error::Error for Failure {}

/// Runs a binary's body: prints the failure on stderr and turns it into the exit code.
pub fn exit_with(program: &str, result: Result<()>) -> ! {
    match result {
        Ok(()) => std::process::exit(0),
        Err(failure) => {
            eprintln!("{program}: FAILED {failure}");
            std::process::exit(failure.exit_code())
        }
    }
}
