package org.reservegrid.loadtest.verifier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.reservegrid.protocol.frame.VerifierFrames;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/**
 * Pre-encoded proposal frames shaped like mainnet templates: fee rates spread over two orders of magnitude,
 * weights of typical one-input to many-input transactions, the block filled close to its weight limit. Frames are
 * encoded once; each send copies one and stamps a fresh request id, so the generator spends its time on the
 * network, not on encoding.
 */
final class TemplateCorpus {
    /** Offset of request_id in a frame: u32 length, u8 type, u8 version. */
    private static final int REQUEST_ID_OFFSET = VerifierFrames.LENGTH_BYTES + VerifierFrames.PREAMBLE_BYTES;
    /** Offset of curtime: request_id (8), protocol_version (2), prev_hash (1 + 64), version, bits, height (4 each). */
    private static final int CURTIME_OFFSET = REQUEST_ID_OFFSET + 8 + 2 + 1 + 64 + 4 + 4 + 4;

    private static final int VARIANTS = 8;

    private final ByteBuf[] frames;

    private TemplateCorpus(ByteBuf[] frames) {
        this.frames = frames;
    }

    static TemplateCorpus generate(int txCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuf[] frames = new ByteBuf[VARIANTS];
        for (int variant = 0; variant < VARIANTS; variant++) {
            TemplatePropose propose = template(random, txCount, variant);
            frames[variant] = Unpooled.unreleasableBuffer(
                    VerifierFrames.encode(ByteBufAllocator.DEFAULT, propose).asReadOnly());
        }
        return new TemplateCorpus(frames);
    }

    int frameBytes() {
        return frames[0].readableBytes();
    }

    /**
     * A new frame (caller owns it) for {@code requestId}, stamped with the current time so a long run is not
     * judged {@code template_too_old} by a default policy.
     */
    ByteBuf frame(ByteBufAllocator allocator, long requestId, long curtime) {
        ByteBuf source = frames[(int) Math.floorMod(requestId, (long) VARIANTS)];
        ByteBuf frame = allocator.ioBuffer(source.readableBytes());
        frame.writeBytes(source, source.readerIndex(), source.readableBytes());
        frame.setLong(REQUEST_ID_OFFSET, requestId);
        frame.setLong(CURTIME_OFFSET, curtime);
        return frame;
    }

    private static TemplatePropose template(SplittableRandom random, int txCount, int variant) {
        // Average weight chosen so that txCount transactions fill about 99% of a 4M-weight block.
        int meanWeight = txCount == 0 ? 0 : Math.max(400, (int) (3_960_000L / txCount));
        TransactionTable.Builder table = TransactionTable.builder(txCount);
        byte[] txid = new byte[32];
        for (int i = 0; i < txCount; i++) {
            random.nextBytes(txid);
            int weight = Math.max(400, (int) (meanWeight * (0.5 + random.nextDouble())));
            // Fee rate between 1 and 200 sat/vB, skewed low as in a real mempool.
            double satPerVbyte = 1 + 199 * Math.pow(random.nextDouble(), 3);
            long fee = Math.round(satPerVbyte * weight / 4.0);
            table.add(txid, fee, weight, 4 + random.nextInt(8));
        }
        TransactionTable transactions = table.build();
        byte[] prevHash = new byte[32];
        random.nextBytes(prevHash);
        prevHash[31] = 0;
        prevHash[30] = 0;
        return new TemplatePropose(
                0,
                2,
                HexFormat.of().formatHex(prevHash),
                0x2000_0000,
                0x1702_8a1f,
                870_000 + variant,
                0,
                312_500_000L + transactions.totalFees(),
                400,
                transactions);
    }
}
