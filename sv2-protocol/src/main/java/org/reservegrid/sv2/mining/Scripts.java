package org.reservegrid.sv2.mining;

import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.bitcoin.WitnessCommitment;

/** The few script encodings a pool needs to build a coinbase beyond rg-bitcoin's BIP34 and BIP141 scripts. */
public final class Scripts {

    private Scripts() {}

    /** A direct data push (up to 75 bytes, all a coinbase scriptSig can hold anyway). */
    public static byte[] push(byte[] data) {
        if (data.length > 75) {
            throw new IllegalArgumentException("pushes over 75 bytes are not used in a coinbase scriptSig");
        }
        byte[] out = new byte[data.length + 1];
        out[0] = (byte) data.length;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /**
     * The commitment output script from a template's {@code default_witness_commitment}: Bitcoin Core and bcoin
     * give the whole script, btcd gives the bare 32-byte hash.
     */
    public static byte[] witnessCommitmentFromTemplate(byte[] given) {
        if (given.length == DoubleSha256.LENGTH) {
            return WitnessCommitment.script(given);
        }
        if (WitnessCommitment.isScript(given)) {
            return given.clone();
        }
        throw new IllegalArgumentException(
                "default_witness_commitment is neither a 32-byte hash nor a commitment script");
    }
}
