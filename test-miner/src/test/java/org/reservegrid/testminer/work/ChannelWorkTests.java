package org.reservegrid.testminer.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;

class ChannelWorkTests {

    private static final U256 EASY = U256.MAX;
    private static final U256 HARD = U256.fromBigInteger(BigInteger.ONE.shiftLeft(240));
    private static final U256 TIP_A = U256.fromBigInteger(BigInteger.valueOf(0xA));
    private static final U256 TIP_B = U256.fromBigInteger(BigInteger.valueOf(0xB));

    private static NewMiningJob futureJob(long jobId) {
        return new NewMiningJob(
                7, jobId, OptionalLong.empty(), 0x2000_0000L, U256.fromBigInteger(BigInteger.valueOf(jobId)));
    }

    private static NewMiningJob immediateJob(long jobId, long minNtime) {
        return new NewMiningJob(
                7, jobId, OptionalLong.of(minNtime), 0x2000_0000L, U256.fromBigInteger(BigInteger.valueOf(jobId)));
    }

    @Test
    void aFutureJobBecomesWorkOnlyWhenASetNewPrevHashNamesIt() {
        ChannelWork work = new ChannelWork(EASY);

        assertThat(work.onNewMiningJob(futureJob(1))).isEqualTo(ChannelWork.JobEffect.FUTURE);
        assertThat(work.current()).isEmpty();

        assertThat(work.onSetNewPrevHash(new SetNewPrevHash(7, 1, TIP_A, 1_000, 0x207fffffL)))
                .isTrue();
        Work current = work.current().orElseThrow();
        assertThat(current.jobId()).isEqualTo(1);
        assertThat(current.prevHash()).isEqualTo(TIP_A);
        assertThat(current.minNtime()).isEqualTo(1_000);
        assertThat(current.nbits()).isEqualTo(0x207fffffL);
        assertThat(current.target()).isEqualTo(EASY);
    }

    @Test
    void aJobWithMinNtimeReplacesTheCurrentJobOnTheSameTip() {
        ChannelWork work = new ChannelWork(EASY);
        work.onNewMiningJob(futureJob(1));
        work.onSetNewPrevHash(new SetNewPrevHash(7, 1, TIP_A, 1_000, 0x207fffffL));
        long before = work.generation();

        assertThat(work.onNewMiningJob(immediateJob(2, 1_005))).isEqualTo(ChannelWork.JobEffect.ACTIVE);

        Work current = work.current().orElseThrow();
        assertThat(current.jobId()).isEqualTo(2);
        assertThat(current.prevHash()).isEqualTo(TIP_A);
        assertThat(current.minNtime()).isEqualTo(1_005);
        assertThat(current.generation()).isGreaterThan(before);
    }

    @Test
    void aJobWithMinNtimeBeforeAnyTipWaitsForOne() {
        ChannelWork work = new ChannelWork(EASY);

        assertThat(work.onNewMiningJob(immediateJob(1, 5))).isEqualTo(ChannelWork.JobEffect.WAITING_FOR_PREV_HASH);
        assertThat(work.current()).isEmpty();
        work.onSetNewPrevHash(new SetNewPrevHash(7, 1, TIP_A, 1_000, 0x207fffffL));
        assertThat(work.current().orElseThrow().jobId()).isEqualTo(1);
    }

    @Test
    void aNewTipNamingAnUnknownJobLeavesNoWork() {
        ChannelWork work = new ChannelWork(EASY);
        work.onNewMiningJob(futureJob(1));
        work.onSetNewPrevHash(new SetNewPrevHash(7, 1, TIP_A, 1_000, 0x207fffffL));

        assertThat(work.onSetNewPrevHash(new SetNewPrevHash(7, 9, TIP_B, 1_010, 0x207fffffL)))
                .isFalse();

        assertThat(work.current()).isEmpty();
    }

    @Test
    void theTargetIsTheHarderOfTheOneAtActivationAndTheCurrentOne() {
        ChannelWork work = new ChannelWork(HARD);
        work.onNewMiningJob(futureJob(1));
        work.onSetNewPrevHash(new SetNewPrevHash(7, 1, TIP_A, 1_000, 0x207fffffL));

        work.onSetTarget(EASY);
        assertThat(work.current().orElseThrow().target()).isEqualTo(HARD);

        work.onNewMiningJob(futureJob(2));
        work.onSetNewPrevHash(new SetNewPrevHash(7, 2, TIP_B, 1_010, 0x207fffffL));
        assertThat(work.current().orElseThrow().target()).isEqualTo(EASY);

        work.onSetTarget(HARD);
        assertThat(work.current().orElseThrow().target()).isEqualTo(HARD);
    }
}
