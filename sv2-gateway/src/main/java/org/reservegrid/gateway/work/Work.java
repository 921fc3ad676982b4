package org.reservegrid.gateway.work;

import java.util.List;
import org.reservegrid.gateway.template.StreamTemplate;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.BlockAssembler;
import org.reservegrid.sv2.mining.BlockHeader;
import org.reservegrid.sv2.mining.CoinbaseParts;
import org.reservegrid.sv2.mining.MerkleRoots;

/**
 * Everything channels need from one template, computed once: the coinbase split around the extranonce and the
 * merkle path. Each standard channel then derives its own merkle root from its extranonce prefix. Immutable and
 * shared by every channel's event loop.
 *
 * @param witnessCommitment how the coinbase got its BIP141 commitment: {@code given}, {@code computed} or
 *     {@code none}
 */
public record Work(StreamTemplate template, CoinbaseParts coinbase, List<U256> merklePath, String witnessCommitment) {

    public Work {
        merklePath = List.copyOf(merklePath);
    }

    public long sequence() {
        return template.sequence();
    }

    public U256 prevHash() {
        return template.prevHash();
    }

    /** The NewMiningJob merkle root for a standard channel with this extranonce prefix. */
    public U256 merkleRoot(byte[] extranoncePrefix) {
        return MerkleRoots.fromCoinbase(coinbase.nonWitness(extranoncePrefix), merklePath);
    }

    /** The serialized block for submitblock, given the header of a share that met the network target. */
    public byte[] block(BlockHeader header, byte[] extranoncePrefix) {
        return BlockAssembler.assemble(
                header,
                coinbase.forBlock(extranoncePrefix),
                template.transactions().stream()
                        .map(StreamTemplate.Transaction::data)
                        .toList());
    }
}
