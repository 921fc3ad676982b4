package org.reservegrid.gateway.block;

import org.jspecify.annotations.Nullable;

/**
 * A share that met the network target, and what became of it.
 *
 * @param hash the block hash, display (big-endian) hex
 * @param result {@code pending} until template-manager answers, then its submitblock result ({@code accepted},
 *     {@code duplicate}, {@code inconclusive}, {@code rejected}) or {@code error} when it could not be reached
 * @param reason the node's reason, or what went wrong
 * @param nodeAnswer the node's answer verbatim, as template-manager relays it
 */
public record FoundBlock(
        String hash,
        long height,
        String prevHash,
        long channelId,
        String userIdentity,
        long templateSequence,
        int sizeBytes,
        long foundAt,
        String result,
        @Nullable String reason,
        @Nullable String nodeAnswer,
        @Nullable Long answeredAt) {

    FoundBlock answered(String newResult, @Nullable String newReason, @Nullable String answer, long atMillis) {
        return new FoundBlock(
                hash,
                height,
                prevHash,
                channelId,
                userIdentity,
                templateSequence,
                sizeBytes,
                foundAt,
                newResult,
                newReason,
                answer,
                atMillis);
    }
}
