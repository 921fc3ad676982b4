package org.reservegrid.templates.template;

import org.reservegrid.templates.metrics.ErrorKind;

/** A getblocktemplate result that cannot be used; the message names the field and is safe to log. */
public final class MalformedTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public MalformedTemplateException(String message) {
        this(ErrorKind.MALFORMED_TEMPLATE, message);
    }

    public MalformedTemplateException(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** {@code malformed_template}, or {@code template_conversion_failed} when the proposal could not be built. */
    public ErrorKind kind() {
        return kind;
    }
}
