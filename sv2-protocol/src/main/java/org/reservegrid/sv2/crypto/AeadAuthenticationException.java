package org.reservegrid.sv2.crypto;

/** A ChaCha20-Poly1305 tag did not verify. Stackless: peers can trigger it at will. */
public final class AeadAuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    public AeadAuthenticationException(String message) {
        super(message, null, false, false);
    }
}
