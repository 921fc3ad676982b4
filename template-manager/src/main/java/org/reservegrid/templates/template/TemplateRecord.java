package org.reservegrid.templates.template;

import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.verifier.VerdictOutcome;

/**
 * One published template: its sequence number, what the node said, the proposal sent to the verifier, timings, and
 * (once known) the verifier's outcome. The stream representations are rendered once and shared by all readers.
 */
public final class TemplateRecord {
    private final long sequence;
    private final BlockTemplate template;
    private final TemplatePropose propose;
    private final String source;
    private final long receivedAtMillis;
    private final long fetchNanos;
    private final long publishedAtMillis;
    private final String templateJson;
    private volatile @Nullable VerdictOutcome outcome;
    private volatile @Nullable String verdictJson;

    TemplateRecord(
            long sequence,
            BlockTemplate template,
            TemplatePropose propose,
            String source,
            long receivedAtMillis,
            long fetchNanos,
            long publishedAtMillis,
            TemplateJson json) {
        this.sequence = sequence;
        this.template = template;
        this.propose = propose;
        this.source = source;
        this.receivedAtMillis = receivedAtMillis;
        this.fetchNanos = fetchNanos;
        this.publishedAtMillis = publishedAtMillis;
        this.templateJson = json.template(this);
    }

    public long sequence() {
        return sequence;
    }

    public BlockTemplate template() {
        return template;
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

    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    public String templateJson() {
        return templateJson;
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
