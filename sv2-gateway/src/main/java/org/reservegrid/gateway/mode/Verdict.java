package org.reservegrid.gateway.mode;

import java.util.Objects;

/**
 * The verifier's judgement of one template.
 *
 * @param reasonCode the verifier's snake_case reason code ({@code accepted} for an accepted template)
 */
public record Verdict(boolean accepted, String reasonCode) {
    public static final String ACCEPTED_CODE = "accepted";

    public Verdict {
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public static Verdict accept() {
        return new Verdict(true, ACCEPTED_CODE);
    }

    public static Verdict reject(String reasonCode) {
        return new Verdict(false, reasonCode);
    }
}
