package org.reservegrid.gateway.sharelog;

import java.time.Duration;

/**
 * When the share log forces its writes to disk ({@code VELDRA_GATEWAY_SHARE_LOG_FSYNC}).
 *
 * <ul>
 *   <li>{@code ack} (default): group commit. The writer fsyncs after every batch it drains and a share is
 *       acknowledged to the miner (SubmitShares.Success) only after the fsync that covers it, so an acknowledged
 *       share survives a process crash and a power loss.
 *   <li>{@code interval:<ms>}: a share is acknowledged once written to the file (it survives a process crash) and
 *       the file is fsynced at most every {@code ms} milliseconds (a power loss can lose that much).
 * </ul>
 */
public record FsyncPolicy(boolean beforeAck, Duration interval) {
    public static final FsyncPolicy ACK = new FsyncPolicy(true, Duration.ZERO);

    public static FsyncPolicy parse(String text) {
        String value = text.trim();
        if (value.equals("ack")) {
            return ACK;
        }
        if (value.startsWith("interval:")) {
            try {
                long millis = Long.parseLong(value.substring("interval:".length()));
                if (millis >= 1 && millis <= 3_600_000) {
                    return new FsyncPolicy(false, Duration.ofMillis(millis));
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
        }
        throw new IllegalArgumentException(
                "must be 'ack' or 'interval:<milliseconds>' (1 to 3600000), got '" + text + "'");
    }

    public String label() {
        return beforeAck ? "ack" : "interval:" + interval.toMillis();
    }
}
