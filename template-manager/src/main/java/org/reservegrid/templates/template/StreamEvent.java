package org.reservegrid.templates.template;

/**
 * One server-sent event of the template stream.
 *
 * @param id {@code <sequence>} for a template event, {@code <sequence>-v} for its verdict event
 * @param name {@code template} or {@code verdict}
 * @param data the JSON body, one line
 */
public record StreamEvent(String id, String name, String data) {
    static StreamEvent template(TemplateRecord record) {
        return new StreamEvent(Long.toString(record.sequence()), "template", record.templateJson());
    }

    static StreamEvent verdict(TemplateRecord record, String verdictJson) {
        return new StreamEvent(record.sequence() + "-v", "verdict", verdictJson);
    }
}
