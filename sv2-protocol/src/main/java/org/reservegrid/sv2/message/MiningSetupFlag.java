package org.reservegrid.sv2.message;

/**
 * Mining-protocol flags a client sets in {@code SetupConnection.flags}, and a server reports as unsupported in
 * {@code SetupConnection.Error.flags} (spec §5.3.1; bit 0 is the least significant bit of the U32).
 */
public enum MiningSetupFlag {
    /** The client cannot process extended jobs. SRI's mining device sends exactly this flag. */
    REQUIRES_STANDARD_JOBS(0x1),
    /** The client will send SetCustomMiningJob on this connection. */
    REQUIRES_WORK_SELECTION(0x2),
    /** The client requires jobs that allow version rolling. */
    REQUIRES_VERSION_ROLLING(0x4);

    private final long mask;

    MiningSetupFlag(long mask) {
        this.mask = mask;
    }

    public long mask() {
        return mask;
    }

    public boolean isSetIn(long flags) {
        return (flags & mask) != 0;
    }

    /** The bitwise OR of the given flags. */
    public static long maskOf(MiningSetupFlag... flags) {
        long combined = 0;
        for (MiningSetupFlag flag : flags) {
            combined |= flag.mask;
        }
        return combined;
    }
}
