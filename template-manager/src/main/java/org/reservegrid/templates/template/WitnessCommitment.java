package org.reservegrid.templates.template;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The template's {@code default_witness_commitment} as the node gave it, and what form it has. Bitcoin Core and
 * bcoin give the whole coinbase output script ({@code 6a24aa21a9ed} + 32-byte commitment); btcd gives the bare
 * 32-byte commitment hash, and only when the template has witness transactions.
 *
 * @param given the value verbatim, null when the node gave none
 * @param script the full output script (hex) a coinbase needs, derived for the bare-hash form; null when absent or
 *     unrecognised
 */
public record WitnessCommitment(
        Form form, @Nullable String given, @Nullable String script) {
    /** OP_RETURN, push 36 bytes, then the BIP 141 commitment header aa21a9ed. */
    public static final String SCRIPT_PREFIX = org.reservegrid.bitcoin.WitnessCommitment.SCRIPT_PREFIX_HEX;

    public static final WitnessCommitment ABSENT = new WitnessCommitment(Form.ABSENT, null, null);

    public enum Form {
        /** The whole output script (Core, bcoin). */
        SCRIPT("script"),
        /** Only the 32-byte commitment hash (btcd). */
        BARE_HASH("bare_hash"),
        /** The node gave none (btcd without witness transactions, or a node without segwit). */
        ABSENT("absent"),
        /** Something else; passed on verbatim. */
        UNRECOGNISED("unrecognised");

        private final String label;

        Form(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static WitnessCommitment of(@Nullable String given) {
        if (given == null || given.isEmpty()) {
            return ABSENT;
        }
        String lower = given.toLowerCase(Locale.ROOT);
        if (!GbtParser.isHex(lower)) {
            return new WitnessCommitment(Form.UNRECOGNISED, given, null);
        }
        if (lower.length() == SCRIPT_PREFIX.length() + 64 && lower.startsWith(SCRIPT_PREFIX)) {
            return new WitnessCommitment(Form.SCRIPT, given, lower);
        }
        if (GbtParser.isHash(lower)) {
            return new WitnessCommitment(Form.BARE_HASH, given, SCRIPT_PREFIX + lower);
        }
        return new WitnessCommitment(Form.UNRECOGNISED, given, null);
    }
}
