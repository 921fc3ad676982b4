package org.reservegrid.bitcoin;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random, structurally valid transactions: any scripts, values and witness stacks, for round trips. */
final class RandomTransactions {
    private RandomTransactions() {}

    static Transaction create(Random random, boolean witness) {
        int inputCount = 1 + random.nextInt(4);
        List<Transaction.Input> inputs = new ArrayList<>();
        for (int i = 0; i < inputCount; i++) {
            List<byte[]> stack = new ArrayList<>();
            // With witness, the first input always has a stack, so the transaction really is in witness form.
            int items = witness ? (i == 0 ? 1 : 0) + random.nextInt(4) : 0;
            for (int k = 0; k < items; k++) {
                stack.add(bytes(random, random.nextInt(5) == 0 ? 0 : random.nextInt(300)));
            }
            inputs.add(new Transaction.Input(
                    bytes(random, 32),
                    random.nextInt() & 0xffff_ffffL,
                    bytes(random, random.nextInt(120)),
                    random.nextInt() & 0xffff_ffffL,
                    stack));
        }
        List<Transaction.Output> outputs = new ArrayList<>();
        int outputCount = random.nextInt(4);
        for (int i = 0; i < outputCount; i++) {
            outputs.add(new Transaction.Output(
                    random.nextLong(0, 21_000_000L * 100_000_000L), bytes(random, random.nextInt(300))));
        }
        return new Transaction(random.nextInt() & 0xffff_ffffL, inputs, outputs, random.nextInt() & 0xffff_ffffL);
    }

    /** A coinbase: the null outpoint, the BIP34 height, one output, and the reserved value when witnessed. */
    static Transaction coinbase(long height, long value, boolean witness) {
        byte[] scriptSig = new ByteWriter()
                .bytes(Bip34.heightScript(height))
                .bytes(new byte[] {4, 1, 2, 3, 4})
                .toByteArray();
        List<Transaction.Output> outputs = new ArrayList<>();
        outputs.add(new Transaction.Output(value, new byte[] {0x51}));
        return new Transaction(
                2,
                List.of(new Transaction.Input(
                        new byte[32],
                        0xffff_ffffL,
                        scriptSig,
                        0xffff_ffffL,
                        witness ? List.of(WitnessCommitment.reservedValue()) : List.of())),
                outputs,
                0);
    }

    static byte[] bytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
