package org.reservegrid.demofeed.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The materialised part of the simulated mempool. Transactions form short chains (a child spends one unconfirmed
 * parent), selection follows Bitcoin Core's ancestor-fee-rate order, and eviction drops the cheapest entries with
 * their descendants. Every operation is deterministic: iteration follows insertion order and ties break on txid.
 */
final class Mempool {
    /** Longest unconfirmed chain the simulation builds (Core allows 25; real chains are mostly short). */
    private static final int MAX_CHAIN_DEPTH = 3;

    private static final class Entry {
        final SyntheticTransaction tx;
        final double arrivalSeconds;
        final int depth;

        @Nullable
        Entry parent;

        final List<Entry> children = new ArrayList<>(1);
        int index;

        Entry(SyntheticTransaction tx, double arrivalSeconds, @Nullable Entry parent) {
            this.tx = tx;
            this.arrivalSeconds = arrivalSeconds;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }
    }

    /** A selection candidate: an entry with the fee rate of itself plus its unconfirmed ancestors. */
    private record Candidate(Entry entry, double ancestorFeeRate) {}

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::ancestorFeeRate)
            .reversed()
            .thenComparing(candidate -> candidate.entry().tx.txid());

    private final Map<String, Entry> byTxid = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private long totalVsize;
    private long totalFee;
    private long updates;

    int size() {
        return entries.size();
    }

    long totalVsize() {
        return totalVsize;
    }

    long totalFee() {
        return totalFee;
    }

    /** Count of additions and removals so far, the counter Bitcoin Core appends to its longpollid. */
    long updates() {
        return updates;
    }

    void add(SyntheticTransaction tx, double arrivalSeconds) {
        Entry parent = tx.parentTxid() == null ? null : byTxid.get(tx.parentTxid());
        Entry entry = new Entry(tx, arrivalSeconds, parent);
        if (parent != null) {
            parent.children.add(entry);
        }
        entry.index = entries.size();
        entries.add(entry);
        byTxid.put(tx.txid(), entry);
        totalVsize += tx.vsize();
        totalFee += tx.fee();
        updates++;
    }

    /** A random entry that can still take a child without exceeding the chain depth, or null. */
    @Nullable
    SyntheticTransaction pickParent(SplittableRandom random) {
        for (int attempt = 0; attempt < 3 && !entries.isEmpty(); attempt++) {
            Entry candidate = entries.get(random.nextInt(entries.size()));
            if (candidate.depth + 1 < MAX_CHAIN_DEPTH) {
                return candidate.tx;
            }
        }
        return null;
    }

    /**
     * Fills a block the way Bitcoin Core's assembler does: candidates in descending ancestor fee rate, each added
     * together with its missing ancestors (parents first) while the weight and sigop budgets allow.
     *
     * @param arrivedBy only transactions that arrived at or before this simulated second are eligible (a parent
     *     always arrives before its children)
     */
    List<SyntheticTransaction> select(int maxWeight, int maxSigops, double arrivedBy) {
        List<Candidate> candidates = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry.arrivalSeconds <= arrivedBy) {
                candidates.add(new Candidate(entry, ancestorFeeRate(entry)));
            }
        }
        candidates.sort(BEST_FIRST);

        List<SyntheticTransaction> selected = new ArrayList<>();
        Set<Entry> included = Collections.newSetFromMap(new IdentityHashMap<>());
        long weight = 0;
        long sigops = 0;
        int misses = 0;
        List<Entry> chain = new ArrayList<>(MAX_CHAIN_DEPTH);
        for (Candidate candidate : candidates) {
            if (included.contains(candidate.entry())) {
                continue;
            }
            chain.clear();
            long chainWeight = 0;
            long chainSigops = 0;
            for (Entry e = candidate.entry(); e != null && !included.contains(e); e = e.parent) {
                chain.add(0, e);
                chainWeight += e.tx.weight();
                chainSigops += e.tx.sigops();
            }
            if (weight + chainWeight > maxWeight || sigops + chainSigops > maxSigops) {
                if (++misses > 1000 && weight > maxWeight - 4000) {
                    break;
                }
                continue;
            }
            for (Entry e : chain) {
                included.add(e);
                selected.add(e.tx);
            }
            weight += chainWeight;
            sigops += chainSigops;
        }
        return selected;
    }

    /** Removes mined transactions; their children stay, now without an unconfirmed parent. */
    void removeAll(List<SyntheticTransaction> mined) {
        for (SyntheticTransaction tx : mined) {
            Entry entry = byTxid.get(tx.txid());
            if (entry != null) {
                remove(entry);
            }
        }
    }

    /** Evicts the lowest fee-rate entries, with their descendants, until at most {@code capacity} remain. */
    void trimTo(int capacity) {
        if (entries.size() <= capacity) {
            return;
        }
        List<Entry> cheapestFirst = new ArrayList<>(entries);
        cheapestFirst.sort(
                Comparator.comparingDouble((Entry e) -> e.tx.feeRate()).thenComparing(e -> e.tx.txid()));
        for (Entry entry : cheapestFirst) {
            if (entries.size() <= capacity) {
                return;
            }
            if (byTxid.containsKey(entry.tx.txid())) {
                removeWithDescendants(entry);
            }
        }
    }

    void clear() {
        updates += entries.size();
        entries.clear();
        byTxid.clear();
        totalVsize = 0;
        totalFee = 0;
    }

    private static double ancestorFeeRate(Entry entry) {
        long fee = 0;
        long vsize = 0;
        for (Entry e = entry; e != null; e = e.parent) {
            fee += e.tx.fee();
            vsize += e.tx.vsize();
        }
        return (double) fee / vsize;
    }

    private void removeWithDescendants(Entry entry) {
        for (Entry child : List.copyOf(entry.children)) {
            removeWithDescendants(child);
        }
        remove(entry);
    }

    private void remove(Entry entry) {
        if (entry.parent != null) {
            entry.parent.children.remove(entry);
        }
        for (Entry child : entry.children) {
            child.parent = null;
        }
        Entry last = entries.remove(entries.size() - 1);
        if (last != entry) {
            entries.set(entry.index, last);
            last.index = entry.index;
        }
        byTxid.remove(entry.tx.txid());
        totalVsize -= entry.tx.vsize();
        totalFee -= entry.tx.fee();
        updates++;
    }
}
