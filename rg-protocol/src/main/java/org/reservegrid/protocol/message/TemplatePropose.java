package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.protocol.VerifierDecodeException;

/**
 * A candidate block template, reduced to what the policy judges. The previous block hash stays the text the
 * template source gave (64 hex characters for a well-formed one) because checking it is the policy's job.
 *
 * @param protocolVersion the sender's template protocol version, compared with the policy's protocol_version
 * @param prevHash previous block hash as given by the node (display order hex)
 * @param curtime template time, unix seconds
 * @param coinbaseValue coinbase value in satoshis (subsidy plus fees)
 * @param coinbaseSigops sigops cost the pool's coinbase transaction will add
 */
public record TemplatePropose(
        long requestId,
        int protocolVersion,
        String prevHash,
        int version,
        int bits,
        long height,
        long curtime,
        long coinbaseValue,
        long coinbaseSigops,
        TransactionTable transactions)
        implements VerifierMessage {

    // request_id, protocol_version, version, bits, height, curtime, coinbase_value, coinbase_sigops, tx_count
    private static final int FIXED_BYTES = 8 + 2 + 4 + 4 + 4 + 8 + 8 + 4 + 4;

    public TemplatePropose {
        Objects.requireNonNull(transactions, "transactions");
        Wire.requireShortAscii(prevHash, "prevHash");
        if (protocolVersion < 0 || protocolVersion > 0xffff) {
            throw new IllegalArgumentException("protocolVersion must fit in 16 bits");
        }
        if (height < 0 || height > 0xffff_ffffL || coinbaseSigops < 0 || coinbaseSigops > 0xffff_ffffL) {
            throw new IllegalArgumentException("height and coinbaseSigops must fit in 32 unsigned bits");
        }
        if (coinbaseValue < 0) {
            throw new IllegalArgumentException("coinbaseValue must not be negative");
        }
    }

    @Override
    public MessageKind kind() {
        return MessageKind.TEMPLATE_PROPOSE;
    }

    public static TemplatePropose read(ByteBuf in) {
        long requestId = Wire.readU64(in, "request_id");
        int protocolVersion = Wire.readU16(in, "protocol_version");
        String prevHash = Wire.readShortAscii(in, "prev_hash");
        int version = Wire.readInt(in, "version");
        int bits = Wire.readInt(in, "bits");
        long height = Wire.readU32(in, "height");
        long curtime = Wire.readLong(in, "curtime");
        long coinbaseValue = Wire.readNonNegativeLong(in, "coinbase_value");
        long coinbaseSigops = Wire.readU32(in, "coinbase_sigops");
        long txCount = Wire.readU32(in, "tx_count");
        if (txCount * TransactionTable.ENCODED_BYTES_PER_TX != in.readableBytes()) {
            throw VerifierDecodeException.malformed(
                    "tx_count " + txCount + " does not match the " + in.readableBytes() + " bytes that follow");
        }
        TransactionTable transactions = TransactionTable.read(in, (int) txCount);
        return new TemplatePropose(
                requestId,
                protocolVersion,
                prevHash,
                version,
                bits,
                height,
                curtime,
                coinbaseValue,
                coinbaseSigops,
                transactions);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(requestId);
        out.writeShort(protocolVersion);
        Wire.writeShortAscii(out, prevHash);
        out.writeInt(version);
        out.writeInt(bits);
        out.writeInt((int) height);
        out.writeLong(curtime);
        out.writeLong(coinbaseValue);
        out.writeInt((int) coinbaseSigops);
        out.writeInt(transactions.size());
        transactions.write(out);
    }

    @Override
    public int encodedLength() {
        return FIXED_BYTES + Wire.shortAsciiLength(prevHash) + transactions.encodedLength();
    }

    /** A copy with another request id, for clients that number proposals per connection. */
    public TemplatePropose withRequestId(long newRequestId) {
        return new TemplatePropose(
                newRequestId,
                protocolVersion,
                prevHash,
                version,
                bits,
                height,
                curtime,
                coinbaseValue,
                coinbaseSigops,
                transactions);
    }
}
