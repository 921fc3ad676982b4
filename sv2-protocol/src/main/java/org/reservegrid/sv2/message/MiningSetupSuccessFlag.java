package org.reservegrid.sv2.message;

/** Mining-protocol flags a server sets in {@code SetupConnection.Success.flags} (spec §5.3.1). */
public enum MiningSetupSuccessFlag {
    /** The server will not accept changes to the version field. */
    REQUIRES_FIXED_VERSION(0x1),
    /** The server will not accept standard channels. */
    REQUIRES_EXTENDED_CHANNELS(0x2);

    private final long mask;

    MiningSetupSuccessFlag(long mask) {
        this.mask = mask;
    }

    public long mask() {
        return mask;
    }

    public boolean isSetIn(long flags) {
        return (flags & mask) != 0;
    }

    /** The bitwise OR of the given flags. */
    public static long maskOf(MiningSetupSuccessFlag... flags) {
        long combined = 0;
        for (MiningSetupSuccessFlag flag : flags) {
            combined |= flag.mask;
        }
        return combined;
    }
}
