//! The suite's echo convention, used to push frames of any size through both Noise stacks.
//!
//! After SetupConnection.Success, the initiator sends frames with extension type
//! [`ECHO_EXTENSION_TYPE`] (0x4000, used by no Stratum V2 extension; `channel_msg` bit clear) and
//! message type [`ECHO_REQUEST`] (0x00), one at a time. The responder answers each with the same
//! extension type, message type [`ECHO_REPLY`] (0x01) and the byte-identical payload. The
//! initiator compares the bytes, then sends the next one; when done it half-closes the socket and
//! the responder, reading a clean end of stream between two frames, closes too.
//!
//! The payload is opaque: any bytes, length 0 to 16,777,215. The default sizes straddle the
//! 65,519-byte plaintext chunk (65,535 bytes sealed with its 16-byte tag) and go well past one
//! chunk: 0, 64, 65,519, 65,520, 70,000 and 200,000 bytes.

use crate::transport::NoiseConnection;
use crate::{report, Failure, Result};

/// Extension type of the echo frames.
pub const ECHO_EXTENSION_TYPE: u16 = 0x4000;
/// Message type the initiator sends.
pub const ECHO_REQUEST: u8 = 0x00;
/// Message type the responder answers with.
pub const ECHO_REPLY: u8 = 0x01;
/// Payload sizes sent when none are given.
pub const DEFAULT_SIZES: [usize; 6] = [0, 64, 65_519, 65_520, 70_000, 200_000];

/// Deterministic, non-repeating-looking bytes for frame `index` of `size` bytes (xorshift64), so
/// a misplaced chunk cannot echo back equal by accident.
pub fn payload(size: usize, index: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ ((size as u64) << 20) ^ (index as u64 + 1);
    (0..size)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Initiator side: sends one echo request per size and checks every reply byte for byte.
pub fn exchange(connection: &mut NoiseConnection, sizes: &[usize]) -> Result<()> {
    for (index, &size) in sizes.iter().enumerate() {
        let sent = payload(size, index);
        connection.send_raw(ECHO_EXTENSION_TYPE, ECHO_REQUEST, &sent)?;
        let reply = connection.expect_frame(&format!("the echo of {size} bytes"))?;
        if reply.extension_type != ECHO_EXTENSION_TYPE
            || reply.msg_type != ECHO_REPLY
            || reply.channel_msg
        {
            return Err(Failure::new(
                "echo",
                format!(
                    "expected an echo reply (extension 0x{ECHO_EXTENSION_TYPE:04x}, type 0x{ECHO_REPLY:02x}), got extension 0x{:04x} type 0x{:02x} channel_msg={}",
                    reply.extension_type, reply.msg_type, reply.channel_msg
                ),
            ));
        }
        if reply.payload != sent {
            let first_difference = reply
                .payload
                .iter()
                .zip(&sent)
                .position(|(a, b)| a != b)
                .unwrap_or(reply.payload.len().min(sent.len()));
            return Err(Failure::new(
                "echo",
                format!(
                    "echo of {size} bytes came back as {} bytes, first difference at offset {first_difference}",
                    reply.payload.len()
                ),
            ));
        }
        report(&format!("ECHO size={size} ok"));
    }
    Ok(())
}

/// Responder side: echoes every request until the peer closes cleanly; returns the sizes seen.
pub fn serve(connection: &mut NoiseConnection) -> Result<Vec<usize>> {
    let mut sizes = Vec::new();
    while let Some(frame) = connection.receive()? {
        if frame.extension_type != ECHO_EXTENSION_TYPE
            || frame.msg_type != ECHO_REQUEST
            || frame.channel_msg
        {
            return Err(Failure::new(
                "echo",
                format!(
                    "expected an echo request (extension 0x{ECHO_EXTENSION_TYPE:04x}, type 0x{ECHO_REQUEST:02x}), got extension 0x{:04x} type 0x{:02x} channel_msg={} ({} bytes)",
                    frame.extension_type,
                    frame.msg_type,
                    frame.channel_msg,
                    frame.payload.len()
                ),
            ));
        }
        connection.send_raw(ECHO_EXTENSION_TYPE, ECHO_REPLY, &frame.payload)?;
        report(&format!("ECHO size={}", frame.payload.len()));
        sizes.push(frame.payload.len());
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_differ_between_frames_of_one_size() {
        assert_ne!(payload(64, 0), payload(64, 1));
        assert_eq!(payload(64, 3), payload(64, 3));
        assert_eq!(payload(200_000, 5).len(), 200_000);
    }
}
