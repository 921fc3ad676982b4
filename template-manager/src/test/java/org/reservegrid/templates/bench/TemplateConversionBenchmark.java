package org.reservegrid.templates.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.template.BlockTemplate;
import org.reservegrid.templates.template.BtcdCompat;
import org.reservegrid.templates.template.GbtParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parsing and converting a 4,000-transaction getblocktemplate answer (about 2 MB of JSON) into a TemplatePropose.
 * SampleTime mode, so the report has p99. Run: {@code ./mvnw -B -pl template-manager -am -Pjmh -DskipTests verify}.
 *
 * <ul>
 *   <li>{@code treeAndConvert}: JSON bytes to a tree, then {@code GbtConverter.toPropose(JsonNode, ...)}; the
 *       conversion as the service's pipeline calls it.
 *   <li>{@code servicePath}: everything the fetcher does with an answer before proposing it: tree, the full
 *       {@link BlockTemplate} for the stream (hex checks, fingerprint), btcd txid fill-in, and the conversion.
 *   <li>{@code streamingConvert}: {@code GbtConverter.toPropose(byte[], ...)} without a tree, for reference.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class TemplateConversionBenchmark {
    @Param("4000")
    int transactions;

    private final JsonMapper mapper = new JsonMapper();
    private byte[] json;

    @Setup
    public void generate() {
        json = LargeTemplate.json(transactions, 20_261_123L);
    }

    @Benchmark
    public TemplatePropose treeAndConvert() {
        JsonNode tree = mapper.readTree(json);
        return GbtConverter.toPropose(tree, 0, 2, 400);
    }

    @Benchmark
    public TemplatePropose servicePath() {
        JsonNode tree = mapper.readTree(json);
        BlockTemplate template = GbtParser.parse(tree);
        TemplatePropose propose = GbtConverter.toPropose(BtcdCompat.withTxids(tree), 0, 2, 400);
        if (template.transactions().size() != propose.transactions().size()) {
            throw new IllegalStateException("parser and converter disagree");
        }
        return propose;
    }

    @Benchmark
    public TemplatePropose streamingConvert() {
        return GbtConverter.toPropose(json, 0, 2, 400);
    }
}
