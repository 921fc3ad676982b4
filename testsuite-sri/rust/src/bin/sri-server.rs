//! `sri-server`: a Stratum V2 responder built on the reference implementation's crates, for
//! testing initiators (ReserveGrid's test-miner side). Loopback only.

use sri_interop::cli::Args;
use sri_interop::echo;
use sri_interop::error::exit_with;
use sri_interop::keys::{parse_authority_secret_key, to_hex};
use sri_interop::setup::{self, SetupAnswer};
use sri_interop::transport::NoiseConnection;
use sri_interop::{report, Failure, Result};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: sri-server [handshake|setup|echo] --authority-secret-key KEY [options]

subcommands (default echo):
  handshake   Noise NX handshake as responder, then wait for the initiator to close
  setup       handshake, then answer SetupConnection (Success for mining protocol version 2,
              otherwise Error unsupported-protocol / protocol-version-mismatch)
  echo        setup, then echo every frame of extension 0x4000 until the initiator closes

options:
  --authority-secret-key KEY  authority secret key: 64 hex digits or base58check (required)
  --host ADDR                 loopback address to bind (default 127.0.0.1)
  --port PORT                 port to bind (default 0: any free port)
  --connections N             connections to serve, one after another (default 1)
  --cert-validity-secs N      certificate validity (default 3600)
  --timeout-secs N            per-read and per-write timeout (default 20)
  --accept-timeout-secs N     give up when no initiator connects in time (default 60)
  --expect-sizes LIST         echo: fail unless exactly these payload sizes arrived, in order
  --expect-setup-error CODE   setup/echo: the SetupConnection must be refused with CODE; the
                              connection then succeeds when the initiator closes

stdout: LISTENING ADDR:PORT first, then per connection ACCEPTED, HANDSHAKE_OK,
SETUP_CONNECTION ..., SETUP_CONNECTION_SUCCESS ..., ECHO size=N ..., CONNECTION_DONE; failures are
explained on stderr. Exit codes: 0 every connection succeeded, 1 otherwise, 2 usage.";

fn main() {
    exit_with("sri-server", run(std::env::args().skip(1)));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Handshake,
    Setup,
    Echo,
}

struct Settings {
    scenario: Scenario,
    authority_public_key: [u8; 32],
    authority_secret_key: [u8; 32],
    cert_validity: Duration,
    timeout: Duration,
    expected_sizes: Option<Vec<usize>>,
    expected_setup_error: Option<String>,
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
        Some("echo") | None => Scenario::Echo,
        Some(other) => {
            return Err(Failure::usage(format!(
                "unknown subcommand '{other}'\n{USAGE}"
            )))
        }
    };
    let (authority_secret_key, authority_public_key) =
        parse_authority_secret_key(&args.require("authority-secret-key")?)?;
    let host: IpAddr = args
        .take("host")
        .unwrap_or_else(|| "127.0.0.1".to_owned())
        .parse()
        .map_err(|_| Failure::usage("--host must be an IP address"))?;
    if !host.is_loopback() {
        return Err(Failure::usage(format!(
            "--host {host} is not a loopback address; this test peer binds loopback only"
        )));
    }
    let port: u16 = args.parsed_or("port", 0)?;
    let connections: usize = args.parsed_or("connections", 1)?;
    let accept_timeout = args.seconds_or("accept-timeout-secs", 60)?;
    let expected_sizes = args.sizes("expect-sizes")?;
    let settings = Settings {
        scenario,
        authority_public_key,
        authority_secret_key,
        cert_validity: args.seconds_or("cert-validity-secs", 3600)?,
        timeout: args.seconds_or("timeout-secs", 20)?,
        expected_sizes,
        expected_setup_error: args.take("expect-setup-error"),
    };
    args.finish(1)?;

    let listener = TcpListener::bind(SocketAddr::new(host, port))
        .map_err(|e| Failure::new("listen", format!("cannot bind {host}:{port}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::new("listen", e.to_string()))?;
    report(&format!(
        "LISTENING {bound} authority={}",
        to_hex(&authority_public_key)
    ));

    let mut failures = 0;
    for number in 1..=connections {
        let (stream, peer) = accept(&listener, accept_timeout)?;
        report(&format!("ACCEPTED {number} from {peer}"));
        match serve(stream, &settings) {
            Ok(()) => report(&format!("CONNECTION_DONE {number}")),
            Err(failure) => {
                failures += 1;
                eprintln!("sri-server: connection {number} FAILED {failure}");
                report(&format!(
                    "CONNECTION_FAILED {number} stage={}",
                    failure.stage()
                ));
            }
        }
    }
    if failures > 0 {
        return Err(Failure::new(
            "serve",
            format!("{failures} of {connections} connections failed"),
        ));
    }
    Ok(())
}

fn accept(listener: &TcpListener, timeout: Duration) -> Result<(TcpStream, SocketAddr)> {
    let deadline = Instant::now() + timeout;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure::new("accept", e.to_string()))?;
    loop {
        match listener.accept() {
            Ok((stream, peer)) => {
                stream
                    .set_nonblocking(false)
                    .map_err(|e| Failure::new("accept", e.to_string()))?;
                return Ok((stream, peer));
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(Failure::new(
                        "accept",
                        format!("no initiator connected within {timeout:?}"),
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::new("accept", e.to_string())),
        }
    }
}

fn serve(stream: TcpStream, settings: &Settings) -> Result<()> {
    let mut connection = NoiseConnection::accept(
        stream,
        settings.authority_public_key,
        settings.authority_secret_key,
        settings.cert_validity,
        settings.timeout,
    )?;
    report("HANDSHAKE_OK");
    if settings.scenario != Scenario::Handshake {
        let received = setup::answer(&mut connection)?;
        report(&received.line);
        report(&received.answer.report_line());
        match (&received.answer, settings.expected_setup_error.as_deref()) {
            (SetupAnswer::Success { .. }, None) => {}
            (SetupAnswer::Error { error_code, .. }, Some(expected)) if error_code == expected => {
                return expect_close(connection);
            }
            (SetupAnswer::Error { error_code, .. }, _) => {
                return Err(Failure::new(
                    "setup-connection",
                    format!("initiator's SetupConnection refused with {error_code}"),
                ))
            }
            (SetupAnswer::Success { .. }, Some(expected)) => {
                return Err(Failure::new(
                    "setup-connection",
                    format!(
                    "initiator's SetupConnection was accepted, expected a refusal with {expected}"
                ),
                ))
            }
        }
    }
    let sizes = match settings.scenario {
        Scenario::Echo => echo::serve(&mut connection)?,
        Scenario::Handshake | Scenario::Setup => return expect_close(connection),
    };
    if let Some(expected) = &settings.expected_sizes {
        if &sizes != expected {
            return Err(Failure::new(
                "echo",
                format!("expected echo sizes {expected:?}, received {sizes:?}"),
            ));
        }
    }
    connection.finish()
}

/// Waits for the initiator to close cleanly; any further frame is a failure.
fn expect_close(mut connection: NoiseConnection) -> Result<()> {
    match connection.receive()? {
        None => connection.finish(),
        Some(frame) => Err(Failure::new(
            "close",
            format!(
                "expected the initiator to close, got extension 0x{:04x} type 0x{:02x}",
                frame.extension_type, frame.msg_type
            ),
        )),
    }
}
