package org.reservegrid.sv2.mining;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What goes into a pool's coinbase transaction.
 *
 * @param coinbaseValue satoshis paid to {@code payoutScript}: the template's coinbasevalue (subsidy plus fees)
 * @param poolTag and {@code minerTag} form the "Sv2/pool/miner/" scriptSig tag the reference pool writes
 * @param extranonceLength bytes of the per-channel extranonce prefix that sit between prefix and suffix (max 32)
 * @param witnessCommitmentScript the BIP141 OP_RETURN output, or null when the block has no witness data
 */
public record CoinbaseSpec(
        long height,
        long coinbaseValue,
        byte[] payoutScript,
        String poolTag,
        String minerTag,
        int extranonceLength,
        byte @Nullable [] witnessCommitmentScript) {

    public static final int MAX_EXTRANONCE_LENGTH = 32;
    public static final int MAX_SCRIPT_SIG_LENGTH = 100;

    public CoinbaseSpec {
        if (coinbaseValue < 0) {
            throw new IllegalArgumentException("coinbase value must not be negative");
        }
        if (payoutScript.length == 0 || payoutScript.length > 10_000) {
            throw new IllegalArgumentException("payout script must be 1 to 10000 bytes");
        }
        if (extranonceLength < 0 || extranonceLength > MAX_EXTRANONCE_LENGTH) {
            throw new IllegalArgumentException("extranonce length must be 0 to 32 bytes");
        }
        payoutScript = payoutScript.clone();
        witnessCommitmentScript = witnessCommitmentScript == null ? null : witnessCommitmentScript.clone();
    }

    byte[] tagBytes() {
        return ("Sv2/" + poolTag + "/" + minerTag + "/").getBytes(StandardCharsets.US_ASCII);
    }
}
