package org.reservegrid.noderpc;

/**
 * Why a call to the node failed. The label is the {@code kind} of {@code rg_template_errors_total} and appears in
 * logs and in the readiness answer, so it is a stable contract.
 */
public enum NodeErrorKind {
    CONNECTION_REFUSED("node_connection_refused"),
    TIMEOUT("node_timeout"),
    UNAUTHORIZED("node_unauthorized"),
    HTTP_STATUS("node_http_error"),
    MALFORMED_RESPONSE("node_malformed_response"),
    RPC_ERROR("node_rpc_error"),
    IO("node_io_error");

    private final String label;

    NodeErrorKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
