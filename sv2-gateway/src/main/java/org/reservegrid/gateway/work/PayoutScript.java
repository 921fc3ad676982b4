package org.reservegrid.gateway.work;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Locale;
import org.reservegrid.sv2.crypto.Base58Check;

/**
 * The coinbase payout output script, from raw hex or from an address: base58check P2PKH/P2SH (BIP13) and
 * bech32/bech32m segwit addresses (BIP173, BIP350) on mainnet, testnet/signet and regtest.
 */
public final class PayoutScript {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;

    private PayoutScript() {}

    /** A script given as hex; it must be 1 to 10,000 bytes. */
    public static byte[] fromHex(String hex) {
        byte[] script;
        try {
            script = HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex");
        }
        if (script.length == 0 || script.length > 10_000) {
            throw new IllegalArgumentException("a payout script must be 1 to 10000 bytes");
        }
        return script;
    }

    /** The output script an address pays to. */
    public static byte[] fromAddress(String address) {
        String trimmed = address.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bc1") || lower.startsWith("tb1") || lower.startsWith("bcrt1")) {
            return segwit(trimmed);
        }
        return base58(trimmed);
    }

    private static byte[] base58(String address) {
        byte[] payload;
        try {
            payload = Base58Check.decode(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid base58check or bech32 address");
        }
        if (payload.length != 21) {
            throw new IllegalArgumentException("a base58 address carries a version byte and a 20-byte hash");
        }
        int version = payload[0] & 0xff;
        byte[] hash = new byte[20];
        System.arraycopy(payload, 1, hash, 0, 20);
        return switch (version) {
            // P2PKH: OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
            case 0x00, 0x6f ->
                concat(new byte[] {0x76, (byte) 0xa9, 0x14}, hash, new byte[] {(byte) 0x88, (byte) 0xac});
            // P2SH: OP_HASH160 <20> OP_EQUAL
            case 0x05, 0xc4 -> concat(new byte[] {(byte) 0xa9, 0x14}, hash, new byte[] {(byte) 0x87});
            default -> throw new IllegalArgumentException("unknown base58 address version " + version);
        };
    }

    private static byte[] segwit(String address) {
        if (address.length() > 90) {
            throw new IllegalArgumentException("bech32 address longer than 90 characters");
        }
        boolean hasLower = !address.equals(address.toUpperCase(Locale.ROOT));
        boolean hasUpper = !address.equals(address.toLowerCase(Locale.ROOT));
        if (hasLower && hasUpper) {
            throw new IllegalArgumentException("bech32 address mixes upper and lower case");
        }
        String lower = address.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.length()) {
            throw new IllegalArgumentException("bech32 address has no valid separator");
        }
        String hrp = lower.substring(0, separator);
        int[] values = new int[lower.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            int value = CHARSET.indexOf(lower.charAt(separator + 1 + i));
            if (value < 0) {
                throw new IllegalArgumentException("bech32 address has an invalid character");
            }
            values[i] = value;
        }
        int checksum = polymod(hrp, values);
        int witnessVersion = values[0];
        if (witnessVersion > 16) {
            throw new IllegalArgumentException("invalid witness version");
        }
        int expected = witnessVersion == 0 ? BECH32_CONST : BECH32M_CONST;
        if (checksum != expected) {
            throw new IllegalArgumentException("bech32 checksum mismatch");
        }
        byte[] program = convertBits(values, 1, values.length - 6);
        if (program.length < 2
                || program.length > 40
                || (witnessVersion == 0 && program.length != 20 && program.length != 32)) {
            throw new IllegalArgumentException("invalid witness program length " + program.length);
        }
        byte[] script = new byte[program.length + 2];
        script[0] = (byte) (witnessVersion == 0 ? 0x00 : 0x50 + witnessVersion);
        script[1] = (byte) program.length;
        System.arraycopy(program, 0, script, 2, program.length);
        return script;
    }

    private static int polymod(String hrp, int[] data) {
        int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        int[] expanded = new int[hrp.length() * 2 + 1 + data.length];
        for (int i = 0; i < hrp.length(); i++) {
            expanded[i] = hrp.charAt(i) >> 5;
            expanded[hrp.length() + 1 + i] = hrp.charAt(i) & 31;
        }
        System.arraycopy(data, 0, expanded, hrp.length() * 2 + 1, data.length);
        for (int value : expanded) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ value;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= generator[i];
                }
            }
        }
        return chk;
    }

    /** 5-bit groups to bytes, refusing non-zero or overlong padding (BIP173). */
    private static byte[] convertBits(int[] values, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int accumulator = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
            accumulator = (accumulator << 5) | values[i];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((accumulator >>> bits) & 0xff);
            }
        }
        if (bits >= 5 || ((accumulator << (8 - bits)) & 0xff) != 0) {
            throw new IllegalArgumentException("invalid bech32 padding");
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
