package org.reservegrid.demofeed.simulation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/**
 * The frame's mempool summary, a subset of Bitcoin Core's getmempoolinfo with the same names and units.
 *
 * @param size transactions in the mempool
 * @param bytes sum of their virtual sizes
 * @param usage estimated memory use in bytes
 * @param totalFee sum of their fees in BTC, eight decimals
 */
@JsonPropertyOrder({"size", "bytes", "usage", "total_fee"})
record MempoolInfo(
        long size,
        long bytes,
        long usage,
        @JsonProperty("total_fee") BigDecimal totalFee) {

    /**
     * Memory use per virtual byte. Bitcoin Core's entries cost several times their serialised size; 4.88 is the
     * ratio in the mainnet getmempoolinfo capture under testdata/fixtures/mempool (856,780,672 / 175,691,391).
     */
    static final double USAGE_PER_VBYTE = 4.88;

    static MempoolInfo of(long size, long vbytes, long feeSats) {
        return new MempoolInfo(size, vbytes, Math.round(vbytes * USAGE_PER_VBYTE), BigDecimal.valueOf(feeSats, 8));
    }
}
