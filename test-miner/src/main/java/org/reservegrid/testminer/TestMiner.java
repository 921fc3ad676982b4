package org.reservegrid.testminer;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.DisplayHex;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.ChannelEndpointChanged;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.MiningSetupFlag;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenMiningChannelError;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.Reconnect;
import org.reservegrid.sv2.message.RequestExtensions;
import org.reservegrid.sv2.message.RequestExtensionsError;
import org.reservegrid.sv2.message.RequestExtensionsSuccess;
import org.reservegrid.sv2.message.SetExtranoncePrefix;
import org.reservegrid.sv2.message.SetGroupChannel;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2Protocol;
import org.reservegrid.sv2.message.UnsupportedMiningMessage;
import org.reservegrid.sv2.message.UpdateChannel;
import org.reservegrid.sv2.message.UpdateChannelError;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testminer.connection.PoolConnection;
import org.reservegrid.testminer.connection.PoolEvent;
import org.reservegrid.testminer.shares.ShareLedger;
import org.reservegrid.testminer.work.ChannelWork;
import org.reservegrid.testminer.work.NonceGrinder;
import org.reservegrid.testminer.work.Work;

/**
 * One test-miner session. Lifecycle, all on the calling thread: connect and run the Noise handshake (the gateway's
 * certificate must be signed by the authority key), SetupConnection for the mining protocol with standard jobs,
 * OpenStandardMiningChannel, wait for a job and a chain tip, then for each planned share: grind a nonce that meets
 * the channel target (or pick a random one with {@code --random-nonces}), wait for its slot, and submit it; finally
 * wait for the outstanding acknowledgements. Pool messages are handled between nonce-search chunks, so a new chain
 * tip or target redirects the search within milliseconds. The first failure ends the session; the report says which
 * stage failed and why.
 */
public final class TestMiner {

    /** Nonces hashed between looks at the pool's messages (a few tens of milliseconds). */
    private static final long HASHES_PER_CHUNK = 20_000;

    private static final long REQUEST_ID = 1;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_SLICE = Duration.ofMillis(50);

    private final TestMinerOptions options;
    private final PrintStream log;
    private final SecureRandom random = new SecureRandom();
    private final NonceGrinder grinder = new NonceGrinder();
    private final ShareLedger ledger = new ShareLedger();

    private @Nullable PoolConnection connection;
    private boolean handshakeCompleted;
    private @Nullable Sv2Message setupAnswer;
    private @Nullable Sv2Message channelAnswer;
    private long channelId = -1;
    private long groupChannelId = -1;
    private @Nullable ChannelWork work;
    private @Nullable MinerFailure pendingFailure;
    private long hashes;
    private long grindNanos;
    private double maxAckMillis;
    private long nextSequenceNumber = 1;
    private long nonceCursor;
    private long nonceCursorGeneration = -1;

    public TestMiner(TestMinerOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Why the session stopped early: the stage and a sentence for the operator. */
    private static final class MinerFailure extends Exception {
        private static final long serialVersionUID = 1L;

        MinerFailure(String stage, String reason) {
            super(stage + ": " + reason, null, false, false);
        }
    }

    public MinerReport run() throws InterruptedException {
        String failure = null;
        try (PoolConnection pool = connect()) {
            connection = pool;
            session();
        } catch (MinerFailure e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "connect: " + e.getMessage();
        }
        ChannelWork channelWork = work;
        return new MinerReport(
                options.host() + ":" + options.port(),
                options.identity(),
                options.randomNonces(),
                failure,
                channelId,
                channelWork == null ? 0 : Targets.difficulty(channelWork.channelTarget()),
                options.shares(),
                ledger.submittedCount(),
                ledger.acceptedCount(),
                ledger.rejected(),
                ledger.staleInFlight(),
                ledger.pendingSequenceNumbers(),
                ledger.anomalies(),
                ledger.successMessages(),
                ledger.sharesSum(),
                hashes,
                grindNanos / 1e9,
                maxAckMillis);
    }

    private PoolConnection connect() throws IOException {
        say(
                "connecting to %s:%d, expecting a certificate from authority %s",
                options.host(), options.port(), HexFormat.of().formatHex(options.authorityXOnly()));
        return PoolConnection.open(
                options.host(), options.port(), options.authorityXOnly(), CONNECT_TIMEOUT, options.jobTimeout());
    }

    private void session() throws MinerFailure, InterruptedException {
        awaitUntil(() -> handshakeCompleted, options.jobTimeout(), "handshake", "the Noise handshake");

        send(SetupConnection.mining(
                MiningSetupFlag.REQUIRES_STANDARD_JOBS.mask(),
                options.host(),
                options.port(),
                "ReserveGrid",
                "cpu",
                "test-miner",
                options.identity()));
        awaitUntil(() -> setupAnswer != null, options.jobTimeout(), "setup-connection", "SetupConnection's answer");
        if (setupAnswer instanceof SetupConnectionError error) {
            throw new MinerFailure(
                    "setup-connection",
                    "refused with " + error.errorCode().asString() + " (flags 0x" + Long.toHexString(error.flags())
                            + ")");
        }

        send(new OpenStandardMiningChannel(REQUEST_ID, options.identity(), options.hashrate(), U256.MAX));
        awaitUntil(() -> channelAnswer != null, options.jobTimeout(), "open-channel", "the channel to open");
        if (channelAnswer instanceof OpenMiningChannelError error) {
            throw new MinerFailure(
                    "open-channel", "refused with " + error.errorCode().asString());
        }

        awaitUntil(this::hasWork, options.jobTimeout(), "job", "a job and a chain tip (NewMiningJob, SetNewPrevHash)");

        long firstSlot = System.nanoTime();
        int sent = 0;
        while (true) {
            while (sent < sharesOwed()) {
                submitOneShare(sent + 1, firstSlot + sent * options.interval().toNanos());
                sent++;
            }
            say(
                    "submitted %d shares; waiting up to %d ms for the outstanding acknowledgements",
                    sent, options.ackTimeout().toMillis());
            int submittedSoFar = sent;
            boolean answered = waitUntil(
                    () -> ledger.pendingCount() == 0 || staleReplacementsOwed(submittedSoFar), options.ackTimeout());
            if (sharesOwed() > sent) {
                continue;
            }
            if (!answered) {
                say(
                        "%d shares still unanswered: sequence numbers %s",
                        ledger.pendingCount(), ledger.pendingSequenceNumbers());
            }
            return;
        }
    }

    private boolean staleReplacementsOwed(int sent) {
        return options.shares() + ledger.staleInFlight().size() > sent;
    }

    /**
     * The planned shares plus one for each that went stale in flight (a new chain tip crossed it on the wire), up to
     * as many again as planned.
     */
    private int sharesOwed() throws MinerFailure {
        int stale = ledger.staleInFlight().size();
        if (stale > options.shares()) {
            throw new MinerFailure(
                    "share", stale + " shares went stale in flight: the chain tip changes faster than shares go out");
        }
        return options.shares() + stale;
    }

    private void submitOneShare(int number, long slotNanos) throws MinerFailure, InterruptedException {
        while (true) {
            Candidate candidate = options.randomNonces() ? randomCandidate() : grind();
            long waitNanos = slotNanos - System.nanoTime();
            if (waitNanos > 0) {
                waitUntil(() -> false, Duration.ofNanos(waitNanos));
            } else {
                pumpEvents();
            }
            ChannelWork channelWork = requireWork();
            if (channelWork.generation() != candidate.work().generation()) {
                say("work changed before share %d went out; searching again", number);
                continue;
            }
            long sequenceNumber = nextSequenceNumber++;
            Work source = candidate.work();
            SubmitSharesStandard share = new SubmitSharesStandard(
                    channelId, sequenceNumber, source.jobId(), candidate.nonce(), candidate.ntime(), source.version());
            ledger.submitted(new ShareLedger.Submitted(
                    sequenceNumber,
                    source.jobId(),
                    candidate.nonce(),
                    candidate.ntime(),
                    source.version(),
                    System.nanoTime(),
                    channelWork.tipsSeen()));
            send(share);
            say(
                    "share %d/%d sent: sequence %d, job %d, nonce 0x%08x, ntime %d, hash %s (%s)",
                    number,
                    sharesOwed(),
                    sequenceNumber,
                    source.jobId(),
                    candidate.nonce(),
                    candidate.ntime(),
                    displayOrder(candidate.hash()),
                    candidate.checked()
                            ? String.format(Locale.ROOT, "meets the target after %,d hashes", candidate.hashes())
                            : "unchecked");
            return;
        }
    }

    /** A share to submit: work, header fields, and whether its hash was checked against the target. */
    private record Candidate(Work work, long nonce, long ntime, U256 hash, long hashes, boolean checked) {}

    private Candidate randomCandidate() throws MinerFailure, InterruptedException {
        Work current = awaitWork();
        long ntime = ntimeFor(current);
        long nonce = random.nextInt() & 0xFFFF_FFFFL;
        return new Candidate(current, nonce, ntime, current.header(ntime, nonce).hash(), 0, false);
    }

    /** Searches nonces chunk by chunk, following the pool's messages in between, until one meets the target. */
    private Candidate grind() throws MinerFailure, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + options.jobTimeout().toNanos();
        long hashesForThisShare = 0;
        try {
            while (true) {
                pumpEvents();
                Work current = awaitWork();
                if (current.generation() != nonceCursorGeneration) {
                    nonceCursorGeneration = current.generation();
                    nonceCursor = random.nextInt() & 0xFFFF_FFFFL;
                }
                long ntime = ntimeFor(current);
                NonceGrinder.Result result = grinder.search(current, ntime, nonceCursor, HASHES_PER_CHUNK);
                hashes += result.hashes();
                hashesForThisShare += result.hashes();
                nonceCursor = (nonceCursor + result.hashes()) & 0xFFFF_FFFFL;
                if (result.found()) {
                    BlockHeader header = current.header(ntime, result.nonce());
                    if (!header.hash().equals(result.hash()) || !Targets.meets(header.hash(), current.target())) {
                        throw new IllegalStateException("nonce search and BlockHeader disagree on a share's hash");
                    }
                    return new Candidate(current, result.nonce(), ntime, result.hash(), hashesForThisShare, true);
                }
                if (System.nanoTime() - deadline > 0) {
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    throw new MinerFailure(
                            "grind",
                            String.format(
                                    Locale.ROOT,
                                    "no nonce met the channel target (difficulty %.6g, about %,.0f hashes per share)"
                                            + " within %.0f s; this CPU did %,d hashes (%.0f h/s). Announce a lower"
                                            + " --hashrate so the gateway hands out an easier target.",
                                    Targets.difficulty(current.target()),
                                    Targets.expectedHashes(current.target()),
                                    elapsed,
                                    hashesForThisShare,
                                    hashesForThisShare / Math.max(elapsed, 1e-9)));
                }
            }
        } finally {
            grindNanos += System.nanoTime() - started;
        }
    }

    /** The wall clock, but never below the pool's minimum. */
    private static long ntimeFor(Work current) {
        return Math.max(current.minNtime(), System.currentTimeMillis() / 1000);
    }

    private boolean hasWork() {
        ChannelWork channelWork = work;
        return channelWork != null && channelWork.current().isPresent();
    }

    private ChannelWork requireWork() throws MinerFailure {
        ChannelWork channelWork = work;
        if (channelWork == null) {
            throw new MinerFailure("job", "no channel is open");
        }
        return channelWork;
    }

    private Work awaitWork() throws MinerFailure, InterruptedException {
        awaitUntil(this::hasWork, options.jobTimeout(), "job", "a job on the current chain tip");
        Optional<Work> current = requireWork().current();
        if (current.isEmpty()) {
            throw new MinerFailure("job", "no job on the current chain tip");
        }
        return current.get();
    }

    private void send(Sv2Message message) throws MinerFailure {
        PoolConnection pool = connection;
        if (pool == null) {
            throw new MinerFailure("send", "not connected");
        }
        pool.send(message);
    }

    // Events.

    /** Handles pool events until {@code condition} holds; fails the session on timeout or on a failure event. */
    private void awaitUntil(BooleanSupplier condition, Duration timeout, String stage, String waitingFor)
            throws MinerFailure, InterruptedException {
        if (!waitUntil(condition, timeout)) {
            throw new MinerFailure(stage, "timed out after " + timeout.toMillis() + " ms waiting for " + waitingFor);
        }
    }

    /** Handles pool events until {@code condition} holds or {@code timeout} passes; a failure event throws. */
    private boolean waitUntil(BooleanSupplier condition, Duration timeout) throws MinerFailure, InterruptedException {
        PoolConnection pool = connection;
        if (pool == null) {
            throw new MinerFailure("connect", "not connected");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            throwPendingFailure();
            if (condition.getAsBoolean()) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            PoolEvent event = pool.poll(Duration.ofNanos(Math.min(remaining, POLL_SLICE.toNanos())));
            if (event != null) {
                handle(event);
            }
        }
    }

    /** Handles every event already queued, without waiting. */
    private void pumpEvents() throws MinerFailure, InterruptedException {
        PoolConnection pool = connection;
        if (pool == null) {
            throw new MinerFailure("connect", "not connected");
        }
        for (PoolEvent event = pool.poll(Duration.ZERO); event != null; event = pool.poll(Duration.ZERO)) {
            handle(event);
        }
        throwPendingFailure();
    }

    private void throwPendingFailure() throws MinerFailure {
        MinerFailure failure = pendingFailure;
        if (failure != null) {
            throw failure;
        }
    }

    private void fail(String stage, String reason) {
        if (pendingFailure == null) {
            pendingFailure = new MinerFailure(stage, reason);
        }
    }

    private void handle(PoolEvent event) {
        switch (event) {
            case PoolEvent.HandshakeCompleted completed -> {
                handshakeCompleted = true;
                say(
                        "Noise handshake complete in %d ms; the certificate is signed by the authority key",
                        completed.elapsed().toMillis());
            }
            case PoolEvent.HandshakeFailed failed -> fail("handshake", failed.detail() + " (" + failed.reason() + ")");
            case PoolEvent.ProtocolFailure failed ->
                fail(
                        "protocol",
                        "the gateway's traffic was refused: " + failed.detail() + " (" + failed.reason() + ")");
            case PoolEvent.Closed closed -> {
                PoolConnection pool = connection;
                if (pool == null || !pool.isClosing()) {
                    fail("connection", "the gateway closed the connection");
                }
            }
            case PoolEvent.Received received -> handle(received.message());
        }
    }

    private void handle(Sv2Message message) {
        switch (message) {
            case SetupConnectionSuccess success -> {
                setupAnswer = success;
                say("SetupConnection.Success: version %d, flags 0x%x", success.usedVersion(), success.flags());
                if (success.usedVersion() != Sv2Protocol.VERSION) {
                    fail("setup-connection", "the gateway chose version " + success.usedVersion());
                }
            }
            case SetupConnectionError error -> setupAnswer = error;
            case OpenStandardMiningChannelSuccess success -> {
                channelAnswer = success;
                channelId = success.channelId();
                groupChannelId = success.groupChannelId();
                work = new ChannelWork(success.target());
                say(
                        "channel %d open (group %d): target difficulty %.6g (about %,.0f hashes per share),"
                                + " extranonce prefix %d bytes",
                        success.channelId(),
                        success.groupChannelId(),
                        Targets.difficulty(success.target()),
                        Targets.expectedHashes(success.target()),
                        success.extranoncePrefix().length());
            }
            case OpenMiningChannelError error -> channelAnswer = error;
            case NewMiningJob job -> {
                ChannelWork channelWork = work;
                if (channelWork != null && isOurs(job.channelId())) {
                    ChannelWork.JobEffect effect = channelWork.onNewMiningJob(job);
                    say(
                            "job %d: %s",
                            job.jobId(), effect.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                }
            }
            case SetNewPrevHash prevHash -> {
                ChannelWork channelWork = work;
                if (channelWork != null && isOurs(prevHash.channelId())) {
                    boolean activated = channelWork.onSetNewPrevHash(prevHash);
                    say(
                            "new chain tip %s activates job %d%s",
                            displayOrder(prevHash.prevHash()),
                            prevHash.jobId(),
                            activated ? "" : " (never announced: waiting for the next job)");
                }
            }
            case SetTarget target -> {
                ChannelWork channelWork = work;
                if (channelWork != null && isOurs(target.channelId())) {
                    channelWork.onSetTarget(target.maximumTarget());
                    say("target now difficulty %.6g", Targets.difficulty(target.maximumTarget()));
                }
            }
            case SubmitSharesSuccess success -> {
                ShareLedger.Acknowledged acknowledged = ledger.onSuccess(success, System.nanoTime());
                for (ShareLedger.Submitted share : acknowledged.shares()) {
                    maxAckMillis = Math.max(maxAckMillis, (acknowledged.ackNanos() - share.sentNanos()) / 1e6);
                }
                say(
                        "SubmitShares.Success: up to sequence %d, %d newly accepted, shares sum %d",
                        success.lastSequenceNumber(), success.newSubmitsAcceptedCount(), success.newSharesSum());
            }
            case SubmitSharesError error -> {
                ChannelWork channelWork = work;
                ledger.onError(error, channelWork == null ? 0 : channelWork.tipsSeen());
                say(
                        "SubmitShares.Error: sequence %d rejected with %s%s",
                        error.sequenceNumber(),
                        error.errorCode().asString(),
                        ledger.staleInFlight().contains(error.sequenceNumber())
                                ? " (a new chain tip crossed it on the wire; another share replaces it)"
                                : "");
            }
            case CloseChannel close ->
                fail(
                        "channel",
                        "the gateway closed channel " + close.channelId() + ": "
                                + close.reasonCode().asString());
            case Reconnect reconnect ->
                fail(
                        "channel",
                        "the gateway asked to reconnect to "
                                + reconnect.newHost().asString() + ":" + reconnect.newPort()
                                + ", which test-miner does not follow");
            case UpdateChannelError error ->
                say("UpdateChannel.Error: %s", error.errorCode().asString());
            case SetExtranoncePrefix prefix ->
                say(
                        "extranonce prefix changed (%d bytes)",
                        prefix.extranoncePrefix().length());
            case SetGroupChannel group -> say("channel grouped under %d", group.groupChannelId());
            case ChannelEndpointChanged changed -> say("channel %d endpoint changed", changed.channelId());
            case RequestExtensionsSuccess ignored -> say("ignoring RequestExtensions.Success");
            case RequestExtensionsError ignored -> say("ignoring RequestExtensions.Error");
            case SetupConnection unexpected -> unexpected(unexpected);
            case OpenStandardMiningChannel unexpected -> unexpected(unexpected);
            case UpdateChannel unexpected -> unexpected(unexpected);
            case SubmitSharesStandard unexpected -> unexpected(unexpected);
            case RequestExtensions unexpected -> unexpected(unexpected);
            case UnsupportedMiningMessage unexpected -> unexpected(unexpected);
        }
    }

    private void unexpected(Sv2Message message) {
        fail(
                "protocol",
                "the gateway sent " + message.messageType() + ", which a pool never sends to a standard channel");
    }

    private boolean isOurs(long messageChannelId) {
        return messageChannelId == channelId || messageChannelId == groupChannelId;
    }

    /** Hashes as block explorers print them (the wire carries them reversed). */
    static String displayOrder(U256 value) {
        return DisplayHex.format(value.bytes());
    }

    private void say(String format, Object... args) {
        log.println(String.format(Locale.ROOT, format, args));
    }
}
