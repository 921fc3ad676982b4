package org.reservegrid.templates.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.support.StubVerifier;
import org.reservegrid.templates.template.GbtParser;
import org.reservegrid.testkit.Await;

class VerifierClientTests {
    private static final TemplatePropose PROPOSE =
            GbtParser.parse(SharedFixtures.gbt("core-regtest-h506-4tx.json")).propose(2, 400);

    private final StubVerifier verifier = new StubVerifier();
    private final TemplateMetrics metrics = new TemplateMetrics(new SimpleMeterRegistry());
    private final BlockingQueue<VerdictOutcome> outcomes = new LinkedBlockingQueue<>();
    private final List<VerifierClient> clients = new ArrayList<>();
    private Duration verdictTimeout = Duration.ofSeconds(10);

    @AfterEach
    void stop() {
        clients.forEach(VerifierClient::close);
        verifier.close();
    }

    private VerifierClient client(String address, int queue) {
        int colon = address.lastIndexOf(':');
        VerifierClient client = new VerifierClient(
                InetSocketAddress.createUnresolved(
                        address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                queue,
                () -> verdictTimeout,
                metrics);
        clients.add(client);
        client.start();
        return client;
    }

    private VerdictOutcome nextOutcome() throws InterruptedException {
        VerdictOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        assertThat(outcome).as("an outcome arrived").isNotNull();
        return outcome;
    }

    @Test
    void proposalsGetVerdictsWithStrictlyIncreasingRequestIds() throws Exception {
        verifier.start();
        VerifierClient client = client(verifier.address(), 16);

        for (int i = 0; i < 3; i++) {
            client.propose(PROPOSE, outcomes::add);
        }

        List<Long> sentIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TemplatePropose received = verifier.nextProposal(30);
            assertThat(received).isNotNull();
            assertThat(received.withRequestId(0)).isEqualTo(PROPOSE);
            sentIds.add(received.requestId());
        }
        assertThat(sentIds).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < 3; i++) {
            VerdictOutcome outcome = nextOutcome();
            assertThat(outcome).isInstanceOfSatisfying(VerdictOutcome.Judged.class, judged -> {
                assertThat(judged.verdict().accepted()).isTrue();
                assertThat(sentIds).contains(judged.requestId());
            });
        }
        assertThat(client.connected()).isTrue();
    }

    @Test
    void aRejectionCarriesTheVerifiersReasons() throws Exception {
        verifier.start();
        verifier.rejectWith(List.of(VerdictReason.TEMPLATE_TOO_OLD, VerdictReason.AVG_FEE_BELOW_MINIMUM));
        VerifierClient client = client(verifier.address(), 16);

        client.propose(PROPOSE, outcomes::add);

        VerdictOutcome outcome = nextOutcome();
        assertThat(outcome.label()).isEqualTo("rejected");
        assertThat(((VerdictOutcome.Judged) outcome).verdict().reasons())
                .containsExactly(VerdictReason.TEMPLATE_TOO_OLD, VerdictReason.AVG_FEE_BELOW_MINIMUM);
    }

    @Test
    void aSilentVerifierTimesTheProposalOutAndTheTimeoutIsCounted() throws Exception {
        verifier.start();
        verifier.mode(StubVerifier.Mode.SILENT);
        verdictTimeout = Duration.ofMillis(200);
        VerifierClient client = client(verifier.address(), 16);

        client.propose(PROPOSE, outcomes::add);

        assertThat(nextOutcome()).isInstanceOf(VerdictOutcome.TimedOut.class);
        assertThat(metrics.errorCount("verdict_timeout")).isEqualTo(1.0);
    }

    @Test
    void aProtocolErrorRefusesThatProposalAndTheClientReconnects() throws Exception {
        verifier.start();
        verifier.mode(StubVerifier.Mode.PROTOCOL_ERROR);
        VerifierClient client = client(verifier.address(), 16);

        client.propose(PROPOSE, outcomes::add);

        assertThat(nextOutcome()).isInstanceOfSatisfying(VerdictOutcome.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
            assertThat(refused.detail()).isEqualTo("stub refuses this one");
        });
        assertThat(metrics.errorCount("verifier_protocol_error")).isEqualTo(1.0);

        verifier.mode(StubVerifier.Mode.ACCEPT);
        Await.until("reconnected", () -> client.connected() && metrics.errorCount("verifier_disconnected") >= 1);
        client.propose(PROPOSE, outcomes::add);
        assertThat(nextOutcome().label()).isEqualTo("accepted");
    }

    @Test
    void proposalsWaitForAVerifierThatStartsLate() throws Exception {
        verifier.start();
        String address = verifier.address();
        verifier.stop();
        VerifierClient client = client(address, 16);
        Await.until("a failed connect", () -> metrics.errorCount("verifier_connect_failed") >= 1);
        assertThat(client.connected()).isFalse();
        assertThat(client.problem()).contains("cannot connect to verifier");

        client.propose(PROPOSE, outcomes::add);
        verifier.start();

        assertThat(nextOutcome().label()).isEqualTo("accepted");
        assertThat(client.connected()).isTrue();
    }

    @Test
    void proposalsInFlightWhenTheVerifierDropsAreSentAgainWithNewIds() throws Exception {
        verifier.start();
        verifier.mode(StubVerifier.Mode.SILENT);
        VerifierClient client = client(verifier.address(), 16);
        client.propose(PROPOSE, outcomes::add);
        TemplatePropose first = verifier.nextProposal(30);
        assertThat(first).isNotNull();

        verifier.mode(StubVerifier.Mode.ACCEPT);
        verifier.stop();
        verifier.start();

        TemplatePropose again = verifier.nextProposal(30);
        assertThat(again).isNotNull();
        assertThat(again.requestId()).isGreaterThan(first.requestId());
        assertThat(nextOutcome().label()).isEqualTo("accepted");
    }

    @Test
    void aFullQueueGivesUpTheOldestProposal() throws Exception {
        verifier.start();
        String address = verifier.address();
        verifier.stop();
        VerifierClient client = client(address, 2);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

        client.propose(PROPOSE, outcome -> order.add("first:" + outcome.label()));
        client.propose(PROPOSE, outcome -> order.add("second:" + outcome.label()));
        client.propose(PROPOSE, outcome -> order.add("third:" + outcome.label()));

        Await.until("the oldest was given up", () -> !order.isEmpty());
        assertThat(order.getFirst()).isEqualTo("first:unavailable");
        assertThat(metrics.errorCount("verifier_queue_full")).isEqualTo(1.0);
        verifier.start();
        Await.until("the rest were judged", () -> order.size() == 3);
        assertThat(order).containsExactlyInAnyOrder("first:unavailable", "second:accepted", "third:accepted");
    }
}
