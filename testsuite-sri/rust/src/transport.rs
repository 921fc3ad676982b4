//! A Noise-encrypted Stratum V2 connection over a blocking `TcpStream`, driven entirely by the
//! reference crates: `codec_sv2`'s `Handshake` states and `NoiseEncoder`/`NoiseDecoder` do the
//! handshake bytes, header encryption and 65,519-byte payload chunking.

use crate::{Failure, Result};
use binary_sv2::{GetSize, Serialize};
use codec_sv2::{
    Decoded, Decrypted, Handshake, InitiatorSent, NoiseDecoder, NoiseEncoder,
    TransportDecryptState, TransportEncryptState,
};
use framing_sv2::framing::{MessageFrame, SerializedFrame};
use framing_sv2::header::Header;
use noise_sv2::{Initiator, Responder, ELLSWIFT_ENCODING_SIZE};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A decrypted frame as received: its header fields and its payload bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Extension type with the `channel_msg` bit masked off.
    pub extension_type: u16,
    /// Whether the `channel_msg` bit (0x8000 of the extension type) was set.
    pub channel_msg: bool,
    pub msg_type: u8,
    pub payload: Vec<u8>,
}

impl Frame {
    fn from_serialized(mut frame: SerializedFrame<Vec<u8>>) -> Self {
        let header = frame.header();
        Self {
            extension_type: header.ext_type_without_channel_msg(),
            channel_msg: header.channel_msg(),
            msg_type: header.msg_type(),
            payload: frame.payload().to_vec(),
        }
    }
}

/// One end of an encrypted connection after a completed Noise NX handshake.
pub struct NoiseConnection {
    stream: TcpStream,
    encoder: NoiseEncoder,
    decoder: NoiseDecoder,
    encrypt: TransportEncryptState,
    decrypt: Option<TransportDecryptState>,
}

impl NoiseConnection {
    /// Connects to `address` and runs the handshake as initiator. The responder's certificate
    /// must be signed by `authority_public_key` (x-only) and be inside its validity window.
    pub fn connect(
        address: &str,
        authority_public_key: [u8; 32],
        timeout: Duration,
    ) -> Result<Self> {
        let stream = TcpStream::connect(address)
            .map_err(|e| Failure::new("connect", format!("cannot connect to {address}: {e}")))?;
        configure(&stream, timeout)?;
        let initiator = Initiator::from_raw_k(authority_public_key).map_err(|e| {
            Failure::new(
                "handshake",
                format!("authority key rejected by noise_sv2: {e:?}"),
            )
        })?;
        Self::initiate(stream, initiator)
    }

    fn initiate(mut stream: TcpStream, initiator: Box<Initiator>) -> Result<Self> {
        let mut encoder = NoiseEncoder::new();
        let mut decoder = NoiseDecoder::new();
        let (act1, sent) = Handshake::initiator(initiator)
            .step_0()
            .map_err(|e| Failure::new("handshake", format!("cannot build act 1: {e}")))?;
        write_all(
            &mut stream,
            &encoder.encode_handshake(act1),
            "handshake act 1",
        )?;
        let act2 = read_handshake_message::<InitiatorSent>(&mut stream, &mut decoder, "act 2")?;
        let act2: [u8; noise_sv2::INITIATOR_EXPECTED_HANDSHAKE_MESSAGE_SIZE] =
            act2.try_into().map_err(|m: Vec<u8>| {
                Failure::new("handshake", format!("act 2 has {} bytes, not 234", m.len()))
            })?;
        let transport = sent.step_2(act2).map_err(|e| {
            Failure::new(
                "handshake",
                format!("responder's act 2 rejected (certificate or decryption): {e}"),
            )
        })?;
        let (encrypt, decrypt) = transport.split();
        Ok(Self {
            stream,
            encoder,
            decoder,
            encrypt,
            decrypt: Some(decrypt),
        })
    }

    /// Runs the handshake as responder on an accepted stream, with a fresh static key certified
    /// by the authority key pair for `cert_validity`.
    pub fn accept(
        mut stream: TcpStream,
        authority_public_key: [u8; 32],
        authority_secret_key: [u8; 32],
        cert_validity: Duration,
        timeout: Duration,
    ) -> Result<Self> {
        configure(&stream, timeout)?;
        let responder = Responder::from_authority_kp(
            &authority_public_key,
            &authority_secret_key,
            cert_validity,
        )
        .map_err(|e| Failure::new("handshake", format!("authority key pair rejected: {e:?}")))?;
        let mut encoder = NoiseEncoder::new();
        let mut decoder = NoiseDecoder::new();
        let act1 = read_handshake_message::<Responder>(&mut stream, &mut decoder, "act 1")?;
        let act1: [u8; ELLSWIFT_ENCODING_SIZE] = act1.try_into().map_err(|m: Vec<u8>| {
            Failure::new("handshake", format!("act 1 has {} bytes, not 64", m.len()))
        })?;
        let (act2, transport) = Handshake::responder(responder)
            .step_1(act1)
            .map_err(|e| Failure::new("handshake", format!("initiator's act 1 rejected: {e}")))?;
        write_all(
            &mut stream,
            &encoder.encode_handshake(act2),
            "handshake act 2",
        )?;
        let (encrypt, decrypt) = transport.split();
        Ok(Self {
            stream,
            encoder,
            decoder,
            encrypt,
            decrypt: Some(decrypt),
        })
    }

    /// Encrypts and sends one message encoded by its `binary_sv2` derive.
    pub fn send_message<T: Serialize + GetSize>(
        &mut self,
        message: T,
        msg_type: u8,
        extension_type: u16,
        channel_msg: bool,
    ) -> Result<()> {
        let frame = MessageFrame::from_message(message, msg_type, extension_type, channel_msg)
            .map_err(|e| {
                Failure::new(
                    "send",
                    format!("cannot frame message 0x{msg_type:02x}: {e}"),
                )
            })?;
        let bytes = self
            .encoder
            .encode_transport(frame, &mut self.encrypt)
            .map_err(|e| {
                Failure::new(
                    "send",
                    format!("cannot encrypt message 0x{msg_type:02x}: {e}"),
                )
            })?;
        write_all(&mut self.stream, &bytes, "frame")
    }

    /// Encrypts and sends a frame whose payload is given as raw bytes (the echo frames).
    pub fn send_raw(&mut self, extension_type: u16, msg_type: u8, payload: &[u8]) -> Result<()> {
        let length = u32::try_from(payload.len())
            .ok()
            .filter(|&len| len < 1 << 24)
            .ok_or_else(|| {
                Failure::new(
                    "send",
                    format!("payload of {} bytes exceeds U24", payload.len()),
                )
            })?;
        let mut bytes = Vec::with_capacity(Header::SIZE + payload.len());
        bytes.extend_from_slice(&extension_type.to_le_bytes());
        bytes.push(msg_type);
        bytes.extend_from_slice(&length.to_le_bytes()[..3]);
        bytes.extend_from_slice(payload);
        let frame = SerializedFrame::from_bytes(bytes)
            .map_err(|hint| Failure::new("send", format!("raw frame is malformed: {hint}")))?;
        let encrypted = self
            .encoder
            .encode_transport(frame, &mut self.encrypt)
            .map_err(|e| Failure::new("send", format!("cannot encrypt raw frame: {e}")))?;
        write_all(&mut self.stream, &encrypted, "frame")
    }

    /// Receives and decrypts the next frame. `Ok(None)` means the peer closed the connection
    /// cleanly between two frames; a close inside a frame is a failure.
    pub fn receive(&mut self) -> Result<Option<Frame>> {
        let mut state = self.decrypt.take().ok_or_else(|| {
            Failure::new(
                "receive",
                "decryption failed earlier; connection is unusable",
            )
        })?;
        let mut read_any = false;
        loop {
            let outcome = self.decoder.next_transport_frame(state).map_err(|e| {
                Failure::new("receive", format!("cannot decrypt or parse frame: {e}"))
            })?;
            match outcome {
                Decrypted::Frame(frame, next) => {
                    self.decrypt = Some(next);
                    return Ok(Some(Frame::from_serialized(frame)));
                }
                Decrypted::Incomplete(0, next) => state = next,
                Decrypted::Incomplete(_, next) => {
                    match fill(&mut self.stream, self.decoder.writable())? {
                        Filled::Complete => read_any = true,
                        Filled::ClosedBeforeAnyByte if !read_any => return Ok(None),
                        Filled::ClosedBeforeAnyByte | Filled::ClosedPartway => {
                            return Err(Failure::new(
                                "receive",
                                "peer closed the connection in the middle of a frame",
                            ))
                        }
                    }
                    state = next;
                }
            }
        }
    }

    /// Receives the next frame, failing if the peer closes instead.
    pub fn expect_frame(&mut self, waiting_for: &str) -> Result<Frame> {
        self.receive()?.ok_or_else(|| {
            Failure::new(
                "receive",
                format!("peer closed the connection while we waited for {waiting_for}"),
            )
        })
    }

    /// Half-closes our side, so the peer reads a clean end of stream.
    pub fn finish(self) -> Result<()> {
        self.stream
            .shutdown(std::net::Shutdown::Write)
            .map_err(|e| Failure::new("close", format!("cannot shut down the socket: {e}")))
    }
}

fn configure(stream: &TcpStream, timeout: Duration) -> Result<()> {
    let io = |e: std::io::Error| Failure::new("connect", format!("cannot configure socket: {e}"));
    stream.set_read_timeout(Some(timeout)).map_err(io)?;
    stream.set_write_timeout(Some(timeout)).map_err(io)?;
    stream.set_nodelay(true).map_err(io)
}

fn read_handshake_message<R: codec_sv2::ExpectsHandshakeMessage>(
    stream: &mut TcpStream,
    decoder: &mut NoiseDecoder,
    what: &str,
) -> Result<Vec<u8>> {
    loop {
        let outcome = decoder
            .next_handshake_frame::<R>()
            .map_err(|e| Failure::new("handshake", format!("cannot read {what}: {e}")))?;
        match outcome {
            Decoded::Frame(message) => return Ok(message.payload().to_vec()),
            Decoded::Incomplete(0) => {}
            Decoded::Incomplete(_) => match fill(stream, decoder.writable())? {
                Filled::Complete => {}
                Filled::ClosedBeforeAnyByte | Filled::ClosedPartway => {
                    return Err(Failure::new(
                        "handshake",
                        format!("peer closed the connection before sending all of {what} (a responder closes like this when it rejects act 1; an initiator when it rejects our certificate)"),
                    ))
                }
            },
        }
    }
}

enum Filled {
    Complete,
    ClosedBeforeAnyByte,
    ClosedPartway,
}

/// Reads until `buffer` is full; the decoders hand out exactly the window they need.
fn fill(stream: &mut TcpStream, buffer: &mut [u8]) -> Result<Filled> {
    let mut filled = 0;
    while filled < buffer.len() {
        match stream.read(&mut buffer[filled..]) {
            Ok(0) if filled == 0 => return Ok(Filled::ClosedBeforeAnyByte),
            Ok(0) => return Ok(Filled::ClosedPartway),
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(Failure::new("receive", "timed out waiting for the peer"))
            }
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                return Err(Failure::new("receive", "peer reset the connection"))
            }
            Err(e) => return Err(Failure::new("receive", format!("read failed: {e}"))),
        }
    }
    Ok(Filled::Complete)
}

fn write_all(stream: &mut TcpStream, bytes: &[u8], what: &str) -> Result<()> {
    stream
        .write_all(bytes)
        .and_then(|()| stream.flush())
        .map_err(|e| {
            Failure::new(
                "send",
                format!("cannot write {what} ({} bytes): {e}", bytes.len()),
            )
        })
}
