/**
 * Standard-channel share arithmetic (section 6 of {@code INTEROP-NOTES.md}): the 80-byte block header built from
 * SetNewPrevHash, NewMiningJob and SubmitSharesStandard, its double-SHA256 hash, compact {@code nbits} targets,
 * the unsigned little-endian comparison {@code hash <= target}, difficulty, and the standard-job merkle root.
 */
@NullMarked
package org.reservegrid.sv2.mining;

import org.jspecify.annotations.NullMarked;
