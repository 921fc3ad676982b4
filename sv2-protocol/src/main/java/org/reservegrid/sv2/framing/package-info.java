/**
 * Stratum V2 framing (spec §3.2, section 1 of {@code INTEROP-NOTES.md}): the 6-byte plaintext header that
 * precedes every message payload, and the length limits checked before a payload is buffered. Framing knows
 * nothing about message contents; {@code org.reservegrid.sv2.message} decodes payloads.
 */
@NullMarked
package org.reservegrid.sv2.framing;

import org.jspecify.annotations.NullMarked;
