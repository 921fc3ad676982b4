package org.reservegrid.regtest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reservegrid.testkit.TestData;

/** Block assembly checked against Bitcoin Core's own template data and against bitcoinj's block parsing. */
class BlockAssemblerTests {
    private static final ECKey KEY = ECKey.fromPrivate(BigInteger.valueOf(0x5eed));
    private static final Script PAYOUT = ScriptBuilder.createP2WPKHOutputScript(KEY);
    private static final NetworkParameters REGTEST = NetworkParameters.of(BitcoinNetwork.REGTEST);

    private static final BlockTemplate CORE_REGTEST_506 =
            BlockTemplate.fromJson(TestData.json(TestData.fixture("gbt/core-regtest-h506-4tx.json")));

    @BeforeAll
    static void bitcoinjContext() {
        // bitcoinj's header check reads its thread-local Context (proof-of-work bookkeeping); defaults suffice.
        Context.propagate(new Context());
    }

    @Test
    void witnessCommitmentEqualsTheOneBitcoinCoreComputedForItsRegtestTemplate() {
        assertThat(CORE_REGTEST_506.transactions()).hasSize(4).allMatch(BlockTemplate.Transaction::hasWitness);

        byte[] ours = BlockAssembler.witnessCommitmentScript(CORE_REGTEST_506);

        assertThat(HexFormat.of().formatHex(ours))
                .isEqualTo(CORE_REGTEST_506.defaultWitnessCommitment().orElseThrow());
    }

    @Test
    void blockFromBitcoinCoresTemplateReadsBackInBitcoinjWithTheSameHashMerkleRootAndCommitment() {
        AssembledBlock block =
                BlockAssembler.assemble(CORE_REGTEST_506, PAYOUT.program(), 7).solve();

        Block parsed = Block.read(ByteBuffer.wrap(block.serialize()));

        assertThat(parsed.getHashAsString()).isEqualTo(block.hash());
        assertThat(parsed.getMerkleRoot().toString()).isEqualTo(block.merkleRoot());
        assertThat(parsed.getPrevBlockHash().toString()).isEqualTo(CORE_REGTEST_506.previousBlockHash());
        assertThat(parsed.getTransactions()).hasSize(5);
        assertThat(parsed.getTransactions().subList(1, 5))
                .extracting(tx -> tx.getTxId().toString())
                .containsExactlyElementsOf(CORE_REGTEST_506.transactions().stream()
                        .map(BlockTemplate.Transaction::txid)
                        .toList());
        Transaction coinbase = parsed.getTransactions().getFirst();
        assertThat(coinbase.isCoinBase()).isTrue();
        assertThat(coinbase.getOutput(0).getValue().value).isEqualTo(CORE_REGTEST_506.coinbaseValue());
        Sha256Hash expectedCommitment =
                Sha256Hash.twiceOf(parsed.getWitnessRoot().serialize(), new byte[32]);
        assertThat(coinbase.findWitnessCommitment()).isEqualTo(expectedCommitment);
        assertThatCode(() -> Block.verifyHeader(parsed)).doesNotThrowAnyException();
        assertThatCode(() -> Block.verifyTransactions(
                        REGTEST, parsed, CORE_REGTEST_506.height(), EnumSet.of(Block.VerifyFlag.HEIGHT_IN_COINBASE)))
                .doesNotThrowAnyException();
    }

    @Test
    void solvedHeaderMeetsTheRegtestTargetAndAnUnsolvedOneIsCheckedHonestly() {
        AssembledBlock block = BlockAssembler.assemble(CORE_REGTEST_506, PAYOUT.program(), 1);
        AssembledBlock solved = block.solve();

        assertThat(CORE_REGTEST_506.target()).isEqualTo(new BigInteger("7fffff" + "00".repeat(29), 16));
        assertThat(solved.meetsTarget()).isTrue();
        assertThat(new BigInteger(solved.hash(), 16)).isLessThanOrEqualTo(CORE_REGTEST_506.target());
        // About half of all nonces miss the regtest target; the grinder must have skipped exactly those before it.
        for (long nonce = block.nonce(); nonce < solved.nonce(); nonce++) {
            assertThat(block.withNonce(nonce).meetsTarget()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 17, 127, 128, 255, 256, 32767, 32768, 65535, 8388607, 8388608, 500_000})
    void coinbaseCarriesTheBip34HeightAsBitcoinjExpectsIt(int height) {
        BlockTemplate template = template(height, List.of(), Optional.empty());

        Block parsed = Block.read(ByteBuffer.wrap(
                BlockAssembler.assemble(template, PAYOUT.program(), 0).solve().serialize()));

        assertThatCode(() -> parsed.getTransactions().getFirst().checkCoinBaseHeight(height))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8, 9})
    void merkleRootMatchesBitcoinjForAnyTransactionCount(int count) {
        List<BlockTemplate.Transaction> transactions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Transaction tx = signedSpend(i);
            transactions.add(new BlockTemplate.Transaction(
                    tx.serialize(), tx.getTxId().toString(), tx.getWTxId().toString(), 1000, tx.getWeight()));
        }
        BlockTemplate template = template(200 + count, transactions, Optional.empty());

        AssembledBlock block =
                BlockAssembler.assemble(template, PAYOUT.program(), count).solve();
        Block parsed = Block.read(ByteBuffer.wrap(block.serialize()));

        assertThat(parsed.getTransactions()).hasSize(count + 1);
        assertThat(block.witnessCommitmentScript().isPresent()).isEqualTo(count > 0);
        assertThatCode(() ->
                        Block.verifyTransactions(REGTEST, parsed, 200 + count, EnumSet.noneOf(Block.VerifyFlag.class)))
                .doesNotThrowAnyException();
        if (count > 0) {
            byte[] commitment = block.witnessCommitmentScript().orElseThrow();
            assertThat(Arrays.copyOfRange(commitment, 6, 38))
                    .isEqualTo(parsed.getTransactions()
                            .getFirst()
                            .findWitnessCommitment()
                            .getBytes())
                    .isEqualTo(Sha256Hash.twiceOf(parsed.getWitnessRoot().serialize(), new byte[32])
                            .getBytes());
        }
    }

    private static BlockTemplate template(
            int height, List<BlockTemplate.Transaction> transactions, Optional<String> commitment) {
        return new BlockTemplate(
                height,
                0x20000000L,
                CORE_REGTEST_506.previousBlockHash(),
                "207fffff",
                1_700_000_000L,
                1_600_000_000L,
                50_0000_0000L,
                transactions,
                commitment);
    }

    private static Transaction signedSpend(int salt) {
        Transaction tx = new Transaction();
        tx.addOutput(Coin.valueOf(10_000L + salt), PAYOUT);
        tx.addSignedInput(
                new TransactionOutPoint(salt, Sha256Hash.of(new byte[] {(byte) salt})),
                PAYOUT,
                Coin.valueOf(20_000),
                KEY);
        return tx;
    }
}
