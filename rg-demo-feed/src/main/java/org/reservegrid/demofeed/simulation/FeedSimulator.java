package org.reservegrid.demofeed.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.bitcoin.WitnessCommitment;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic discrete-event simulation of a template source: a chain that finds blocks, a mempool that fills
 * with arriving transactions, and a node that refreshes its getblocktemplate result on a fixed interval and at
 * every block. {@link #next()} returns the frames in order, each stamped with the simulated time it is due.
 *
 * <p>Frame content depends only on the {@link SimulationSettings}, never on the wall clock, so a seed replays a
 * stream byte for byte. Not thread-safe: one thread drives it.
 */
public final class FeedSimulator {
    static final int MAX_BLOCK_WEIGHT = 4_000_000;
    static final int MAX_BLOCK_SIGOPS_COST = 80_000;
    /** Bitcoin Core's default -blockmaxweight (3,996,000) less the 4,000 it reserves for the coinbase. */
    static final int TRANSACTION_WEIGHT_BUDGET = 3_996_000 - 4_000;
    /** Bitcoin Core reserves 400 sigop cost for the coinbase. */
    static final int TRANSACTION_SIGOPS_BUDGET = MAX_BLOCK_SIGOPS_COST - 400;
    /** Compact target of mainnet block 837,043 (from the mempool.space capture under testdata/fixtures). */
    static final String BITS = "170362d3";

    private static final long VERSION = 0x20000000L;
    private static final List<String> RULES = List.of("csv", "!segwit", "taproot");
    private static final List<String> MUTABLE = List.of("time", "transactions", "prevblock");
    private static final int CHILD_PERCENT = 12;
    private static final int FEE_SWEEP_PERIOD_TICKS = 12;
    private static final int STALE_PHASE_TICKS = 4;
    private static final int REORG_EVERY_BLOCKS = 3;
    private static final double NANOS = 1e9;

    private final SimulationSettings settings;
    private final ScenarioProfile profile;
    private final SplittableRandom blockRandom;
    private final SplittableRandom txRandom;
    private final TransactionFactory factory;
    private final Mempool mempool = new Mempool();
    private final Chain chain;
    private final JsonMapper json;
    private final long templateIntervalNanos;
    private final double blockIntervalSeconds;
    private final double arrivalsPerSecond;
    private final String target;

    private long seq;
    private long nextTickNanos;
    private long nextBlockNanos;
    private double nextArrivalSeconds;
    private long ticks;
    private long blocks;
    private long reorgs;
    private double floor;
    private long backlog;
    private @Nullable Published last;

    private record Published(
            String templateJson, MempoolInfo mempool, FrameJson.Tip tip, SimulatedFrame.Summary summary) {}

    public FeedSimulator(SimulationSettings settings) {
        this.settings = settings;
        this.profile = ScenarioProfile.of(settings.scenario());
        SplittableRandom root = new SplittableRandom(settings.seed());
        this.blockRandom = root.split();
        this.txRandom = root.split();
        this.factory = new TransactionFactory(txRandom, DoubleSha256.newHasher());
        this.json = JsonMapper.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        this.templateIntervalNanos = settings.templateInterval().toNanos();
        this.blockIntervalSeconds = settings.blockInterval().toNanos() / NANOS;
        this.arrivalsPerSecond = profile.arrivalsPerBlock() / blockIntervalSeconds;
        this.target = targetHex(BITS);
        this.chain = new Chain(
                root.split(), settings.startHeight() - 1, settings.startTime(), (long) Math.ceil(blockIntervalSeconds));
        this.floor = profile.initialFloor();
        this.backlog = profile.backlog();
        for (int i = 0; i < profile.initialTransactions(); i++) {
            addTransaction(-blockIntervalSeconds, waitingFeeRate());
        }
        // Arrivals start half a block interval before the first frame, so it already holds recent urgent ones.
        this.nextArrivalSeconds = arrivalsPerSecond > 0 ? -blockIntervalSeconds / 2 : Double.MAX_VALUE;
        this.nextTickNanos = 0;
        this.nextBlockNanos = drawBlockGapNanos();
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** The next frame of the stream. */
    public SimulatedFrame next() {
        while (true) {
            if (nextBlockNanos <= nextTickNanos) {
                long at = nextBlockNanos;
                nextBlockNanos = at + drawBlockGapNanos();
                nextTickNanos = at + templateIntervalNanos;
                advanceTo(at);
                FrameJson.Reorg reorg = connectBlock(at);
                if (stuck()) {
                    continue;
                }
                return publish(at, reorg == null ? FrameEvent.BLOCK : FrameEvent.REORG, reorg);
            }
            long at = nextTickNanos;
            nextTickNanos += templateIntervalNanos;
            ticks++;
            advanceTo(at);
            if (stuck() && last != null) {
                return frame(at, FrameEvent.STALE, null);
            }
            boolean tipMoved =
                    last != null && !last.tip().hash().equals(chain.tip().hash());
            return publish(at, tipMoved ? FrameEvent.BLOCK : FrameEvent.TEMPLATE, null);
        }
    }

    /** The stale scenario alternates healthy and frozen phases of a few template intervals each. */
    private boolean stuck() {
        return settings.scenario() == Scenario.STALE && ((ticks - 1) / STALE_PHASE_TICKS) % 2 == 1;
    }

    private void advanceTo(long atNanos) {
        if (settings.scenario() == Scenario.FEE_SWEEP) {
            return;
        }
        double seconds = atNanos / NANOS;
        while (nextArrivalSeconds <= seconds) {
            addTransaction(nextArrivalSeconds, arrivalFeeRate());
            nextArrivalSeconds += exponential(txRandom, 1 / arrivalsPerSecond);
        }
        mempool.trimTo(profile.capacity());
    }

    /** Connects the block found at {@code atNanos}; in the reorg scenario every third one replaces the tip. */
    private FrameJson.@Nullable Reorg connectBlock(long atNanos) {
        blocks++;
        long time = settings.startTime() + (long) (atNanos / NANOS);
        FrameJson.Reorg reorg = null;
        if (settings.scenario() == Scenario.REORG && blocks % REORG_EVERY_BLOCKS == 0) {
            reorgs++;
            int depth = reorgs % 2 == 1 ? 1 : 2;
            Chain.Block oldTip = chain.tip();
            List<Chain.Block> disconnected = new ArrayList<>();
            for (int i = 0; i < depth; i++) {
                disconnected.add(0, chain.disconnectTip());
            }
            // The competing branch carries the same transactions as the blocks it replaces.
            for (Chain.Block replaced : disconnected) {
                chain.extend(replaced.time());
            }
            reorg = new FrameJson.Reorg(depth, oldTip.hash());
            if (depth == 1) {
                return reorg;
            }
        }
        mineBlock(atNanos / NANOS);
        chain.extend(time);
        floor = clamp(floor * Math.exp(0.15 * blockRandom.nextGaussian()), profile.minFloor(), profile.maxFloor());
        if (profile.backlog() > 0) {
            backlog = Math.round(clamp(
                    backlog * Math.exp(0.1 * blockRandom.nextGaussian()),
                    profile.backlog() / 2.0,
                    profile.backlog() * 2.0));
        }
        return reorg;
    }

    /**
     * Removes what the block's finder mined: its template was built a little before the block was found, so
     * transactions that arrived in that window stay in the mempool.
     */
    private void mineBlock(double seconds) {
        double lag = blockIntervalSeconds * (0.005 + 0.045 * blockRandom.nextDouble());
        mempool.removeAll(mempool.select(TRANSACTION_WEIGHT_BUDGET, TRANSACTION_SIGOPS_BUDGET, seconds - lag));
    }

    private SimulatedFrame publish(long atNanos, FrameEvent event, FrameJson.@Nullable Reorg reorg) {
        double seconds = atNanos / NANOS;
        if (settings.scenario() == Scenario.FEE_SWEEP) {
            refillForSweep(seconds);
        }
        Chain.Block tip = chain.tip();
        long medianTimePast = chain.medianTimePast();
        long curtime = Math.max(medianTimePast + 1, settings.startTime() + (long) seconds);
        int height = tip.height() + 1;

        List<SyntheticTransaction> selected =
                mempool.select(TRANSACTION_WEIGHT_BUDGET, TRANSACTION_SIGOPS_BUDGET, seconds);
        Map<String, Integer> positions = new HashMap<>(selected.size() * 2);
        List<BlockTemplate.TemplateTransaction> entries = new ArrayList<>(selected.size());
        List<byte[]> wtxids = new ArrayList<>(selected.size());
        long fees = 0;
        for (SyntheticTransaction tx : selected) {
            Integer parentPosition = tx.parentTxid() == null ? null : positions.get(tx.parentTxid());
            entries.add(new BlockTemplate.TemplateTransaction(
                    tx.dataHex(),
                    tx.txid(),
                    tx.wtxid(),
                    parentPosition == null ? List.of() : List.of(parentPosition),
                    tx.fee(),
                    tx.sigops(),
                    tx.weight()));
            positions.put(tx.txid(), entries.size());
            wtxids.add(tx.wtxidInternal());
            fees += tx.fee();
        }
        long coinbaseValue = subsidy(height) + fees;
        String longPollId = tip.hash() + mempool.updates();
        BlockTemplate template = new BlockTemplate(
                List.of("proposal"),
                VERSION,
                RULES,
                Map.of(),
                0,
                tip.hash(),
                entries,
                Map.of(),
                coinbaseValue,
                longPollId,
                target,
                medianTimePast + 1,
                MUTABLE,
                "00000000ffffffff",
                MAX_BLOCK_SIGOPS_COST,
                MAX_BLOCK_WEIGHT,
                MAX_BLOCK_WEIGHT,
                curtime,
                BITS,
                height,
                defaultWitnessCommitment(wtxids));

        long backlogVsize = backlog * ScenarioProfile.BACKLOG_VSIZE;
        MempoolInfo info = MempoolInfo.of(
                mempool.size() + backlog,
                mempool.totalVsize() + backlogVsize,
                mempool.totalFee() + Math.round(backlogVsize * ScenarioProfile.BACKLOG_FEE_RATE));
        SimulatedFrame.Summary summary = new SimulatedFrame.Summary(height, tip.hash(), entries.size());
        last = new Published(
                json.writeValueAsString(template),
                info,
                new FrameJson.Tip(tip.hash(), tip.height(), tip.time(), medianTimePast),
                summary);
        return frame(atNanos, event, reorg);
    }

    private SimulatedFrame frame(long atNanos, FrameEvent event, FrameJson.@Nullable Reorg reorg) {
        Published current = Objects.requireNonNull(last);
        seq++;
        byte[] bytes = json.writeValueAsBytes(new FrameJson(
                "gbt",
                seq,
                settings.scenario().id(),
                event.id(),
                current.tip(),
                reorg,
                current.mempool(),
                current.templateJson()));
        return new SimulatedFrame(seq, Duration.ofNanos(atNanos), event, bytes, current.summary());
    }

    /**
     * The fee sweep replaces the mempool at every frame: a triangle wave over twelve template intervals takes the
     * floor from 1 sat/vB to the profile's maximum and the depth from a handful of transactions to three thousand,
     * then back.
     */
    private void refillForSweep(double seconds) {
        long position = (ticks - 1) % FEE_SWEEP_PERIOD_TICKS;
        double half = FEE_SWEEP_PERIOD_TICKS / 2.0;
        double level = position <= half ? position / half : (FEE_SWEEP_PERIOD_TICKS - position) / half;
        floor = Math.pow(profile.maxFloor(), level);
        int count = (int) Math.round(5 + 2_995 * level);
        mempool.clear();
        for (int i = 0; i < count; i++) {
            addTransaction(seconds - 1, arrivalFeeRate());
        }
    }

    private void addTransaction(double arrivalSeconds, double feeRate) {
        SyntheticTransaction parent = txRandom.nextInt(100) < CHILD_PERCENT ? mempool.pickParent(txRandom) : null;
        mempool.add(factory.create(feeRate, parent), arrivalSeconds);
    }

    /**
     * Fee rates of what has been waiting when the simulation starts: the urgent tail of earlier arrivals has
     * already been mined, so the backlog sits around the floor.
     */
    private double waitingFeeRate() {
        double r = txRandom.nextDouble();
        return txRandom.nextInt(10) < 7 ? 1.0 + (1.2 * floor - 1.0) * r : floor * (1.2 + 0.8 * r);
    }

    /** Fee rates of new arrivals: most pay a little above the floor, with a long tail of urgent ones. */
    private double arrivalFeeRate() {
        if (txRandom.nextDouble() < profile.belowFloorShare()) {
            return 1.0 + (floor - 1.0) * txRandom.nextDouble();
        }
        double band = txRandom.nextDouble();
        double r = txRandom.nextDouble();
        if (band < 0.55) {
            return floor * (1 + 0.5 * r);
        } else if (band < 0.85) {
            return floor * (1.5 + 3.5 * r);
        } else if (band < 0.97) {
            return floor * (5 + 15 * r);
        }
        return floor * (20 + 80 * r);
    }

    private long drawBlockGapNanos() {
        double mean = settings.blockInterval().toNanos();
        double gap =
                settings.blockTiming() == SimulationSettings.BlockTiming.FIXED ? mean : exponential(blockRandom, mean);
        return Math.max(1_000_000L, (long) gap);
    }

    private static double exponential(SplittableRandom random, double mean) {
        return -Math.log(1 - random.nextDouble()) * mean;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** Block subsidy in satoshis: 50 BTC halving every 210,000 blocks. */
    static long subsidy(int height) {
        int halvings = height / 210_000;
        return halvings >= 64 ? 0 : 5_000_000_000L >> halvings;
    }

    /** Expands compact bits into the 64-hex-digit target getblocktemplate reports. */
    static String targetHex(String bits) {
        int compact = (int) Long.parseLong(bits, 16);
        int exponent = compact >>> 24;
        int mantissa = compact & 0x007fffff;
        byte[] target = new byte[32];
        for (int i = 0; i < 3; i++) {
            int position = 32 - exponent + i;
            if (position >= 0 && position < 32) {
                target[position] = (byte) (mantissa >>> (8 * (2 - i)));
            }
        }
        return HexFormat.of().formatHex(target);
    }

    /**
     * The {@code default_witness_commitment} of a template: the BIP141 output script over the transactions' wtxids
     * (internal order), as hex.
     */
    static String defaultWitnessCommitment(List<byte[]> wtxids) {
        return HexFormat.of().formatHex(WitnessCommitment.script(WitnessCommitment.hash(wtxids)));
    }
}
