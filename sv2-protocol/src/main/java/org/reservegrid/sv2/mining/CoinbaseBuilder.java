package org.reservegrid.sv2.mining;

import java.util.Arrays;
import org.reservegrid.bitcoin.Bip34;
import org.reservegrid.bitcoin.ByteWriter;

/**
 * Builds the coinbase the way the Stratum V2 reference pool lays it out (channels_sv2 JobFactory): version 2, one
 * null-prevout input whose scriptSig is BIP34 height push, push("Sv2/pool/miner/"), push(extranonce) with the
 * extranonce itself left out, sequence 0xfffffffe, the pool payout output, then the witness commitment output,
 * and lock time height - 1.
 */
public final class CoinbaseBuilder {
    private static final long SEQUENCE = 0xffff_fffeL;

    private CoinbaseBuilder() {}

    public static CoinbaseParts build(CoinbaseSpec spec) {
        byte[] height = Bip34.heightScript(spec.height());
        byte[] tagBytes = spec.tagBytes();
        int scriptSigLength = height.length + 1 + tagBytes.length + 1 + spec.extranonceLength();
        if (scriptSigLength > CoinbaseSpec.MAX_SCRIPT_SIG_LENGTH) {
            throw new IllegalArgumentException("coinbase scriptSig would be " + scriptSigLength
                    + " bytes; consensus allows 100 (shorten the pool or miner tag)");
        }
        byte[] tag = Scripts.push(tagBytes);
        ByteWriter prefix = new ByteWriter()
                .u32(2)
                .compactSize(1)
                .bytes(new byte[32])
                .u32(0xffff_ffffL)
                .compactSize(scriptSigLength)
                .bytes(height)
                .bytes(tag)
                .u8(spec.extranonceLength());

        byte[] commitment = spec.witnessCommitmentScript();
        ByteWriter suffix = new ByteWriter()
                .u32(SEQUENCE)
                .compactSize(commitment == null ? 1 : 2)
                .u64(spec.coinbaseValue())
                .varBytes(spec.payoutScript());
        if (commitment != null) {
            suffix.u64(0).varBytes(commitment);
        }
        suffix.u32(Math.max(0, spec.height() - 1));
        return new CoinbaseParts(prefix.toByteArray(), suffix.toByteArray(), commitment != null);
    }

    /** Whether a scriptSig begins with the BIP34 height push for {@code height}. */
    static boolean startsWithHeight(byte[] scriptSig, long height) {
        byte[] expected = Bip34.heightScript(height);
        return scriptSig.length >= expected.length
                && Arrays.equals(Arrays.copyOf(scriptSig, expected.length), expected);
    }
}
