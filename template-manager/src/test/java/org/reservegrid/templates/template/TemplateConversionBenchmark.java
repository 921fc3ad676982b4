package org.reservegrid.templates.template;

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
import org.reservegrid.templates.bench.LargeTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsing a 4,000-transaction getblocktemplate answer (about 2 MB of JSON) once and building its TemplatePropose
 * and template event. SampleTime mode, so the report has p99. Run:
 * {@code ./mvnw -B -pl template-manager -am -Pjmh -DskipTests verify}.
 *
 * <ul>
 *   <li>{@code treeAndConvert}: JSON bytes to a tree, the one parse ({@link GbtParser#read}), the proposal built
 *       from the parsed template.
 *   <li>{@code proposalPath}: what the fetcher does between the node's answer and handing the proposal to the
 *       verifier client: tree, parse, proposal, fingerprint.
 *   <li>{@code streamPath}: what it does after that, for the stream: the template event JSON of the parsed template.
 *   <li>{@code fetchToStream}: the whole of it, from the node's bytes to the template event JSON.
 *   <li>{@code streamingConvert}: rg-protocol's {@code GbtConverter.toPropose(byte[], ...)} without a tree, the
 *       verifier's own parse behind {@code /api/evaluate}, for reference.
 *   <li>{@code diffToJson}: {@code GET /api/templates/{sequence}/diff} without HTTP: the next template (a quarter of
 *       the transactions replaced) compared with this one, at the largest limit (1,000), rendered to JSON bytes.
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
    private final JsonMapper snakeCase = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private final TemplateJson json = new TemplateJson(JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build());
    private byte[] bytes;
    private BlockTemplate template;
    private TemplatePropose propose;
    private TemplateRecord previous;
    private TemplateRecord next;

    @Setup
    public void generate() {
        bytes = LargeTemplate.json(transactions, 20_261_123L);
        template = GbtParser.parse(mapper.readTree(bytes));
        propose = template.propose(2, 400);
        previous = new TemplateRecord(1, propose, "fingerprint", "poll", 0, 0, 0);
        previous.describe(template);
        ObjectNode replaced = (ObjectNode) mapper.readTree(bytes);
        ArrayNode transactions = (ArrayNode) replaced.get("transactions");
        for (int i = 0; i < transactions.size(); i += 4) {
            ObjectNode transaction = (ObjectNode) transactions.get(i);
            transaction.put("txid", String.format("%064x", i));
            transaction.remove("depends");
        }
        BlockTemplate nextTemplate = GbtParser.parse(replaced);
        next = new TemplateRecord(2, nextTemplate.propose(2, 400), "fingerprint-2", "poll", 0, 0, 0);
        next.describe(nextTemplate);
    }

    @Benchmark
    public TemplatePropose treeAndConvert() {
        return GbtParser.read(mapper.readTree(bytes)).template().propose(2, 400);
    }

    @Benchmark
    public String proposalPath() {
        BlockTemplate parsed = GbtParser.read(mapper.readTree(bytes)).template();
        TemplatePropose converted = parsed.propose(2, 400);
        return TemplateFingerprint.of(converted, parsed.witnessCommitment().given());
    }

    @Benchmark
    public String streamPath() {
        TemplateRecord record = new TemplateRecord(1, propose, "fingerprint", "poll", 0, 0, 0);
        record.describe(template);
        return json.template(record);
    }

    @Benchmark
    public String fetchToStream() {
        BlockTemplate parsed = GbtParser.read(mapper.readTree(bytes)).template();
        TemplatePropose converted = parsed.propose(2, 400);
        String fingerprint =
                TemplateFingerprint.of(converted, parsed.witnessCommitment().given());
        TemplateRecord record = new TemplateRecord(1, converted, fingerprint, "poll", 0, 0, 0);
        record.describe(parsed);
        return json.template(record);
    }

    @Benchmark
    public byte[] diffToJson() {
        return snakeCase.writeValueAsBytes(TemplateDiff.between(next, previous, 1000));
    }

    @Benchmark
    public TemplatePropose streamingConvert() {
        return GbtConverter.toPropose(bytes, 0, 2, 400);
    }
}
