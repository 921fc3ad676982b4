package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * binary_sv2 {@code U256}: 32 raw bytes. Targets are little-endian integers in this form and hashes are their raw
 * (internal order) bytes, so {@link #compareTo} orders values as unsigned little-endian integers, which is exactly
 * the share test {@code hash <= target}. Beware that block explorers and SRI's log output print these bytes
 * reversed.
 */
public final class U256 extends FixedBytes implements Comparable<U256> {

    public static final int LENGTH = 32;
    public static final U256 ZERO = new U256(new byte[LENGTH]);
    public static final U256 MAX = fromBigInteger(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
    public static final FieldCodec<U256> CODEC = FieldCodec.of(U256::read, (out, v) -> v.write(out), v -> LENGTH);

    private U256(byte[] bytes) {
        super(bytes, LENGTH, "U256");
    }

    /** Wraps a copy of 32 raw bytes in wire order. */
    public static U256 of(byte[] bytes) {
        return new U256(bytes.clone());
    }

    /** Parses 64 hex digits in wire (little-endian) order. */
    public static U256 fromHex(String hex) {
        return new U256(HexFormat.of().parseHex(hex));
    }

    /** Encodes an integer in 0..2<sup>256</sup>-1 as its 32-byte little-endian form. */
    public static U256 fromBigInteger(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("U256 must be within 0..2^256-1: " + value);
        }
        byte[] bigEndian = value.toByteArray();
        byte[] littleEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < bigEndian.length; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return new U256(littleEndian);
    }

    public static U256 read(ByteBuf in) {
        return new U256(readBytes(in, LENGTH, "U256"));
    }

    /** The bytes read as an unsigned little-endian integer. */
    public BigInteger toBigInteger() {
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = byteAt(LENGTH - 1 - i);
        }
        return new BigInteger(1, bigEndian);
    }

    /** Compares as unsigned little-endian integers: the most significant byte is the last one. */
    @Override
    public int compareTo(U256 other) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            int difference = Byte.toUnsignedInt(byteAt(i)) - Byte.toUnsignedInt(other.byteAt(i));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
