package org.reservegrid.loadtest.sv2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Resident memory of a local process, read from {@code /proc/<pid>/status} (Linux): {@code VmRSS} now and
 * {@code VmHWM}, the peak since it started.
 */
public record GatewayMemory(long rssKib, long peakRssKib) {

    /** Empty when there is no such process or no /proc (not Linux). */
    public static Optional<GatewayMemory> read(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            String text = Files.readString(status);
            OptionalLong rss = field(text, "VmRSS:");
            OptionalLong peak = field(text, "VmHWM:");
            if (rss.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new GatewayMemory(rss.getAsLong(), peak.orElse(rss.getAsLong())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a line such as {@code VmRSS:\t  123456 kB}. */
    static OptionalLong field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                String[] words = line.substring(name.length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(words[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }

    public double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
