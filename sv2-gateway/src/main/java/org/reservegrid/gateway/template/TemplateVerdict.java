package org.reservegrid.gateway.template;

import org.jspecify.annotations.Nullable;

/**
 * The verifier's verdict on one template, as template-manager streams it.
 *
 * @param sequence the template it judges
 * @param outcome accepted, rejected, timeout, unavailable or protocol_error
 * @param reasonCode the verdict reason code (or why no verdict was reached), null when accepted
 */
public record TemplateVerdict(
        long sequence, String outcome, @Nullable String reasonCode) {
    public boolean accepted() {
        return "accepted".equals(outcome);
    }
}
