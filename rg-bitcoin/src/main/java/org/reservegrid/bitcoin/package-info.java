/**
 * Bitcoin primitives shared by every module, with no dependency beyond the JDK: {@link DoubleSha256} (with a
 * reusable {@link DoubleSha256.Hasher} for hot loops), {@link DisplayHex} (reversed hex to and from internal order),
 * {@link CompactSize}, the little-endian {@link ByteWriter}, {@link Merkle} roots and coinbase paths, the BIP141
 * {@link WitnessCommitment}, the {@link Bip34} height script, the 80-byte {@link BlockHeader} and
 * {@link Transaction} serialisation with and without witnesses. Readers throw only {@link BitcoinDecodeException}
 * for malformed bytes.
 */
@NullMarked
package org.reservegrid.bitcoin;

import org.jspecify.annotations.NullMarked;
