package org.reservegrid.sv2.message;

/**
 * A message a client (the downstream end: a miner, a proxy) sends to a server, as the spec's message tables mark
 * it ("Client -> Server"). A server handles these and only these; {@link CloseChannel} goes either way, and
 * {@link UnsupportedMiningMessage} stands for undecoded types of both directions (its {@link MessageType#direction()}
 * says which).
 */
public sealed interface ClientToServer extends Sv2Message
        permits SetupConnection,
                OpenStandardMiningChannel,
                UpdateChannel,
                CloseChannel,
                SubmitSharesStandard,
                RequestExtensions,
                UnsupportedMiningMessage {}
