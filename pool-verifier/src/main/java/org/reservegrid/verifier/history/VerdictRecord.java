package org.reservegrid.verifier.history;

import java.time.Instant;
import java.util.Objects;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;

/**
 * One verdict in the history: what was judged (a summary of the template), the verdict with its context, when and
 * for whom.
 *
 * @param id position in the verdict stream, unique across restarts
 * @param recordedAt when the verdict was judged; its second was the evaluation time
 * @param peer the TCP client's address, {@code host:port}
 * @param protocolVersion the template's protocol version, -1 for verdicts stored before the history kept it
 */
public record VerdictRecord(
        long id,
        Instant recordedAt,
        String peer,
        long height,
        String prevHash,
        long curtime,
        long coinbaseValue,
        int protocolVersion,
        TemplateVerdict verdict) {

    public VerdictRecord {
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(verdict, "verdict");
    }

    static VerdictRecord of(
            long id, Instant recordedAt, String peer, TemplatePropose template, TemplateVerdict verdict) {
        return new VerdictRecord(
                id,
                recordedAt,
                peer,
                template.height(),
                template.prevHash(),
                template.curtime(),
                template.coinbaseValue(),
                template.protocolVersion(),
                verdict);
    }

    /** The filter value this record matches: its reason code, or {@code accepted}. */
    public String outcome() {
        VerdictReason reason = verdict.reasonCode();
        return reason == null ? "accepted" : reason.text();
    }
}
