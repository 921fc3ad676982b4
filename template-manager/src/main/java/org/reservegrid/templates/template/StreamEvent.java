package org.reservegrid.templates.template;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of the template stream.
 *
 * @param id {@code <sequence>} for a template event, {@code <sequence>-v} for its verdict event
 * @param name {@code template} or {@code verdict}
 * @param data the JSON body, one line
 * @param template the template of a template event (null for a verdict event), for the summary view
 */
public record StreamEvent(
        String id, String name, String data, @Nullable TemplateRecord template) {
    static StreamEvent template(TemplateRecord record) {
        return new StreamEvent(Long.toString(record.sequence()), "template", record.templateJson(), record);
    }

    static StreamEvent verdict(TemplateRecord record, String verdictJson) {
        return new StreamEvent(record.sequence() + "-v", "verdict", verdictJson, null);
    }

    /**
     * The event as the summary view sends it: a template event carries the template's one-row summary (as
     * {@code GET /api/templates} lists it, a few hundred bytes) instead of the whole template with every transaction
     * (megabytes on mainnet); a verdict event is unchanged.
     */
    public String summaryData(TemplateJson json) {
        return template == null ? data : json.compactJson(template);
    }
}
