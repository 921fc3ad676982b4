package org.reservegrid.protocol.gbt;

import java.util.Objects;

/**
 * A getblocktemplate result that cannot become a proposal. The message names the JSON path of the offending
 * field (for example {@code transactions[3].fee}) and is safe to show to an API client.
 */
public final class GbtConversionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as a stable code for API error bodies. */
    public enum Problem {
        /** The input is not JSON, or its top level is not an object. */
        MALFORMED_JSON("malformed_json"),
        /** A required field is absent or null. */
        MISSING_FIELD("missing_field"),
        /** A field has the wrong type or an out-of-range value. */
        INVALID_FIELD("invalid_field");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Problem problem;
    private final String field;

    GbtConversionException(Problem problem, String field, String message) {
        super(message, null, false, false);
        this.problem = problem;
        this.field = field;
    }

    static GbtConversionException missing(String field) {
        return new GbtConversionException(
                Problem.MISSING_FIELD, field, "getblocktemplate field '" + field + "' is missing");
    }

    static GbtConversionException invalid(String field, String expectation) {
        return new GbtConversionException(
                Problem.INVALID_FIELD, field, "getblocktemplate field '" + field + "' " + expectation);
    }

    static GbtConversionException malformed(String detail) {
        return new GbtConversionException(Problem.MALFORMED_JSON, "", "not a getblocktemplate JSON object: " + detail);
    }

    public Problem problem() {
        return problem;
    }

    /** JSON path of the field, empty for {@link Problem#MALFORMED_JSON}. */
    public String field() {
        return field;
    }

    /** Never null: every factory builds a message naming the field. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
