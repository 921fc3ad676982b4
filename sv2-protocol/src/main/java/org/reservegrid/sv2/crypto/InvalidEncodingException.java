package org.reservegrid.sv2.crypto;

import java.util.Objects;

/** Key text, a key file entry or a fixed-size byte string that does not decode. The message never holds secrets. */
public final class InvalidEncodingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }

    /** Never null: the constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
