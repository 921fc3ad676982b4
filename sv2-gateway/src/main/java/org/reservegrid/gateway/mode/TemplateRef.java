package org.reservegrid.gateway.mode;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the mode controller needs to know about a template; the service keeps the template itself and finds it
 * again by {@code sequence}.
 *
 * @param sequence the template source's id, increasing in the order templates were built (SV2 template_id)
 * @param prevHash the chain tip the template builds on, in any stable text form (hex)
 * @param verdict the verdict, when it is already known on arrival
 */
public record TemplateRef(
        long sequence, String prevHash, @Nullable Verdict verdict) {
    public TemplateRef {
        Objects.requireNonNull(prevHash, "prevHash");
    }

    /** A template whose verdict will arrive later through {@link ModeController#onVerdict}. */
    public static TemplateRef unverified(long sequence, String prevHash) {
        return new TemplateRef(sequence, prevHash, null);
    }
}
