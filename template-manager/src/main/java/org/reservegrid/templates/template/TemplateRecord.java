package org.reservegrid.templates.template;

import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.verifier.VerdictOutcome;

/**
 * One template: its sequence number, what the node said, the proposal sent to the verifier, timings, and (once
 * known) the verifier's outcome. The stream representations are rendered once and shared by all readers.
 */
public final class TemplateRecord {
    private final long sequence;
    private volatile @Nullable BlockTemplate template;
    private final TemplatePropose propose;
    private final String fingerprint;
    private final String source;
    private final long receivedAtMillis;
    private final long fetchNanos;
    private final long proposedAtMillis;
    private volatile @Nullable String templateJson;
    private volatile @Nullable VerdictOutcome outcome;
    private volatile @Nullable String verdictJson;

    TemplateRecord(
            long sequence,
            TemplatePropose propose,
            String fingerprint,
            String source,
            long receivedAtMillis,
            long fetchNanos,
            long proposedAtMillis) {
        this.sequence = sequence;
        this.propose = propose;
        this.fingerprint = fingerprint;
        this.source = source;
        this.receivedAtMillis = receivedAtMillis;
        this.fetchNanos = fetchNanos;
        this.proposedAtMillis = proposedAtMillis;
    }

    public long sequence() {
        return sequence;
    }

    /** The parsed template; set before the record is published (records in the hub always have it). */
    public BlockTemplate template() {
        BlockTemplate parsed = template;
        if (parsed == null) {
            throw new IllegalStateException("template " + sequence + " is not parsed yet");
        }
        return parsed;
    }

    void describe(BlockTemplate parsed) {
        template = parsed;
    }

    /** See {@link TemplateFingerprint}. */
    public String fingerprint() {
        return fingerprint;
    }

    public TemplatePropose propose() {
        return propose;
    }

    /** How the template was fetched: poll, longpoll or zmq. */
    public String source() {
        return source;
    }

    public long receivedAtMillis() {
        return receivedAtMillis;
    }

    public long fetchNanos() {
        return fetchNanos;
    }

    public long proposedAtMillis() {
        return proposedAtMillis;
    }

    /** The template event body; set by {@link TemplateHub#publish} before the record becomes visible. */
    public String templateJson() {
        String rendered = templateJson;
        if (rendered == null) {
            throw new IllegalStateException("template " + sequence + " is not published yet");
        }
        return rendered;
    }

    boolean published() {
        return templateJson != null;
    }

    void rendered(String json) {
        templateJson = json;
    }

    public @Nullable VerdictOutcome outcome() {
        return outcome;
    }

    public @Nullable String verdictJson() {
        return verdictJson;
    }

    void attach(VerdictOutcome newOutcome, String rendered) {
        outcome = newOutcome;
        verdictJson = rendered;
    }
}
