package org.reservegrid.sv2.message;

import org.reservegrid.sv2.binary.Str0255;

/**
 * An {@code error_code} string as SRI sends it. Spec §3.5 makes these free-form printable ASCII and requires
 * receivers to log and ignore codes they do not know, so the message records keep the raw {@link Str0255}; these
 * enums are for sending and for recognising well-known codes: every code a ReserveGrid role sends is one of them, so
 * no wire error string is written by hand anywhere else.
 */
public interface Sv2ErrorCode {

    /** The exact wire string. */
    String code();

    /**
     * Whether SRI (the reference implementation) sends this code. The others are codes this project's pool sends
     * where SRI has none; spec §3.5 allows any printable ASCII code.
     */
    boolean referencePool();

    default Str0255 toStr0255() {
        return Str0255.of(code());
    }
}
