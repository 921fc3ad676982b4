package org.reservegrid.testminer.work;

import java.util.Objects;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.BlockHeader;

/**
 * Everything needed to search for a share on a standard channel: the active job, the chain tip it builds on and the
 * target a share must meet.
 *
 * @param jobId the job a share names
 * @param version block version from the job (not rolled)
 * @param prevHash chain tip from SetNewPrevHash, wire order
 * @param merkleRoot the job's merkle root, wire order
 * @param minNtime the lowest ntime the pool accepts
 * @param nbits network target in compact form
 * @param target the harder of the target in force when the job became active and the current channel target
 * @param generation changes whenever the work changes, so a share found on older work is recognised
 */
public record Work(
        long jobId,
        long version,
        U256 prevHash,
        U256 merkleRoot,
        long minNtime,
        long nbits,
        U256 target,
        long generation) {

    public Work {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        Objects.requireNonNull(target, "target");
    }

    /** The header this work gives for one ntime and nonce. */
    public BlockHeader header(long ntime, long nonce) {
        return new BlockHeader(version, prevHash, merkleRoot, ntime, nbits, nonce);
    }
}
