package org.reservegrid.templates.verifier;

import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.message.TemplateVerdict;

/**
 * How a proposal ended. Exactly one outcome is delivered per proposal.
 *
 * <p>{@code latencyNanos} is measured from the hand-off to the verifier client (so it includes queueing while the
 * verifier is reconnecting) to the outcome; {@code atMillis} is the unix time of the outcome.
 */
public sealed interface VerdictOutcome {
    long latencyNanos();

    long atMillis();

    /** Stable label: accepted, rejected, timeout, unavailable or protocol_error. */
    String label();

    /** The verifier answered. */
    record Judged(long requestId, TemplateVerdict verdict, long latencyNanos, long atMillis) implements VerdictOutcome {
        @Override
        public String label() {
            return verdict.accepted() ? "accepted" : "rejected";
        }
    }

    /** No verdict within the verdict timeout. */
    record TimedOut(long requestId, long latencyNanos, long atMillis) implements VerdictOutcome {
        @Override
        public String label() {
            return "timeout";
        }
    }

    /**
     * The proposal was given up before a verdict: the queue was full while the verifier was unreachable, or the
     * client shut down. (Proposals in flight on a dropped connection are sent again, not given up.)
     *
     * @param reason verifier_queue_full or verifier_shutdown
     */
    record Unavailable(String reason, long latencyNanos, long atMillis) implements VerdictOutcome {
        @Override
        public String label() {
            return "unavailable";
        }
    }

    /** The verifier refused the proposal with a ProtocolError naming its request id. */
    record Refused(long requestId, GatewayReason reason, String detail, long latencyNanos, long atMillis)
            implements VerdictOutcome {
        @Override
        public String label() {
            return "protocol_error";
        }
    }
}
