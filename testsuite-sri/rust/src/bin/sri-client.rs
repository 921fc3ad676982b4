//! `sri-client`: a Stratum V2 initiator built on the reference implementation's crates.
//!
//! Each subcommand runs one scenario against a responder and exits 0 only if all of it worked.
//! New scenarios (a standard mining channel once the gateway exists) are new subcommands that
//! reuse `connect` and `setup`.

use sri_interop::cli::Args;
use sri_interop::echo;
use sri_interop::error::exit_with;
use sri_interop::keys::{parse_authority_public_key, to_hex};
use sri_interop::setup::{self, SetupAnswer, SetupRequest, PROTOCOL_VERSION};
use sri_interop::transport::NoiseConnection;
use sri_interop::{report, Failure, Result};
use std::time::Duration;

const USAGE: &str = "\
usage: sri-client <handshake|setup|echo> --port PORT --authority-pubkey KEY [options]

subcommands:
  handshake   Noise NX handshake; the responder's certificate must verify with KEY
  setup       handshake, then SetupConnection for the mining protocol; needs .Success
  echo        setup, then echo frames (extension 0x4000) of every --sizes byte count

options:
  --host HOST                 responder address (default 127.0.0.1)
  --port PORT                 responder port (required)
  --authority-pubkey KEY      x-only authority key: 64 hex digits or base58check (required)
  --timeout-secs N            per-read and per-write timeout (default 20)
  --sizes LIST                echo payload sizes (default 0,64,65519,65520,70000,200000)
  --protocol N                SetupConnection protocol (default 0, mining)
  --min-version N / --max-version N   (default 2 / 2)
  --flags N                   SetupConnection flags (default 0x1, REQUIRES_STANDARD_JOBS)
  --vendor S / --hardware-version S / --firmware S / --device-id S
  --expect-error CODE         setup only: succeed when the answer is SetupConnection.Error CODE

stdout gets one line per milestone (HANDSHAKE_OK, SETUP_CONNECTION_SUCCESS ..., ECHO size=N ok,
DONE); failures are explained on stderr. Exit codes: 0 success, 1 protocol failure, 2 usage.";

fn main() {
    exit_with("sri-client", run(std::env::args().skip(1)));
}

fn run(raw: impl Iterator<Item = String>) -> Result<()> {
    let mut args = Args::parse(raw)?;
    if args.wants_help() {
        println!("{USAGE}");
        return Ok(());
    }
    let scenario = match args.subcommand() {
        Some("handshake") => Scenario::Handshake,
        Some("setup") => Scenario::Setup,
        Some("echo") => Scenario::Echo,
        Some(other) => {
            return Err(Failure::usage(format!(
                "unknown subcommand '{other}'\n{USAGE}"
            )))
        }
        None => return Err(Failure::usage(format!("a subcommand is required\n{USAGE}"))),
    };
    let host = args.take("host").unwrap_or_else(|| "127.0.0.1".to_owned());
    let port: u16 = args.parsed_or("port", 0)?;
    if port == 0 {
        return Err(Failure::usage("--port is required"));
    }
    let authority = parse_authority_public_key(&args.require("authority-pubkey")?)?;
    let timeout = args.seconds_or("timeout-secs", 20)?;
    let sizes = args.sizes_or("sizes", &echo::DEFAULT_SIZES)?;
    let expected_error = args.take("expect-error");
    let request = SetupRequest {
        protocol: args.parsed_or("protocol", 0)?,
        min_version: args.parsed_or("min-version", PROTOCOL_VERSION)?,
        max_version: args.parsed_or("max-version", PROTOCOL_VERSION)?,
        flags: args.parsed_or("flags", 0x1)?,
        endpoint_host: host.clone(),
        endpoint_port: port,
        vendor: args
            .take("vendor")
            .unwrap_or_else(|| "ReserveGrid testsuite-sri".to_owned()),
        hardware_version: args.take("hardware-version").unwrap_or_default(),
        firmware: args
            .take("firmware")
            .unwrap_or_else(|| format!("sri-client {}", env!("CARGO_PKG_VERSION"))),
        device_id: args
            .take("device-id")
            .unwrap_or_else(|| "sri-client".to_owned()),
    };
    args.finish(1)?;
    if expected_error.is_some() && scenario != Scenario::Setup {
        return Err(Failure::usage(
            "--expect-error only applies to the setup subcommand",
        ));
    }

    let mut connection = connect(&host, port, authority, timeout)?;
    if scenario != Scenario::Handshake {
        let answer = setup::request(&mut connection, &request)?;
        report(&answer.report_line());
        check_answer(&answer, expected_error.as_deref())?;
        if scenario == Scenario::Echo {
            echo::exchange(&mut connection, &sizes)?;
        }
    }
    connection.finish()?;
    report("DONE");
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Handshake,
    Setup,
    Echo,
}

fn connect(
    host: &str,
    port: u16,
    authority: [u8; 32],
    timeout: Duration,
) -> Result<NoiseConnection> {
    let connection = NoiseConnection::connect(&format!("{host}:{port}"), authority, timeout)?;
    report(&format!("HANDSHAKE_OK authority={}", to_hex(&authority)));
    Ok(connection)
}

fn check_answer(answer: &SetupAnswer, expected_error: Option<&str>) -> Result<()> {
    match (answer, expected_error) {
        (SetupAnswer::Success { used_version, .. }, None) if *used_version == PROTOCOL_VERSION => {
            Ok(())
        }
        (SetupAnswer::Success { used_version, .. }, None) => Err(Failure::new(
            "setup-connection",
            format!("responder chose version {used_version}, not {PROTOCOL_VERSION}"),
        )),
        (SetupAnswer::Error { error_code, .. }, Some(expected)) if error_code == expected => Ok(()),
        (answer, None) => Err(Failure::new(
            "setup-connection",
            format!(
                "expected SetupConnection.Success, got {}",
                answer.report_line()
            ),
        )),
        (answer, Some(expected)) => Err(Failure::new(
            "setup-connection",
            format!(
                "expected SetupConnection.Error {expected:?}, got {}",
                answer.report_line()
            ),
        )),
    }
}
