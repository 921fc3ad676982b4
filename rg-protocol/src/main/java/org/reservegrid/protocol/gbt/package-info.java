/**
 * Converts a Bitcoin Core {@code getblocktemplate} result (BIP 22, BIP 23, BIP 145 fields) into a
 * {@link org.reservegrid.protocol.message.TemplatePropose}. Shared by the verifier's evaluate endpoint and the
 * template manager.
 */
@NullMarked
package org.reservegrid.protocol.gbt;

import org.jspecify.annotations.NullMarked;
