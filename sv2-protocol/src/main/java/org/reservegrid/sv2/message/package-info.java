/**
 * Stratum V2 Common and Mining protocol messages for standard channels, plus extensions negotiation, as immutable
 * records in one sealed hierarchy ({@link org.reservegrid.sv2.message.Sv2Message}). Each record carries its own
 * stateless codec ({@code read}, {@code write}, {@code encodedLength}); {@link org.reservegrid.sv2.message.Sv2Messages}
 * dispatches decoding by {@link org.reservegrid.sv2.message.MessageType} and encodes with an exhaustive switch.
 * Error-code strings and setup flags are enums tested against the documented SRI lists.
 */
@NullMarked
package org.reservegrid.sv2.message;

import org.jspecify.annotations.NullMarked;
