package org.reservegrid.regtest.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Double SHA-256 and the conversions between internal byte order (what is hashed and serialized) and display order
 * (the reversed hex that RPC shows for txids and block hashes).
 */
public final class Hashes {
    private Hashes() {}

    public static byte[] sha256d(byte[] data) {
        MessageDigest sha256 = sha256();
        return sha256.digest(sha256.digest(data));
    }

    public static byte[] sha256d(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update(left);
        sha256.update(right);
        return sha256.digest(sha256.digest());
    }

    /** Internal-order bytes of a display-order hex hash (txid, block hash). */
    public static byte[] fromDisplayHex(String hex) {
        return reversed(HexFormat.of().parseHex(hex));
    }

    /** Display-order hex of internal-order hash bytes. */
    public static String toDisplayHex(byte[] internal) {
        return HexFormat.of().formatHex(reversed(internal));
    }

    /** Merkle root of internal-order leaf hashes, duplicating the last hash of an odd level, as consensus does. */
    public static byte[] merkleRoot(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a merkle tree needs at least one leaf");
        }
        List<byte[]> level = List.copyOf(leaves);
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                next.add(sha256d(left, right));
            }
            level = next;
        }
        return level.getFirst();
    }

    static byte[] reversed(byte[] bytes) {
        byte[] copy = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            copy[i] = bytes[bytes.length - 1 - i];
        }
        return copy;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
