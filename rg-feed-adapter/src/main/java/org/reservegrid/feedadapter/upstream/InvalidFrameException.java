package org.reservegrid.feedadapter.upstream;

import java.io.Serial;
import java.util.Objects;

/** A frame from the feed that cannot be served; the message says which field is wrong, never the payload. */
public final class InvalidFrameException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    InvalidFrameException(String message) {
        super(message);
    }

    /** Never null: the constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
