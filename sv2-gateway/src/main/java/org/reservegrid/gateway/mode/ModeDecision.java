package org.reservegrid.gateway.mode;

import java.util.Objects;

/** What the service must do (or may log) after an input to the {@link ModeController}. */
public sealed interface ModeDecision permits ModeDecision.Distribute, ModeDecision.Hold, ModeDecision.WouldHold {

    TemplateRef template();

    /** Send this template's job to miners now. */
    record Distribute(TemplateRef template, DistributionCause cause) implements ModeDecision {
        public Distribute {
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Inline withholds this template because the verifier rejected it for {@code reasonCode}. */
    record Hold(TemplateRef template, String reasonCode) implements ModeDecision {
        public Hold {
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(reasonCode, "reasonCode");
        }
    }

    /** Observe or shadow distributed this template, but inline would have held it for {@code reasonCode}. */
    record WouldHold(TemplateRef template, String reasonCode) implements ModeDecision {
        public WouldHold {
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(reasonCode, "reasonCode");
        }
    }
}
