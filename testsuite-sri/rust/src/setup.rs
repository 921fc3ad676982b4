//! SetupConnection and its two answers, encoded and decoded only by `common_messages_sv2`.

use crate::transport::{Frame, NoiseConnection};
use crate::{Failure, Result};
use common_messages_sv2::{
    Protocol, SetupConnection, SetupConnectionError, SetupConnectionSuccess,
    CHANNEL_BIT_SETUP_CONNECTION, CHANNEL_BIT_SETUP_CONNECTION_ERROR,
    CHANNEL_BIT_SETUP_CONNECTION_SUCCESS, ERROR_CODE_SETUP_CONNECTION_PROTOCOL_VERSION_MISMATCH,
    ERROR_CODE_SETUP_CONNECTION_UNSUPPORTED_PROTOCOL, MESSAGE_TYPE_SETUP_CONNECTION,
    MESSAGE_TYPE_SETUP_CONNECTION_ERROR, MESSAGE_TYPE_SETUP_CONNECTION_SUCCESS,
};

/// The only protocol version Stratum V2 defines.
pub const PROTOCOL_VERSION: u16 = 2;

/// Extension type of every common-protocol message.
const CORE_EXTENSION: u16 = 0;

/// What the client asks for in SetupConnection. Strings must fit STR0_255.
#[derive(Debug, Clone)]
pub struct SetupRequest {
    pub protocol: u8,
    pub min_version: u16,
    pub max_version: u16,
    pub flags: u32,
    pub endpoint_host: String,
    pub endpoint_port: u16,
    pub vendor: String,
    pub hardware_version: String,
    pub firmware: String,
    pub device_id: String,
}

/// How the server answered SetupConnection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupAnswer {
    Success { used_version: u16, flags: u32 },
    Error { flags: u32, error_code: String },
}

impl SetupAnswer {
    /// The stdout line the binaries print for this answer.
    pub fn report_line(&self) -> String {
        match self {
            Self::Success {
                used_version,
                flags,
            } => {
                format!("SETUP_CONNECTION_SUCCESS used_version={used_version} flags=0x{flags:08x}")
            }
            Self::Error { flags, error_code } => {
                format!("SETUP_CONNECTION_ERROR flags=0x{flags:08x} error_code={error_code:?}")
            }
        }
    }
}

/// Sends SetupConnection and reads the answer.
pub fn request(connection: &mut NoiseConnection, request: &SetupRequest) -> Result<SetupAnswer> {
    let protocol = Protocol::try_from(request.protocol).map_err(|()| {
        Failure::usage(format!(
            "protocol {} is not one common_messages_sv2 can encode (0, 1 or 2)",
            request.protocol
        ))
    })?;
    fn text<'a>(name: &str, value: &'a str) -> Result<binary_sv2::Str0255<'a>> {
        binary_sv2::Str0255::try_from(value)
            .map_err(|_| Failure::usage(format!("{name} is longer than 255 bytes")))
    }
    let message = SetupConnection {
        protocol,
        min_version: request.min_version,
        max_version: request.max_version,
        flags: request.flags,
        endpoint_host: text("endpoint-host", &request.endpoint_host)?,
        endpoint_port: request.endpoint_port,
        vendor: text("vendor", &request.vendor)?,
        hardware_version: text("hardware-version", &request.hardware_version)?,
        firmware: text("firmware", &request.firmware)?,
        device_id: text("device-id", &request.device_id)?,
    };
    connection.send_message(
        message,
        MESSAGE_TYPE_SETUP_CONNECTION,
        CORE_EXTENSION,
        CHANNEL_BIT_SETUP_CONNECTION,
    )?;
    let mut answer = connection.expect_frame("SetupConnection.Success or .Error")?;
    decode_answer(&mut answer)
}

fn decode_answer(frame: &mut Frame) -> Result<SetupAnswer> {
    let stage = "setup-connection";
    if frame.extension_type != CORE_EXTENSION {
        return Err(Failure::new(
            stage,
            format!(
                "expected a common-protocol answer, got extension 0x{:04x} type 0x{:02x}",
                frame.extension_type, frame.msg_type
            ),
        ));
    }
    match frame.msg_type {
        MESSAGE_TYPE_SETUP_CONNECTION_SUCCESS => {
            let success: SetupConnectionSuccess = binary_sv2::from_bytes(&mut frame.payload)
                .map_err(|e| {
                    Failure::new(
                        stage,
                        format!("SetupConnection.Success does not decode: {e:?}"),
                    )
                })?;
            Ok(SetupAnswer::Success {
                used_version: success.used_version,
                flags: success.flags,
            })
        }
        MESSAGE_TYPE_SETUP_CONNECTION_ERROR => {
            let error: SetupConnectionError =
                binary_sv2::from_bytes(&mut frame.payload).map_err(|e| {
                    Failure::new(
                        stage,
                        format!("SetupConnection.Error does not decode: {e:?}"),
                    )
                })?;
            Ok(SetupAnswer::Error {
                flags: error.flags,
                error_code: String::from_utf8_lossy(error.error_code.as_bytes()).into_owned(),
            })
        }
        other => Err(Failure::new(
            stage,
            format!(
                "expected SetupConnection.Success (0x01) or .Error (0x02), got type 0x{other:02x}"
            ),
        )),
    }
}

/// What the server saw in a SetupConnection, for its stdout report.
#[derive(Debug, Clone)]
pub struct ReceivedSetup {
    pub line: String,
    pub answer: SetupAnswer,
}

/// Reads the client's SetupConnection, answers it as a mining pool would (Success with version 2
/// for the mining protocol when 2 is in range, otherwise Error with the reference error code) and
/// returns what was received.
pub fn answer(connection: &mut NoiseConnection) -> Result<ReceivedSetup> {
    let stage = "setup-connection";
    let mut frame = connection.expect_frame("SetupConnection")?;
    if frame.extension_type != CORE_EXTENSION || frame.msg_type != MESSAGE_TYPE_SETUP_CONNECTION {
        return Err(Failure::new(
            stage,
            format!(
                "expected SetupConnection (extension 0, type 0x00), got extension 0x{:04x} type 0x{:02x}",
                frame.extension_type, frame.msg_type
            ),
        ));
    }
    let setup: SetupConnection = binary_sv2::from_bytes(&mut frame.payload)
        .map_err(|e| Failure::new(stage, format!("SetupConnection does not decode: {e:?}")))?;
    let line = format!(
        "SETUP_CONNECTION protocol={} min_version={} max_version={} flags=0x{:08x} endpoint_host={:?} endpoint_port={} vendor={:?} hardware_version={:?} firmware={:?} device_id={:?}",
        setup.protocol as u8,
        setup.min_version,
        setup.max_version,
        setup.flags,
        setup.endpoint_host.as_utf8_or_hex(),
        setup.endpoint_port,
        setup.vendor.as_utf8_or_hex(),
        setup.hardware_version.as_utf8_or_hex(),
        setup.firmware.as_utf8_or_hex(),
        setup.device_id.as_utf8_or_hex(),
    );
    let error_code = if setup.protocol != Protocol::MiningProtocol {
        Some(ERROR_CODE_SETUP_CONNECTION_UNSUPPORTED_PROTOCOL)
    } else if setup
        .get_version(PROTOCOL_VERSION, PROTOCOL_VERSION)
        .is_none()
    {
        Some(ERROR_CODE_SETUP_CONNECTION_PROTOCOL_VERSION_MISMATCH)
    } else {
        None
    };
    let answer = match error_code {
        None => {
            connection.send_message(
                SetupConnectionSuccess {
                    used_version: PROTOCOL_VERSION,
                    flags: 0,
                },
                MESSAGE_TYPE_SETUP_CONNECTION_SUCCESS,
                CORE_EXTENSION,
                CHANNEL_BIT_SETUP_CONNECTION_SUCCESS,
            )?;
            SetupAnswer::Success {
                used_version: PROTOCOL_VERSION,
                flags: 0,
            }
        }
        Some(code) => {
            connection.send_message(
                SetupConnectionError {
                    flags: 0,
                    error_code: binary_sv2::Str0255::try_from(code)
                        .map_err(|_| Failure::new(stage, "error code does not fit STR0_255"))?,
                },
                MESSAGE_TYPE_SETUP_CONNECTION_ERROR,
                CORE_EXTENSION,
                CHANNEL_BIT_SETUP_CONNECTION_ERROR,
            )?;
            SetupAnswer::Error {
                flags: 0,
                error_code: code.to_owned(),
            }
        }
    };
    Ok(ReceivedSetup { line, answer })
}
