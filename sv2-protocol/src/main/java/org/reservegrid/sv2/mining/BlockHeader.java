package org.reservegrid.sv2.mining;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SubmitSharesStandard;

/**
 * The 80-byte Bitcoin block header: version, prev_hash, merkle_root, ntime, nbits, nonce. {@code prevHash} and
 * {@code merkleRoot} go in exactly as carried in the SV2 U256 fields (internal byte order).
 */
public record BlockHeader(long version, U256 prevHash, U256 merkleRoot, long ntime, long nbits, long nonce) {

    public static final int LENGTH = 80;

    public BlockHeader {
        U32.require(version, "version");
        Objects.requireNonNull(prevHash, "prev_hash");
        Objects.requireNonNull(merkleRoot, "merkle_root");
        U32.require(ntime, "ntime");
        U32.require(nbits, "nbits");
        U32.require(nonce, "nonce");
    }

    /**
     * The header a standard-channel share commits to: the chain tip and nbits from SetNewPrevHash, the merkle
     * root from the job, and version, ntime and nonce from the submission.
     */
    public static BlockHeader forStandardShare(SetNewPrevHash tip, NewMiningJob job, SubmitSharesStandard share) {
        return new BlockHeader(
                share.version(), tip.prevHash(), job.merkleRoot(), share.ntime(), tip.nbits(), share.nonce());
    }

    public static BlockHeader read(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "block header");
        long version = U32.readValue(in);
        U256 prevHash = U256.read(in);
        U256 merkleRoot = U256.read(in);
        long ntime = U32.readValue(in);
        long nbits = U32.readValue(in);
        long nonce = U32.readValue(in);
        return new BlockHeader(version, prevHash, merkleRoot, ntime, nbits, nonce);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, version);
        prevHash.write(out);
        merkleRoot.write(out);
        U32.writeValue(out, ntime);
        U32.writeValue(out, nbits);
        U32.writeValue(out, nonce);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[LENGTH];
        ByteBuf out = Unpooled.wrappedBuffer(bytes);
        out.writerIndex(0);
        write(out);
        return bytes;
    }

    /** {@code dSHA256(header)} in raw (internal) byte order: compare it with a target via {@link U256#compareTo}. */
    public U256 hash() {
        return U256.of(DoubleSha256.hash(toBytes()));
    }
}
