package org.reservegrid.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transaction serialisation, txid, wtxid and weight against bitcoinj and Bitcoin Core's own template data. */
class TransactionTests {

    @Property(tries = 300)
    void serialisationTxidWtxidAndWeightMatchBitcoinj(@ForAll long seed, @ForAll boolean witness) {
        Transaction ours = RandomTransactions.create(new Random(seed), witness);
        byte[] serialised = ours.toByteArray();

        org.bitcoinj.core.Transaction theirs = org.bitcoinj.core.Transaction.read(ByteBuffer.wrap(serialised));

        assertThat(ours.hasWitness()).isEqualTo(witness).isEqualTo(theirs.hasWitnesses());
        assertThat(theirs.serialize()).isEqualTo(serialised);
        assertThat(DisplayHex.format(ours.txid())).isEqualTo(theirs.getTxId().toString());
        assertThat(DisplayHex.format(ours.wtxid())).isEqualTo(theirs.getWTxId().toString());
        assertThat(ours.weight()).isEqualTo(theirs.getWeight());
        assertThat(ours.encodedLength()).isEqualTo(theirs.messageSize());
        assertThat(DoubleSha256.hash(ours.toByteArrayWithoutWitness())).isEqualTo(ours.txid());
        assertThat(Transaction.fromBytes(theirs.serialize())).isEqualTo(ours);
    }

    @ParameterizedTest
    @ValueSource(strings = {"core-regtest-h506-4tx.json", "core-signet-h956-4tx.json"})
    void bitcoinCoresTransactionsReadBackWithTheTxidWtxidAndWeightCoreReported(String fixture) {
        List<CoreTemplateFixture.Tx> transactions =
                CoreTemplateFixture.read(fixture).transactions();
        assertThat(transactions).hasSize(4);

        for (CoreTemplateFixture.Tx tx : transactions) {
            Transaction parsed = Transaction.fromBytes(tx.data());

            assertThat(DisplayHex.format(parsed.txid())).isEqualTo(tx.txid());
            assertThat(DisplayHex.format(parsed.wtxid())).isEqualTo(tx.wtxid());
            assertThat(parsed.weight()).isEqualTo(tx.weight());
            assertThat(parsed.toByteArray()).isEqualTo(tx.data());
        }
    }

    @Property(tries = 300)
    void everyTruncationOfAValidTransactionIsATypedError(@ForAll long seed, @ForAll boolean witness) {
        byte[] serialised = RandomTransactions.create(new Random(seed), witness).toByteArray();
        int cut = new Random(seed ^ 0x5eed).nextInt(serialised.length);

        assertThatThrownBy(() -> Transaction.fromBytes(Arrays.copyOf(serialised, cut)))
                .isInstanceOf(BitcoinDecodeException.class);
    }

    @Property(tries = 2000)
    void anyBytesReadAsATransactionOrFailWithTheTypedError(@ForAll @Size(max = 200) byte[] input) {
        Transaction parsed;
        try {
            parsed = Transaction.read(ByteBuffer.wrap(input));
        } catch (BitcoinDecodeException rejected) {
            return;
        }
        assertThat(Transaction.read(ByteBuffer.wrap(parsed.toByteArray()))).isEqualTo(parsed);
    }

    @Property(tries = 300)
    void corruptedValidTransactionsReadOrFailWithTheTypedError(@ForAll long seed, @ForAll boolean witness) {
        Random random = new Random(seed);
        byte[] serialised = RandomTransactions.create(random, witness).toByteArray();
        for (int i = 0; i < 3; i++) {
            serialised[random.nextInt(serialised.length)] = (byte) random.nextInt();
        }
        try {
            Transaction.read(ByteBuffer.wrap(serialised));
        } catch (BitcoinDecodeException expected) {
            // the only way it may fail
        }
    }

    @org.junit.jupiter.api.Test
    void witnessFormWithAFlagOtherThanOneOrWithoutAnyWitnessIsRejectedAsBitcoinCoreDoes() {
        HexFormat hex = HexFormat.of();
        String input = "01" + "11".repeat(32) + "00000000" + "00" + "ffffffff"; // one input, empty scriptSig
        String output = "01" + "0000000000000000" + "00"; // one output of 0 sat, empty script
        String flagTwo = "02000000" + "0002" + input + output + "01" + "00" + "00000000";
        String noWitness = "02000000" + "0001" + input + output + "00" + "00000000";
        String plain = "02000000" + input + output + "00000000";

        assertThatThrownBy(() -> Transaction.fromBytes(hex.parseHex(flagTwo)))
                .isInstanceOf(BitcoinDecodeException.class)
                .hasMessageContaining("flag");
        assertThatThrownBy(() -> Transaction.fromBytes(hex.parseHex(noWitness)))
                .isInstanceOf(BitcoinDecodeException.class)
                .hasMessageContaining("without any witness");
        assertThat(Transaction.fromBytes(hex.parseHex(plain)).hasWitness()).isFalse();
        assertThatThrownBy(() -> Transaction.fromBytes(hex.parseHex(plain + "00")))
                .isInstanceOf(BitcoinDecodeException.class)
                .hasMessageContaining("left after");
    }

    @org.junit.jupiter.api.Test
    void aHugeDeclaredCountFailsBeforeAnythingIsAllocated() {
        byte[] input = HexFormat.of().parseHex("02000000" + "feffffff7f" + "00");

        assertThatThrownBy(() -> Transaction.fromBytes(input))
                .isInstanceOf(BitcoinDecodeException.class)
                .hasMessageContaining("cannot fit");
    }
}
