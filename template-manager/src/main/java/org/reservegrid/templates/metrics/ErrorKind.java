package org.reservegrid.templates.metrics;

import java.util.ArrayList;
import java.util.List;
import org.reservegrid.noderpc.NodeErrorKind;

/** Error kinds counted by {@code rg_template_errors_total{kind}} besides the node's {@link NodeErrorKind}s. */
public enum ErrorKind {
    MALFORMED_TEMPLATE("malformed_template"),
    CONVERSION_FAILED("template_conversion_failed"),
    VERIFIER_CONNECT_FAILED("verifier_connect_failed"),
    VERIFIER_DISCONNECTED("verifier_disconnected"),
    VERIFIER_PROTOCOL_ERROR("verifier_protocol_error"),
    VERIFIER_FRAME_REJECTED("verifier_frame_rejected"),
    VERDICT_TIMEOUT("verdict_timeout"),
    VERDICT_UNKNOWN_REQUEST("verdict_unknown_request"),
    VERIFIER_QUEUE_FULL("verifier_queue_full"),
    ZMQ_ERROR("zmq_error"),
    STREAM_SUBSCRIBER_OVERFLOW("stream_subscriber_overflow");

    private final String label;

    ErrorKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Every kind label, node kinds included, so the counters exist (at zero) from the first scrape. */
    public static List<String> allLabels() {
        List<String> labels = new ArrayList<>();
        for (NodeErrorKind kind : NodeErrorKind.values()) {
            labels.add(kind.label());
        }
        for (ErrorKind kind : values()) {
            labels.add(kind.label());
        }
        return labels;
    }
}
