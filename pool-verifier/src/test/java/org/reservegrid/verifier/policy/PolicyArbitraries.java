package org.reservegrid.verifier.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/** Generators of policies, templates, mempool views and clocks for the policy engine's properties. */
final class PolicyArbitraries {
    private PolicyArbitraries() {}

    /** Mostly small, sometimes at the edges of long: thresholds that the templates can reach from both sides. */
    static Arbitrary<Long> amount() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 10_000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 5_000_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().greaterOrEqual(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, 1L, Long.MAX_VALUE)));
    }

    static Arbitrary<Policy> policies() {
        Arbitrary<long[]> fees =
                Arbitraries.longs().between(0, 10_000).array(long[].class).ofSize(3);
        Arbitrary<long[]> mempool =
                Arbitraries.longs().between(0, 200).array(long[].class).ofSize(2);
        Arbitrary<long[]> limits = amount().array(long[].class).ofSize(5);
        Arbitrary<int[]> header = Combinators.combine(
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(9, Arbitraries.just(2)),
                                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0xffff))),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(9, Arbitraries.just(64)),
                                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 255))))
                .as((version, length) -> new int[] {version, length});
        Arbitrary<Long> reserved = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(4_000L, 0L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 100_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, Policy.MAX_BLOCK_WEIGHT)));
        Arbitrary<Double> ratio = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles().between(1e-9, 1).ofScale(12)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0.999, 1.0, Double.MIN_VALUE)));
        Arbitrary<boolean[]> flags =
                Arbitraries.of(true, false).array(boolean[].class).ofSize(3);
        return Combinators.combine(header, fees, mempool, limits, flags, ratio, reserved)
                .as((h, f, m, l, b, r, w) -> {
                    long[] sortedFees = f.clone();
                    java.util.Arrays.sort(sortedFees);
                    return new Policy(
                            h[0],
                            h[1],
                            sortedFees[0],
                            sortedFees[1],
                            sortedFees[2],
                            Math.min(m[0], m[1]),
                            Math.max(m[0], m[1]),
                            l[0],
                            l[1],
                            b[0],
                            b[1],
                            b[2],
                            r,
                            l[2],
                            l[3],
                            l[4],
                            w);
                });
    }

    static Arbitrary<MempoolView> mempools() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(MempoolView.unknown())),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 250).map(MempoolView::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().greaterOrEqual(0).map(MempoolView::new)));
    }

    static Arbitrary<Long> times() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(Templates.NOW - 100, Templates.NOW + 100)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
    }

    static Arbitrary<TemplatePropose> templates() {
        Arbitrary<String> hexHash =
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64);
        Arbitrary<String> nearHexHash = Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF")
                .ofMinLength(60)
                .ofMaxLength(68);
        Arbitrary<String> anyHash =
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(255);
        Arbitrary<String> prevHash =
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, hexHash), net.jqwik.api.Tuple.of(1, anyHash));
        Arbitrary<TransactionTable> transactions = transactionTables();
        Arbitrary<Integer> protocolVersion = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.just(2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0xffff)));
        Arbitrary<Long> curtime = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(Templates.NOW - 100, Templates.NOW + 100)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Long> coinbaseValue = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(9, Arbitraries.longs().greaterOrEqual(0)));
        Arbitrary<Long> coinbaseSigops = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 30_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 0xffff_ffffL)));
        return Combinators.combine(
                        Arbitraries.longs(),
                        protocolVersion,
                        prevHash,
                        curtime,
                        coinbaseValue,
                        coinbaseSigops,
                        transactions)
                .as((id, version, hash, time, value, sigops, txs) -> new TemplatePropose(
                        id, version, hash, 0x2000_0000, 0x1703_1abe, 900_000, time, value, sigops, txs));
    }

    static Arbitrary<TransactionTable> transactionTables() {
        Arbitrary<Long> fee = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 20_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().greaterOrEqual(0)));
        Arbitrary<Integer> weight = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 40_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().greaterOrEqual(0)));
        Arbitrary<Integer> sigops = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 2_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().greaterOrEqual(0)));
        Arbitrary<long[]> row = Combinators.combine(fee, weight, sigops).as((f, w, s) -> new long[] {f, w, s});
        return row.list().ofMaxSize(300).map(rows -> {
            TransactionTable.Builder builder = TransactionTable.builder(rows.size());
            byte[] txid = new byte[32];
            for (long[] r : rows) {
                builder.add(txid, r[0], (int) r[1], (int) r[2]);
            }
            return builder.build();
        });
    }
}
