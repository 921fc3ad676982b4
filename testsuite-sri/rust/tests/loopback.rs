//! The two halves of the suite against each other in one process: proves the Rust peers are sound
//! before the Java tests blame either side.

use sri_interop::echo;
use sri_interop::keys::parse_authority_secret_key;
use sri_interop::setup::{self, SetupAnswer, SetupRequest};
use sri_interop::transport::NoiseConnection;
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

const AUTHORITY_SECRET: &str = "0000000000000000000000000000000000000000000000000000000000000003";
const TIMEOUT: Duration = Duration::from_secs(10);

fn request(protocol: u8, min_version: u16, max_version: u16) -> SetupRequest {
    SetupRequest {
        protocol,
        min_version,
        max_version,
        flags: 0x1,
        endpoint_host: "127.0.0.1".to_owned(),
        endpoint_port: 3333,
        vendor: "loopback".to_owned(),
        hardware_version: String::new(),
        firmware: String::new(),
        device_id: "test".to_owned(),
    }
}

/// Starts a one-connection responder that answers SetupConnection and, on success, echoes.
fn responder() -> (u16, thread::JoinHandle<sri_interop::Result<Vec<usize>>>) {
    let (secret, public) = parse_authority_secret_key(AUTHORITY_SECRET).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut connection =
            NoiseConnection::accept(stream, public, secret, Duration::from_secs(60), TIMEOUT)?;
        match setup::answer(&mut connection)?.answer {
            SetupAnswer::Success { .. } => echo::serve(&mut connection),
            SetupAnswer::Error { .. } => Ok(Vec::new()),
        }
    });
    (port, handle)
}

#[test]
fn frames_of_every_default_size_echo_through_both_noise_stacks() {
    let (port, server) = responder();
    let (_, public) = parse_authority_secret_key(AUTHORITY_SECRET).unwrap();
    let mut client =
        NoiseConnection::connect(&format!("127.0.0.1:{port}"), public, TIMEOUT).unwrap();
    let answer = setup::request(&mut client, &request(0, 2, 2)).unwrap();
    assert_eq!(
        answer,
        SetupAnswer::Success {
            used_version: 2,
            flags: 0
        }
    );
    echo::exchange(&mut client, &echo::DEFAULT_SIZES).unwrap();
    client.finish().unwrap();
    assert_eq!(
        server.join().unwrap().unwrap(),
        echo::DEFAULT_SIZES.to_vec()
    );
}

#[test]
fn version_outside_the_range_is_refused_with_the_reference_error_code() {
    let (port, server) = responder();
    let (_, public) = parse_authority_secret_key(AUTHORITY_SECRET).unwrap();
    let mut client =
        NoiseConnection::connect(&format!("127.0.0.1:{port}"), public, TIMEOUT).unwrap();
    let answer = setup::request(&mut client, &request(0, 3, 4)).unwrap();
    assert_eq!(
        answer,
        SetupAnswer::Error {
            flags: 0,
            error_code: "protocol-version-mismatch".to_owned()
        }
    );
    client.finish().unwrap();
    server.join().unwrap().unwrap();
}

#[test]
fn a_certificate_from_another_authority_fails_the_handshake() {
    let (port, server) = responder();
    let (_, other_authority) = parse_authority_secret_key(
        "0000000000000000000000000000000000000000000000000000000000000007",
    )
    .unwrap();
    let failure = NoiseConnection::connect(&format!("127.0.0.1:{port}"), other_authority, TIMEOUT)
        .err()
        .expect("handshake must fail");
    assert_eq!(failure.stage(), "handshake");
    assert!(
        failure.to_string().contains("Invalid Certificate"),
        "{failure}"
    );
    // The responder finished its half of the handshake and then saw the initiator hang up.
    assert!(server.join().unwrap().is_err());
}
