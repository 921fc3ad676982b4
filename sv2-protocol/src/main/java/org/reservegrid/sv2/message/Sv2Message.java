package org.reservegrid.sv2.message;

/**
 * A decoded Stratum V2 message. The hierarchy is closed so that encoders and handlers can switch over it
 * exhaustively; {@link UnsupportedMiningMessage} stands for the extended-channel and custom-job messages that are
 * recognised but not decoded in full.
 */
public sealed interface Sv2Message
        permits SetupConnection,
                SetupConnectionSuccess,
                SetupConnectionError,
                ChannelEndpointChanged,
                Reconnect,
                OpenStandardMiningChannel,
                OpenStandardMiningChannelSuccess,
                OpenMiningChannelError,
                NewMiningJob,
                UpdateChannel,
                UpdateChannelError,
                CloseChannel,
                SetExtranoncePrefix,
                SubmitSharesStandard,
                SubmitSharesSuccess,
                SubmitSharesError,
                SetNewPrevHash,
                SetTarget,
                SetGroupChannel,
                RequestExtensions,
                RequestExtensionsSuccess,
                RequestExtensionsError,
                UnsupportedMiningMessage {

    /** The wire type of this message. */
    MessageType messageType();
}
