package org.reservegrid.bitcoin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transactions and witness commitment of a getblocktemplate answer Bitcoin Core gave (testdata/fixtures/gbt),
 * read with a pattern rather than a JSON library so that this module's tests need nothing but bitcoinj.
 */
record CoreTemplateFixture(List<Tx> transactions, String defaultWitnessCommitment) {

    /** One template transaction as Core reported it: display-order txid and wtxid ({@code hash}). */
    record Tx(byte[] data, String txid, String wtxid, int weight) {}

    private static final Pattern TRANSACTION = Pattern.compile(
            "\"data\":\\s*\"([0-9a-f]+)\",\\s*\"txid\":\\s*\"([0-9a-f]{64})\",\\s*\"hash\":\\s*\"([0-9a-f]{64})\""
                    + ".*?\"weight\":\\s*(\\d+)",
            Pattern.DOTALL);

    private static final Pattern COMMITMENT = Pattern.compile("\"default_witness_commitment\":\\s*\"([0-9a-f]+)\"");

    static CoreTemplateFixture read(String name) {
        String json;
        try {
            json = Files.readString(Path.of("..", "testdata", "fixtures", "gbt", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Tx> transactions = new ArrayList<>();
        Matcher tx = TRANSACTION.matcher(json);
        while (tx.find()) {
            transactions.add(new Tx(
                    HexFormat.of().parseHex(tx.group(1)), tx.group(2), tx.group(3), Integer.parseInt(tx.group(4))));
        }
        Matcher commitment = COMMITMENT.matcher(json);
        return new CoreTemplateFixture(transactions, commitment.find() ? commitment.group(1) : "");
    }
}
