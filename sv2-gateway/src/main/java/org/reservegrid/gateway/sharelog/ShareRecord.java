package org.reservegrid.gateway.sharelog;

/**
 * One accepted share as the share log stores it (one JSON line, snake_case, see docs/sv2-gateway.md).
 *
 * @param atMillis unix milliseconds when the gateway accepted it
 * @param hash the share's hash in display (big-endian) hex
 * @param difficulty the difficulty of the target it was credited at
 * @param block whether it also met the network target
 * @param templateSequence template-manager's sequence of the template the job was built from
 */
public record ShareRecord(
        long atMillis,
        long channelId,
        String userIdentity,
        long jobId,
        long sequenceNumber,
        long nonce,
        long ntime,
        long version,
        double difficulty,
        String hash,
        boolean block,
        long height,
        long templateSequence) {}
