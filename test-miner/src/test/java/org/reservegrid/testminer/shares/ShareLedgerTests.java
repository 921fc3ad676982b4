package org.reservegrid.testminer.shares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesErrorCode;
import org.reservegrid.sv2.message.SubmitSharesSuccess;

class ShareLedgerTests {

    private final ShareLedger ledger = new ShareLedger();

    private void submit(long... sequenceNumbers) {
        for (long sequenceNumber : sequenceNumbers) {
            ledger.submitted(new ShareLedger.Submitted(sequenceNumber, 1, sequenceNumber, 100, 0x2000_0000L, 0, 1));
        }
    }

    @Test
    void oneSuccessAcknowledgesEveryShareUpToItsSequenceNumber() {
        submit(1, 2, 3, 4);

        ShareLedger.Acknowledged acknowledged = ledger.onSuccess(new SubmitSharesSuccess(9, 3, 3, 0), 1_000);

        assertThat(acknowledged.shares())
                .extracting(ShareLedger.Submitted::sequenceNumber)
                .containsExactly(1L, 2L, 3L);
        assertThat(ledger.acceptedCount()).isEqualTo(3);
        assertThat(ledger.pendingSequenceNumbers()).containsExactly(4L);
        assertThat(ledger.anomalies()).isEmpty();
        assertThat(ledger.allAccepted()).isFalse();

        ledger.onSuccess(new SubmitSharesSuccess(9, 4, 1, 0), 2_000);
        assertThat(ledger.allAccepted()).isTrue();
        assertThat(ledger.successMessages()).isEqualTo(2);
    }

    @Test
    void anErrorRejectsOnlyTheShareItNamesAndALaterSuccessSkipsIt() {
        submit(1, 2, 3);

        ledger.onError(new SubmitSharesError(9, 2, SubmitSharesErrorCode.DIFFICULTY_TOO_LOW), 1);
        ledger.onSuccess(new SubmitSharesSuccess(9, 3, 2, 0), 0);

        assertThat(ledger.rejected()).containsExactly(java.util.Map.entry(2L, "difficulty-too-low"));
        assertThat(ledger.acceptedCount()).isEqualTo(2);
        assertThat(ledger.anomalies()).isEmpty();
        assertThat(ledger.allAccepted()).isFalse();
    }

    @Test
    void aCountThatDisagreesWithTheSharesCoveredIsAnAnomaly() {
        submit(1, 2);

        ledger.onSuccess(new SubmitSharesSuccess(9, 2, 5, 0), 0);

        assertThat(ledger.anomalies()).singleElement().asString().contains("counts 5", "2 of ours");
        assertThat(ledger.allAccepted()).isFalse();
    }

    @Test
    void anErrorForAShareThatIsNotWaitingIsAnAnomaly() {
        submit(1);
        ledger.onSuccess(new SubmitSharesSuccess(9, 1, 1, 0), 0);

        assertThat(ledger.onError(new SubmitSharesError(9, 1, SubmitSharesErrorCode.DUPLICATE_SHARE), 1))
                .isNull();
        assertThat(ledger.onError(new SubmitSharesError(9, 42, SubmitSharesErrorCode.STALE_SHARE), 1))
                .isNull();

        assertThat(ledger.anomalies()).hasSize(2);
        assertThat(ledger.anomalies().get(0)).contains("already answered");
        assertThat(ledger.anomalies().get(1)).contains("no share waiting");
    }

    @Test
    void aStaleShareSentBeforeTheLatestTipIsStaleInFlightNotRejected() {
        submit(1, 2);

        ledger.onError(new SubmitSharesError(9, 1, SubmitSharesErrorCode.STALE_SHARE), 2);
        ledger.onError(new SubmitSharesError(9, 2, SubmitSharesErrorCode.STALE_SHARE), 1);

        assertThat(ledger.staleInFlight()).containsExactly(1L);
        assertThat(ledger.rejected()).containsOnlyKeys(2L);
        assertThat(ledger.submittedCount()).isEqualTo(2);
    }

    @Test
    void sharesSumAddsUpOverSuccesses() {
        submit(1, 2);
        ledger.onSuccess(new SubmitSharesSuccess(9, 1, 1, 7), 0);
        ledger.onSuccess(new SubmitSharesSuccess(9, 2, 1, 5), 0);

        assertThat(ledger.sharesSum()).isEqualTo(12);
    }

    @Test
    void aSequenceNumberCannotBeUsedTwice() {
        submit(1);

        assertThatThrownBy(() -> submit(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
