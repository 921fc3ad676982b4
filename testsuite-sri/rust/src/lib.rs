//! Stratum V2 interop peers for ReserveGrid's `testsuite-sri`.
//!
//! Everything on the wire goes through the reference implementation's published crates:
//! `noise_sv2` runs the Noise NX handshake and certificate check, `codec_sv2` encrypts and chunks
//! frames, `framing_sv2` builds headers, and `common_messages_sv2` (via `binary_sv2`) encodes and
//! decodes SetupConnection and its answers. This crate only adds blocking socket I/O, a small
//! command line, and the suite's echo convention (see [`echo`]).
//!
//! The two binaries, `sri-client` and `sri-server`, print one line per protocol milestone on
//! stdout (`HANDSHAKE_OK`, `SETUP_CONNECTION_SUCCESS ...`, `ECHO ...`) for the Java tests to read,
//! explain any failure on stderr, and exit 0 only when the whole exchange succeeded.

pub mod cli;
pub mod echo;
pub mod error;
pub mod keys;
pub mod setup;
pub mod transport;

pub use error::{Failure, Result};

/// Prints one milestone line on stdout and flushes it, so a test reading the pipe sees it at once.
pub fn report(line: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    // A closed stdout must not turn a successful interop run into a failure.
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}
