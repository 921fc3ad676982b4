package org.reservegrid.bitcoin;

/**
 * Bytes that do not follow Bitcoin's serialisation: truncated, a non-canonical CompactSize, a count that cannot be
 * allocated, trailing bytes. It is the only exception the readers of this module throw for bad input; no stack
 * trace is captured because malformed input is an expected event, not a defect.
 */
public final class BitcoinDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BitcoinDecodeException(String message) {
        super(message, null, false, false);
    }
}
