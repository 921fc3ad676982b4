package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerifierDecodeException;

/**
 * The policy context of a verdict: which tier applied, the thresholds in force, what was measured, which policy
 * judged, and how long it took. Operators read it to see why a template passed or failed.
 *
 * @param mempoolTxCount mempool transaction count the tier came from, or -1 when the mempool was unknown
 * @param policyVersion counts policy loads in this verifier process (1 for the start-up policy)
 * @param policyHash SHA-256 hex of the policy's canonical TOML, empty when no policy is loaded
 */
public record VerdictContext(
        FeeTier tier,
        long mempoolTxCount,
        Thresholds thresholds,
        Measured measured,
        long policyVersion,
        String policyHash,
        long evaluationMicros)
        implements Encodable {

    /** Context of a verdict reached before any policy check ran (no policy, internal error). */
    public static VerdictContext empty(FeeTier tier, long mempoolTxCount, long evaluationMicros) {
        return new VerdictContext(tier, mempoolTxCount, Thresholds.NONE, Measured.NONE, 0, "", evaluationMicros);
    }

    public VerdictContext {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(measured, "measured");
        Wire.requireShortAscii(policyHash, "policyHash");
    }

    public static VerdictContext read(ByteBuf in) {
        FeeTier tier;
        int tierCode = Wire.readU8(in, "tier");
        try {
            tier = FeeTier.fromCode(tierCode);
        } catch (IllegalArgumentException e) {
            throw VerifierDecodeException.malformed("unknown fee tier " + tierCode);
        }
        long mempoolTxCount = Wire.readLong(in, "mempool_tx_count");
        Thresholds thresholds = Thresholds.read(in);
        Measured measured = Measured.read(in);
        long policyVersion = Wire.readU32(in, "policy_version");
        String policyHash = Wire.readShortAscii(in, "policy_hash");
        long evaluationMicros = Wire.readNonNegativeLong(in, "evaluation_micros");
        return new VerdictContext(
                tier, mempoolTxCount, thresholds, measured, policyVersion, policyHash, evaluationMicros);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeByte(tier.code());
        out.writeLong(mempoolTxCount);
        thresholds.write(out);
        measured.write(out);
        out.writeInt((int) policyVersion);
        Wire.writeShortAscii(out, policyHash);
        out.writeLong(evaluationMicros);
    }

    @Override
    public int encodedLength() {
        return 1 + 8 + Thresholds.ENCODED_LENGTH + Measured.ENCODED_LENGTH + 4 + Wire.shortAsciiLength(policyHash) + 8;
    }

    /**
     * Thresholds the policy applied.
     *
     * @param minAvgFee the tier's minimum average fee per transaction, satoshis
     */
    public record Thresholds(
            long minAvgFee,
            long minTotalFees,
            long maxTxCount,
            double maxWeightRatio,
            long maxTemplateAgeSecs,
            long maxSigopsCost,
            long maxCoinbaseSigops)
            implements Encodable {
        public static final Thresholds NONE = new Thresholds(0, 0, 0, 0, 0, 0, 0);
        static final int ENCODED_LENGTH = 7 * 8;

        static Thresholds read(ByteBuf in) {
            return new Thresholds(
                    Wire.readLong(in, "min_avg_fee"),
                    Wire.readLong(in, "min_total_fees"),
                    Wire.readLong(in, "max_tx_count"),
                    Wire.readFiniteDouble(in, "max_weight_ratio"),
                    Wire.readLong(in, "max_template_age_secs"),
                    Wire.readLong(in, "max_sigops_cost"),
                    Wire.readLong(in, "max_coinbase_sigops"));
        }

        @Override
        public void write(ByteBuf out) {
            out.writeLong(minAvgFee);
            out.writeLong(minTotalFees);
            out.writeLong(maxTxCount);
            out.writeDouble(maxWeightRatio);
            out.writeLong(maxTemplateAgeSecs);
            out.writeLong(maxSigopsCost);
            out.writeLong(maxCoinbaseSigops);
        }

        @Override
        public int encodedLength() {
            return ENCODED_LENGTH;
        }
    }

    /**
     * Values measured on the template.
     *
     * @param avgFee total fees divided by the transaction count, satoshis (0 for an empty template)
     * @param weight block weight estimate: the template transactions' weights plus the policy's
     *     coinbase_reserved_weight (which stands for the header, transaction count and coinbase)
     * @param sigops transaction sigops cost plus coinbase sigops
     * @param templateAgeSecs evaluation time minus template curtime
     */
    public record Measured(
            long txCount,
            long totalFees,
            double avgFee,
            long weight,
            double weightRatio,
            long sigops,
            long coinbaseSigops,
            long templateAgeSecs)
            implements Encodable {
        public static final Measured NONE = new Measured(0, 0, 0, 0, 0, 0, 0, 0);
        static final int ENCODED_LENGTH = 8 * 8;

        static Measured read(ByteBuf in) {
            return new Measured(
                    Wire.readLong(in, "tx_count"),
                    Wire.readLong(in, "total_fees"),
                    Wire.readFiniteDouble(in, "avg_fee"),
                    Wire.readLong(in, "weight"),
                    Wire.readFiniteDouble(in, "weight_ratio"),
                    Wire.readLong(in, "sigops"),
                    Wire.readLong(in, "coinbase_sigops"),
                    Wire.readLong(in, "template_age_secs"));
        }

        @Override
        public void write(ByteBuf out) {
            out.writeLong(txCount);
            out.writeLong(totalFees);
            out.writeDouble(avgFee);
            out.writeLong(weight);
            out.writeDouble(weightRatio);
            out.writeLong(sigops);
            out.writeLong(coinbaseSigops);
            out.writeLong(templateAgeSecs);
        }

        @Override
        public int encodedLength() {
            return ENCODED_LENGTH;
        }
    }
}
