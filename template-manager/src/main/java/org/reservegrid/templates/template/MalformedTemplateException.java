package org.reservegrid.templates.template;

/** A getblocktemplate result that cannot be used; the message names the field and is safe to log. */
public final class MalformedTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedTemplateException(String message) {
        super(message, null, false, false);
    }
}
