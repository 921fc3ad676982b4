package org.reservegrid.gateway.work;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.gateway.template.StreamTemplate;
import org.reservegrid.sv2.mining.CoinbaseBuilder;
import org.reservegrid.sv2.mining.CoinbaseParts;
import org.reservegrid.sv2.mining.CoinbaseSpec;
import org.reservegrid.sv2.mining.MerklePath;
import org.reservegrid.sv2.mining.Scripts;

/**
 * Turns a template into {@link Work}: the reference pool's coinbase layout paying the whole coinbase value to the
 * pool's payout script, tagged {@code Sv2/<pool tag>//}, with room for a per-channel extranonce prefix of
 * {@link #EXTRANONCE_LENGTH} bytes. The BIP141 commitment is the node's (whole script or bare hash) or, when the
 * node gave none but the template has witness data, computed from the wtxids.
 */
public final class WorkFactory {
    /** Per-channel extranonce prefix: 4 bytes of per-process salt, 4 bytes of channel id. */
    public static final int EXTRANONCE_LENGTH = 8;

    private final byte[] payoutScript;
    private final String poolTag;

    public WorkFactory(byte[] payoutScript, String poolTag) {
        this.payoutScript = payoutScript.clone();
        this.poolTag = poolTag;
    }

    /** The node's commitment as an output script, or null when it gave none or something unrecognisable. */
    private static byte @Nullable [] given(byte @Nullable [] commitment) {
        if (commitment == null) {
            return null;
        }
        try {
            return Scripts.witnessCommitmentFromTemplate(commitment);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Work build(StreamTemplate template) {
        List<StreamTemplate.Transaction> txs = template.transactions();
        byte[] commitment = given(template.witnessCommitment());
        String commitmentSource;
        if (commitment != null) {
            commitmentSource = "given";
        } else if (txs.stream().anyMatch(tx -> !Arrays.equals(tx.txid(), tx.wtxid()))) {
            commitment = Scripts.witnessCommitmentScript(MerklePath.witnessCommitment(
                    txs.stream().map(StreamTemplate.Transaction::wtxid).toList()));
            commitmentSource = "computed";
        } else {
            commitment = null;
            commitmentSource = "none";
        }
        // CoinbaseSpec's commitment is byte @Nullable [], but javac (seen with JDK 25) writes that annotation of a
        // compact constructor's array parameter with the wrong target, so NullAway reads a non-null parameter.
        @SuppressWarnings("NullAway")
        CoinbaseSpec spec = new CoinbaseSpec(
                template.height(), template.coinbaseValue(), payoutScript, poolTag, "", EXTRANONCE_LENGTH, commitment);
        CoinbaseParts coinbase = CoinbaseBuilder.build(spec);
        return new Work(
                template,
                coinbase,
                MerklePath.forCoinbase(
                        txs.stream().map(StreamTemplate.Transaction::txid).toList()),
                commitmentSource);
    }
}
