package org.reservegrid.sv2.message;

import org.reservegrid.sv2.binary.Str0255;

/**
 * An {@code error_code} string as SRI sends it. Spec §3.5 makes these free-form printable ASCII and requires
 * receivers to log and ignore codes they do not know, so the message records keep the raw {@link Str0255}; these
 * enums are for sending and for recognising well-known codes.
 */
public interface Sv2ErrorCode {

    /** The exact wire string. */
    String code();

    default Str0255 toStr0255() {
        return Str0255.of(code());
    }
}
