package org.reservegrid.templates.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/**
 * Identifies the work a template describes: SHA-256 over prev hash, height, bits, version, coinbase value, the
 * witness commitment as given, and the txids in order. {@code curtime} is left out, so a template that only aged is
 * the same work. Computed from the proposal, so a template can be judged new before it is parsed for the stream.
 */
public final class TemplateFingerprint {
    private TemplateFingerprint() {}

    public static String of(TemplatePropose propose, @Nullable String witnessCommitment) {
        MessageDigest digest = sha256();
        update(digest, propose.prevHash());
        update(digest, Long.toString(propose.height()));
        update(digest, Integer.toHexString(propose.bits()));
        update(digest, Integer.toString(propose.version()));
        update(digest, Long.toString(propose.coinbaseValue()));
        update(digest, witnessCommitment == null ? "" : witnessCommitment);
        TransactionTable transactions = propose.transactions();
        for (int i = 0; i < transactions.size(); i++) {
            digest.update(transactions.txid(i));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '|');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
