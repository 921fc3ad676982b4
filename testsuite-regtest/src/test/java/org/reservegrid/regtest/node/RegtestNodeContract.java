package org.reservegrid.regtest.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bitcoinj.core.Block;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.reservegrid.regtest.chain.AssembledBlock;
import org.reservegrid.regtest.chain.BlockAssembler;
import org.reservegrid.regtest.chain.BlockTemplate;
import org.reservegrid.regtest.funds.CoinPurse;
import org.reservegrid.regtest.funds.FeeRateSpend;
import org.reservegrid.regtest.rpc.RpcUnavailableException;
import org.reservegrid.testkit.Prerequisite;

/**
 * What the suite relies on from a regtest node, checked against a real process: a fresh chain it mines for a
 * bitcoinj key, transactions signed here entering its mempool and templates with exactly the fees and weights sent,
 * blocks assembled here being accepted, and surviving SIGKILL plus restart.
 *
 * <p>One node per class; the methods run in order because each builds on the chain the previous ones left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
abstract class RegtestNodeContract {
    private static final long[] FEE_RATES = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89};

    private RegtestNode node;
    private CoinPurse purse;
    private int fundingBlocks;

    abstract Optional<String> missing(NodeInstallation installation);

    abstract RegtestNode create(NodeInstallation installation, ECKey payoutKey);

    @BeforeAll
    void startAndFund() {
        NodeInstallation installation = NodeInstallation.locate();
        // The only reason these tests skip (or, under CI=true, fail): the node is not installed
        // (scripts/ci/install-regtest-nodes.sh).
        Prerequisite.require("regtest node", missing(installation));
        node = create(installation, new ECKey(new SecureRandom()));
        node.start();
        purse = new CoinPurse(node);
        fundingBlocks = purse.fund(2 * FEE_RATES.length);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void startsFromGenesisAndPaysEveryMinedCoinbaseToTheBitcoinjKey() {
        assertThat(node.height()).isEqualTo(fundingBlocks);
        assertThat(fundingBlocks).isGreaterThanOrEqualTo(node.segwitActiveFromHeight());
        assertThat(purse.spendableCount()).isGreaterThanOrEqualTo(2 * FEE_RATES.length);
    }

    @Test
    @Order(2)
    void templateCarriesEverySignedTransactionWithTheFeeAndWeightItWasSentWith() {
        List<FeeRateSpend> sent = sendAtEveryRate();

        BlockTemplate template = BlockTemplate.fromJson(node.blockTemplate());

        assertThat(node.mempoolTxids())
                .containsAll(sent.stream().map(FeeRateSpend::txid).toList());
        Map<String, BlockTemplate.Transaction> byTxid = template.transactions().stream()
                .collect(Collectors.toMap(BlockTemplate.Transaction::txid, Function.identity()));
        assertThat(byTxid)
                .containsOnlyKeys(sent.stream().map(FeeRateSpend::txid).toList());
        for (FeeRateSpend spend : sent) {
            BlockTemplate.Transaction listed = byTxid.get(spend.txid());
            assertThat(listed.fee())
                    .as("fee of the %d sat/vB spend", spend.feeRate())
                    .isEqualTo(spend.fee());
            assertThat(listed.weight()).as("weight of %s", spend.txid()).isEqualTo(spend.weight());
            assertThat(listed.wtxid()).isEqualTo(spend.wtxid());
            assertThat(listed.data()).isEqualTo(spend.serialize());
            assertThat(listed.fee()).isEqualTo(spend.feeRate() * ((listed.weight() + 3) / 4));
        }
        assertThat(template.height()).isEqualTo(node.height() + 1);
        assertThat(template.totalFees())
                .isEqualTo(sent.stream().mapToLong(FeeRateSpend::fee).sum());
    }

    @Test
    @Order(3)
    void blockAssembledFromTheTemplateIsAcceptedAndMovesTheTip() {
        int before = node.height();
        BlockTemplate template = BlockTemplate.fromJson(node.blockTemplate());
        assertThat(template.transactions())
                .as("the mempool filled by the previous test")
                .isNotEmpty();

        AssembledBlock block = BlockAssembler.assemble(
                        template, node.payoutScript().program(), 42)
                .solve();
        // bcoin (like Bitcoin Core) sends the whole commitment output script, btcd only the bare 32-byte hash.
        template.defaultWitnessCommitment()
                .ifPresent(given -> assertThat(HexFormat.of()
                                .formatHex(block.witnessCommitmentScript().orElseThrow()))
                        .endsWith(given));
        Optional<String> rejection = node.submitBlock(block.serialize());

        assertThat(rejection).as("submitblock result").isEmpty();
        assertThat(node.height()).isEqualTo(before + 1);
        assertThat(node.bestBlockHash()).isEqualTo(block.hash());
        assertThat(node.mempoolTxids()).isEmpty();
        Block stored = Block.read(ByteBuffer.wrap(node.rawBlock(block.hash())));
        assertThat(stored.getTransactions()).hasSize(template.transactions().size() + 1);
        assertThat(stored.getMerkleRoot().toString()).isEqualTo(block.merkleRoot());
    }

    @Test
    @Order(4)
    void blockBelowTheTargetIsRejectedAndLeavesTheTipAlone() {
        int before = node.height();
        AssembledBlock solved = BlockAssembler.assemble(
                        BlockTemplate.fromJson(node.blockTemplate()),
                        node.payoutScript().program(),
                        43)
                .solve();
        AssembledBlock unsolved = solved;
        for (long nonce = 0; unsolved.meetsTarget(); nonce++) {
            unsolved = solved.withNonce(nonce);
        }

        assertThat(node.submitBlock(unsolved.serialize())).isPresent();
        assertThat(node.height()).isEqualTo(before);
        assertThat(new BigInteger(unsolved.hash(), 16))
                .isGreaterThan(BlockTemplate.fromJson(node.blockTemplate()).target());
    }

    @Test
    @Order(5)
    void templateBuiltBeforeNewTransactionsIsServedUntilTheTipMoves() {
        assertThat(BlockTemplate.fromJson(node.blockTemplate()).transactions()).isEmpty();
        List<FeeRateSpend> sent = List.of(purse.sendAtFeeRate(7), purse.sendAtFeeRate(11));

        BlockTemplate cached = BlockTemplate.fromJson(node.blockTemplate());
        int before = node.height();
        node.advanceTipKeepingMempool();
        BlockTemplate rebuilt = BlockTemplate.fromJson(node.blockTemplate());

        assertThat(cached.transactions())
                .as("the template cached before the spends")
                .isEmpty();
        assertThat(node.height()).isEqualTo(before + 1);
        assertThat(node.mempoolTxids())
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().map(FeeRateSpend::txid).toList());
        assertThat(rebuilt.transactions())
                .extracting(BlockTemplate.Transaction::txid)
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().map(FeeRateSpend::txid).toList());
        assertThat(rebuilt.previousBlockHash()).isEqualTo(node.bestBlockHash());
    }

    @Test
    @Order(6)
    void killedNodeStopsAnsweringAndAnswersAgainAfterRestart() {
        // The chain before the kill, block hash by height: whatever the restarted node kept must be a prefix of it.
        List<String> chainBeforeKill = new ArrayList<>();
        for (int height = 0; height <= node.height(); height++) {
            chainBeforeKill.add(node.rpc().call("getblockhash", height).asString());
        }
        node.kill();

        assertThat(node.isRunning()).isFalse();
        assertThatThrownBy(node::height).isInstanceOf(RpcUnavailableException.class);

        node.restart();

        assertThat(node.isRunning()).isTrue();
        // It answers on the chain it had, or the part of it that survived (see RegtestNode.restart: bcoin runs in
        // memory and btcd loses its unflushed blocks, so both usually come back at genesis), never on another chain.
        int height = node.height();
        assertThat(height).isBetween(0, chainBeforeKill.size() - 1);
        assertThat(node.bestBlockHash()).isEqualTo(chainBeforeKill.get(height));
        assertThat(node.blockTemplate().path("previousblockhash").asString()).isEqualTo(node.bestBlockHash());
    }

    private List<FeeRateSpend> sendAtEveryRate() {
        return Arrays.stream(FEE_RATES).mapToObj(purse::sendAtFeeRate).toList();
    }
}
