package org.reservegrid.templates.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.bitcoin.DoubleSha256;

/**
 * A deterministic mainnet-sized getblocktemplate answer: 4,000 transactions of 120 to 200 bytes (about 2 MB of
 * JSON), with each txid computed from the data the way a node computes it (the wtxid is a distinct
 * deterministic hash), Core's field layout, a
 * dependency chain every tenth transaction, and realistic fee, weight and sigops figures.
 */
public final class LargeTemplate {
    private LargeTemplate() {}

    public static byte[] json(int transactions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        HexFormat hex = HexFormat.of();
        MessageDigest sha = sha256();
        StringBuilder out = new StringBuilder(transactions * 560);
        out.append("{\"capabilities\":[\"proposal\"],\"version\":536870912,")
                .append("\"rules\":[\"csv\",\"!segwit\",\"taproot\"],\"vbavailable\":{},\"vbrequired\":0,")
                .append("\"previousblockhash\":\"00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7\",")
                .append("\"transactions\":[");
        long totalFees = 0;
        for (int i = 0; i < transactions; i++) {
            byte[] data = new byte[120 + random.nextInt(81)];
            random.nextBytes(data);
            String dataHex = hex.formatHex(data);
            String txid = DisplayHex.format(DoubleSha256.hash(data));
            byte[] witness = dataHex.getBytes(StandardCharsets.US_ASCII);
            String wtxid = DisplayHex.format(DoubleSha256.hash(witness));
            long fee = 200 + random.nextInt(40_000);
            totalFees += fee;
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"data\":\"")
                    .append(dataHex)
                    .append("\",\"txid\":\"")
                    .append(txid)
                    .append("\",\"hash\":\"")
                    .append(wtxid)
                    .append("\",\"depends\":[");
            if (i % 10 == 9) {
                out.append(i);
            }
            out.append("],\"fee\":")
                    .append(fee)
                    .append(",\"sigops\":")
                    .append(random.nextInt(1, 9))
                    .append(",\"weight\":")
                    .append(data.length * 3 + data.length + random.nextInt(0, 200))
                    .append('}');
        }
        out.append("],\"coinbaseaux\":{},\"coinbasevalue\":")
                .append(312_500_000L + totalFees)
                .append(",\"longpollid\":\"00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7123\"")
                .append(",\"target\":\"00000000000000000002e6300000000000000000000000000000000000000000\"")
                .append(",\"mintime\":1760780492,\"mutable\":[\"time\",\"transactions\",\"prevblock\"]")
                .append(",\"noncerange\":\"00000000ffffffff\",\"sigoplimit\":80000,\"sizelimit\":4000000")
                .append(",\"weightlimit\":4000000,\"curtime\":1760780546,\"bits\":\"17002e63\",\"height\":920000")
                .append(",\"default_witness_commitment\":\"6a24aa21a9ed")
                // Any 32 bytes will do for the commitment; a single SHA-256 of a word keeps the input as it was.
                .append(DisplayHex.format(sha.digest("commitment".getBytes(StandardCharsets.US_ASCII))))
                .append("\"}");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
