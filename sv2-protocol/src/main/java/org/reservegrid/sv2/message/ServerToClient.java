package org.reservegrid.sv2.message;

/**
 * A message a server (the upstream end: a pool, a proxy towards its miners) sends to a client, as the spec's
 * message tables mark it ("Server -> Client"). A server's write path takes only these, so it cannot send a message
 * that only clients send; {@link CloseChannel} goes either way, and {@link UnsupportedMiningMessage} stands for
 * undecoded types of both directions.
 */
public sealed interface ServerToClient extends Sv2Message
        permits SetupConnectionSuccess,
                SetupConnectionError,
                ChannelEndpointChanged,
                Reconnect,
                OpenStandardMiningChannelSuccess,
                OpenMiningChannelError,
                NewMiningJob,
                UpdateChannelError,
                CloseChannel,
                SetExtranoncePrefix,
                SubmitSharesSuccess,
                SubmitSharesError,
                SetNewPrevHash,
                SetTarget,
                SetGroupChannel,
                RequestExtensionsSuccess,
                RequestExtensionsError,
                UnsupportedMiningMessage {}
