package org.reservegrid.verifier.api;

import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Time to convert a 4,000-transaction getblocktemplate result (raw transactions of 500 bytes, about 4.8 MB of
 * JSON) into a TemplatePropose, as {@code POST /api/evaluate} does (target: well under 15 ms). Run with
 * {@code -Pbenchmark -Djmh.args="GbtConversionBenchmark -f1 -wi 3 -w 2s -i 5 -r 2s"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class GbtConversionBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private byte[] json;
    private JsonNode tree;

    @Setup(Level.Trial)
    public void buildTemplate() {
        SplittableRandom random = new SplittableRandom(7);
        ObjectNode gbt = JSON.createObjectNode()
                .put("version", 536870912)
                .put("previousblockhash", "00000000000000000001a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3")
                .put("coinbasevalue", 312_500_000L)
                .put("curtime", 1_750_000_000L)
                .put("bits", "17031abe")
                .put("height", 900_000);
        ArrayNode transactions = gbt.putArray("transactions");
        byte[] raw = new byte[500];
        byte[] txid = new byte[32];
        for (int i = 0; i < 4_000; i++) {
            random.nextBytes(raw);
            random.nextBytes(txid);
            ObjectNode tx = transactions.addObject();
            tx.put("data", HexFormat.of().formatHex(raw));
            tx.put("txid", HexFormat.of().formatHex(txid));
            tx.put("hash", HexFormat.of().formatHex(txid));
            tx.putArray("depends");
            tx.put("fee", 1_000 + random.nextInt(50_000));
            tx.put("sigops", 4);
            tx.put("weight", 2_000);
        }
        json = JSON.writeValueAsBytes(gbt);
        tree = JSON.readTree(json);
    }

    @Benchmark
    public TemplatePropose convertBytesStreaming() {
        return GbtConverter.toPropose(json, 1, 2, 0);
    }

    @Benchmark
    public TemplatePropose convertParsedTree() {
        return GbtConverter.toPropose(tree, 1, 2, 0);
    }

    @Benchmark
    public TemplatePropose parseTreeThenConvert() {
        return GbtConverter.toPropose(JSON.readTree(json), 1, 2, 0);
    }
}
