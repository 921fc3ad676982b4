/**
 * The binary_sv2 data types of the Stratum V2 specification (section 3 of {@code INTEROP-NOTES.md}; spec §3.1):
 * little-endian integers, fixed-size byte strings and length-prefixed sequences, each with strict bounds. Every
 * type speaks the same codec vocabulary: {@code static X read(ByteBuf)}, {@code void write(ByteBuf)} and
 * {@code int encodedLength()}. Malformed input becomes a {@link org.reservegrid.sv2.binary.Sv2DecodeException}.
 */
@NullMarked
package org.reservegrid.sv2.binary;

import org.jspecify.annotations.NullMarked;
